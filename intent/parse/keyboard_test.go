package parse_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestEnglishKeyboard: XKB (and kbd) have no "english" layout; English
// keyboards are us or gb (kbd: uk), which differ in several keys, so
// the answer asks, with both lists suggested and the other layouts said
// kept; a name that says which is taken.
func TestEnglishKeyboard(t *testing.T) {
	asked := map[string][]string{
		"set keyboard to german and english":         {"set keyboard layout to de,us", "set keyboard layout to de,gb"},
		"set keyboard to english":                    {"set keyboard layout to us", "set keyboard layout to gb"},
		"set the keyboard layout to en":              {"set keyboard layout to us", "set keyboard layout to gb"},
		"set keyboard layout to english and russian": {"set keyboard layout to us,ru", "set keyboard layout to gb,ru"},
		"use an english keyboard":                    {"set keyboard layout to us", "set keyboard layout to gb"},
		"set console keymap to english":              {"set console keymap to us", "set console keymap to uk"},
	}
	for text, want := range asked {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %v; want not understood", text, err)
			continue
		}
		var got []string
		for _, s := range nu.Suggestions {
			got = append(got, s.Example)
			if in, err := parse.Parse(s.Example); err != nil || in.Kind != intent.SetOption {
				t.Errorf("Parse(%q): suggestion %q does not parse as a setting: %v", text, s.Example, err)
			}
		}
		if !slices.Equal(got, want) || !strings.Contains(nu.Hint, "nothing was changed") {
			t.Errorf("Parse(%q) suggests %q (hint %q); want %q", text, got, nu.Hint, want)
		}
	}
	if in, err := parse.Parse("set keyboard to swiss french"); err != nil || !reflect.DeepEqual(in, xkb("ch", "fr")) {
		t.Errorf("Parse(swiss french) = %#v, %v; want ch with the fr variant", in, err)
	}
	for text, layout := range map[string]string{
		"set keyboard to uk english":             "gb",
		"set keyboard layout to british english": "gb",
		"set keyboard to american english":       "us",
		"set keyboard to german and us":          "de,us",
		"set keyboard to english (uk)":           "gb",
		"set keyboard to english (us)":           "us",
		// Two words, one layout.
		"set keyboard to swiss german":                    "ch",
		"set keyboard layout to canadian french":          "ca",
		"set keyboard layout to latin american spanish":   "latam",
		"set keyboard to brazilian portuguese and german": "br,de",
	} {
		in, err := parse.Parse(text)
		if err != nil || !reflect.DeepEqual(in, xkb(layout, "")) {
			t.Errorf("Parse(%q) = %#v, %v; want layout %s", text, in, err, layout)
		}
	}
	// The console's keymaps by kbd's names.
	for text, keymap := range map[string]string{
		"set the console keymap to german":  "de",
		"set the console keymap to british": "uk",
		"set console keymap to swedish":     "sv-latin1",
		"set console keymap to de-latin1":   "de-latin1",
	} {
		in, err := parse.Parse(text)
		if err != nil || !reflect.DeepEqual(in, opt("console.keyMap", keymap)) {
			t.Errorf("Parse(%q) = %#v, %v; want console.keyMap %s", text, in, err, keymap)
		}
	}
}
