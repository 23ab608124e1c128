package build

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	const tl = ".config.system.build.toplevel"
	withFlake := func(p string) bool { return p == "/etc/nixos/flake.nix" }
	noFlake := func(string) bool { return false }
	tests := []struct {
		name    string
		system  string
		attr    string
		attrSet bool
		exists  func(string) bool
		host    string
		want    string // Target.String(), or the error's start with "error: "
		flake   bool
	}{
		{"default, flake in /etc/nixos", "", "system", false, withFlake, "box", "/etc/nixos#nixosConfigurations.box" + tl, true},
		{"default, no flake", "", "system", false, noFlake, "box", "<nixpkgs/nixos> -A system", false},
		{"default, no flake, attr set", "", "vm", true, noFlake, "box", "<nixpkgs/nixos> -A vm", false},
		{"flake with host", "/srv/cfg#web1", "", false, noFlake, "box", "/srv/cfg#nixosConfigurations.web1" + tl, true},
		{"flake without host", "github:me/cfg#", "", false, noFlake, "box", "github:me/cfg#nixosConfigurations.box" + tl, true},
		{"flake with attr path", "path:/x#packages.x86_64-linux.system", "", false, noFlake, "box", "path:/x#packages.x86_64-linux.system", true},
		{"file, attr not set: its own value", "/etc/nixos/system.nix", "system", false, noFlake, "box", "/etc/nixos/system.nix", false},
		{"file with attr", "/srv/play/system", "system", true, noFlake, "box", "/srv/play/system -A system", false},
		{"lookup path", "<nixpkgs/nixos>", "system", true, noFlake, "box", "<nixpkgs/nixos> -A system", false},
		{"relative path", "system.nix", "", false, noFlake, "box", "error: system \"system.nix\" is neither", false},
		{"option injection", "--expr", "", false, noFlake, "box", "error: system \"--expr\" starts with '-'", false},
		{"bad host", "", "", false, withFlake, "bad host", "error: host name \"bad host\"", false},
		{"bad attr after #", "/x#a.b c", "", false, noFlake, "box", "error: \"a.b c\" after '#'", false},
		{"no flake before #", "#box", "", false, noFlake, "box", "error: system \"#box\" has no flake", false},
		{"bad system attr", "/x.nix", "a b", true, noFlake, "box", "error: system attribute \"a b\"", false},
		// A flake's folder without #, as nixos-rebuild --flake takes it:
		// said, with the reference to set, not built as a file.
		{"flake folder without #", "/etc/nixos", "system", false, withFlake, "box", "error: system /etc/nixos is a flake's folder (it holds flake.nix, no default.nix), and a flake is named with '#': set the system to /etc/nixos#box", false},
		{"folder with flake.nix and default.nix", "/etc/nixos", "system", true, func(p string) bool { return p == "/etc/nixos/flake.nix" || p == "/etc/nixos/default.nix" }, "box", "/etc/nixos -A system", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(tt.system, tt.attr, tt.attrSet, tt.host, tt.exists)
			if strings.HasPrefix(tt.want, "error: ") {
				if err == nil || !strings.HasPrefix(err.Error(), strings.TrimPrefix(tt.want, "error: ")) {
					t.Fatalf("got %v, %v; want error %q", got, err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want || got.IsFlake() != tt.flake {
				t.Fatalf("got %q (flake %v), want %q (flake %v)", got, got.IsFlake(), tt.want, tt.flake)
			}
		})
	}
}

func TestOptionTarget(t *testing.T) {
	const opt = "services.openssh.enable"
	for _, tt := range []struct {
		in   Target
		want Target
		ok   bool
	}{
		{Target{File: "<nixpkgs/nixos>", Attr: "system"}, Target{File: "<nixpkgs/nixos>", Attr: "config." + opt}, true},
		{Target{Flake: "/etc/nixos", FlakeAttr: "nixosConfigurations.host.config.system.build.toplevel"},
			Target{Flake: "/etc/nixos", FlakeAttr: "nixosConfigurations.host.config." + opt}, true},
		{Target{File: "/etc/nixos/machines.nix", Attr: "web.config.system.build.toplevel"}, Target{File: "/etc/nixos/machines.nix", Attr: "web.config." + opt}, true},
		{Target{File: "/etc/nixos/system.nix", Attr: "config.system.build.toplevel"}, Target{File: "/etc/nixos/system.nix", Attr: "config." + opt}, true},
		{Target{File: "/etc/nixos/toplevel.nix"}, Target{}, false},
		{Target{File: "/etc/nixos/x.nix", Attr: "machines.web"}, Target{}, false},
		{Target{Flake: "/etc/nixos", FlakeAttr: "packages.x86_64-linux.default"}, Target{}, false},
		{Target{Flake: "/etc/nixos", FlakeAttr: "system"}, Target{}, false},
	} {
		got, ok := tt.in.OptionTarget(opt)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%v.OptionTarget = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestJSONValues(t *testing.T) {
	vs, err := jsonValues([]byte(`true[22,80][{"from":1000,"to":2000}]`), 3)
	if err != nil || string(vs[0]) != "true" || string(vs[1]) != "[22,80]" || string(vs[2]) != `[{"from":1000,"to":2000}]` {
		t.Fatalf("jsonValues = %q, %v", vs, err)
	}
	for _, bad := range []string{"", "true", `true[1]"x"7`, "true[1"} {
		if _, err := jsonValues([]byte(bad), 2); err == nil {
			t.Errorf("jsonValues(%q, 2) took it", bad)
		}
	}
}

// FuzzJSONValues: whatever Nix printed, n values or an error, never a
// panic, and every value returned is valid JSON.
func FuzzJSONValues(f *testing.F) {
	for _, s := range []string{`true[22,80][]`, `"a""b"`, `1 2 3`, `{`, ``} {
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, out []byte, n uint8) {
		vs, err := jsonValues(out, int(n%8))
		if err != nil {
			return
		}
		if len(vs) != int(n%8) {
			t.Fatalf("%d values for n=%d", len(vs), n%8)
		}
		for _, v := range vs {
			if !json.Valid(v) {
				t.Fatalf("invalid JSON value %q", v)
			}
		}
	})
}
