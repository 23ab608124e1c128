package main

// Placeholder owned by: reconciler helper. Replace this file.

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/intent"
)

func newApplyCommand(g *globals) *cobra.Command {
	return &cobra.Command{Use: "apply", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("apply: not implemented yet") }}
}

// runApplyIntent carries out the intent when it arrives as free text.
func runApplyIntent(ctx context.Context, g *globals, in intent.Intent) error {
	return errors.New("runApplyIntent: not implemented yet")
}
