package main

import (
	"fmt"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// bootLoaders are the loaders whose menu length ask-nix sets, by their
// NixOS option prefix.
var bootLoaders = []string{"boot.loader.systemd-boot", "boot.loader.grub"}

// resolveBootMenu reads "keep only 5 generations in the boot menu" for
// the loader the managed fragment configures: the one loader it sets
// something of (other than turning it off) is the one the machine boots
// with. A fragment that names neither, or both, leaves the question
// asked: which loader the rest of the configuration picks is not known
// here, and the wrong one's limit would do nothing.
func (g *globals) resolveBootMenu(cat *lazyCatalog, b *parse.BootMenuLimit) (intent.Intent, error) {
	f := cat.fileForMeaning()
	if f == nil {
		return intent.Intent{}, b.NotUnderstood
	}
	var found []string
	for _, loader := range bootLoaders {
		if configures(f, loader) {
			found = append(found, loader)
		}
	}
	if len(found) != 1 {
		return intent.Intent{}, b.NotUnderstood
	}
	in := parse.BootMenuIntent(found[0], b.Limit)
	in.Notes = append([]string{fmt.Sprintf("the managed fragment configures %s, so its boot menu is the one limited", found[0])}, in.Notes...)
	return in, nil
}

// configures: f sets an option under prefix, other than prefix.enable
// set to false.
func configures(f *fragment.File, prefix string) bool {
	p, err := fragment.ParsePath(prefix)
	if err != nil {
		return false
	}
	off, _ := fragment.ParsePath(prefix + ".enable")
	for _, b := range f.Bindings {
		if b.Path.HasPrefix(p) && !(b.Path.Equal(off) && b.Value.Equal(fragment.Bool(false))) {
			return true
		}
	}
	return false
}
