package parse

import (
	"slices"

	"github.com/nix-humanity/nix-humanity/intent"
)

// sleepTargets are the systemd targets a machine goes to sleep through:
// with all four off it never suspends or hibernates, whatever asks it to
// (the lid, the desktop, an idle timer), as the NixOS wiki does it.
var sleepTargets = []string{"sleep", "suspend", "hibernate", "hybrid-sleep"}

// hibernateTargets are the targets that write memory to disk: with them
// off the machine still suspends to RAM ("don't hibernate" says nothing
// about suspending).
var hibernateTargets = []string{"hibernate", "hybrid-sleep", "suspend-then-hibernate"}

const lidSwitch = "services.logind.lidSwitch"

// sleepWords name sleeping; lidWords the lid; sleepVocab are the other
// words of these requests.
var sleepWords, hibernateWords, lidWords, sleepVocab map[string]bool

// ruleSleep: "disable sleep", "never suspend", "turn off hibernation"
// switch off systemd's sleep targets (one edit, four settings); "enable
// suspend again", "allow sleep" unset them (NixOS's default: on).
// With the lid, services.logind.lidSwitch says what closing it does:
// "don't suspend when the lid is closed", "ignore the lid" set it to
// "ignore"; "hibernate when the lid is closed" to "hibernate", "shut
// down when I close the lid" to "poweroff", "lock the screen when the
// lid is closed" to "lock"; "suspend when I close the lid" unsets it
// (NixOS's default: suspend). Every word must belong to the vocabulary,
// and a question is no request.
func ruleSleep(text string, ts []token) (intent.Intent, bool, error) {
	if asksQuestion(ts) {
		return intent.Intent{}, false, nil
	}
	var sleep, lid, ignore, on, off, enable bool
	acts := map[string]bool{} // what closing the lid is to do, as logind names it
	// "hibernate instead of suspending when ...": what is not to be
	// done any more says nothing of what is.
	for i := 0; i+2 < len(ts); i++ {
		if ts[i].w == "instead" && ts[i+1].w == "of" && sleepWords[ts[i+2].w] && !ts[i+2].quoted {
			ts = append(slices.Clip(ts[:i]), ts[i+3:]...)
			break
		}
	}
	for i, t := range ts {
		next := ""
		if i+1 < len(ts) && !ts[i+1].quoted {
			next = ts[i+1].w
		}
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case t.w == "hybrid" && (next == "sleep" || next == "suspend") || t.w == "hybrid-sleep":
			acts["hybrid-sleep"] = true
			sleep = true
		case t.w == "suspend-then-hibernate":
			acts["suspend-then-hibernate"] = true
			sleep = true
		case sleepWords[t.w]:
			sleep = true
			if hibernateWords[t.w] || (t.w == "suspend" && next == "to" && i+2 < len(ts) && ts[i+2].w == "disk") {
				acts["hibernate"] = true
			} else if !(i > 0 && ts[i-1].w == "hybrid") {
				acts["suspend"] = true
			}
		case lidWords[t.w]:
			lid = true
		case (t.w == "closed" || t.w == "close" || t.w == "closing") && i > 0 && (ts[i-1].w == "when" || ts[i-1].w == "if" || ts[i-1].w == "once" || ts[i-1].w == "is") && has(ts, "laptop", "notebook"):
			// "i want my laptop to sleep when closed": the lid, unsaid
			lid = true
		case t.w == "ignore" || t.w == "nothing" || t.w == "keep" || t.w == "stay" || t.w == "awake":
			ignore = true
		case t.w == "poweroff" || t.w == "shutdown" || (t.w == "power" || t.w == "shut") && (next == "off" || next == "down"):
			// "shut down", "power off"; "shut" alone closes the lid.
			acts["poweroff"] = true
		case (t.w == "off" || t.w == "down") && i > 0 && (ts[i-1].w == "power" || ts[i-1].w == "shut"):
		case t.w == "off" && i > 0 && (ts[i-1].w == "turn" || ts[i-1].w == "switch") && (next == "when" || next == "if" || next == "on"):
			// "turn off when the lid is closed": the machine, not a
			// setting.
			acts["poweroff"] = true
		case t.w == "reboot" || t.w == "restart":
			acts["reboot"] = true
		case t.w == "lock" || t.w == "locks" || t.w == "locked":
			acts["lock"] = true
		case t.lem == "disable" || t.w == "off" || t.w == "never" || t.w == "no" || t.w == "not" || t.w == "don't" ||
			t.w == "dont" || t.w == "stop" || t.w == "prevent" || t.w == "block" || t.w == "without":
			off = true
		case t.w == "allow" || t.w == "again" || t.w == "restore" || t.w == "back":
			// Back to what it was: "enable suspend" alone may mean
			// setting hibernation up (swap, a resume device), which
			// unsetting the targets does not do.
			on = true
		case t.lem == "enable" || t.w == "on" && i > 0 && (ts[i-1].w == "turn" || ts[i-1].w == "switch"):
			enable = true
		case sleepVocab[t.w] || stopwords[t.lem]:
		case (t.w == "want" || t.w == "like" || t.w == "need" || t.w == "notebook") && has(ts, "lid", "closed", "close", "closing"):
			// "i want my laptop to sleep when closed"
		default:
			return intent.Intent{}, false, nil
		}
	}
	if acts["suspend"] && acts["hibernate"] && has(ts, "then") {
		// "suspend then hibernate when the lid is closed"
		delete(acts, "suspend")
		delete(acts, "hibernate")
		acts["suspend-then-hibernate"] = true
	}
	if !lid && has(ts, "screen", "display", "monitor") {
		// "don't let the screen sleep": the display blanking, the
		// desktop's (guidance), not the machine's sleep.
		return intent.Intent{}, false, nil
	}
	if !lid {
		for a := range acts {
			if a != "suspend" && a != "hibernate" {
				return intent.Intent{}, false, nil // "lock the screen", "shut down"
			}
		}
	}
	switch {
	case lid && (ignore || off) && !on:
		// "ignore the lid", "don't suspend when the lid is closed",
		// "keep running with the lid closed". Not doing something
		// else ("don't hibernate when ...") leaves what to do instead
		// unsaid.
		for a := range acts {
			if a != "suspend" {
				return intent.Intent{}, true, lidNotUnderstood(text)
			}
		}
		return intent.Intent{Kind: intent.SetOption, Option: lidSwitch, Value: "ignore"}, true, nil
	case lid && len(acts) > 1:
		return intent.Intent{}, true, lidNotUnderstood(text)
	case lid && acts["suspend"]:
		// "suspend when I close the lid": NixOS's default.
		return intent.Intent{Kind: intent.SetOption, Option: lidSwitch, Change: intent.ChangeUnset}, true, nil
	case lid && len(acts) == 1 && !on:
		for a := range acts {
			return intent.Intent{Kind: intent.SetOption, Option: lidSwitch, Value: a}, true, nil
		}
	case lid:
		return intent.Intent{}, false, nil
	}
	if sleep && has(ts, "automatic", "auto", "automatically", "idle", "inactivity", "inactive") {
		// "disable automatic suspend": the desktop's idle timer, which
		// turning the sleep targets off would stop only by stopping
		// every suspend (by hand, by the lid) too.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "disable sleep")},
			Hint: "suspending after a while idle is the desktop's setting (GNOME: Settings > Power > Automatic Suspend; KDE Plasma: System Settings > Power Management), or logind's IdleAction without a desktop (services.logind.extraConfig); " +
				"\"disable sleep\" turns off every suspend and hibernation instead, by hand and by the lid too; nothing was changed"}
	}
	targets := sleepTargets
	if onlyHibernate(ts) {
		targets = hibernateTargets
	}
	switch {
	case sleep && off && !on:
		return sleepTargetsSet(intent.Intent{Kind: intent.SetOption, Value: false}, targets), true, nil
	case sleep && on && !off:
		return sleepTargetsSet(intent.Intent{Kind: intent.SetOption, Change: intent.ChangeUnset}, targets), true, nil
	case sleep && enable && !off && !onlyHibernate(ts) && len(acts) == 1 && acts["suspend"]:
		// "enable suspend", "turn on sleep": on already, unless turned
		// off ("enable hibernation" is answered apart: swap and a
		// resume device).
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "allow sleep again"), sug(intent.ShowOption, "show option systemd.targets.sleep.enable")},
			Hint: "NixOS lets the machine suspend unless its sleep targets are turned off (systemd.targets.sleep.enable and suspend, hibernate, hybrid-sleep): \"allow sleep again\" takes back a \"disable sleep\" made by ask-nix; " +
				"a machine that will not suspend is a fault to look at (`systemctl suspend`, `journalctl -b -1`); nothing was changed"}
	}
	return intent.Intent{}, false, nil
}

