package main

import (
	"fmt"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// sudoCut reports whether an edit from before to after turns sudo off
// with no doas beside it. Where root has no password, that leaves no way
// to become root after the switch: only a boot into an older generation
// gets it back.
func sudoCut(before, after *fragment.File) bool {
	if before == nil || after == nil {
		return false
	}
	off := func(f *fragment.File) bool {
		v, ok := f.Get(fragment.MustPath("security.sudo.enable"))
		return ok && v.Kind == fragment.KindBool && !v.Bool
	}
	doas := func(f *fragment.File) bool {
		v, ok := f.Get(fragment.MustPath("security.doas.enable"))
		return ok && v.Kind == fragment.KindBool && v.Bool
	}
	return !off(before) && off(after) && !doas(after)
}

// warnRoot warns, with the plan, that the edit r turns sudo off.
func (g *globals) warnRoot(r *txn.Result) {
	if r == nil || !r.Changed {
		return
	}
	before, after := planFiles(r)
	if sudoCut(before, after) {
		fmt.Fprintln(g.stderr, "warning: this edit turns sudo off, and the fragment turns on no doas: once the system switches to it, only root's own password (su, or a root login) makes you root; if root has none, admin access is gone until you boot an older generation from the boot menu. Check first that su works (sudo passwd root sets one), or ask for \"enable doas\" in the same edit.")
	}
}

// planFiles are the fragment before and after the edit r: its plan's,
// or, for an undo (no plan, only the two texts), parsed from those.
func planFiles(r *txn.Result) (before, after *fragment.File) {
	if r.Plan != nil {
		return r.Plan.Before, r.Plan.After
	}
	before, _ = fragment.Parse("before", r.Before)
	after, _ = fragment.Parse("after", r.After)
	return before, after
}
