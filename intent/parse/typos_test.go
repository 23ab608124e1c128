package parse_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestTyposOfParserWords: a misspelling of a word the rules read is put
// right in the suggestion, whichever rule reads it (gc, sleep, flakes,
// the default editor, unfree, generations, named settings), with the
// rest of the request as typed. The suggestion is the request the
// parser understands, never carried out.
func TestTyposOfParserWords(t *testing.T) {
	cases := []struct{ text, want string }{
		{"instal firefx", "install firefx"},
		{"enabel ssh", "enable ssh"},
		{"rollbak", "rollback"},
		{"uninstal htop", "uninstall htop"},
		{"garbage colect", "garbage collect"},
		{"garbge collect", "garbage collect"},
		{"colect garbage", "collect garbage"},
		{"collect garbge", "collect garbage"},
		{"satus", "status"},
		{"hlep", "help"},
		{"rebuild swich", "rebuild switch"},
		{"nixos-rebuild swtich", "nixos-rebuild switch"},
		{"show sytem info", "show system info"},
		{"upgrade the sytem", "upgrade the system"},
		{"allow unfre packages", "allow unfree packages"},
		{"enable flaks", "enable flakes"},
		{"disable sleeep", "disable sleep"},
		{"make vim my defualt editor", "make vim my default editor"},
		{"set keybaord layout to de", "set keyboard layout to de"},
		{"set the kyeboard layout to de", "set the keyboard layout to de"},
		{"reboot into previus generation", "reboot into previous generation"},
		{"go bakc two generations", "go back two generations"},
		{"set tiemzone to Europe/Berlin", "set timezone to Europe/Berlin"},
		// Generations misspelt after "delete" were packages to remove.
		{"delete old generatons", "delete old generations"},
		{"remove generatons older than 7 days", "remove generations older than 7 days"},
	}
	for _, c := range cases {
		_, err := parse.Parse(c.text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %v, want not understood", c.text, err)
			continue
		}
		if len(nu.Suggestions) == 0 || nu.Suggestions[0].Example != c.want {
			t.Errorf("Parse(%q) suggests %v, want %q first", c.text, nu.Suggestions, c.want)
			continue
		}
		if _, err := parse.Parse(c.want); err != nil {
			t.Errorf("Parse(%q) suggests %q, which is not understood: %v", c.text, c.want, err)
		}
	}
}

// TestTyposKeepNames: a name said after the verb is never put right to
// a word of the rules ("htop" is one letter from "stop", "alice" from
// "alive", "sway" from "swap").
func TestTyposKeepNames(t *testing.T) {
	for _, c := range []struct{ text, not string }{
		{"instal sway", "swap"},
		{"uninstal htop", "stop"},
		{"keep htop", "stop"},
		{"give alice sudo access", "alive"},
		{"use htop", "stop"},
	} {
		_, err := parse.Parse(c.text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			continue
		}
		for _, s := range nu.Suggestions {
			if containsWord(s.Example, c.not) {
				t.Errorf("Parse(%q) suggests %q: a name put right to %q", c.text, s.Example, c.not)
			}
		}
	}
}

func containsWord(s, w string) bool {
	return slices.Contains(strings.Fields(s), w)
}
