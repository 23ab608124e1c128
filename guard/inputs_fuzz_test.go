package guard_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/guard/flakeinput"
	"github.com/nix-humanity/nix-humanity/intent"
)

// FuzzCheckUpdateInputs: an update of some flake inputs (a script's
// intent, or the reader's) passes exactly when it names 1 to 50 inputs,
// each by flakeinput's rule; a refusal is a bad value or intent that
// says nothing was run or that none was named.
func FuzzCheckUpdateInputs(f *testing.F) {
	for _, s := range []string{"nixpkgs", "nixpkgs\nhome-manager", "--flake", "home-manager/nixpkgs", "", "\n", "a b", "nixpkgs\nnixpkgs",
		strings.Repeat("x\n", 50) + "x", strings.Repeat("a", 101)} {
		f.Add(s, false)
	}
	f.Add("", true)
	f.Fuzz(func(t *testing.T, list string, none bool) {
		var names []string
		if !none {
			names = strings.Split(list, "\n")
		} else if list == "" {
			names = []string{}
		}
		want := names == nil || len(names) >= 1 && len(names) <= 50
		for _, n := range names {
			want = want && flakeinput.Valid(n)
		}
		err := guard.CheckIntent(intent.Intent{Kind: intent.Update, Inputs: names}, nil)
		if (err == nil) != want {
			t.Fatalf("inputs %q: %v, want passing %v", names, err, want)
		}
		var r *guard.Rejection
		if err != nil && (!errors.As(err, &r) || r.Code != guard.CodeBadValue && r.Code != guard.CodeBadIntent ||
			!strings.Contains(r.Reason, "nothing was run") && !strings.Contains(r.Reason, "names none")) {
			t.Fatalf("inputs %q: %v", names, err)
		}
	})
}
