package main

// Placeholder owned by: index helper. Replace this file.

import (
	"errors"

	"github.com/spf13/cobra"
)

func newIndexCommand(g *globals) *cobra.Command {
	return &cobra.Command{Use: "index", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("index: not implemented yet") }}
}
