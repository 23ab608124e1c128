package main

import (
	"reflect"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
)

// TestFoldCaseWithoutIndex: "INSTALL FIREFOX" without the package index
// was planned as installing FIREFOX, a name nixpkgs does not have. In a
// request typed all in capitals, all-capital names are read in lower
// case, but for the few nixpkgs names that are so.
func TestFoldCaseWithoutIndex(t *testing.T) {
	cases := []struct {
		text string
		want intent.Intent
	}{
		{"INSTALL FIREFOX", intent.Intent{Kind: intent.Install, Packages: []string{"firefox"}}},
		{"INSTALL FIREFOX AND VLC!", intent.Intent{Kind: intent.Install, Packages: []string{"firefox", "vlc"}}},
		{"REMOVE HTOP", intent.Intent{Kind: intent.Remove, Packages: []string{"htop"}}},
		{"INSTALL SDL2 AND OVMF", intent.Intent{Kind: intent.Install, Packages: []string{"OVMF", "SDL2"}}},
		{"INSTALL R", intent.Intent{Kind: intent.Install, Packages: []string{"R"}}}, // R is nixpkgs' name, kept by the parser and left here (one letter)
		// typed with lower case letters, capitals are meant
		{"install SDL2", intent.Intent{Kind: intent.Install, Packages: []string{"SDL2"}}},
		{"install GIMP", intent.Intent{Kind: intent.Install, Packages: []string{"GIMP"}}},
		{"Install FOO", intent.Intent{Kind: intent.Install, Packages: []string{"FOO"}}},
	}
	for _, c := range cases {
		in, err := parse.Parse(c.text)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.text, err)
		}
		cat := &lazyCatalog{opened: true} // no index
		if got := cat.foldCase(c.text, in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("foldCase(%q) = %+v; want %+v", c.text, got, c.want)
		}
	}
}

// TestAllCapsAttrs: allCapsAttrs are exactly the real nixpkgs names of
// more than one character with no lower-case letter.
func TestAllCapsAttrs(t *testing.T) {
	got := map[string]bool{}
	n := 0
	for _, a := range catalogtest.Attrs(t) {
		n++
		if len(a) > 1 && shouting(a) {
			got[a] = true
		}
	}
	if n != 124693 {
		t.Fatalf("read %d names, want 124693", n)
	}
	if !reflect.DeepEqual(got, allCapsAttrs) {
		t.Errorf("all-capital nixpkgs names %v; allCapsAttrs %v", got, allCapsAttrs)
	}
}
