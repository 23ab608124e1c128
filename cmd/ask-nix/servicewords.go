package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// serviceRemoved reads "get rid of bluetooth", "remove the firewall" as
// what the fragment says they are: each removed word that names a
// service (ask-nix's table), which the fragment does not list as a
// package but does enable, turns the service off; the other names stay
// a removal, with the services as And ("remove docker and htop"). notes
// are what to tell the user.
func (g *globals) serviceRemoved(cat *lazyCatalog, in intent.Intent) (out intent.Intent, notes []string) {
	if in.Kind != intent.Remove {
		return in, nil
	}
	if out, note, ok := g.settingRemoved(cat, in); ok {
		return out, []string{note}
	}
	var f *fragment.File
	var keep []string
	var off []intent.Intent
	for _, name := range in.Packages {
		prefix, isService := parse.ServicePrefix(name)
		if isService && !disableSaid(name) {
			// "remove wifi": what "disable wifi" would refuse (the
			// radio is no setting), removing does not do either.
			isService = false
		}
		if isService && f == nil {
			if f = cat.fileForMeaning(); f == nil {
				return in, nil
			}
		}
		if !isService || installed(f, name) || !enabled(f, prefix+".enable") {
			keep = append(keep, name)
			continue
		}
		option := prefix + ".enable"
		off = append(off, intent.Intent{Kind: intent.DisableService, Option: option, Service: name})
		notes = append(notes, fmt.Sprintf("%s is a service in the managed fragment, not a package there: turning it off (%s = false)", name, option))
	}
	if len(off) == 0 {
		return in, nil
	}
	if len(keep) == 0 {
		return intent.Join(off), notes
	}
	// "remove docker and htop": htop from the packages, docker off.
	in.Packages = keep
	in.And = off
	return in, notes
}

func installed(f *fragment.File, name string) bool {
	for _, p := range f.Packages() {
		if p.String() == name {
			return true
		}
	}
	return false
}

func enabled(f *fragment.File, option string) bool {
	path, err := fragment.ParsePath(option)
	if err != nil {
		return false
	}
	v, set := f.Get(path)
	return set && v.Equal(fragment.Bool(true))
}

// removedServiceWord: in removes exactly one name, which is a service
// word ("bluetooth" -> hardware.bluetooth).
func removedServiceWord(in intent.Intent) (word, prefix string, ok bool) {
	if in.Kind != intent.Remove || len(in.Packages) != 1 {
		return "", "", false
	}
	prefix, ok = parse.ServicePrefix(in.Packages[0])
	return in.Packages[0], prefix, ok
}

// removeHint is said after "nothing to remove" when the word names a
// service: what turns it off; when it names a kernel, where the
// running kernel is set.
func removeHint(in *intent.Intent) string {
	if in == nil {
		return ""
	}
	if in.Kind == intent.Remove && slices.ContainsFunc(in.Packages, func(p string) bool { _, ok := parse.KernelNamed(p); return ok }) {
		// "remove linux-rt": the kernel that runs is not a package.
		return "; " + parse.KernelRemoveHint
	}
	word, prefix, ok := removedServiceWord(*in)
	// programs.* (git, firefox) are packages with a module; the others
	// are services and switches people remove by saying so.
	if !ok || strings.HasPrefix(prefix, "programs.") || !disableSaid(word) {
		return ""
	}
	return fmt.Sprintf("; to turn %s off, say \"disable %s\"", word, word)
}

// disableSaid reports whether "disable <word>" is a request ask-nix
// carries out ("disable wifi" is not: the radio is no setting).
func disableSaid(word string) bool {
	_, err := parse.Parse("disable " + word)
	return err == nil
}

