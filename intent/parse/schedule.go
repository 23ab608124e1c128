package parse

import (
	"fmt"
	"slices"
	"strconv"
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
// A day of the week or a time of day said ("collect garbage every sunday
// at 3am", "upgrade automatically at 4am") is written with the period as
// one systemd calendar expression ("Sun 03:00", "04:00"), as the store's
// optimiser's schedule is (when).
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
	var sched when                   // days of the week and a time of day said
	var noTime *intent.NotUnderstood // "at 3", "at 25:00": said once the rest reads as a schedule
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if t.quoted {
			return intent.Intent{}, false, nil
		}
		if weekDays[t.w] != "" || t.w == "at" || t.w == "midnight" || t.w == "noon" || t.w == "midday" {
			// "every sunday", "at 3am": when, in the words systemd reads.
			n, bare, bad := sched.read(ts, i)
			switch {
			case bare != "" || bad != "":
				noTime = timeNotSaid(text, bare, bad)
				i++ // the number
				continue
			case n > 0:
				i += n - 1
				continue
			}
		}
		switch {
		case periodWords[t.w] != "":
			period = periodWords[t.w]
		case (t.w == "every" || t.w == "each" || t.w == "on") && i+1 < len(ts) && weekDays[ts[i+1].w] != "":
			// "every sunday": the day, read next.
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
	if gc == upgrade || period == "" && !auto && !sched.said() && noTime == nil {
		return intent.Intent{}, false, nil
	}
	if noTime != nil {
		return intent.Intent{}, true, noTime
	}
	if sched.said() {
		// "every sunday at 3am", "weekly at 4am": one calendar
		// expression of the period, the days and the time.
		sched.setPeriod(period)
		cal, ok := sched.calendar()
		if !ok {
			ex := "collect garbage every week at 3am"
			if upgrade {
				ex = "upgrade automatically every sunday at 4am"
			}
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.SetOption, ex)},
				Hint: "that schedule is said two ways that do not go together; say one: how often (\"every week\"), on which days (\"on sundays\"), at what time (\"at 3am\"), or days and time; nothing was changed"}
		}
		period = cal
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
	loadWeekDays()
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
		"thing", "things", "stuff", "machine", "computer", "task", "job", "itself", "themselves")
}

// when is a schedule said in words ("every week", "on sundays at 3am",
// "daily at 03:30"), which calendar writes as systemd reads it.
type when struct {
	period string   // "daily", "weekly", "monthly" (systemd's words), or ""
	days   []string // systemd's day names, in the week's order ("Sat", "Sun")
	clock  string   // "03:00", or ""
	odd    bool     // said two ways that do not go together ("every day on sundays")
}

// read takes the schedule's word at ts[i]: a period, a day of the week,
// or "at" and a time of day. n is how many words it took (0: none of the
// schedule's); bare the number said after "at" without saying which
// ("at 3": morning or afternoon), bad a time that is none ("at 25:00").
func (w *when) read(ts []token, i int) (n int, bare, bad string) {
	t := ts[i]
	if t.quoted {
		return 0, "", ""
	}
	if p := periodWords[t.w]; p != "" {
		w.setPeriod(p)
		return 1, "", ""
	}
	if p := periodUnits[t.lem]; p != "" && i > 0 && (ts[i-1].w == "every" || ts[i-1].w == "each" || ts[i-1].w == "a" || ts[i-1].w == "per") {
		// "every week", "once a month": the unit after its word.
		w.setPeriod(p)
		return 1, "", ""
	}
	if d := weekDays[t.w]; d != "" {
		if !slices.Contains(w.days, d) {
			w.days = append(w.days, d)
			slices.SortFunc(w.days, func(a, b string) int { return dayOrder[a] - dayOrder[b] })
		}
		return 1, "", ""
	}
	if t.w == "midnight" || t.w == "noon" || t.w == "midday" {
		c, _, _ := clockTime(ts[i:])
		if w.clock != "" && w.clock != c {
			w.odd = true
		}
		w.clock = c
		return 1, "", ""
	}
	if t.w != "at" || i+1 >= len(ts) {
		return 0, "", ""
	}
	c, k, isBare := clockTime(ts[i+1:])
	switch next := ts[i+1]; {
	case isBare:
		return 0, next.raw, ""
	case k == 0 && !next.quoted && next.w != "" && next.w[0] >= '0' && next.w[0] <= '9':
		return 0, "", next.raw
	case k == 0:
		return 0, "", ""
	}
	if w.clock != "" && w.clock != c {
		w.odd = true
	}
	w.clock = c
	return 1 + k, "", ""
}

