package parse

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/internal/editdistance"
)

func sug(k intent.Kind, example string) intent.Suggestion {
	return intent.Suggestion{Kind: k, Example: example}
}

func notUnderstoodWith(text string, ss ...intent.Suggestion) error {
	if len(ss) > 3 {
		ss = ss[:3]
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss}
}

// notUnderstood suggests the intents whose words are nearest to the
// request's, typos included.
func notUnderstood(text string, ts []token) error {
	if nu := undoNoun(text, ts); nu != nil {
		return nu
	}
	if nu := undoWhat(text, ts); nu != nil {
		return nu
	}
	if nu := undoRebuild(text, ts); nu != nil {
		return nu
	}
	if nu := displayManagerSaid(text, ts); nu != nil {
		return nu
	}
	if nu := switchWithoutVerb(text, ts); nu != nil {
		return nu
	}
	if nu := useOne(text, ts); nu != nil {
		return nu
	}
	if nu := goalAsked(text, ts); nu != nil {
		return nu
	}
	if nu := joinedAnswer(text, ts); nu != nil {
		return nu
	}
	if nu := unknownSetting(text, ts); nu != nil {
		return nu
	}
	type scored struct {
		kind      intent.Kind
		score     int
		firstWord bool
		order     int
	}
	var cands []scored
	// A question ("is port 8o open") is never answered with a change to
	// make: only what reads is suggested.
	question := len(ts) > 0 && questionLead(ts) > 0
	if len(ts) > 1 && !ts[0].quoted && (ts[0].w == "does" || ts[0].w == "do" || ts[0].w == "did") && questionSubjects[ts[1].w] ||
		len(ts) > 1 && (ts[0].w == "does" || ts[0].w == "did") {
		question = true // "does ssh start at boot?"
	}
	// "switch to wayland": no generation is meant, and one picked for
	// the example ("go back to generation 12") would be a system change
	// offered for nothing said.
	numbered := slices.ContainsFunc(ts, isNumeric)
	// "show me generation 41": a look, never a switch offered for it.
	looking := len(ts) > 0 && !ts[0].quoted && (ts[0].w == "show" || ts[0].w == "list" || ts[0].w == "display" || ts[0].w == "view")
	numbered = numbered && !looking
	// "no gc", "keep old generations", "no auto updates": a request
	// against something is never offered the one-off run of it (deleting
	// generations, updating the system).
	against := saysAgainst(ts)
	for order, k := range intent.Kinds {
		if question && k.Writes() || k == intent.SwitchGeneration && !numbered ||
			against && (k == intent.GC || k == intent.Update) {
			continue
		}
		s := scored{kind: k, order: order}
		for i, t := range ts {
			if t.quoted || k == intent.Undo && i == 0 && t.w == "change" {
				// "change the wallpaper": the verb, not undo's "the last
				// change"; an undo offered for it would take back an edit.
				continue
			}
			for _, w := range kindWords[k] {
				switch {
				case t.lem == w || t.w == w:
					s.score += 2
					if i == 0 {
						s.score++
						s.firstWord = true
					}
				case i == 0 && typo(t.w, w) && !(len(ts) > 1 && subjectOf[ts[1].w]) && !realVerbs[t.w]:
					// Only the first word: a typo elsewhere is as likely
					// a package name ("htop" is one letter from "stop").
					s.score += 2
					s.firstWord = true
				default:
					continue
				}
				break
			}
		}
		if s.score > 0 {
			cands = append(cands, s)
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		return cands[i].order < cands[j].order
	})
	var ss []intent.Suggestion
	for _, c := range cands {
		if len(ss) == 3 {
			break
		}
		ex := examples[c.kind]
		if c.kind == intent.SetOption {
			ex = portExample(ts, against)
		}
		if c.kind == intent.ShowOption && slices.ContainsFunc(ts, func(t token) bool { return t.lem == "port" }) {
			ex = "is port 443 open"
		}
		if v, ok := leadVerb[c.kind]; ok && c.firstWord && len(ts) > 1 {
			// The request with its verb put right ("instal firefox":
			// "install firefox"), where that is understood: with the
			// verb as said, or still not understood, the kind's example.
			if rest := joinRaw(ts[1:]); len(rest) <= 60 && !strings.EqualFold(ts[0].raw, v) && saidUnderstood(v+" "+rest) {
				ex = v + " " + rest
			}
		}
		ss = append(ss, sug(c.kind, ex))
	}
	if nu := oneName(text, ts); nu != nil {
		return nu
	}
	if len(ss) == 0 {
		ss = []intent.Suggestion{
			sug(intent.Help, examples[intent.Help]),
			sug(intent.Install, examples[intent.Install]),
			sug(intent.Search, examples[intent.Search]),
		}
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss}
}

// saidUnderstood: text is a request read as it stands, or one the
// command line resolves with what it knows (see resolvesToEdit).
func saidUnderstood(text string) bool {
	_, err := parse(text, false)
	var us *UnknownService
	return err == nil || resolvesToEdit(err) || errors.As(err, &us)
}

// saysAgainst: the request asks for something not to be, be kept or be
// off ("no gc", "without port 22", "port 22 closed", "keep old
// generations", "unschedule upgrades").
func saysAgainst(ts []token) bool {
	for i, t := range ts {
		if t.quoted {
			continue
		}
		if againstWords[t.w] || i == 0 && againstLeads[t.w] {
			return true
		}
	}
	return false
}

var (
	againstWords map[string]bool
	againstLeads map[string]bool
)

func joinRaw(ts []token) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.raw
	}
	return strings.Join(parts, " ")
}

