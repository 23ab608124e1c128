package parse

import "github.com/nix-humanity/nix-humanity/intent"

// applyActionVocab are the other words of "test the new configuration
// without switching", "build it but don't activate", "apply the changes
// at the next boot".
var applyActionVocab map[string]bool

// ruleApplyAction: a pass with one of nixos-rebuild's other actions,
// once: "test the configuration" (live until reboot, no generation),
// "build it but don't switch" (nothing activated), "apply the changes at
// the next boot" (the boot default only). Every word must belong to the
// vocabulary, and the verbs say which action: so "build firefox" or
// "test port 80" are read as they were before.
func ruleApplyAction(text string, ts []token) (intent.Intent, bool, error) {
	if asksQuestion(ts) {
		return intent.Intent{}, false, nil
	}
	var test, build, buildOnly, boot, apply, switchWord, activate, reboot, negated, object bool
	for i, t := range ts {
		if t.quoted {
			return intent.Intent{}, false, nil
		}
		switch t.w {
		case "test", "testing":
			test = true
		case "try":
			// "try the new configuration", but not "try it out", which
			// is said of programs (a shell, see ruleOutOfScope).
			test = has(ts, "configuration", "config", "changes", "change", "system", "edits")
		case "build", "rebuild", "building":
			// "rebuild" is nixos-rebuild's word for the whole of it;
			// "build" said alone with its object is the build only.
			build = true
			buildOnly = buildOnly || t.w == "build"
		case "boot", "reboot", "restart", "startup":
			if t.w == "boot" && i == 0 {
				boot = true // "boot into the new configuration"
			}
			reboot = true
		case "apply", "deploy":
			apply = true
		case "switch", "switching":
			switchWord = true
		case "activate", "activating", "activation":
			activate = true
		case "not", "don't", "dont", "without", "no":
			negated = true
		case "configuration", "config", "changes", "change", "it", "system", "edits", "them":
			object = true
			fallthrough
		default:
			if !applyActionVocab[t.w] && !stopwords[t.lem] {
				return intent.Intent{}, false, nil
			}
		}
	}
	switch {
	case test && !build && !boot && object && (!reboot || has(ts, "until", "till")):
		// "test the configuration", "test it until reboot", "try the new
		// config without switching"
		return intent.Intent{Kind: intent.Apply, Action: "test"}, true, nil
	case build && !test && negated && (switchWord || activate || apply):
		// "build but don't switch", "rebuild without activating"
		return intent.Intent{Kind: intent.Apply, Action: "build"}, true, nil
	case buildOnly && !test && !negated && !switchWord && !activate && !apply && !reboot && object:
		// "build the configuration", "just build it"
		return intent.Intent{Kind: intent.Apply, Action: "build"}, true, nil
	case (boot || reboot && (apply || switchWord || activate || build)) && !test && has(ts, "next", "after", "on", "at", "into") && object && !negated:
		// "apply the changes at the next boot", "boot into the new
		// configuration next time", "switch to it after reboot"
		return intent.Intent{Kind: intent.Apply, Action: "boot"}, true, nil
	}
	return intent.Intent{}, false, nil
}

// rulePreview reads "preview the changes", "what would change if I
// rebuild", "show me what will change": a build, whose packages are then
// compared with the current generation's, as nh and nvd show them before
// a switch. It runs before the questions about what changed.
func rulePreview(text string, ts []token) (intent.Intent, bool, error) {
	var rest []token
	if ts[0].w == "preview" {
		rest = ts[1:]
	} else {
		j := -1
		for k := 0; k+2 < len(ts) && k <= 3; k++ {
			if ts[k].w == "what" && (ts[k+1].w == "would" || ts[k+1].w == "will") && ts[k+2].lem == "change" {
				j = k
				break
			}
		}
		if j < 0 {
			return intent.Intent{}, false, nil
		}
		for _, t := range ts[:j] {
			if t.w != "show" && t.w != "tell" && t.w != "me" && t.w != "us" && !stopwords[t.lem] {
				return intent.Intent{}, false, nil
			}
		}
		rest = ts[j+3:]
	}
	for _, t := range rest {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case applyActionVocab[t.w] || stopwords[t.lem]:
		case t.w == "if" || t.w == "apply" || t.w == "rebuild" || t.w == "switch" || t.w == "changes" || t.w == "update":
		default:
			return intent.Intent{}, false, nil
		}
	}
	return intent.Intent{Kind: intent.Apply, Action: "build"}, true, nil
}

// loadApplyactionTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadApplyactionTables() {
	applyActionVocab = map[string]bool{
		"the": true, "my": true, "new": true, "configuration": true, "config": true, "system": true,
		"changes": true, "change": true, "it": true, "this": true, "them": true, "edit": true, "edits": true,
		"but": true, "without": true, "not": true, "don't": true, "dont": true, "do": true, "no": true,
		"only": true, "just": true, "first": true, "for": true, "now": true, "at": true, "on": true,
		"after": true, "next": true, "time": true, "until": true, "till": true, "into": true, "in": true,
		"a": true, "nixos": true, "out": true, "pending": true, "latest": true, "me": true,
	}
}
