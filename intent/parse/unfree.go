package parse

import "github.com/nix-humanity/nix-humanity/intent"

// AllowUnfreeOption is the nixpkgs setting that lets NixOS build packages
// whose license is not free (Chrome, VS Code, Steam, ...).
const AllowUnfreeOption = "nixpkgs.config.allowUnfree"

// ruleUnfree: "allow unfree packages", "enable non-free software", "I
// want to install unfree software" set nixpkgs.config.allowUnfree to true;
// "disallow unfree packages", "forbid proprietary software", "I don't want
// unfree packages" unset it.
//
// Disallowing unsets rather than writing false: false is nixpkgs'
// default, so removing the fragment's permission is all the fragment can
// honestly do. A false of its own would not even win against a true in
// the user's configuration.nix (NixOS merges nixpkgs.config by
// overriding, in module order, not by refusing the conflict), and it
// would stay behind as clutter after the user changed their mind.
//
// Every word must belong to the rule's small vocabulary, so a request
// that says more ("search unfree", "remove unfree-thing") goes on to the
// other rules. The request allows unless its negations (disallow, not,
// stop, off, ...) are odd in number: "do not allow" disallows, "stop
// disallowing" allows.
func ruleUnfree(text string, ts []token) (intent.Intent, bool, error) {
	// "do I allow unfree?", "is unfree software allowed", "does nixos
	// allow proprietary software": a question, answered with the
	// setting's value, never written. ("why can't I ..." stays not
	// understood.)
	question := len(ts) > 1 && !ts[0].quoted && (ts[0].w == "is" || ts[0].w == "are" ||
		(ts[0].w == "do" || ts[0].w == "does") && !ts[1].quoted && questionSubjects[ts[1].w])
	found, allow, negations := false, false, 0
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case question && i == 0:
		case unfreeWords[t.w]:
			found = true
		case (t.w == "non" || t.w == "closed") && i+1 < len(ts) && !ts[i+1].quoted &&
			(t.w == "non" && ts[i+1].w == "free" || t.w == "closed" && ts[i+1].w == "source"):
			found = true
			i++
		case unfreeAllow[t.lem]:
			allow = true
		case unfreeDeny[t.lem]:
			negations++
		case unfreeFillers[t.lem]:
		default:
			return intent.Intent{}, false, nil
		}
	}
	if !found {
		return intent.Intent{}, false, nil
	}
	if question {
		return intent.Intent{Kind: intent.ShowOption, Option: AllowUnfreeOption}, true, nil
	}
	if !allow && negations == 0 {
		return intent.Intent{}, true, notUnderstoodWith(text,
			sug(intent.SetOption, "allow unfree packages"), sug(intent.SetOption, "disallow unfree packages"))
	}
	if negations%2 == 1 {
		return intent.Intent{Kind: intent.SetOption, Option: AllowUnfreeOption, Change: intent.ChangeUnset}, true, nil
	}
	return intent.Intent{Kind: intent.SetOption, Option: AllowUnfreeOption, Value: true}, true, nil
}

// questionSubjects follow "do" or "does" in a question ("do I", "does
// nixos"), never in a request ("do not allow").
var questionSubjects map[string]bool

// The tables of this file, built by loadUnfree on first use (see
// loadTables).
var unfreeWords, unfreeAllow, unfreeDeny, unfreeFillers map[string]bool

func loadUnfree() {
	// unfreeWords name software whose license is not free; "non free"
	// and "closed source" as two words are read by the rule itself.
	unfreeWords = set("unfree", "non-free", "nonfree", "proprietary", "closed-source")

	unfreeAllow = set("allow", "allowed", "enable", "enabled", "permit", "permitted",
		"accept", "install", "installed", "want", "need", "use", "using", "get", "on", "activate",
		"unblock", "support")

	unfreeDeny = set("disallow", "disallowed", "forbid", "forbidden", "deny", "block",
		"disable", "disabled", "prohibit", "ban", "reject", "refuse", "stop", "off",
		"prevent", "deactivate", "exclude", "no", "not", "never")

	// Questions ("is unfree software allowed?") are not requests: is,
	// are and why are not here, so they are not understood rather than
	// written.
	unfreeFillers = set("the", "a", "an", "all", "any", "some", "my", "me", "i", "we", "us",
		"to", "be", "able", "of", "for", "from", "in", "this", "that", "machine", "system",
		"computer", "nixos", "nix", "nixpkgs", "package", "software", "app", "application",
		"program", "stuff", "license", "licence", "licenses", "licences", "licensed",
		"also", "too", "now", "anymore", "again", "please", "thanks", "just", "do", "does",
		"can", "could", "should", "would", "will", "let", "so", "turn", "switch", "more",
		"longer", "here", "with")
}

// loadUnfreeTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadUnfreeTables() {
	questionSubjects = map[string]bool{"i": true, "we": true, "you": true, "nixos": true, "my": true, "it": true, "this": true, "the": true, "nix": true}
}
