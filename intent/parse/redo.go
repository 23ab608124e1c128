package parse

import "github.com/nix-humanity/nix-humanity/intent"

// Redo is "redo", "undo the undo": taking back an undo, which undo does
// not do (a second undo goes further back, taking back one more edit:
// the opposite of what was asked). Not understood; which request the
// undo took back, to ask for again, only the history can say.
type Redo struct {
	*intent.NotUnderstood
}

// Unwrap lets errors.As find the not-understood answer.
func (e *Redo) Unwrap() error { return e.NotUnderstood }

// redoHint is what the answer says without the history.
const redoHint = "ask-nix has no redo: an undo is an edit of its own, and undo never takes one back (it goes further back, taking back one more edit); ask for the change that was undone again (`ask-nix history` shows its request); nothing was changed"

// ruleRedo: "redo", "redo the last change", "undo the undo", "revert my
// last undo", "undo what I undid". Read before the undo bag, whose
// words these are too: as an undo they would take back another edit.
func ruleRedo(text string, ts []token) (intent.Intent, bool, error) {
	redo, verb, undoAfterVerb := false, false, false
	for _, t := range ts {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case t.w == "redo" || t.w == "re-do" || t.w == "reapply" || t.w == "re-apply":
			redo = true
		case t.w == "undo" || t.w == "undid" || t.w == "undone" || t.w == "undos" || t.w == "undoing":
			if verb {
				undoAfterVerb = true
			}
			verb = true
		case t.w == "revert" || t.w == "cancel" || t.w == "reverse" || t.w == "take" || t.w == "back":
			verb = true
		case stopwords[t.lem] || t.w == "last" || t.w == "latest" || t.w == "previous" || t.w == "recent" ||
			t.lem == "change" || t.lem == "edit" || t.w == "made":
		default:
			return intent.Intent{}, false, nil
		}
	}
	if !redo && !undoAfterVerb {
		return intent.Intent{}, false, nil
	}
	return intent.Intent{}, true, &Redo{&intent.NotUnderstood{Request: text, Hint: redoHint}}
}
