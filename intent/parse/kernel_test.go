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

// TestKernelInList: "install git and linux" planned the kernel package
// into environment.systemPackages, where "install linux" alone is
// answered. A kernel among other names is answered the same way, with
// the other names suggested; quoted, a name is installed as said.
func TestKernelInList(t *testing.T) {
	for _, c := range []struct{ text, others, set string }{
		{"install git and linux", "install git", "pkgs.linuxPackages_latest; (or another"},
		{"install linux and git", "install git", "pkgs.linuxPackages_latest; (or another"},
		{"install git and linuxKernel.kernels.linux_6_1", "install git", "pkgs.linuxKernel.packages.linux_6_1;"},
		{"install git, linux_6_6 and vim", "install git vim", "pkgs.linuxPackages_6_6;"},
		{"install git, linux-rt and vim", "install git vim", "pkgs.linuxPackages-rt;"},
		{"add git and linux_zen", "install git", "pkgs.linuxPackages_zen;"},
		{"install git and \"linux\" and linux_6_6", "install git \"linux\"", "pkgs.linuxPackages_6_6;"},
	} {
		in, err := parse.Parse(c.text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %+v, %v; want not understood", c.text, in, err)
			continue
		}
		if len(nu.Suggestions) != 1 || nu.Suggestions[0].Example != c.others || !strings.Contains(nu.Hint, "boot.kernelPackages = "+c.set) ||
			!strings.Contains(nu.Hint, "does not change the running kernel") || !strings.Contains(nu.Hint, "nothing was changed") {
			t.Errorf("Parse(%q): suggestions %v, hint %q; want %q and boot.kernelPackages = %s", c.text, nu.Suggestions, nu.Hint, c.others, c.set)
		}
	}
	for text, want := range map[string][]string{
		`install git and "linux"`:           {"git", "linux"},
		`install git and "linux_6_6"`:       {"git", "linux_6_6"},
		"install git and linux-firmware":    {"git", "linux-firmware"},
		"install linux-pam, git and vim":    {"git", "linux-pam", "vim"},
		"install git and linux_logo":        {"git", "linux_logo"},
		"install git and linux-manual":      {"git", "linux-manual"},
		"install git and linuxConsoleTools": {"git", "linuxConsoleTools"},
	} {
		in, err := parse.Parse(text)
		if w := (intent.Intent{Kind: intent.Install, Packages: want}); err != nil || !reflect.DeepEqual(in, w) {
			t.Errorf("Parse(%q) = %+v, %v; want install %v", text, in, err, want)
		}
	}
}

// TestKernelRemoval: "remove linux-rt" was answered "set
// boot.kernelPackages = pkgs.linuxPackages-rt", how to run that kernel.
// A kernel package named is removed from the fragment like any package
// (ask-nix says, when the fragment does not list it, where the running
// kernel is set); a kernel said in words is answered with how to go
// back to the default kernel.
func TestKernelRemoval(t *testing.T) {
	for text, want := range map[string][]string{
		"remove linux-rt":         {"linux-rt"},
		"remove linux-libre":      {"linux-libre"},
		"uninstall linux_zen":     {"linux_zen"},
		"remove linux_6_1":        {"linux_6_1"},
		"remove git and linux-rt": {"git", "linux-rt"},
		"remove linux":            {"linux"},
	} {
		in, err := parse.Parse(text)
		if w := (intent.Intent{Kind: intent.Remove, Packages: want}); err != nil || !reflect.DeepEqual(in, w) {
			t.Errorf("Parse(%q) = %+v, %v; want remove %v", text, in, err, want)
		}
	}
	for _, text := range []string{"remove the zen kernel", "remove the linux kernel", "remove the latest kernel",
		"uninstall the kernel", "remove the realtime kernel"} {
		in, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %+v, %v; want not understood", text, in, err)
			continue
		}
		if !strings.Contains(nu.Hint, "remove the boot.kernelPackages line") || strings.Contains(nu.Hint, "set boot.kernelPackages") ||
			!strings.Contains(nu.Hint, "nothing was changed") {
			t.Errorf("Parse(%q): hint %q; want how to go back to the default kernel", text, nu.Hint)
		}
	}
}
