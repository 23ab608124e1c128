package xkb

import "testing"

func TestNames(t *testing.T) {
	for _, tt := range []struct {
		s                        string
		variant, option, option8 bool
	}{
		{"intl", true, false, false},
		{"altgr-intl", true, false, false},
		{"colemak_dh", true, false, false},
		{"x", false, false, false},
		{"1intl", false, false, false},
		{"-intl", false, false, false},
		{"Intl", false, false, false},
		{"intl;rm", false, false, false},
		{"caps:escape", false, true, true},
		{"lv3:ralt_switch", false, true, true},
		{"eurosign:5", false, true, true},
		{"caps:escape,compose:ralt", false, false, true},
		{"caps:", false, false, false},
		{":escape", false, false, false},
		{"caps:escape,", false, false, false},
		{"caps:$(x)", false, false, false},
		{"a:b,a:b,a:b,a:b,a:b,a:b,a:b,a:b,a:b", false, false, false},
	} {
		if got := Variant(tt.s); got != tt.variant {
			t.Errorf("Variant(%q) = %v", tt.s, got)
		}
		if got := Option(tt.s); got != tt.option {
			t.Errorf("Option(%q) = %v", tt.s, got)
		}
		if got := Options(tt.s); got != tt.option8 {
			t.Errorf("Options(%q) = %v", tt.s, got)
		}
	}
}
