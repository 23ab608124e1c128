package parse

import (
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// updateWords say updating; pinWords keep a version ("pin firefox").
var updateWords, pinWords, updateStop, updateAuto, updateFillers, systemWide, updateSources map[string]bool

// loadUpdates builds this file's tables (see tablesOnce).
func loadUpdates() {
	latestTrail = phrases("to the latest version", "to the latest", "to latest", "to the newest version", "to the newest",
		"to the latest release", "to the new version", "to a newer version", "to the most recent version")
	updateWords = set("update", "updates", "updating", "updated", "upgrade", "upgrades", "upgrading", "upgraded",
		"autoupdate", "autoupdates", "auto-update", "auto-updates", "auto-updating", "autoupdating", "auto-upgrade", "auto-upgrades")
	pinWords = set("pin", "freeze", "hold")
	// updateStop and updateAuto are the words that ask for updates to
	// stop or to happen by themselves; updateFillers the others the
	// rule reads past. What is left names what is to be updated.
	updateStop = set("disable", "stop", "prevent", "block", "never", "don't", "dont", "do", "not", "no", "off",
		"turn", "switch", "deactivate", "pin", "freeze", "hold", "keep", "lock", "avoid", "without")
	updateAuto = set("enable", "auto", "automatic", "automatically", "on", "activate", "start", "unattended",
		"every", "day", "week", "night", "month", "daily", "weekly", "nightly", "monthly")
	updateFillers = set("for", "of", "in", "from", "the", "my", "a", "an", "its", "it", "at", "to", "version", "versions",
		"current", "package", "app", "application", "program", "browser", "updates", "itself", "being", "getting",
		"this", "that", "one", "only", "just", "forever", "permanently", "please", "and", "again", "same",
		"service", "timer", "daemon", "notification", "notifications", "check", "checks", "checking", "prompt", "prompts", "popup", "popups",
		// A wish said ("have nixos update automatically", "i want
		// automatic updates") and "up to date".
		"have", "make", "let", "get", "i", "want", "need", "would", "like", "should", "up", "date", "up-to-date", "themselves")

	// systemWide are the words for what updates as a whole: said with
	// them, updates are the system's (system.autoUpgrade, "update my
	// system"); updateSources are what such an update reads, or
	// firmware's (fwupd), which other rules read.
	systemWide = set("system", "nixos", "os", "machine", "computer", "everything", "all", "packages",
		"server", "laptop", "pc", "box")
	updateSources = set("nixpkgs", "flake", "flakes", "inputs", "input", "channel", "channels", "firmware")
}

// rulePackageUpdates: "disable updates for firefox", "stop firefox from
// updating", "pin firefox", "enable automatic updates for discord". NixOS
// has no update switch for one package: each comes from the nixpkgs the
// system is built from and changes when the system is updated. Turning
// the system's automatic upgrades off or on is a wider change than the
// one asked for, so it is neither made nor suggested: not understood,
// with why and where pinning one package goes.
func rulePackageUpdates(text string, ts []token) (intent.Intent, bool, error) {
	// Most requests say neither: a switch on the first letter keeps
	// this scan out of the maps for them.
	updating, pinning := false, false
	for _, t := range ts {
		if t.quoted || t.w == "" {
			continue
		}
		if t.w == "then" {
			// "disable bluetooth and then update": two requests.
			return intent.Intent{}, false, nil
		}
		switch t.w[0] {
		case 'u', 'a':
			updating = updating || updateWords[t.w] || t.w == "up-to-date"
		case 'p', 'f', 'h':
			pinning = pinning || pinWords[t.w]
		}
	}
	if !updating && !pinning && upToDate(ts) {
		updating = true // "keep my system up to date automatically"
	}
	if !updating && !pinning || scheduleSaid(ts) {
		// "upgrade automatically every sunday at 5am": a timer's
		// schedule (ruleSchedule), not a package named sunday.
		return intent.Intent{}, false, nil
	}
	if nu := brokenByUpdate(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	if _, n := switchVerb(ts); n > 0 && n < len(ts) {
		// "disable the automatic updates service", "enable intel
		// microcode updates": a switch by its name.
		if _, known := serviceOption(joinW(dropServiceTrail(trimServiceWords(ts[n:])))); known {
			return intent.Intent{}, false, nil
		}
	}
	stop, auto, system := false, false, false
	var subject []token
	for _, t := range ts {
		switch {
		case t.quoted:
			subject = append(subject, t)
		case updateSources[t.w]:
			return intent.Intent{}, false, nil
		case systemWide[t.w]:
			system = true
		case t.w != "" && t.w[0] >= '0' && t.w[0] <= '9':
			// "hold firefox at version 120": the version, no name.
		case updateWords[t.w]:
			if strings.HasPrefix(t.w, "auto") {
				auto = true
			}
		case updateStop[t.w]:
			stop = true
		case updateAuto[t.w]:
			auto = true
		case updateFillers[t.w]:
		default:
			subject = append(subject, t)
		}
	}
	if q := ts[0].w; !ts[0].quoted && (q == "is" || q == "are" || q == "do" || q == "does" || q == "have" || q == "has") {
		// "are automatic updates enabled", "do i have auto updates": a
		// question about the system's automatic upgrades, for the
		// question rules ("is" was read as a package updating itself).
		subject = slices.DeleteFunc(subject, func(t token) bool { return !t.quoted && questionFillers[t.w] })
		if len(subject) == 0 {
			return intent.Intent{}, false, nil
		}
	}
	// "pin firefox" without update words: a version kept, said by its
	// verb first; "hold" elsewhere is something else.
	if !updating && !pinWords[ts[0].w] {
		return intent.Intent{}, false, nil
	}
	if stop && ts[0].w == "keep" && !ts[0].quoted && (has(ts, "updated", "current", "up-to-date") || upToDate(ts)) {
		stop = false // "keep my system updated automatically"
	}
	if system && has(ts, "itself", "themselves") {
		auto = true // "make nixos upgrade itself"
	}
	if auto && !stop && len(subject) == 0 && updating && !has(ts, "every", "day", "week", "night", "month", "daily", "weekly", "nightly", "monthly") &&
		(system || has(ts, "auto", "automatic", "automatically", "unattended") || slices.ContainsFunc(ts, func(t token) bool { return strings.HasPrefix(t.w, "auto") && updateWords[t.w] })) {
		// Without the system named, only automatic said: "enable
		// updates" is bareUpdates'.
		if !system && !updateVerbSaid(ts) && prefix(ts, enableLead) == 0 {
			// "automatic updates", said alone: named, not asked for
			// ("update my system", a one-off update, was suggested).
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable automatic updates"), sug(intent.DisableService, "disable automatic updates")},
				Hint:        "automatic updates are NixOS's system.autoUpgrade, which updates and switches the whole system on a timer: \"enable automatic updates\" turns it on, \"update the system every week\" with its schedule; nothing was changed"}
		}
		// "update nixos automatically", "keep my system updated
		// automatically", "have nixos update automatically", "update
		// automatically", "i want automatic updates": the system's
		// automatic upgrades, as "enable automatic updates" (a time
		// said is ruleSchedule's).
		return intent.Intent{Kind: intent.EnableService, Option: "system.autoUpgrade.enable", Service: "automatic updates"}, true, nil
	}
	if system && stop && len(subject) == 0 && updating {
		// "stop updating my system": the system updates only when asked,
		// or by its automatic upgrades, which are what can be turned off.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.DisableService, "disable automatic updates")},
			Hint:        "the system is updated only when you ask (\"update my system\") or by NixOS's automatic upgrades (system.autoUpgrade), which \"disable automatic updates\" turns off; nothing was changed"}
	}
	enabling := prefix(ts, enableLead) > 0
	if in, nu, ok := upgradeDetail(text, subject, stop && !enabling, auto, enabling); ok {
		if nu != nil {
			return intent.Intent{}, true, nu
		}
		return in, true, nil
	}
	if system || len(subject) == 0 || len(subject) > 2 || !stop && !auto {
		// "disable automatic updates" is the system's; "update firefox"
		// alone is answered elsewhere (it comes with the system's).
		return intent.Intent{}, false, nil
	}
	what := joinRaw(subject)
	hint := "NixOS has no update switch for one package: " + what + " comes from the nixpkgs your system is built from, at the version pinned there, and changes only when the whole system is updated (\"update my system\", or automatic upgrades, system.autoUpgrade); a program NixOS installs cannot update itself (/nix/store is read-only). "
	if stop {
		hint += "To keep " + what + " at one version while the rest updates, pin it in your NixOS configuration (an overlay, or the package from a second nixpkgs input), which ask-nix does not write. "
	} else {
		hint += "Automatic upgrades would update everything, not " + what + " alone. "
	}
	return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Hint: hint + "Nothing was changed"}
}