// settingRemoved reads "remove the time zone", "delete my hostname" as
// what the fragment says they are: when every removed word together
// names a setting (parse.SettingNamed) that the fragment sets, and no
// package of that name is installed there, the setting is unset, so
// NixOS's default applies again. The parser reads the words as
// packages; "Nothing to do: time, zone are not in the managed
// fragment" was said while the fragment set time.timeZone. A setting
// named in several words ("time zone", "keyboard layout") is read so
// when the fragment does not set it too, and installs no package of
// those words: the plan says the setting is not set, where it said
// "time, zone are not in the managed fragment". One word ("remove
// hostname") may be a package's name (nixpkgs has hostname), so it is
// read as the setting only when the fragment sets it.
func (g *globals) settingRemoved(cat *lazyCatalog, in intent.Intent) (intent.Intent, string, bool) {
	said := strings.Join(in.Packages, " ")
	option, ok := parse.SettingNamed(said)
	if !ok {
		return in, "", false
	}
	unset := intent.Intent{Kind: intent.SetOption, Option: option, Change: intent.ChangeUnset}
	whole := len(in.Packages) > 1
	notSet := fmt.Sprintf("%s is a setting (%s), not packages named %s", said, option, plan.AndList(in.Packages))
	snap, err := cat.meaning()
	if err != nil {
		return in, "", false
	}
	f := snap.File()
	if !snap.Exists() {
		if whole {
			return unset, notSet, true
		}
		return in, "", false
	}
	for _, p := range in.Packages {
		if installed(f, p) {
			return in, "", false
		}
	}
	path, err := fragment.ParsePath(option)
	if err != nil {
		return in, "", false
	}
	if _, set := f.Get(path); !set {
		if whole {
			return unset, notSet, true
		}
		return in, "", false
	}
	return unset, fmt.Sprintf("%s is a setting in the managed fragment (%s), not a package there: unsetting it, so NixOS's default applies again", said, option), true
}

// removedJoined reads "remove google chrome" as the fragment's
// google-chrome (and "remove libre office" as libreoffice): names said
// side by side whose joined form the fragment installs, when none of
// the words alone is installed there, with or without the package
// index. It takes out what "install google chrome" put in; a service
// said in words that the fragment turns on ("remove network manager")
// is joined too, for serviceRemoved to turn off.
func (g *globals) removedJoined(cat *lazyCatalog, text string, in intent.Intent) intent.Intent {
	if in.Kind != intent.Remove || len(in.Packages) < 2 {
		return in
	}
	lower := strings.ToLower(text)
	words := wordsInOrder(lower, in.Packages)
	if words == nil {
		return in
	}
	f := cat.fileForMeaning()
	if f == nil {
		return in
	}
	var out []string
	changed := false
	for i := 0; i < len(words); {
		joined, took := "", 0
		for n := min(3, len(words)-i); n >= 2 && joined == ""; n-- {
			run := words[i : i+n]
			if !adjacent(lower, run) || slices.ContainsFunc(run, func(w placedWord) bool { return installed(f, w.name) }) {
				continue
			}
			names := make([]string, n)
			for k, w := range run {
				names[k] = w.name
			}
			for _, sep := range []string{"-", ""} {
				if j := strings.Join(names, sep); installed(f, j) {
					joined, took = j, n
					break
				}
			}
			// "remove network manager": a service said in words that
			// the fragment turns on, which serviceRemoved turns off.
			if said := strings.Join(names, " "); joined == "" {
				if prefix, ok := parse.ServicePrefix(said); ok && enabled(f, prefix+".enable") {
					joined, took = said, n
				}
			}
		}
		if joined == "" {
			out = append(out, words[i].name)
			i++
			continue
		}
		out = append(out, joined)
		i += took
		changed = true
	}
	if !changed {
		return in
	}
	slices.Sort(out)
	in.Packages = slices.Compact(out)
	return in
}

// removedPrograms reads "remove rg" as ripgrep: a name to remove that
// the fragment lacks but that is the program of one top-level package
// the fragment installs, which "install rg" writes; "remove telegram"
// is telegram-desktop the same way. The fragment having
// that package is the second reading programNames asks of the index's
// suggestions.
func (g *globals) removedPrograms(cat *lazyCatalog, in intent.Intent) intent.Intent {
	if in.Kind != intent.Remove {
		return in
	}
	f := cat.fileForMeaning()
	if f == nil {
		return in
	}
	var pkgs []string
	changed := false
	for _, p := range in.Packages {
		if !installed(f, p) {
			if ix := cat.index(); ix.HasPackages() {
				if owner, ok := onlyProgramOwner(ix.Programs(p)); ok && installed(f, owner) {
					cat.notes = append(cat.notes, fmt.Sprintf("%s read as %s: the fragment installs %s, whose program %s is", p, owner, owner, p))
					p, changed = owner, true
				} else if other := catalog.OtherNames(p); len(other) == 1 && installed(f, other[0]) {
					cat.notes = append(cat.notes, fmt.Sprintf("%s read as %s: the fragment installs %s, nixpkgs' name for it", p, other[0], other[0]))
					p, changed = other[0], true
				}
			}
		}
		pkgs = append(pkgs, p)
	}
	if !changed {
		return in
	}
	return withPackages(in, pkgs)
}
