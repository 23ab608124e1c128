package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

// nix-humanityd --playground, run in a terminal, says once that the
// playground is ready, as a block of its own set apart by blank lines,
// after the daemon's start lines and the playground's first pass, once
// it watches: before, the message came between the first pass's lines
// and the "watching" line. --setup-only says it alone, with how to run
// the daemon on it. The log (stderr) and the message (stdout) share one
// pipe here, as they share a terminal, so the order is theirs.
func TestPlaygroundReadyOnceAfterTheStartLines(t *testing.T) {
	nixruntest.RequireNix(t)
	bin := buildDaemon(t)
	dir := t.TempDir()
	block := "\n\nPlayground ready in " + dir + " (a stand-in NixOS system built with real Nix).\nPoint ask-nix at it with:\n  export NIX_HUMANITY_CONFIG=" + filepath.Join(dir, "config.json") + "\nnix-humanityd watches it and builds each change; Ctrl-C stops it.\n\n"
	for _, run := range []string{"a new playground", "the same playground again"} {
		cmd, out := startPlaygroundDaemon(t, bin, dir, "NIX_HUMANITY_ENABLE_METRICS=false")
		waitFor(t, 60*time.Second, "the ready message", func() bool { return strings.Contains(out.String(), "Ctrl-C stops it.\n") })
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%s: exit after SIGTERM: %v\n%s", run, err, out)
		}
		text := out.String()
		if n := strings.Count(text, "Playground ready"); n != 1 {
			t.Fatalf("%s: said ready %d times:\n%s", run, n, text)
		}
		at := strings.Index(text, block)
		if at < 0 {
			t.Fatalf("%s: no ready block set apart by blank lines:\n%s\nwant:\n%s", run, text, block)
		}
		for _, before := range []string{`msg="nix-humanityd starting"`, "msg=watching"} {
			if i := strings.Index(text, before); i < 0 || i > at {
				t.Errorf("%s: %s is not before the ready block:\n%s", run, before, text)
			}
		}
		if run == "a new playground" {
			if i := strings.Index(text, `msg="pass finished" id=1 `); i < 0 || i > at {
				t.Errorf("%s: the playground's first pass is not before the ready block:\n%s", run, text)
			}
		}
		if i := strings.Index(text, `msg="nix-humanityd stopped"`); i < at {
			t.Errorf("%s: the stop line is not after the ready block:\n%s", run, text)
		}
	}

	out, err := exec.Command(bin, "--playground", dir, "--setup-only").CombinedOutput()
	if err != nil {
		t.Fatalf("--setup-only: %v\n%s", err, out)
	}
	want := "Playground ready in " + dir + " (a stand-in NixOS system built with real Nix).\nPoint ask-nix at it with:\n  export NIX_HUMANITY_CONFIG=" + filepath.Join(dir, "config.json") + "\nRun the daemon on it with:\n  nix-humanityd --playground " + dir + "\n"
	if string(out) != want {
		t.Errorf("--setup-only said:\n%s\nwant:\n%s", out, want)
	}
}
