package reconciler

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
)

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
func (r *Reconciler) conflictSentence(err error) string {
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
	if !fragmentSaid || len(others) == 0 {
		return ""
	}
	return fmt.Sprintf("NixOS refuses the configuration: %s is set to different values in the managed fragment and in %s. Keep one: ask-nix \"unset %s\" takes it out of the fragment (and the other value applies), or change %s by hand, or take the last edit back with ask-nix undo.\n",
		option, strings.Join(others, " and "), option, strings.Join(others, " and "))
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
