package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// ask-nix apply shows what Nix warned of during its pass, once, on
// stderr, marked as Nix's: here a setting Nix does not know, which
// evaluation, build and nix-env each print. Real Nix.
func TestApplyShowsNixWarningsOnce(t *testing.T) {
	playgroundEnv(t)
	askNix("-y", "install hello").must(t, 0, "Wrote ")
	r := askNixWarned(t, "Generation 2 is live", "apply")
	if strings.Contains(r.stdout, "not-a-nix-setting") {
		t.Fatalf("the warning is on stdout:\n%s", r.stdout)
	}
	// Nothing evaluated, nothing said.
	r = askNix("apply")
	r.must(t, 0, "Nothing to do")
	if strings.Contains(r.stderr, "warning from Nix") {
		t.Fatalf("a no-op says a warning:\n%s", r.stderr)
	}
}

// ask-nix update shows Nix's warnings as apply does: once, on stderr.
// Real Nix, a flake system.
func TestUpdateShowsNixWarningsOnce(t *testing.T) {
	flakePlaygroundWithHello(t)
	askNixWarned(t, "Nothing to do", "update")
}

// askNixWarned runs ask-nix with args where Nix warns of a setting it
// does not know, which each Nix program of a pass says again: it must
// succeed with stdoutHas on stdout, and show the warning once on stderr.
func askNixWarned(t *testing.T, stdoutHas string, args ...string) result {
	t.Helper()
	t.Setenv("NIX_CONFIG", os.Getenv("NIX_CONFIG")+"\nnot-a-nix-setting = 1")
	r := askNix(args...)
	r.must(t, 0, stdoutHas)
	const want = "warning from Nix: unknown setting 'not-a-nix-setting'\n"
	if n := strings.Count(r.stderr, want); n != 1 {
		t.Fatalf("stderr says %q %d times:\n%s", want, n, r.stderr)
	}
	return r
}

// ask-nix --wait says of the daemon's pass what apply says of its own:
// Nix's warnings on stderr, and the edits it put in place after an
// earlier failure.
func TestReportFollowedSaysWarningsAndEditsAfterFailure(t *testing.T) {
	for _, tc := range []struct {
		name           string
		p              state.Pass
		stdout, stderr string
	}{
		{"plain", state.Pass{ID: 4, Result: state.ResultSuccess, Action: "switch", Generation: 3}, "Generation 3 is live.\n", ""},
		{"warned", state.Pass{ID: 4, Result: state.ResultSuccess, Action: "switch", Generation: 3, Warnings: []string{"Git tree '/etc/nixos' is dirty"}, WarningsMore: 2},
			"Generation 3 is live.\n", "warning from Nix: Git tree '/etc/nixos' is dirty\nwarning from Nix: … and 2 more warnings, not shown\n"},
		{"after failure", state.Pass{ID: 4, Result: state.ResultSuccess, Action: "switch", Generation: 3, AppliedAfterFailure: []int{5, 6}},
			"Generation 3 is live.\nEdits 5 and 6, which an earlier pass marked failed, are in place now: ask-nix history shows them applied, with that failure.\n", ""},
		{"failed, warned", state.Pass{ID: 4, Result: state.ResultFailure, Warnings: []string{"unknown setting 'x'"}, Error: "evaluating failed"},
			"", "warning from Nix: unknown setting 'x'\n"},
	} {
		var out, errb bytes.Buffer
		g := &globals{stdout: &out, stderr: &errb, lookupEnv: os.LookupEnv}
		err := g.reportFollowed(context.Background(), t.TempDir(), tc.p)
		if (err != nil) != (tc.p.Result == state.ResultFailure) || out.String() != tc.stdout || errb.String() != tc.stderr {
			t.Errorf("%s: %v\nstdout %q\nstderr %q\nwant %q, %q", tc.name, err, out.String(), errb.String(), tc.stdout, tc.stderr)
		}
	}
}
