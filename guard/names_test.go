package guard_test

import (
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// TestEveryNixpkgsNamePasses: all 124,693 real attribute paths pass the
// package-name grammar, as listed (emacsPackages.clang-format+) and as
// the fragment writes them (emacsPackages."clang-format+").
func TestEveryNixpkgsNamePasses(t *testing.T) {
	n := 0
	for _, name := range catalogtest.Attrs(t) {
		n++
		if err := guard.CheckPackageName(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		canon := fragment.Path(strings.Split(name, ".")).String()
		if err := guard.CheckPackageName(canon); err != nil {
			t.Errorf("%s written as %s: %v", name, canon, err)
		}
	}
	if n != 124693 {
		t.Fatalf("checked %d names, want 124693", n)
	}
}

func TestCheckOptionPath(t *testing.T) {
	good := []string{"services.openssh.enable", "time.timeZone", `boot.kernel.sysctl."net.ipv4.ip_forward"`,
		`services.nginx.virtualHosts."example.com".root`, "nix.settings.auto-optimise-store", "_x.y"}
	for _, p := range good {
		if err := guard.CheckOptionPath(p); err != nil {
			t.Errorf("CheckOptionPath(%q): %v", p, err)
		}
	}
	bad := map[string]string{
		"":                        "bad-option: empty option name",
		"services..x":             `bad-option: "services..x" is not a NixOS option name: write it as in Nix, like services.openssh.enable`,
		"services.x.":             `bad-option: "services.x." is not a NixOS option name: write it as in Nix, like services.openssh.enable`,
		`a."b${c}"`:               `bad-option: "a.\"b${c}\"" is not a NixOS option name: write it as in Nix, like services.openssh.enable`,
		`a."b\$c"`:                `bad-option: "a.\"b\\$c\"" is not a NixOS option name: "$" is not allowed in an option name`,
		`a."b` + "`" + `c"`:       "bad-option: \"a.\\\"b`c\\\"\" is not a NixOS option name: \"`\" is not allowed in an option name",
		"a.b\nc":                  `control-character: option name contains a control character: U+000A (line feed)`,
		"imports.x":               "bad-option: imports is part of the module system, not a NixOS option",
		"options.services":        "bad-option: options is part of the module system, not a NixOS option",
		strings.Repeat("a.", 101): "too-long: option name is too long: 202 characters (the limit is 200)",
	}
	for p, want := range bad {
		err := guard.CheckOptionPath(p)
		got := ""
		if err != nil {
			got = refusal(t, err)
		}
		if got != want {
			t.Errorf("CheckOptionPath(%q)\n got %s\nwant %s", p, got, want)
		}
	}
}
