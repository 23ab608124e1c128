package playground_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

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
