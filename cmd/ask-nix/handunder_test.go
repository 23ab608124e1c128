package main

import (
	"os"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
)

// A hand edit of the fragment, then ask-nix edits made on top of it,
// built by one pass that fails: the advice says the pass built both and
// that ask-nix undo takes back only the edit; before, it offered undo
// alone, which would leave the hand change that broke the build.
func TestFailureWithAHandEditUnderAnEditNamesBoth(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edits []string
		want  string
	}{
		{"one edit", []string{"install htop"},
			"edit 2 was made on a fragment changed by hand since the last success, and this pass built both, so either may be the cause: ask-nix undo takes back edit 2 (add 1 package: htop) but not the hand change; ask-nix diff 2 shows what edit 2 changed"},
		{"two edits", []string{"install htop", "install cowsay"},
			"edits 2 to 3 were made on a fragment changed by hand since the last success, and this pass built both, so either may be the cause: ask-nix undo takes back edit 3 (add 1 package: cowsay) but not the hand change; ask-nix diff 3 shows what edit 3 changed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pg := playgroundEnv(t)
			editAndApply(t, "install hello", 2)

			handEditFragment(t, pg, "\n}\n", "\n  standin.failBuild = true;\n}\n")
			for _, e := range tc.edits {
				askNix("-y", e).must(t, 0, "Wrote ")
			}
			r := askNix("apply")
			r.must(t, 1)
			if !strings.Contains(r.stderr, tc.want) || strings.Contains(r.stderr, "(or take edit") {
				t.Fatalf("apply:\n%s", r.stderr)
			}
			askNix("status").must(t, 0, "but not the hand change")

			// The hand change taken out: the edits build.
			handEditFragment(t, pg, "  standin.failBuild = true;\n", "")
			askNix("apply").must(t, 0, "Generation 3 is live")
		})
	}
}

// handEditFragment changes the fragment as a hand edit would: the first
// old in it becomes new. A fragment without old fails the test. It
// returns the fragment as it was.
func handEditFragment(t *testing.T, pg playground.Layout, old, new string) (was []byte) {
	t.Helper()
	was = mustRead(t, pg.Fragment)
	edited := strings.Replace(string(was), old, new, 1)
	if edited == string(was) {
		t.Fatalf("the fragment has no %q:\n%s", old, was)
	}
	if err := os.WriteFile(pg.Fragment, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	return was
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A hand change a successful pass built already is not said to be under
// a later edit: the edit alone is new, and undo is offered as before.
func TestHandEditBuiltBeforeIsNotBlamed(t *testing.T) {
	pg := playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	// By hand: a package the stand-in package set has, built by a pass.
	handEditFragment(t, pg, "    hello\n", "    cowsay\n    hello\n")
	askNix("apply").must(t, 0, "Generation 3 is live")
	// An edit on top of it that fails on its own.
	askNix("-y", "install notinthestandin").must(t, 0, "Wrote ")
	r := askNix("apply")
	r.must(t, 1)
	if strings.Contains(r.stderr, "changed by hand") || !strings.Contains(r.stderr, "take edit 2 (add 1 package: notinthestandin) back with ask-nix undo") {
		t.Fatalf("apply:\n%s", r.stderr)
	}
}
