package parse_test

import (
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
)

// TestQuestionsOfActionsDoNothing: a question in the words of a request
// that acts on the system ("are there updates") ran the update, or the
// rollback; it is answered with where to look, and the request offered.
func TestQuestionsOfActionsDoNothing(t *testing.T) {
	upd := []string{"update my system", "status"}
	checkReadings(t, []reading{
		{text: "are there updates", sugs: upd, hintHas: "a question changes nothing"},
		{text: "are there any updates?", sugs: upd, hintHas: "fetching"},
		{text: "any updates?", sugs: upd, hintHas: "--dry-run"},
		{text: "is there an update", sugs: upd, hintHas: "fetching"},
		{text: "is there a rollback", sugs: []string{"list generations", "roll back"}, hintHas: "`ask-nix generations`"},
		// Requests stay requests.
		{text: "update", want: kind(intent.Update)},
		{text: "do a rollback", want: kind(intent.Rollback)},
		{text: "is my system up to date?", want: kind(intent.Status)},
	})
}
