package main

// Placeholder owned by: operations helper. Replace this file.

import (
	"errors"

	"github.com/spf13/cobra"
)

func newConfigCommand(g *globals) *cobra.Command {
	return &cobra.Command{Use: "config", Hidden: true, RunE: func(*cobra.Command, []string) error { return errors.New("config: not implemented yet") }}
}
