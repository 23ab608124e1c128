package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
)

func newUndoCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "undo [N]",
		Short: "Restore the fragment as it was before the last edit (or the last N)",
		Long: `undo restores the managed fragment as it was before the last edit ask-nix
made, shows the diff, and records the undo as an edit of its own. Run it again
to go further back, or give a count to undo the newest N edits at once
("ask-nix undo 3", "undo the last 3 changes"). It refuses, and writes nothing,
when the fragment has been changed since that edit (by hand or by another
tool), or between the edits counted, when there are fewer edits left to
undo, or when an edit is older than the history keeps
(NIX_HUMANITY_HISTORY_KEEP). The reconciler then builds and activates the
restored configuration; to go back to an earlier system generation without
editing the fragment, use rollback.`,
		Example: `  ask-nix undo
  ask-nix undo 3
  ask-nix undo --dry-run
  ask-nix "undo the last change"`,
		// Extra words are the rest of the request: `ask-nix undo 3`,
		// `ask-nix undo the last 2 changes`.
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return runUndo(cmd.Context(), g, "undo", 1)
			}
			text := "undo " + requestText(args)
			in, err := understand(cmd.Context(), g, text)
			if err == nil && in.Kind != intent.Undo {
				err = fmt.Errorf("ask-nix undo takes a count of edits (ask-nix undo 3) or the words of an undo (ask-nix undo the last 2 changes), not %q; nothing was written", requestText(args))
			}
			if err != nil {
				return err
			}
			return runUndo(cmd.Context(), g, text, in.Steps)
		},
	}
}

// runUndo undoes the newest steps edits (0 or 1: the last one).
func runUndo(ctx context.Context, g *globals, text string, steps int) error {
	st, err := g.store()
	if err != nil {
		return err
	}
	in := &intent.Intent{Kind: intent.Undo}
	if steps > 1 {
		in.Steps = steps
	}
	steps = max(steps, 1)
	return g.edit(ctx, in,
		func() (*txn.Result, error) { return st.PreviewUndoSteps(steps) },
		func() (*txn.Result, error) { return st.UndoSteps(ctx, text, steps) })
}
