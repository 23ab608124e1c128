package parse

import (
	"github.com/nix-humanity/nix-humanity/intent"
)

// systemTrouble answers the whole machine reported broken: "my laptop
// won't start", "the system doesn't boot after update", "something
// broke after the last change", "I can't log in after the update". Read
// by their words they suggested "enable ssh", "show system info",
// "apply" or "help"; what helps is the generation before the change,
// which NixOS keeps for exactly this. Never an edit, and never a
// rollback taken by itself: which generation worked is the person's to
// say. nil when ts is no such report, or asks for something as well
// ("roll back, the update broke my system").
func systemTrouble(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 2 {
		return nil
	}
	noStart, bootSaid, broke, afterChange, machine := false, false, false, false, false
	for i, t := range ts {
		if t.quoted || troubleWords[t.w] != nil {
			return nil // "sound broke after the update" is sound's
		}
		switch {
		case systemTroubleVetoes[t.lem] && (i == 0 || ts[i-1].w == "and" || ts[i-1].w == "then" || ts[i-1].w == "so" || ts[i-1].w == "to" || ts[i-1].w == "please"):
			return nil // "roll back, it won't boot", "how do I undo the change that broke it"
		case t.w == "roll" || t.w == "rollback" || t.w == "undo" || t.w == "revert":
			return nil
		case systemWords[t.w]:
			machine = true
		case t.w == "broke" || t.w == "broken" || t.w == "breaks" || t.w == "bricked" || t.w == "borked":
			broke = true
		case t.w == "not" && i+1 < len(ts) && bootVerbs[ts[i+1].w]:
			noStart = true // "won't boot", "doesn't start", "can't log in"
			bootSaid = bootSaid || bootOnly[ts[i+1].w]
		case t.w == "not" && ts[0].w == "why" && has(ts[i+1:], "boot", "startup", "login"):
			noStart, bootSaid = true, true // "why won't my computer boot"
		case (t.w == "fails" || t.w == "failed" || t.w == "unable") && i+2 < len(ts) && ts[i+1].w == "to" && bootVerbs[ts[i+2].w]:
			noStart = true // "fails to boot"
			bootSaid = bootSaid || bootOnly[ts[i+2].w]
		case t.w == "bootloop" || t.w == "black" && i+1 < len(ts) && ts[i+1].w == "screen" ||
			(t.w == "stuck" || t.w == "hangs" || t.w == "freezes" || t.w == "loop") && has(ts, "boot", "booting", "startup", "login"):
			noStart, bootSaid = true, true
		case (t.w == "after" || t.w == "since") && i+1 < len(ts):
			afterChange = afterChange || has(ts[i+1:], "update", "updating", "upgrade", "upgrading", "change", "changes", "changing", "rebuild", "rebuilding", "switch", "switching", "edit", "reboot", "rebooting", "install", "installing")
		}
	}
	switch {
	case noStart && (machine || bootSaid):
		// "steam doesn't start after the update" is steam's
		// (programTrouble); "it won't boot", "can't log in after the
		// update" are the machine's.
	case broke && (afterChange || machine && (has(ts, "i", "update", "upgrade", "change", "rebuild") || ts[0].w == "i")):
		// "the last update broke my system", "I broke my config",
		// "something broke after the last change"; "my system is
		// broken" alone stays the status question it was.
	default:
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.ListGenerations, "list generations"), sug(intent.Rollback, "roll back"), sug(intent.Undo, "undo")},
		Hint: "NixOS keeps the systems it ran before: if the machine does not start, pick an older generation in the boot menu (GRUB and systemd-boot list them; hold Shift or press Space when the menu is hidden) and it starts as it was; " +
			"once it runs, \"list generations\" shows them and which one is booted, \"roll back\" switches to the one before the newest and makes it the boot default, and \"undo\" takes back the last edit of the managed fragment (the reconciler then builds the system without it); " +
			"`journalctl -b -1 -p err` shows the errors of the boot before; nothing was changed"}
}

var (
	// systemWords name the whole machine or its configuration.
	systemWords map[string]bool
	// bootVerbs are what a machine that does not start does not do.
	bootVerbs map[string]bool
	// bootOnly of them say the machine whatever the subject.
	bootOnly map[string]bool
	// systemTroubleVetoes open a request rather than a report.
	systemTroubleVetoes map[string]bool
)

// loadSystemtroubleTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadSystemtroubleTables() {
	systemWords = set("laptop", "computer", "pc", "machine", "system", "nixos", "server", "desktop", "config", "configuration", "everything", "something", "it", "install", "installation")
	bootVerbs = set("boot", "start", "startup", "turn", "load", "log", "login", "come", "power", "reach")
	bootOnly = set("boot", "startup", "log", "login")
	systemTroubleVetoes = set("install", "enable", "disable", "remove", "uninstall", "set", "add", "use", "switch", "go", "restore", "show", "list", "apply")
}
