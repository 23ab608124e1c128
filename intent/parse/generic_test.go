package parse_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestGenericWordsAreNoPackages: "install packages", "install build
// tools", "remove programs" once planned packages named packages, build
// and tools. Each is not understood, with requests that work suggested;
// the list as read goes with it, for the package index to join.
func TestGenericWordsAreNoPackages(t *testing.T) {
	tests := []struct {
		text    string
		suggest []string
		read    []string
	}{
		{"install packages", []string{"install firefox and htop", "search editor"}, []string{"packages"}},
		{"install new packages", []string{"install firefox and htop", "search editor"}, []string{"packages"}},
		{"install apps", []string{"install firefox and htop", "search editor"}, []string{"apps"}},
		{"install codecs", []string{"install firefox and htop", "search editor"}, []string{"codecs"}},
		{"remove packages", []string{"list installed", "remove htop"}, []string{"packages"}},
		{"remove programs", []string{"list installed", "remove htop"}, []string{"programs"}},
		{"install build tools", []string{"search build tools"}, []string{"build", "tools"}},
		{"install wifi drivers", []string{"search wifi drivers"}, []string{"drivers", "wifi"}},
		{"install linux headers", []string{"search linux headers"}, []string{"headers", "linux"}},
		{"install alsa utils", []string{"search alsa utils"}, []string{"alsa", "utils"}},
		{"install firefox and dev tools", []string{"install firefox", "search dev tools"}, []string{"dev", "firefox", "tools"}},
		// Fonts of a kind once planned packages named nerd, emoji or
		// microsoft; with the index "nerd fonts" is joined (and refused
		// with the set's members), "noto fonts" is noto-fonts.
		{"install nerd fonts", []string{"search nerd fonts"}, []string{"fonts", "nerd"}},
		// ("install emoji fonts" and "install microsoft fonts" name their
		// packages now: TestWaylandAppsAndFonts.)
		{"install the noto fonts", []string{"search noto fonts"}, []string{"fonts", "noto"}},
		{"install firefox and a nerd font", []string{"install firefox", "search nerd font"}, []string{"firefox", "font", "nerd"}},
		// "unused", "old" say which of a kind, never a name: "remove
		// unused fonts" once removed the package unused.
		{"remove unused fonts", []string{"list installed", "remove htop"}, []string{"fonts", "unused"}},
		{"remove old programs", []string{"list installed", "remove htop"}, []string{"old", "programs"}},
		{"remove unneeded apps and vim", []string{"list installed", "remove vim"}, []string{"apps", "unneeded", "vim"}},
	}
	for _, tt := range tests {
		in, err := parse.Parse(tt.text)
		var gw *parse.GenericWords
		if !errors.As(err, &gw) {
			t.Errorf("Parse(%q) = %+v, %v; want not understood for a generic word", tt.text, in, err)
			continue
		}
		var got []string
		for _, s := range gw.Suggestions {
			got = append(got, s.Example)
			if p, err := parse.Parse(s.Example); err != nil || p.Kind != s.Kind {
				t.Errorf("Parse(%q) suggests %q (%s), which parses as %+v, %v", tt.text, s.Example, s.Kind, p, err)
			}
		}
		if !slices.Equal(got, tt.suggest) {
			t.Errorf("Parse(%q) suggests %q; want %q", tt.text, got, tt.suggest)
		}
		if !slices.Equal(gw.Intent.Packages, tt.read) {
			t.Errorf("Parse(%q) read %q; want %q", tt.text, gw.Intent.Packages, tt.read)
		}
	}
	// Quoted, the word is a name as typed.
	if in, err := parse.Parse(`install "packages"`); err != nil || in.Kind != intent.Install || !slices.Equal(in.Packages, []string{"packages"}) {
		t.Errorf(`Parse("install \"packages\"") = %+v, %v; want install packages`, in, err)
	}
}
