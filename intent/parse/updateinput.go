package parse

import (
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// inputVerbs say updating a flake input ("bump nixpkgs");
// inputFillers are the words ruleUpdateInput reads past.
var (
	inputVerbs   map[string]bool
	inputFillers map[string]bool
	inputWords   map[string]bool
)

// ruleUpdateInput: "update nixpkgs", "update only the nixpkgs input",
// "update the home-manager and nixpkgs inputs", "update input
// nixpkgs", and Nix's own commands for it ("nix flake update nixpkgs",
// "nix flake lock --update-input nixpkgs"): an update of those flake
// inputs alone. Without the word input only nixpkgs is taken for one
// ("update firefox" is a package). The names are kept as typed (input
// names are case-sensitive, nixpkgs aside); one outside the rule is the guard's to
// refuse. Other words ("update nixpkgs and reboot") are other rules'.
func ruleUpdateInput(_ string, ts []token) (intent.Intent, bool, error) {
	if len(ts) < 2 {
		return intent.Intent{}, false, nil
	}
	if names, ok := nixInputCommand(ts); ok {
		return intent.Intent{Kind: intent.Update, Inputs: names}, true, nil
	}
	i := 0
	for i < len(ts) && !ts[i].quoted && (ts[i].w == "please" || ts[i].w == "just" || ts[i].w == "only" || ts[i].w == "now") {
		i++
	}
	if i >= len(ts) || ts[i].quoted || !inputVerbs[ts[i].w] {
		return intent.Intent{}, false, nil
	}
	var words []token
	said := 0 // "input" or "inputs"
	for _, t := range ts[i+1:] {
		switch {
		case t.quoted:
			words = append(words, t)
		case inputFillers[t.w]:
		case inputWords[t.w]:
			said++
			words = append(words, t)
		default:
			words = append(words, t)
		}
	}
	isInput := func(t token) bool { return !t.quoted && inputWords[t.w] }
	var names []token
	switch n := len(words); {
	case said == 0 && n == 1 && words[0].w == "nixpkgs":
		names = words
	case said == 1 && n == 1:
		// "update every input", "update the flake's inputs": all.
		return intent.Intent{Kind: intent.Update}, true, nil
	case said != 1 || n < 2:
		return intent.Intent{}, false, nil
	case isInput(words[n-1]):
		names = words[:n-1] // "the nixpkgs input"
	case isInput(words[0]):
		names = words[1:] // "input nixpkgs"
	default:
		return intent.Intent{}, false, nil
	}
	in := intent.Intent{Kind: intent.Update}
	for _, t := range names {
		if t.raw == "" || !t.quoted && (systemWide[t.w] || updateSources[t.w] && t.w != "nixpkgs") {
			// "update all inputs", "update the system's flake inputs":
			// every input.
			return intent.Intent{}, false, nil
		}
		name := t.raw
		if !t.quoted && t.w == "nixpkgs" {
			name = "nixpkgs" // "UPDATE NIXPKGS"; other names as typed
		}
		if !slices.Contains(in.Inputs, name) {
			in.Inputs = append(in.Inputs, name)
		}
	}
	return in, true, nil
}

// nixInputCommand reads Nix's commands for updating some inputs: "nix
// flake update nixpkgs home-manager" (Nix 2.19 and later) and "nix flake
// lock --update-input nixpkgs" (before). A flake named in them (a path,
// a URL, --flake) is a setting, not a request's word: not these.
func nixInputCommand(ts []token) ([]string, bool) {
	if len(ts) < 4 || ts[0].w != "nix" || ts[1].w != "flake" {
		return nil, false
	}
	var names []string
	for _, t := range ts {
		if t.quoted {
			return nil, false
		}
	}
	switch ts[2].w {
	case "update":
		for _, t := range ts[3:] {
			if strings.HasPrefix(t.raw, "-") || strings.ContainsAny(t.raw, "/:.#") {
				return nil, false
			}
			names = append(names, t.raw)
		}
	case "lock":
		for k := 3; k < len(ts); k += 2 {
			if ts[k].w != "--update-input" || k+1 >= len(ts) || strings.HasPrefix(ts[k+1].raw, "-") {
				return nil, false
			}
			names = append(names, ts[k+1].raw)
		}
	default:
		return nil, false
	}
	var out []string
	for _, n := range names {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, len(out) > 0
}

// loadUpdateinputTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadUpdateinputTables() {
	inputVerbs = set("update", "upgrade", "refresh", "bump")
	inputFillers = set("the", "my", "only", "just", "flake", "flake's", "please", "now", "and", "to", "latest",
		"newest", "version", "its", "in", "of", "from", "lock", "flake.lock", "alone", "every", "each", "all")
	inputWords = set("input", "inputs")
}
