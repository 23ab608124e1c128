package main

// Placeholder owned by: reconciler helper. Replace this file.

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/intent"
)

func newRollbackCommand(g *globals) *cobra.Command {
	return &cobra.Command{Use: "rollback", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("rollback: not implemented yet") }}
}

// runRollbackIntent carries out the intent when it arrives as free text.
func runRollbackIntent(ctx context.Context, g *globals, in intent.Intent) error {
	return errors.New("runRollbackIntent: not implemented yet")
}
