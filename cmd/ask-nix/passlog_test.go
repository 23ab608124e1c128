package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestApplySaysCorruptStateMovedAside: a state file that is not valid
// JSON is moved aside by the pass ask-nix runs itself, and ask-nix says
// so, with where it went, rather than the pass history vanishing with
// no daemon to log it.
func TestApplySaysCorruptStateMovedAside(t *testing.T) {
	pg := playgroundEnv(t)
	if err := os.WriteFile(filepath.Join(pg.StateDir, "state.json"), []byte("{garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := askNix("apply", "--force")
	r.must(t, 0)
	want := regexp.MustCompile(`(?m)^ask-nix: the state file was not valid JSON; it was moved aside .*\(moved to ` + regexp.QuoteMeta(pg.StateDir) + `/state\.json\.corrupt-\d{8}T\d{6}Z(, [^)]*)?\)$`)
	if !want.MatchString(r.stderr) {
		t.Fatalf("stderr does not say the state file was moved aside:\n%s", r.stderr)
	}
	asides, _ := filepath.Glob(filepath.Join(pg.StateDir, "state.json.corrupt-*"))
	if len(asides) != 1 {
		t.Fatalf("moved aside: %v, want one file", asides)
	}
}

// TestPassLogSaysErrorsOnly: only error records reach stderr, and not
// those ask-nix reports in its own words.
func TestPassLogSaysErrorsOnly(t *testing.T) {
	for _, tc := range []struct {
		name string
		log  func(*slog.Logger)
		want string
	}{
		{"error", func(l *slog.Logger) { l.Error("the state file was not valid JSON", "moved_to", "/x") }, "ask-nix: the state file was not valid JSON (moved to /x)\n"},
		{"with attrs", func(l *slog.Logger) { l.With("pass", 3).Error("boom") }, "ask-nix: boom (pass 3)\n"},
		{"warning", func(l *slog.Logger) { l.Warn("rolling back", "to", 2) }, ""},
		{"info", func(l *slog.Logger) { l.Info("pass finished") }, ""},
		{"pass finished", func(l *slog.Logger) { l.Error("pass finished", "error", "x") }, ""},
		{"saving state", func(l *slog.Logger) { l.Error("saving state", "error", "x") }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			tc.log(passLog(&b))
			if got := b.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
