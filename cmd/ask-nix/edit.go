package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/reconciler"
)

// editResult is the --json result of every command that edits the
// fragment: a free-text request that writes, and undo.
type editResult struct {
	Intent   *intent.Intent `json:"intent,omitempty"`
	Fragment string         `json:"fragment"`
	// Changed is false when the request asked for what is already so.
	Changed bool `json:"changed"`
	// Written says the fragment was written (false for --dry-run, a
	// declined prompt, or no change).
	Written bool `json:"written"`
	DryRun  bool `json:"dryRun,omitempty"`
	// Edit is the history number of the write.
	Edit   int `json:"edit,omitempty"`
	Undoes int `json:"undoes,omitempty"`
	// UndoesAlso: the older edits an undo of several reverts.
	UndoesAlso []int  `json:"undoesAlso,omitempty"`
	Plan       string `json:"plan,omitempty"`
	// Summary is the change in a sentence, or why nothing changes.
	Summary   string   `json:"summary"`
	Diff      string   `json:"diff,omitempty"`
	Validated bool     `json:"validated"`
	Notes     []string `json:"notes,omitempty"`
}

// errDeclined is a "no" at the prompt: nothing written, exit 1.
var errDeclined = errors.New("not applied: you answered no; nothing was written")

func (g *globals) store() (*txn.Store, error) {
	s, err := g.Settings()
	if err != nil {
		return nil, err
	}
	return &txn.Store{
		Fragment: s.Fragment, StateDir: s.StateDir, Runner: g.runner, GitAdd: g.gitAdd, Keep: s.HistoryKeep,
		OnWait: func(holder string) {
			if holder == "" {
				holder = "another process"
			}
			fmt.Fprintf(g.stderr, "Waiting for the fragment lock (held by %s)...\n", holder)
		},
	}, nil
}

// edit is the write path every editing command shares: preview, show the
// plan and diff, ask on a terminal, write under the lock, report.
// preview and apply are the store calls for the edit at hand.
func (g *globals) edit(ctx context.Context, in *intent.Intent, preview func() (*txn.Result, error), apply func() (*txn.Result, error)) error {
	st, err := g.Settings()
	if err != nil {
		return err
	}
	out := editResult{Intent: in, Fragment: st.Fragment}
	if !g.dryRun {
		// Said before the plan and the question, not after the answer.
		s, err := g.store()
		if err != nil {
			return err
		}
		if err := s.CheckAccess(); err != nil {
			return err
		}
	}
	fill := func(r *txn.Result) {
		out.Changed, out.Summary, out.Diff, out.Undoes, out.UndoesAlso = r.Changed, r.Summary, r.Diff, r.Undoes, r.UndoesAlso
		if r.Changed {
			out.Plan = r.Headline
		}
	}
	// Read before the write, which ends it.
	hold := currentHold(st)
	// Without a question to ask, the plan shown is the one applied under
	// the lock: no separate preview.
	if !g.dryRun && !g.asks() {
		return g.applyAndReport(&out, nil, hold, apply)
	}
	p, err := preview()
	if err != nil {
		return err
	}
	if n := hold.note(st.StateDir, p.After); n != "" && p.Changed {
		p.Notes = append(p.Notes, n)
	}
	fill(p)
	if !p.Changed {
		if n := hold.unchangedNote(); n != "" {
			out.Notes = append(out.Notes, n)
		}
		if g.json {
			return g.printJSON(out)
		}
		fmt.Fprintf(g.stdout, "Nothing to do: %s%s.\n", p.Summary, removeHint(in))
		for _, n := range out.Notes {
			fmt.Fprintln(g.stdout, n)
		}
		return nil
	}
	switch {
	case !g.dryRun:
		// What the question is about, beside it: on stderr under
		// --json, or when stdout is piped.
		g.printPlan(g.promptOut(), p)
	case !g.json:
		g.printPlan(g.stdout, p)
	}
	if !g.json {
		// Said before the question, not only after the write (the
		// plan's own notes: a CRLF fragment rewritten with LF).
		for _, n := range p.Notes {
			fmt.Fprintf(g.stderr, "note: %s\n", n)
		}
	} else if g.dryRun {
		out.Notes = p.Notes
	}
	if g.dryRun {
		out.DryRun = true
		if g.json {
			return g.printJSON(out)
		}
		fmt.Fprintln(g.stdout, "Dry run: nothing was written.")
		return nil
	}
	ok, err := g.confirm(ctx, "Apply? [Y/n] ", true)
	if err != nil {
		return err
	}
	if !ok {
		return errDeclined
	}
	return g.applyAndReport(&out, p, hold, apply)
}