// upToDate: ts says "up to date" in three words.
func upToDate(ts []token) bool {
	for i := 0; i+2 < len(ts); i++ {
		if ts[i].w == "up" && ts[i+1].w == "to" && ts[i+2].w == "date" && !ts[i].quoted && !ts[i+1].quoted && !ts[i+2].quoted {
			return true
		}
	}
	return false
}

// updateVerbSaid: ts asks for updates rather than naming them: an
// update verb ("update automatically"), a wish ("i want automatic
// updates", "have it update") or "keep ... up to date".
func updateVerbSaid(ts []token) bool {
	return has(ts, "update", "upgrade", "updating", "upgrading", "updated", "upgraded", "want", "need", "make", "have", "let", "get", "keep", "should")
}

// bareUpdates answers "disable updates", "enable upgrades": the system's
// updates, which ask-nix makes only when asked, or automatic upgrades
// make; those are suggested, by the verb said. key is the words said,
// as serviceKey folds them; nil for other words.
func bareUpdates(text string, kind intent.Kind, key string) error {
	switch key {
	case "updates", "upgrades", "update", "upgrade", "systemupdates", "systemupgrades", "nixosupdates", "nixosupgrades":
	default:
		return nil
	}
	verb := serviceVerb(kind)
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(kind, verb+" automatic updates")},
		Hint:        "the system is updated only when you ask (\"update my system\") or by NixOS's automatic upgrades (system.autoUpgrade), which \"" + verb + " automatic updates\" turns " + map[bool]string{true: "on", false: "off"}[kind == intent.EnableService] + "; nothing was changed"}
}

