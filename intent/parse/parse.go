// Package parse turns a person's words into an intent.
//
// Reading is by rules, not by guessing: a request either fits one of the
// phrasings below or comes back as *intent.NotUnderstood with the
// closest intents as suggestions. Case, punctuation and polite words
// ("could you please ... for me, thanks") do not matter; package names,
// option paths and values keep the case they were typed in.
//
// Words that are both a verb and a package name are read by position:
// the first word is the verb ("install go" installs go, "search install"
// searches for "install"), and a verb inside a package list means two
// requests run together ("install git and remove vim", "install remove"),
// which is not understood rather than guessed at.
package parse

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/nix-humanity/nix-humanity/intent"
)

// Parse reads one request. A request it does not understand returns an
// *intent.NotUnderstood error; it never guesses an intent that writes.
// Parse does not check safety: guard.CheckRequest runs before it and
// guard.CheckIntent after it.
func Parse(text string) (intent.Intent, error) {
	loadTables()
	if in, ok, err := correctionOf(text); ok {
		// "no, install chromium instead", "sorry, I meant htop"
		return in, err
	}
	in, err := parse(text, true)
	if err != nil {
		if nu := noSaidFirst(text); nu != nil {
			return intent.Intent{}, nu
		}
		if got, ok := insteadDropped(text); ok {
			// "install chromium instead": read as when said first,
			// where that is no answer of its own.
			in, err = got, nil
		}
	}
	if err == nil {
		if nu := askedWhatItDoes(text, in); nu != nil {
			return intent.Intent{}, nu
		}
	}
	if err == nil && in.Kind.Writes() {
		if q, n := askedWhether(text); n > 0 {
			return askedAnswer(text, q, n, in)
		}
		if q, n := askedWhenOrWhy(text); n > 0 {
			return askedAnswer(text, q, n, in)
		}
		if said, ok := temporarily(text); ok {
			return intent.Intent{}, temporaryAnswer(text, said, in)
		}
	}
	if err != nil && resolvesToEdit(err) {
		if said, ok := temporarily(text); ok {
			// "disable the firewall temporarily": the service words
			// with the time in them are no service to look up.
			if got, err2 := parse(said, false); err2 == nil && got.Kind.Writes() {
				return intent.Intent{}, temporaryAnswer(text, said, got)
			}
		}
		// "maybe keep only 5 generations in the boot menu", "can't I
		// enable jellyfin": an answer a caller would carry out with
		// what it knows (the fragment's loader, the option index), asked
		// as a question: only the answer, never the edit.
		if _, n := askedWhenOrWhy(text); n > 0 {
			return intent.Intent{}, plainNotUnderstood(err)
		}
		if _, n := askedWhether(text); n > 0 {
			return intent.Intent{}, plainNotUnderstood(err)
		}
	}
	var nu *intent.NotUnderstood
	if errors.As(err, &nu) {
		if said, ok := temporarily(text); ok && !resolvesToEdit(err) {
			// "turn the firewall off for a bit": the time read as part
			// of the service's name; "install firefox for a while" is
			// tried in a shell, as "install firefox temporarily" is.
			got, err2 := parse(said, false)
			switch {
			case err2 != nil || !got.Kind.Writes():
			case got.Kind == intent.Install:
				return intent.Intent{}, &intent.NotUnderstood{Request: text, Hint: trialHint}
			default:
				return intent.Intent{}, temporaryAnswer(text, said, got)
			}
		}
	}
	if errors.As(err, &nu) && nu.Hint == "" {
		// "do I enable ssh", "did I open port 22": the request asked
		// about, to say.
		q, n := askedWhether(text)
		if n < 2 {
			q, n = askedWhenOrWhy(text)
		}
		if n > 0 && n < len(q) {
			said := joinRaw(q[n:])
			got, err2 := parse(said, false)
			var us *UnknownService
			switch {
			case err2 == nil && got.Kind.Writes():
			case errors.As(err2, &us) && us.Kind != intent.ShowOption:
				got.Kind = us.Kind // "can't I enable jellyfin"
			default:
				return in, err
			}
			return intent.Intent{}, &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(got.Kind, said)},
				Hint: "a question changes nothing; to have ask-nix make the change, say \"" + said + "\""}
		}
	}
	return in, err
}

// askedWhether: the request is a yes-or-no question ("is auto gc on",
// "do I have auto gc", "does nixos disable sleep"); n is how many words
// ask it (0: no question). A question never writes: the rules read some
// as requests, whose words they share.
func askedWhether(text string) ([]token, int) {
	// Most requests ask no question: a look at their first words
	// spares them a second tokenizing.
	asked, rest := false, text
	for i := 0; i < 3 && !asked; i++ {
		rest = strings.TrimLeft(rest, " \t,")
		end := strings.IndexAny(rest, " \t,")
		if end < 0 {
			end = len(rest)
		}
		switch w := strings.TrimRight(rest[:end], ".!?"); {
		case strings.EqualFold(w, "is"), strings.EqualFold(w, "are"), strings.EqualFold(w, "was"), strings.EqualFold(w, "were"),
			strings.EqualFold(w, "has"), strings.EqualFold(w, "have"), strings.EqualFold(w, "did"), strings.EqualFold(w, "do"), strings.EqualFold(w, "does"):
			asked = true
		}
		rest = rest[end:]
	}
	if !asked {
		return nil, 0
	}
	ts := trimPolite(tokenize(text))
	if len(ts) < 2 || ts[0].quoted || ts[1].quoted {
		return ts, 0
	}
	switch ts[0].w {
	case "have":
		if !questionSubjects[ts[1].w] && slices.ContainsFunc(ts[2:], func(t token) bool {
			return !t.quoted && (t.w == "start" || t.w == "run" || t.w == "launch" || t.w == "autostart")
		}) {
			// "have docker start at boot": done by someone, a request
			// ("have you run the update" asks).
			return ts, 0
		}
		return ts, 1
	case "is", "are", "was", "were", "has":
		return ts, 1
	case "did":
		if questionSubjects[ts[1].w] {
			return ts, 2
		}
		return ts, 1
	case "do", "does":
		if questionSubjects[ts[1].w] {
			return ts, 2
		}
	}
	return ts, 0
}

// temporaryTails end a request meant for a while only ("open port 22
// for now"): ask-nix's edits stay until taken back.
var temporaryTails = []string{"for now", "just for now", "temporarily", "for a while", "for an hour", "for a few hours",
	"for a bit", "for today", "only today", "just today", "until i reboot", "until reboot", "until the next reboot", "until tomorrow",
	"for the moment", "for a few minutes", "for a minute", "for the time being"}

