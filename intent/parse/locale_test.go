package parse

import "testing"

func TestCanonicalLocale(t *testing.T) {
	for in, want := range map[string]string{
		"de_DE.UTF-8":      "de_DE.UTF-8",
		"de_DE":            "de_DE.UTF-8",
		"de_DE.utf8":       "de_DE.UTF-8",
		"de_DE.UTF8":       "de_DE.UTF-8",
		"fr_FR.utf-8":      "fr_FR.UTF-8",
		"sr_RS.utf8@latin": "sr_RS.UTF-8@latin",
		"sr_RS@latin":      "sr_RS.UTF-8@latin",
		"C.utf8":           "C.UTF-8",
		"C":                "C",      // no territory: left for the guard
		"German":           "German", // left for the guard, which refuses it
		"de_DE.":           "de_DE.", // an empty codeset is not guessed
		"de_DE.ISO-8859-1": "de_DE.ISO-8859-1",
		"en US":            "en US",
	} {
		if got := canonicalLocale(in); got != want {
			t.Errorf("canonicalLocale(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKeyboardLayouts(t *testing.T) {
	loadTables()
	for in, want := range map[string]string{
		"de":                 "de",
		"DE":                 "de",
		"German":             "de",
		"us and de":          "us,de",
		"US, DE":             "us,de",
		"us,de":              "us,de",
		"us english":         "us",
		"british and german": "gb,de",
		"english":            "english", // ambiguous (us or gb): left for the guard
		"german layout":      "de",
	} {
		if got := keyboardLayouts(in); got != want {
			t.Errorf("keyboardLayouts(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKeyboardVariant(t *testing.T) {
	loadTables()
	for _, c := range []struct {
		in, layout, variant string
		ok                  bool
	}{
		{"dvorak", "us", "dvorak", true},
		{"Colemak", "us", "colemak", true},
		{"us dvorak", "us", "dvorak", true},
		{"us international", "us", "intl", true},
		{"german nodeadkeys", "de", "nodeadkeys", true},
		{"de", "", "", false},
		{"us and de", "", "", false},
		{"nodeadkeys", "", "", false}, // a variant of which layout? not said
		{"us de dvorak", "", "", false},
	} {
		layout, variant, ok := keyboardVariant(c.in)
		if layout != c.layout || variant != c.variant || ok != c.ok {
			t.Errorf("keyboardVariant(%q) = %q, %q, %v; want %q, %q, %v", c.in, layout, variant, ok, c.layout, c.variant, c.ok)
		}
	}
}
