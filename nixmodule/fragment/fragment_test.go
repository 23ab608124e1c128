package fragment

import (
	"errors"
	"strings"
	"testing"
)

const canonical = `# Managed by ask-nix. Hand edits must keep this shape.
{ pkgs, ... }:
{
  environment.systemPackages = with pkgs; [
    firefox
    htop
  ];
  networking.firewall.allowedTCPPorts = [ 80 443 ];
  services.openssh.enable = true;
  time.timeZone = "Europe/Berlin";
}
`

func TestCanonicalRoundTrip(t *testing.T) {
	f, err := Parse("x.nix", []byte(canonical))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(f.Render()); got != canonical {
		t.Fatalf("render differs:\n%s\nwant:\n%s", got, canonical)
	}
}

func TestNewRenders(t *testing.T) {
	want := `# Managed by ask-nix. Hand edits must keep this shape.
{ pkgs, ... }:
{
  environment.systemPackages = with pkgs; [
  ];
}
`
	if got := string(New().Render()); got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestHandEditsNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			name: "nested attrs flatten, order sorts, comments travel",
			in: `{ config, pkgs, ... }:
{
  # ssh for remote work
  services.openssh = { enable = true; ports = [ 2222 22 ]; };
  environment.systemPackages = with pkgs; [ vim git # for work
    pkgs.htop python3Packages.requests emacsPackages."clang-format+" ];
  boot.kernelParams = [ "quiet" "splash" "quiet" ];
  users.users.alice = {};
  swapDevices = [ { size = 1024; device = "/swapfile"; } ];
  x.neg = [ (-1) 2 ];
  x.y = -3;
  # the end
}
`,
			want: `# Managed by ask-nix. Hand edits must keep this shape.
{ config, pkgs, ... }:
{
  boot.kernelParams = [ "quiet" "splash" ];
  environment.systemPackages = with pkgs; [
    emacsPackages."clang-format+"
    git # for work
    htop
    python3Packages.requests
    vim
  ];
  # ssh for remote work
  services.openssh.enable = true;
  services.openssh.ports = [ 22 2222 ];
  swapDevices = [
    {
      device = "/swapfile";
      size = 1024;
    }
  ];
  users.users.alice = { };
  x.neg = [ (-1) 2 ];
  x.y = -3;
  # the end
}
`,
		},
		{
			name: "strings keep every byte",
			in:   `{ ... }: { a = "q\"b\\s\$x$y$${z}\n\t"; b."weird name" = null; c.d.e = false; }`,
			want: `# Managed by ask-nix. Hand edits must keep this shape.
{ ... }:
{
  a = "q\"b\\s\$x\$y\$\${z}\n\t";
  b."weird name" = null;
  c.d.e = false;
}
`,
		},
		{
			name: "empty attrs merge with a setting below",
			in:   `{ ... }: { a = { }; a.b = 1; }`,
			want: "# Managed by ask-nix. Hand edits must keep this shape.\n{ ... }:\n{\n  a.b = 1;\n}\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("h.nix", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			got := string(f.Render())
			if got != tt.want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			g, err := Parse("h.nix", []byte(got))
			if err != nil {
				t.Fatalf("reparse: %v", err)
			}
			if again := string(g.Render()); again != got {
				t.Fatalf("not stable:\n%s", again)
			}
		})
	}
}

