package main

import (
	"strings"
	"testing"
)

// The newcomer's story with real Nix in the playground: the index comes
// from the stand-in nixpkgs through nix-env (its unfree package marked
// from its license); installing it says it is unfree; the build refuses it
// with a sentence naming it and the ways out, which history keeps; "allow
// unfree packages" and the next apply builds it.
func TestUnfreeStoryInThePlayground(t *testing.T) {
	playgroundEnv(t)
	// The playground's part of NixOS's options comes with it.
	askNix("index", "update").must(t, 0, "Indexed 36 packages and 3174 options")
	askNix("search", "chrome").must(t, 0, "* google-chrome (131.0) (unfree)\n")

	r := askNix("install google-chrome")
	r.must(t, 0, "Wrote ")
	if !strings.HasPrefix(r.stderr, "note: google-chrome is unfree (its license is not free): NixOS builds it only when unfree packages are allowed") {
		t.Errorf("install: stderr %q", r.stderr)
	}

	sentence := `NixOS refuses to build google-chrome-131.0: its license is unfree, and unfree packages are not allowed. Allow them with ask-nix "allow unfree packages", or take back the edit that installs it (ask-nix history shows which).`
	r = askNix("apply")
	if r.code != 1 || !strings.Contains(r.stderr, "\nask-nix: "+sentence+"\nevaluating ") || !strings.Contains(r.stderr, "has an unfree license (‘unfree’), refusing to evaluate.") {
		t.Fatalf("apply: exit %d\nstderr:\n%s", r.code, r.stderr)
	}
	askNix("status").must(t, 0, "last: failure", sentence)
	askNix("history").must(t, 0, "failed", sentence)

	r = askNix("allow unfree packages")
	r.must(t, 0, "+  nixpkgs.config.allowUnfree = true;")
	// Checked against the option index: nothing to note.
	if r.stderr != "" {
		t.Errorf("allow unfree packages: stderr %q", r.stderr)
	}
	askNix("apply").must(t, 0, "Generation 2 is live")
}

// A module's enable option installs the package it is named for: that
// package's license counts for the unfree note ("install steam").
func TestModuleProgram(t *testing.T) {
	for option, want := range map[string]string{
		"programs.steam.enable":                  "steam",
		"virtualisation.docker.enable":           "docker",
		"services.openssh.enable":                "openssh",
		"services.openssh.settings":              "",
		"nixpkgs.config.allowUnfree":             "",
		"programs.steam.remotePlay.openFirewall": "",
	} {
		if got := moduleProgram(option); got != want {
			t.Errorf("moduleProgram(%q) = %q, want %q", option, got, want)
		}
	}
}
