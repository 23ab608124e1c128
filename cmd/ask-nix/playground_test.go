package main

import (
	"os"
	"path/filepath"
	"testing"
)

// The README's examples work in the playground as they read: its
// stand-in nixpkgs has the packages they name, and the programs where
// they are named otherwise ("search rg gives ripgrep"), from the index
// built with real Nix.
func TestPlaygroundHasTheREADMEExamples(t *testing.T) {
	pg := playgroundEnv(t)
	askNix("index", "update").must(t, 0, "Indexed 36 packages and 3174 options")
	askNix("search", "rg").must(t, 0, "* ripgrep (14.1.1), provides rg\n")
	askNix("search", "hx").must(t, 0, "* helix (25.01.1), provides hx\n")
	askNix("search", "nvim").must(t, 0, "* neovim (0.10.2), provides nvim\n")
	// "search steam": programs.steam.enable, what install steam writes,
	// though the stand-in set has no steam.
	askNix("search", "steam").must(t, 0, `(programs.steam.enable): ask-nix "install steam" turns that on`)

	for _, request := range []string{
		"install firefox and htop",
		"install git, vim and htop",
		"I need ripgrep",
		"install libre office",
		"replace vim with neovim",
		"make helix my default editor",
	} {
		// Checked against the index: refused (exit 2) if a name were
		// missing.
		askNix("-n", request).must(t, 0, "Dry run: nothing was written.")
	}

	// The stand-ins install their programs under the real names.
	askNix("-y", "make helix my default editor and install ripgrep").must(t, 0, "+    helix\n", "+    ripgrep\n", `+  environment.variables.EDITOR = "hx";`)
	askNix("apply").must(t, 0, "Generation 2 is live")
	for _, bin := range []string{"hx", "rg"} {
		if _, err := os.Stat(filepath.Join(pg.RunDir, "current-system", "sw", "bin", bin)); err != nil {
			t.Errorf("the new system has no %s: %v", bin, err)
		}
	}
}