func TestParseRefusals(t *testing.T) {
	tests := []struct {
		in   string
		line int
		want string
	}{
		{"{ pkgs, ... }:\n{\n  imports = [ ./hardware.nix ];\n}", 3, `"imports" is not supported`},
		{"{ pkgs, ... }:\n{\n  a.keyFiles = [ ./key.pub ];\n}", 3, "path literals are not allowed"},
		{"{ pkgs, ... }:\nlet x = 1; in { }", 2, "expected '{' opening the module body"},
		{"{ pkgs, ... }:\n{\n  a = import <nixpkgs> {};\n}", 3, `"import" is not allowed`},
		{"{ pkgs, ... }:\n{\n  a = \"${pkgs.hello}\";\n}", 3, "antiquotation"},
		{"{ pkgs, ... }:\n{\n  a = ''x'';\n}", 3, "indented strings"},
		{"{ pkgs, ... }:\n{\n  a = lib.mkForce true;\n}", 3, `"lib" is not allowed`},
		{"{ pkgs, ... }:\n{\n  a = pkgs.hello.override { };\n}", 3, "expected ';' after the value of a"},
		{"{ pkgs, ... }:\n{\n  a = 1;\n  a = 2;\n}", 4, "a is already defined (line 3)"},
		{"{ pkgs, ... }:\n{\n  a = 1;\n  a.b = 2;\n}", 4, "cannot set a.b: a is already set to integer (line 3)"},
		{"{ pkgs, ... }:\n{\n  a = 1.5;\n}", 3, "floating-point"},
		// A line break inside a string is not one between the value
		// and what follows (fuzz: the end of file was said to follow on
		// the line the value ended on).
		{"{ pkgs, ... }:\n{\n  a = \"x\ny\" b = 1;\n}", 4, `expected ';' after the value of a, found "b"`},
		{"{}:{A=\"\n\"", 2, "expected ';' after the value of A, found end of file"},
		{"{ pkgs, ... }:\n{\n  a = [ firefox ];\n}", 3, "firefox is a variable"},
		{"{ pkgs, ... }:\n{\n  a = with lib; [ ];\n}", 3, "only `with pkgs;`"},
		{"{ pkgs, ... }:\n{\n  inherit (pkgs) hello;\n}", 3, `"inherit" is not supported`},
		{"{ pkgs ? import <nixpkgs> {}, ... }:\n{ }", 1, "default values"},
		{"{ pkgs, ... }:\n{\n  a = (1 + 2);\n}", 3, "parentheses are not allowed"},
		{"{ pkgs, ... }:\n{\n  a = true\n}", 3, "missing ';' at the end of the value of a ('}' follows on line 4)"},
		{"{ pkgs, ... }:\n{\n  a = with pkgs; [\n    hello\n  ]\n\n  b = 1;\n}", 5, `missing ';' at the end of the value of a ("b" follows on line 7)`},
		{"{ pkgs, ... }:\n{\n  a = \"open", 3, "string is not terminated"},
		{"{ pkgs, ... }:\n{\n  a = [ 1 2\n}", 4, "missing ']' closing the list opened on line 3, before '}'"},
		{"{ pkgs, ... }:\n{\n  a = with pkgs; [\n    hello\n\n  b = 1;\n}", 6, "missing ']' closing the list opened on line 3, before '='"},
		{"{ pkgs, ... }:\n{\n  a = [ 1 ;\n}", 3, "missing ']' closing the list opened on line 3, before ';'"},
		{"{ pkgs, ... }:\n{\n  a = 1;\n", 4, "missing '}'"},
		{"{ pkgs, ... }:\n{ } extra", 2, "after the end of the module"},
		{"pkgs: { }", 1, "must start with the module arguments"},
		{"{ pkgs, ... }:\n{\n  /* block */\n}", 3, "block comments"},
		{"{ pkgs, ... }:\n{\n  a = 99999999999999999999;\n}", 3, "out of range"},
		{"{ pkgs, ... }:\n{\n  a = <nixpkgs>;\n}", 3, "lookup paths"},
		{"{ pkgs, ... }:\n{\n  a = pkgs.hello or null;\n}", 3, "`or` defaults"},
	}
	for _, tt := range tests {
		_, err := Parse("/etc/nixos/nix-humanity.nix", []byte(tt.in))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: want ParseError, got %v", tt.in, err)
			continue
		}
		if pe.Line != tt.line || !strings.Contains(pe.Msg, tt.want) {
			t.Errorf("%q:\n got %v\nwant line %d containing %q", tt.in, err, tt.line, tt.want)
		}
		if !strings.HasPrefix(err.Error(), "/etc/nixos/nix-humanity.nix:") {
			t.Errorf("error does not name the file: %v", err)
		}
	}
}

