package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// A rollback on request holds its generation until the fragment changes;
// ask-nix update builds the fragment's configuration all the same (as
// apply --force does), so it says that it ends the hold: in its dry run
// (and --json's endsRollback), and before its pass. Real Nix, a flake.
func TestUpdateSaysItEndsARollback(t *testing.T) {
	flakePlaygroundWithHello(t)
	// No hold: nothing said.
	if r := askNix("update", "--dry-run"); r.code != 0 || strings.Contains(r.stdout, "rollback") {
		t.Fatalf("dry run without a hold (exit %d):\n%s", r.code, r.stdout)
	}
	editAndApply(t, "install htop", 2)
	askNix("-y", "rollback").must(t, 0, "Switched from generation 2 to generation 1")

	const would = "Generation 1 runs because of a rollback on request; an update would end it: its pass builds the fragment's configuration with the inputs as they are then, so the fragment's changes since edit 1, which generation 1 was built from, would come back (ask-nix rollback goes back again afterwards).\n"
	askNix("update", "--dry-run").must(t, 0, would)
	var dry struct {
		EndsRollback int `json:"endsRollback"`
	}
	j := askNix("update", "--dry-run", "--json")
	j.must(t, 0)
	if err := json.Unmarshal([]byte(j.stdout), &dry); err != nil || dry.EndsRollback != 1 {
		t.Fatalf("update --dry-run --json (%v):\n%s", err, j.stdout)
	}

	r := askNix("update")
	r.must(t, 0, "Generation 2 is live", "+ htop")
	const ends = "note: generation 1 runs because of a rollback on request; an update ends it: its pass builds the fragment's configuration with the inputs as they are then, so the fragment's changes since edit 1, which generation 1 was built from, come back (ask-nix rollback goes back again afterwards).\n"
	if !strings.HasPrefix(r.stderr, ends) {
		t.Fatalf("update's stderr lacks %q first:\n%s", ends, r.stderr)
	}
	// The hold is over: nothing more to say.
	if r := askNix("update", "--dry-run"); strings.Contains(r.stdout, "rollback") {
		t.Fatalf("dry run after the hold ended:\n%s", r.stdout)
	}
}
