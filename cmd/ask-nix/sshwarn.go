package main

import (
	"fmt"

	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// sshCut says how p cuts SSH off ("turns the SSH server off", "closes
// TCP port 22"), "" when it does not: over SSH, such an edit locks the
// door behind the person making it once it is switched to.
func sshCut(p *plan.Plan) string {
	if p == nil || !p.Changed {
		return ""
	}
	get := func(f *fragment.File, path ...string) (fragment.Value, bool) { return f.Get(fragment.Path(path)) }
	off := func(f *fragment.File) bool {
		v, ok := get(f, "services", "openssh", "enable")
		return ok && v.Kind == fragment.KindBool && !v.Bool
	}
	if off(p.After) && !off(p.Before) {
		return "turns the SSH server off"
	}
	has22 := func(f *fragment.File) bool {
		v, ok := get(f, "networking", "firewall", "allowedTCPPorts")
		if !ok || v.Kind != fragment.KindList {
			return false
		}
		for _, it := range v.List {
			if it.Value.Kind == fragment.KindInt && it.Value.Int == 22 {
				return true
			}
		}
		return false
	}
	if has22(p.Before) && !has22(p.After) {
		return "closes TCP port 22"
	}
	return ""
}

// warnSSH warns a person logged in over SSH (SSH_CONNECTION is set) that
// the edit cuts SSH off.
func (g *globals) warnSSH(p *plan.Plan) {
	if _, over := g.lookupEnv("SSH_CONNECTION"); !over {
		return
	}
	if cut := sshCut(p); cut != "" {
		fmt.Fprintf(g.stderr, "warning: you are logged in over SSH, and this edit %s: once the system switches to it, new SSH logins fail and this session may drop. Make sure you have another way in.\n", cut)
	}
}