// temporarily reports whether text ends with a temporaryTails phrase,
// and the request without it. The phrases are matched in text itself,
// ASCII case folded: a lower-cased copy is no guide to where they start,
// since lower-casing changes the length of some text (Ⱥ is 2 bytes, ⱥ 3;
// a byte that is no UTF-8 becomes 3), and cutting text where the copy
// was cut panicked.
func temporarily(text string) (string, bool) {
	t := strings.TrimRight(strings.TrimSpace(text), ".!?, ")
	for _, polite := range []string{" please", " thanks", " thank you", " pls"} {
		if rest, ok := cutSuffixFold(t, polite); ok {
			t = strings.TrimRight(rest, ", ")
		}
	}
	for _, tail := range temporaryTails {
		if rest, ok := cutSuffixFold(t, " "+tail); ok && rest != "" {
			return strings.TrimRight(rest, ", "), true
		}
	}
	for _, lead := range temporaryLeads {
		// "temporarily disable bluetooth", "for now, open port 22".
		if rest, ok := cutPrefixFold(t, lead+" "); ok && rest != "" {
			return strings.TrimLeft(rest, ", "), true
		}
		if rest, ok := cutPrefixFold(t, lead+", "); ok && rest != "" {
			return strings.TrimLeft(rest, ", "), true
		}
	}
	return "", false
}

// cutSuffixFold is strings.CutSuffix with suffix, which is ASCII,
// matched in any case.
func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) < len(suffix) || !asciiEqualFold(s[len(s)-len(suffix):], suffix) {
		return s, false
	}
	return s[:len(s)-len(suffix)], true
}

