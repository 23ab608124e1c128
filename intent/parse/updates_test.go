package parse_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestPackageUpdates: updates of one package have no switch in NixOS.
// Asked to stop or automate them, ask-nix says so and suggests nothing:
// the system's automatic upgrades would be a wider change than the one
// asked for. The system's own updates keep their readings.
func TestPackageUpdates(t *testing.T) {
	for _, text := range []string{
		"disable updates for firefox",
		"disable automatic updates for firefox",
		"turn off auto updates for vscode",
		"disable firefox updates",
		"disable firefox auto update",
		"stop firefox from updating",
		"prevent discord from updating",
		"never update firefox",
		"don't update firefox",
		"pin firefox",
		"pin the firefox version",
		"freeze firefox version",
		"hold firefox at version 120",
		"disable update notifications in firefox",
		"enable automatic updates for firefox",
		"auto update firefox",
		"update firefox automatically",
		"upgrade firefox every day",
		"how do I disable updates for firefox",
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %v; want not understood", text, err)
			continue
		}
		if len(nu.Suggestions) > 0 {
			t.Errorf("Parse(%q) suggests %v; want none (each would change more than asked)", text, nu.Suggestions)
		}
		if !strings.Contains(nu.Hint, "no update switch for one package") || !strings.Contains(nu.Hint, "Nothing was changed") {
			t.Errorf("Parse(%q) hint %q", text, nu.Hint)
		}
	}
	// The system's updates: what there is to turn on or off is offered.
	for text, want := range map[string]string{
		"disable updates":                "disable automatic updates",
		"enable updates":                 "enable automatic updates",
		"disable updates for the system": "disable automatic updates",
		"stop updating my system":        "disable automatic updates",
		"disable system updates":         "disable automatic updates",
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || len(nu.Suggestions) != 1 || nu.Suggestions[0].Example != want {
			t.Errorf("Parse(%q) = %v; want the suggestion %q", text, err, want)
		}
	}
	for text, want := range map[string]intent.Intent{
		"disable automatic updates":       off("system.autoUpgrade.enable", "automatic updates"),
		"disable firmware updates":        off("services.fwupd.enable", "firmware updates"),
		"enable intel microcode updates":  opt("hardware.cpu.intel.updateMicrocode", true),
		"disable the auto update service": off("system.autoUpgrade.enable", "auto update"),
		"update my system":                kind(intent.Update),
		"update nixpkgs":                  {Kind: intent.Update, Inputs: []string{"nixpkgs"}},
		"update the flake inputs":         kind(intent.Update),
	} {
		got, err := parse.Parse(text)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q) = %#v, %v; want %#v", text, got, err, want)
		}
	}
}

// TestUpgradeDetails: what is said of the system's automatic upgrades
// (rebooting after one, their time) is theirs, never a package's.
func TestUpgradeDetails(t *testing.T) {
	allow := intent.Intent{Kind: intent.SetOption, Option: "system.autoUpgrade.allowReboot", Value: true,
		Notes: []string{"system.autoUpgrade.allowReboot reboots after an automatic upgrade that changed the kernel or initrd; it does nothing while automatic upgrades are off (\"enable automatic upgrades\")"}}
	both := intent.Intent{Kind: intent.SetOption, Option: "system.autoUpgrade", Change: intent.ChangeMerge,
		Value: map[string]any{"enable": true, "allowReboot": true}}
	noReboot := intent.Intent{Kind: intent.SetOption, Option: "system.autoUpgrade.allowReboot", Change: intent.ChangeUnset}
	for text, want := range map[string]intent.Intent{
		"enable automatic upgrades with reboot": both,
		"turn on auto updates with reboots":     both,
		"allow reboot after upgrade":            allow,
		"allow reboots after auto upgrades":     allow,
		"don't reboot after automatic upgrades": noReboot,
		"turn off reboots after auto upgrades":  noReboot,
		"enable unattended upgrades":            {Kind: intent.EnableService, Option: "system.autoUpgrade.enable", Service: "unattended upgrades"},
	} {
		got, err := parse.Parse(text)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q) = %#v, %v\nwant %#v", text, got, err, want)
		}
	}
	// A reboot asked for now, with an update, is no setting.
	for _, text := range []string{"update and reboot", "update the system and reboot", "reboot after the update"} {
		if got, err := parse.Parse(text); err == nil {
			t.Errorf("Parse(%q) = %#v; want not understood (ask-nix does not reboot)", text, got)
		}
	}
	_, err := parse.Parse("set auto upgrade time to 4am")
	var nu *intent.NotUnderstood
	if !errors.As(err, &nu) || len(nu.Suggestions) != 1 || nu.Suggestions[0].Example != "set system.autoUpgrade.dates to 04:40" || strings.Contains(nu.Hint, "package") {
		t.Errorf(`Parse("set auto upgrade time to 4am") = %v; want system.autoUpgrade.dates suggested`, err)
	}
}
