package flakeinput

import (
	"regexp"
	"testing"
)

// The rule, written apart from the code.
var nameRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_-]{0,99}$`)

func FuzzValid(f *testing.F) {
	for _, s := range []string{"nixpkgs", "home-manager", "", "-x", "a/b", "a b", "ñ", "a\x00", "NUR_2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Valid(s), nameRE.MatchString(s); got != want {
			t.Fatalf("Valid(%q) = %v, the rule says %v", s, got, want)
		}
		if (Check(s) == nil) != Valid(s) {
			t.Fatalf("Check(%q) and Valid disagree", s)
		}
	})
}