func (w *when) setPeriod(p string) {
	if p == "" {
		return
	}
	if w.period != "" && w.period != p {
		w.odd = true
	}
	w.period = p
}

// said reports whether any schedule was said.
func (w *when) said() bool { return w.period != "" || len(w.days) > 0 || w.clock != "" }

// calendar is the schedule as a systemd calendar expression ("weekly",
// "03:00", "Sun 03:00", "*-*-01 03:00"); ok false when it is none
// (nothing said, or said two ways: days of the week once a month, every
// day on sundays).
func (w *when) calendar() (string, bool) {
	if w.odd || !w.said() {
		return "", false
	}
	days := strings.Join(w.days, ",")
	switch w.period {
	case "daily":
		if days != "" {
			return "", false
		}
		if w.clock != "" {
			return w.clock, true
		}
		return "daily", true
	case "monthly":
		if days != "" {
			return "", false
		}
		if w.clock != "" {
			return "*-*-01 " + w.clock, true
		}
		return "monthly", true
	case "weekly":
		if days == "" && w.clock == "" {
			return "weekly", true
		}
		if days == "" {
			days = "Mon" // systemd's weekly
		}
	}
	switch {
	case days != "" && w.clock != "":
		return days + " " + w.clock, true
	case days != "":
		return days, true
	}
	return w.clock, true
}

// clockTime reads a time of day at the start of ts: "3am", "3 pm",
// "3:30am", "3:30 a.m.", "03:00", "15:45", "midnight", "noon", as
// "HH:MM"; n is how many words it took (0: no time). bare: a number of
// the clock's with neither am nor pm nor minutes ("at 3"), which is
// not guessed.
func clockTime(ts []token) (clock string, n int, bare bool) {
	if len(ts) == 0 || ts[0].quoted {
		return "", 0, false
	}
	switch ts[0].w {
	case "midnight":
		return "00:00", 1, false
	case "noon", "midday":
		return "12:00", 1, false
	}
	s, n := ts[0].w, 1
	half := ""
	for _, suf := range []string{"am", "pm", "a.m", "p.m", "a.m.", "p.m."} {
		if rest, ok := strings.CutSuffix(s, suf); ok && rest != "" {
			s, half = rest, suf[:1]
			break
		}
	}
	if half == "" && len(ts) > 1 && !ts[1].quoted {
		switch ts[1].w {
		case "am", "a.m", "a.m.":
			half, n = "a", 2
		case "pm", "p.m", "p.m.":
			half, n = "p", 2
		}
	}
	hs, ms, colon := strings.Cut(s, ":")
	h, err := strconv.Atoi(hs)
	if err != nil || len(hs) > 2 || hs == "" || strings.Trim(hs, "0123456789") != "" {
		return "", 0, false
	}
	m := 0
	if colon {
		if len(ms) != 2 || strings.Trim(ms, "0123456789") != "" {
			return "", 0, false
		}
		m, _ = strconv.Atoi(ms)
	}
	switch {
	case m > 59:
		return "", 0, false
	case half != "":
		if h < 1 || h > 12 {
			return "", 0, false
		}
		h %= 12
		if half == "p" {
			h += 12
		}
	case !colon:
		// "at 3": three in the morning or the afternoon?
		return "", 0, h >= 0 && h <= 24
	case h > 23:
		return "", 0, false
	}
	return fmt.Sprintf("%02d:%02d", h, m), n, false
}

// weekDays are the days of the week as said, to systemd's names;
// dayOrder their place in systemd's week, which starts on Monday.
var weekDays map[string]string
var dayOrder map[string]int

func loadWeekDays() {
	dayOrder = map[string]int{"Mon": 1, "Tue": 2, "Wed": 3, "Thu": 4, "Fri": 5, "Sat": 6, "Sun": 7}
	weekDays = map[string]string{}
	for _, d := range []struct{ name, short string }{{"monday", "Mon"}, {"tuesday", "Tue"}, {"wednesday", "Wed"},
		{"thursday", "Thu"}, {"friday", "Fri"}, {"saturday", "Sat"}, {"sunday", "Sun"}} {
		weekDays[d.name], weekDays[d.name+"s"] = d.short, d.short
	}
	for _, d := range []string{"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"} {
		weekDays[d] = weekDays[map[string]string{"mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday",
			"thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday", "sat": "saturday", "sun": "sunday"}[d]]
	}
}