// upgradeDetail reads what is said about the system's automatic upgrades
// rather than a package's: rebooting after one ("enable automatic
// upgrades with reboot", "allow reboot after upgrade": allowReboot, with
// the upgrades on when said so; "don't reboot after upgrades" unsets it,
// NixOS's default) and their time ("set auto upgrade time to 4am"),
// which is system.autoUpgrade.dates, said by its path. ok false: the
// subject names something else (a package).
func upgradeDetail(text string, subject []token, stop, auto, enabling bool) (intent.Intent, *intent.NotUnderstood, bool) {
	// permission: "allow reboot after upgrade" sets a switch; "update
	// and reboot" asks for two things now, which are not this.
	reboot, when, permission := false, false, false
	for _, t := range subject {
		switch {
		case t.quoted:
			return intent.Intent{}, nil, false
		case t.w == "reboot" || t.w == "reboots" || t.w == "rebooting" || t.w == "restart" || t.w == "restarts" || t.w == "restarting":
			reboot = true
		case t.w == "time" || t.w == "hour" || t.w == "schedule" || t.w == "when" || strings.HasSuffix(t.w, "am") && len(t.w) > 2 && t.w[0] >= '0' && t.w[0] <= '9' ||
			strings.HasSuffix(t.w, "pm") && len(t.w) > 2 && t.w[0] >= '0' && t.w[0] <= '9':
			when = true
		case t.w == "allow" || t.w == "allowed" || t.w == "let" || t.w == "permit":
			permission = true
		case t.w == "with" || t.w == "after" || t.w == "set" || t.w == "change" || t.w == "when" || t.w == "needed" || t.w == "if":
		default:
			return intent.Intent{}, nil, false
		}
	}
	if !auto && !permission && !stop {
		return intent.Intent{}, nil, false
	}
	switch {
	case when:
		return intent.Intent{}, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "set system.autoUpgrade.dates to 04:40")},
			Hint:        "when automatic upgrades run is system.autoUpgrade.dates, a systemd calendar time (\"04:40\", \"daily\", \"Sun 03:00\"): say it by its path, with your time; nothing was changed"}, true
	case reboot && stop:
		return intent.Intent{Kind: intent.SetOption, Option: "system.autoUpgrade.allowReboot", Change: intent.ChangeUnset}, nil, true
	case reboot && enabling:
		return intent.Intent{Kind: intent.SetOption, Option: "system.autoUpgrade", Change: intent.ChangeMerge,
			Value: map[string]any{"enable": true, "allowReboot": true}}, nil, true
	case reboot:
		return intent.Intent{Kind: intent.SetOption, Option: "system.autoUpgrade.allowReboot", Value: true,
			Notes: []string{"system.autoUpgrade.allowReboot reboots after an automatic upgrade that changed the kernel or initrd; it does nothing while automatic upgrades are off (\"enable automatic upgrades\")"}}, nil, true
	}
	return intent.Intent{}, nil, false
}