// applyAndReport writes and says what was written. shown is the plan the
// person saw (nil if none was shown); hold the rollback the write ends.
func (g *globals) applyAndReport(out *editResult, shown *txn.Result, hold rollbackHold, apply func() (*txn.Result, error)) error {
	st, err := g.Settings()
	if err != nil {
		return err
	}
	r, err := apply()
	if err != nil {
		return err
	}
	if n := hold.note(st.StateDir, r.After); n != "" && r.Changed {
		r.Notes = append(r.Notes, n)
	}
	out.Changed, out.Summary, out.Diff, out.Undoes, out.UndoesAlso = r.Changed, r.Summary, r.Diff, r.Undoes, r.UndoesAlso
	if r.Changed {
		out.Plan = r.Headline
	}
	out.Validated, out.Notes = r.Validated, r.Notes
	if !r.Changed {
		n := hold.unchangedNote()
		if n != "" {
			out.Notes = append(slices.Clone(out.Notes), n)
		}
		if g.json {
			return g.printJSON(out)
		}
		if shown != nil {
			// Another writer did the same between the plan and the lock.
			fmt.Fprintf(g.stdout, "Nothing to do after all (the fragment changed meanwhile): %s.\n", r.Summary)
		} else {
			fmt.Fprintf(g.stdout, "Nothing to do: %s%s.\n", r.Summary, removeHint(out.Intent))
		}
		if n != "" {
			fmt.Fprintln(g.stdout, n)
		}
		return nil
	}
	out.Written, out.Edit = true, r.Edit
	elsewhere := failingElsewhere(st.StateDir)
	if elsewhere != "" {
		out.Notes = append(slices.Clone(out.Notes), elsewhere)
	}
	if shown == nil {
		g.unasked() // written without a question: said when stdin held something
	}
	g.noteEdit()
	if g.json {
		return g.printJSON(out)
	}
	switch {
	case shown == nil:
		g.printPlan(g.stdout, r)
	case r.Diff != shown.Diff:
		fmt.Fprintln(g.stdout, "The fragment changed while the plan was shown; this is what was applied to it:")
		g.printPlan(g.stdout, r)
	}
	for _, n := range r.Notes {
		if shown != nil && slices.Contains(shown.Notes, n) {
			continue // said with the plan
		}
		fmt.Fprintf(g.stderr, "note: %s\n", n)
	}
	if out.Intent != nil && out.Intent.AppliesAfter() {
		// The caller says who builds it ("install htop and rebuild").
		fmt.Fprintf(g.stdout, "Wrote %s (edit %d).\n", st.Fragment, r.Edit)
		return nil
	}
	next := reconcilerNext(st.Action, st.Env, reconciler.Daemon(st.StateDir))
	if g.wait && reconciler.Daemon(st.StateDir) == reconciler.DaemonAbsent {
		// --wait runs the pass right after: not "nothing is built yet:
		// run ask-nix apply" before the pass that builds it.
		next = "No nix-humanityd is running, so ask-nix builds it now, as ask-nix apply does."
	}
	if w := daemonRecord(st.StateDir); w != nil && !w.Covers(st.Fragment) {
		next = fmt.Sprintf("But the nix-humanityd that runs (pid %d) watches %s, not this file, so it will not build it: point it at %s (its fragment setting) and restart it. To build it now, run ask-nix apply, though that daemon puts its own fragment's system back at its next pass (within 5 min).", w.PID, w.Fragment, st.Fragment)
	} else if reconciler.Daemon(st.StateDir) == reconciler.DaemonPresent {
		if why := reconciler.StateDirUnwritable(st.StateDir); why != "" {
			next = "But nix-humanityd cannot build it yet: " + why + " Once it does, nix-humanityd builds it at its next pass (within 5 min)."
		}
	}
	if c := g.applyCommand(); c != "ask-nix apply" {
		next = strings.Replace(next, "run ask-nix apply", "run "+c, 1)
	}
	fmt.Fprintf(g.stdout, "Wrote %s (edit %d). %s\n", st.Fragment, r.Edit, next)
	if elsewhere != "" {
		fmt.Fprintf(g.stderr, "note: %s\n", elsewhere)
	}
	return nil
}

func (g *globals) printPlan(w io.Writer, r *txn.Result) {
	g.warnSSH(r)
	g.warnRoot(r)
	fmt.Fprintf(w, "Plan: %s\n", r.Headline)
	io.WriteString(w, r.Diff)
	// What the request asked for that needs no change is said too: a
	// plan showing only what changes would pass over it in silence.
	if r.Plan != nil {
		for _, a := range r.Plan.Asides {
			fmt.Fprintf(w, "Not needed: %s%s.\n", a.Text, removeHint(&a.Intent))
		}
		for _, a := range r.Plan.Also {
			fmt.Fprintf(w, "Also: %s.\n", a)
		}
	}
}

// reconcilerNext says what happens after the write, for the configured
// activation and whether a daemon is there to do it: without one,
// nothing is built until someone runs a pass, and saying otherwise would
// promise what will not happen.
func reconcilerNext(action, env string, daemon reconciler.DaemonPresence) string {
	what := "build and switch to it"
	switch {
	case env == "staging":
		what = "build it and activate it for now (staging: gone at the next reboot)"
	case action == "boot":
		what = "build it and make it the default at the next boot"
	case action == "test":
		what = "build it and activate it until the next reboot"
	case action == "build":
		what = "build it (action build: it will not be activated)"
	}
	switch daemon {
	case reconciler.DaemonAbsent:
		return "No nix-humanityd is running, so nothing is built yet: run ask-nix apply to " + what + "."
	case reconciler.DaemonUnknown:
		return "nix-humanityd, when it runs, will " + what + "; ask-nix status shows whether it does."
	}
	return "The reconciler will " + what + "."
}
