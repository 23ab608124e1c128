package parse

import (
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// Versioned is a package asked for with a version: "nodejs 20",
// "python 3.12", "go 1.22".
type Versioned struct {
	Name, Version string
}

// Candidates are the attribute names nixpkgs gives such a version, most
// usual first: nodejs_20, gcc13, go_1_22, perl538.
func (v Versioned) Candidates() []string {
	under := strings.ReplaceAll(v.Version, ".", "_")
	joined := strings.ReplaceAll(v.Version, ".", "")
	var out []string
	for _, c := range []string{v.Name + "_" + under, v.Name + joined, v.Name + "_" + joined, v.Name + under} {
		// Without dots, two of the forms are the same.
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// VersionedPackages is an install or remove (or a question whether one
// is installed: list-installed) that names versions. Which
// attribute holds a version is the package index's to say, so the parser
// answers not understood, and a caller with the index (cmd/ask-nix) may
// resolve every Versioned to its attribute and carry the request out.
type VersionedPackages struct {
	Kind      intent.Kind // install, remove or list-installed
	Packages  []string    // the names asked for without a version, sorted
	Versioned []Versioned
	*intent.NotUnderstood
}

// Unwrap lets errors.As find the not-understood answer.
func (e *VersionedPackages) Unwrap() error { return e.NotUnderstood }

func versionedPackages(text string, kind intent.Kind, plain []string, vs []Versioned) error {
	nu := &intent.NotUnderstood{Request: text,
		Hint: "nixpkgs spells versions into package names (nodejs_20, gcc13), and which it has is for the package index to say (`ask-nix index update` builds it)"}
	for _, v := range vs {
		if len(nu.Suggestions) < 3 {
			nu.Suggestions = append(nu.Suggestions, sug(intent.Search, "search "+v.Name))
		}
	}
	return &VersionedPackages{Kind: kind, Packages: plain, Versioned: vs, NotUnderstood: nu}
}

// isVersion: 20, 3.12, 1.22.4 (no leading dot, no empty part).
func isVersion(w string) bool {
	if w == "" || len(w) > 16 {
		return false
	}
	digits := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && digits > 0 && i+1 < len(w):
			digits = 0
		default:
			return false
		}
	}
	return digits > 0
}
