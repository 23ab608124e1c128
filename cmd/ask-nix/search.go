package main

// Placeholder owned by: index helper. Replace this file.

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/intent"
)

func newSearchCommand(g *globals) *cobra.Command {
	return &cobra.Command{Use: "search", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("search: not implemented yet") }}
}

// runSearchIntent carries out the intent when it arrives as free text.
func runSearchIntent(ctx context.Context, g *globals, in intent.Intent) error {
	return errors.New("runSearchIntent: not implemented yet")
}
