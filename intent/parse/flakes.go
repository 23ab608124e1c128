package parse

import "github.com/nix-humanity/nix-humanity/intent"

// experimentalFeatures is the NixOS option that turns on Nix's
// experimental features, flakes among them.
const experimentalFeatures = "nix.settings.experimental-features"

// flakeUseLead ask for flakes without a switch verb: "I want to use
// flakes".
var flakeUseLead []phrase

// ruleFlakes: "enable flakes", "turn on nix flakes", "enable the nix
// command", "enable flakes and nix-command", "disable flakes". Flakes are
// the most asked-for setting that is not a service: enabling them adds
// "flakes" and "nix-command" to nix.settings.experimental-features (the
// flake commands are nix-command ones, so flakes alone leave `nix build`
// refusing); disabling removes only what was named.
func ruleFlakes(text string, ts []token) (intent.Intent, bool, error) {
	if in, ok := flakesAsked(ts); ok {
		return in, true, nil
	}
	kind, n := switchVerb(ts)
	if n == 0 {
		// "I want to use flakes", "use nix flakes": on.
		kind, n = intent.EnableService, prefix(ts, flakeUseLead)
	}
	if n == 0 || n == len(ts) {
		return intent.Intent{}, false, nil
	}
	flakes, command, experimental := false, false, false
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
		case "experimental", "feature", "features":
			experimental = true
		case "nix", "the", "new", "and", "&", "support", "for", "please", "too", "also", "on", "off", "all", "nix's", "permanently", "globally", "system-wide":
		default:
			return intent.Intent{}, false, nil
		}
	}
	if !flakes && !command {
		if experimental && kind == intent.EnableService {
			// "turn on experimental features": which ones is not said;
			// flakes are what people mean nearly always.
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(intent.SetOption, "enable flakes"), sug(intent.SetOption, "enable the nix command")},
				Hint:        "say which experimental features: \"enable flakes\" adds flakes and nix-command to nix.settings.experimental-features, \"enable the nix command\" nix-command alone; others go in nix.settings.experimental-features in your NixOS configuration; nothing was changed"}
		}
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

// flakesAskedWords are the words of a question whether flakes are on.
var flakesAskedWords map[string]bool

// flakesAsked reads "are flakes enabled", "do I have flakes on", "is
// flake support enabled": the experimental features shown, never turned
// on ("is ssh enabled" was suggested).
func flakesAsked(ts []token) (intent.Intent, bool) {
	if len(ts) < 2 || ts[0].quoted {
		return intent.Intent{}, false
	}
	switch ts[0].w {
	case "are", "is", "do", "does", "can":
	default:
		return intent.Intent{}, false
	}
	flakes := false
	for _, t := range ts[1:] {
		switch {
		case t.quoted:
			return intent.Intent{}, false
		case t.w == "flakes" || t.w == "flake" || t.w == "nix-flakes":
			flakes = true
		case !flakesAskedWords[t.w]:
			return intent.Intent{}, false
		}
	}
	if !flakes {
		return intent.Intent{}, false
	}
	return intent.Intent{Kind: intent.ShowOption, Option: experimentalFeatures}, true
}

// loadFlakesTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadFlakesTables() {
	flakeUseLead = phrases("use", "i want to use", "i would like to use", "i need", "i want", "let me use", "i need to use", "start using")
	flakesAskedWords = map[string]bool{"are": true, "is": true, "do": true, "does": true, "i": true, "we": true, "have": true,
		"nix": true, "enabled": true, "on": true, "turned": true, "active": true, "activated": true, "the": true, "support": true,
		"for": true, "supported": true, "working": true, "experimental": true, "feature": true, "features": true, "my": true, "system": true,
		"nixos": true, "can": true, "use": true, "available": true}
}
