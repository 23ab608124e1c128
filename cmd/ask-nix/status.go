package main

// Placeholder owned by: reconciler helper. Replace this file.

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/intent"
)

func newStatusCommand(g *globals) *cobra.Command {
	return &cobra.Command{Use: "status", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("status: not implemented yet") }}
}

// runStatusIntent carries out the intent when it arrives as free text.
func runStatusIntent(ctx context.Context, g *globals, in intent.Intent) error {
	return errors.New("runStatusIntent: not implemented yet")
}
