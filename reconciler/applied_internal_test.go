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
		x := &run{st: built, since: c.since}
		if got := x.together(c.edit, UndoOffer{txn.NextUndo{Edit: c.edit, Summary: "add 1 package: htop"}}); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}
