package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// Unfree packages (Chrome, VS Code, Steam's client, ...) are built by
// NixOS only where nixpkgs.config.allowUnfree (or a predicate) says so.
// ask-nix never turns that on by itself: allowing them is the user's
// license decision. It says so before the plan instead, where the index
// knows a package is unfree and the fragment does not allow it; the
// user's own configuration.nix may allow it, which ask-nix cannot know
// without evaluating it, so this is a note, never a refusal.

// allowUnfreeRequest is the request that allows unfree packages.
const allowUnfreeRequest = "`ask-nix \"allow unfree packages\"`"

// unfreeLegend explains a search result marked (unfree).
const unfreeLegend = "(unfree): NixOS builds these only where unfree packages are allowed; " + allowUnfreeRequest + " allows them."

// unfreeNotes are the notes an edit gets about unfree packages: for an
// install, the packages the index marks unfree when unfree packages stay
// disallowed (by the fragment, and by the request's other parts: "install
// discord and allow unfree packages" needs no note); for disallowing, the
// unfree packages the fragment still installs; for all firmware, that
// NixOS wants unfree packages allowed for it. Without a package index, or
// a fragment that cannot be read (the edit itself then says why), there is
// nothing to say about packages.
func (c *lazyCatalog) unfreeNotes(in intent.Intent) []string {
	snap, err := c.fragment()
	if err != nil {
		return nil
	}
	f := snap.File()
	parts := in.Parts()
	allowed := allowsUnfree(f) || slices.ContainsFunc(parts, func(p intent.Intent) bool {
		return p.Kind == intent.SetOption && p.Option == parse.AllowUnfreeOption && p.Value == true
	})
	var notes, installs []string
	disallow := false
	for _, p := range parts {
		switch {
		case p.Kind == intent.SetOption && p.Option == allFirmwareOption && p.Value == true && !allowed:
			// NixOS asserts allowUnfree for it: said before the build fails.
			notes = append(notes, allFirmwareOption+" includes firmware that is not free: NixOS refuses it unless unfree packages are allowed, and the managed fragment does not allow them. To allow them: "+allowUnfreeRequest+" (or use \"enable redistributable firmware\", the free part)")
		case p.Kind == intent.SetOption && p.Option == parse.AllowUnfreeOption && (p.Change == intent.ChangeUnset || p.Value == false):
			disallow = true
		case p.Kind == intent.Install:
			installs = append(installs, p.Packages...)
		case (p.Kind == intent.EnableService || p.Kind == intent.SetOption && p.Value == true) && moduleProgram(p.Option) != "":
			// programs.steam.enable installs steam: its license counts too.
			installs = append(installs, moduleProgram(p.Option))
		}
	}
	ix := c.index()
	if !ix.HasPackages() {
		return notes
	}
	unfree := func(names []string) []string {
		var out []string
		for _, n := range names {
			if p, ok := ix.Lookup(n); ok && p.Unfree {
				out = append(out, n)
			}
		}
		return out
	}
	if disallow {
		var installed []string
		for _, p := range f.Packages() {
			installed = append(installed, p.String())
		}
		if names := unfree(installed); len(names) > 0 {
			notes = append(notes, fmt.Sprintf("the managed fragment still installs %s, which %s unfree: NixOS refuses to build %s unless your own configuration allows unfree packages; `ask-nix \"remove %s\"` takes %s out",
				plan.AndList(names), isAre(names), itThem(names), strings.Join(names, " "), itThem(names)))
		}
	}
	if names := unfree(installs); len(names) > 0 && !allowed {
		notes = append(notes, fmt.Sprintf("%s %s unfree (%s license is not free): NixOS builds %s only when unfree packages are allowed, and the managed fragment does not allow them. To allow them: %s (or set nixpkgs.config.allowUnfree = true; in your own configuration, if it does not already)",
			plan.AndList(names), isAre(names), itsTheir(names), itThem(names), allowUnfreeRequest))
	}
	return notes
}

// moduleProgram is the package a module's enable option is named for
// ("programs.steam.enable": steam), "" for other options.
func moduleProgram(option string) string {
	parts := strings.Split(option, ".")
	if len(parts) != 3 || parts[2] != "enable" {
		return ""
	}
	if slices.Contains(moduleNamespaces, parts[0]) {
		return parts[1]
	}
	return ""
}

// moduleNamespaces hold the modules whose <name>.enable installs the
// package of that name (programs.steam.enable: steam).
var moduleNamespaces = []string{"programs", "virtualisation", "services", "hardware"}

// allFirmwareOption includes unfree firmware: NixOS asserts allowUnfree.
const allFirmwareOption = "hardware.enableAllFirmware"

// allowsUnfree reports whether the fragment sets nixpkgs.config.allowUnfree
// to true, written flat or nested (nixpkgs.config = { allowUnfree = true; }).
func allowsUnfree(f *fragment.File) bool {
	return boolAt(f.Bindings, fragment.MustPath(parse.AllowUnfreeOption))
}

func boolAt(bs []fragment.Binding, path fragment.Path) bool {
	for _, b := range bs {
		switch {
		case b.Path.Equal(path):
			return b.Value.Kind == fragment.KindBool && b.Value.Bool
		case path.HasPrefix(b.Path) && b.Value.Kind == fragment.KindAttrs:
			if boolAt(b.Value.Attrs, path[len(b.Path):]) {
				return true
			}
		}
	}
	return false
}

func isAre(names []string) string    { return oneOrMany(names, "is", "are") }
func itThem(names []string) string   { return oneOrMany(names, "it", "them") }
func itsTheir(names []string) string { return oneOrMany(names, "its", "their") }

func oneOrMany(names []string, one, many string) string {
	if len(names) == 1 {
		return one
	}
	return many
}
