package parse

import (
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// ruleSchedule: maintenance NixOS runs on a timer.
//
// "collect garbage automatically every week", "enable automatic garbage
// collection weekly", "automatically delete generations older than 30
// days" merge into nix.gc: automatic = true, dates = "weekly" (a systemd
// calendar word), options = "--delete-older-than 30d". "upgrade
// automatically every night", "enable automatic upgrades weekly" merge
// enable = true and dates into system.autoUpgrade.
//
// It takes only requests that name a schedule or say "automatically";
// "clean up old generations" is the one-off gc. A count to keep ("keep
// the last 5 generations every week") is no option NixOS's timer has:
// not understood, with the age form suggested. Turning either off is the
// service and switch rules' ("disable automatic upgrades"), or
// ruleScheduleRemoved's ("remove the gc timer").
func ruleSchedule(text string, ts []token) (intent.Intent, bool, error) {
	var gc, upgrade, auto, keepCount, generations, gcSaid, autoSaid bool
	period, older := "", ""
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if t.quoted {
			return intent.Intent{}, false, nil
		}
		switch {
		case periodWords[t.w] != "":
			period = periodWords[t.w]
		case (t.w == "every" || t.w == "each" || t.w == "once" || t.w == "per") && i+1 < len(ts):
			j := i + 1
			if t.w == "once" && (ts[j].w == "a" || ts[j].w == "per" || ts[j].w == "every") && j+1 < len(ts) {
				j++
			}
			p := periodUnits[ts[j].lem]
			if p == "" || ts[j].quoted {
				return intent.Intent{}, false, nil
			}
			period, i = p, j
		case t.w == "older" && i+1 < len(ts) && ts[i+1].w == "than",
			t.lem == "keep" && i+1 < len(ts):
			a, n, ok := age(ts[i+1+boolInt(t.w == "older"):])
			if !ok {
				if t.lem != "keep" {
					return intent.Intent{}, false, nil
				}
				// "keep the last 5": a count, read past.
				j := i + 1
				for j < len(ts) && !ts[j].quoted && countWords[ts[j].w] {
					j++
				}
				if j == i+1 || j >= len(ts) {
					return intent.Intent{}, false, nil
				}
				if _, isNum := number(ts[j]); !isNum {
					return intent.Intent{}, false, nil
				}
				keepCount, i = true, j
				continue
			}
			older = a
			i += boolInt(t.w == "older") + n
			if i+1 < len(ts) && (ts[i+1].w == "old" || ts[i+1].w == "ago") {
				i++
			}
		case autoWords[t.w]:
			auto = true
			autoSaid = autoSaid || t.w != "timer"
		case scheduleGCWords[t.lem]:
			gc = true
			gcSaid = gcSaid || !scheduleDeleteVerbs[t.lem]
			generations = generations || t.lem == "generation"
		case scheduleUpgradeWords[t.w]:
			upgrade = true
		case scheduleFillers[t.lem] || stopwords[t.lem]:
		default:
			return intent.Intent{}, false, nil
		}
	}
	if gc && !gcSaid && older == "" && period == "" && !autoSaid {
		// "remove timer": the verb alone says nothing is collected, and
		// "timer" is then what is removed (a nixpkgs name), not when.
		return intent.Intent{}, false, nil
	}
	if gc == upgrade || period == "" && !auto {
		return intent.Intent{}, false, nil
	}
	if upgrade {
		if older != "" || keepCount || period == "" {
			// "enable automatic upgrades" is the service rule's.
			return intent.Intent{}, false, nil
		}
		return intent.Intent{Kind: intent.SetOption, Option: "system.autoUpgrade", Change: intent.ChangeMerge,
			Value: map[string]any{"enable": true, "dates": period}}, true, nil
	}
	if keepCount || older != "" && !strings.HasSuffix(older, "d") || generations && older == "" {
		// nix-collect-garbage deletes generations only by age, in days
		// (without one it collects the store's garbage and leaves every
		// generation), so an age must be said.
		return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, "delete generations older than 30 days every week"),
			sug(intent.SetOption, "collect garbage every week"))
	}
	if period == "" && older == "" {
		return intent.Intent{Kind: intent.SetOption, Option: "nix.gc.automatic", Value: true}, true, nil
	}
	m := map[string]any{"automatic": true}
	if period != "" {
		m["dates"] = period
	}
	if older != "" {
		m["options"] = "--delete-older-than " + older
	}
	return intent.Intent{Kind: intent.SetOption, Option: "nix.gc", Change: intent.ChangeMerge, Value: m}, true, nil
}

