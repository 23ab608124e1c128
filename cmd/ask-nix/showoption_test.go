package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestShowOption: "is ssh enabled?" answers from the fragment and from
// the configuration evaluated by real Nix (the playground's stand-in
// system), says when the running system is behind, and writes nothing.
func TestShowOption(t *testing.T) {
	pg := playgroundEnv(t)
	answer := func(text string) optionAnswer {
		t.Helper()
		r := askNix("--json", text)
		r.must(t, 0)
		var a optionAnswer
		if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
			t.Fatalf("%v\n%s", err, r.stdout)
		}
		return a
	}
	// The stand-in declares no modules: an option nothing sets is not
	// there to evaluate, and the answer says so rather than "off".
	a := answer("is ssh enabled?")
	if a.Evaluated || string(a.Value) != "null" || a.Fragment != nil || !strings.Contains(a.Error, "no NixOS module of this configuration declares services.openssh.enable") {
		t.Fatalf("before enabling: %+v", a)
	}
	askNix("is ssh enabled?").must(t, 0, "ssh (services.openssh.enable): "+pg.Fragment+" does not set it; what the rest of your configuration says is unknown")

	askNix("-y", "enable ssh").must(t, 0)
	a = answer("is the ssh server running")
	if !a.Evaluated || string(a.Value) != "true" || a.Fragment != true || !a.Pending {
		t.Fatalf("after enabling: %+v", a)
	}
	askNix("is ssh on").must(t, 0, "ssh (services.openssh.enable) is on in your configuration; "+pg.Fragment+" sets it to true (\"disable ssh\" turns it off).\nThe running system was built before the last change")

	askNix("apply").must(t, 0)
	if a = answer("is ssh enabled"); a.Pending {
		t.Fatalf("after apply: %+v", a)
	}
	askNix("-y", "disable ssh").must(t, 0)
	askNix("is ssh enabled").must(t, 0, "ssh (services.openssh.enable) is off in your configuration; "+pg.Fragment+" sets it to false (\"enable ssh\" turns it on).")

	// A question never edits: the history has the two edits above only.
	r := askNix("history")
	r.must(t, 0)
	if n := strings.Count(r.stdout, "\n"); n != 2 {
		t.Fatalf("history:\n%s", r.stdout)
	}
}

func TestOptionSentence(t *testing.T) {
	const frag = "/etc/nixos/nix-humanity.nix"
	for _, tt := range []struct {
		name string
		a    optionAnswer
		want string
	}{
		{"on, set by the fragment", optionAnswer{Service: "ssh", Option: "services.openssh.enable", Value: json.RawMessage("true"), Evaluated: true, Fragment: true},
			`ssh (services.openssh.enable) is on in your configuration; /etc/nixos/nix-humanity.nix sets it to true ("disable ssh" turns it off).`},
		{"on from elsewhere", optionAnswer{Service: "firewall", Option: "networking.firewall.enable", Value: json.RawMessage("true"), Evaluated: true},
			`firewall (networking.firewall.enable) is on in your configuration; /etc/nixos/nix-humanity.nix does not set it, so that comes from the rest of your configuration or NixOS's default ("disable firewall" sets it off in the fragment; should another file set it too, Nix says so and nothing changes).`},
		{"overridden", optionAnswer{Service: "docker", Option: "virtualisation.docker.enable", Value: json.RawMessage("false"), Evaluated: true, Fragment: true},
			`docker (virtualisation.docker.enable) is off in your configuration; /etc/nixos/nix-humanity.nix sets it to true, but the rest of your configuration overrides that (mkForce or another priority): change it there.`},
		{"not evaluated", optionAnswer{Service: "ssh", Option: "services.openssh.enable", Value: json.RawMessage("null"), Error: "nix-instantiate failed", Fragment: true},
			`ssh (services.openssh.enable): /etc/nixos/nix-humanity.nix sets it to true; what the rest of your configuration says is unknown: nix-instantiate failed.`},
		{"not a bool", optionAnswer{Service: "x", Option: "x.enable", Value: json.RawMessage(`"yes"`), Evaluated: true},
			`x (x.enable) is "yes" in your configuration; /etc/nixos/nix-humanity.nix does not set it.`},
		{"pending", optionAnswer{Service: "ssh", Option: "services.openssh.enable", Value: json.RawMessage("false"), Evaluated: true, Fragment: false, Pending: true},
			"ssh (services.openssh.enable) is off in your configuration; /etc/nixos/nix-humanity.nix sets it to false (\"enable ssh\" turns it on).\nThe running system was built before the last change: `ask-nix apply` builds and switches to it (nix-humanityd does when it runs)."},
	} {
		if got := optionSentence(tt.a, frag); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestMissingAttribute(t *testing.T) {
	for s, want := range map[string]bool{
		"error: attribute 'openssh' in selection path 'config.services.openssh.enable' not found": true,
		"error: attribute 'openssh' missing\n\n       at «none»:0: (source not available)":        true,
		"error: undefined variable 'htop'":      false,
		"error: infinite recursion encountered": false,
	} {
		if got := missingAttribute(s); got != want {
			t.Errorf("missingAttribute(%q) = %v, want %v", s, got, want)
		}
	}
}
