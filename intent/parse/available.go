package parse

import (
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// ruleAvailable: "is firefox available", "is htop in nixpkgs", "does
// nixpkgs have blender", "where can I get vlc": whether nixpkgs has a
// package, which search answers (with its versions), changing nothing.
// "make htop available" asks for it to be installed: "install htop" is
// offered, with the name said.
func ruleAvailable(text string, ts []token) (intent.Intent, bool, error) {
	if len(ts) < 2 || ts[0].quoted {
		return intent.Intent{}, false, nil
	}
	var name []token
	switch {
	case ts[0].w == "is" && len(ts) >= 3:
		k := suffix(ts[2:], availableTrail)
		if k == 0 {
			return intent.Intent{}, false, nil
		}
		name = ts[1 : len(ts)-k]
	case ts[0].w == "make" && len(ts) >= 3 && ts[len(ts)-1].w == "available" && !ts[len(ts)-1].quoted:
		name = ts[1 : len(ts)-1]
		if !namesOnly(name) {
			return intent.Intent{}, false, nil
		}
		said := joinRaw(name)
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Install, "install "+said)},
			Hint:        "to have " + said + " on the system for every user, say \"install " + said + "\"; to try it without installing, `nix-shell -p " + said + "`; nothing was changed"}
	default:
		n := prefix(ts, availableLead)
		if n == 0 || n == len(ts) {
			return intent.Intent{}, false, nil
		}
		name = ts[n:]
		if k := suffix(name, availableTrail); k > 0 && k < len(name) {
			name = name[:len(name)-k]
		}
	}
	for len(name) > 1 && !name[0].quoted && (name[0].w == "a" || name[0].w == "an" || name[0].w == "the") {
		name = name[1:]
	}
	if !namesOnly(name) {
		return intent.Intent{}, false, nil
	}
	return intent.Intent{Kind: intent.Search, Query: joinRaw(name)}, true, nil
}

// namesOnly: one or two words, each the shape of a package's name and
// none a word of the sentence.
func namesOnly(ts []token) bool {
	if len(ts) == 0 || len(ts) > 2 {
		return false
	}
	for _, t := range ts {
		if t.quoted || !isPackageLike(t.raw) || stopwords[t.lem] || notPackages[t.w] || strings.Contains(t.raw, "/") {
			return false
		}
	}
	return true
}

// availableLead and availableTrail frame the questions ruleAvailable
// reads.
var availableLead, availableTrail []phrase

func loadAvailable() {
	availableLead = phrases("does nixpkgs have", "does nixpkgs contain", "does nixpkgs include", "does nixpkgs package",
		"does nixos have a package for", "does nixos package", "where can i get", "where can i find", "where do i get",
		"where do i find", "where can i download")
	availableTrail = phrases("available", "in nixpkgs", "available in nixpkgs", "available on nixos", "available for nixos",
		"available in nixos", "packaged", "packaged for nixos", "packaged in nixpkgs", "in the nixpkgs repository")
}
