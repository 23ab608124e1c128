package parse_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestNFS: "enable nfs" may mean serving folders or mounting a share, so
// it is asked, with both suggested; words that say which are taken: the
// server (with a note on its exports and port), or the client's support.
func TestNFS(t *testing.T) {
	for text, want := range map[string][]string{
		"enable nfs":        {"enable nfs server", "enable nfs support"},
		"turn on nfs":       {"enable nfs server", "enable nfs support"},
		"enable nfs4":       {"enable nfs server", "enable nfs support"},
		"enable nfs shares": {"enable nfs server", "enable nfs support"},
		"disable nfs":       {"disable nfs server", "disable nfs support"},
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %v; want not understood", text, err)
			continue
		}
		var got []string
		for _, s := range nu.Suggestions {
			got = append(got, s.Example)
			if _, err := parse.Parse(s.Example); err != nil {
				t.Errorf("Parse(%q): suggestion %q is not understood: %v", text, s.Example, err)
			}
		}
		if !slices.Equal(got, want) || !strings.Contains(nu.Hint, "fileSystems") {
			t.Errorf("Parse(%q) suggests %q, hint %q; want %q", text, got, nu.Hint, want)
		}
	}
	server := on("services.nfs.server.enable", "nfs server")
	client := opt("boot.supportedFilesystems.nfs", true)
	for text, want := range map[string]intent.Intent{
		"enable nfs server":          server,
		"set up an nfs server":       server,
		"enable the nfs server":      server,
		"share folders over nfs":     server,
		"export directories via nfs": server,
		"share nfs":                  server,
		"enable nfs client":          client,
		"enable nfs support":         client,
		"mount nfs shares":           client,
		"I want to mount nfs shares": client,
		"disable nfs support":        unsetOpt("boot.supportedFilesystems.nfs"),
		"disable nfs server":         off("services.nfs.server.enable", "nfs server"),
		// SMB's client is CIFS; "enable smb" stays the Samba server.
		"enable cifs":          opt("boot.supportedFilesystems.cifs", true),
		"mount smb shares":     opt("boot.supportedFilesystems.cifs", true),
		"mount windows shares": opt("boot.supportedFilesystems.cifs", true),
		"enable smb":           on("services.samba.enable", "smb"),
	} {
		got, err := parse.Parse(text)
		if err != nil {
			t.Errorf("Parse(%q): %v", text, err)
			continue
		}
		if want.Option == "services.nfs.server.enable" && want.Kind == intent.EnableService && !slices.ContainsFunc(got.Notes, func(n string) bool { return strings.Contains(n, "services.nfs.server.exports") }) {
			t.Errorf("Parse(%q): notes %q lack the exports", text, got.Notes)
		}
		got.Notes = nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q) = %#v; want %#v", text, got, want)
		}
	}
	// Mounting one share at a path is a fileSystems entry, which ask-nix
	// does not write: the client's support is suggested, not ntfs's.
	_, err := parse.Parse("mount an nfs share at /mnt/nas")
	var nu *intent.NotUnderstood
	if !errors.As(err, &nu) || len(nu.Suggestions) != 1 || nu.Suggestions[0].Example != "enable nfs support" || !strings.Contains(nu.Hint, `fsType = "nfs"`) {
		t.Errorf("Parse(mount an nfs share at /mnt/nas) = %v", err)
	}
}

// TestDesktopWord: "install the gnome desktop" is the desktop, not
// nixpkgs' gnome-desktop library; the package by its own name stays.
func TestDesktopWord(t *testing.T) {
	// "install desktop" and "install window manager" name none:
	// TestDesktopAsked.
	for text, want := range map[string][]string{
		"install the gnome desktop":         {"gnome"},
		"install gnome desktop environment": {"gnome"},
		"install cinnamon desktop":          {"cinnamon"},
		"install the kde desktop and git":   {"git", "kde"},
		"install gnome-desktop":             {"gnome-desktop"},
		"install the i3 window manager":     {"i3"},
		"install sway compositor":           {"sway"},
		"install awesome wm and git":        {"awesome", "git"},
	} {
		in, err := parse.Parse(text)
		if err != nil || in.Kind != intent.Install || !slices.Equal(in.Packages, want) {
			t.Errorf("Parse(%q) = %#v, %v; want install %q", text, in, err, want)
		}
	}
	// Switched on by name, the words after a window manager's or a
	// desktop's name are no part of it.
	for text, want := range map[string]string{
		"enable i3 window manager":       "i3",
		"enable the i3 wm":               "i3",
		"enable sway window manager":     "sway",
		"enable the hyprland compositor": "hyprland",
		"enable kde plasma 6":            "kde plasma 6",
		"disable the awesome wm":         "awesome",
	} {
		in, err := parse.Parse(text)
		// i3 and awesome only the option index knows: asked of it by
		// their name alone.
		var u *parse.UnknownService
		if errors.As(err, &u) && u.Said == want {
			continue
		}
		if err != nil || !in.Kind.Writes() || in.Service != want {
			t.Errorf("Parse(%q) = %#v, %v; want the switch of %s", text, in, err, want)
		}
	}
}
