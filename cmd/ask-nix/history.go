package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/reconciler"
)

func newHistoryCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "history [--json]",
		Short: "List the edits ask-nix made to the fragment",
		Long: `history lists the edits of the managed fragment, oldest first: its number,
time, user, status (applied: written to the fragment; failed when the
reconciler could not build or activate it), what it changed, and the
request that asked for it; then the edits the system does not have yet. ` + "`ask-nix diff N`" + `
shows what edit N changed.

The history keeps the newest NIX_HUMANITY_HISTORY_KEEP edits (default 500;
0 keeps all); older ones are pruned as new edits are made, and a first
line says how many. Numbers are never reused. --json lists the kept edits.`,
		Example: `  ask-nix history
  ask-nix history --json`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{readOnlyAnnotation: "yes"},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runHistory(g)
		},
	}
}

func runHistory(g *globals) error {
	st, err := g.Settings()
	if err != nil {
		return err
	}
	h := txn.HistoryIn(st.StateDir)
	es, pruned, err := h.Kept()
	if err != nil {
		return err
	}
	if g.json {
		if es == nil {
			es = []txn.Entry{}
		}
		return g.printJSON(es)
	}
	if pruned > 0 {
		fmt.Fprintln(g.stdout, prunedLine(pruned, st.HistoryKeep))
	}
	if len(es) == 0 {
		if pruned == 0 {
			fmt.Fprintf(g.stdout, "No edits yet (history in %s is empty).\n", h.Dir)
		}
		return nil
	}
	for _, e := range es {
		fmt.Fprintf(g.stdout, "%4d  %s  %-10s %-11s %s", e.Edit, e.Time.Local().Format(time.DateTime), e.User, e.Status, e.Summary)
		if e.Request != "" {
			fmt.Fprintf(g.stdout, "  (%q)", e.Request)
		}
		fmt.Fprintln(g.stdout)
		if e.Status == txn.StatusFailed && e.Reason != "" {
			fmt.Fprintf(g.stdout, "      %s\n", e.Reason)
		}
	}
	// "applied" means written to the fragment: say which edits the
	// system does not have yet, so the list does not read as built.
	if rep, err := reconciler.Status(st); err == nil {
		if p := reconciler.Pending(rep); p != "" {
			fmt.Fprintf(g.stdout, "Pending: %s.\n", g.rootHints(p))
		}
	}
	return nil
}

// prunedLine says how many older edits the history no longer keeps.
func prunedLine(pruned, keep int) string {
	edits := "edits were"
	if pruned == 1 {
		edits = "edit was"
	}
	why := fmt.Sprintf("the history keeps the newest %d: NIX_HUMANITY_HISTORY_KEEP", keep)
	if keep == 0 {
		why = "while NIX_HUMANITY_HISTORY_KEEP was lower; it now keeps all"
	}
	return fmt.Sprintf("%d older %s pruned (%s).", pruned, edits, why)
}