func TestEdits(t *testing.T) {
	f := New()
	added, err := f.AddPackages(MustPath("htop"), MustPath("firefox"), MustPath("htop"))
	if err != nil || len(added) != 2 {
		t.Fatalf("added %v, %v", added, err)
	}
	added, _ = f.AddPackages(MustPath("firefox"))
	if len(added) != 0 {
		t.Fatalf("re-adding firefox added %v", added)
	}
	if _, _, err := f.Set(MustPath("services.openssh.enable"), Bool(true)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.AddToList(MustPath("networking.firewall.allowedTCPPorts"), Int(443), Int(80)); err != nil {
		t.Fatal(err)
	}
	old, existed, err := f.Set(MustPath("time.timeZone"), String("Europe/Berlin"))
	if err != nil || existed || old.Kind != KindNull {
		t.Fatalf("set timezone: %v %v %v", old, existed, err)
	}
	if got := string(f.Render()); got != canonical {
		t.Fatalf("got:\n%s\nwant:\n%s", got, canonical)
	}

	removed, _ := f.RemovePackages(MustPath("htop"), MustPath("nonexistent"))
	if len(removed) != 1 || removed[0].String() != "htop" {
		t.Fatalf("removed %v", removed)
	}
	if _, err := f.AddToList(MustPath("services.openssh.enable"), Int(1)); !errors.Is(err, ErrNotList) {
		t.Fatalf("list edit on a bool: %v", err)
	}
	if _, _, err := f.Set(MustPath("services.openssh.enable.x"), Bool(true)); err == nil {
		t.Fatal("setting below a boolean must conflict")
	}
	if _, _, err := f.Set(MustPath("services.openssh"), Bool(true)); err != nil {
		t.Fatalf("set replaces what is below: %v", err)
	}
	if v, _ := f.Get(MustPath("services.openssh")); !v.Equal(Bool(true)) {
		t.Fatalf("services.openssh = %v", v)
	}
	if !f.Unset(MustPath("services")) {
		t.Fatal("unset services removed nothing")
	}
	if _, ok := f.Get(MustPath("services.openssh")); ok {
		t.Fatal("unset left services.openssh")
	}
	if _, _, err := f.Set(MustPath("a"), String("nul\x00")); err == nil {
		t.Fatal("NUL accepted")
	}
}

func TestParsePath(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  bool
	}{
		{"services.openssh.enable", "services.openssh.enable", false},
		{`services.nginx.virtualHosts."example.com".root`, `services.nginx.virtualHosts."example.com".root`, false},
		{"nerd-fonts.fira-code", "nerd-fonts.fira-code", false},
		{`emacsPackages."term+mux"`, `emacsPackages."term+mux"`, false},
		{"a..b", "", true},
		{"a.", "", true},
		{"1a", "", true},
		{`a."${x}"`, "", true},
		// Escapes read as Nix reads them, as String writes them.
		{`a."\${x}"`, `a."\${x}"`, false},
		{`a."x\ny\tz\r"`, `a."x\ny\tz\r"`, false},
		{`a."\q"`, "a.q", false},
		{"", "", true},
	}
	for _, tt := range tests {
		p, err := ParsePath(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("%q: err %v", tt.in, err)
			continue
		}
		if err == nil && p.String() != tt.want {
			t.Errorf("%q: got %q", tt.in, p.String())
		}
	}
}

func TestShadowedNamesInWithPkgs(t *testing.T) {
	if _, err := Parse("s.nix", []byte("{ pkgs, ... }: { a = with pkgs; [ map ]; }")); err == nil || !strings.Contains(err.Error(), "write pkgs.map") {
		t.Fatalf("bare builtin in with pkgs: %v", err)
	}
	f, err := Parse("s.nix", []byte("{ config, pkgs, ... }: { a = with pkgs; [ pkgs.config.x pkgs.__curPos pkgs.hello ]; }"))
	if err != nil {
		t.Fatal(err)
	}
	want := "  a = with pkgs; [\n    pkgs.__curPos\n    pkgs.config.x\n    hello\n  ];\n"
	if got := string(f.Render()); !strings.Contains(got, want) {
		t.Fatalf("got:\n%s\nwant it to contain:\n%s", got, want)
	}
}
