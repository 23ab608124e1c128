package intent_test

import (
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
)

func TestPythonNote(t *testing.T) {
	for _, c := range []struct {
		pkgs []string
		want string
	}{
		{[]string{"python3", "python3Packages.numpy"},
			"python3Packages.numpy in systemPackages is not importable by python3; for a Python with numpy, put (python3.withPackages (ps: [ ps.numpy ])) in configuration.nix (ask-nix's file holds no functions, so it cannot write that)"},
		{[]string{"python3Packages.numpy", "python3Packages.requests"},
			"python3Packages.numpy and python3Packages.requests in systemPackages are not importable by python3; for a Python with them, put (python3.withPackages (ps: [ ps.numpy ps.requests ])) in configuration.nix (ask-nix's file holds no functions, so it cannot write that)"},
		{[]string{"python312Packages.requests"},
			"python312Packages.requests in systemPackages is not importable by python312; for a Python with requests, put (python312.withPackages (ps: [ ps.requests ])) in configuration.nix (ask-nix's file holds no functions, so it cannot write that)"},
		{[]string{`python3Packages."foo+bar"`},
			`python3Packages."foo+bar" in systemPackages is not importable by python3; for a Python with "foo+bar", put (python3.withPackages (ps: [ ps."foo+bar" ])) in configuration.nix (ask-nix's file holds no functions, so it cannot write that)`},
		// No Python package set: no note.
		{[]string{"python3", "firefox"}, ""},
		{[]string{"haskellPackages.pandoc", "perlPackages.JSON", "pythonista.x", "pythonxPackages.y", "python3Packages"}, ""},
		{nil, ""},
	} {
		if got := intent.PythonNote(c.pkgs); got != c.want {
			t.Errorf("PythonNote(%q)\n got %q\nwant %q", c.pkgs, got, c.want)
		}
	}
}