// serviceSuggestions: the nearest known services, then the switch of
// another namespace the name is (otherSwitches), or else the generic
// forms that guess the option (services.<name>.enable) and the package:
// unchecked, so a caller keeps them only where an index has them
// (cmd/ask-nix's checkedSuggestions; see guessed).
func serviceSuggestions(kind intent.Kind, verb, said string) []intent.Suggestion {
	var ss []intent.Suggestion
	for _, name := range closestServices(said, 2) {
		ss = append(ss, sug(kind, verb+" "+name))
	}
	if key, ok := oneServiceName(said); ok {
		if o := otherSwitch(key); o != "" {
			// "enable sudo": security.sudo, a real switch of another
			// namespace, said by its path (which needs no index); a
			// program's module (programs.git) or the package.
			ss = append(ss, sug(kind, verb+" "+o))
			if kind == intent.EnableService && strings.HasPrefix(o, "programs.") {
				ss = append(ss, sug(intent.Install, "install "+key))
			}
			return ss
		}
		on := "true"
		if kind == intent.DisableService {
			on = "false"
		}
		ss = append(ss, sug(intent.SetOption, "set services."+key+".enable to "+on))
		if kind == intent.EnableService {
			ss = append(ss, sug(intent.Install, "install "+key))
		}
	}
	return ss
}

// oneServiceName is said as the one name the generic forms of
// serviceSuggestions guess from, spelled as NixOS does
// (services.power-profiles-daemon keeps its hyphens). Several words
// ("nvidia driver") are no name to guess from.
func oneServiceName(said string) (string, bool) {
	key := strings.ToLower(said)
	if key == "" || len(key) > 40 || key[0] < 'a' || key[0] > 'z' {
		return "", false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return "", false
		}
	}
	return key, true
}

// guessed: s is one of serviceSuggestions' guesses for said, a name
// no index has checked ("set services.sudo.enable to true", "install
// sudo").
func guessed(s intent.Suggestion, said string) bool {
	key, ok := oneServiceName(said)
	if !ok {
		return false
	}
	switch s.Kind {
	case intent.SetOption:
		return strings.HasPrefix(s.Example, "set services."+key+".enable to ")
	case intent.Install:
		return s.Example == "install "+key
	}
	return false
}

// ServicesHint says what ask-nix knows of services, for a request naming
// one it does not.
const ServicesHint = "ask-nix knows common services by name (\"enable ssh\", \"enable docker\"), any option by its path (\"enable services.foo\"), and, with the NixOS option index (`ask-nix index update`), every *.enable option"

// typo: w is a misspelling of want (one edit for short words, two for
// long ones).
func typo(w, want string) bool {
	if len(w) < 4 || len(want) < 4 {
		return false
	}
	limit := 1
	if len(want) >= 7 {
		limit = 2
	}
	if d := len(w) - len(want); d > limit || -d > limit {
		return false
	}
	return editdistance.OSA(w, want, limit) <= limit
}

// The tables of this file, built by loadSuggestions on first use (see
// loadTables).
var (
	examples, leadVerb map[intent.Kind]string
	kindWords          map[intent.Kind][]string
)

// fixVerbs and fixNouns are the command words a misspelling is put
// right to in a suggestion (see corrected): verbs first in a request,
// nouns after. They are the words of the parser's own tables (see
// loadFixWords), so a word the rules learn to read is one a typo is put
// right to, with no second list to keep in step; fixVerbLen and
// fixNounLen hold them by length, each list in a fixed order.
var (
	fixVerbs, fixNouns       map[string]bool
	fixVerbList, fixNounList []string
	fixVerbLen, fixNounLen   map[int][]string
	packageVerbs             map[string]bool
	fixOnce                  sync.Once
)

// loadFixWords builds fixVerbs and fixNouns from the tables the rules
// read requests by, once every table is built (on the first request not
// understood, which most runs never have). Verbs are the first words of
// the phrasings that start requests (installLead, enableLead, the bags'
// triggers, ...); nouns every word of the vocabularies the rules read
// after them (the bags', the services', the named settings', gc's,
// sleep's, ...), with the forms the tokenizer folds to them
// ("generations" for "generation"). Words shorter than typo puts right,
// and the small words every sentence has (stopwords), are left out.
func loadFixWords() {
	loadTables()
	fixOnce.Do(func() {
		verbs, nouns := map[string]bool{}, map[string]bool{}
		firsts := func(dst map[string]bool, pss ...[]phrase) {
			for _, ps := range pss {
				for _, p := range ps {
					dst[p[0]] = true
				}
			}
		}
		every := func(dst map[string]bool, pss ...[]phrase) {
			for _, ps := range pss {
				for _, p := range ps {
					for _, w := range p {
						dst[w] = true
					}
				}
			}
		}
		keys := func(dst map[string]bool, ms ...map[string]bool) {
			for _, m := range ms {
				for w, in := range m {
					if in {
						dst[w] = true
					}
				}
			}
		}
		// The verbs package names follow: the one-word leads of
		// installing, removing and searching ("make" begins other
		// phrasings too: "make vim my default editor").
		packageVerbs = map[string]bool{}
		for _, ps := range [][]phrase{installLead, removeLead, searchLead} {
			for _, p := range ps {
				if len(p) == 1 {
					packageVerbs[p[0]] = true
				}
			}
		}
		firsts(verbs, installLead, removeLead, searchLead, enableLead, disableLead, setVerbs, unsetVerbs,
			renameVerbs, genericVerbs, allowWords, denyWords)
		keys(verbs, openVerbs, closeVerbs, gcDeleteWords, switchGenVerbs, scheduleGCWords, inputVerbs)
		for _, b := range bags {
			keys(nouns, b.vocab)
			for _, t := range b.triggers {
				verbs[t[0]] = true
				for _, w := range t {
					nouns[w] = true
				}
			}
		}
		for _, t := range gcTriggers {
			verbs[t[0]] = true
		}
		keys(nouns, gcVocab, switchGenVocab, scheduleGCWords, scheduleUpgradeWords, updateWords, updateSources,
			unfreeWords, autoWords, sleepWords, sleepVocab, dnsVocab, editorVocab, autoLoginVocab, bootDefaultVocab, filesystemWords,
			desktopWords, sshPasswordWords, sshKeyWords, installedQuestionWords, portFillers)
		for _, ns := range namedSettings {
			every(nouns, ns.words)
		}
		for _, st := range serviceTable {
			for _, n := range st.names {
				every(nouns, phrases(n))
			}
		}
		for _, st := range switchTable {
			for _, n := range st.names {
				every(nouns, phrases(n))
			}
		}
		// The forms the tokenizer reads as these words: "generations",
		// "ports", "installed".
		for form, lem := range lemmas {
			if nouns[lem] {
				nouns[form] = true
			}
			if verbs[lem] && strings.HasSuffix(form, "s") {
				verbs[form] = true // "generations", said alone
			}
		}
		fixVerbList, fixVerbLen = fixWords(verbs)
		fixNounList, fixNounLen = fixWords(nouns)
		fixVerbs, fixNouns = set(fixVerbList...), set(fixNounList...)
	})
}

