package parse_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

func xkbOption(change intent.Change, v any) intent.Intent {
	return intent.Intent{Kind: intent.SetOption, Option: "services.xserver.xkb.options", Change: change, Value: v}
}

// TestCapsLock: what Caps Lock is to become is one XKB option added to
// services.xserver.xkb.options (never the whole value set), with notes
// on what stays and what it does not reach.
func TestCapsLock(t *testing.T) {
	add, rm := intent.ChangeAdd, intent.ChangeRemove
	cases := []struct {
		text string
		want intent.Intent
	}{
		{"swap caps lock and escape", xkbOption(add, "caps:swapescape")},
		// "caps" alone, said with the key it becomes, is Caps Lock (it
		// suggested "install firefox").
		{"swap caps and esc", xkbOption(add, "caps:swapescape")},
		{"make caps ctrl", xkbOption(add, "ctrl:nocaps")},
		{"swap escape and caps lock", xkbOption(add, "caps:swapescape")},
		{"make caps lock another escape", xkbOption(add, "caps:escape")},
		{"make caps lock an extra esc key", xkbOption(add, "caps:escape")},
		{"remap caps lock to escape", xkbOption(add, "caps:escape")},
		{"use capslock as escape", xkbOption(add, "caps:escape")},
		{"caps lock as ctrl", xkbOption(add, "ctrl:nocaps")},
		{"make caps lock act as control", xkbOption(add, "ctrl:nocaps")},
		{"map caps lock to ctrl", xkbOption(add, "ctrl:nocaps")},
		{"swap caps lock and control", xkbOption(add, "ctrl:swapcaps")},
		{"make caps lock a backspace", xkbOption(add, "caps:backspace")},
		{"disable caps lock", xkbOption(add, "caps:none")},
		{"turn off the caps lock key", xkbOption(add, "caps:none")},
		{"stop swapping caps lock and escape", xkbOption(rm, "caps:swapescape")},
		{"stop using caps lock as ctrl", xkbOption(rm, "ctrl:nocaps")},
		{"add keyboard option compose:ralt", xkbOption(add, "compose:ralt")},
		{"add keyboard options compose:ralt and caps:escape", xkbOption(add, []any{"compose:ralt", "caps:escape"})},
		{"remove the xkb option caps:escape", xkbOption(rm, "caps:escape")},
	}
	for _, c := range cases {
		got, err := parse.Parse(c.text)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.text, err)
			continue
		}
		notes := got.Notes
		got.Notes = nil
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q)\n got %#v\nwant %#v", c.text, got, c.want)
		}
		fromCaps := strings.Contains(c.text, "caps ") || strings.Contains(c.text, "capslock")
		if wantNotes := fromCaps && c.want.Change == add; wantNotes != strings.Contains(strings.Join(notes, " "), "options set elsewhere stay") {
			t.Errorf("Parse(%q): notes %q", c.text, notes)
		}
	}
	// Escape when tapped and Ctrl when held is no XKB option: said so,
	// with the two halves XKB does.
	for _, text := range []string{"caps lock as escape and ctrl when held", "make caps lock escape when tapped and control when held"} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || !strings.Contains(nu.Hint, "services.keyd") || len(nu.Suggestions) != 2 {
			t.Errorf("Parse(%q) = %v; want not understood, naming keyd", text, err)
		}
	}
	// Questions are not requests.
	if got, err := parse.Parse("how do I swap caps lock and escape"); err == nil && got.Kind.Writes() {
		t.Errorf("a how-to question wrote: %#v", got)
	}
}

// TestLocaleByName: a language of one main country is its locale, with
// a note naming the other countries' ones; a language several countries
// share alike is asked, both locales suggested.
func TestLocaleByName(t *testing.T) {
	cases := []struct {
		text, want, note string
	}{
		{"set locale to german", "de_DE.UTF-8", "de_AT (Austria)"},
		{"change system language to french", "fr_FR.UTF-8", "fr_CA (Canada)"},
		{"set the system language to Japanese", "ja_JP.UTF-8", ""},
		{"set language to brazilian portuguese", "pt_BR.UTF-8", ""},
		{"set locale to swiss german", "de_CH.UTF-8", ""},
		{"set locale to British English", "en_GB.UTF-8", ""},
		{"set locale to de_AT", "de_AT.UTF-8", ""},
	}
	for _, c := range cases {
		got, err := parse.Parse(c.text)
		if err != nil || got.Option != "i18n.defaultLocale" || got.Value != c.want {
			t.Errorf("Parse(%q) = %+v, %v; want %s", c.text, got, err, c.want)
			continue
		}
		if note := strings.Join(got.Notes, " "); c.note == "" && note != "" || !strings.Contains(note, c.note) {
			t.Errorf("Parse(%q): notes %q, want %q", c.text, note, c.note)
		}
	}
	for text, want := range map[string]string{
		"set locale to english":                 "en_US.UTF-8 en_GB.UTF-8",
		"change the system language to spanish": "es_ES.UTF-8 es_MX.UTF-8",
		"set language to portuguese":            "pt_PT.UTF-8 pt_BR.UTF-8",
		"set locale to chinese":                 "zh_CN.UTF-8 zh_TW.UTF-8",
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || len(nu.Suggestions) != 2 {
			t.Errorf("Parse(%q) = %v; want it asked", text, err)
			continue
		}
		got := strings.TrimPrefix(nu.Suggestions[0].Example, "set locale to ") + " " + strings.TrimPrefix(nu.Suggestions[1].Example, "set locale to ")
		if got != want {
			t.Errorf("Parse(%q) suggests %q, want %q", text, got, want)
		}
	}
}

