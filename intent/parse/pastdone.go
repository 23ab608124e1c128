package parse

import (
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// pastVerbs are what was done, said in the past ("I removed firefox"),
// with the request that takes it back.
var pastVerbs map[string]string

// mishapWords say a change was a mistake.
var mishapWords map[string]bool

// pastDone answers a change said as done ("I accidentally removed
// firefox", "firefox was removed", "someone disabled my firewall", "I
// installed firefox but it doesn't open"): it changes nothing, and read
// by its words it offered "install firefox" beside "help", or "open
// port 443". A mistake is offered the request that takes it back and
// undo; anything else, the question that shows how it is now. nil when
// ts says no such thing.
func pastDone(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 3 || ts[0].quoted {
		return nil
	}
	verbAt := -1
	for i, t := range ts {
		if t.quoted {
			return nil
		}
		if _, ok := pastVerbs[t.w]; ok && verbAt < 0 {
			verbAt = i
		}
	}
	if verbAt < 0 {
		return nil
	}
	mishap := false
	for _, t := range ts {
		mishap = mishap || mishapWords[t.w]
	}
	// Who did it, before the verb: "I", "someone", "ask-nix"; or the
	// thing itself, with "was" or "got" ("firefox was removed").
	var names []token
	lead := ts[:verbAt]
	skip := func(t token) bool {
		return mishapWords[t.w] || t.w == "i" || t.w == "just" || t.w == "already" || t.w == "have" || t.w == "had" || t.w == "someone" ||
			t.w == "somebody" || t.w == "ask-nix" || t.w == "think" || t.w == "by" || t.w == "the" || t.w == "my"
	}
	switch {
	case len(lead) > 0 && lead[len(lead)-1].w == "was" || len(lead) > 0 && lead[len(lead)-1].w == "got" || len(lead) > 1 && lead[len(lead)-1].w == "been":
		for _, t := range lead {
			if t.w == "was" || t.w == "got" || t.w == "has" || t.w == "been" || t.w == "is" {
				break
			}
			if !skip(t) {
				names = append(names, t)
			}
		}
	default:
		for _, t := range lead {
			if !skip(t) {
				return nil // "set the time zone I disabled": no statement
			}
		}
		for _, t := range ts[verbAt+1:] {
			if t.w == "but" || t.w == "and" || t.w == "by" || t.w == "yesterday" || t.w == "today" || t.w == "earlier" || t.w == "again" || t.w == "now" {
				break
			}
			if !skip(t) {
				names = append(names, t)
			}
		}
	}
	if len(names) == 0 || len(names) > 3 {
		return nil
	}
	for _, t := range names {
		if !isPackageLike(t.raw) || isNumeric(t) && ts[verbAt].w != "opened" && ts[verbAt].w != "closed" {
			return nil
		}
	}
	what := joinRaw(names)
	verb := ts[verbAt].w
	inverse := pastVerbs[verb] + " " + what
	if verb == "opened" || verb == "closed" {
		if len(names) == 1 && isNumeric(names[0]) {
			inverse = pastVerbs[verb] + " port " + what
		}
	}
	back, err := Parse(inverse)
	if err != nil || !back.Kind.Writes() {
		return nil
	}
	if mishap {
		return &intent.NotUnderstood{Request: text, Suggestions: []intent.Suggestion{sug(back.Kind, inverse), sug(intent.Undo, "undo")},
			Hint: "to take it back, \"" + inverse + "\"; \"undo\" takes back ask-nix's newest edit, whatever it was (`ask-nix history` lists them), and \"roll back\" the whole system; nothing was changed"}
	}
	question := "is " + what + " installed"
	switch back.Kind {
	case intent.EnableService, intent.DisableService:
		question = "is " + what + " enabled"
	case intent.SetOption:
		question = ""
		if strings.HasPrefix(back.Option, "networking.firewall.allowed") {
			question = "is " + strings.TrimPrefix(strings.TrimPrefix(inverse, "open "), "close ") + " open"
		}
	}
	nu := &intent.NotUnderstood{Request: text,
		Hint: "that says what was done, which changes nothing; \"" + inverse + "\" takes it back, and `ask-nix history` shows ask-nix's own edits"}
	if question != "" {
		if q, err := Parse(question); err == nil && !q.Kind.Writes() {
			nu.Suggestions = append(nu.Suggestions, sug(q.Kind, question))
		}
	}
	if has(ts[verbAt:], "but", "doesn't", "not", "won't", "crashes", "broken") {
		if question != "" && strings.HasSuffix(question, " open") {
			nu.Hint += "; an open port answers only while a program listens on it (`sudo ss -lntup`), and a router may block it too"
		} else {
			nu.Hint += "; a program that does not start says why when run from a terminal"
		}
	}
	nu.Hint += "; nothing was changed"
	if strings.HasPrefix(nu.Hint, "that") && len(nu.Suggestions) == 0 {
		nu.Suggestions = []intent.Suggestion{sug(back.Kind, inverse)}
	}
	return nu
}

// loadPastdoneTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadPastdoneTables() {
	pastVerbs = map[string]string{"installed": "remove", "added": "remove", "removed": "install", "uninstalled": "install",
		"deleted": "install", "enabled": "disable", "disabled": "enable", "activated": "disable", "deactivated": "enable",
		"opened": "close", "closed": "open"}
	mishapWords = map[string]bool{"accidentally": true, "accidently": true, "mistakenly": true, "wrongly": true, "oops": true,
		"mistake": true, "accident": true, "unintentionally": true, "whoops": true}
}