// fixWords is the words of m a misspelling can be put right to, sorted,
// and the same by length.
func fixWords(m map[string]bool) ([]string, map[int][]string) {
	var list []string
	for w := range m {
		if len(w) >= 4 && lettersOnly(w) && !stopwords[w] {
			list = append(list, w)
		}
	}
	sort.Strings(list)
	byLen := map[int][]string{}
	for _, w := range list {
		byLen[len(w)] = append(byLen[len(w)], w)
	}
	return list, byLen
}

func loadSuggestions() {
	// examples is one phrasing that works for each intent.
	examples = map[intent.Kind]string{
		intent.Install:          "install firefox",
		intent.Remove:           "remove firefox",
		intent.Search:           "search firefox",
		intent.ListGenerations:  "list generations",
		intent.Rollback:         "roll back",
		intent.SwitchGeneration: "go back to generation 12",
		intent.SystemInfo:       "show system info",
		intent.Update:           "update my system",
		intent.GC:               "clean up old generations, keep 5",
		intent.EnableService:    "enable ssh",
		intent.DisableService:   "disable bluetooth",
		intent.SetOption:        "set timezone to Europe/Berlin",
		intent.ListInstalled:    "list installed",
		intent.Undo:             "undo",
		intent.Apply:            "apply",
		intent.Status:           "status",
		intent.Help:             "help",
		intent.ShowOption:       "is ssh enabled",
	}

	// kindWords point at an intent when a request is not understood.
	kindWords = map[intent.Kind][]string{
		intent.Install:          {"install", "add", "get", "need", "want", "download"},
		intent.Remove:           {"remove", "uninstall", "delete", "rid", "drop", "purge", "erase"},
		intent.Search:           {"search", "find", "look", "package"},
		intent.ListGenerations:  {"generation", "list", "show"},
		intent.Rollback:         {"rollback", "roll", "back", "revert", "previous"},
		intent.SwitchGeneration: {"generation", "switch"},
		intent.SystemInfo:       {"info", "information", "version", "system", "kernel"},
		intent.Update:           {"update", "upgrade", "latest"},
		intent.GC:               {"clean", "cleanup", "garbage", "gc", "collect", "space", "old", "older"},
		intent.EnableService:    {"enable", "start", "activate", "on"},
		intent.DisableService:   {"disable", "stop", "deactivate", "off"},
		intent.SetOption:        {"set", "timezone", "hostname", "locale", "language", "keyboard", "layout", "keymap", "port", "open", "close", "unset", "reset", "option"},
		intent.ListInstalled:    {"installed", "list", "packages"},
		intent.Undo:             {"undo", "revert", "change"},
		intent.Apply:            {"apply", "rebuild", "switch", "deploy"},
		intent.Status:           {"status", "state", "progress"},
		intent.Help:             {"help", "how", "usage"},
		intent.ShowOption:       {"enabled", "is", "running", "active"},
	}

	// leadVerb is the verb a suggestion for these intents starts with, so
	// "instal firefox" can suggest "install firefox".
	leadVerb = map[intent.Kind]string{
		intent.Install: "install", intent.Remove: "remove", intent.Search: "search",
		intent.EnableService: "enable", intent.DisableService: "disable",
	}
}

// negated answers a request that says what not to do ("don't install
// firefox", "do not enable ssh", "never open port 22"). ask-nix carries
// out changes; a request for none changes nothing, and is never
// suggested as its opposite ("install firefox"). Phrasings that do mean
// a change ("do not start docker on boot", "don't respond to ping") are
// read by their rules before this.
func negated(text string, ts []token) *intent.NotUnderstood {
	n := 0
	switch {
	case len(ts) > 2 && !ts[0].quoted && !ts[1].quoted && ts[0].w == "do" && ts[1].w == "not":
		n = 2
	case len(ts) > 1 && !ts[0].quoted && (ts[0].w == "never" || ts[0].w == "not"):
		n = 1
	default:
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Hint: "this asks not to " + joinRaw(ts[n:]) + ", and ask-nix only makes the changes it is asked for: nothing was changed, and nothing needs to be. " +
			"To take something out or turn it off, say so (\"remove <package>\", \"disable <service>\"); `ask-nix undo` takes back the last edit"}
}

// correctedRequest answers a request whose command words are misspelt
// ("opne port 22", "set timzone to UTC", "turn of the firewall", "gimme
// htop") with the request put right, the person's own values kept:
// exactly that request when it is understood ("open port 22", "set
// timezone to UTC"), or what the corrected request is answered with.
// nil when no word needed putting right.
func correctedRequest(text string, ts []token) *intent.NotUnderstood {
	fixed, ok := corrected(ts)
	if !ok {
		return nil
	}
	in, err := parse(fixed, false)
	if err == nil {
		return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(in.Kind, fixed)}}
	}
	var nu *intent.NotUnderstood
	if !errors.As(err, &nu) || len(nu.Suggestions) == 0 || len(ts) == 1 {
		// One word put right that is still no request ("htop" is one
		// letter from "stop"): what "stop" alone is answered with says
		// nothing about htop.
		return nil
	}
	if first, _, _ := strings.Cut(fixed, " "); first == ts[0].raw {
		// The verb as typed, a later word put right that is still no
		// request: that word was likelier a name ("keep htop", "give
		// alice sudo access") than a misspelt "stop" or "alive".
		return nil
	}
	return &intent.NotUnderstood{Request: text, Suggestions: nu.Suggestions, Hint: nu.Hint}
}

