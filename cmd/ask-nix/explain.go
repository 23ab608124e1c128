package main

// Placeholder owned by: issue-2 helper. Replace this file.

import (
	"errors"

	"github.com/spf13/cobra"
)

func newExplainCommand(g *globals) *cobra.Command {
	return &cobra.Command{Use: "explain", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("explain: not implemented yet") }}
}
