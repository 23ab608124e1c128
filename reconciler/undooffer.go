package reconciler

import (
	"fmt"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/internal/settings"
)

// UndoOffer is what `ask-nix undo` would do now, for advice that offers
// it as a way back. Advice offers it only when it would take back an edit
// (not when it would refuse: no ask-nix history, a hand edit since, the
// content pruned), and names that edit, as "the last edit" may not be
// the one it takes back.
//
// After an undo it is not offered: undo never re-applies what an undo
// took back but goes further back, taking away an older change too. A
// person whose undo broke the build, or who rolled back to the system
// from before the undo, wants the undone change back, which undo does
// not do; the advice says so (Why) instead of sending them there.
type UndoOffer struct{ txn.NextUndo }

// UndoOfferFor reads what undo would do now on the fragment and history
// s names.
func UndoOfferFor(s *settings.Settings) UndoOffer {
	st := &txn.Store{Fragment: s.Fragment, StateDir: s.StateDir, Keep: s.HistoryKeep}
	return UndoOffer{st.NextUndo()}
}

// OK says whether advice may offer ask-nix undo.
func (u UndoOffer) OK() bool { return u.Edit != 0 && u.LastUndo == 0 }

// Takes is "ask-nix undo takes back edit 7 (add 1 package: htop)".
func (u UndoOffer) Takes() string {
	return fmt.Sprintf("ask-nix undo takes back edit %d%s", u.Edit, u.summary())
}

// TakeBack is "take edit 7 (add 1 package: htop) back with ask-nix undo".
func (u UndoOffer) TakeBack() string {
	return fmt.Sprintf("take edit %d%s back with ask-nix undo", u.Edit, u.summary())
}

func (u UndoOffer) summary() string {
	if u.Summary == "" {
		return ""
	}
	return " (" + u.Summary + ")"
}

// Why says why undo is not offered when the newest edit is itself an
// undo; "" otherwise.
func (u UndoOffer) Why() string {
	switch {
	case u.LastUndo == 0:
		return ""
	case u.Edit == 0:
		return fmt.Sprintf("the last edit, %d, undid edit %d; ask-nix undo does not bring it back, and has nothing older to take back; to bring edit %d back, ask for its change again (`ask-nix history` shows it)", u.LastUndo, u.LastUndoOf, u.LastUndoOf)
	}
	return fmt.Sprintf("the last edit, %d, undid edit %d; ask-nix undo does not bring it back, it would take back edit %d%s as well; to bring edit %d back, ask for its change again (`ask-nix history` shows it)", u.LastUndo, u.LastUndoOf, u.Edit, u.summary(), u.LastUndoOf)
}
