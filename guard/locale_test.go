package guard

import "testing"

func TestValidLocale(t *testing.T) {
	for s, want := range map[string]bool{
		"de_DE.UTF-8": true, "en_US.UTF-8": true, "C.UTF-8": true, "eo.UTF-8": true,
		"es_419.UTF-8": true, "sr_RS.UTF-8@latin": true, "ca_ES.UTF-8@valencia": true,
		"de_DE": false, "de_DE.utf8": false, "de_DE.ISO-8859-1": false, "C": false,
		"C.UTF-8@x": false, "German": false, "de_de.UTF-8": false, "d_DE.UTF-8": false,
		"de_DEU.UTF-8": false, "de_DE.UTF-8@": false, "de_DE.UTF-8@Latin": false,
		"": false, ".UTF-8": false, "de_.UTF-8": false,
	} {
		if got := validLocale(s); got != want {
			t.Errorf("validLocale(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestValidLayouts(t *testing.T) {
	for s, want := range map[string]bool{
		"us": true, "de": true, "ara": true, "us,de": true, "latam": true, "us,de,fr,es": true,
		"english": false, "US": false, "us,": false, ",us": false, "us de": false,
		"us,de,fr,es,it": false, "u": false, "us(dvorak)": false, "": false,
	} {
		if got := validLayouts(s); got != want {
			t.Errorf("validLayouts(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestValidKeymap(t *testing.T) {
	for s, want := range map[string]bool{
		"us": true, "de-latin1": true, "fr-bepo": true, "sv-latin1": true, "uk": true, "mac-us": true,
		"": false, "-us": false, "/etc/keymap": false, "de latin1": false, "../x": false,
	} {
		if got := validKeymap(s); got != want {
			t.Errorf("validKeymap(%q) = %v, want %v", s, got, want)
		}
	}
}