// lidNotUnderstood answers a lid request that names more than one thing
// to do, or what not to do with no word of what to do instead.
func lidNotUnderstood(text string) error {
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{
			sug(intent.SetOption, "hibernate when the lid is closed"),
			sug(intent.SetOption, "do nothing when the lid is closed"),
			sug(intent.SetOption, "suspend when the lid is closed"),
		},
		Hint: "say one thing closing the lid should do: suspend (the default), hibernate, shut down, lock, or nothing; nothing was changed"}
}

// onlyHibernate: every sleep word said is hibernation's ("don't
// hibernate", "disable hibernation"), so suspending to RAM stays.
func onlyHibernate(ts []token) bool {
	said := false
	for i, t := range ts {
		if sleepWords[t.w] || t.w == "hybrid-sleep" || t.w == "suspend-then-hibernate" {
			toDisk := t.w == "suspend" && i+2 < len(ts) && ts[i+1].w == "to" && ts[i+2].w == "disk"
			if !hibernateWords[t.w] && !toDisk {
				return false
			}
			said = true
		}
	}
	return said
}

// sleepTargetsSet is in for each target's enable option, in one edit.
func sleepTargetsSet(in intent.Intent, targets []string) intent.Intent {
	parts := make([]intent.Intent, len(targets))
	for i, target := range targets {
		parts[i] = in
		parts[i].Option = "systemd.targets." + target + ".enable"
	}
	return intent.Join(parts)
}

