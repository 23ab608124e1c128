package reconciler

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/reconciler/build"
)

// The sentences below start a failed evaluation's error, before Nix's own
// words, for the failures ask-nix's edits lead to most: what happened in
// the user's terms and the ways out.

// The module system refuses two definitions of one option that do not
// merge (lib/modules.nix, mergeEqualOption and friends):
//
//	error: The option `time.timeZone' has conflicting definition values:
//	       - In `/etc/nixos/configuration.nix': "Europe/Berlin"
//	       - In `/etc/nixos/nix-humanity.nix': "UTC"
//	       Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.
//
// It is what happens when the fragment sets what the rest of the
// configuration already sets ("set timezone to UTC" where
// configuration.nix has its own). Quotes are ` and ' or ‘ and ’.
var (
	conflictHead = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile("The option [`‘]([^`'’\\s]+)['’] has conflicting definition values:")
	})
	conflictFile = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile("(?m)^\\s*- In [`‘]([^'’\\n]+)['’]")
	})
)

// conflictSentence is the line a failed evaluation's error starts with
// when the fragment and another file set one option to different values:
// which option, where else, and the ways out. "" when Nix said something
// else, or the fragment is not one of the two (then Nix's words say it
// all). No ';', as for unfreeSentence.
//
// undo is the way out through ask-nix undo ("take edit 7 (…) back with
// ask-nix undo"), "" when it is none: the fragment was changed by hand
// since ask-nix's last edit, the edit is not the cause (the error's last
// words then say why, and must not be contradicted), or undo has nothing
// to take back (see UndoOffer).
func (r *Reconciler) conflictSentence(err error, undo string) string {
	text := nixWords(err)
	head := conflictHead().FindStringSubmatchIndex(text)
	if head == nil {
		return ""
	}
	option := text[head[2]:head[3]]
	var others []string
	fragmentSaid := false
	for _, m := range conflictFile().FindAllStringSubmatch(text[head[1]:], -1) {
		if r.isFragment(m[1]) {
			fragmentSaid = true
		} else if !slices.Contains(others, m[1]) {
			others = append(others, m[1])
		}
	}
	if !fragmentSaid || len(others) == 0 || !shellSafe(option) {
		return ""
	}
	ways := fmt.Sprintf("ask-nix \"unset %s\" takes it out of the fragment (and the other value applies), or change %s by hand", option, strings.Join(others, " and "))
	if undo != "" {
		ways += ", or " + undo
	}
	return fmt.Sprintf("NixOS refuses the configuration: %s is set to different values in the managed fragment and in %s. Keep one: %s.\n",
		option, strings.Join(others, " and "), ways)
}

// isFragment reports whether file, as the module system names a
// definition's file, is the managed fragment: its path, or its copy in
// the store when a flake evaluates it (/nix/store/…-source/nix-humanity.nix).
func (r *Reconciler) isFragment(file string) bool {
	frag := r.Settings.Fragment
	if file == frag {
		return true
	}
	return strings.HasPrefix(file, "/nix/store/") && filepath.Base(file) == filepath.Base(frag)
}

// undefinedPackage is Nix's refusal of a name that is not in pkgs, at its
// place: "error: undefined variable 'htopp'" then "at <file>:<line>:<col>".
var undefinedPackage = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`undefined variable '([^'\s]+)'\s+at ([^\n]+?):\d+:\d+:`)
})

// unknownPackageSentence is the line a failed evaluation's error starts
// with when a package the fragment installs is not in nixpkgs (written by
// hand, or with no package index to check it): the name and the ways
// out. "" for any other undefined variable.
// undo is as for conflictSentence.
func (r *Reconciler) unknownPackageSentence(err error, undo string) string {
	m := undefinedPackage().FindStringSubmatch(nixWords(err))
	if m == nil || !r.isFragment(m[2]) {
		return ""
	}
	name := m[1]
	if !shellSafe(name) {
		return ""
	}
	text, rerr := txn.ReadFragment(r.Settings.Fragment)
	if rerr != nil {
		return ""
	}
	f, perr := fragment.Parse(r.Settings.Fragment, text)
	if perr != nil || !slices.ContainsFunc(f.Packages(), func(p fragment.Path) bool { return p.String() == name }) {
		return ""
	}
	if undo == "" {
		return fmt.Sprintf("nixpkgs has no package named %s, which the fragment installs. ask-nix \"remove %s\" takes it out, or ask-nix search %s finds the name nixpkgs uses.\n", name, name, name)
	}
	return fmt.Sprintf("nixpkgs has no package named %s, which the fragment installs. ask-nix \"remove %s\" takes it out, ask-nix search %s finds the name nixpkgs uses, or %s.\n", name, name, name, undo)
}

// shellSafe reports whether a name Nix printed can go into a command the
// sentence suggests, to be pasted into a shell as it is: letters, digits
// and . _ + - only. Anything else keeps Nix's own words alone.
func shellSafe(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '+' || c == '-') {
			return false
		}
	}
	return true
}

// missingHost reports whether Nix's error says the flake has no output
// at the target's attribute path ("flake '...' does not provide
// attribute '...nixosConfigurations.web1.config.system.build.toplevel...'"),
// and gives the host the path names (or the whole path, for a target
// given as one).
func missingHost(t build.Target, text string) (string, bool) {
	if !t.IsFlake() || !strings.Contains(text, "does not provide attribute") || !strings.Contains(text, "'"+t.FlakeAttr) {
		return "", false
	}
	if h, ok := strings.CutPrefix(t.FlakeAttr, "nixosConfigurations."); ok {
		if h, ok = strings.CutSuffix(h, ".config.system.build.toplevel"); ok && !strings.Contains(h, ".") {
			return h, true
		}
	}
	return t.FlakeAttr, true
}

// notInSource finds, in Nix's words, a file of the flake's copy in the
// store that is not there ("getting status of
// '/nix/store/…-source/hosts/web1.nix': No such file or directory",
// later Nix "path '/nix/store/…-source/hosts/web1.nix' does not exist"),
// and gives its path inside the flake.
var notInSource = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`'/nix/store/[0-9a-z]{32}-source/([^'\n]+)'(?::? No such file or directory| does not exist)`)
})

// untrackedSentence is the line a failed evaluation's error starts with
// when Nix missed a file of a flake in a git repository that is on disk
// all the same: Nix copies only the files git tracks, so a new file the
// configuration imports is not there until it is added ("" otherwise:
// a path: flake, which copies every file, a flake elsewhere, a file not
// on disk either). No ';', as for unfreeSentence.
func untrackedSentence(t build.Target, err error) string {
	lock := t.LockFile()
	if lock == "" || strings.HasPrefix(t.Flake, "path:") || strings.Contains(t.Flake, "?") {
		return ""
	}
	m := notInSource().FindStringSubmatch(nixWords(err))
	if m == nil || !filepath.IsLocal(m[1]) {
		return ""
	}
	dir := filepath.Dir(lock)
	// A folder new to git is missed as a whole (Nix looks at hosts
	// before hosts/web1.nix): git add takes its files.
	if !isFileOrDir(filepath.Join(dir, m[1])) {
		return ""
	}
	return fmt.Sprintf("%s is on disk, but not in the copy of the flake Nix evaluated: in a git repository a flake sees only the files git tracks. Add it (git -C %s add %s), then run ask-nix apply.\n", filepath.Join(dir, m[1]), dir, m[1])
}

func isFileOrDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && (fi.Mode().IsRegular() || fi.IsDir())
}
