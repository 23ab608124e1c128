package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

func TestSSHCut(t *testing.T) {
	const head = "# Managed by ask-nix. Hand edits must keep this shape.\n{ pkgs, ... }:\n{\n"
	ssh := intent.Intent{Kind: intent.DisableService, Option: "services.openssh.enable", Service: "ssh"}
	unset := intent.Intent{Kind: intent.SetOption, Option: "services.openssh.enable", Change: intent.ChangeUnset}
	close22 := intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(22), Change: intent.ChangeRemove}
	git := intent.Intent{Kind: intent.Install, Packages: []string{"git"}}
	for _, tt := range []struct {
		name, before string
		in           intent.Intent
		want         string
	}{
		{"ssh off", "  services.openssh.enable = true;\n", ssh, "turns the SSH server off"},
		{"ssh unset", "  services.openssh.enable = true;\n", unset, "no longer turns the SSH server on"},
		{"ssh never on here", "", ssh, ""},
		{"already off", "  services.openssh.enable = false;\n", ssh, ""},
		{"port 22 closed", "  networking.firewall.allowedTCPPorts = [ 22 80 ];\n", close22, "takes TCP port 22 out of the open ports"},
		{"something else", "  services.openssh.enable = true;\n", git, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := fragment.Parse("f.nix", []byte(head+tt.before+"}\n"))
			if err != nil {
				t.Fatal(err)
			}
			p, err := plan.MakeAll(f, []intent.Intent{tt.in})
			if err != nil {
				t.Fatal(err)
			}
			if got := sshCut(p.Before, p.After); !strings.HasPrefix(got, tt.want) || (tt.want == "") != (got == "") {
				t.Fatalf("sshCut = %q, want %q", got, tt.want)
			}
			// Said only to someone logged in over SSH; for an undo (no
			// plan, the two texts) as for a plan.
			results := []*txn.Result{{Changed: p.Changed, Plan: p}, {Changed: p.Changed, Before: p.Before.Render(), After: p.After.Render()}}
			for _, r := range results {
				for _, over := range []bool{false, true} {
					var errb bytes.Buffer
					g := &globals{stderr: &errb, lookupEnv: func(k string) (string, bool) {
						return "10.0.0.2 5555 10.0.0.1 22", over && k == "SSH_CONNECTION"
					}}
					g.warnSSH(r)
					if said := strings.Contains(errb.String(), "warning: you are logged in over SSH"); said != (over && tt.want != "") {
						t.Errorf("over ssh %v, plan %v: stderr %q", over, r.Plan != nil, errb.String())
					}
				}
			}
		})
	}
}
