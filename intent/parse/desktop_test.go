package parse_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestDesktopAsked: "I want a desktop environment" was refused as "no
// package named desktop". A desktop or window manager asked for without
// a name is answered with the ones ask-nix turns on, each suggestion a
// request it carries out; a named one is still that one.
func TestDesktopAsked(t *testing.T) {
	want := []intent.Suggestion{{Kind: intent.EnableService, Example: "enable gnome"},
		{Kind: intent.EnableService, Example: "enable plasma"}, {Kind: intent.EnableService, Example: "enable sway"}}
	for _, text := range []string{"I want a desktop environment", "install a desktop", "i need a gui",
		"install a window manager", "install a tiling window manager", "could you install a desktop environment please"} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q): %v; want not understood", text, err)
			continue
		}
		if !reflect.DeepEqual(nu.Suggestions, want) || !strings.Contains(nu.Hint, "Xfce") || !strings.Contains(nu.Hint, "i3") ||
			!strings.Contains(nu.Hint, "Nothing was changed") {
			t.Errorf("Parse(%q): suggestions %v, hint %q", text, nu.Suggestions, nu.Hint)
		}
		for _, s := range nu.Suggestions {
			if in, err := parse.Parse(s.Example); err != nil || in.Kind != s.Kind {
				t.Errorf("suggestion %q: %+v, %v", s.Example, in, err)
			}
		}
	}
	for text, option := range map[string]string{
		"install the gnome desktop":       "services.xserver.desktopManager.gnome.enable",
		"install kde desktop environment": "services.desktopManager.plasma6.enable",
	} {
		in, err := parse.Parse(text)
		if err == nil && in.Kind == intent.Install {
			continue // the package index reads the desktop's name (catalog)
		}
		if err != nil || in.Option != option {
			t.Errorf("Parse(%q) = %+v, %v; want %s", text, in, err, option)
		}
	}
	in, err := parse.Parse("install desktop-file-utils")
	if err != nil || !reflect.DeepEqual(in.Packages, []string{"desktop-file-utils"}) {
		t.Errorf("Parse(install desktop-file-utils) = %+v, %v", in, err)
	}
}
