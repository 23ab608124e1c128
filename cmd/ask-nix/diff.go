package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/internal/shellword"
	"github.com/nix-humanity/nix-humanity/internal/termtext"
	"github.com/nix-humanity/nix-humanity/reconciler"
)

func newDiffCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "diff [N]",
		Short: "Show the change an edit made (default: the last one)",
		Long: `diff shows, as a unified diff of the fragment, what edit N changed (by
default the newest), with its summary and what became of it in the system
(as ask-nix history says it: applied gen N, pending, failed, ...), and why
on the line below, as history has it (a failure, a write that did not
happen); --json gives the edit's number, summary, status, the diff as
text, its reason and the outcome's fields history --json has. The edit numbers are
ask-nix history's. An edit older than the history keeps
(NIX_HUMANITY_HISTORY_KEEP) is named as pruned. With no edit yet it
says so and exits 0, as history does. It reads only.`,
		Example: `  ask-nix diff
  ask-nix diff 3
  ask-nix diff --json 3`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n := 0
			if len(args) == 1 {
				v, err := numberArg(args[0], "an edit number", "see ask-nix history", 1)
				if err != nil {
					return usageError{err}
				}
				n = v
			}
			return runDiff(g, n)
		},
	}
}

// diffResult is the --json result of diff: Status is the history's
// ("applied": written to the fragment); the outcome's fields (added
// later) say what became of the edit in the system, as history's do.
type diffResult struct {
	Edit    int    `json:"edit"`
	Summary string `json:"summary"`
	Status  string `json:"status"`
	Diff    string `json:"diff"`
	// Reason (added later) is the history's own, as history --json
	// gives it: why a pass failed with the edit, or why it was never
	// written.
	Reason string `json:"reason,omitempty"`
	reconciler.EditOutcome
}

// runDiff shows edit n's change; n == 0 means the newest written edit.
func runDiff(g *globals, n int) error {
	st, err := g.Settings()
	if err != nil {
		return err
	}
	h := txn.HistoryIn(st.StateDir)
	var e txn.Entry
	newest := n == 0
	if n == 0 {
		es, err := h.Entries()
		if err != nil {
			return err
		}
		for i := len(es) - 1; i >= 0; i-- {
			if es[i].Wrote() {
				e, n = es[i], es[i].Edit
				break
			}
		}
		if n == 0 {
			// Nothing to show is no failure, as git diff and ask-nix
			// history say: exit 0.
			return noEditToDiff(g, h.Dir, len(es))
		}
	} else if e, err = h.Entry(n); err != nil {
		// An edit the history lacks: refused, as a generation the
		// profile lacks is (generations diff, rollback --to).
		return &guard.Rejection{Code: guard.CodeBadValue, Reason: err.Error() + " (ask-nix history lists them)"}
	}
	before, after, err := h.Content(e)
	if err != nil {
		return err
	}
	name := filepath.Base(e.Fragment)
	if e.Fragment == "" {
		name = filepath.Base(st.Fragment)
	}
	d := plan.Diff(name, before, after, !e.Created, true)
	// What became of it, as ask-nix history says it (the whole list:
	// an undo after it counts).
	var o reconciler.EditOutcome
	if es, _, err := h.Kept(); err == nil {
		if i := slices.IndexFunc(es, func(x txn.Entry) bool { return x.Edit == e.Edit }); i >= 0 {
			rep, repErr := reconciler.Status(st)
			o = editOutcomes(rep, repErr, es)[i]
		}
	}
	if g.json {
		return g.printJSON(diffResult{Edit: e.Edit, Summary: e.Summary, Status: e.Status, Diff: d, Reason: e.Reason, EditOutcome: o})
	}
	status := e.Status
	if o.Outcome != "" {
		status = o.Words()
	}
	fmt.Fprintf(g.stdout, "Edit %d (%s): %s\n", e.Edit, status, termtext.Line(e.Summary))
	// Why, on the line below, as ask-nix history says it: a diff of an
	// edit never written, or rolled back, reads as a change in place
	// without it.
	switch {
	case (e.Status == txn.StatusFailed || e.Status == txn.StatusNotWritten) && e.Reason != "":
		fmt.Fprintf(g.stdout, "  %s\n", termtext.Line(e.Reason))
	case o.Note != "":
		fmt.Fprintf(g.stdout, "  %s\n", termtext.Line(o.Note))
	}
	if e.Status == txn.StatusNotWritten {
		fmt.Fprintln(g.stdout, "  This change was never written to the fragment: the diff shows what it would have done.")
	}
	io.WriteString(g.stdout, d)
	if newest && (e.Fragment == "" || e.Fragment == st.Fragment) {
		// "What changed" answered with the last edit alone would hide
		// a hand edit made since.
		if cur, err := os.ReadFile(st.Fragment); err == nil && !bytes.Equal(cur, after) {
			fmt.Fprintf(g.stdout, "The fragment has changed since this edit, by hand or by another tool: `diff -u %s %s` shows how.\n", shellword.Quote(h.AfterPath(e.Edit)), shellword.Quote(st.Fragment))
		} else if errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(g.stdout, "The fragment %s has been deleted since this edit; `cp %s %s` puts it back as the edit left it.\n", st.Fragment, shellword.Quote(h.AfterPath(e.Edit)), shellword.Quote(st.Fragment))
		}
	}
	return nil
}

// noEditToDiff answers diff with no edit that wrote the fragment (an
// empty history, or edits that were all refused or cut short before
// writing): said, exit 0; --json gives edit 0 with an empty diff.
func noEditToDiff(g *globals, dir string, edits int) error {
	if g.json {
		return g.printJSON(diffResult{})
	}
	if edits == 0 {
		fmt.Fprintf(g.stdout, "No edits yet (history in %s is empty): nothing to show. ask-nix \"install firefox\" makes one.\n", dir)
		return nil
	}
	fmt.Fprintf(g.stdout, "No edit has written the fragment yet: nothing to show (ask-nix history lists the %d edit%s, none of which wrote it).\n", edits, plural(edits))
	return nil
}
