package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/reconciler"
)

func newDiffCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "diff [N]",
		Short: "Show the change an edit made (default: the last one)",
		Long: `diff shows, as a unified diff of the fragment, what edit N changed (by
default the newest), with its summary and what became of it, as ask-nix
history says it ("applied gen 12", "pending", "undone by 7", ...);
--json gives the edit's number, summary, status (the history's own:
"applied" once it wrote the fragment) and the diff as text. The edit numbers are
ask-nix history's. An edit older than the history keeps
(NIX_HUMANITY_HISTORY_KEEP) is named as pruned. It reads only.`,
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

// diffResult is the --json result of diff.
type diffResult struct {
	Edit    int    `json:"edit"`
	Summary string `json:"summary"`
	Status  string `json:"status"`
	Diff    string `json:"diff"`
}

// outcomeWords is what became of edit e in the system, as ask-nix
// history says it: its column, not the history's own status, which is
// "applied" for every edit that wrote the fragment, built or undone. The
// status when the passes cannot be read.
func outcomeWords(st *settings.Settings, h txn.History, e txn.Entry) string {
	rep, err := reconciler.Status(st)
	if err != nil {
		return e.Status
	}
	es, _, err := h.Kept()
	if err != nil {
		return e.Status
	}
	for i, o := range reconciler.EditOutcomes(&rep.State, es) {
		if es[i].Edit == e.Edit {
			if w := o.Words(); w != "" {
				return w
			}
		}
	}
	return e.Status
}

// runDiff shows edit n's change; n == 0 means the newest written edit.
func runDiff(g *globals, n int) error {
	st, err := g.Settings()
	if err != nil {
		return err
	}
	h := txn.HistoryIn(st.StateDir)
	var e txn.Entry
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
			return fmt.Errorf("no edits yet: the history in %s is empty (ask-nix \"install firefox\" makes one)", h.Dir)
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
	if g.json {
		return g.printJSON(diffResult{Edit: e.Edit, Summary: e.Summary, Status: e.Status, Diff: d})
	}
	fmt.Fprintf(g.stdout, "Edit %d (%s): %s\n", e.Edit, outcomeWords(st, h, e), e.Summary)
	io.WriteString(g.stdout, d)
	return nil
}
