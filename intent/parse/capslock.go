package parse

import (
	"slices"

	"github.com/nix-humanity/nix-humanity/intent"
)

const xkbOptionsPath = "services.xserver.xkb.options"

// capsVocab are the words a Caps Lock request may hold besides the key
// and what it becomes; any other word leaves the request to other rules.
var capsVocab map[string]bool

// capsTargets are the keys Caps Lock can become, with the XKB option
// that makes it so and the one that swaps the two keys.
var capsTargets map[string][2]string

// ruleCapsLock: "swap caps lock and escape" (caps:swapescape), "make
// caps lock another escape" (caps:escape), "caps lock as ctrl"
// (ctrl:nocaps), "swap caps lock and ctrl" (ctrl:swapcaps), "disable
// caps lock" (caps:none): one XKB option added to
// services.xserver.xkb.options, the others there kept. NixOS joins that
// option's definitions with commas, so the rest of the configuration's
// options stay too. "stop swapping caps lock and escape" takes the
// option out again.
func ruleCapsLock(text string, ts []token) (intent.Intent, bool, error) {
	at := -1
	for i, t := range ts {
		if t.w == "capslock" || t.w == "caps" && i+1 < len(ts) && ts[i+1].w == "lock" {
			at = i
			break
		}
	}
	if at < 0 {
		// "swap caps and esc": "caps" alone, said with the key it
		// becomes, is Caps Lock.
		for i, t := range ts {
			if t.w == "caps" && !t.quoted && slices.ContainsFunc(ts, func(u token) bool { return capsTargets[u.w] != [2]string{} }) {
				at = i
				break
			}
		}
	}
	if at < 0 || asksQuestion(ts) {
		return intent.Intent{}, false, nil
	}
	var target string
	var swap, off, stop, both bool
	for i, t := range ts {
		if i == at || i == at+1 && t.w == "lock" {
			continue
		}
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case capsTargets[t.w] != [2]string{}:
			if target != "" && capsTargets[target] != capsTargets[t.w] {
				both = true
			}
			target = t.w
		case t.w == "swap" || t.w == "switch" || t.w == "exchange" || t.w == "swapped" || t.w == "swapping" || t.w == "flip":
			swap = true
		case t.w == "disable" || t.w == "off" || t.w == "kill" || t.w == "no" || t.w == "nothing" || t.w == "useless":
			off = true
		case t.w == "stop" || t.w == "undo" || t.w == "revert" || t.w == "restore" || t.w == "normal" || t.w == "again" || t.w == "don't" || t.w == "not":
			stop = true
		case capsVocab[t.w]:
		default:
			return intent.Intent{}, false, nil
		}
	}
	if both {
		// Escape tapped, Ctrl held: no XKB option does that.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "make caps lock another escape"), sug(intent.SetOption, "make caps lock a ctrl key")},
			Hint:        "Caps Lock can be one other key through XKB's options; Escape when tapped and Ctrl when held needs a key remapping daemon (services.keyd or services.interception-tools in your configuration), which ask-nix does not set up"}
	}
	opts := capsTargets[target]
	var option string
	switch {
	case target == "" && off && !stop:
		option = "caps:none"
	case target == "" || off && !stop:
		return intent.Intent{}, false, nil
	case swap:
		option = opts[1]
	default:
		option = opts[0]
	}
	if option == "" {
		return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, "make caps lock a "+target+" key"))
	}
	change := intent.ChangeAdd
	if stop {
		if target == "" {
			return intent.Intent{}, false, nil
		}
		change = intent.ChangeRemove
	}
	in := intent.Intent{Kind: intent.SetOption, Option: xkbOptionsPath, Value: option, Change: change}
	if change == intent.ChangeAdd {
		in.Notes = capsNotes
	}
	return in, true, nil
}

// capsNotes say what adding an XKB option leaves as it was and what it
// does not reach.
var capsNotes = []string{
	"NixOS joins " + xkbOptionsPath + " from every file that sets it: options set elsewhere stay, and its default (terminate:ctrl_alt_bksp) applies only while none is set",
	"the text console follows it only with console.useXkbConfig = true; GNOME and KDE Plasma keep their own keyboard settings per user",
}

// ruleKeyboardOption: "add keyboard option compose:ralt", "remove the
// xkb option caps:escape": one item of services.xserver.xkb.options,
// the others kept ("set keyboard options to ..." sets them all).
func ruleKeyboardOption(text string, ts []token) (intent.Intent, bool, error) {
	if len(ts) < 4 || ts[0].quoted {
		return intent.Intent{}, false, nil
	}
	var change intent.Change
	switch ts[0].w {
	case "add", "append":
		change = intent.ChangeAdd
	case "remove", "delete", "drop":
		change = intent.ChangeRemove
	default:
		return intent.Intent{}, false, nil
	}
	rest := ts[1:]
	if rest[0].w == "the" || rest[0].w == "a" {
		rest = rest[1:]
	}
	if len(rest) < 3 || rest[0].w != "keyboard" && rest[0].w != "xkb" || rest[1].w != "option" && rest[1].w != "options" {
		return intent.Intent{}, false, nil
	}
	opts, ok := xkbOptions(text[rest[2].start:])
	if !ok {
		return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, "add keyboard option compose:ralt"))
	}
	in := intent.Intent{Kind: intent.SetOption, Option: xkbOptionsPath, Value: opts, Change: change}
	if items := splitComma(opts); len(items) > 1 {
		in.Value = items
	}
	return in, true, nil
}

func splitComma(s string) []any {
	var out []any
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return slices.Clip(out)
}

// loadCapslockTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadCapslockTables() {
	capsVocab = map[string]bool{
		"make": true, "set": true, "use": true, "using": true, "mapping": true, "making": true, "map": true, "remap": true, "turn": true, "into": true,
		"to": true, "as": true, "be": true, "an": true, "a": true, "another": true, "extra": true,
		"additional": true, "second": true, "act": true, "work": true, "key": true, "keys": true,
		"like": true, "and": true, "with": true, "the": true, "my": true, "change": true, "bind": true,
		"become": true, "should": true, "i": true, "want": true, "would": true, "button": true,
		"instead": true, "of": true, "when": true, "held": true, "hold": true, "tapped": true, "tap": true, "pressed": true, "behave": true, "function": true, "for": true, "on": true, "keyboard": true,
		// "enable caps lock as escape": enabled as the key it becomes
		"enable": true, "configure": true, "setup": true,
	}
	capsTargets = map[string][2]string{
		"escape": {"caps:escape", "caps:swapescape"}, "esc": {"caps:escape", "caps:swapescape"},
		"ctrl": {"ctrl:nocaps", "ctrl:swapcaps"}, "control": {"ctrl:nocaps", "ctrl:swapcaps"},
		"backspace": {"caps:backspace", ""}, "super": {"caps:super", ""},
	}
}