// ruleScheduleRemoved: "remove the gc timer", "get rid of auto gc", "I
// don't want automatic updates": what is removed is the schedule itself,
// turned off (nix.gc.automatic, system.autoUpgrade.enable = false).
// Read before the schedule rule, which read "remove" and "delete" as
// garbage being deleted on one and turned it on, and before the update
// rules, which read the removal verb as a package. Only the schedule's
// words may follow the verb: "remove old generations automatically" and
// "remove garbage automatically" (an adverb) still schedule a gc.
func ruleScheduleRemoved(_ string, ts []token) (intent.Intent, bool, error) {
	n := prefix(ts, removeLead)
	if n == 0 {
		return intent.Intent{}, false, nil
	}
	var auto, gc, upgrade bool
	for _, t := range ts[n:] {
		switch {
		case t.quoted || strings.HasSuffix(t.w, "ly"):
			return intent.Intent{}, false, nil
		case autoWords[t.w]:
			auto = true
		case scheduledGCNouns[t.lem]:
			gc = true
		case scheduleUpgradeWords[t.w]:
			upgrade = true
		case stopwords[t.lem] || t.w == "anymore" || t.w == "any" || t.w == "more":
		default:
			return intent.Intent{}, false, nil
		}
	}
	switch {
	case !auto || gc == upgrade:
		return intent.Intent{}, false, nil
	case gc:
		return intent.Intent{Kind: intent.SetOption, Option: "nix.gc.automatic", Value: false}, true, nil
	}
	return intent.Intent{Kind: intent.SetOption, Option: "system.autoUpgrade.enable", Value: false}, true, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// The tables of this file, built by loadSchedule on first use (see
// loadTables).
var (
	periodWords, periodUnits                                          map[string]string
	autoWords, scheduleGCWords, scheduleUpgradeWords, scheduleFillers map[string]bool
	scheduleDeleteVerbs, scheduledGCNouns                             map[string]bool
	countWords                                                        map[string]bool
)

func loadSchedule() {
	// systemd calendar words, as NixOS's dates options take them.
	periodWords = map[string]string{"daily": "daily", "nightly": "daily", "weekly": "weekly", "monthly": "monthly"}
	countWords = set("the", "last", "latest", "newest", "most", "recent", "only", "just")
	periodUnits = map[string]string{"day": "daily", "night": "daily", "week": "weekly", "month": "monthly"}
	autoWords = set("automatically", "automatic", "auto", "scheduled", "schedule", "regularly",
		"periodically", "regular", "periodic", "timer")
	scheduleGCWords = set("garbage", "gc", "collect", "collection", "clean", "cleanup", "clean-up",
		"generation", "old", "delete", "remove", "prune", "purge", "nix-collect-garbage", "older", "unused")
	// The verbs of scheduleGCWords: with no word of what to delete and
	// no schedule but "timer" ("remove timer"), they are the remove
	// rule's.
	scheduleDeleteVerbs = set("delete", "remove")
	// scheduledGCNouns name the gc a schedule runs ("the gc timer",
	// "automatic garbage collection", "the automatic cleanup").
	scheduledGCNouns = set("garbage", "gc", "collection", "cleanup", "clean-up", "nix-collect-garbage")
	scheduleUpgradeWords = set("upgrade", "upgrades", "update", "updates", "autoupgrade", "auto-upgrade",
		"upgrading", "updating", "upgraded", "updated")
	scheduleFillers = set("enable", "turn", "on", "set", "up", "run", "do", "store", "system", "nix",
		"nixos", "and", "then", "also", "at", "in", "with", "them", "it", "that", "every", "once",
		"want", "would", "like", "make", "sure", "get", "have", "should", "be", "happen", "keep",
		"thing", "things", "stuff", "machine", "computer", "task", "job")
}
