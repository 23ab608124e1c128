package username

import (
	"regexp"
	"testing"
)

// useradd's default rule, written apart from the code, held to NixOS's
// length: users.users.<name>.name aborts the evaluation at 32 characters
// or more (nixos/modules/config/users-groups.nix: "Username '...' is
// longer than 31 characters which is not allowed!"). The parser echoes
// these names back and the guard lets them reach Nix unescaped.
var nameRE = regexp.MustCompile(`^[a-z_][a-z0-9_-]{0,30}$`)

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