// cutPrefixFold is strings.CutPrefix with prefix, which is ASCII,
// matched in any case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !asciiEqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// asciiEqualFold reports whether a and b, of the same length, are the
// same but for the case of ASCII letters.
func asciiEqualFold(a, b string) bool {
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// temporaryLeads are temporaryTails said first.
var temporaryLeads = []string{"temporarily", "for now", "just for now", "for a while", "for today"}

// temporaryAnswer: a change asked for a while only is not made as if
// for good; the request without the time is offered, with how to take
// it back and how to try a configuration until the next reboot.
func temporaryAnswer(text, said string, in intent.Intent) error {
	nu := &intent.NotUnderstood{Request: text,
		Hint: "ask-nix's changes stay until they are taken back (\"undo\", or the opposite request later); `ask-nix apply --action test` makes the configuration live only until the next reboot, with no boot entry; nothing was changed"}
	if got, err := parse(said, false); err == nil && got.Kind == in.Kind {
		nu.Suggestions = []intent.Suggestion{sug(in.Kind, said)}
	}
	return nu
}

// resolvesToEdit: err is an answer a caller may turn into an edit with
// what it knows (see cmd/ask-nix's understand): a service the option
// index may find, the boot menu of the fragment's loader, versioned
// names, words the index may join, an undo of one edit.
func resolvesToEdit(err error) bool {
	var us *UnknownService
	if errors.As(err, &us) {
		return us.Kind != intent.ShowOption
	}
	var bm *BootMenuLimit
	var vp *VersionedPackages
	var gw *GenericWords
	var ue *UndoEdit
	return errors.As(err, &bm) || errors.As(err, &vp) && vp.Kind.Writes() || errors.As(err, &gw) || errors.As(err, &ue)
}

// plainNotUnderstood is err's not-understood answer alone, which no
// caller resolves into an edit.
func plainNotUnderstood(err error) error {
	var nu *intent.NotUnderstood
	if !errors.As(err, &nu) {
		return err
	}
	plain := *nu
	return &plain
}

// askedWhenOrWhy: the request asks when, why or whether the person is
// to make a change ("when should I disable sleep", "can't I allow
// unfree", "maybe htop should be installed"); n is how many words ask
// it (0: none). The rules that read a change by its words anywhere
// would otherwise carry the question out, or its opposite. "can't you
// install htop" is a request, to ask-nix.
func askedWhenOrWhy(text string) ([]token, int) {
	// Most requests open with none of the words: a look at the first
	// few spares them a second tokenizing.
	lead, rest := false, text
	for i := 0; i < 4 && !lead && rest != ""; i++ {
		rest = strings.TrimLeft(rest, " \t,")
		end := strings.IndexAny(rest, " \t,")
		if end < 0 {
			end = len(rest)
		}
		w := strings.ToLower(strings.TrimRight(rest[:end], ".!?"))
		w, _, _ = strings.Cut(w, "'") // "can't"
		lead = askModals[w] || w == "maybe" || w == "perhaps" || w == "when" || w == "why" || w == "where" || w == "how" || w == "cannot" || w == "cant"
		rest = rest[end:]
	}
	if !lead {
		return nil, 0
	}
	ts := trimPolite(tokenize(text))
	if len(ts) < 3 || ts[0].quoted || ts[1].quoted {
		return ts, 0
	}
	subject := func(t token) bool { return !t.quoted && (t.w == "i" || t.w == "we" || t.w == "one") }
	switch w := ts[0].w; {
	case w == "maybe" || w == "perhaps":
		return ts, 1
	case (w == "when" || w == "why" || w == "where" || w == "how") && askModals[ts[1].w]:
		if subject(ts[2]) {
			return ts, 3
		}
		if len(ts) > 3 && ts[2].w == "not" && subject(ts[3]) {
			return ts, 4 // "why can't I ..."
		}
	case askModals[w] && ts[1].w == "not" && subject(ts[2]):
		return ts, 3 // "can't I ...", "shouldn't we ..."
	case (w == "should" || w == "must" || w == "shall" || w == "might") && subject(ts[1]):
		return ts, 2
	}
	return ts, 0
}

// askModals are the verbs a question about doing something asks with.
var askModals map[string]bool

// askedAnswer answers a question the rules read as the edit in: a
// switch or setting is shown (show-option of its option, which changes
// nothing); anything else is not understood, with the request that
// would make it.
func askedAnswer(text string, ts []token, n int, in intent.Intent) (intent.Intent, error) {
	if len(in.And) == 0 && in.Option != "" && (in.Kind == intent.EnableService || in.Kind == intent.DisableService ||
		in.Kind == intent.SetOption && (in.Change == intent.ChangeSet || in.Change == intent.ChangeUnset)) {
		return intent.Intent{Kind: intent.ShowOption, Option: in.Option, Service: in.Service}, nil
	}
	if len(in.Parts()) > 0 && in.Parts()[0].Option != "" && in.Kind == intent.SetOption {
		// "do I disable sleep": several settings; the first says it.
		return intent.Intent{Kind: intent.ShowOption, Option: in.Parts()[0].Option}, nil
	}
	nu := &intent.NotUnderstood{Request: text, Hint: "a question changes nothing; to have ask-nix make the change, say it as a request"}
	if n < len(ts) {
		said := joinRaw(ts[n:])
		if got, err := parse(said, false); err == nil && got.Kind == in.Kind {
			nu.Suggestions = []intent.Suggestion{sug(in.Kind, said)}
			nu.Hint = "a question changes nothing; to have ask-nix make the change, say \"" + said + "\""
		}
	}
	return intent.Intent{}, nu
}

// parse is Parse; fix says whether a request not understood may be
// answered with itself put right (see correctedRequest), which parses
// the corrected text once more, with fix false.
func parse(text string, fix bool) (intent.Intent, error) {
	loadTables()
	ts := tokenize(text)
	if len(ts) > 1 && chatOnly(ts) {
		// "thank you!", "hello ask-nix": said to a person, whole
		// (trimPolite would leave "you" or "ask-nix" to be read).
		return intent.Intent{}, chatAnswer(text)
	}
	ts = askedAsCheck(trimPolite(spelledOutFirst(ts)))
	if len(ts) == 0 {
		if strings.TrimSpace(text) == "?" {
			return intent.Intent{Kind: intent.Help}, nil
		}
		return intent.Intent{}, notUnderstood(text, nil)
	}
	if len(ts) <= 6 && helpPhrases[joinW(ts)] {
		return intent.Intent{Kind: intent.Help}, nil
	}
	if n := len(ts); n > 3 && asksQuestion(ts) && !ts[n-1].quoted && !ts[n-2].quoted && ts[n-1].w == "to" && (ts[n-2].w == "set" || ts[n-2].w == "configured") {
		// "what is my timezone set to": the question "what is my
		// timezone", never a setting.
		ts = ts[:n-2]
	}
	if nu := flagsInRequest(text, ts); nu != nil {
		return intent.Intent{}, nu
	}
	if err := onAndOff(text, ts); err != nil {
		return intent.Intent{}, err
	}
	for _, rule := range []func(string, []token) (intent.Intent, bool, error){
		ruleHowTo, ruleAvailable, ruleUpdateInput, ruleNixCommand, ruleOtherCommand, ruleScheduleRemoved, ruleScheduleAsked, rulePackageUpdates, ruleSchedule, rulePreview, ruleWhatChanged, ruleEditHistory, ruleFragmentAsked, ruleServiceQuestion, rulePortQuestion, ruleShowOptionValue, ruleInstalledQuestion, ruleRollForward, ruleRedo, ruleUndoSteps, ruleApplyAction, ruleBootDefault, ruleRollbackWhen, ruleRollbackSteps, ruleSwitchGeneration, ruleGC,
	} {
		if in, ok, err := rule(text, ts); ok {
			return in, err
		}
	}
	if nu := systemTrouble(text, ts); nu != nil {
		// "the last update broke my system" read as a status question,
		// "my laptop won't start" as nothing.
		return intent.Intent{}, nu
	}
	for _, b := range bags {
		if b.match(ts) {
			if nu := askedOfAction(text, ts, b.kind); nu != nil {
				return intent.Intent{}, nu
			}
			in := intent.Intent{Kind: b.kind}
			if in.Kind == intent.Status {
				in.AboutReboot = slices.ContainsFunc(ts, func(t token) bool { return t.lem == "reboot" || t.lem == "restart" })
			}
			return in, nil
		}
	}
	if nu := judgedSetting(text, ts); nu != nil {
		return intent.Intent{}, nu
	}
	if nu := troubleReport(text, ts); nu != nil {
		// "my laptop won't sleep" turned sleep off.
		return intent.Intent{}, nu
	}
	if nu := pastDone(text, ts); nu != nil {
		return intent.Intent{}, nu
	}
	for _, rule := range []func(string, []token) (intent.Intent, bool, error){
		ruleReboot, ruleKill, rulePronounAlone, ruleEmulation, ruleNvidiaLicense, ruleUnfree, ruleCapsLock, ruleNumlock, ruleKeyboardOption, ruleSSH, ruleDefaultEditor, ruleFilesystem, ruleAutoLogin, ruleSleep, ruleDNS, rulePortForwarding, rulePortsOfModule, rulePortByName, rulePortsOfService, rulePort, ruleSaidSetting, ruleHardwareClock, ruleOutOfScope, ruleSudoAccess, ruleUsers, ruleFlakes, ruleAllow, ruleAddLayout, ruleKeyboardNamed, ruleUnset, ruleNamedSetting, ruleGenericSet, ruleNFSShare, ruleService,
		ruleReplace, ruleSearch, ruleRemove, ruleInstall,
	} {
		if in, ok, err := rule(text, ts); ok {
			if err == nil {
				in = noteBootLoader(in)
				in = noteSSHPort(in)
			}
			return in, err
		}
	}
	if nu := negated(text, ts); nu != nil {
		return intent.Intent{}, nu
	}
	if fix {
		if nu := correctedRequest(text, ts); nu != nil {
			return intent.Intent{}, nu
		}
	}
	return intent.Intent{}, notUnderstood(text, ts)
}

// tablesOnce guards the vocabulary: the package's tables are built by the
// load functions of each file the first time a request is read, not at
// program start, where they would cost every ask-nix run (listing
// generations, --help) a few tenths of a millisecond.
var tablesOnce sync.Once

func loadTables() {
	tablesOnce.Do(func() {
		loadingTables = true
		defer func() { loadingTables = false }()
		// First the tables each file declares, then the entries added
		// to them, then the tables built by the older load functions.
		loadAddconceptsTables()
		loadApplyactionTables()
		loadCapslockTables()
		loadCorrectionTables()
		loadDesktopappsTables()
		loadDevlangTables()
		loadDnsTables()
		loadEmulationTables()
		loadFilesystemsTables()
		loadFlakesTables()
		loadGenericTables()
		loadGuidanceTables()
		loadHowtoTables()
		loadLocaleTables()
		loadLtsTables()
		loadNamedportsTables()
		loadNixcommandsTables()
		loadNumlockTables()
		loadOthercommandsTables()
		loadOutofscopeTables()
		loadParseTables()
		loadPastdoneTables()
		loadProductsTables()
		loadPurposeTables()
		loadPythonlibsTables()
		loadReplaceTables()
		loadRollbackwhenTables()
		loadRollforwardTables()
		loadRulesTables()
		loadSaidsettingsTables()
		loadServicequestionTables()
		loadSettingjudgedTables()
		loadSshTables()
		loadSuggestTables()
		loadSystemtroubleTables()
		loadTimezonesTables()
		loadTroubleTables()
		loadUnfreeTables()
		loadUpdateinputTables()
		loadUpdatesTables()
		loadUsersTables()
		addSoundBundles()
		addDistributedBuildsAsked()
		addOllamaAcceleration()
		addServiceFeatures()
		addPodmanDockerCompat()
		addScreenSharingAsked()
		loadWords()
		loadTokens()
		loadBags()
		loadGenerationWords()
		loadRules()
		loadServices()
		loadSuggestions()
		loadUnfree()
		loadSSH()
		loadSchedule()
		loadPortNames()
		loadAllow()
		loadKeyboard()
		loadAutoLogin()
		loadBootDefault()
		loadPortForward()
		loadEditors()
		loadFilesystems()
		loadInstalledQuestion()
		loadServiceQuestion()
		loadSleep()
		loadDNS()
		loadLocaleNames()
		loadUndoWords()
		loadAddConcepts()
		loadHowTo()
		loadAvailable()
		loadUpdates()
		loadTrouble()
	})
}

func joinW(ts []token) string {
	var b strings.Builder
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.w)
	}
	return b.String()
}

