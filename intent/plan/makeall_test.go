package plan

import (
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
)

func TestMakeAll(t *testing.T) {
	install := intent.Intent{Kind: intent.Install, Packages: []string{"git"}}
	firefox := intent.Intent{Kind: intent.Install, Packages: []string{"firefox"}}
	noSSH := intent.Intent{Kind: intent.DisableService, Option: "services.openssh.enable", Service: "ssh"}
	port := intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(8080), Change: intent.ChangeAdd}
	clearPorts := intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Change: intent.ChangeUnset}
	tests := []struct {
		name     string
		ins      []intent.Intent
		changed  bool
		headline string
		summary  string
		has      []string // lines After holds
	}{
		{"each applies to the result of the one before", []intent.Intent{install, noSSH, port}, true,
			"add 1 package, disable services.openssh and open TCP port 8080 in test.nix",
			"add 1 package: git; disable services.openssh; open TCP port 8080",
			[]string{"    git\n", "  services.openssh.enable = false;\n", "  networking.firewall.allowedTCPPorts = [ 80 443 8080 ];\n"}},
		{"a part already so is said, not done", []intent.Intent{firefox, install}, true,
			"add 1 package in test.nix",
			"add 1 package: git (firefox is already installed)",
			[]string{"    firefox\n", "    git\n"}},
		{"nothing to do", []intent.Intent{firefox, {Kind: intent.EnableService, Option: "services.openssh.enable", Service: "ssh"}}, false,
			"nothing to change in test.nix",
			"firefox is already installed; services.openssh is already enabled",
			nil},
		// A list made the items said (cleared, then added), said again:
		// no edit, which was written with an empty diff.
		{"a list made what it holds", []intent.Intent{clearPorts, {Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: []any{int64(80), int64(443)}, Change: intent.ChangeAdd}}, false,
			"nothing to change in test.nix",
			"networking.firewall.allowedTCPPorts is already [ 80 443 ]",
			nil},
		{"a list made other items", []intent.Intent{firefox, clearPorts, port}, true,
			"unset networking.firewall.allowedTCPPorts and open TCP port 8080 in test.nix",
			"unset networking.firewall.allowedTCPPorts (the NixOS default applies again); open TCP port 8080 (firefox is already installed)",
			[]string{"  networking.firewall.allowedTCPPorts = [ 8080 ];\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parse(t, start)
			p, err := MakeAll(f, tt.ins)
			if err != nil {
				t.Fatal(err)
			}
			if p.Changed != tt.changed || p.Headline("test.nix") != tt.headline || p.Summary != tt.summary {
				t.Fatalf("changed %v, headline %q, summary %q;\nwant %v, %q, %q", p.Changed, p.Headline("test.nix"), p.Summary, tt.changed, tt.headline, tt.summary)
			}
			after := string(p.After.Render())
			for _, line := range tt.has {
				if !strings.Contains(after, line) {
					t.Errorf("after lacks %q:\n%s", line, after)
				}
			}
			if string(f.Render()) != start {
				t.Errorf("MakeAll changed the fragment it was given")
			}
			if p.Intent.Kind != tt.ins[0].Kind || len(p.Intent.And) != len(tt.ins)-1 {
				t.Errorf("plan intent %+v", p.Intent)
			}
		})
	}
	// Parts that change the same thing contradict each other.
	for _, ins := range [][]intent.Intent{
		{{Kind: intent.EnableService, Option: "services.openssh.enable"}, noSSH},
		{install, {Kind: intent.Remove, Packages: []string{"git"}}},
		{install, {Kind: intent.Remove, Packages: []string{"GIT"}}}, // remove folds case
		{port, {Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: []any{int64(22), int64(8080)}, Change: intent.ChangeRemove}},
	} {
		_, err := MakeAll(parse(t, start), ins)
		if err == nil || !strings.Contains(err.Error(), "two parts of the request both change") {
			t.Errorf("MakeAll(%+v) = %v; want a contradiction", ins, err)
		}
	}
	// Different items of one list are no contradiction.
	other := intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(22), Change: intent.ChangeRemove}
	if _, err := MakeAll(parse(t, start), []intent.Intent{port, other}); err != nil {
		t.Errorf("open 8080 and close 22: %v", err)
	}

	// One part the fragment cannot take fails them all.
	bad := intent.Intent{Kind: intent.SetOption, Option: "time.timeZone", Value: int64(5), Change: intent.ChangeAdd}
	if _, err := MakeAll(parse(t, start), []intent.Intent{install, bad}); err == nil {
		t.Fatal("a part that cannot apply did not fail the plan")
	}
}

// "set dns to X and Y" clears the list and adds to it: one replacement,
// so clearing a list that was not set is no aside of its own.
func TestReplaceHasNoAside(t *testing.T) {
	clear := intent.Intent{Kind: intent.SetOption, Option: "networking.nameservers", Change: intent.ChangeUnset}
	add := intent.Intent{Kind: intent.SetOption, Option: "networking.nameservers", Value: []any{"1.1.1.1", "9.9.9.9"}, Change: intent.ChangeAdd}
	p, err := MakeAll(parse(t, start), []intent.Intent{clear, add})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Changed || len(p.Asides) != 0 || !strings.Contains(string(p.After.Render()), `networking.nameservers = [ "1.1.1.1" "9.9.9.9" ];`) {
		t.Fatalf("changed %v, asides %+v:\n%s", p.Changed, p.Asides, p.After.Render())
	}
}
