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
