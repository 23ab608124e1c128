// Package parse turns a person's words into an intent.
//
// Placeholder owned by: intent/guard helper. Replace this file; keep the
// signature of Parse.
package parse

import (
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// Parse reads one request. A request it does not understand returns an
// *intent.NotUnderstood error; it never guesses an intent that writes.
// Parse does not check safety: guard.CheckRequest runs before it and
// guard.CheckIntent after it.
func Parse(text string) (intent.Intent, error) {
	words := strings.Fields(strings.ToLower(text))
	if len(words) >= 2 && words[0] == "install" {
		return intent.Intent{Kind: intent.Install, Packages: words[1:]}, nil
	}
	return intent.Intent{}, &intent.NotUnderstood{Request: text}
}
