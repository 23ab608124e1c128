package main

// Placeholder owned by: issue-2 helper. Replace this file.

import (
	"errors"

	"github.com/spf13/cobra"
)

func newUndoCommand(g *globals) *cobra.Command {
	return &cobra.Command{Use: "undo", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("undo: not implemented yet") }}
}
