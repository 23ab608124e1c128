package parse_test

import (
	"errors"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// Taking back an undo is no undo: as one, "undo the undo" took back yet
// another edit, the opposite of what was asked. It is not understood,
// marked as a redo for the history to answer.
func TestRedoIsNoUndo(t *testing.T) {
	for _, text := range []string{
		"redo", "redo the last change", "please redo", "undo the undo", "undo my last undo",
		"revert the undo", "cancel the undo", "reverse that undo", "take back the undo",
		"undo what I undid", "undo undo", "re-apply the last edit",
	} {
		in, err := parse.Parse(text)
		var redo *parse.Redo
		var nu *intent.NotUnderstood
		if !errors.As(err, &redo) || !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %+v, %v; want a redo, not understood", text, in, err)
		}
	}
	// Undo itself, and the way back from a rollback, are as they were.
	for text, want := range map[string]intent.Intent{
		"undo":                    {Kind: intent.Undo},
		"undo the last change":    {Kind: intent.Undo},
		"undo the last 2 changes": {Kind: intent.Undo, Steps: 2},
		"take back my last edit":  {Kind: intent.Undo},
		"undo the rollback":       {Kind: intent.SwitchGeneration, Latest: true},
	} {
		got, err := parse.Parse(text)
		if err != nil || got.Kind != want.Kind || got.Steps != want.Steps || got.Latest != want.Latest {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", text, got, err, want)
		}
	}
}
