package main

// Placeholder owned by: generations helper. Replace this file.

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/intent"
)

func newGenerationsCommand(g *globals) *cobra.Command {
	return &cobra.Command{Use: "generations", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("generations: not implemented yet") }}
}

// runGenerationsIntent carries out the intent when it arrives as free text.
func runGenerationsIntent(ctx context.Context, g *globals, in intent.Intent) error {
	return errors.New("runGenerationsIntent: not implemented yet")
}
