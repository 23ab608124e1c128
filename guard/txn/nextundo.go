package txn

// NextUndo is what `ask-nix undo` would do now, for advice that offers
// it as a way back: advice must not offer an undo that would refuse, or
// that would take back something other than what it says.
type NextUndo struct {
	// Edit is the edit undo would take back and Summary what it did; 0
	// when undo would refuse (no edit to take back, the fragment changed
	// by hand since, its content pruned).
	Edit    int
	Summary string
	// LastUndo is the newest edit when it is itself an undo (0
	// otherwise), and LastUndoOf the edit it took back. Undo never
	// re-applies what an undo took back: it goes further back, to Edit.
	LastUndo, LastUndoOf int
}

// NextUndo reads what undo would do now against the fragment as it is,
// without the lock and without writing. An unreadable history or
// fragment is an undo that would refuse.
func (s *Store) NextUndo() NextUndo {
	var n NextUndo
	st, err := HistoryIn(s.StateDir).recent()
	if err != nil {
		return n
	}
	for i := len(st.entries) - 1; i >= 0; i-- {
		e := st.entries[i]
		if !e.Wrote() {
			continue
		}
		if e.Undoes != 0 {
			n.LastUndo, n.LastUndoOf = e.Edit, e.Undoes
		}
		break
	}
	res, err := s.PreviewUndo()
	if err != nil || !res.Changed || res.Undoes == 0 {
		return n
	}
	n.Edit = res.Undoes
	for _, e := range st.entries {
		if e.Edit == n.Edit {
			n.Summary = e.Summary
		}
	}
	return n
}
