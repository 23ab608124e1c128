package catalog

import (
	"slices"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/editdistance"
)

func TestNameWords(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"firefox", []string{"firefox"}},
		{"gnome-text-editor", []string{"gnome-text-editor", "gnome", "text", "editor"}},
		{"python313Packages", []string{"python313packages", "python", "313", "python313", "packages"}},
		{"nodejs_20", []string{"nodejs_20", "nodejs", "20"}},
		{"SDL2", []string{"sdl2", "sdl", "2", "sdl2"}},
		{"ArchiSteamFarm", []string{"archisteamfarm", "archi", "steam", "farm"}},
		{"", nil},
		{"--", []string{"--"}},
	}
	for _, tt := range tests {
		var got []string
		nameWords(tt.name, func(w string) { got = append(got, w) })
		if !slices.Equal(got, tt.want) {
			t.Errorf("nameWords(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestDescWords(t *testing.T) {
	tests := []struct {
		desc string
		want []string
	}{
		{"a fast, small tool for the job: c++ and json5", []string{"fast", "small", "tool", "job", "json5"}},
		// Two hyphenated words are also one: "email" finds "e-mail".
		{"full-featured e-mail client", []string{"full", "fullfeatured", "featured", "email", "mail", "client"}},
		// Longer chains are not joined.
		{"state-of-the-art x-", []string{"state", "art"}},
	}
	for _, tt := range tests {
		var got []string
		descWords(tt.desc, func(w string) { got = append(got, w) })
		if !slices.Equal(got, tt.want) {
			t.Errorf("descWords(%q) = %q, want %q", tt.desc, got, tt.want)
		}
	}
}

func TestMaskClose(t *testing.T) {
	// The mask filter must never rule out a word within the budget.
	pairs := [][2]string{{"firefx", "firefox"}, {"neovmi", "neovim"}, {"rigrep", "ripgrep"}, {"dcoker", "docker"}, {"gimp", "gimpx"}}
	for _, p := range pairs {
		k := editdistance.OSA(p[0], p[1], 2)
		if !maskClose(letterMask(p[0]), letterMask(p[1]), k) {
			t.Errorf("maskClose rules out %q ~ %q at distance %d", p[0], p[1], k)
		}
	}
}

func TestHasWordFold(t *testing.T) {
	tests := []struct {
		s, w string
		want bool
	}{
		{"Whether to enable printing support through the CUPS daemon.", "cups", true},
		{"Whether to enable apcupsd.", "cups", false},
		{"cups", "cups", true},
		{"CUPS-based", "cups", true},
		{"", "cups", false},
		{"cup", "cups", false},
	}
	for _, tt := range tests {
		if got := hasWordFold([]byte(tt.s), tt.w); got != tt.want {
			t.Errorf("hasWordFold(%q, %q) = %v", tt.s, tt.w, got)
		}
	}
}