// scheduleSaid: ts names a day of the week or a time of day ("on
// sundays", "at 3am"), which is when a timer runs (ruleSchedule), never
// a package's name.
func scheduleSaid(ts []token) bool {
	for i, t := range ts {
		switch {
		case t.quoted:
		case len(t.w) >= 6 && weekDays[t.w] != "", t.w == "midnight":
			return true
		case t.w == "at" && i+1 < len(ts):
			if _, n, bare := clockTime(ts[i+1:]); n > 0 || bare {
				return true
			}
		}
	}
	return false
}

// timeNotSaid answers a schedule whose time of day is not one: "at 3"
// (morning or afternoon? the request with each is suggested, when it
// reads as the rest did) or "at 25:00".
func timeNotSaid(text, bare, bad string) *intent.NotUnderstood {
	if bad != "" {
		return &intent.NotUnderstood{Request: text, Hint: bad + " is not a time of day: say it as 3am, 3:30pm or 15:00; nothing was changed"}
	}
	nu := &intent.NotUnderstood{Request: text,
		Hint: "at " + bare + " in the morning or the afternoon? say " + bare + "am or " + bare + "pm, or a time such as 15:00; nothing was changed"}
	for _, half := range []string{"am", "pm"} {
		ex, n := replaceWord(text, bare, bare+half)
		if n != 1 {
			break
		}
		if in, err := parse(ex, false); err == nil && in.Kind.Writes() {
			nu.Suggestions = append(nu.Suggestions, sug(in.Kind, ex))
		}
	}
	return nu
}

// replaceWord is text with the word w (between spaces or at an end)
// made to; n is how many times w was there.
func replaceWord(text, w, to string) (string, int) {
	fs := strings.Fields(text)
	n := 0
	for i, f := range fs {
		if f == w {
			fs[i] = to
			n++
		}
	}
	return strings.Join(fs, " "), n
}

// ruleScheduleAsked: "when does garbage collection run", "how often do
// automatic updates run", "what time does the store get optimised": the
// timer's settings shown (nix.gc, system.autoUpgrade, nix.optimise:
// whether it is on, and its dates), never written; they suggested
// "clean up old generations, keep 5", or read "when run" as a package.
// "when did I last update" is the status's, and "when should I update"
// a question of what to do.
func ruleScheduleAsked(_ string, ts []token) (intent.Intent, bool, error) {
	if len(ts) < 3 || len(ts) > 10 || ts[0].quoted || ts[1].quoted {
		return intent.Intent{}, false, nil
	}
	switch w := ts[0].w; {
	case w == "when" && ts[1].w != "i" && ts[1].w != "we" && ts[1].w != "to":
	case w == "how" && ts[1].w == "often":
	case (w == "what" || w == "which") && (ts[1].w == "time" || ts[1].w == "day" || ts[1].w == "days" || ts[1].w == "schedule"):
	case w == "at" && ts[1].w == "what":
	default:
		return intent.Intent{}, false, nil
	}
	option := ""
	for _, t := range ts[1:] {
		o := ""
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case t.w == "last" || t.w == "did" || t.w == "was" || t.w == "were" || t.w == "ago" || t.w == "previous" || t.w == "should" || t.w == "must" || t.w == "can" || t.w == "could":
			return intent.Intent{}, false, nil
		case t.w == "garbage" || t.w == "gc" || t.lem == "collection" || t.w == "nix-collect-garbage":
			o = "nix.gc"
		case scheduleUpgradeWords[t.w]:
			o = "system.autoUpgrade"
		case t.w == "optimise" || t.w == "optimize" || t.w == "optimised" || t.w == "optimized" || t.w == "optimisation" || t.w == "optimization":
			o = "nix.optimise"
		}
		if o != "" {
			if option != "" && option != o {
				return intent.Intent{}, false, nil
			}
			option = o
		}
	}
	if option == "" {
		return intent.Intent{}, false, nil
	}
	return intent.Intent{Kind: intent.ShowOption, Option: option}, true, nil
}
