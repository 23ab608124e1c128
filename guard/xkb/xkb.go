// Package xkb holds the grammar of XKB keyboard names, the one the
// parser reads requests with and the guard checks values against:
// variants (intl, colemak_dh, altgr-intl) and options (caps:escape,
// lv3:ralt_switch, eurosign:5). Names outside it never reach Nix.
package xkb

import "strings"

// Variant reports whether s is an XKB variant name: a lower-case letter,
// then up to 31 lower-case letters, digits, _ and -.
func Variant(s string) bool {
	return len(s) >= 2 && s[0] >= 'a' && s[0] <= 'z' && word(s, "_-")
}

// Option reports whether s is one XKB option, group:name.
func Option(s string) bool {
	group, name, ok := strings.Cut(s, ":")
	return ok && group != "" && group[0] >= 'a' && group[0] <= 'z' && word(group, "_") && word(name, "_-+")
}

// MaxOptions is how many options one setting holds at most.
const MaxOptions = 8

// Options reports whether s is 1 to MaxOptions options joined by commas,
// as services.xserver.xkb.options holds them, or "" for none.
func Options(s string) bool {
	if s == "" {
		return true
	}
	items := strings.Split(s, ",")
	if len(items) > MaxOptions {
		return false
	}
	for _, it := range items {
		if !Option(it) {
			return false
		}
	}
	return true
}

// word: 1 to 32 lower-case letters and digits and the bytes of extra,
// not starting with one of extra.
func word(s, extra string) bool {
	if s == "" || len(s) > 32 || strings.IndexByte(extra, s[0]) >= 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte(extra, c) >= 0) {
			return false
		}
	}
	return true
}
