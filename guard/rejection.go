// Package guard holds the checks between a person's words and the
// fragment: dangerous patterns, sizes, name and option grammar, value
// types, and (where an index is present) that names and options exist.
// Every refusal carries a reason a person understands.
package guard

// Rejection is a refused request. Nothing has been written when one is
// returned. Code groups refusals for metrics
// (nix_humanity_guard_rejections_total{reason}).
type Rejection struct {
	Code   string // short, stable: "dangerous-pattern", "too-long", "control-character", "bad-package-name", ... (all in codes.go)
	Reason string // for people: "potentially dangerous pattern detected: &&"
}

func (r *Rejection) Error() string { return "refused: " + r.Reason }
