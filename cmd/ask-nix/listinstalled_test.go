package main

import (
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// "is steam installed" after "install steam" (programs.steam.enable):
// installed through the module, not "not installed".
func TestInstalledThroughModule(t *testing.T) {
	const head = "# Managed by ask-nix. Hand edits must keep this shape.\n{ pkgs, ... }:\n{\n"
	f, err := fragment.Parse("f.nix", []byte(head+"  programs.steam.enable = true;\n  virtualisation.docker.enable = false;\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"steam": "programs.steam.enable", "docker": "", "htop": "", "a.b": ""} {
		if got := moduleInstalling(f, name); got != want {
			t.Errorf("moduleInstalling(%q) = %q, want %q", name, got, want)
		}
	}
	a := installedAnswer{Name: "steam", Module: "programs.steam.enable", RunningKnown: true}
	if got := installedSentence(a, "/etc/nixos/nix-humanity.nix", "`ask-nix apply` builds and switches to it."); !strings.HasPrefix(got, "steam: programs.steam.enable is on in /etc/nixos/nix-humanity.nix, which installs it;") {
		t.Errorf("sentence %q", got)
	}
}
