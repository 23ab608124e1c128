package parse

import "github.com/nix-humanity/nix-humanity/intent"

// bootWords say that a generation is for the next boot, not for now.
var bootWords map[string]bool

// bootDefaultVocab are the other words of "make generation 41 the boot
// default", "reboot into the previous generation", "roll back at the
// next boot".
var bootDefaultVocab map[string]bool

// ruleBootDefault: a rollback, or a switch to generation N, that only
// sets the boot default and leaves the running system alone (as
// `nixos-rebuild boot --rollback` does): "make generation 41 the
// default", "reboot into the previous generation", "roll back at the
// next boot". Every word must belong to the vocabulary, a boot word must
// be said, and a generation: by number, or the previous one.
func ruleBootDefault(text string, ts []token) (intent.Intent, bool, error) {
	if asksQuestion(ts) {
		return bootDefaultAsked(ts)
	}
	boot, previous, number, defaultSaid, bootSaid := false, false, -1, false, false
	for i, t := range ts {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case bootWords[t.w]:
			boot = true
			defaultSaid = defaultSaid || t.w == "default"
			bootSaid = bootSaid || t.w != "default"
		case t.w == "previous" || t.w == "prior" || t.w == "earlier" || t.w == "older" || t.w == "rollback" ||
			t.w == "back" && i > 0 && (ts[i-1].w == "roll" || ts[i-1].w == "go" || ts[i-1].w == "switch"):
			previous = true
		case isNumeric(t):
			if number >= 0 || i == 0 || ts[i-1].lem != "generation" && ts[i-1].w != "number" && ts[i-1].w != "no" && ts[i-1].w != "#" {
				return intent.Intent{}, false, nil
			}
			n, ok := generationNumber(t)
			if !ok {
				return intent.Intent{}, false, nil
			}
			number = n
		case bootDefaultVocab[t.w] || bootDefaultVocab[t.lem] || stopwords[t.lem]:
			bootSaid = bootSaid || t.w == "entry" || t.w == "menu" || t.lem == "generation"
		default:
			return intent.Intent{}, false, nil
		}
	}
	switch {
	case !boot:
		return intent.Intent{}, false, nil
	case number > 0 && !previous:
		return intent.Intent{Kind: intent.SwitchGeneration, Generation: number, Boot: true}, true, nil
	case number < 0 && previous:
		return intent.Intent{Kind: intent.Rollback, Boot: true}, true, nil
	case number < 0 && !previous && defaultSaid && bootSaid:
		// "set the default boot entry": which generation is the
		// person's to say.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ListGenerations, "list generations"), sug(intent.Rollback, "reboot into the previous generation")},
			Hint: "the boot menu's default is a generation: NixOS makes each new one the default when it is switched to, and \"make generation 41 the default\" makes generation 41 the default for the next boot without switching to it now " +
				"(as `nixos-rebuild boot` does); `ask-nix generations` lists their numbers. Which entry the menu starts on is no setting ask-nix writes (boot.loader.grub.default, an entry's place in GRUB's menu, changes with every new generation); nothing was changed"}
	}
	return intent.Intent{}, false, nil
}

// bootDefaultAsked: "what is the default boot entry", "which generation
// boots by default", "what will boot by default": which generation the
// boot menu starts on, a question that writes nothing. The answer is
// the generations' list (list-generations), which names it under the
// table: NixOS makes the system profile's current generation the
// default each time it writes the boot menu. Every word must be the
// question's or the boot default's, and "default" must be said with a
// word of booting or of the menu ("what is the default" alone is not
// this); "is generation 41 the default" gets the same answer, which
// names the one that is.
func bootDefaultAsked(ts []token) (intent.Intent, bool, error) {
	defaultSaid, bootSaid := false, false
	for i, t := range ts {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case isNumeric(t) && i > 0 && ts[i-1].lem == "generation":
			// "is generation 41 the default": the answer names it.
		case t.w == "default" || t.w == "defaults":
			defaultSaid = true
		case bootWords[t.w] || t.w == "boots" || t.w == "booted" || t.w == "entry" || t.w == "menu" || t.w == "grub" || t.w == "systemd-boot" || t.w == "bootloader" || t.lem == "generation":
			bootSaid = bootSaid || t.w != "booted"
		case bootAskedVocab[t.w] || stopwords[t.lem]:
		default:
			return intent.Intent{}, false, nil
		}
	}
	if !defaultSaid || !bootSaid {
		return intent.Intent{}, false, nil
	}
	return intent.Intent{Kind: intent.ListGenerations, AboutBootDefault: true}, true, nil
}

// bootAskedVocab are the other words of a question about the boot
// default.
var bootAskedVocab map[string]bool

// generationNumber is t read as a generation number (1 or more, an int).
func generationNumber(t token) (int, bool) {
	n, ok := number(t)
	if !ok || n < 1 || n > 1<<31 {
		return 0, false
	}
	return int(n), true
}

// loadBootDefault builds this file's tables (see tablesOnce).
func loadBootDefault() {
	bootAskedVocab = map[string]bool{"what": true, "which": true, "is": true, "are": true, "does": true, "will": true,
		"would": true, "the": true, "my": true, "this": true, "machine": true, "computer": true, "system": true,
		"nixos": true, "by": true, "as": true, "at": true, "on": true, "in": true, "next": true, "time": true, "now": true,
		"currently": true, "current": true, "set": true, "to": true, "one": true, "it": true, "start": true, "starts": true,
		"up": true, "into": true, "laptop": true, "pc": true, "server": true, "number": true, "selected": true,
		"chosen": true, "pick": true, "picks": true, "use": true, "uses": true, "i": true, "when": true, "get": true}
	bootWords = map[string]bool{"boot": true, "reboot": true, "default": true, "startup": true, "restart": true}
	bootDefaultVocab = map[string]bool{
		"make": true, "set": true, "as": true, "into": true, "at": true, "on": true, "after": true,
		"entry": true, "from": true, "next": true, "time": true, "previous": true, "last": true,
		"prior": true, "earlier": true, "old": true, "older": true, "generation": true, "number": true,
		"no": true, "roll": true, "back": true, "rollback": true, "go": true, "switch": true,
		"use": true, "start": true, "system": true, "nixos": true, "configuration": true,
		"config": true, "one": true, "only": true, "but": true, "not": true, "now": true,
		"keep": true, "running": true, "current": true, "until": true,
		"by": true, "change": true, "menu": true, "the": true,
	}
}
