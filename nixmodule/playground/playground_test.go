package playground_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
)

func TestWriteKeepsTheFragment(t *testing.T) {
	dir := t.TempDir()
	l, err := playground.Write(dir, playground.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{l.Config, l.Fragment, filepath.Join(l.SystemDir, "default.nix"), filepath.Join(l.SystemDir, "nixos.nix"), filepath.Join(l.SystemDir, "pkgs.nix")} {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("missing %s", p)
		}
	}
	edited := []byte("{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [ hello ];\n}\n")
	if err := os.WriteFile(l.Fragment, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := playground.Write(dir, playground.Options{HealthCheck: true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(l.Fragment); string(got) != string(edited) {
		t.Fatalf("setting up again replaced the fragment:\n%s", got)
	}
	cfg, _ := os.ReadFile(l.Config)
	if !strings.Contains(string(cfg), "standin-health-check") {
		t.Fatalf("config.json lacks the health check:\n%s", cfg)
	}
}

// A folder name with quotes, dollars and spaces must reach Nix as the
// same path, not as Nix code.
func TestStrangeFolderNameEvaluates(t *testing.T) {
	nixruntest.RequireNix(t)
	dir := filepath.Join(t.TempDir(), `play "ground" ${x} $y`)
	l, err := playground.Write(dir, playground.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("nix-build", l.SystemDir, "-A", "system", "--out-link", filepath.Join(dir, "result")).CombinedOutput()
	if err != nil {
		t.Fatalf("nix-build: %v\n%s", err, out)
	}
	top := filepath.Join(dir, "result")
	if err := exec.CommandContext(context.Background(), filepath.Join(top, "bin", "switch-to-configuration"), "test").Run(); err != nil {
		t.Fatal(err)
	}
	acts, err := playground.ReadActivations(l)
	if err != nil || len(acts) != 1 || acts[0].Action != "test" {
		t.Fatalf("activations %+v %v", acts, err)
	}
	target, err := os.Readlink(filepath.Join(l.RunDir, "current-system"))
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := os.Readlink(top); target != want {
		t.Fatalf("current-system -> %s, want %s", target, want)
	}
}

// The stand-in's own checks: what NixOS would refuse, it refuses.
func TestStandinRefusesWhatNixOSWould(t *testing.T) {
	nixruntest.RequireNix(t)
	tests := []struct {
		name, fragment, want string
	}{
		{"unknown package", "{ pkgs, ... }: { environment.systemPackages = with pkgs; [ hello notapackage ]; }", "undefined variable 'notapackage'"},
		{"unknown attribute", "{ pkgs, ... }: { environment.systemPackages = [ pkgs.python3Packages.nope ]; }", "attribute 'nope' missing"},
		{"not a package", "{ pkgs, ... }: { environment.systemPackages = [ \"hello\" ]; }", "environment.systemPackages' is not of the right type"},
		{"bad option type", "{ ... }: { standin.failActivation = \"yes\"; }", "standin.failActivation' is not of the right type"},
		// nixpkgs' own refusal of an unfree package (check-meta.nix).
		{"unfree package", "{ pkgs, ... }: { environment.systemPackages = with pkgs; [ hello google-chrome ]; }", "error: Package ‘google-chrome-131.0’ in "},
		{"unfree package, allowUnfree false", "{ pkgs, ... }: { environment.systemPackages = with pkgs; [ google-chrome ]; nixpkgs.config.allowUnfree = false; }", " has an unfree license (‘unfree’), refusing to evaluate."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := playground.Write(t.TempDir(), playground.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(l.Fragment, []byte(tt.fragment), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("nix-instantiate", l.SystemDir, "-A", "system").CombinedOutput()
			if err == nil || !strings.Contains(string(out), tt.want) {
				t.Fatalf("err %v, output:\n%s", err, out)
			}
		})
	}
}

// The unfree stand-in: listed with its license like nixpkgs' packages
// (nix-env reads its meta without evaluating it), and built once the
// system's nixpkgs.config.allowUnfree is true.
func TestStandinUnfreePackage(t *testing.T) {
	nixruntest.RequireNix(t)
	l, err := playground.Write(t.TempDir(), playground.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("nix-env", "-f", filepath.Join(l.SystemDir, "pkgs.nix"), "-qaP", "--json", "--meta", "google-chrome").Output()
	if err != nil {
		t.Fatalf("nix-env: %v", err)
	}
	pkgs, _, _, err := source.ParsePackages(out)
	if err != nil || len(pkgs) != 1 || pkgs[0].Attr != "google-chrome" || !pkgs[0].Unfree {
		t.Errorf("nix-env lists google-chrome without its unfree license: %+v %v\n%s", pkgs, err, out)
	}
	frag := "{ pkgs, ... }: { environment.systemPackages = with pkgs; [ google-chrome ]; nixpkgs.config.allowUnfree = true; }"
	if err := os.WriteFile(l.Fragment, []byte(frag), 0o644); err != nil {
		t.Fatal(err)
	}
	res := filepath.Join(l.Dir, "result")
	if out, err := exec.Command("nix-build", l.SystemDir, "-A", "system", "--out-link", res).CombinedOutput(); err != nil {
		t.Fatalf("nix-build with allowUnfree = true: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(res, "sw", "bin", "google-chrome")); err != nil {
		t.Error(err)
	}
}

// WriteFlake's inputs are declared before the outputs, folders that are
// no flakes, and passed to the outputs in the order given; a name that
// cannot be an argument of the outputs writes nothing.
func TestWriteFlakeInputs(t *testing.T) {
	l := playground.Layout{RunDir: "/run/pg", ActivationLog: "/run/pg/log"}
	for _, tc := range []struct {
		name   string
		inputs []playground.FlakeInput
		head   string // flake.nix up to the outputs' body; "" for an error
	}{
		{"none", nil, "{\n  outputs = { self }: {\n"},
		{"two", []playground.FlakeInput{{Name: "dep", Path: "/tmp/dep"}, {Name: "dep2", Path: "/tmp/a b"}},
			"{\n  inputs.dep = { url = \"path:/tmp/dep\"; flake = false; };\n  inputs.dep2 = { url = \"path:/tmp/a b\"; flake = false; };\n  outputs = { self, dep, dep2 }: {\n"},
		{"self", []playground.FlakeInput{{Name: "self", Path: "/tmp/dep"}}, ""},
		{"no identifier", []playground.FlakeInput{{Name: "a.b", Path: "/tmp/dep"}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "flake")
			err := playground.WriteFlake(dir, l, "box", tc.inputs...)
			if tc.head == "" {
				if _, serr := os.Stat(dir); err == nil || !strings.Contains(err.Error(), "nothing was written") || !os.IsNotExist(serr) {
					t.Fatalf("WriteFlake: %v; the folder: %v", err, serr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(dir, "flake.nix"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(b), tc.head+"    nixosConfigurations.\"box\" = let\n") {
				t.Errorf("flake.nix:\n%s\nwant it to begin:\n%s", b, tc.head)
			}
		})
	}
}
