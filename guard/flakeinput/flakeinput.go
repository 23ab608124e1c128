// Package flakeinput holds the one rule for the name of a flake input
// that ask-nix passes to Nix (`ask-nix update nixpkgs`): the reader, the
// guard and the code that runs Nix take the same names.
package flakeinput

import (
	"fmt"
	"strings"
)

// MaxLen bounds a name: real ones are short ("nixpkgs",
// "nixos-hardware"); a longer one is a mistake.
const MaxLen = 100

// Valid reports whether s is a flake input's name as ask-nix takes it:
// an ASCII letter, then ASCII letters, digits, - and _, at most MaxLen
// bytes. Nix reads an input named on its command line so (its
// flakeIdRegex, [a-zA-Z][a-zA-Z0-9_-]*): "2nd" or "_x", though a
// flake.nix may declare them, it refuses ("invalid flake input path
// element"), and - first would be a flag.
func Valid(s string) bool {
	if s == "" || len(s) > MaxLen || !isLetter(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}

// Check is Valid with the reason a name is refused, for people: what
// was wrong, that nothing ran, and what a name looks like.
func Check(s string) error {
	if Valid(s) {
		return nil
	}
	const shape = "a flake input is named by a letter, then letters, digits, - and _ (nixpkgs, home-manager), as flake.nix declares it (inputs.<name>)"
	switch {
	case s == "":
		return fmt.Errorf("an empty input name: %s; nothing was run", shape)
	case len(s) > MaxLen:
		return fmt.Errorf("input name %.20q... is %d bytes, over %d: %s; nothing was run", s, len(s), MaxLen, shape)
	case strings.Contains(s, "/") && Valid(strings.ReplaceAll(s, "/", "_")) && !strings.HasPrefix(s, "/"):
		first, _, _ := strings.Cut(s, "/")
		return fmt.Errorf("%q is an input of an input: ask-nix updates the flake's own inputs, and updating %s updates what it locks with it; nothing was run", s, first)
	case s[0] == '-':
		return fmt.Errorf("input name %q starts with -, which Nix would read as a flag: %s; nothing was run", s, shape)
	case !isLetter(s[0]) && Valid("x"+s[1:]):
		return fmt.Errorf("input name %q does not start with a letter, and Nix updates no such input on its own (it says \"invalid flake input path element\"): ask-nix update with no name updates every input; nothing was run", s)
	}
	return fmt.Errorf("%q is not a flake input's name: %s; nothing was run", s, shape)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