// trimPolite drops polite openings and closings, and "please" anywhere,
// unless nothing would be left ("help me" stays a request for help).
func trimPolite(ts []token) []token {
	if i := plsNamed(ts); i >= 0 {
		// "install pls": the package (a listing tool), not please.
		ts[i].w, ts[i].lem = "pls", "pls"
	}
	ts = slices.DeleteFunc(ts, func(t token) bool { return !t.quoted && (t.w == "please" || t.w == "kindly") && len(ts) > 1 })
	ts = dropPhrases(ts, foreignPlease)
	for {
		n := trailing(ts, politeTrail, 1)
		if n == 0 || n == len(ts) {
			break
		}
		ts = ts[:len(ts)-n]
	}
	for {
		n := prefix(ts, politeLead)
		if n == 0 || n == len(ts) || prefix(ts, installLead) > n {
			// "i want to have git": the install rule reads the longer
			// phrase; stripping "i want to" would leave "have git".
			break
		}
		ts = ts[n:]
	}
	if len(ts) < 2 || ts[0].quoted {
		return ts
	}
	if fv, ok := foreignVerbs[ts[0].w]; ok {
		// "installe firefox s'il vous plaît": the verb in the language
		// of the please, and its "and" ("installe firefox et vim").
		// Only as the request's verb: "search installer" searches for
		// the word.
		ts[0].w, ts[0].lem = fv.verb, fv.verb
		for i := 1; i < len(ts); i++ {
			if en, ok := fv.words[ts[i].w]; ok && !ts[i].quoted {
				ts[i].w, ts[i].lem, ts[i].raw = en, lemma(en), en
			}
		}
		// Read again as the English it now is: "pour moi" is the
		// polite "for me".
		return trimPolite(ts)
	}
	return ts
}

// trailing is suffix for closings that carry no meaning, except a
// "for me" after "just" or "only" that follows a name (at or after
// from): "install htop just for me" is one user's, never a package
// named just; "for me" alone is polite, and "install just for me"
// installs just.
func trailing(ts []token, ps []phrase, from int) int {
	n := suffix(ts, ps)
	if k := len(ts) - n; n > 0 && k-1 > from && ts[k].w == "for" && !ts[k-1].quoted && (ts[k-1].w == "just" || ts[k-1].w == "only") {
		return 0
	}
	return n
}

// plsNamed is the index of a "pls" in ts that names the package pls
// rather than saying please: the one word after the verb ("install
// pls"), or in a list beside "and" ("install pls and htop"); -1 if none.
func plsNamed(ts []token) int {
	for i, t := range ts {
		if t.quoted || t.w != "please" || !strings.EqualFold(t.raw, "pls") || i == 0 {
			continue
		}
		joined := func(j int) bool {
			return j >= 0 && j < len(ts) && (ts[j].w == "and" || ts[j].w == "plus" || ts[j].w == "&")
		}
		others, verb := 0, -1 // words that are not please, the last of them
		for j, o := range ts {
			if o.quoted || o.w != "please" {
				others++
				verb = j
			}
		}
		if others == 1 && verb < i && namesFollow(ts[verb:verb+1]) || joined(i-1) || joined(i+1) {
			return i
		}
	}
	return -1
}

// namesFollow: ts is a verb that names packages after it ("install",
// "remove", "search"), so "install pls" is the package; after
// "rollback" or "update", or a name ("vlc pls"), pls is please.
func namesFollow(ts []token) bool {
	return prefix(ts, installLead) == len(ts) || prefix(ts, removeLead) == len(ts) || ts[0].w == "search" || ts[0].w == "find"
}

// dropPhrases drops every phrase of ps from ts, unless nothing would
// be left. Every request passes here and nearly none holds a phrase, so
// the copy is made only from the first phrase found.
func dropPhrases(ts []token, ps []phrase) []token {
	var out []token
	dropped := false
	for i := 0; i < len(ts); {
		n := 0
		if w, lem := ts[i].w, ts[i].lem; !ts[i].quoted {
			for _, p := range ps {
				if len(p) > n && (p[0] == w || p[0] == lem) && p.at(ts, i) {
					n = len(p)
				}
			}
		}
		switch {
		case n > 0 && !dropped:
			dropped, out = true, append(make([]token, 0, len(ts)), ts[:i]...)
		case n == 0 && dropped:
			out = append(out, ts[i])
		}
		i += max(n, 1)
	}
	if !dropped || len(out) == 0 {
		return ts
	}
	return out
}

// number reads a count written as digits or a small number word.
func number(t token) (int64, bool) {
	if t.quoted {
		return 0, false
	}
	if n, ok := numberWords[t.w]; ok {
		return n, true
	}
	s := strings.TrimPrefix(t.w, "#")
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// isNumeric: a word made of digits (with a sign or #), which is never a
// package name.
func isNumeric(t token) bool {
	return digits(strings.TrimLeft(t.w, "#+-"))
}

// ---- generations ----

// ruleRollbackSteps: "go back two generations", "roll back 3
// generations": a count before "generations", with a word that goes back.
// (A number after "generation" is one generation: ruleSwitchGeneration.)
func ruleRollbackSteps(text string, ts []token) (intent.Intent, bool, error) {
	if n := len(ts); n >= 2 && n <= 3 && !ts[n-1].quoted && (n == 2 && ts[0].w == "rollback" || n == 3 && (ts[0].w == "roll" || ts[0].w == "go") && ts[1].w == "back") {
		// "rollback 3": three generations back, or generation 3? Asked.
		if c, ok := number(ts[n-1]); ok && c > 0 && c < 1<<31 {
			num := strconv.FormatInt(c, 10)
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(intent.Rollback, "roll back "+num+" generations"), sug(intent.SwitchGeneration, "go back to generation "+num)},
				Hint:        "\"" + ts[n-1].raw + "\" may be how many generations to go back or the number of one: say which (`ask-nix generations` lists them); nothing was changed"}
		}
	}
	back := false
	count := -1
	for i, t := range ts {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case t.w == "back" || t.w == "rollback" || t.w == "revert" || t.w == "previous":
			back = true
		case i+1 < len(ts) && (ts[i+1].lem == "generation" || ts[i+1].w == "version" || ts[i+1].w == "versions") && count < 0:
			n, ok := number(t)
			if !ok {
				return intent.Intent{}, false, nil
			}
			if n < 1 || n > 1<<31 {
				return intent.Intent{}, true, badCount(text, n, "generations to go back", "`ask-nix generations` lists the generations",
					sug(intent.Rollback, "roll back"), sug(intent.Rollback, "go back two generations"), sug(intent.SwitchGeneration, "go back to generation 12"))
			}
			count = int(n)
		case switchGenVocab[t.lem] || stopwords[t.lem] || t.w == "ago" || t.w == "step" || t.w == "steps" || t.w == "by" || (t.w == "version" || t.w == "versions") && count >= 0:
		default:
			return intent.Intent{}, false, nil
		}
	}
	if !back || count < 0 {
		return intent.Intent{}, false, nil
	}
	in := intent.Intent{Kind: intent.Rollback}
	if count > 1 {
		in.Steps = count
	}
	return in, true, nil
}

