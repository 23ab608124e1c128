package parse_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// A capitalised word is lower-cased as a sentence's first word would be
// ("Install Firefox"), except the few nixpkgs names that are written so.
func TestCapitalisedNames(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"install R", []string{"R"}},
		{"Install R and git", []string{"R", "git"}},
		{"install Xaw3d", []string{"Xaw3d"}},
		{"install Firefox", []string{"firefox"}},
		{"remove R", []string{"R"}},
	} {
		in, err := parse.Parse(tt.text)
		if err != nil || (in.Kind != intent.Install && in.Kind != intent.Remove) || !slices.Equal(in.Packages, tt.want) {
			t.Errorf("Parse(%q) = %+v, %v; want packages %q", tt.text, in, err, tt.want)
		}
	}
}

// TestCapitalisedAttrs: the names kept as typed are exactly the real
// nixpkgs names written capitalised (an upper-case letter, then no
// other) that have no lower-case twin.
func TestCapitalisedAttrs(t *testing.T) {
	attrs := readAttrs(t)
	has := map[string]bool{}
	for _, a := range attrs {
		has[a] = true
	}
	var want []string
	for _, a := range attrs {
		if !strings.Contains(a, ".") && isCapitalised(a) && !has[strings.ToLower(a)] {
			want = append(want, a)
		}
	}
	slices.Sort(want)
	if got := parse.CapitalisedAttrs(); !slices.Equal(got, want) {
		t.Errorf("capitalisedAttrs = %q, want %q", got, want)
	}
}
