package guard

import "strings"

// validLocale: a locale NixOS's default i18n.supportedLocales can build
// from i18n.defaultLocale: language[_TERRITORY].UTF-8[@modifier], or
// C.UTF-8. Other codesets pass the option's type but break the
// glibc-locales build (NixOS appends /UTF-8 to the name), so they are
// refused here rather than there.
func validLocale(s string) bool {
	name, modifier, hasModifier := strings.Cut(s, "@")
	if hasModifier && !lowerWord(modifier, 1, 16) {
		return false
	}
	lang, ok := strings.CutSuffix(name, ".UTF-8")
	if !ok {
		return false
	}
	if lang == "C" {
		return !hasModifier
	}
	lang, territory, hasTerritory := strings.Cut(lang, "_")
	if !lowerWord(lang, 2, 3) {
		return false
	}
	if !hasTerritory {
		return true
	}
	// Territories are two capitals (DE) or, for a few, three digits (es_419).
	if len(territory) != 2 && len(territory) != 3 {
		return false
	}
	for i := 0; i < len(territory); i++ {
		c := territory[i]
		if len(territory) == 2 && !(c >= 'A' && c <= 'Z') || len(territory) == 3 && !(c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// longLayouts are the XKB layout codes longer than three letters; every
// other code is two or three (de, us, ara). Checking the length keeps a
// language name ("english", "arabic") from passing as a code.
var longLayouts = map[string]bool{"latam": true, "brai": true, "custom": true}

// validLayouts: up to four XKB layout codes joined by commas (XKB has
// four groups).
func validLayouts(s string) bool {
	parts := strings.Split(s, ",")
	if len(parts) > 4 {
		return false
	}
	for _, p := range parts {
		if !lowerWord(p, 2, 3) && !longLayouts[p] {
			return false
		}
	}
	return true
}

// validKeymap: a kbd keymap name (us, de-latin1, fr-bepo, sv-latin1).
// console.keyMap also takes a path, which ask-nix never writes.
func validKeymap(s string) bool {
	if s == "" || len(s) > 64 || !isAlnum(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

func lowerWord(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= 'a' && s[i] <= 'z') {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
