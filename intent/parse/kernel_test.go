package parse_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestKernelInstall: "install linux" put the kernel package into
// environment.systemPackages, which does not change the kernel that runs.
// A kernel asked to be installed is answered with boot.kernelPackages and
// the package set to set it to, and nothing is written.
func TestKernelInstall(t *testing.T) {
	for text, set := range map[string]string{
		"install linux":                         "pkgs.linuxPackages_latest; (or another",
		"install the linux kernel":              "pkgs.linuxPackages_latest; (or another",
		"install kernel":                        "pkgs.linuxPackages_latest; (or another",
		"install linux_6_6":                     "pkgs.linuxPackages_6_6;",
		"install linux_latest":                  "pkgs.linuxPackages_latest;",
		"install linux-rt":                      "pkgs.linuxPackages-rt;",
		"install the zen kernel":                "pkgs.linuxPackages_zen;",
		"install linuxKernel.kernels.linux_zen": "pkgs.linuxKernel.packages.linux_zen;",
		"i need linux_6_12_hardened":            "pkgs.linuxPackages_6_12_hardened;",
	} {
		in, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %+v, %v; want not understood", text, in, err)
			continue
		}
		if len(nu.Suggestions) > 0 || !strings.Contains(nu.Hint, "boot.kernelPackages = "+set) ||
			!strings.Contains(nu.Hint, "does not change the running kernel") || !strings.Contains(nu.Hint, "nothing was changed") {
			t.Errorf("Parse(%q): suggestions %v, hint %q; want none, and boot.kernelPackages = %s", text, nu.Suggestions, nu.Hint, set)
		}
	}
	// Packages whose names start like a kernel's are packages.
	for _, name := range []string{"linux_logo", "linux-firmware", "linux-pam", "linux-manual"} {
		in, err := parse.Parse("install " + name)
		if want := (intent.Intent{Kind: intent.Install, Packages: []string{name}}); err != nil || !reflect.DeepEqual(in, want) {
			t.Errorf("Parse(install %s) = %+v, %v; want it installed", name, in, err)
		}
	}
}