// brokenByUpdate answers "no sound after update", "firefox crashes
// since the upgrade": something that stopped working with an update,
// never an update of a package named after it. The generation before
// the update is offered, with the part's own answer where one is named.
// nil when ts reports no fault after an update.
func brokenByUpdate(text string, ts []token) *intent.NotUnderstood {
	if !has(ts, "after", "since") {
		return nil
	}
	fault := false
	var area *trouble
	for i, t := range ts {
		if a := troubleWords[t.w]; a != nil && (area == nil || a.rank > area.rank) {
			area = a
		}
		switch t.w {
		case "no", "broke", "broken", "crashes", "crash", "crashing", "crashed", "freezes", "freezing", "froze", "hangs", "stopped", "missing", "gone", "fails", "failing", "failed":
			fault = true
		case "not":
			fault = fault || i+1 < len(ts) && notWorking[ts[i+1].lem]
		default:
			fault = fault || faultWords[t.w]
		}
	}
	if !fault {
		return nil
	}
	const back = "if it stopped working with an update, \"roll back\" returns to the generation before it (the boot menu lists the older ones too, and \"list generations\" shows them); "
	if area == nil {
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Rollback, "roll back"), sug(intent.ListGenerations, "list generations")},
			Hint:        back + "`journalctl -b -p err` shows this boot's errors; nothing was changed"}
	}
	ss := append([]intent.Suggestion{sug(intent.Rollback, "roll back")}, area.ss...)
	return &intent.NotUnderstood{Request: text, Suggestions: ss, Hint: back + area.why}
}

// questionFillers are the words of a yes-or-no question around what it
// asks about: "are automatic updates enabled", "do i have auto updates".
var questionFillers map[string]bool

// loadUpdatesTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadUpdatesTables() {
	questionFillers = map[string]bool{"is": true, "are": true, "do": true, "does": true, "did": true, "i": true, "we": true,
		"you": true, "have": true, "has": true, "enabled": true, "turned": true, "running": true, "active": true, "set": true,
		"up": true, "currently": true, "there": true, "any": true, "still": true, "configured": true, "scheduled": true,
		"need": true, "needs": true, "to": true, "should": true}
}
