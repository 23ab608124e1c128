package username

import (
	"regexp"
	"testing"
)

// useradd's default rule, written apart from the code: the parser echoes
// these names back and the guard lets them reach Nix unescaped.
var nameRE = regexp.MustCompile(`^[a-z_][a-z0-9_-]{0,31}$`)

func FuzzValid(f *testing.F) {
	for _, s := range []string{"alice", "_svc", "bob-2", "", "Alice", "2bob", "-x", "al ice", "alice\n", "ålice", "a${b}", "abcdefghijklmnopqrstuvwxyzabcdefg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Valid(s), nameRE.MatchString(s); got != want {
			t.Fatalf("Valid(%q) = %v, the rule says %v", s, got, want)
		}
	})
}