// undoNouns are what people call an edit when they count them.
var undoNouns map[string]bool

// ruleUndoSteps: "undo the last 3 changes", "undo 2", "revert my last
// two edits", "take back the last 3 requests": undo with a count. A
// number right after "edit" ("undo edit 5") names one edit of the
// history, which undo cannot take out from the middle: not understood,
// with what can be done.
func ruleUndoSteps(text string, ts []token) (intent.Intent, bool, error) {
	undo, take, back, edits, all := false, false, false, false, false
	count, counted, editNumber := int64(0), false, false
	for i, t := range ts {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case t.w == "undo":
			undo = true
		case t.w == "all" || t.w == "everything" || t.w == "every":
			all = true
		case t.w == "revert":
			take = true
		case t.w == "take":
			take = true
		case t.w == "back":
			back = true
		case undoNouns[strings.TrimSuffix(t.lem, "s")]:
			edits = true
		case isNumeric(t) || numberWords[t.w] > 0:
			if counted {
				return intent.Intent{}, false, nil
			}
			n, ok := number(t)
			if !ok {
				return intent.Intent{}, false, nil
			}
			if i > 0 && (ts[i-1].lem == "edit" || ts[i-1].lem == "change") || strings.HasPrefix(t.w, "#") {
				editNumber = true
			}
			count, counted = n, true
		case stopwords[t.lem] || t.w == "last" || t.w == "latest" || t.w == "recent" || t.w == "most" ||
			t.w == "my" || t.w == "i" || t.w == "made" || t.w == "did" || t.w == "previous" || t.w == "ask-nix":
		default:
			return intent.Intent{}, false, nil
		}
	}
	if all && (undo || take && (back || edits)) {
		// "undo all my changes": how many is for the person to say, after
		// looking; one undo in its place would be a quiet surprise.
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Undo, "undo the last 2 changes")},
			Hint:        "say how many edits to undo: `ask-nix history` lists them, and `ask-nix undo N` undoes the newest N in one edit"}
	}
	if !counted || !(undo || (take && (back || edits))) {
		return intent.Intent{}, false, nil
	}
	if editNumber {
		if count < 1 || count > 1<<31 {
			nu := notUnderstoodWith(text, sug(intent.Undo, "undo"), sug(intent.Undo, "undo the last 2 changes")).(*intent.NotUnderstood)
			nu.Hint = fmt.Sprintf("there is no edit %d: `ask-nix history` numbers the edits from 1; nothing was changed", count)
			return intent.Intent{}, true, nu
		}
		return intent.Intent{}, true, &UndoEdit{Edit: int(count), NotUnderstood: &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Undo, "undo the last 2 changes")},
			Hint:        "undo goes back from the newest edit, so one edit cannot be taken out from the middle of the history; `ask-nix history` numbers the edits, and asking for the opposite change (\"remove htop\") undoes one of them alone"}}
	}
	if count < 1 || count > 1<<31 {
		return intent.Intent{}, true, badCount(text, count, "edits to undo", "`ask-nix history` lists the edits",
			sug(intent.Undo, "undo"), sug(intent.Undo, "undo the last 2 changes"))
	}
	in := intent.Intent{Kind: intent.Undo}
	if count > 1 {
		in.Steps = int(count)
	}
	return in, true, nil
}

// badCount answers a count below 1 or past any real one ("undo 0", "go
// back -2 generations"): not understood, saying which counts there are,
// rather than offering some other count as if it were meant.
func badCount(text string, n int64, what, where string, ss ...intent.Suggestion) error {
	nu := notUnderstoodWith(text, ss...).(*intent.NotUnderstood)
	if n < 1 {
		nu.Hint = fmt.Sprintf("%d is not a count of %s: counts start at 1, and %s; nothing was changed", n, what, where)
	} else {
		nu.Hint = fmt.Sprintf("%d is more %s than there can be (%s); nothing was changed", n, what, where)
	}
	return nu
}

// UndoEdit is "undo edit 5": undo when edit 5 is the newest edit undo
// would take back, which only the history can say. Without it, the
// not-understood answer stands.
type UndoEdit struct {
	Edit int
	*intent.NotUnderstood
}

// Unwrap lets errors.As find the not-understood answer.
func (e *UndoEdit) Unwrap() error { return e.NotUnderstood }

// ruleSwitchGeneration: "go back to generation 12", "switch to gen 12",
// "roll back to generation #12", "activate generation 12".
func ruleSwitchGeneration(text string, ts []token) (intent.Intent, bool, error) {
	for k, t := range ts {
		if t.lem != "generation" || t.quoted {
			continue
		}
		j := k + 1
		for j < len(ts) && (ts[j].w == "number" || ts[j].w == "no" || ts[j].w == "#") {
			j++
		}
		if j >= len(ts) || !isNumeric(ts[j]) {
			continue
		}
		look := false
		for i, o := range ts {
			if i != j && !o.quoted && !switchGenVocab[o.lem] && !stopwords[o.lem] {
				if o.w == "show" || o.w == "see" || o.w == "view" || o.w == "display" {
					look = true
					continue
				}
				return intent.Intent{}, false, nil
			}
		}
		n, ok := number(ts[j])
		if !ok || n > 1<<31 || n < -(1<<31) {
			return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SwitchGeneration, "go back to generation 12"))
		}
		if look {
			// "show me generation 41": a look, never a switch; where
			// to look, and no switch offered.
			nu := notUnderstoodWith(text, sug(intent.ListGenerations, "list generations")).(*intent.NotUnderstood)
			nu.Hint = fmt.Sprintf("`ask-nix generations` lists generation %d with its date, NixOS version and kernel, and `ask-nix generations diff %d` shows the packages that changed since it; nothing was changed", n, n)
			return intent.Intent{}, true, nu
		}
		if !slices.ContainsFunc(ts, func(o token) bool { return !o.quoted && switchGenVerbs[o.lem] }) {
			// "generation 12", `ask-nix generations 12`: a number with no
			// word that goes anywhere. Switching activates an older
			// system, which is no guess to make; a look at it may be
			// what was meant.
			nu := notUnderstoodWith(text, sug(intent.SwitchGeneration, fmt.Sprintf("go back to generation %d", n)), sug(intent.ListGenerations, "list generations")).(*intent.NotUnderstood)
			nu.Hint = fmt.Sprintf("a generation's number alone asks for nothing: \"go back to generation %d\" switches the system to it, and `ask-nix generations diff %d` shows what changed since; nothing was changed", n, n)
			return intent.Intent{}, true, nu
		}
		return intent.Intent{Kind: intent.SwitchGeneration, Generation: int(n)}, true, nil
	}
	return intent.Intent{}, false, nil
}

