package parse

import "github.com/nix-humanity/nix-humanity/intent"

// rollbackWhenVocab are the other words of "go back to how it was
// yesterday", "restore the system from 3 days ago", "roll back to last
// week's configuration".
var rollbackWhenVocab = map[string]bool{
	"to": true, "how": true, "it": true, "was": true, "were": true, "things": true, "state": true,
	"from": true, "of": true, "version": true, "as": true, "made": true, "before": true, "when": true,
	"worked": true, "working": true, "everything": true, "the": true, "my": true, "what": true,
	"had": true, "i": true, "we": true, "setup": true, "one": true, "build": true,
}

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
