package txn

import (
	"context"
	"os"
	"testing"
)

// NextUndo names what undo would take back now, and nothing when undo
// would refuse: no history (a hand-written fragment), a hand edit since,
// everything undone already. After an undo it names the older edit undo
// goes on to, and says the newest edit is an undo.
func TestNextUndo(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	if err := os.WriteFile(s.Fragment, []byte("# by hand\n{ pkgs, ... }:\n{\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	check := func(step string, want NextUndo) {
		t.Helper()
		if got := s.NextUndo(); got != want {
			t.Errorf("%s: NextUndo() = %+v, want %+v", step, got, want)
		}
	}
	check("no history", NextUndo{})
	os.Remove(s.Fragment)
	check("no history, no fragment", NextUndo{})

	mustApply(t, s, "install firefox", install("firefox"))
	mustApply(t, s, "install htop", install("htop"))
	check("two edits", NextUndo{Edit: 2, Summary: "add 1 package: htop"})

	if _, err := s.Undo(ctx, "undo"); err != nil {
		t.Fatal(err)
	}
	check("after an undo", NextUndo{Edit: 1, Summary: "add 1 package: firefox", LastUndo: 3, LastUndoOf: 2})

	if _, err := s.Undo(ctx, "undo"); err != nil {
		t.Fatal(err)
	}
	check("everything undone", NextUndo{LastUndo: 4, LastUndoOf: 1})

	mustApply(t, s, "install git", install("git"))
	check("a new edit", NextUndo{Edit: 5, Summary: "add 1 package: git"})

	text := readFile(t, s.Fragment)
	if err := os.WriteFile(s.Fragment, []byte(text+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	check("a hand edit since", NextUndo{})
}
