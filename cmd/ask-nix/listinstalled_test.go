package main

import (
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/pkgdiff"
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

// A name the package index lacks is said to be no package, with the
// close names; "ask-nix install X adds it" only for a name that is one
// (or when there is no index to say).
func TestInstalledSentenceNoSuchPackage(t *testing.T) {
	const frag = "/etc/nixos/nix-humanity.nix"
	for _, tt := range []struct {
		a    installedAnswer
		want string
	}{
		{installedAnswer{Name: "fierfox", RunningKnown: true, NoSuchPackage: true, DidYouMean: []string{"firefox"}},
			"fierfox: no package of that name (did you mean firefox?)."},
		{installedAnswer{Name: "fire", NoSuchPackage: true, DidYouMean: []string{"firefox", "firefox-esr"}},
			"fire: no package of that name (did you mean firefox or firefox-esr?)."},
		{installedAnswer{Name: "qqqzzz", RunningKnown: true, NoSuchPackage: true},
			"qqqzzz: no package of that name (`ask-nix search qqqzzz` looks for one)."},
		{installedAnswer{Name: "ssh", RunningKnown: true, NoSuchPackage: true},
			"ssh: no package of that name (`ask-nix search ssh` looks for one); \"is ssh enabled\" asks about the NixOS service (services.openssh.enable)."},
		{installedAnswer{Name: "firefox", RunningKnown: true},
			"firefox: not installed: neither /etc/nixos/nix-humanity.nix nor the running system has it (`ask-nix install firefox` adds it)."},
	} {
		if got := installedSentence(tt.a, frag, ""); got != tt.want {
			t.Errorf("%+v:\n got %s\nwant %s", tt.a, got, tt.want)
		}
	}
}

// "list installed" counts in words that agree with the count: one
// package, not "1 packages", in the fragment and in the running system.
func TestPrintInstalledCounts(t *testing.T) {
	const frag = "/etc/nixos/nix-humanity.nix"
	one := []pkgdiff.Package{{Name: "nixos-version", Version: "25.11"}}
	two := []pkgdiff.Package{{Name: "bash", Version: "5.2"}, {Name: "htop", Version: "3.3.0"}}
	for _, tt := range []struct {
		in   installedNow
		want string
	}{
		{installedNow{Fragment: frag, Exists: true, Packages: []string{"htop"}, Current: "/run/current-system", System: &systemPackages{Packages: one}},
			"1 package in " + frag + ":\n  htop\nThe running system (/run/current-system) has 1 package in all, from the fragment, the rest of your configuration and NixOS:\n  nixos-version 25.11\n"},
		{installedNow{Fragment: frag, Exists: true, Packages: []string{"git", "htop"}, Current: "/run/current-system", System: &systemPackages{Packages: two}},
			"2 packages in " + frag + ":\n  git\n  htop\nThe running system (/run/current-system) has 2 packages in all, from the fragment, the rest of your configuration and NixOS:\n  bash 5.2, htop 3.3.0\n"},
		{installedNow{Fragment: frag, Exists: true, Packages: []string{}}, "No packages in " + frag + ".\n"},
	} {
		var b strings.Builder
		printInstalled(&b, tt.in)
		if b.String() != tt.want {
			t.Errorf("printInstalled:\n got %q\nwant %q", b.String(), tt.want)
		}
	}
}
