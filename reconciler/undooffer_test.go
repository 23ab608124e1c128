package reconciler_test

import (
	"context"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// A failure of what an undo put back: ask-nix undo would not reverse
// that undo but take back an older edit as well, so it is not offered
// as the way back; the advice says what it would do instead. Real Nix
// (an unknown package in an evaluation, a failing health check after
// an activation).
func TestAdviceAfterAnUndo(t *testing.T) {
	w := newWorld(t, playground.Options{HealthCheck: true}, nil)
	store := &txn.Store{Fragment: w.s.Fragment, StateDir: w.s.StateDir}
	apply := func(text string, in intent.Intent) {
		t.Helper()
		if _, err := store.Apply(context.Background(), text, in); err != nil {
			t.Fatal(err)
		}
	}
	undo := func() {
		t.Helper()
		if _, err := store.Undo(context.Background(), "undo"); err != nil {
			t.Fatal(err)
		}
	}
	// Edits 1 and 2 together build; the undo of 2 puts back edit 1's
	// unknown package.
	apply("install notinthestandin", intent.Intent{Kind: intent.Install, Packages: []string{"notinthestandin"}})
	apply("remove notinthestandin", intent.Intent{Kind: intent.Remove, Packages: []string{"notinthestandin"}})
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatalf("pass %+v %v", p, err)
	}
	undo() // edit 3
	p, err := w.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil || p.Result != state.ResultFailure {
		t.Fatalf("pass %+v %v", p, err)
	}
	why := "the last edit, 3, undid edit 2; ask-nix undo does not bring it back, it would take back edit 1 (add 1 package: notinthestandin) as well; to bring edit 2 back, ask for its change again (`ask-nix history` shows it)"
	if !strings.HasPrefix(p.Error, "nixpkgs has no package named notinthestandin, which the fragment installs. ask-nix \"remove notinthestandin\" takes it out, or ask-nix search notinthestandin finds the name nixpkgs uses.\n") ||
		!strings.Contains(p.Error, "\nFix the configuration ("+why+"); then run ask-nix apply again") || strings.Contains(p.Error, "with ask-nix undo") {
		t.Fatalf("after an undo, an evaluation failure:\n%s", p.Error)
	}

	// An activation: a failing health check that an undo put back.
	w.writeFragment(string(fragment.New().Render()))
	apply("break the check", intent.Intent{Kind: intent.SetOption, Option: "standin.failHealthCheck", Value: true}) // edit 4
	apply("fix the check", intent.Intent{Kind: intent.SetOption, Option: "standin.failHealthCheck", Value: false})  // edit 5
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatalf("pass %+v %v", p, err)
	}
	undo() // edit 6
	p, err = w.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil || p.Result != state.ResultRolledBack {
		t.Fatalf("pass %+v %v", p, err)
	}
	why = "the last edit, 6, undid edit 5; ask-nix undo does not bring it back, it would take back edit 4 (set standin.failHealthCheck to true) as well; to bring edit 5 back, ask for its change again (`ask-nix history` shows it)"
	if !strings.Contains(p.Error, "Fix the fragment ("+why+"); then run ask-nix apply again") || strings.Contains(p.Error, "with ask-nix undo") {
		t.Fatalf("after an undo, a rollback:\n%s", p.Error)
	}
}

// An unfree package written into the fragment by hand after ask-nix's
// edits: undo cannot take it back (the file changed since), so the
// first sentence does not send the person to take an edit back, but to
// take the package out.
func TestUnfreeSentenceAfterAHandEdit(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.askNixInstall("hello")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatal(err)
	}
	w.install("google-chrome") // by hand
	p, _ := w.r.Pass(ctx, reconciler.PassOptions{})
	want := "NixOS refuses to build google-chrome-131.0: its license is unfree, and unfree packages are not allowed. Allow them with ask-nix \"allow unfree packages\", or take it out of the fragment with ask-nix \"remove google-chrome\".\n"
	if p.Result != state.ResultFailure || !strings.HasPrefix(p.Error, want) || !strings.Contains(p.Error, "ask-nix undo cannot take that back") {
		t.Fatalf("hand edit: %s\n%s", p.Result, p.Error)
	}
}
