package main

// Placeholder owned by: reconciler helper. Replace this file.

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/intent"
)

func newUpdateCommand(g *globals) *cobra.Command {
	return &cobra.Command{Use: "update", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("update: not implemented yet") }}
}

// runUpdateIntent carries out the intent when it arrives as free text.
func runUpdateIntent(ctx context.Context, g *globals, in intent.Intent) error {
	return errors.New("runUpdateIntent: not implemented yet")
}
