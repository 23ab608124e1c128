package main

import (
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/pkgdiff"
)

// Lower-casing can make a text longer (İ is 2 bytes, i̇ 3): word
// positions and the gaps between them are read in the same text.
func TestWordsInOrderWithUnicode(t *testing.T) {
	for _, text := range []string{
		"install İİİİİİİİ google chrome",
		"install google İİİİİİİİİİİİİİİİ chrome",
		"install Google Chrome",
	} {
		lower := strings.ToLower(text)
		words := wordsInOrder(lower, []string{"chrome", "google"})
		if len(words) != 2 || words[0].name != "google" || words[1].name != "chrome" {
			t.Fatalf("%q: %+v", text, words)
		}
		want := !strings.Contains(text, "google İ")
		if got := adjacent(lower, words); got != want {
			t.Errorf("%q: adjacent = %v, want %v", text, got, want)
		}
	}
}

// A name that lower-casing lengthens (the parser keeps it as typed, the
// guard refuses it later) is found without reading past the text.
func TestWordsInOrderNameLongerLowerCased(t *testing.T) {
	text := "install İİİİİİİİİİİİİİİİİİİİ google chrome"
	lower := strings.ToLower(text)
	words := wordsInOrder(lower, []string{"chrome", "google", "İİİİİİİİİİİİİİİİİİİİ"})
	if len(words) != 3 || words[0].name != "İİİİİİİİİİİİİİİİİİİİ" {
		t.Fatalf("%+v", words)
	}
	if !adjacent(lower, words[1:]) || !adjacent(lower, words[:2]) {
		t.Fatalf("adjacency wrong: %+v", words)
	}
}

// FuzzWordsInOrder: any request and any of its words as names: no panic,
// and every position found lies inside the lower-cased request.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func FuzzWordsInOrder(f *testing.F) {
	for _, s := range []string{"install google chrome", "install İİ google İ chrome", "install ẞ ß x", "install a a a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		lower := strings.ToLower(text)
		words := wordsInOrder(lower, strings.Fields(text))
		for i, w := range words {
			if w.start < 0 || w.start > w.end || w.end > len(lower) {
				t.Fatalf("%q: %+v outside %d bytes", text, w, len(lower))
			}
			// Placed where the request says it, in the request's order.
			if lower[w.start:w.end] != strings.ToLower(w.name) || i > 0 && words[i-1].start > w.start {
				t.Fatalf("%q: %+v placed on %q (words %+v)", text, w, lower[w.start:w.end], words)
			}
		}
		// Words of plain ASCII text split at spaces all stand in it.
		if isASCII(text) && len(words) != len(strings.Fields(text)) {
			t.Fatalf("%q: %d of %d words placed: %+v", text, len(words), len(strings.Fields(text)), words)
		}
		for i := 1; i < len(words); i++ {
			_ = adjacent(lower, words[i-1:i+1])
		}
	})
}

// TestHelpExamplesAreUnderstood: every example "help" shows is a request
// ask-nix understands and the guard lets through.
func TestHelpExamplesAreUnderstood(t *testing.T) {
	for _, e := range helpExamples {
		parts := []string{e}
		if _, err := parse.Parse(e); err != nil {
			if split, ok := parse.SplitRequests(e); ok {
				parts = split // several changes at once
			}
		}
		for _, p := range parts {
			in, err := parse.Parse(p)
			if err == nil {
				err = guard.CheckIntent(in, nil)
			}
			if err == nil {
				// "clean up old generations" parses, but ask-nix asks
				// how many to keep.
				err = gcLimit(p, in)
			}
			if err != nil {
				t.Errorf("help example %q: %v", e, err)
			}
		}
	}
}

func TestWrapPackages(t *testing.T) {
	ps := []pkgdiff.Package{{Name: "bash", Version: "5.2p37"}, {Name: "coreutils", Version: "9.5"}, {Name: "firefox", Version: "133.0"}, {Name: "system-path"}}
	for _, c := range []struct {
		width int
		want  string
	}{
		{76, "  bash 5.2p37, coreutils 9.5, firefox 133.0, system-path\n"},
		{30, "  bash 5.2p37, coreutils 9.5,\n  firefox 133.0, system-path\n"},
		{1, "  bash 5.2p37,\n  coreutils 9.5,\n  firefox 133.0,\n  system-path\n"},
	} {
		if got := wrapPackages(ps, c.width); got != c.want {
			t.Errorf("width %d:\n got %q\nwant %q", c.width, got, c.want)
		}
	}
	if got := wrapPackages(nil, 76); got != "" {
		t.Errorf("no packages: %q", got)
	}
}

func TestReconcilerNext(t *testing.T) {
	for _, tc := range []struct {
		action, env string
		daemon      reconciler.DaemonPresence
		want        string
	}{
		{"switch", "", reconciler.DaemonPresent, "The reconciler will build and switch to it."},
		{"boot", "", reconciler.DaemonPresent, "The reconciler will build it and make it the default at the next boot."},
		{"test", "", reconciler.DaemonPresent, "The reconciler will build it and activate it until the next reboot."},
		{"build", "", reconciler.DaemonPresent, "The reconciler will build it (action build: it will not be activated)."},
		{"switch", "staging", reconciler.DaemonPresent, "The reconciler will build it and activate it for now (staging: gone at the next reboot)."},
		{"switch", "", reconciler.DaemonAbsent, "No nix-humanityd is running, so nothing is built yet: run ask-nix apply to build and switch to it."},
		{"boot", "", reconciler.DaemonAbsent, "No nix-humanityd is running, so nothing is built yet: run ask-nix apply to build it and make it the default at the next boot."},
		{"switch", "", reconciler.DaemonUnknown, "nix-humanityd, when it runs, will build and switch to it; ask-nix status shows whether it does."},
	} {
		if got := reconcilerNext(tc.action, tc.env, tc.daemon); got != tc.want {
			t.Errorf("reconcilerNext(%q, %q, %v) = %q, want %q", tc.action, tc.env, tc.daemon, got, tc.want)
		}
	}
}