// corrected is ts as typed with its misspelt command words put right:
// the first word one or two letters from exactly one of fixVerbs is
// that verb, a later one so near one of fixNouns that noun, "turn of" is "turn off", "gimme" is "give me". Values are left
// as typed: numbers, names with dots, slashes or dashes, and every word
// after "to", "as", "is" or "=" (the value of a setting). ok is false
// when nothing changed, or when anything is quoted.
func corrected(ts []token) (string, bool) {
	loadFixWords()
	ws := make([]string, 0, len(ts))
	changed, values, names := false, false, false
	for i, t := range ts {
		if t.quoted {
			return "", false
		}
		w := t.raw
		switch {
		case values || names:
		case t.w == "to" || t.w == "as" || t.w == "is" || t.w == "=":
			values = true
		case i == 0 && t.w == "gimme":
			w, changed = "give me", true
		case i > 0 && t.w == "of" && (ts[i-1].lem == "turn" || ts[i-1].lem == "switch"):
			w, changed = "off", true
		case !fixVerbs[t.w] && !fixNouns[t.w] && !realVerbs[t.w] && !stopwords[t.w] && lettersOnly(t.w):
			// A verb only first, where verbs stand; elsewhere the words
			// settings and ports are named by, never a verb: "htop" is
			// one letter from "stop", and is a package.
			byLen := fixNounLen
			if i == 0 {
				byLen = fixVerbLen
				if len(ts) > 1 && subjectOf[ts[1].w] {
					// "htop is great", "htop should be installed": the
					// first word is what the sentence is about, no verb.
					break
				}
			}
			if kw, ok := nearestFixWordIn(t.w, byLen); ok {
				w, changed = kw, true
			}
		}
		if i == 0 && packageVerbs[strings.ToLower(w)] {
			// "uninstal htop", "instal firefx": what follows is package
			// names, never put right to the words of settings ("sway"
			// is one letter from "swap").
			names = true
		}
		ws = append(ws, w)
	}
	return strings.Join(ws, " "), changed
}

// correctedService answers "enable flaks", "disable sleeep": a service
// the parser does not know, its words put right to the parser's words
// (see corrected), offered as the request said with them, when that is
// understood. ok is false when no word needed putting right.
func correctedService(verb string, rest []token) (intent.Suggestion, bool) {
	fixed, ok := corrected(append([]token{{w: verb, lem: verb, raw: verb}}, rest...))
	if !ok {
		return intent.Suggestion{}, false
	}
	// A name under seven letters one letter off at most, as
	// closestServices allows: "light" is no "lightdm".
	for i, w := range strings.Fields(fixed)[1:] {
		if i < len(rest) && w != rest[i].raw && len(rest[i].w) < 7 && editdistance.OSA(rest[i].w, w, 2) > 1 {
			return intent.Suggestion{}, false
		}
	}
	in, err := parse(fixed, false)
	if err != nil {
		return intent.Suggestion{}, false
	}
	return sug(in.Kind, fixed), true
}

// nearestFixWordIn is nearestFixWord over words held by length (see
// fixWords): only those typo could take w to are compared.
func nearestFixWordIn(w string, byLen map[int][]string) (string, bool) {
	best, bestD, ties := "", 3, 0
	for n := len(w) - 2; n <= len(w)+2; n++ {
		for _, kw := range byLen[n] {
			if !typo(w, kw) {
				continue
			}
			switch d := editdistance.OSA(w, kw, 2); {
			case d < bestD:
				best, bestD, ties = kw, d, 0
			case d == bestD && oneForm(best, kw):
				// "flaks": flake and flakes are one word, the plural
				// said with an s.
				if strings.HasSuffix(w, "s") == strings.HasSuffix(kw, "s") {
					best = kw
				}
			case d == bestD:
				ties++
			}
		}
	}
	return best, best != "" && ties == 0
}

// oneForm: a and b are one word, one of them with a plural s.
func oneForm(a, b string) bool {
	return a+"s" == b || b+"s" == a
}

// nearestFixWord is the one word of list nearest to w, when w is a
// misspelling of it (see typo) and of no other word as near.
func nearestFixWord(w string, list []string) (string, bool) {
	best, bestD, ties := "", 3, 0
	for _, kw := range list {
		if !typo(w, kw) {
			continue
		}
		switch d := editdistance.OSA(w, kw, 2); {
		case d < bestD:
			best, bestD, ties = kw, d, 0
		case d == bestD:
			ties++
		}
	}
	return best, best != "" && ties == 0
}

func lettersOnly(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}

// useOne answers "use zsh": a login shell is not set by ask-nix (see
// loginShellHint), and anything else used is installed or turned on, as
// said in those words.
func useOne(text string, ts []token) *intent.NotUnderstood {
	if len(ts) != 2 || ts[0].quoted || ts[0].w != "use" || ts[1].quoted || !lettersOrName(ts[1].w) {
		return nil
	}
	if sh, ok := loginShell(ts[1].w); ok {
		nu := loginShellHint(text, sh)
		nu.Suggestions = append(nu.Suggestions, sug(intent.Install, "install "+ts[1].raw))
		nu.Hint += "; to have it installed only, say \"install " + ts[1].raw + "\". Nothing was changed"
		return nu
	}
	var ss []intent.Suggestion
	opt, ok := serviceOption(ts[1].w)
	if ok {
		ss = append(ss, sug(intent.EnableService, "enable "+ts[1].raw))
	}
	if !ok || !strings.HasPrefix(opt, "services.") && !strings.HasPrefix(opt, "networking.") && !strings.HasPrefix(opt, "security.") && !strings.HasPrefix(opt, "hardware.") {
		// A service ("use resolved", "use pipewire") is no package to
		// install: "install resolved" named none, "install pipewire"
		// one that sets nothing up.
		ss = append(ss, sug(intent.Install, "install "+ts[1].raw))
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss}
}

// lettersOrName: a word that may be a package or service name.
func lettersOrName(w string) bool {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return len(w) <= 40
}

