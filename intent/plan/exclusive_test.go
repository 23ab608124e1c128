package plan

import (
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
)

func TestExclusive(t *testing.T) {
	const header = "# Managed by ask-nix. Hand edits must keep this shape.\n{ pkgs, ... }:\n{\n"
	enable := func(o string) intent.Intent {
		return intent.Intent{Kind: intent.EnableService, Option: o, Service: "x"}
	}
	zone := intent.Intent{Kind: intent.SetOption, Option: "time.timeZone", Value: "Europe/Paris"}
	tests := []struct {
		name    string
		before  string // bindings
		ins     []intent.Intent
		also    string // the Also line; "" for none
		lacks   string // a binding After must not have
		refused string
	}{
		{"tlp unsets power-profiles-daemon", "  services.power-profiles-daemon.enable = true;\n", []intent.Intent{enable("services.tlp.enable")},
			"unset services.power-profiles-daemon.enable: NixOS refuses it beside services.tlp.enable (both manage power)", "power-profiles-daemon", ""},
		{"and the other way", "  services.tlp.enable = true;\n", []intent.Intent{enable("services.power-profiles-daemon.enable")},
			"unset services.tlp.enable: NixOS refuses it beside services.power-profiles-daemon.enable (both manage power)", "tlp", ""},
		{"a fixed zone ends the automatic one", "  services.automatic-timezoned.enable = true;\n", []intent.Intent{zone},
			"unset services.automatic-timezoned.enable: NixOS refuses it beside time.timeZone (it sets the time zone itself)", "automatic-timezoned", ""},
		{"a disabled one is no conflict", "  services.power-profiles-daemon.enable = false;\n", []intent.Intent{enable("services.tlp.enable")}, "", "", ""},
		{"both at once are refused", "", []intent.Intent{enable("networking.networkmanager.enable"), enable("networking.wireless.enable")}, "", "",
			"NixOS refuses networking.networkmanager.enable and networking.wireless.enable together (both manage wifi)"},
		{"both there before: not this request's doing", "  networking.networkmanager.enable = true;\n  networking.wireless.enable = true;\n",
			[]intent.Intent{{Kind: intent.Install, Packages: []string{"git"}}}, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parse(t, header+tt.before+"}\n")
			p, err := MakeAll(f, tt.ins)
			if tt.refused != "" {
				if err == nil || !strings.Contains(err.Error(), tt.refused) {
					t.Fatalf("error %v, want %q", err, tt.refused)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(p.Also, "\n"); got != tt.also {
				t.Fatalf("also %q, want %q", got, tt.also)
			}
			if tt.also != "" && !strings.HasSuffix(p.Summary, "; "+tt.also) {
				t.Errorf("summary %q", p.Summary)
			}
			if after := string(p.After.Render()); tt.lacks != "" && strings.Contains(after, tt.lacks) {
				t.Errorf("after keeps %s:\n%s", tt.lacks, after)
			}
			if string(f.Render()) != header+tt.before+"}\n" {
				t.Errorf("the fragment given changed")
			}
		})
	}
}
