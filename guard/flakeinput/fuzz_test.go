package flakeinput

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// The rule, written apart from the code: Nix's flakeIdRegex, which each
// input named on its command line must match (parseInputPath), at most
// 100 bytes.
var nameRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_-]{0,99}$`)

func FuzzValid(f *testing.F) {
	for _, s := range []string{"nixpkgs", "home-manager", "", "-x", "a/b", "a b", "ñ", "a\x00", "NUR_2", "2nd", "_x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Valid(s), nameRE.MatchString(s); got != want {
			t.Fatalf("Valid(%q) = %v, the rule says %v", s, got, want)
		}
		err := Check(s)
		if (err == nil) != Valid(s) {
			t.Fatalf("Check(%q) and Valid disagree", s)
		}
		// A refusal says that nothing ran, and quotes the name (or its
		// start) so a space or a control character in it shows.
		if err != nil && (!strings.HasSuffix(err.Error(), "; nothing was run") ||
			s != "" && !strings.Contains(err.Error(), strings.TrimSuffix(strconv.Quote(firstRunes(s, 20)), `"`))) {
			t.Fatalf("Check(%q) = %v", s, err)
		}
	})
}

// firstRunes is s up to its n-th rune (as fmt's %.20q cuts it).
func firstRunes(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
