package parse_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestAtBoot: "at boot" with a service whose module has a boot switch of
// its own (docker's enableOnBoot, bluetooth's powerOnBoot) is that switch:
// off never turns the service off, on turns it on and the boot switch
// back to its default. Other services have no boot switch: on at boot is
// the service on; off at boot is not understood (TestNotAtBoot).
func TestAtBoot(t *testing.T) {
	bluetoothOff := intent.Intent{Kind: intent.SetOption, Option: "hardware.bluetooth.powerOnBoot", Value: false}
	cases := []struct {
		text string
		want intent.Intent // Notes aside
		note string        // part of the note; "": none
	}{
		{"don't start docker at boot", dockerNotAtBoot, "no longer started at boot"},
		{"stop docker from starting on boot", dockerNotAtBoot, "no longer started at boot"},
		{"do not start docker on startup", dockerNotAtBoot, `"disable docker" turns docker off`},
		{"disable docker on boot", dockerNotAtBoot, "its socket"},
		{"never start docker at boot", dockerNotAtBoot, "its socket"},
		{"start docker at boot", dockerAtBoot, ""},
		{"enable docker on boot", dockerAtBoot, ""},
		{"run docker at startup", dockerAtBoot, ""},
		{"make docker start at boot", dockerAtBoot, ""},
		{"do not start bluetooth on boot", bluetoothOff, "powered on at boot"},
		{"enable bluetooth at boot", withAnd(on("hardware.bluetooth.enable", "bluetooth"), unsetOpt("hardware.bluetooth.powerOnBoot")), ""},
		// Without boot words, or for a service with no boot switch.
		{"disable docker", off("virtualisation.docker.enable", "docker"), ""},
		{"stop docker permanently", off("virtualisation.docker.enable", "docker"), ""},
		{"enable docker", on("virtualisation.docker.enable", "docker"), ""},
		{"start podman at boot", on("virtualisation.podman.enable", "podman"), ""},
	}
	for _, c := range cases {
		got, err := parse.Parse(c.text)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.text, err)
			continue
		}
		note := strings.Join(got.Notes, "\n")
		got.Notes, c.want.Notes = nil, nil
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q)\n got %#v\nwant %#v", c.text, got, c.want)
		}
		if c.note == "" && note != "" || !strings.Contains(note, c.note) {
			t.Errorf("Parse(%q): note %q, want one with %q", c.text, note, c.note)
		}
	}
}

// TestNotAtBoot: "don't start nginx at boot", for a service with no boot
// switch, is never the service turned off (its unit would go too): not
// understood, with what each way does.
func TestNotAtBoot(t *testing.T) {
	for _, text := range []string{"stop nginx on boot", "don't start nginx at boot", "do not start ssh at startup", "disable nginx on boot"} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q): err = %v, want not understood", text, err)
			continue
		}
		if len(nu.Suggestions) != 1 || nu.Suggestions[0].Kind != intent.DisableService {
			t.Errorf("Parse(%q): suggestions %v", text, nu.Suggestions)
		}
		for _, w := range []string{"no switch of its own for starting at boot", "turns it off entirely", "wantedBy = lib.mkForce [ ]", "nothing was changed"} {
			if !strings.Contains(nu.Hint, w) {
				t.Errorf("Parse(%q): hint lacks %q: %s", text, w, nu.Hint)
			}
		}
	}
}

// TestBootMenuHidden: hiding the boot menu is a timeout of 0, which also
// hides the way back to an older generation: suggested with how to reach
// the menu, never written ("hide the boot menu" suggested "install
// firefox"). A timeout said with a verb of more or less is set.
func TestBootMenuHidden(t *testing.T) {
	hidden := []string{"set the boot timeout to 0", "set the boot timeout to 1"}
	timeout := func(n int64) intent.Intent {
		return intent.Intent{Kind: intent.SetOption, Option: "boot.loader.timeout", Value: n}
	}
	checkReadings(t, []reading{
		{text: "hide the boot menu", sugs: hidden, hintHas: "Space for systemd-boot, Shift or Esc for GRUB"},
		{text: "skip the grub menu", sugs: hidden, hintHas: "boot.loader.timeout"},
		{text: "disable the boot menu", sugs: hidden, hintHas: "boot.loader.timeout"},
		{text: "no boot menu", sugs: hidden, hintHas: "boot.loader.timeout"},
		{text: "reduce boot menu timeout to 2 seconds", want: timeout(2)},
		{text: "increase the grub timeout to 10", want: timeout(10)},
		{text: "lower swappiness to 10", want: intent.Intent{Kind: intent.SetOption, Option: `boot.kernel.sysctl."vm.swappiness"`, Value: int64(10)}},
		{text: "set the boot timeout to 0", want: timeout(0)},
	})
}
