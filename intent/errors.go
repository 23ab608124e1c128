package intent

import (
	"fmt"
	"strings"
)

// NotUnderstood is returned for a request that matches no intent. It
// never guesses: the closest intents come back as suggestions, with an
// example phrasing each, and nothing is written.
type NotUnderstood struct {
	Request     string
	Suggestions []Suggestion
	// Hint says where to go instead, for requests ask-nix recognises but
	// does not carry out ("add user alice").
	Hint string
}

// Suggestion is an intent that came close, with a phrasing that works.
type Suggestion struct {
	Kind    Kind   `json:"intent"`
	Example string `json:"example"`
}

// Error says what was not understood, why where the hint says, that
// nothing was changed, and then the requests that came close, as a
// question of its own: "not understood: "staus"; nothing was changed.
// Did you mean "status"?".
func (e *NotUnderstood) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "not understood: %q", e.Request)
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	// What was left as it was, said once: most hints say it already.
	if l := strings.ToLower(e.Hint); !strings.Contains(l, "nothing was changed") && !strings.Contains(l, "nothing was written") {
		b.WriteString("; nothing was changed")
	}
	if len(e.Suggestions) == 0 {
		return b.String()
	}
	said := strings.TrimRight(b.String(), ". ")
	b.Reset()
	b.WriteString(said)
	b.WriteString(". Did you mean ")
	for i, s := range e.Suggestions {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", s.Example)
	}
	b.WriteString("?")
	return b.String()
}
