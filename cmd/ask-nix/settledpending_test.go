package main

import (
	"strings"
	"testing"
)

// Edits that put the fragment back as the last success built it
// ("install htop", then "remove htop") stay "pending" in the history,
// as no pass built them; history says they need none, not nothing at
// all (which read as work still to do), and says it only then.
func TestHistorySaysSettledPendingEditsNeedNoPass(t *testing.T) {
	playgroundEnv(t)
	editAndApply(t, "install hello", 2)

	// Something waits: the usual "Pending:" line, not the new one.
	askNix("-y", "install htop").must(t, 0, "Wrote ")
	h := askNix("history")
	h.must(t, 0, "Pending: edit 2 (add 1 package: htop) is not built yet")
	if strings.Contains(h.stdout, "Nothing waits") {
		t.Fatalf("history with an edit to build:\n%s", h.stdout)
	}

	// Taken out again: nothing waits, though two edits are pending.
	askNix("-y", "remove htop").must(t, 0, "Wrote ")
	h = askNix("history")
	h.must(t, 0, "pending ", "Nothing waits: edits 2-3 were not built, and need no pass: together they left the fragment and the watched files as the last successful pass built them.\n")
	if strings.Contains(h.stdout, "Pending:") {
		t.Fatalf("history with nothing to build:\n%s", h.stdout)
	}
	askNix("status").must(t, 0, "last: success")
}
