package intent

import "testing"

// TestNotUnderstoodError: what was not understood, why, that nothing was
// changed, then the requests that came close as a question of its own,
// never a question mark run into a semicolon ("?; nothing").
func TestNotUnderstoodError(t *testing.T) {
	status := []Suggestion{{Kind: Status, Example: "status"}}
	two := []Suggestion{{Kind: Install, Example: "install steam"}, {Kind: EnableService, Example: "enable steam"}}
	for _, c := range []struct {
		nu   NotUnderstood
		want string
	}{
		{NotUnderstood{Request: "frob"}, `not understood: "frob"; nothing was changed`},
		{NotUnderstood{Request: "staus", Suggestions: status}, `not understood: "staus"; nothing was changed. Did you mean "status"?`},
		{NotUnderstood{Request: "install steam and enable it", Suggestions: two},
			`not understood: "install steam and enable it"; nothing was changed. Did you mean "install steam", "enable steam"?`},
		// A hint that says what was left as it was is not said twice.
		{NotUnderstood{Request: "reboot", Suggestions: status, Hint: "ask-nix does not reboot the machine"},
			`not understood: "reboot"; ask-nix does not reboot the machine; nothing was changed. Did you mean "status"?`},
		{NotUnderstood{Request: "x", Suggestions: status, Hint: "use y; nothing was written"},
			`not understood: "x"; use y; nothing was written. Did you mean "status"?`},
		{NotUnderstood{Request: "x", Suggestions: status, Hint: "Use y. Nothing was changed."},
			`not understood: "x"; Use y. Nothing was changed. Did you mean "status"?`},
		{NotUnderstood{Request: "x", Hint: "use y. Nothing was changed"}, `not understood: "x"; use y. Nothing was changed`},
	} {
		if got := c.nu.Error(); got != c.want {
			t.Errorf("Error() = %s\n want %s", got, c.want)
		}
	}
}
