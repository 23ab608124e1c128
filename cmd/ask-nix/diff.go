package main

// Placeholder owned by: issue-2 helper. Replace this file.

import (
	"errors"

	"github.com/spf13/cobra"
)

func newDiffCommand(g *globals) *cobra.Command {
	return &cobra.Command{Use: "diff", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("diff: not implemented yet") }}
}
