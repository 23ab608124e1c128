package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// ask-nix history says what became of each edit, not "applied" for one
// only written: pending until a pass builds it, the generation a pass
// switched to with it, failed with why. Real Nix.
func TestHistorySaysWhatBecameOfEachEdit(t *testing.T) {
	playgroundEnv(t)
	row := func(out string, n int, status string) bool {
		return regexp.MustCompile(`(?m)^ {3}` + regexp.QuoteMeta(string(rune('0'+n))) + `  .*  ` + regexp.QuoteMeta(status) + ` +add 1 package`).MatchString(out)
	}
	askNix("-y", "install hello").must(t, 0, "Wrote ")
	r := askNix("history")
	r.must(t, 0)
	if !row(r.stdout, 1, "pending") {
		t.Fatalf("an edit no pass built is not shown pending:\n%s", r.stdout)
	}
	askNix("apply").must(t, 0)
	askNix("-y", "install nosuchpackage-z").must(t, 0, "Wrote ")
	r = askNix("history")
	r.must(t, 0)
	if !row(r.stdout, 1, "applied gen 2") || !row(r.stdout, 2, "pending") {
		t.Fatalf("history after a pass built edit 1:\n%s", r.stdout)
	}
	askNix("apply").must(t, 1)
	r = askNix("history")
	r.must(t, 0, "nosuchpackage-z")
	if !row(r.stdout, 1, "applied gen 2") || !row(r.stdout, 2, "failed") {
		t.Fatalf("history after a pass failed with edit 2:\n%s", r.stdout)
	}

	askNix("diff", "1").must(t, 0, "Edit 1 (applied gen 2): add 1 package: hello")
	askNix("diff", "2").must(t, 0, "Edit 2 (failed): add 1 package: nosuchpackage-z")
	r = askNix("history", "--json")
	r.must(t, 0)
	var es []struct {
		Edit       int    `json:"edit"`
		Status     string `json:"status"`
		Outcome    string `json:"outcome"`
		Generation int    `json:"generation"`
		Action     string `json:"action"`
		Pass       int64  `json:"pass"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &es); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if len(es) != 2 || es[0].Status != "applied" || es[0].Outcome != "applied" || es[0].Generation != 2 || es[0].Action != "switch" || es[0].Pass == 0 ||
		es[1].Status != "failed" || es[1].Outcome != "failed" || es[1].Pass <= es[0].Pass {
		t.Fatalf("history --json: %+v\n%s", es, r.stdout)
	}
}

// An edit marked failed because its pass failed for a cause outside it
// (here the system's own default.nix, broken by hand at the same time)
// is applied once that is fixed and ask-nix apply puts it in place:
// apply says so, and history shows it applied, with the failure on the
// line below. Real Nix.
func TestHistorySaysAppliedAfterAnEarlierFailure(t *testing.T) {
	pg := playgroundEnv(t)
	askNix("-y", "install hello").must(t, 0, "Wrote ")
	askNix("apply").must(t, 0)

	def := filepath.Join(pg.SystemDir, "default.nix")
	good, err := os.ReadFile(def)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(def, append(slices.Clip(good), ";; # a slip of the hand\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	askNix("-y", "install git").must(t, 0, "Wrote ")
	askNix("apply").must(t, 1)
	r := askNix("history")
	r.must(t, 0)
	if !regexp.MustCompile(`(?m)^ {3}2  .*  failed +add 1 package: git`).MatchString(r.stdout) {
		t.Fatalf("history after the failed pass:\n%s", r.stdout)
	}

	if err := os.WriteFile(def, good, 0o644); err != nil {
		t.Fatal(err)
	}
	r = askNix("apply")
	r.must(t, 0, "Generation 3 is live", "Edit 2, which an earlier pass marked failed, is in place now: ask-nix history shows it applied, with that failure.")
	r = askNix("history")
	r.must(t, 0)
	if !regexp.MustCompile(`(?m)^ {3}2  .*  applied gen 3 +add 1 package: git.*\n {6}built and activated by pass \d+, after an earlier failure \(pass \d+ \(built together with changes to .*default\.nix`).MatchString(r.stdout) {
		t.Fatalf("history after the fix:\n%s", r.stdout)
	}
	r = askNix("status")
	r.must(t, 0, "edit 2 in place after an earlier failure")
	r = askNix("history", "--json")
	r.must(t, 0)
	var es []struct {
		Edit         int    `json:"edit"`
		Status       string `json:"status"`
		Outcome      string `json:"outcome"`
		AfterFailure bool   `json:"afterFailure"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &es); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if len(es) != 2 || es[0].AfterFailure || es[1].Status != "applied" || es[1].Outcome != "applied" || !es[1].AfterFailure {
		t.Fatalf("history --json: %+v\n%s", es, r.stdout)
	}
}
