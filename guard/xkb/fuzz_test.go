package xkb

import (
	"regexp"
	"strings"
	"testing"
)

// The grammar as its doc comments say it, written apart from the code:
// the parser takes these names from what a person typed, and the guard
// lets them reach Nix unescaped.
var (
	variantRE = regexp.MustCompile(`^[a-z][a-z0-9_-]{1,31}$`)
	optionRE  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}:[a-z0-9][a-z0-9_+-]{0,31}$`)
)

// FuzzNames checks Variant, Option and Options against the grammar.
func FuzzNames(f *testing.F) {
	for _, s := range []string{"intl", "altgr-intl", "x", "-x", "caps:escape", "lv3:ralt_switch", "eurosign:5",
		"caps:escape,compose:ralt", ",", "a:b,", "a:-b", "A:b", "caps:escape\n", "a:b,c:d,e:f,g:h,i:j,k:l,m:n,o:p,q:r", `a:"b`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Variant(s), variantRE.MatchString(s); got != want {
			t.Fatalf("Variant(%q) = %v, grammar says %v", s, got, want)
		}
		if got, want := Option(s), optionRE.MatchString(s); got != want {
			t.Fatalf("Option(%q) = %v, grammar says %v", s, got, want)
		}
		want := s == ""
		if items := strings.Split(s, ","); s != "" && len(items) <= MaxOptions {
			want = true
			for _, it := range items {
				want = want && optionRE.MatchString(it)
			}
		}
		if got := Options(s); got != want {
			t.Fatalf("Options(%q) = %v, grammar says %v", s, got, want)
		}
	})
}
