package parse

import (
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// installedQuestionWords are the other words of "is firefox installed",
// "do I have git", "which version of htop do I have".
var installedQuestionWords map[string]bool

// ruleInstalledQuestion: a question about one package: "is firefox
// installed", "do I have git", "which version of htop do I have". The
// answer is list-installed for that name: in the fragment, in the
// running system, or neither. A question mark or "installed", "have" or
// "version" must be said, and exactly one name.
func ruleInstalledQuestion(text string, ts []token) (intent.Intent, bool, error) {
	var name *token
	var second *token // "is google chrome installed": a name in words
	asks := false
	for i := range ts {
		t := ts[i]
		switch {
		case installedQuestionWords[t.w] && !t.quoted:
			asks = asks || t.w == "installed" || t.w == "have" || t.w == "got" || t.w == "version"
		case name != nil && second == nil && i > 0 && &ts[i-1] == name && !t.quoted && isPackageLike(t.raw) &&
			!(packageFillers[t.w] || notPackages[t.w] || categoryWords[t.w] || stopwords[t.lem] || inSomeBag(t)):
			second = &ts[i]
		case isPackageLike(t.raw) || t.quoted:
			if name != nil || !t.quoted && (packageFillers[t.w] || notPackages[t.w] || categoryWords[t.w] || stopwords[t.lem] || inSomeBag(t)) {
				// "what generations do I have", "which packages are
				// installed": questions of their own.
				return intent.Intent{}, false, nil
			}
			name = &ts[i]
		default:
			return intent.Intent{}, false, nil
		}
	}
	// Questions start with a question word: "install firefox" is no
	// question, nor "have git" alone.
	first := ts[0].w
	haveI := first == "have" && len(ts) > 1 && (ts[1].w == "i" || ts[1].w == "we")
	if name == nil || !asks || !(first == "is" || first == "are" || first == "do" || first == "does" ||
		haveI || first == "which" || first == "what" || first == "check") {
		return intent.Intent{}, false, nil
	}
	switch name.w {
	case "gpu", "gpus", "graphics", "cpu", "cpus", "processor", "ram", "memory", "disks", "drives", "ssd", "motherboard":
		if !name.quoted {
			// "what gpu do i have": the machine's, which machineQuestion
			// answers, never a package named gpu.
			return intent.Intent{}, false, nil
		}
	}
	if second != nil && !second.quoted && isVersion(strings.TrimPrefix(second.w, "v")) {
		// "is node 20 installed": the version's attribute is the
		// package index's to name, as for "install node 20".
		return intent.Intent{}, true, versionedPackages(text, intent.ListInstalled, nil,
			[]Versioned{{Name: packageName(*name), Version: strings.TrimPrefix(second.w, "v")}})
	}
	if second != nil {
		// Asked with the name nixpkgs writes, which is one name.
		joined := packageName(*name) + "-" + packageName(*second)
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ListInstalled, "is "+joined+" installed"), sug(intent.ListInstalled, "list installed")}}
	}
	if !name.quoted && featureWords[name.w] {
		// "do i have bluetooth", "is printing installed": no package
		// has the name (they asked about one); the service is shown,
		// as "is bluetooth enabled" shows it.
		if in, err := parse("is "+name.w+" enabled", false); err == nil && in.Kind == intent.ShowOption {
			return in, true, nil
		}
	}
	return intent.Intent{Kind: intent.ListInstalled, Packages: []string{packageName(*name)}}, true, nil
}

// inSomeBag reports whether t is a word of some intent's vocabulary
// ("generations", "packages", "system"): not a package name to ask about.
func inSomeBag(t token) bool {
	for _, b := range bags {
		if b.vocab[t.lem] || b.vocab[t.w] {
			return true
		}
	}
	return false
}

// loadInstalledQuestion builds this file's tables (see tablesOnce).
func loadInstalledQuestion() {
	installedQuestionWords = map[string]bool{
		"is": true, "are": true, "do": true, "does": true, "have": true, "has": true, "i": true,
		"we": true, "got": true, "installed": true, "which": true, "what": true, "version": true,
		"versions": true, "of": true, "check": true, "if": true, "whether": true, "already": true,
		"on": true, "this": true, "my": true, "the": true, "machine": true, "system": true,
		"computer": true, "it": true, "there": true, "present": true, "available": true,
		// "what have I installed recently": when is no name.
		"recently": true, "lately": true, "so": true, "far": true, "yet": true,
	}
}
