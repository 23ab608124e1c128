package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// A state file deleted while no daemon runs is a fresh start: status
// and history say that what the passes before did is not known, rather
// than "no pass yet", counters at 0 and long-applied edits "pending";
// the next pass records anew. A playground whose state file is there
// says none of it.
func TestStateFileGoneIsAFreshStart(t *testing.T) {
	pg := playgroundEnv(t)
	askNix("-y", "install hello and rebuild").must(t, 0, "Generation 2 is live")
	askNix("-y", "install htop").must(t, 0)
	for _, args := range [][]string{{"status"}, {"history"}} {
		if r := askNix(args...); strings.Contains(r.stdout, "state file is gone") {
			t.Fatalf("%v with the state file there:\n%s", args, r.stdout)
		}
	}
	if err := os.Remove(state.Path(pg.StateDir)); err != nil {
		t.Fatal(err)
	}
	askNix("status").must(t, 0, "generation 2 (current, booted 1) · pending: edit 2 (add 1 package: htop) is not built yet; no nix-humanityd runs: ask-nix apply builds it · no pass recorded: the state file is gone (deleted?), so the passes before and their counts are not known; the next pass (nix-humanityd's, or ask-nix apply) starts a new one, its pass history and counters from 0\n")
	r := askNix("status", "--json")
	var st struct {
		Gone bool `json:"stateFileGone"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || !st.Gone {
		t.Fatalf("status --json: %v\n%s", err, r.stdout)
	}
	r = askNix("history")
	r.must(t, 0, "What became of these edits is not known: the reconciler's state file is gone (deleted?)")
	if strings.Contains(r.stdout, "pending   ") || strings.Count(r.stdout, " written ") != 2 {
		t.Fatalf("history after the state file went:\n%s", r.stdout)
	}
	r = askNix("history", "--json")
	if strings.Contains(r.stdout, `"outcome":"pending"`) || strings.Count(r.stdout, `"outcome":"written"`) != 2 {
		t.Fatalf("history --json after the state file went:\n%s", r.stdout)
	}

	// The next pass starts anew, and it is all known again.
	askNix("apply").must(t, 0, "Generation 3 is live")
	for _, args := range [][]string{{"status"}, {"history"}} {
		if r := askNix(args...); strings.Contains(r.stdout, "state file is gone") {
			t.Fatalf("%v after the next pass:\n%s", args, r.stdout)
		}
	}
	askNix("history").must(t, 0, "applied gen 3")
}
