package guard

// Placeholder owned by: intent/guard helper. Replace this file; keep the
// signatures of CheckRequest, CheckIntent and the Catalog seam.

import (
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// Catalog is the seam to what exists: the package index and the NixOS
// option index (the search issue builds them). A nil Catalog means names
// are unchecked, and ask-nix says so.
type Catalog interface {
	// Package reports whether the attribute path exists, and if not, up
	// to 3 close names.
	Package(attr string) (found bool, suggestions []string)
	// Option returns the declared type of a NixOS option ("boolean",
	// "null or string", "list of 16 bit unsigned integer; ..."), and
	// whether the option exists.
	Option(path string) (typ string, found bool)
}

// CheckRequest checks raw request text before it is parsed: dangerous
// patterns, control and invisible characters, size.
func CheckRequest(text string) error {
	if strings.Contains(text, "&&") {
		return &Rejection{Code: "dangerous-pattern", Reason: "potentially dangerous pattern detected: &&"}
	}
	return nil
}

// CheckIntent checks a parsed intent: name and option-path grammar, value
// types, and (with a Catalog) that packages and options exist.
func CheckIntent(in intent.Intent, cat Catalog) error {
	return nil
}
