package flakeinput

import (
	"strings"
	"testing"
)

func TestValid(t *testing.T) {
	for s, want := range map[string]bool{
		"nixpkgs": true, "home-manager": true, "nixos_hardware": true, "NUR": true,
		"nixpkgs-24_11": true, "x2": true, strings.Repeat("a", MaxLen): true,
		// Nix updates no input so named on its own (flakeIdRegex).
		"2nd": false, "_x": false,
		"": false, "-x": false, "--flake": false, "home-manager/nixpkgs": false, "a b": false,
		"a;b": false, "a$b": false, "a.b": false, "ñ": false, "a\n": false, "\"a\"": false,
		strings.Repeat("a", MaxLen+1): false,
	} {
		if got := Valid(s); got != want {
			t.Errorf("Valid(%q) = %v, want %v", s, got, want)
		}
	}
}

// Every refusal says why, that nothing ran, and names the input.
func TestCheckSaysWhy(t *testing.T) {
	for s, want := range map[string]string{
		"":                       "an empty input name",
		"--flake":                `"--flake" starts with -, which Nix would read as a flag`,
		"home-manager/nixpkgs":   `"home-manager/nixpkgs" is an input of an input: ask-nix updates the flake's own inputs, and updating home-manager updates what it locks with it`,
		"nix;rm":                 `"nix;rm" is not a flake input's name: a flake input is named by a letter, then letters, digits, - and _`,
		"_x":                     `input name "_x" does not start with a letter, and Nix updates no such input on its own`,
		"2nd":                    `input name "2nd" does not start with a letter`,
		"/etc/nixos":             `"/etc/nixos" is not a flake input's name`,
		strings.Repeat("x", 101): "is 101 bytes, over 100",
	} {
		err := Check(s)
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasSuffix(err.Error(), "; nothing was run") {
			t.Errorf("Check(%q) = %v, want it to say %q and that nothing was run", s, err, want)
		}
	}
	if err := Check("nixpkgs"); err != nil {
		t.Errorf("Check(nixpkgs) = %v", err)
	}
}