// ---- garbage collection ----

// ruleGC: "clean up old generations", "garbage collect", "keep the last
// 5 generations", "delete generations older than 30 days". A number
// that is not a count to keep or an age is not understood: "delete
// generation 12" must not become "delete everything old".
func ruleGC(text string, ts []token) (intent.Intent, bool, error) {
	in := intent.Intent{Kind: intent.GC}
	rest := make([]token, 0, len(ts))
	sawKeep, sawAge := false, false
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		switch {
		case (t.w == "-d" || t.w == "--delete-old") && !t.quoted && !sawKeep && i > 0 && ts[i-1].w == "nix-collect-garbage":
			// nix-collect-garbage -d: every old generation goes, then the
			// garbage; the current (and booted) one always stays.
			in.Keep, sawKeep = 1, true
			continue
		case t.lem == "keep" || t.lem == "leave" || ((t.w == "but" || t.w == "except") && !sawKeep):
			j := i + 1
			for j < len(ts) && keepFillers[ts[j].lem] {
				j++
			}
			if j < len(ts) {
				if n, ok := number(ts[j]); ok {
					if n == 0 || n > 1<<31 {
						nu := notUnderstoodWith(text, sug(intent.GC, "clean up old generations, keep 5")).(*intent.NotUnderstood)
						nu.Hint = "keep 0 generations? The current one always stays: say how many to keep, 1 or more (`ask-nix generations` lists them); nothing was changed"
						if n > 0 {
							nu.Hint = fmt.Sprintf("%d is more generations than there can be (`ask-nix generations` lists them); nothing was changed", n)
						}
						return in, true, nu
					}
					in.Keep = int(n)
					sawKeep = true
					i = j
					continue
				}
				// "keep only the last generation", "except the current
				// one": one, with no number said.
				if k := j; !ts[k].quoted && (ts[k].w == "current" || ts[k].w == "generation" || ts[k].w == "one") {
					for k < len(ts) && !ts[k].quoted && (ts[k].w == "current" || ts[k].w == "generation" || ts[k].w == "one") {
						k++
					}
					in.Keep = 1
					sawKeep = true
					i = k - 1
					continue
				}
			}
			if t.lem != "keep" && t.lem != "leave" {
				rest = append(rest, t)
				continue
			}
			return in, false, nil
		case t.w == "older" && i+1 < len(ts) && ts[i+1].w == "than",
			(t.w == "more" || t.w == "over") && i+1 < len(ts) && (ts[i+1].w == "than" || isAmount(ts[i+1])):
			j := i + 1
			if ts[j].w == "than" {
				j++
			}
			older, n, ok := age(ts[j:])
			if !ok {
				return in, false, nil
			}
			j += n
			if j < len(ts) && (ts[j].w == "old" || ts[j].w == "ago") {
				j++
			}
			in.OlderThan = older
			sawAge = true
			i = j - 1
			continue
		}
		rest = append(rest, t)
	}
	for _, t := range rest {
		if t.quoted || !(gcVocab[t.lem] || stopwords[t.lem]) {
			return in, false, nil
		}
	}
	if sawKeep && has(rest, "menu", "loader", "bootloader") {
		// "keep only 5 generations in the boot menu": how many the menu
		// lists, a setting (bootMenuLimit); none is deleted.
		return in, false, nil
	}
	// Keeping N says the rest goes; an age needs a word that deletes.
	triggered := sawKeep
	for _, tr := range gcTriggers {
		if triggered {
			break
		}
		triggered = hasAll(rest, tr) && (!sawAge || hasAny(rest, gcDeleteWords))
	}
	if sawAge && !triggered {
		triggered = hasAny(rest, gcDeleteWords)
	}
	if !triggered {
		return in, false, nil
	}
	if hasAny(rest, gcFeatureNouns) && hasAny(rest, gcEndVerbs) && !hasAny(rest, gcRunWords) {
		// "get rid of garbage collection", "remove garbage collection":
		// what goes is the collecting (the automatic gc), not garbage
		// now; collecting now would do the opposite of what was asked.
		return in, true, notUnderstoodWith(text, sug(intent.DisableService, "disable automatic garbage collection"))
	}
	// "garbage collect", "collect garbage", "gc", "nix-collect-garbage":
	// the store's garbage collection, after any generations go.
	in.Collect = hasAny(rest, collectWords) || hasAll(rest, []string{"garbage", "collect"}) || hasAll(rest, []string{"garbage", "collection"})
	return in, true, nil
}

func hasAny(ts []token, words map[string]bool) bool {
	for _, t := range ts {
		if words[t.lem] {
			return true
		}
	}
	return false
}

func isAmount(t token) bool {
	_, ok := number(t)
	return ok || t.w == "a" || t.w == "an"
}

// ageUnit is a unit of age as the intent writes it: "week" is 7 "d".
type ageUnit struct {
	suffix string
	mul    int64
}

// age reads "30 days", "a week", "2 months", "12 hours", "30d" and
// returns the age as the intent writes it ("30d", "12h") and the words it
// used.
func age(ts []token) (string, int, bool) {
	if len(ts) == 0 {
		return "", 0, false
	}
	t := ts[0]
	// "30d", "2w", "12h"
	if w := t.w; len(w) > 1 {
		if u, ok := ageUnits[w[len(w)-1:]]; ok {
			if n, err := strconv.ParseInt(w[:len(w)-1], 10, 64); err == nil && n >= 0 && n < 100000 {
				return strconv.FormatInt(n*u.mul, 10) + u.suffix, 1, true
			}
		}
	}
	n, ok := number(t)
	if t.w == "a" || t.w == "an" || t.w == "one" {
		n, ok = 1, true
	}
	if !ok || len(ts) < 2 || n < 0 || n >= 100000 {
		return "", 0, false
	}
	u, ok := ageUnits[ts[1].lem]
	if !ok {
		return "", 0, false
	}
	return strconv.FormatInt(n*u.mul, 10) + u.suffix, 2, true
}

// The tables of this file, built by loadGenerationWords on first use (see
// loadTables).
var (
	numberWords                                                                       map[string]int64
	switchGenVocab, switchGenVerbs, gcVocab, collectWords, gcDeleteWords, keepFillers map[string]bool
	gcFeatureNouns, gcEndVerbs, gcRunWords                                            map[string]bool
	gcTriggers                                                                        [][]string
	ageUnits                                                                          map[string]ageUnit
)

