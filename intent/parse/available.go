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
	version := false // the version nixpkgs has, asked for
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
	case prefix(ts, latestVersionLead) > 0 && prefix(ts, latestVersionLead) < len(ts):
		// "what's the latest version of python": the version nixpkgs
		// has, which search shows.
		name, version = ts[prefix(ts, latestVersionLead):], true
		if k := suffix(name, availableTrail); k > 0 && k < len(name) {
			name = name[:len(name)-k]
		}
	case prefix(ts, versionOfLead) > 0 && prefix(ts, versionOfLead) < len(ts)-1 && suffix(ts, availableTrail) > 0:
		// "what version of firefox is available": nixpkgs', not the
		// one installed ("what version of firefox do i have").
		name, version = ts[prefix(ts, versionOfLead):len(ts)-suffix(ts, availableTrail)], true
		if len(name) > 1 && !name[len(name)-1].quoted && (name[len(name)-1].w == "is" || name[len(name)-1].w == "are") {
			name = name[:len(name)-1]
		}
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
	if !namesOnly(name) || version && (wholeSystemWords[name[0].w] || name[0].lem == "generation" || name[0].w == "kernel" || name[0].w == "release") {
		// "the latest version of nixos", "... generation": no package.
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
// reads; latestVersionLead and versionOfLead ask for the version
// nixpkgs has.
var availableLead, availableTrail, latestVersionLead, versionOfLead []phrase

func loadAvailable() {
	availableLead = phrases("does nixpkgs have", "does nixpkgs contain", "does nixpkgs include", "does nixpkgs package",
		"does nixos have a package for", "does nixos package", "where can i get", "where can i find", "where do i get",
		"where do i find", "where can i download")
	latestVersionLead = phrases("what is the latest version of", "what is the newest version of", "what is the current version of",
		"which is the latest version of", "latest version of", "newest version of", "the latest version of", "show the latest version of")
	versionOfLead = phrases("what version of", "which version of", "which versions of", "what versions of")
	availableTrail = phrases("available", "in nixpkgs", "available in nixpkgs", "available on nixos", "available for nixos",
		"available in nixos", "packaged", "packaged for nixos", "packaged in nixpkgs", "in the nixpkgs repository")
}
