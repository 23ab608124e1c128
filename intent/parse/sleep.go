package parse

import "github.com/nix-humanity/nix-humanity/intent"

// sleepTargets are the systemd targets a machine goes to sleep through:
// with all four off it never suspends or hibernates, whatever asks it to
// (the lid, the desktop, an idle timer), as the NixOS wiki does it.
var sleepTargets = []string{"sleep", "suspend", "hibernate", "hybrid-sleep"}

const lidSwitch = "services.logind.lidSwitch"

// sleepWords name sleeping; lidWords the lid; sleepVocab are the other
// words of these requests.
var sleepWords, lidWords, sleepVocab map[string]bool

// ruleSleep: "disable sleep", "never suspend", "turn off hibernation"
// switch off systemd's sleep targets (one edit, four settings); "enable
// suspend again", "allow sleep" unset them (NixOS's default: on).
// "don't suspend when the lid is closed", "ignore the lid" set
// services.logind.lidSwitch to
// "ignore"; "suspend when I close the lid" unsets it (NixOS's default:
// suspend). Every word must belong to the vocabulary, and a question is
// no request.
func ruleSleep(text string, ts []token) (intent.Intent, bool, error) {
	if asksQuestion(ts) {
		return intent.Intent{}, false, nil
	}
	var sleep, lid, ignore, on, off bool
	for i, t := range ts {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case sleepWords[t.w]:
			sleep = true
		case lidWords[t.w]:
			lid = true
		case t.w == "ignore" || t.w == "nothing" || t.w == "keep" || t.w == "stay" || t.w == "awake":
			ignore = true
		case t.lem == "disable" || t.w == "off" || t.w == "never" || t.w == "no" || t.w == "not" || t.w == "don't" ||
			t.w == "dont" || t.w == "stop" || t.w == "prevent" || t.w == "block" || t.w == "without":
			off = true
		case t.w == "allow" || t.w == "again" || t.w == "restore" || t.w == "back":
			// Back to what it was: "enable suspend" alone may mean
			// setting hibernation up (swap, a resume device), which
			// unsetting the targets does not do.
			on = true
		case t.lem == "enable" || t.w == "on" && i > 0 && (ts[i-1].w == "turn" || ts[i-1].w == "switch"):
		case sleepVocab[t.w] || stopwords[t.lem]:
		default:
			return intent.Intent{}, false, nil
		}
	}
	switch {
	case lid && (ignore || off) && !on:
		// "ignore the lid", "don't suspend when the lid is closed",
		// "keep running with the lid closed".
		return intent.Intent{Kind: intent.SetOption, Option: lidSwitch, Value: "ignore"}, true, nil
	case lid && sleep && !off && !ignore:
		// "suspend when I close the lid": NixOS's default.
		return intent.Intent{Kind: intent.SetOption, Option: lidSwitch, Change: intent.ChangeUnset}, true, nil
	case lid:
		return intent.Intent{}, false, nil
	case sleep && off && !on:
		return sleepTargetsSet(intent.Intent{Kind: intent.SetOption, Value: false}), true, nil
	case sleep && on && !off:
		return sleepTargetsSet(intent.Intent{Kind: intent.SetOption, Change: intent.ChangeUnset}), true, nil
	}
	return intent.Intent{}, false, nil
}

// sleepTargetsSet is in for each sleep target's enable option, in one
// edit.
func sleepTargetsSet(in intent.Intent) intent.Intent {
	parts := make([]intent.Intent, len(sleepTargets))
	for i, target := range sleepTargets {
		parts[i] = in
		parts[i].Option = "systemd.targets." + target + ".enable"
	}
	return intent.Join(parts)
}

// loadSleep builds this file's tables (see tablesOnce).
func loadSleep() {
	sleepWords = map[string]bool{
		"sleep": true, "sleeping": true, "suspend": true, "suspending": true, "suspension": true,
		"hibernate": true, "hibernation": true, "hibernating": true, "standby": true, "stand-by": true,
	}
	lidWords = map[string]bool{"lid": true, "lid-switch": true, "lidswitch": true}
	sleepVocab = map[string]bool{
		"turn": true, "switch": true, "the": true, "my": true, "this": true, "machine": true,
		"computer": true, "laptop": true, "server": true, "system": true, "mode": true, "automatic": true,
		"auto": true, "when": true, "i": true, "close": true, "closed": true, "closing": true, "is": true,
		"running": true, "on": true, "with": true, "let": true, "it": true,
		"go": true, "to": true, "from": true, "do": true, "should": true, "shut": true, "and": true,
		"or": true, "ever": true, "any": true, "more": true, "anymore": true, "please": true,
	}
}
