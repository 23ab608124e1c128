package parse

import "github.com/nix-humanity/nix-humanity/intent"

// rollForwardVocab are the other words of "roll forward", "undo the
// rollback", "switch to the latest generation".
var rollForwardVocab map[string]bool

// ruleRollForward: the way back from a rollback. "undo the rollback",
// "cancel my rollback", "switch to the latest generation", "go back to
// the newest generation" go to the newest generation; "roll forward"
// and "go forward two generations" go that many newer than the current
// one. "revert" alone, or "revert that", could mean the last edit or the
// running system: it is asked about, not guessed.
func ruleRollForward(text string, ts []token) (intent.Intent, bool, error) {
	if asksQuestion(ts) {
		return intent.Intent{}, false, nil
	}
	var undo, rollback, latest, forward, revert bool
	count := int64(-1)
	for _, t := range ts {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case t.w == "undo" || t.w == "cancel" || t.w == "reverse":
			undo = true
		case t.w == "revert":
			revert = true
		case t.w == "rollback" || t.w == "rollbacks":
			rollback = true
		case t.w == "latest" || t.w == "newest" || t.w == "most" || t.w == "recent":
			latest = true
		case t.w == "forward" || t.w == "forwards" || t.w == "next" || t.w == "newer":
			forward = true
		case count < 0 && isNumber(t):
			n, _ := number(t)
			count = n
		case rollForwardVocab[t.w] || stopwords[t.lem]:
		default:
			return intent.Intent{}, false, nil
		}
	}
	switch {
	case revert && !undo && !rollback && !latest && !forward && count < 0 && len(ts) <= 3:
		// "revert", "revert that", "revert it": which of the two?
		return intent.Intent{}, true, notUnderstoodWith(text,
			sug(intent.Undo, "undo the last change"), sug(intent.Rollback, "roll back"))
	case (undo || revert) && rollback && !forward && count < 0:
		return intent.Intent{Kind: intent.SwitchGeneration, Latest: true}, true, nil
	case latest && !forward && !undo && count < 0 && (has(ts, "switch", "go", "return", "use", "roll") || hasLem(ts, "generation")):
		return intent.Intent{Kind: intent.SwitchGeneration, Latest: true}, true, nil
	case forward && !undo && !rollback && !latest && (has(ts, "roll", "go", "switch") || hasLem(ts, "generation")):
		if count == 0 || count > 1<<31 {
			return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.Rollback, "roll forward"), sug(intent.SwitchGeneration, "switch to the latest generation"))
		}
		in := intent.Intent{Kind: intent.Rollback, Forward: true}
		if count > 1 {
			in.Steps = int(count)
		}
		return in, true, nil
	}
	return intent.Intent{}, false, nil
}

func isNumber(t token) bool {
	_, ok := number(t)
	return ok
}

// hasLem reports whether a word with one of the lemmas is said.
func hasLem(ts []token, lems ...string) bool {
	for _, t := range ts {
		for _, l := range lems {
			if !t.quoted && t.lem == l {
				return true
			}
		}
	}
	return false
}

// loadRollforwardTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadRollforwardTables() {
	rollForwardVocab = map[string]bool{
		"go": true, "switch": true, "roll": true, "to": true, "the": true, "my": true, "a": true,
		"generation": true, "generations": true, "system": true, "configuration": true, "config": true,
		"one": true, "step": true, "steps": true, "again": true, "back": true, "return": true, "use": true,
		"by": true, "that": true, "last": true, "previous": true, "nixos": true,
	}
}