// unknownSetting answers "set the build cores to 8": a setting ask-nix does not
// know by name. Another setting's example ("set timezone to
// Europe/Berlin") would ignore the words said; the hint says how to name
// any option, with the person's own value.
func unknownSetting(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 4 || ts[0].quoted {
		return nil
	}
	switch ts[0].w {
	case "set", "change", "configure", "adjust", "modify":
	default:
		return nil
	}
	n := 1
	for n < len(ts) && !ts[n].quoted && settingLead[ts[n].w] {
		n++ // "change the frob level"
	}
	to := -1
	for i := n; i < len(ts); i++ {
		if !ts[i].quoted && (ts[i].w == "to" || ts[i].w == "=") {
			to = i
			break
		}
	}
	if to <= n || to == len(ts)-1 {
		return nil
	}
	name, value := joinRaw(ts[n:to]), valueText(text, ts[to+1:])
	return &intent.NotUnderstood{Request: text,
		Hint: fmt.Sprintf("ask-nix does not know a setting called %q; it knows the time zone, hostname, locale, keyboard layout, DNS servers and a few more by name, and any NixOS option by its path: \"set <option> to %s\" (\"show option <option>\" says what it is now); nothing was changed", name, value)}
}

// portExample is the set-option example for a request that was not
// understood: a port request with the person's verb and numbers when it
// is about ports ("open 22 pls": "open port 22"), else the usual one.
func portExample(ts []token, against bool) string {
	verb, port := "", false
	var nums []int64
	for _, t := range ts {
		if t.quoted {
			continue
		}
		switch {
		case openVerbs[t.lem] && verb == "":
			verb = "open"
		case closeVerbs[t.lem] && verb == "":
			verb = "close"
		case t.lem == "port":
			port = true
		case isNumeric(t):
			if n, ok := number(t); ok && n > 0 && n < 65536 {
				nums = append(nums, n)
			}
		}
	}
	if verb == "" && !port {
		return examples[intent.SetOption]
	}
	if verb == "" {
		// "no port 22", "port 22 closed": never offered opened.
		verb = "open"
		if against {
			verb = "close"
		}
	}
	if len(nums) == 0 {
		nums = []int64{443}
	}
	return portRequest(verb, "", nums)
}

// joinedAnswer reads "give alice sudo access and install vim": two
// requests joined by "and" (or "then"), one understood and the other
// answered with what does it. The answer is that one's, with the
// understood request suggested; nil for any other text.
func joinedAnswer(text string, ts []token) *intent.NotUnderstood {
	for i := 1; i+1 < len(ts); i++ {
		t := ts[i]
		if t.quoted || t.w != "and" && t.w != "then" {
			continue
		}
		left := strings.TrimSpace(text[:t.start])
		right := strings.TrimSpace(text[ts[i+1].start:])
		lin, lerr := Parse(left)
		rin, rerr := Parse(right)
		var nu *intent.NotUnderstood
		var us *UnknownService
		switch {
		case lerr == nil && rerr != nil && errors.As(rerr, &nu) && !errors.As(rerr, &us) && nu.Hint != "":
			return &intent.NotUnderstood{Request: text, Suggestions: append([]intent.Suggestion{sug(lin.Kind, left)}, nu.Suggestions...)[:min(3, 1+len(nu.Suggestions))],
				Hint: "in \"" + right + "\": " + nu.Hint}
		case rerr == nil && lerr != nil && errors.As(lerr, &nu) && !errors.As(lerr, &us) && nu.Hint != "":
			// Two of the other part's at most, so the understood part
			// (said last) is never the one cut off at three.
			return &intent.NotUnderstood{Request: text, Suggestions: append(slices.Clip(nu.Suggestions[:min(2, len(nu.Suggestions))]), sug(rin.Kind, right)),
				Hint: "in \"" + left + "\": " + nu.Hint}
		case lerr != nil && rerr != nil:
			// "upgrade firefox then reboot": neither part is done, and
			// each says why; a package update said with more to do
			// after it is the system's update, offered with the note
			// that it updates every package, not only the one said.
			var lnu, rnu *intent.NotUnderstood
			if !errors.As(lerr, &lnu) || !errors.As(rerr, &rnu) || errors.As(lerr, &us) || errors.As(rerr, &us) || lnu.Hint == "" || rnu.Hint == "" {
				return nil
			}
			var ss []intent.Suggestion
			if packageUpdate(ts[:i]) {
				ss = append(ss, sug(intent.Update, "update my system"))
			}
			ss = append(ss, lnu.Suggestions[:min(2, len(lnu.Suggestions))]...)
			ss = append(ss, rnu.Suggestions...)
			ss = slices.CompactFunc(ss, func(a, b intent.Suggestion) bool { return a == b })
			return &intent.NotUnderstood{Request: text, Suggestions: ss[:min(3, len(ss))],
				Hint: "in \"" + left + "\": " + lnu.Hint + "; in \"" + right + "\": " + rnu.Hint}
		}
		return nil // the first "and" only: a person joins two things
	}
	return nil
}

// subjectOf follow a sentence's subject: a word before them is no verb.
var subjectOf map[string]bool

// inverseVerbs are the requests that take back what a verb did.
var inverseVerbs map[string]string

// undoWhat answers "undo installing firefox", "revert enabling ssh":
// the request that takes that back ("remove firefox"), offered first,
// with undo (which takes back the newest edit, whatever it was); never
// the request said again ("install firefox"). nil when ts is not that.
func undoWhat(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 3 || ts[0].quoted || ts[1].quoted || !(ts[0].w == "undo" || ts[0].w == "revert" || ts[0].w == "reverse") {
		return nil
	}
	inv, ok := inverseVerbs[ts[1].lem]
	if !ok || ts[1].w == ts[1].lem {
		return nil // a gerund: "installing", "enabling"
	}
	ex := inv + " " + joinRaw(ts[2:])
	if in, err := Parse(ex); err != nil || !in.Kind.Writes() {
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intentOf(ex), ex), sug(intent.Undo, "undo")},
		Hint:        "\"" + ex + "\" takes that back whenever it was done; \"undo\" takes back the newest edit, whatever it was (`ask-nix history` lists them); nothing was changed"}
}

