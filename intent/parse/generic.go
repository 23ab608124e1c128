package parse

import (
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// genericNouns say what kind of packages, never which ("install
// packages", "install build tools", "install wifi drivers", "remove my
// programs"): none is a nixpkgs name (TestGlueWordsAreNoPackages), so read
// as one they planned a package that does not exist. Some end a name
// the package index joins ("alsa utils" is alsa-utils, "linux firmware"
// linux-firmware), which GenericWords leaves to it.
var genericNouns map[string]bool

// whichOfKind say which of a kind ("remove unused fonts", "old
// programs"), never a name beside it: "unused" is a nixpkgs name, but
// not the one meant.
var whichOfKind map[string]bool

// IsGenericNoun reports whether w says a kind of package ("tools",
// "drivers") rather than naming one.
func IsGenericNoun(w string) bool {
	loadTables()
	return genericNouns[w]
}

// GenericWords is a package list with a word of genericNouns in it:
// not understood, unless the package index joins the word into a name
// it has ("install alsa utils"). Intent is the list as read.
type GenericWords struct {
	*intent.NotUnderstood
	Intent intent.Intent
}

// Unwrap lets errors.As find the not-understood answer.
func (e *GenericWords) Unwrap() error { return e.NotUnderstood }

// genericSaid returns the answer to a package list out (sorted) in
// which a word of genericNouns was said unquoted; nil when none was.
func genericSaid(text string, kind intent.Kind, ts []token, out []string) *GenericWords {
	var generic, words []string
	for _, t := range ts {
		switch {
		case t.quoted:
			words = append(words, t.raw)
		case genericNouns[t.w]:
			generic = append(generic, t.w)
			words = append(words, t.raw)
		case packageFillers[t.w] || stopwords[t.lem] || notPackages[t.w] || whichOfKind[t.w]:
		default:
			words = append(words, t.raw)
		}
	}
	if len(generic) == 0 || !slices.ContainsFunc(out, func(p string) bool { return genericNouns[p] }) {
		return nil
	}
	named := len(words) > len(generic)
	quoted := "\"" + strings.Join(generic, "\", \"") + "\""
	nu := &intent.NotUnderstood{Request: text}
	switch {
	case kind == intent.Remove:
		ex := "remove htop"
		if named {
			ex = "remove " + strings.Join(slices.DeleteFunc(slices.Clone(words), func(w string) bool { return genericNouns[strings.ToLower(w)] }), " ")
		}
		nu.Suggestions = []intent.Suggestion{sug(intent.ListInstalled, "list installed"), sug(intent.Remove, ex)}
		nu.Hint = quoted + " names no package: ask-nix removes packages by their names, and \"list installed\" shows the ones it installed"
	case named:
		// "install firefox and dev tools": firefox is a name; "dev
		// tools" is what search is for.
		var plain []string
		var group []string
		kinded := false
		flush := func() {
			if kinded {
				nu.Suggestions = append(nu.Suggestions, sug(intent.Search, "search "+strings.Join(group, " ")))
			} else {
				plain = append(plain, group...)
			}
			group, kinded = nil, false
		}
		for _, t := range ts {
			switch {
			case !t.quoted && (t.w == "and" || t.w == "&" || t.w == "plus"):
				flush()
			case !t.quoted && genericNouns[t.w]:
				kinded = true
				group = append(group, t.raw)
			case t.quoted || !(packageFillers[t.w] || stopwords[t.lem] || notPackages[t.w] || whichOfKind[t.w]):
				group = append(group, t.raw)
			}
		}
		flush()
		if len(plain) > 0 {
			nu.Suggestions = append([]intent.Suggestion{sug(kind, string(kind)+" "+strings.Join(plain, " "))}, nu.Suggestions...)
		}
		nu.Hint = quoted + " names no package: nixpkgs names each package itself (net-tools, alsa-utils), which search finds by what it is; with the package index (`ask-nix index update`), words said next to each other are read as the one name it has"
	default:
		nu.Suggestions = []intent.Suggestion{sug(intent.Install, "install firefox and htop"), sug(intent.Search, "search editor")}
		nu.Hint = quoted + " says what kind of thing, not which: ask-nix installs packages by their names, and search finds them by what they are"
	}
	return &GenericWords{NotUnderstood: nu, Intent: intent.Intent{Kind: kind, Packages: out}}
}

// loadGenericTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadGenericTables() {
	genericNouns = map[string]bool{"packages": true, "apps": true, "applications": true, "programs": true,
		"tools": true, "utilities": true, "utils": true, "drivers": true, "codecs": true, "plugins": true,
		"extensions": true, "libraries": true, "headers": true, "modules": true, "firmware": true,
		// "install nerd fonts", "emoji fonts": a kind of font; the index
		// joins the ones it has ("noto fonts" is noto-fonts).
		"fonts": true, "font": true}
	whichOfKind = map[string]bool{"unused": true, "unneeded": true, "unnecessary": true, "old": true,
		"useless": true, "extra": true, "leftover": true}
}