// TestSwitchFromTo: "switch from A to B" is both halves in one edit when
// both are services ask-nix knows; one service and something else is
// asked, both halves suggested, never one made alone; two packages are
// a replacement; desktops keep their own answer.
func TestSwitchFromTo(t *testing.T) {
	both := func(off, offSaid, on, onSaid string) intent.Intent {
		return intent.Join([]intent.Intent{
			{Kind: intent.DisableService, Option: off, Service: offSaid},
			{Kind: intent.EnableService, Option: on, Service: onSaid},
		})
	}
	// PipeWire for PulseAudio: PipeWire whole, as "enable sound" gives
	// it (its PulseAudio part is what programs made for PulseAudio play
	// through), with PulseAudio off.
	pipewire := intent.Join([]intent.Intent{
		{Kind: intent.DisableService, Option: "services.pulseaudio.enable", Service: "pulseaudio"},
		{Kind: intent.EnableService, Option: "services.pipewire.enable", Service: "pipewire"},
		{Kind: intent.SetOption, Option: "services.pipewire.alsa.enable", Value: true},
		{Kind: intent.SetOption, Option: "services.pipewire.pulse.enable", Value: true},
		{Kind: intent.SetOption, Option: "security.rtkit.enable", Value: true},
	})
	cases := []struct {
		text string
		want intent.Intent
	}{
		{"switch from docker to podman", both("virtualisation.docker.enable", "docker", "virtualisation.podman.enable", "podman")},
		{"migrate from docker to podman", both("virtualisation.docker.enable", "docker", "virtualisation.podman.enable", "podman")},
		{"move over from pulseaudio to pipewire", pipewire},
		{"switch from pulseaudio to pipewire", pipewire},
		{"use pulseaudio instead of pipewire", both("services.pipewire.enable", "pipewire", "services.pulseaudio.enable", "pulseaudio")},
		{"switch from vim to neovim", intent.Join([]intent.Intent{{Kind: intent.Remove, Packages: []string{"vim"}}, {Kind: intent.Install, Packages: []string{"neovim"}}})},
		// "use ... instead of" and "replace ... with" say the same.
		{"use pipewire instead of pulseaudio", pipewire},
		{"replace pulseaudio with pipewire", pipewire},
		// The new one alone: PipeWire takes PulseAudio's place (it read
		// as "apply").
		{"switch to pipewire", pipewire},
		{"move to pipewire", pipewire},
		{"replace docker with podman", both("virtualisation.docker.enable", "docker", "virtualisation.podman.enable", "podman")},
		{"use neovim instead of vim", intent.Join([]intent.Intent{{Kind: intent.Remove, Packages: []string{"vim"}}, {Kind: intent.Install, Packages: []string{"neovim"}}})},
		{"install podman instead of docker", intent.Join([]intent.Intent{{Kind: intent.Remove, Packages: []string{"docker"}}, {Kind: intent.Install, Packages: []string{"podman"}}})},
	}
	for _, c := range cases {
		got, err := parse.Parse(c.text)
		notes := got.Notes
		got.Notes = nil
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q) = %#v, %v\nwant %#v", c.text, got, err, c.want)
		}
		// Only the switch that brings parts says why.
		if wantNote := c.want.Option == "services.pulseaudio.enable"; wantNote != (len(notes) == 1 && strings.Contains(notes[0], "services.pipewire.pulse.enable")) {
			t.Errorf("Parse(%q) notes %q", c.text, notes)
		}
	}
	// Another service by itself: what it replaces is asked, never
	// guessed; never "apply".
	for _, text := range []string{"switch to podman", "migrate to networkmanager"} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || len(nu.Suggestions) != 1 || !strings.HasPrefix(nu.Suggestions[0].Example, "enable ") || !strings.Contains(nu.Hint, "switch from <old> to") {
			t.Errorf("Parse(%q) = %v; want \"enable\" suggested and \"switch from\" named", text, err)
		}
	}
	for text, want := range map[string]string{
		"switch from networkmanager to iwd":     "disable networkmanager|enable iwd",
		"switch from gnome to plasma":           "enable plasma|disable gnome",
		"use networkmanager instead of connman": "disable connman|enable networkmanager",
		// X11 or Wayland is the session's, never packages.
		"use x11 instead of wayland":  "set services.xserver.displayManager.gdm.wayland to false|enable x11",
		"switch from wayland to xorg": "set services.xserver.displayManager.gdm.wayland to false|enable x11",
		"replace wayland with xorg":   "set services.xserver.displayManager.gdm.wayland to false|enable x11",
		"disable wayland":             "set services.xserver.displayManager.gdm.wayland to false|enable x11",
		"switch back to x11":          "set services.xserver.displayManager.gdm.wayland to false|enable x11",
		"prefer x11 over wayland":     "set services.xserver.displayManager.gdm.wayland to false|enable x11",
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || len(nu.Suggestions) != 2 || nu.Suggestions[0].Example+"|"+nu.Suggestions[1].Example != want {
			t.Errorf("Parse(%q) = %v; want both halves suggested: %s", text, err, want)
		}
	}
}

// TestWaylandInsteadOfX11: Wayland wanted over X11 is the session's too.
func TestWaylandInsteadOfX11(t *testing.T) {
	for _, text := range []string{"use wayland instead of x11", "switch from xorg to wayland", "i want wayland not x11"} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || len(nu.Suggestions) == 0 || nu.Suggestions[0].Example != "unset services.xserver.displayManager.gdm.wayland" {
			t.Errorf("Parse(%q) = %v; want the GDM option unset suggested", text, err)
		}
	}
}
