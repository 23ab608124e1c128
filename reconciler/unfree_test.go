package reconciler_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// An unfree package with unfree packages not allowed: the playground's
// stand-in nixpkgs refuses it the way nixpkgs does, in a real Nix
// evaluation; the pass fails with a sentence saying so and the two ways
// out, Nix's own words after it, in the pass, the status and the failed
// edit's history entry. After "allow unfree packages" the next pass
// builds it.
func TestUnfreePackageRefusedUntilAllowed(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	store := &txn.Store{Fragment: w.s.Fragment, StateDir: w.s.StateDir}
	request := func(text string) txn.Result {
		t.Helper()
		in, err := parse.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		res, err := store.Apply(context.Background(), text, in)
		if err != nil {
			t.Fatal(err)
		}
		return *res
	}
	edit := request("install google-chrome")
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	var pe *reconciler.PassError
	if !errors.As(err, &pe) || p.Result != state.ResultFailure || p.FragmentEdit != edit.Edit {
		t.Fatalf("pass %+v, err %v", p, err)
	}
	lines := strings.Split(p.Error, "\n")
	sentence := `NixOS refuses to build google-chrome-131.0: its license is unfree, and unfree packages are not allowed. Allow them with ask-nix "allow unfree packages", or take back the edit that installs it (ask-nix history shows which).`
	if lines[0] != sentence {
		t.Errorf("the error starts with\n%q\nwant\n%q", lines[0], sentence)
	}
	nixSaid := "  error: Package ‘google-chrome-131.0’ in " + filepath.Join(w.pg.SystemDir, "pkgs.nix") + ":"
	if len(lines) < 3 || !strings.HasPrefix(lines[1], "evaluating ") || !strings.Contains(lines[1], "nothing was built or activated; generation 1 stays current. Nix said:") ||
		!strings.HasPrefix(lines[2], nixSaid) || !strings.HasSuffix(lines[2], " has an unfree license (‘unfree’), refusing to evaluate.") {
		t.Errorf("after the sentence, Nix's own words as before:\n%s", p.Error)
	}
	if got := w.generations(); len(got) != 1 || w.running() != w.first {
		t.Fatalf("generations %v, running %s", got, w.running())
	}

	rep, err := reconciler.Status(w.s)
	if err != nil {
		t.Fatal(err)
	}
	if line := reconciler.OneLine(rep, time.Now()); !strings.Contains(line, "\n  "+sentence+"\n") || !strings.Contains(line, "has an unfree license") {
		t.Errorf("status:\n%s", line)
	}
	e, err := txn.HistoryIn(w.s.StateDir).Entry(edit.Edit)
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != txn.StatusFailed || !strings.Contains(e.Reason, sentence+" (error: Package ‘google-chrome-131.0’ in ") {
		t.Errorf("history entry %+v", e)
	}

	// The user's license decision, in their words.
	allow := request("allow unfree packages")
	if !allow.Changed || !strings.Contains(allow.Diff, "+  nixpkgs.config.allowUnfree = true;") {
		t.Fatalf("allow unfree packages: %+v", allow)
	}
	p, err = w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if err != nil || p.Result != state.ResultSuccess || p.Generation != 2 {
		t.Fatalf("pass after allowing: %+v %v", p, err)
	}
	if !hasFile(filepath.Join(w.current().Path, "sw", "bin", "google-chrome")) {
		t.Error("the new system has no sw/bin/google-chrome")
	}
	if e, _ := txn.HistoryIn(w.s.StateDir).Entry(allow.Edit); e.Status != txn.StatusApplied {
		t.Errorf("the allowing edit is %+v", e)
	}

	// Disallowing again takes the fragment's permission away: the same
	// refusal, from the same real evaluation.
	request("disallow unfree packages")
	p, err = w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
	if !errors.As(err, &pe) || p.Result != state.ResultFailure || !strings.HasPrefix(p.Error, sentence+"\n") {
		t.Fatalf("pass after disallowing: %+v %v", p, err)
	}
	if g := w.current(); g.Number != 2 {
		t.Errorf("current generation %d after the refused pass", g.Number)
	}
}

// Refusals that are not about licenses get no unfree sentence (an
// unknown package gets its own).
func TestOtherEvaluationErrorsHaveNoUnfreeSentence(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.askNixInstall("notinthestandin")
	p, _ := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if p.Result != state.ResultFailure || !strings.HasPrefix(p.Error, "nixpkgs has no package named notinthestandin, which the fragment installs.") || strings.Contains(p.Error, "NixOS refuses") {
		t.Errorf("pass %+v", p)
	}
}
