package main

import (
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// Without a terminal, apply's build progress is a line when the count
// moves and one at the end; a build with nothing to build (all in the
// store) prints none, rather than "built 0 of 0 derivations".
func TestPassUIProgressLines(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps []nixrun.Progress
		want  string
	}{
		{"nothing to build", []nixrun.Progress{{}, {}}, ""},
		{"two derivations", []nixrun.Progress{{}, {Expected: 2}, {Done: 1, Expected: 2}, {Done: 2, Expected: 2}},
			"  built 0 of 2 derivations\n  built 2 of 2 derivations\n"},
	} {
		var b strings.Builder
		ui := &passUI{w: &b, width: 80, lastDone: -1}
		for _, p := range tc.steps {
			ui.progress(p)
		}
		if b.String() != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, b.String(), tc.want)
		}
	}
}
