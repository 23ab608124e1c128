package guard_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
)

func TestOptionsCatalog(t *testing.T) {
	o := loadOptions(t)
	if o.Len() != 20919 {
		t.Errorf("Len() = %d, want 20919", o.Len())
	}
	cases := []struct {
		path  string
		typ   string
		found bool
	}{
		{"services.openssh.enable", "boolean", true},
		{"time.timeZone", "null or string without spaces", true},
		{"networking.firewall.allowedTCPPorts", "list of 16 bit unsigned integer; between 0 and 65535 (both inclusive)", true},
		// <name> placeholders answer for any name
		{"users.users.alice.shell", "null or package or (path, not containing newlines or colons)", true},
		{`services.nginx.virtualHosts."example.com".root`, "null or path", true},
		// declared keys of an attribute set, and undeclared ones
		{`boot.kernel.sysctl."net.core.rmem_max"`, "null or (unsigned integer, meaning >=0)", true},
		{`boot.kernel.sysctl."vm.swappiness"`, "sysctl option value", true},
		{"environment.variables.EDITOR", "(list of (signed integer or string or path)) or signed integer or string or path", true},
		// freeform settings of a config file
		{"services.blocky.settings.ports.dns", "YAML value", true},
		// nixpkgs.config is freeform ("nixpkgs config"); of its members
		// only allowUnfree and nvidia.acceptLicense are known, as booleans
		{"nixpkgs.config", "nixpkgs config", true},
		{"nixpkgs.config.allowUnfree", "boolean", true},
		{"nixpkgs.config.nvidia.acceptLicense", "boolean", true},
		{"nixpkgs.config.nvidia", "", false},
		{"nixpkgs.config.nvidia.acceptLicence", "", false},
		{"nixpkgs.config.allowUnfre", "", false},
		{"nixpkgs.config.allowBroken", "", false},
		{"nixpkgs.config.allowUnfree.x", "", false},
		{"services.openssh", "", false},
		{"services.openssh.enable.x", "", false},
		{"services.nosuchthing.enable", "", false},
		{"users.users.<name>.shell", "", false},
		{"", "", false},
		{"a..b", "", false},
	}
	for _, c := range cases {
		typ, found := o.Option(c.path)
		if typ != c.typ || found != c.found {
			t.Errorf("Option(%q) = %q, %v; want %q, %v", c.path, typ, found, c.typ, c.found)
		}
	}
	if found, sugg := o.Package("anything"); !found || sugg != nil {
		t.Errorf("Package() = %v, %v; Options knows no packages and must not refuse any", found, sugg)
	}
}

// "allow unfree packages" is a set-option of nixpkgs.config.allowUnfree:
// a boolean, with or without an option index, and nothing else below
// nixpkgs.config gets in with it.
func TestAllowUnfree(t *testing.T) {
	o := loadOptions(t)
	set := func(option string, v any) intent.Intent {
		return intent.Intent{Kind: intent.SetOption, Option: option, Value: v}
	}
	cases := []struct {
		in   intent.Intent
		want string
	}{
		{set("nixpkgs.config.allowUnfree", true), ""},
		{set("nixpkgs.config.allowUnfree", false), ""},
		{intent.Intent{Kind: intent.SetOption, Option: "nixpkgs.config.allowUnfree", Change: intent.ChangeUnset}, ""},
		{set("nixpkgs.config.allowUnfree", "yes"), `bad-value: value for nixpkgs.config.allowUnfree: "yes" is not true or false`},
		{set("nixpkgs.config.allowUnfree", int64(1)), "bad-value: value for nixpkgs.config.allowUnfree: 1 is not true or false"},
		{set("nixpkgs.config.allowBroken", true), "unknown-option: no NixOS option named nixpkgs.config.allowBroken (look it up on search.nixos.org/options)"},
		{set("nixpkgs.config.nvidia.acceptLicense", true), ""},
		{set("nixpkgs.config.nvidia.acceptLicense", "yes"), `bad-value: value for nixpkgs.config.nvidia.acceptLicense: "yes" is not true or false`},
		{set("nixpkgs.config", true), `unsupported-type: value for nixpkgs.config: ask-nix cannot check values of type "nixpkgs config": edit the fragment by hand`},
	}
	for _, c := range cases {
		for _, cat := range []guard.Catalog{o, nil} {
			want := c.want
			if cat == nil && strings.HasPrefix(want, "unknown-option") || cat == nil && c.in.Option == "nixpkgs.config" {
				want = "" // without an index only the form is checked
			}
			got := ""
			if err := guard.CheckIntent(c.in, cat); err != nil {
				got = refusal(t, err)
			}
			if got != want {
				t.Errorf("CheckIntent(%+v) with index %v\n got %s\nwant %s", c.in, cat != nil, got, want)
			}
		}
	}
}

