package parse_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestUpdateInputs: an update of some flake inputs alone, said in words
// or as Nix's own commands for it; the system's whole update keeps its
// readings, and "input" words with no name are every input.
func TestUpdateInputs(t *testing.T) {
	only := func(names ...string) intent.Intent { return intent.Intent{Kind: intent.Update, Inputs: names} }
	all := intent.Intent{Kind: intent.Update}
	for _, tc := range []struct {
		text string
		want intent.Intent
	}{
		{"update nixpkgs", only("nixpkgs")},
		{"Update nixpkgs.", only("nixpkgs")},
		{"UPDATE NIXPKGS", only("nixpkgs")},
		{"upgrade nixpkgs", only("nixpkgs")},
		{"bump nixpkgs", only("nixpkgs")},
		{"just update nixpkgs", only("nixpkgs")},
		{"update nixpkgs to the latest version", only("nixpkgs")},
		{"update only the nixpkgs input", only("nixpkgs")},
		{"update the nixpkgs flake input please", only("nixpkgs")},
		{"update home-manager input", only("home-manager")},
		{"update the home-manager input", only("home-manager")},
		{"refresh the nixos-hardware input", only("nixos-hardware")},
		{"update input nixpkgs", only("nixpkgs")},
		{"update the inputs nixpkgs and home-manager", only("nixpkgs", "home-manager")},
		{"update the home-manager and nixpkgs inputs", only("home-manager", "nixpkgs")},
		{"update the nixpkgs and nixpkgs inputs", only("nixpkgs")},
		{"update the NUR input", only("NUR")}, // names as typed: Nix's are case-sensitive
		{"update 'nixpkgs' input", only("nixpkgs")},
		// Nix's commands for it.
		{"nix flake update nixpkgs", only("nixpkgs")},
		{"nix flake update nixpkgs home-manager", only("nixpkgs", "home-manager")},
		{"nix flake lock --update-input nixpkgs", only("nixpkgs")},
		{"nix flake lock --update-input nixpkgs --update-input home-manager", only("nixpkgs", "home-manager")},
		// Every input, as before.
		{"update my system", all},
		{"update the flake inputs", all},
		{"update all inputs", all},
		{"update every input", all},
		{"update the inputs", all},
		{"update the system inputs", all},
		{"nix flake update", all},
		// A name outside the rule is kept for the guard to refuse,
		// never changed into another.
		{"update the foo.bar input", only("foo.bar")},
	} {
		got, err := parse.Parse(tc.text)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tc.text, got, err, tc.want)
		}
	}
	// Not an update of inputs: a package, more than an update, or a
	// flake named in Nix's command (a setting).
	for _, text := range []string{
		"update firefox",
		"update nixpkgs and reboot",
		"update nixpkgs input and install firefox",
		"update nixpkgs automatically",
		"don't update nixpkgs",
		"how do i update nixpkgs",
		"nix flake update /etc/nixos",
		"nix flake update nixpkgs --flake /etc/nixos",
		"nix flake lock /etc/nixos --update-input nixpkgs",
	} {
		if got, err := parse.Parse(text); err == nil && len(got.Inputs) > 0 {
			t.Errorf("Parse(%q) = %+v; want no update of inputs", text, got)
		}
	}
}

// FuzzUpdateInputs: an update of some inputs names each one once, as a
// word of the request, never one the request did not say.
func FuzzUpdateInputs(f *testing.F) {
	for _, s := range []string{"update nixpkgs", "update the home-manager and nixpkgs inputs", "update input a b",
		"nix flake update a a", "nix flake lock --update-input --update-input", "update 'a b' input",
		"update the input", "update inputs inputs", "update ’x’ input", "update (nixpkgs) input",
		"nix flake update nixpkgs, home-manager", "update the nixpkgs-unstable, home-manager input", "Update NixPkgs.",
		"update «nixpkgs» input", "nix flake lock --update-input nixpkgs --update-input nixpkgs"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		in, err := parse.Parse(text)
		if err != nil || len(in.Inputs) == 0 {
			return
		}
		if in.Kind != intent.Update {
			t.Fatalf("Parse(%q) = %+v: inputs on a %s", text, in, in.Kind)
		}
		seen := map[string]bool{}
		raw, lower := parse.Words(text)
		for _, n := range in.Inputs {
			if n == "" || seen[n] {
				t.Fatalf("Parse(%q) inputs %q: an empty or repeated name", text, in.Inputs)
			}
			seen[n] = true
			// A whole word of it, as typed (nixpkgs in any case), not
			// a part of one.
			if !slices.Contains(raw, n) && !(n == "nixpkgs" && slices.Contains(lower, n)) {
				t.Fatalf("Parse(%q) inputs %q: %q is no word of the request (words %q)", text, in.Inputs, n, raw)
			}
		}
		// As many names as the request has words past the verb.
		if len(in.Inputs) >= len(raw) {
			t.Fatalf("Parse(%q) inputs %q from %d words", text, in.Inputs, len(raw))
		}
		if again, err := parse.Parse(text); err != nil || !slices.Equal(again.Inputs, in.Inputs) {
			t.Fatalf("Parse(%q) read twice: %q, then %q (%v)", text, in.Inputs, again.Inputs, err)
		}
		if slices.Contains(in.Inputs, "input") || slices.Contains(in.Inputs, "inputs") {
			t.Fatalf("Parse(%q) inputs %q: the word input taken for a name", text, in.Inputs)
		}
	})
}
