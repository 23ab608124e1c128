package parse

import "github.com/nix-humanity/nix-humanity/intent"

// rollbackWhenVocab are the other words of "go back to how it was
// yesterday", "restore the system from 3 days ago", "roll back to last
// week's configuration".
var rollbackWhenVocab map[string]bool

// ruleRollbackWhen: back to a time rather than a number, "roll back to
// yesterday", "go back to how it was 3 days ago", "restore last week's
// configuration": a rollback to the newest generation made before then.
// "Yesterday" and "last night" are before today began, so the evening's
// generations count; an age counts back from now. Every word must belong
// to the vocabulary, and a word for going back must be said.
func ruleRollbackWhen(text string, ts []token) (intent.Intent, bool, error) {
	if asksQuestion(ts) {
		return intent.Intent{}, false, nil
	}
	if nu := changesOfWhen(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	back, before := false, ""
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case t.w == "back" || t.w == "rollback" || t.w == "revert" || t.w == "restore" || t.w == "return":
			back = true
		case before == "" && (t.w == "yesterday" || t.w == "yesterday's"):
			before = "today"
		case before == "" && t.w == "last" && i+1 < len(ts) && (ts[i+1].w == "week" || ts[i+1].w == "week's" || ts[i+1].w == "night"):
			before = "7d"
			if ts[i+1].w == "night" {
				before = "today"
			}
			i++
		case before == "" && isAmount(t):
			// "3 days ago", "a week ago", "go back 2 days"
			a, n, ok := age(ts[i:])
			if !ok || a == "0d" || a == "0h" {
				return intent.Intent{}, false, nil
			}
			switch {
			case i+n < len(ts) && ts[i+n].w == "ago":
				n++
			case i > 0 && ts[i-1].w == "back":
			default:
				return intent.Intent{}, false, nil
			}
			before = a
			i += n - 1
		case rollbackWhenVocab[t.w] || switchGenVocab[t.lem] || stopwords[t.lem]:
		default:
			return intent.Intent{}, false, nil
		}
	}
	if !back || before == "" {
		return intent.Intent{}, false, nil
	}
	return intent.Intent{Kind: intent.Rollback, Before: before}, true, nil
}

// changedWords say what was done then ("yesterday's changes", "what I
// installed today"), not how the system was then.
var changedWords map[string]bool

// changesOfWhen answers "undo yesterday's changes", "revert what I did
// today", "remove everything I installed yesterday": the edits made at a
// time, which ask-nix takes back by count ("undo the last 3 changes")
// after `ask-nix history` says when each was made. "Revert yesterday's
// changes" went back to how the system was when today began, with
// yesterday's changes kept. Today's, made since today began, are what
// "roll back to yesterday" leaves out, so it is offered. nil when ts is
// no such request.
func changesOfWhen(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 2 || ts[0].quoted {
		return nil
	}
	switch ts[0].lem {
	case "undo", "revert", "reverse", "remove", "uninstall", "delete", "cancel", "take":
	default:
		return nil
	}
	when, changed := "", false
	for i, t := range ts[1:] {
		switch {
		case t.quoted:
			return nil
		case t.w == "today" || t.w == "tonight" || t.w == "morning" && i > 0 && ts[i].w == "this":
			when = "today"
		case t.w == "yesterday" || t.w == "yesterday's" || t.w == "week" && i > 0 && ts[i].w == "last" ||
			t.w == "night" && i > 0 && ts[i].w == "last" || t.w == "ago":
			when = "before"
		case changedWords[t.w] || changedWords[t.lem]:
			changed = true
		}
	}
	if when == "" || !changed {
		return nil
	}
	ss := []intent.Suggestion{sug(intent.Undo, "undo the last 2 changes"), sug(intent.ListGenerations, "list generations")}
	if when == "today" {
		ss = []intent.Suggestion{sug(intent.Undo, "undo the last 2 changes"), sug(intent.Rollback, "roll back to yesterday")}
	}
	return &intent.NotUnderstood{Request: text, Suggestions: ss,
		Hint: "ask-nix takes its edits back by count, newest first: `ask-nix history` lists them with when each was made, and \"undo the last N changes\" takes back the newest N in one edit; " +
			"the whole system goes back to a generation instead with \"roll back to yesterday\" (the newest one made before today began) or \"go back to generation N\" (`ask-nix generations` says when each was made); nothing was changed"}
}

// loadRollbackwhenTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadRollbackwhenTables() {
	rollbackWhenVocab = map[string]bool{
		"to": true, "how": true, "it": true, "was": true, "were": true, "things": true, "state": true,
		"from": true, "of": true, "version": true, "as": true, "made": true, "before": true, "when": true,
		"worked": true, "working": true, "everything": true, "the": true, "my": true, "what": true,
		"had": true, "i": true, "we": true, "setup": true, "one": true, "build": true,
	}
	changedWords = map[string]bool{"change": true, "changes": true, "edit": true, "edits": true, "did": true, "done": true,
		"made": true, "installed": true, "added": true, "enabled": true, "disabled": true, "removed": true, "update": true,
		"upgrade": true, "install": true, "installs": true, "installation": true, "installations": true, "stuff": true}
}
