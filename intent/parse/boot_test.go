package parse_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestAtBoot: "at boot" with a service whose module has a boot switch of
// its own (docker's enableOnBoot, bluetooth's powerOnBoot) is that switch:
// off never turns the service off, on turns it on and the boot switch
// back to its default. Other services have no boot switch: at boot is
// the service itself.
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
		{"stop nginx on boot", off("services.nginx.enable", "nginx"), ""},
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
