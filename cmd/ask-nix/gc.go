package main

// Placeholder owned by: generations helper. Replace this file.

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/intent"
)

func newGCCommand(g *globals) *cobra.Command {
	return &cobra.Command{Use: "gc", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("gc: not implemented yet") }}
}

// runGCIntent carries out the intent when it arrives as free text.
func runGCIntent(ctx context.Context, g *globals, in intent.Intent) error {
	return errors.New("runGCIntent: not implemented yet")
}