// loadSleep builds this file's tables (see tablesOnce).
func loadSleep() {
	sleepWords = map[string]bool{
		"sleep": true, "sleeping": true, "suspend": true, "suspending": true, "suspension": true,
		"hibernate": true, "hibernation": true, "hibernating": true, "hibernates": true, "standby": true, "stand-by": true,
		"suspends": true, "sleeps": true,
	}
	hibernateWords = map[string]bool{"hibernate": true, "hibernation": true, "hibernating": true, "hibernates": true}
	lidWords = map[string]bool{"lid": true, "lid-switch": true, "lidswitch": true}
	sleepVocab = map[string]bool{
		"turn": true, "switch": true, "the": true, "my": true, "this": true, "machine": true,
		"computer": true, "laptop": true, "server": true, "system": true, "mode": true, "automatic": true,
		"auto": true, "when": true, "i": true, "close": true, "closed": true, "closing": true, "is": true,
		"running": true, "on": true, "with": true, "let": true, "it": true,
		"go": true, "to": true, "from": true, "do": true, "should": true, "shut": true, "and": true,
		"or": true, "ever": true, "any": true, "more": true, "anymore": true, "please": true,
		"if": true, "gets": true, "get": true, "screen": true, "session": true, "then": true, "disk": true,
		"closes": true, "shuts": true, "anything": true, "happen": true, "happens": true, "nothing": true, "make": true,
		"automatically": true, "idle": true, "inactivity": true, "inactive": true, "after": true, "while": true,
	}
}
