package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
)

// breakSystem makes the playground's system fail to evaluate: it puts an
// assertion that fails before the system's default.nix, a watched file
// ask-nix does not write. It returns that file's path and a function
// that puts the file back as it was.
func breakSystem(t *testing.T, pg playground.Layout) (sys string, putBack func()) {
	t.Helper()
	sys = filepath.Join(pg.SystemDir, "default.nix")
	src, err := os.ReadFile(sys)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sys, append([]byte("assert false; "), src...), 0o644); err != nil {
		t.Fatal(err)
	}
	return sys, func() {
		t.Helper()
		if err := os.WriteFile(sys, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// An ask-nix edit and a hand edit of a watched system file land before
// one pass, which fails: apply's error, history and status name the hand
// edited file beside the edit, and give both ways back.
func TestFailureWithAnEditAndAHandEditNamesBoth(t *testing.T) {
	pg := playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	askNix("-y", "install htop").must(t, 0, "Wrote ")
	sys, putBack := breakSystem(t, pg)
	r := askNix("apply")
	r.must(t, 1)
	if !strings.Contains(r.stderr, "this pass built edit 2 together with changes to "+sys+" since the last success; either may be the cause: ask-nix undo takes back edit 2 (add 1 package: htop), or put default.nix back as it was") {
		t.Fatalf("apply:\n%s", r.stderr)
	}
	askNix("history").must(t, 0, "failed", "(built together with changes to "+sys+" since the last success; either may be the cause)")
	askNix("status").must(t, 0, "from edit 2, with changes to "+sys+" since the last success")
	var rep struct {
		LastPass struct {
			FragmentEdit int      `json:"fragmentEdit"`
			ChangedFiles []string `json:"changedFiles"`
		} `json:"lastPass"`
	}
	st := askNix("status", "--json")
	st.must(t, 0)
	if err := json.Unmarshal([]byte(st.stdout), &rep); err != nil || rep.LastPass.FragmentEdit != 2 || !slices.Equal(rep.LastPass.ChangedFiles, []string{sys}) {
		t.Fatalf("status --json (%v):\n%s", err, st.stdout)
	}
	// The hand edit was the cause: put back, the edit builds and is
	// applied again.
	putBack()
	askNix("apply").must(t, 0, "Generation 3 is live")
	if h := askNix("history"); !regexp.MustCompile(`(?m)^ {3}2  .*  applied gen 3 +add 1 package: htop.*\n {6}built and activated by pass \d+, after an earlier failure \(`).MatchString(h.stdout) {
		t.Fatalf("history after the fix:\n%s", h.stdout)
	}
}

// A pass fails on a hand edit of a watched system file alone; an edit
// written on top of it says that its pass will fail the same way while
// the file is as it was, and says nothing once the file was touched.
func TestEditAfterAFailureElsewhereSaysItWillFailToo(t *testing.T) {
	pg := playgroundEnv(t)
	editAndApply(t, "install hello", 2)
	sys, putBack := breakSystem(t, pg)
	askNix("apply").must(t, 1)
	note := "note: the last pass (pass 3) failed on " + sys + ", which changed since the last success and not since that failure: the pass that builds this edit will fail the same way, and the system stay as it is, until it is fixed or put back as it was (ask-nix status shows Nix's error). The edit stays written either way.\n"
	r := askNix("-y", "install htop")
	r.must(t, 0, "(edit 2). No nix-humanityd is running")
	if !strings.HasSuffix(r.stderr, note) {
		t.Fatalf("stderr lacks the note %q:\n%s", note, r.stderr)
	}
	var out struct {
		Notes []string `json:"notes"`
	}
	j := askNix("-y", "--json", "install cowsay")
	j.must(t, 0)
	if err := json.Unmarshal([]byte(j.stdout), &out); err != nil || !slices.Contains(out.Notes, strings.TrimSuffix(strings.TrimPrefix(note, "note: "), "\n")) {
		t.Fatalf("--json notes (%v):\n%s", err, j.stdout)
	}
	// Put back: its pass may well succeed, and nothing is foretold.
	putBack()
	if r := askNix("-y", "remove cowsay"); r.code != 0 || strings.Contains(r.stderr, "will fail the same way") {
		t.Fatalf("after the file was put back (exit %d):\n%s", r.code, r.stderr)
	}
	askNix("apply").must(t, 0, "Generation 3 is live")
}
