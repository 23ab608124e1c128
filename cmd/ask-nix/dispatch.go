package main

import (
	"context"

	"github.com/nix-humanity/nix-humanity/intent"
)

// intentRunner carries out one intent that came as free text.
type intentRunner func(ctx context.Context, g *globals, in intent.Intent) error

// readOnlyRunners maps the intents that do not edit the fragment to the
// command that carries them out, so "roll back" and `ask-nix rollback` do
// the same thing.
var readOnlyRunners = map[intent.Kind]intentRunner{
	intent.Apply:            runApplyIntent,
	intent.Status:           runStatusIntent,
	intent.Rollback:         runRollbackIntent,
	intent.SwitchGeneration: runRollbackIntent,
	intent.Update:           runUpdateIntent,
	intent.ListGenerations:  runGenerationsIntent,
	intent.GC:               runGCIntent,
	intent.Search:           runSearchIntent,
	intent.SystemInfo:       runInfoIntent,
}
