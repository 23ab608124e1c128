package parse

import (
	"sort"
	"strings"

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
	if nu := negated(text, ts); nu != nil {
		return nu
	}
	type scored struct {
		kind      intent.Kind
		score     int
		firstWord bool
		order     int
	}
	var cands []scored
	for order, k := range intent.Kinds {
		s := scored{kind: k, order: order}
		for i, t := range ts {
			if t.quoted {
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
				case i == 0 && typo(t.w, w):
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
		if v, ok := leadVerb[c.kind]; ok && c.firstWord && len(ts) > 1 {
			if rest := joinRaw(ts[1:]); len(rest) <= 60 {
				ex = v + " " + rest
			}
		}
		ss = append(ss, sug(c.kind, ex))
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

func joinRaw(ts []token) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.raw
	}
	return strings.Join(parts, " ")
}

// serviceSuggestions: the nearest known services, then the generic
// forms that name the option outright.
func serviceSuggestions(kind intent.Kind, verb, said string) []intent.Suggestion {
	var ss []intent.Suggestion
	for _, name := range closestServices(said, 2) {
		ss = append(ss, sug(kind, verb+" "+name))
	}
	// The generic forms guess that the one word said is a service's or a
	// package's name, spelled as NixOS does (services.power-profiles-daemon
	// keeps its hyphens). Several words ("nvidia driver") are no name to
	// guess from.
	key := strings.ToLower(said)
	ident := key != "" && key[0] >= 'a' && key[0] <= 'z'
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			ident = false
		}
	}
	if ident && len(key) <= 40 {
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
		intent.GC:               "clean up old generations",
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
		intent.GC:               {"clean", "cleanup", "garbage", "gc", "collect", "space", "old", "keep", "older"},
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
