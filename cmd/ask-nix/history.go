package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/guard/txn"
)

func newHistoryCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "history [--json]",
		Short: "List the edits ask-nix made to the fragment",
		Long: `history lists every edit of the managed fragment, oldest first: its number,
time, user, status (applied; failed when the reconciler could not build or
activate it), what it changed, and the request that asked for it. ` + "`ask-nix diff N`" + `
shows what edit N changed.`,
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
	es, err := h.Entries()
	if err != nil {
		return err
	}
	if g.json {
		if es == nil {
			es = []txn.Entry{}
		}
		return g.printJSON(es)
	}
	if len(es) == 0 {
		fmt.Fprintf(g.stdout, "No edits yet (history in %s is empty).\n", h.Dir)
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
	return nil
}
