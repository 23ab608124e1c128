package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
)

func newUndoCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "undo",
		Short: "Restore the fragment as it was before the last edit",
		Long: `undo restores the managed fragment as it was before the last edit ask-nix
made, shows the diff, and records the undo as an edit of its own. Run it again
to go further back. It refuses, and writes nothing, when the fragment has been
changed since that edit (by hand or by another tool), or when that edit is
older than the history keeps (NIX_HUMANITY_HISTORY_KEEP). The reconciler then
builds and activates the restored configuration; to go back to an earlier
system generation without editing the fragment, use rollback.`,
		Example: `  ask-nix undo
  ask-nix undo --dry-run
  ask-nix "undo the last change"`,
		// Extra words are kept as the request text: `ask-nix undo the last change`.
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			text := "undo"
			if len(args) > 0 {
				text = "undo " + requestText(args)
			}
			return runUndo(cmd.Context(), g, text)
		},
	}
}

func runUndo(ctx context.Context, g *globals, text string) error {
	st, err := g.store()
	if err != nil {
		return err
	}
	return g.edit(ctx, &intent.Intent{Kind: intent.Undo},
		func() (*txn.Result, error) { return st.PreviewUndo() },
		func() (*txn.Result, error) { return st.Undo(ctx, text) })
}