func loadGenerationWords() {
	numberWords = map[string]int64{
		"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
		"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
		"fifteen": 15, "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90,
	}

	switchGenVocab = set("go", "back", "switch", "roll", "rollback", "revert",
		"activate", "use", "return", "restore", "change", "system", "number", "no",
		"into", "onto", "jump", "make", "current", "active", "want", "generation",
		"nixos", "configuration", "config")
	// switchGenVerbs are the words of switchGenVocab that ask to go
	// somewhere: "generation 12" alone has none.
	switchGenVerbs = set("go", "back", "switch", "roll", "rollback", "revert",
		"activate", "use", "return", "restore", "change", "jump", "make", "want")

	gcVocab = set("clean", "up", "cleanup", "old", "generation", "garbage",
		"collect", "collection", "gc", "run", "delete", "remove", "free", "disk",
		"space", "nix", "store", "system", "unused", "only", "everything", "but",
		"except", "get", "rid", "purge", "prune", "wipe", "erase", "stuff", "make",
		"room", "package", "older", "nix-collect-garbage", "leftover", "leftovers",
		"junk", "out", "tidy", "clear", "then", "afterwards", "after", "that", "also",
		// Each generation is a boot menu entry: "remove old boot entries".
		"boot", "entry", "entries", "menu", "bootloader")

	gcTriggers = trig("clean", "cleanup", "garbage", "gc", "free space",
		"free disk", "delete generation", "remove generation", "purge generation",
		"prune generation", "wipe generation", "erase generation", "rid generation",
		"delete old", "remove old", "delete unused", "remove unused", "tidy",
		"clear generation", "clear old", "nix-collect-garbage", "make room",
		"remove boot entry", "delete boot entry", "remove boot entries", "delete boot entries",
		"clean boot menu", "clean up boot menu")

	collectWords = set("gc", "nix-collect-garbage")

	gcFeatureNouns = set("collection", "collector")
	gcEndVerbs = set("rid", "remove", "delete", "drop", "purge", "erase", "wipe", "clear")
	gcRunWords = set("generation", "old", "older", "unused", "run", "then", "also", "after",
		"afterwards", "store", "space", "disk", "free", "room", "keep", "but", "except")

	gcDeleteWords = set("delete", "remove", "clean", "cleanup", "purge", "prune",
		"wipe", "erase", "rid", "clear", "gc", "garbage", "nix-collect-garbage")

	keepFillers = set("the", "only", "just", "last", "latest", "newest",
		"most", "recent", "my", "at", "least", "for", "of", "them", "around")

	// ageUnits maps a unit word to the suffix the intent carries and how
	// many of that suffix one unit is.
	ageUnits = map[string]ageUnit{
		"hour": {"h", 1}, "h": {"h", 1}, "hr": {"h", 1},
		"day": {"d", 1}, "d": {"d", 1}, "week": {"d", 7}, "w": {"d", 7},
		"month": {"d", 30}, "year": {"d", 365}, "y": {"d", 365},
	}
}

// loadUndoWords builds this file's tables (see tablesOnce).
func loadUndoWords() {
	undoNouns = map[string]bool{"change": true, "edit": true, "request": true, "step": true, "thing": true}
}

// bootLoaderNote goes with any edit that switches a boot loader by its
// path ("enable boot.loader.systemd-boot", "set
// boot.loader.grub.enable to false"): ask-nix reads such a request as
// said, but a boot loader is the one edit that can leave a machine that
// does not start, and NixOS refuses two loaders at once.
const bootLoaderNote = "this changes the boot loader, the riskiest edit there is: set up wrong, the machine may not start. NixOS takes one boot loader at a time: if your configuration.nix turns another on (GRUB, boot.loader.grub.enable, is on by default), " +
	"or sets this one otherwise, the build fails and nothing changes. Make the change where your boot loader is set if you can, " +
	"say \"apply the changes at the next boot\" rather than switching now, and keep a NixOS installer at hand"

// noteBootLoader adds bootLoaderNote to an edit that switches a boot
// loader (boot.loader.<name>.enable).
func noteBootLoader(in intent.Intent) intent.Intent {
	loader := func(option string) bool {
		rest, ok := strings.CutPrefix(option, "boot.loader.")
		return ok && strings.Count(rest, ".") == 1 && strings.HasSuffix(rest, ".enable")
	}
	found := loader(in.Option)
	for _, p := range in.And {
		found = found || loader(p.Option)
	}
	if found {
		in.Notes = append(slices.Clip(in.Notes), bootLoaderNote)
	}
	return in
}

// sshPortNote is said when TCP port 22 is taken out of the open ports:
// sshd's module opens it on its own while openFirewall is on.
const sshPortNote = "while the SSH server is on, NixOS opens its port (22) by itself unless services.openssh.openFirewall is false (it is true by default), whatever the open ports list: " +
	"to keep sshd but close its port, say \"enable ssh without opening the firewall\"; to stop it, \"disable ssh\""

// noteSSHPort adds sshPortNote to an edit that closes TCP port 22.
func noteSSHPort(in intent.Intent) intent.Intent {
	if in.Option != "networking.firewall.allowedTCPPorts" && len(in.And) == 0 {
		return in // nearly every request: no Parts copy made
	}
	for _, p := range in.Parts() {
		if p.Option != "networking.firewall.allowedTCPPorts" || p.Change != intent.ChangeRemove {
			continue
		}
		vs, ok := p.Value.([]any)
		if !ok {
			vs = []any{p.Value}
		}
		for _, v := range vs {
			if n, ok := v.(int64); ok && n == 22 {
				in.Notes = append(slices.Clip(in.Notes), sshPortNote)
				return in
			}
		}
	}
	return in
}

// askNixFlags are ask-nix's own flags, with what each does.
var askNixFlags map[string]string

// flagsInRequest answers "install firefox --dry-run" typed as one
// quoted request: the flag is ask-nix's, said inside the request, where
// it would be read as a package name. Other commands' flags ("apt
// install -y git") are theirs. nil when no flag of ask-nix's is said.
func flagsInRequest(text string, ts []token) *intent.NotUnderstood {
	if commandLine(ts) {
		return nil
	}
	if !slices.ContainsFunc(ts, func(t token) bool { return !t.quoted && strings.HasPrefix(t.w, "-") }) {
		return nil // nearly every request: no flag, nothing to copy
	}
	var flags, others []string
	var rest []token
	// "run nix-collect-garbage -d": a command said inside, whose flags
	// are its own.
	value := slices.ContainsFunc(ts, func(t token) bool { return !t.quoted && commandWord(t.w) })
	for _, t := range ts {
		value = value || t.w == "to" || t.w == "as" || t.w == "="
		if f, ok := askNixFlags[t.w]; ok && !t.quoted && !value {
			flags = append(flags, f)
			continue
		}
		if !t.quoted && !value && otherFlag(t.w) && t.w != "--now" { // "enable --now nginx" is systemctl's, read as said
			others = append(others, t.raw)
			continue
		}
		rest = append(rest, t)
	}
	if len(flags)+len(others) == 0 || len(rest) == 0 {
		return nil
	}
	said := joinRaw(rest)
	in, err := parse(said, false)
	if err != nil {
		return nil
	}
	if len(flags) == 0 {
		// "uninstall firefox --purge": another tool's flag.
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(in.Kind, said)},
			Hint:        strings.Join(others, " ") + " is no part of an ask-nix request (ask-nix changes the system's configuration only; what a program keeps in your home stays there); nothing was changed"}
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(in.Kind, said)},
		Hint:        strings.Join(flags, " ") + " is ask-nix's flag, not part of the request: put it outside the quotes, `ask-nix " + strings.Join(flags, " ") + " \"" + said + "\"`; nothing was changed"}
}

