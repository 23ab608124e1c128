package reconciler

import (
	"testing"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

func TestFilesWords(t *testing.T) {
	for _, c := range []struct {
		files []string
		more  int
		want  string
	}{
		{nil, 0, ""},
		{[]string{"/etc/nixos/configuration.nix"}, 0, "/etc/nixos/configuration.nix"},
		{[]string{"a", "b"}, 0, "a and b"},
		{[]string{"a", "b", "c"}, 0, "a, b and c"},
		{[]string{"a", "b", "c", "d"}, 0, "a, b, c and 1 more file"},
		{[]string{"a", "b", "c", "d", "e"}, 3, "a, b, c and 5 more files"},
	} {
		if got := filesWords(c.files, c.more); got != c.want {
			t.Errorf("filesWords(%q, %d) = %q, want %q", c.files, c.more, got, c.want)
		}
	}
}

// together's words for each way a changed fragment meets changed files.
func TestTogether(t *testing.T) {
	built := &state.State{History: []state.Pass{{Result: state.ResultSuccess, FragmentEdit: 4}}}
	for _, c := range []struct {
		name  string
		since sinceSuccess
		edit  int
		want  string
	}{
		{"not known", sinceSuccess{}, 5, ""},
		{"only the fragment", sinceSuccess{known: true, fragment: true}, 5, ""},
		{"only other files", sinceSuccess{known: true, others: []string{"/etc/nixos/configuration.nix"}}, 5, ""},
		{"an edit and a file", sinceSuccess{known: true, fragment: true, others: []string{"/etc/nixos/configuration.nix"}}, 5,
			"this pass built edit 5 together with changes to /etc/nixos/configuration.nix since the last success; either may be the cause: ask-nix undo takes back edit 5 (add 1 package: htop), or put configuration.nix back as it was"},
		{"edits and files", sinceSuccess{known: true, fragment: true, others: []string{"/etc/nixos/a.nix", "/etc/nixos/flake.lock"}}, 7,
			"this pass built edits 5 to 7 together with changes to /etc/nixos/a.nix and /etc/nixos/flake.lock since the last success; any of them may be the cause: `ask-nix history` lists the edits and ask-nix undo takes back edit 7 (add 1 package: htop), or put those files back as they were"},
		{"a hand edit and a file", sinceSuccess{known: true, fragment: true, others: []string{"/etc/nixos/flake.lock"}}, 0,
			"the fragment was changed by hand and /etc/nixos/flake.lock changed too since the last success; either may be the cause, and ask-nix undo cannot take back hand edits: fix the fragment, or put flake.lock back as it was"},
	} {
		// The fragment is what edit c.edit wrote, on top of the edits
		// before it (a run from edit 1).
		x := &run{st: built, since: c.since, fromEdit: &foundEdit{Entry: txn.Entry{Edit: c.edit}, RunFrom: 1}}
		if got := x.together(c.edit, UndoOffer{txn.NextUndo{Edit: c.edit, Summary: "add 1 package: htop"}}); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// newEditsFrom counts only the edits no pass built that were written one
// on top of the other up to the fragment's edit, and none for an edit's
// content put back by hand.
func TestNewEditsFrom(t *testing.T) {
	for _, c := range []struct {
		name  string
		e     foundEdit
		built int
		want  int
	}{
		{"no edit", foundEdit{}, 4, 0},
		{"nothing built yet", foundEdit{Entry: txn.Entry{Edit: 7}, RunFrom: 1}, 0, 0},
		{"the next edit alone", foundEdit{Entry: txn.Entry{Edit: 5}, RunFrom: 1}, 4, 0},
		{"three new edits", foundEdit{Entry: txn.Entry{Edit: 7}, RunFrom: 1}, 4, 5},
		{"a hand change before edit 6", foundEdit{Entry: txn.Entry{Edit: 7}, RunFrom: 6}, 4, 6},
		{"a hand change before edit 7", foundEdit{Entry: txn.Entry{Edit: 7}, RunFrom: 7}, 4, 0},
		{"edit 7's content put back after edit 9", foundEdit{Entry: txn.Entry{Edit: 7}, RunFrom: 1, PutBackAfter: 9}, 4, 0},
	} {
		if got := newEditsFrom(c.e, c.built); got != c.want {
			t.Errorf("%s: newEditsFrom = %d, want %d", c.name, got, c.want)
		}
	}
	for _, c := range []struct {
		name  string
		e     foundEdit
		built int
		want  string
	}{
		{"no edit since", foundEdit{Entry: txn.Entry{Edit: 4}, RunFrom: 1}, 4, ""},
		{"one edit", foundEdit{Entry: txn.Entry{Edit: 5}, RunFrom: 1}, 4, "edit 5 left the fragment as it was built"},
		{"a run", foundEdit{Entry: txn.Entry{Edit: 9}, RunFrom: 1}, 5, "edits 6 to 9 left the fragment as it was built"},
		{"a run after a hand change", foundEdit{Entry: txn.Entry{Edit: 9}, RunFrom: 8}, 5, "edits 8 to 9 left the fragment as it was built"},
		{"put back by hand", foundEdit{Entry: txn.Entry{Edit: 3}, RunFrom: 1, PutBackAfter: 9}, 2, ""},
		{"nothing built yet", foundEdit{Entry: txn.Entry{Edit: 3}, RunFrom: 1}, 0, ""},
	} {
		if got := asBuiltWords(c.e, c.built); got != c.want {
			t.Errorf("%s: asBuiltWords = %q, want %q", c.name, got, c.want)
		}
	}
	// A pass that built a put-back counts as far as the edit it came after.
	st := &state.State{History: []state.Pass{{Result: state.ResultNoop, FragmentEdit: 2}, {Result: state.ResultFailure, FragmentEdit: 3, PutBackAfter: 5}}}
	if got := lastBuiltEdit(st); got != 5 {
		t.Errorf("lastBuiltEdit after a put-back of edit 3 after 5: %d, want 5", got)
	}
	// A recorded no-op found the fragment as its edit left it in place
	// (back to what is applied): the edits up to it are settled.
	st.History = append(st.History, state.Pass{Result: state.ResultNoop, FragmentEdit: 9})
	if got := lastBuiltEdit(st); got != 9 {
		t.Errorf("lastBuiltEdit after a no-op at edit 9: %d, want 9", got)
	}
}

// lastBuiltEdit counts every pass that names an edit; lastAppliedEdit
// only those that put their system in place.
func TestLastEdits(t *testing.T) {
	pass := func(r state.Result, action string, edit, putBackAfter int) state.Pass {
		return state.Pass{Result: r, Action: action, FragmentEdit: edit, PutBackAfter: putBackAfter}
	}
	for _, c := range []struct {
		name           string
		history        []state.Pass
		built, applied int
	}{
		{"none", nil, 0, 0},
		{"no edit named", []state.Pass{pass(state.ResultSuccess, "switch", 0, 0)}, 0, 0},
		{"a success", []state.Pass{pass(state.ResultSuccess, "switch", 4, 0)}, 4, 4},
		{"a failure after it", []state.Pass{pass(state.ResultSuccess, "switch", 4, 0), pass(state.ResultFailure, "switch", 6, 0)}, 6, 4},
		{"rolled back after it", []state.Pass{pass(state.ResultSuccess, "boot", 4, 0), pass(state.ResultRolledBack, "switch", 7, 0)}, 7, 4},
		{"a one-off build after it", []state.Pass{pass(state.ResultSuccess, "test", 4, 0), pass(state.ResultSuccess, "build", 8, 0)}, 8, 4},
		{"a no-op after it", []state.Pass{pass(state.ResultSuccess, "switch", 4, 0), pass(state.ResultFailure, "switch", 6, 0), pass(state.ResultNoop, "switch", 5, 0)}, 5, 5},
		{"a put-back applied", []state.Pass{pass(state.ResultSuccess, "switch", 3, 9)}, 9, 9},
		{"the newest without an edit is passed over", []state.Pass{pass(state.ResultSuccess, "switch", 4, 0), pass(state.ResultFailure, "switch", 0, 0)}, 4, 4},
	} {
		st := &state.State{History: c.history}
		if got := lastBuiltEdit(st); got != c.built {
			t.Errorf("%s: lastBuiltEdit = %d, want %d", c.name, got, c.built)
		}
		if got := lastAppliedEdit(st); got != c.applied {
			t.Errorf("%s: lastAppliedEdit = %d, want %d", c.name, got, c.applied)
		}
	}
}
