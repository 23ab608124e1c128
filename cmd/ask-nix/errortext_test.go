package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestErrorEscapesControls: an error is printed with its control
// characters escaped, here a fragment path that holds a terminal's
// retitle and clear-screen sequences, as Nix's error text or a damaged
// file's may: the terminal shows them, never runs them.
func TestErrorEscapesControls(t *testing.T) {
	dir := t.TempDir()
	configEnv(t, "", "")
	t.Setenv("NIX_HUMANITY_STATE_DIR", filepath.Join(dir, "state"))
	t.Setenv("NIX_HUMANITY_FRAGMENT", filepath.Join(dir, "no\x1b]0;pwned\x07\x1b[2Jdir", "nix-humanity.nix"))
	code, _, stderr := runAskNix(t, "-y", "install", "hello")
	if code != exitFailed {
		t.Fatalf("exit %d, want %d: %s", code, exitFailed, stderr)
	}
	if strings.ContainsAny(stderr, "\x1b\x07") {
		t.Errorf("stderr holds raw control characters: %q", stderr)
	}
	if want := `no\x1b]0;pwned\x07\x1b[2Jdir does not exist`; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
}