// newestAsked answers "remove the last package I installed", "remove
// the latest app": the newest one, which the fragment's history knows
// and the words do not name ("last" is a nixpkgs package, and was
// removed). rest is what follows the verb.
func newestAsked(text string, rest []token) *intent.NotUnderstood {
	i := 0
	if i < len(rest) && !rest[i].quoted && (rest[i].w == "the" || rest[i].w == "my") {
		i++
	}
	if i+1 >= len(rest) || rest[i].quoted || rest[i+1].quoted {
		return nil
	}
	switch rest[i].w {
	case "last", "latest", "newest", "previous", "recent", "most":
	default:
		return nil
	}
	j := i + 1
	if rest[i].w == "most" {
		if rest[j].w != "recent" || j+1 >= len(rest) {
			return nil
		}
		j++
	}
	switch rest[j].lem {
	case "package", "program", "app", "application", "tool", "thing", "one", "install", "installation":
	default:
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.Undo, "undo"), sug(intent.ListInstalled, "list installed")},
		Hint:        "which package was installed last is in the history (`ask-nix history`): \"undo\" takes back the newest edit, whatever it was; \"remove <name>\" removes one by its name; nothing was changed"}
}

// undoNoun answers "undo the install of htop", "revert the firefox
// installation": as "undo installing htop" (undoWhat), never "install
// firefox". nil when ts is not that.
func undoNoun(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 3 || ts[0].quoted || !(ts[0].w == "undo" || ts[0].w == "revert" || ts[0].w == "reverse") {
		return nil
	}
	rest := ts[1:]
	if !rest[0].quoted && (rest[0].w == "the" || rest[0].w == "my") {
		rest = rest[1:]
	}
	inverse := map[string]string{"install": "remove", "installation": "remove", "removal": "install", "uninstall": "install", "uninstallation": "install"}
	var inv string
	var names []token
	switch {
	case len(rest) >= 3 && !rest[0].quoted && inverse[rest[0].w] != "" && rest[1].w == "of":
		inv, names = inverse[rest[0].w], rest[2:] // "the install of htop"
	case len(rest) >= 2 && !rest[len(rest)-1].quoted && inverse[rest[len(rest)-1].w] != "":
		inv, names = inverse[rest[len(rest)-1].w], rest[:len(rest)-1] // "the htop install"
	default:
		return nil
	}
	ex := inv + " " + joinRaw(names)
	if in, err := Parse(ex); err != nil || !in.Kind.Writes() {
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intentOf(ex), ex), sug(intent.Undo, "undo")},
		Hint:        "\"" + ex + "\" takes that back whenever it was done; \"undo\" takes back the newest edit, whatever it was (`ask-nix history` lists them); nothing was changed"}
}

// intentOf is the kind a request parses to.
func intentOf(text string) intent.Kind {
	in, _ := Parse(text)
	return in.Kind
}

// switchWithoutVerb answers "firewall off", "docker on please": a
// service and its state with no verb, offered as the request that says
// it ("disable firewall"), never another service's example. nil when ts
// is not that.
func switchWithoutVerb(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 2 {
		return nil
	}
	// "no ssh", "no more docker", "without bluetooth": off; "run home
	// assistant", "run a minecraft server": on (or for now?) — each
	// offered as the request that says it, when a service is named.
	lead, verb, kind := 0, "", intent.Kind("")
	switch {
	case ts[0].w == "no" && ts[1].w == "more" && len(ts) > 2:
		lead, verb, kind = 2, "disable ", intent.DisableService
	case ts[0].w == "no" || ts[0].w == "without":
		lead, verb, kind = 1, "disable ", intent.DisableService
	case ts[0].w == "run" || ts[0].w == "launch" || ts[0].w == "host" || ts[0].w == "self-host" || ts[0].w == "selfhost":
		// "host a minecraft server", "self-host nextcloud"
		lead, verb, kind = 1, "enable ", intent.EnableService
	case ts[0].w == "power" && len(ts) > 2 && ts[1].w == "on" && !ts[0].quoted && !ts[1].quoted:
		// "power on bluetooth at boot" was offered "enable ssh": said
		// with "enable", as it is read.
		if ex := "enable " + joinRaw(ts[2:]); intentOf(ex) == intent.EnableService {
			return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.EnableService, ex)}}
		}
		lead, verb, kind = 2, "enable ", intent.EnableService
	}
	if lead > 0 && !ts[0].quoted {
		name := trimServiceWords(ts[lead:])
		if lead == 1 && ts[0].w == "no" && len(name) > 0 && symptomWords[serviceKey(joinW(name))] {
			// "no sound", "no bluetooth": more likely that it does not
			// work than a wish to turn it off; asked, never the "disable"
			// that would make it so.
			said := joinRaw(name)
			return &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(intent.ShowOption, "is "+said+" enabled"), sug(intent.EnableService, "enable "+said)},
				Hint:        "if " + said + " does not work, \"is " + said + " enabled\" shows whether it is on and \"enable " + said + "\" turns it on; to turn it off, say \"disable " + said + "\"; nothing was changed"}
		}
		if len(name) > 0 && !slices.ContainsFunc(name, func(t token) bool { return t.quoted }) {
			if o, ok := serviceOption(joinW(name)); ok && !strings.HasPrefix(o, "programs.") && !radioWords[serviceKey(joinW(name))] {
				return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(kind, verb+joinRaw(name))}}
			}
		}
	}
	last := ts[len(ts)-1]
	if last.quoted {
		return nil
	}
	switch last.w {
	case "on", "off":
	case "enable", "enabled", "activate", "start":
		last.w = "on" // "docker enable": said last, the verb
	case "disable", "disabled", "deactivate", "stop":
		last.w = "off"
	default:
		return nil
	}
	name := trimServiceWords(ts[:len(ts)-1])
	if len(name) == 0 {
		return nil
	}
	said := joinRaw(name)
	if _, ok := serviceOption(joinW(name)); !ok {
		return nil
	}
	if strings.HasSuffix(strings.TrimSpace(text), "?") {
		// "ssh on?": asked whether it is, never turned on or off.
		return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.ShowOption, "is "+said+" enabled")}}
	}
	if radioWords[serviceKey(joinW(name))] && last.w == "off" {
		return radioOff(text, said)
	}
	if last.w == "on" {
		return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable "+said)}}
	}
	return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.DisableService, "disable "+said)}}
}

// symptomWords are services whose absence people report as a fault:
// "no sound" says it does not work.
var symptomWords map[string]bool

// realVerbs are words of their own a letter or two from a command word,
// never put right to it: "connect" is no "collect" (a gc offered for
// "connect my bluetooth headphones").
var realVerbs map[string]bool

