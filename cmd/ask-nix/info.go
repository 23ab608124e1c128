package main

// Placeholder owned by: index helper. Replace this file.

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/intent"
)

func newInfoCommand(g *globals) *cobra.Command {
	return &cobra.Command{Use: "info", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("info: not implemented yet") }}
}

// runInfoIntent carries out the intent when it arrives as free text.
func runInfoIntent(ctx context.Context, g *globals, in intent.Intent) error {
	return errors.New("runInfoIntent: not implemented yet")
}
