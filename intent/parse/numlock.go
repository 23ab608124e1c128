package parse

import "github.com/nix-humanity/nix-humanity/intent"

// numlockOption is NixOS's one Num Lock switch: SDDM's, at its login
// screen. No other display manager, nor the console, has one.
const numlockOption = "services.displayManager.sddm.autoNumlock"

// numlockNote says what the switch covers and where the rest is set.
const numlockNote = "Num Lock is turned on at SDDM's login screen (services.displayManager.sddm.autoNumlock; SDDM is KDE Plasma's display manager): " +
	"with GDM or LightDM this setting does nothing. In the desktop after login it is the desktop's setting, not NixOS's: " +
	"KDE Plasma: System Settings > Keyboard, NumLock on startup; GNOME keeps Num Lock as it was left " +
	"(`gsettings set org.gnome.desktop.peripherals.keyboard numlock-state true` turns it on)"

// numlockVocab are the words a Num Lock request may hold besides its
// verb; any other word leaves the request to other rules.
var numlockVocab map[string]bool

// ruleNumlock: "enable numlock", "turn on num lock at login", "numlock
// on at boot": SDDM's autoNumlock, with the note that it is SDDM's
// login screen only and where each desktop keeps its own; "disable
// numlock" sets it false. Read as a service, "numlock" was no switch.
func ruleNumlock(text string, ts []token) (intent.Intent, bool, error) {
	said := false
	for i, t := range ts {
		if t.quoted {
			return intent.Intent{}, false, nil
		}
		if t.w == "numlock" || t.w == "num" && i+1 < len(ts) && ts[i+1].w == "lock" {
			said = true
		}
	}
	if !said {
		return intent.Intent{}, false, nil
	}
	on := true
	n := prefix(ts, enableLead)
	if n == 0 {
		if n = prefix(ts, disableLead); n > 0 {
			on = false
		}
	}
	if n == 0 {
		// "numlock on at boot": the on or off said after the key.
		switch {
		case has(ts, "on") && !has(ts, "off"):
		case has(ts, "off") && !has(ts, "on"):
			on = false
		default:
			return intent.Intent{}, false, nil
		}
	}
	for _, t := range ts[n:] {
		if !numlockVocab[t.w] {
			return intent.Intent{}, false, nil
		}
	}
	in := intent.Intent{Kind: intent.SetOption, Option: numlockOption, Value: on}
	if on {
		in.Notes = []string{numlockNote}
	}
	return in, true, nil
}

// loadNumlockTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadNumlockTables() {
	numlockVocab = map[string]bool{
		"numlock": true, "num": true, "lock": true, "key": true, "the": true, "my": true, "at": true, "on": true, "off": true,
		"boot": true, "login": true, "startup": true, "start": true, "by": true, "default": true, "always": true,
		"when": true, "i": true, "log": true, "in": true, "screen": true, "keyboard": true,
		"turn": true, "switch": true, "set": true, "keep": true, "have": true, "want": true,
	}
}