// chatWords are said to a person, not a request ("thanks", "ok").
var chatWords map[string]bool

// chatGlue are the other words of what is said to a person ("thank
// you very much", "good morning", "never mind", "hello ask-nix").
var chatGlue map[string]bool

// chatOnly: every word of ts is said to a person, one of them more
// than glue. parse asks it of two words or more: "hello" alone is a
// package (oneName suggests installing it).
func chatOnly(ts []token) bool {
	chat := false
	for _, t := range ts {
		switch {
		case t.quoted:
			return false
		case chatWords[t.w] || t.w == "nevermind" || t.w == "morning" || t.w == "evening" || t.w == "afternoon" || t.w == "thank" || t.w == "hello":
			chat = true
		case chatGlue[t.w]:
		default:
			return false
		}
	}
	return chat || len(ts) == 2 && ts[0].w == "never" && ts[1].w == "mind"
}

// chatAnswer answers what is said to a person ("thanks", "thank you
// very much", "hello ask-nix").
func chatAnswer(text string) *intent.NotUnderstood {
	return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(intent.Help, examples[intent.Help])},
		Hint: "nothing to do: ask-nix takes one request at a time (\"install firefox\", \"enable ssh\"); \"help\" lists what it can do"}
}

// oneName answers a request of one word that is no verb: a service
// ("ssh": enable it, or ask whether it is), a word said to a person
// ("thanks": nothing to do), or a name, most likely a package's
// ("htop": install or search it; "htop" is one letter from "stop",
// which says nothing of htop). nil for anything else.
func oneName(text string, ts []token) *intent.NotUnderstood {
	if len(ts) == 2 && !ts[1].quoted && (ts[1].w == "server" || ts[1].w == "daemon" || ts[1].w == "service") && !ts[0].quoted {
		// "ssh server", "docker daemon": the service said alone.
		if o, ok := serviceOption(ts[0].w); ok && !strings.HasPrefix(o, "programs.") {
			return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{
				sug(intent.EnableService, "enable "+ts[0].raw), sug(intent.ShowOption, "is "+ts[0].raw+" enabled")}}
		}
	}
	if len(ts) != 1 || ts[0].quoted {
		return nil
	}
	t := ts[0]
	for _, ws := range kindWords {
		if slices.Contains(ws, t.w) || slices.Contains(ws, t.lem) {
			return nil // a verb alone: the scoring's
		}
	}
	switch {
	case t.w == "flakes" || t.w == "flake" || t.w == "nix-flakes":
		// "flakes": the setting, never a package named flakes.
		return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{
			sug(intent.SetOption, "enable flakes"), sug(intent.ShowOption, "are flakes enabled")}}
	case chatWords[t.w] || t.w == "nevermind":
		return chatAnswer(text)
	case func() bool { o, ok := serviceOption(t.w); return ok && !strings.HasPrefix(o, "programs.") }():
		// A program's module ("firefox": programs.firefox) stays a
		// package said alone.
		return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{
			sug(intent.EnableService, "enable "+t.raw), sug(intent.ShowOption, "is "+t.raw+" enabled")}}
	case isPackageLike(t.raw) && !stopwords[t.lem] && !notPackages[t.w]:
		return wordAlone(text, t.raw)
	}
	return nil
}

// wordAlone answers a word said alone that may name a package
// ("firefox"): "install <word>" and "search <word>", each offered only
// where it is understood as it stands. Where installing it has an
// answer of its own ("font": a kind of package; "linux": the kernel),
// that answer is given; nil where neither is understood ("nixpkgs"),
// for the scoring's suggestions.
func wordAlone(text, word string) *intent.NotUnderstood {
	var ss []intent.Suggestion
	for _, s := range []intent.Suggestion{sug(intent.Install, "install "+word), sug(intent.Search, "search "+word)} {
		_, err := Parse(s.Example)
		var nu *intent.NotUnderstood
		switch {
		case err == nil || resolvesToEdit(err):
			ss = append(ss, s)
		case s.Kind == intent.Install && errors.As(err, &nu) && nu.Hint != "":
			answer := *nu
			answer.Request = text
			return &answer
		}
	}
	if len(ss) == 0 {
		return nil
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss}
}

// goalAsked answers, among requests nothing else read, a goal said in
// words that one of a few services meets: reaching this machine from
// another ("let me ssh into this machine", "allow remote login") and
// serving web pages ("host a website", "run a web server"). They were
// answered with "install firefox". nil for anything else.
func goalAsked(text string, ts []token) *intent.NotUnderstood {
	if len(ts) == 0 || slices.ContainsFunc(ts, func(t token) bool { return t.quoted }) {
		return nil
	}
	here := has(ts, "this", "machine", "computer", "pc", "laptop", "here", "me") || ts[len(ts)-1].w == "in" // "let me ssh in"
	switch {
	case has(ts, "ssh") && has(ts, "to", "into", "connect", "via", "over") && !here:
		// "connect to my server via ssh": out, with the client NixOS has.
		return &intent.NotUnderstood{Request: text,
			Hint: "the ssh client comes with NixOS (the package openssh): `ssh user@host` connects to another machine, and `ssh-keygen` makes a key for it; \"enable ssh\" is the other way, letting others log in to this machine; nothing was changed"}
	case has(ts, "remotely") || has(ts, "remote") && has(ts, "login", "logins", "access", "log", "connect", "connection") ||
		has(ts, "ssh", "sshd") && has(ts, "into", "in", "from") && here:
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable ssh"), sug(intent.EnableService, "enable remote desktop")},
			Hint: "reaching this machine from another is SSH for a terminal (\"enable ssh\": services.openssh, which opens port 22; \"enable ssh with keys only\" keeps passwords out) " +
				"or a remote desktop (\"enable remote desktop\": xrdp, on port 3389, which \"open port 3389\" opens); nothing was changed"}
	case has(ts, "website", "websites", "webpage", "webpages", "web") && has(ts, "host", "hosting", "serve", "serving", "run", "running", "server", "site", "page", "pages", "publish"):
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable nginx"), sug(intent.EnableService, "enable caddy"), sug(intent.SetOption, "open port 80 and 443")},
			Hint:        "a web server is nginx (\"enable nginx\") or caddy (\"enable caddy\"), with ports 80 and 443 opened; what it serves (services.nginx.virtualHosts, services.caddy.virtualHosts) is set in your NixOS configuration, which ask-nix does not write; nothing was changed"}
	}
	return nil
}

