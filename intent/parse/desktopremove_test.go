package parse_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestDesktopRemoved: a desktop said to be removed is the desktop, by
// its one-word service name (which ask-nix turns off when the managed
// fragment turns it on), not packages named kde and plasma; "remove
// the desktop environment" names none and is not understood.
func TestDesktopRemoved(t *testing.T) {
	for _, c := range []struct {
		text string
		want intent.Intent
	}{
		{"remove gnome", rm("gnome")},
		{"get rid of gnome", rm("gnome")},
		{"remove kde plasma", rm("plasma")},
		{"remove the kde plasma desktop", rm("plasma")},
		{"uninstall the gnome desktop environment", rm("gnome")},
		{"remove kde", rm("plasma")},
		{"remove gnome and htop", rm("gnome", "htop")}, // a list stays a list
	} {
		got, err := parse.Parse(c.text)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", c.text, got, err, c.want)
		}
	}
	for _, text := range []string{"remove the desktop environment", "get rid of the desktop", "remove my desktop"} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || len(nu.Suggestions) != 2 || nu.Suggestions[0].Example != "disable gnome" || nu.Suggestions[1].Example != "disable plasma" {
			t.Errorf("Parse(%q): %v; want not understood, suggesting disable gnome and disable plasma", text, err)
		}
	}
}

// TestDesktopAppsRemoved: the programs a desktop brings along are its
// module's, taken out with its excludePackages list; read as "remove
// gnome" they turned GNOME off when the fragment turned it on. A package
// said with the desktop's word ("remove gnome tweaks") stays a package.
func TestDesktopAppsRemoved(t *testing.T) {
	checkReadings(t, []reading{
		{text: "remove gnome games", sugs: []string{"disable services.gnome.games.enable", "list installed"}, hintHas: "services.gnome.games.enable"},
		{text: "get rid of the gnome games", sugs: []string{"disable services.gnome.games.enable", "list installed"}, hintHas: "environment.gnome.excludePackages"},
		{text: "remove gnome bloat", sugs: []string{"list installed"}, hintHas: "environment.gnome.excludePackages = with pkgs; [ gnome-tour epiphany geary ];"},
		{text: "uninstall gnome apps", sugs: []string{"list installed"}, hintHas: "services.gnome.core-utilities.enable = false"},
		{text: "remove the gnome default apps", sugs: []string{"list installed"}, hintHas: "environment.gnome.excludePackages"},
		{text: "get rid of gnome's preinstalled apps", sugs: []string{"list installed"}, hintHas: "environment.gnome.excludePackages"},
		{text: "remove gnome tour", sugs: []string{"list installed"}, hintHas: "environment.gnome.excludePackages"},
		{text: "remove kde games", sugs: []string{"list installed"}, hintHas: "environment.plasma6.excludePackages"},
		{text: "remove the default kde plasma apps", sugs: []string{"list installed"}, hintHas: "environment.plasma6.excludePackages"},
		{text: "remove xfce extras", sugs: []string{"list installed"}, hintHas: "environment.xfce.excludePackages"},
		{text: "remove gnome tweaks", want: rm("gnome", "tweaks")},
		{text: "remove gnome and htop", want: rm("gnome", "htop")},
		{text: "remove the gnome desktop", want: rm("gnome")},
		{text: "disable services.gnome.games.enable", want: intent.Intent{Kind: intent.DisableService, Option: "services.gnome.games.enable", Service: "services.gnome.games.enable"}},
	})
}
