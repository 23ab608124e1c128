package parse

import "github.com/nix-humanity/nix-humanity/intent"

// experimentalFeatures is the NixOS option that turns on Nix's
// experimental features, flakes among them.
const experimentalFeatures = "nix.settings.experimental-features"

// ruleFlakes: "enable flakes", "turn on nix flakes", "enable the nix
// command", "enable flakes and nix-command", "disable flakes". Flakes are
// the most asked-for setting that is not a service: enabling them adds
// "flakes" and "nix-command" to nix.settings.experimental-features (the
// flake commands are nix-command ones, so flakes alone leave `nix build`
// refusing); disabling removes only what was named.
func ruleFlakes(text string, ts []token) (intent.Intent, bool, error) {
	kind, n := switchVerb(ts)
	if n == 0 || n == len(ts) {
		return intent.Intent{}, false, nil
	}
	flakes, command := false, false
	for _, t := range ts[n:] {
		if t.quoted {
			return intent.Intent{}, false, nil
		}
		switch t.w {
		case "flakes", "flake", "nix-flakes":
			flakes = true
		case "nix-command":
			command = true
		case "command", "cli":
			// "the nix command", "the new nix cli"
			command = true
		case "nix", "the", "new", "and", "&", "support", "feature", "features", "experimental", "for", "please", "too", "also", "on", "off":
		default:
			return intent.Intent{}, false, nil
		}
	}
	if !flakes && !command {
		return intent.Intent{}, false, nil
	}
	in := intent.Intent{Kind: intent.SetOption, Option: experimentalFeatures, Change: intent.ChangeAdd}
	var items []any
	if kind == intent.EnableService {
		// Flakes need the nix command; the nix command alone is fine.
		if flakes {
			items = []any{"flakes", "nix-command"}
		} else {
			items = []any{"nix-command"}
		}
	} else {
		in.Change = intent.ChangeRemove
		if flakes {
			items = append(items, "flakes")
		}
		if command {
			items = append(items, "nix-command")
		}
	}
	if len(items) == 1 {
		in.Value = items[0]
	} else {
		in.Value = items
	}
	return in, true, nil
}