// rebuildWords name a rebuild ("undo the last rebuild"); undoRebuild
// reads them with these around them.
var rebuildWords, rebuildGlueWords map[string]bool

// undoRebuild answers "undo the last rebuild", "revert nixos-rebuild
// switch": the system as it was before the rebuild is the generation
// before it, which rolling back switches to; ask-nix's undo takes back
// an edit of the fragment, which builds nothing until the next pass.
// They were offered "undo" and "apply" as equals. nil when ts is not
// that.
func undoRebuild(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 2 || ts[0].quoted || !(ts[0].w == "undo" || ts[0].w == "revert" || ts[0].w == "reverse") {
		return nil
	}
	rebuild := false
	for _, t := range ts[1:] {
		switch {
		case t.quoted:
			return nil
		case rebuildWords[t.w]:
			rebuild = true
		case !rebuildGlueWords[t.w]:
			return nil
		}
	}
	if !rebuild {
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.Rollback, "roll back"), sug(intent.Undo, "undo")},
		Hint: "a rebuild is taken back by switching to the generation before it: \"roll back\" does that now; " +
			"\"undo\" takes back ask-nix's last edit of the configuration instead, which the next rebuild then builds; nothing was changed"}
}

// displayManagerSaid answers "use sddm as display manager", "set display
// manager to gdm", "switch display manager to lightdm": the display
// manager said is turned on by its switch, offered; the one on before
// is not known here and stays on until turned off, which NixOS refuses
// to build with two. nil when ts names no display manager ask-nix knows.
func displayManagerSaid(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 3 || !has(ts, "manager", "greeter", "dm") {
		return nil
	}
	name := ""
	for _, t := range ts {
		if t.quoted {
			return nil
		}
		if o, ok := serviceOption(t.w); ok && strings.Contains(o, "displayManager.") {
			if name != "" && name != t.w {
				return nil // "switch from gdm to sddm": switchFrom's
			}
			name = t.w
		}
	}
	if name == "" {
		return nil
	}
	o, _ := serviceOption(name)
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.EnableService, "enable "+name)},
		Hint: "a display manager is turned on by its own switch: \"enable " + name + "\" sets " + o + "; " +
			"the one on now stays on until it is turned off (\"disable gdm\", \"disable sddm\"), and NixOS builds only one; nothing was changed"}
}

// generationsMisspelt answers "delete old generatons": generations
// misspelt after a verb that removes, which read as packages named old
// and generatons were a removal of both. The request put right is
// offered (see correctedRequest); nil when no word of rest is a
// misspelt "generation" or "generations".
func generationsMisspelt(text string, ts, rest []token) *intent.NotUnderstood {
	misspelt := false
	for _, t := range rest {
		if !t.quoted && t.w != "generation" && t.w != "generations" && lettersOnly(t.w) && (typo(t.w, "generation") || typo(t.w, "generations")) {
			misspelt = true
		}
	}
	if !misspelt {
		return nil
	}
	fixed := make([]string, len(ts))
	for i, t := range ts {
		fixed[i] = t.raw
		if i >= len(ts)-len(rest) && !t.quoted && lettersOnly(t.w) && (typo(t.w, "generation") || typo(t.w, "generations")) {
			fixed[i] = "generations"
		}
	}
	said := strings.Join(fixed, " ")
	in, err := parse(said, false)
	var nu *intent.NotUnderstood
	switch {
	case err == nil:
		return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(in.Kind, said)}}
	case errors.As(err, &nu):
		return &intent.NotUnderstood{Request: text, Suggestions: nu.Suggestions, Hint: nu.Hint}
	}
	return nil
}

// loadSuggestTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadSuggestTables() {
	rebuildWords = map[string]bool{"rebuild": true, "nixos-rebuild": true, "switch": true, "deploy": true, "deployment": true, "activation": true}
	rebuildGlueWords = map[string]bool{"the": true, "my": true, "last": true, "latest": true, "previous": true, "recent": true,
		"most": true, "system": true, "nixos": true, "sudo": true, "that": true, "this": true}
	againstWords = set("no", "not", "never", "without", "off", "closed", "unopen", "unschedule",
		"unscheduled", "dont", "don't", "none", "nothing", "cancel", "disabled", "stop")
	againstLeads = set("keep", "disable", "disallow", "deny", "block", "close", "shut")
	subjectOf = map[string]bool{"is": true, "are": true, "was": true, "were": true, "should": true, "must": true,
		"will": true, "can": true, "does": true, "has": true, "keeps": true, "isn't": true}
	inverseVerbs = map[string]string{
		"install": "remove", "add": "remove", "remove": "install", "uninstall": "install", "delete": "install",
		"enable": "disable", "disable": "enable", "open": "close", "close": "open", "block": "open", "unblock": "close",
	}
	symptomWords = map[string]bool{"sound": true, "audio": true, "bluetooth": true, "graphics": true, "printing": true, "printer": true}
	realVerbs = map[string]bool{"connect": true, "detect": true, "protect": true, "select": true, "inspect": true,
		"correct": true, "reflect": true, "expect": true, "respect": true}
	chatWords = map[string]bool{"thanks": true, "thank": true, "thx": true, "ty": true, "ok": true, "okay": true, "yes": true,
		"no": true, "y": true, "n": true, "yep": true, "nope": true, "cancel": true, "quit": true, "exit": true, "hi": true,
		"hey": true, "hello": false, "bye": true, "cool": true, "nice": true, "great": true, "abort": true}
	chatGlue = map[string]bool{"thank": true, "you": true, "very": true, "much": true, "a": true, "lot": true,
		"good": true, "morning": true, "afternoon": true, "evening": true, "night": true, "never": true, "mind": true,
		"nevermind": true, "ask-nix": true, "there": true, "hello": true, "so": true, "again": true, "all": true, "done": true}
}