func TestLoadOptionsPlainAndErrors(t *testing.T) {
	dir := t.TempDir()
	gz, err := os.ReadFile(optionsData)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "options.json")
	if err := os.WriteFile(p, plain, 0o644); err != nil {
		t.Fatal(err)
	}
	o, err := guard.LoadOptions(p)
	if err != nil {
		t.Fatal(err)
	}
	if typ, ok := o.Option("services.openssh.enable"); !ok || typ != "boolean" {
		t.Errorf("plain options.json: Option = %q, %v", typ, ok)
	}
	for name, content := range map[string]string{
		"empty.json":   "",
		"array.json":   "[1,2]",
		"broken.json":  `{"a": {"type": "boolean"`,
		"notype.json":  `{"a": {"loc": ["a"]}}`,
		"badgzip.json": "\x1f\x8bnot gzip",
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := guard.LoadOptions(p); err == nil {
			t.Errorf("LoadOptions(%s) accepted %q", name, content)
		}
	}
	_, err = guard.LoadOptions(filepath.Join(dir, "missing.json"))
	if err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("LoadOptions(missing) = %v; want an error naming the file", err)
	}
}

func BenchmarkLoadOptions(b *testing.B) {
	for b.Loop() {
		if _, err := guard.LoadOptions(optionsData); err != nil {
			b.Fatal(err)
		}
	}
}

// A group of options (services.xserver.xkb) is no option, but unset takes
// it out of the fragment whole; a path nothing is declared under stays
// refused.
func TestUnsetAGroupOfOptions(t *testing.T) {
	o := loadOptions(t)
	for path, want := range map[string]bool{"services.xserver.xkb": true, "services.openssh": true, "services.nope": false, "services.openssh.enable": false} {
		if got := o.HasOptionsUnder(path); got != want {
			t.Errorf("HasOptionsUnder(%q) = %v, want %v", path, got, want)
		}
	}
	unset := func(opt string) intent.Intent {
		return intent.Intent{Kind: intent.SetOption, Option: opt, Change: intent.ChangeUnset}
	}
	if err := guard.CheckIntent(unset("services.xserver.xkb"), o); err != nil {
		t.Errorf("unset a group: %v", err)
	}
	if err := guard.CheckIntent(unset("services.nope"), o); err == nil {
		t.Error("unset of nothing declared passed")
	}
	set := intent.Intent{Kind: intent.SetOption, Option: "services.xserver.xkb", Value: "us", Change: intent.ChangeSet}
	if err := guard.CheckIntent(set, o); err == nil {
		t.Error("a value for a group passed")
	}
}

// TestJoinedOptionItems: services.xserver.xkb.options is a string NixOS
// joins with commas; an item added or removed is checked as one XKB
// option, with the real option index and without.
func TestJoinedOptionItems(t *testing.T) {
	o := loadOptions(t)
	xo := func(change intent.Change, v any) intent.Intent {
		return intent.Intent{Kind: intent.SetOption, Option: "services.xserver.xkb.options", Change: change, Value: v}
	}
	cases := []struct {
		in   intent.Intent
		want string
	}{
		{xo(intent.ChangeAdd, "caps:swapescape"), ""},
		{xo(intent.ChangeRemove, "caps:escape"), ""},
		{xo(intent.ChangeAdd, []any{"compose:ralt", "caps:escape"}), ""},
		{xo(intent.ChangeAdd, "caps"), "bad-value"},
		{xo(intent.ChangeAdd, int64(3)), "bad-value"},
		{xo(intent.ChangeAdd, "caps:escape\"; x"), "bad-value"},
	}
	for _, c := range cases {
		for _, cat := range []guard.Catalog{o, nil} {
			got := ""
			if err := guard.CheckIntent(c.in, cat); err != nil {
				got, _, _ = strings.Cut(refusal(t, err), ":")
			}
			if got != c.want {
				t.Errorf("CheckIntent(%v %v) with index %v: %q, want %q", c.in.Change, c.in.Value, cat != nil, got, c.want)
			}
		}
	}
}