// otherFlag: w is written as a command-line flag ("--purge", "-f"),
// never a package name (those start with a letter or _).
func otherFlag(w string) bool {
	f := strings.TrimPrefix(strings.TrimPrefix(w, "-"), "-")
	if f == w || f == "" || f[0] < 'a' || f[0] > 'z' {
		return false
	}
	for i := 0; i < len(f); i++ {
		if c := f[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// actionMeanings say what the requests that act on the system do, for
// "what does rollback do" and "what is garbage collection": a question,
// which carried the action out.
var actionMeanings map[intent.Kind]struct{ example, what string }

// askedWhatItDoes answers "what does rollback do", "what is garbage
// collection", "explain undo": a question about an action, which the
// rules read as the action (they share its words). nil when text asks
// no such question, or in acts on nothing.
func askedWhatItDoes(text string, in intent.Intent) *intent.NotUnderstood {
	m, ok := actionMeanings[in.Kind]
	if !ok {
		return nil
	}
	ts := trimPolite(tokenize(text))
	if len(ts) < 2 || ts[0].quoted || ts[1].quoted {
		return nil
	}
	switch {
	case ts[0].w == "what" && (ts[1].w == "is" || ts[1].w == "are" || ts[1].w == "does" || ts[1].w == "do"):
		if ts[1].w == "does" || ts[1].w == "do" {
			if last := ts[len(ts)-1]; last.quoted || last.w != "do" && last.w != "mean" || len(ts) < 4 {
				return nil // "what do I roll back to" is no such question
			}
		}
	case ts[0].w == "explain" || ts[0].w == "define":
	default:
		return nil
	}
	kind := in.Kind
	if kind == intent.SwitchGeneration {
		kind = intent.ListGenerations // which there are, before one is named
	}
	return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(kind, m.example)},
		Hint: m.what + "; a question changes nothing: say \"" + m.example + "\" to have ask-nix do it"}
}

// spelledOutFirst spells out a contraction typed without its apostrophe
// that opens a request and could be a name anywhere else: "id like
// htop" (I'd), "im trying to install firefox" (I'm), "ive removed
// firefox" (I've).
func spelledOutFirst(ts []token) []token {
	if len(ts) < 2 || ts[0].quoted {
		return ts
	}
	var parts []string
	switch {
	case ts[0].w == "id" && (ts[1].w == "like" || ts[1].w == "love" || ts[1].w == "prefer" || ts[1].w == "rather"):
		parts = []string{"i", "would"}
	case ts[0].w == "im":
		parts = []string{"i", "am"}
	case ts[0].w == "ive":
		parts = []string{"i", "have"}
	default:
		return ts
	}
	out := make([]token, 0, len(ts)+1)
	for _, p := range parts {
		t := ts[0]
		t.w, t.lem, t.raw = p, lemma(p), p
		out = append(out, t)
	}
	return append(out, ts[1:]...)
}

// checkLeads ask whether something is so, as "check if" does: "tell me
// if firefox is installed", "do you know whether ssh is enabled".
var checkLeads []phrase

// askedAsCheck reads the leads of checkLeads as "check if", which the
// question rules know ("can you tell me if ssh is enabled" suggested
// "is ssh enabled"; "tell me if firefox is installed" "list installed").
func askedAsCheck(ts []token) []token {
	n := prefix(ts, checkLeads)
	if n == 0 && len(ts) > 3 && !ts[0].quoted && !ts[1].quoted && ts[0].w == "check" && (ts[1].w == "if" || ts[1].w == "whether") {
		n = 2
	}
	if n == 0 || n == len(ts) {
		return ts
	}
	// "check if flakes are enabled": the question as asked, "are
	// flakes enabled", which every question rule reads.
	for k := n + 1; k < len(ts)-1 && k <= n+4; k++ {
		if t := ts[k]; !t.quoted && (t.w == "is" || t.w == "are") {
			out := append([]token{t}, ts[n:k]...)
			return append(out, ts[k+1:]...)
		}
	}
	check, ifTok := ts[0], ts[n-1]
	check.w, check.lem, check.raw = "check", "check", "check"
	ifTok.w, ifTok.lem, ifTok.raw = "if", "if", "if"
	return append([]token{check, ifTok}, ts[n:]...)
}

// loadParseTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadParseTables() {
	askModals = map[string]bool{"should": true, "can": true, "could": true, "would": true, "do": true, "does": true, "did": true,
		"will": true, "must": true, "shall": true, "may": true, "might": true}
	askNixFlags = map[string]string{"--dry-run": "--dry-run", "-n": "--dry-run", "--yes": "--yes", "-y": "--yes", "--json": "--json"}
	actionMeanings = map[intent.Kind]struct{ example, what string }{
		intent.Rollback: {"roll back", "rolling back switches the system to the generation before the current one (each rebuild of the configuration is a generation) and activates it, as the boot menu's older entries would; " +
			"the fragment stays as it is, `ask-nix generations` lists what there is to go back to, and \"roll forward\" returns"},
		intent.SwitchGeneration: {"list generations", "switching to a generation activates that earlier build of the whole configuration, as rolling back does; `ask-nix generations` lists them by number"},
		intent.GC: {"collect garbage", "collecting garbage deletes from /nix/store what no generation or running program uses; deleting old generations first (\"keep the last 5 generations\") frees more, " +
			"and a deleted generation can no longer be rolled back to"},
		intent.Update: {"update my system", "updating fetches a newer nixpkgs (the channels or flake inputs) and rebuilds the system from it: every package moves to the versions it has at once, and the generation before stays to roll back to"},
		intent.Undo:   {"undo", "undo takes back ask-nix's newest edit of its fragment (`ask-nix history` lists them), showing the diff first; the system follows at the next apply"},
		intent.Apply:  {"apply", "applying runs a reconcile pass: the configuration with ask-nix's fragment is evaluated, built and switched to, as nixos-rebuild switch does"},
	}
	checkLeads = phrases("tell me if", "tell me whether", "do you know if", "do you know whether", "i want to know if",
		"i want to know whether", "i would like to know if", "i would like to know whether", "i wonder if", "i wonder whether",
		"let me know if", "let me know whether", "know if", "know whether", "find out if", "find out whether", "see if", "see whether")
}
