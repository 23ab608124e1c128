package main

import (
	"os"
	"path/filepath"
	"strings"
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
		// Settings in the README's table, checked against the index's
		// options (the nixpkgs.config member and a sysctl included).
		"accept the nvidia license",
		"enable ip forwarding",
		"install steam and enable it",
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

// The playground's option index is only part of NixOS's: an option it
// lacks is refused as missing from that index, not as "no NixOS option"
// (users.users.<name>.isNormalUser is one); a mistyped *.enable, which
// it has all of, is refused as on NixOS; the same settings pointed at
// another fragment are no playground.
func TestPlaygroundUnknownOptionIsNotCalledMissingFromNixOS(t *testing.T) {
	pg := playgroundFiles(t)
	t.Setenv("NIX_HUMANITY_CONFIG", pg.Config)
	askNix("index", "update").must(t, 0, "Indexed ")

	r := askNix("-n", "set users.users.alice.isNormalUser to true")
	r.must(t, 2)
	if want := "ask-nix: refused: the playground's option index has no option named users.users.alice.isNormalUser (look it up on search.nixos.org/options); it holds only part of NixOS's options"; !strings.HasPrefix(r.stderr, want) {
		t.Fatalf("stderr:\n%s\nwant it to begin\n%s", r.stderr, want)
	}
	r = askNix("-n", "set services.opnessh.enable to true")
	r.must(t, 2)
	if r.stderr != "ask-nix: refused: no NixOS option named services.opnessh.enable; did you mean services.openssh.enable?\nask-nix: nothing was changed.\n" {
		t.Fatalf("a mistyped enable:\n%s", r.stderr)
	}

	t.Setenv("NIX_HUMANITY_FRAGMENT", filepath.Join(t.TempDir(), "nix-humanity.nix"))
	r = askNix("-n", "set users.users.alice.isNormalUser to true")
	r.must(t, 2)
	if !strings.HasPrefix(r.stderr, "ask-nix: refused: no NixOS option named users.users.alice.isNormalUser") || strings.Contains(r.stderr, "playground") {
		t.Fatalf("not a playground:\n%s", r.stderr)
	}
}

// The playground's folder has no Nix store of its own: before the store's
// garbage collection (here only planned, --dry-run) ask-nix says that it
// is the machine's whole /nix/store. Not said outside a playground.
func TestPlaygroundGCSaysTheStoreIsTheMachines(t *testing.T) {
	pg := playgroundFiles(t)
	t.Setenv("NIX_HUMANITY_CONFIG", pg.Config)
	for _, args := range [][]string{{"gc", "--collect", "--dry-run"}, {"--dry-run", "collect garbage"}} {
		r := askNix(args...)
		r.must(t, 0, "Dry run: would run the store's garbage collection")
		if !strings.Contains(r.stderr, "note: "+playgroundStoreNote+"\n") {
			t.Fatalf("%q: stderr:\n%s", args, r.stderr)
		}
	}
	t.Setenv("NIX_HUMANITY_FRAGMENT", filepath.Join(t.TempDir(), "nix-humanity.nix"))
	if r := askNix("gc", "--collect", "--dry-run"); strings.Contains(r.stderr, "playground") {
		t.Fatalf("not a playground:\n%s", r.stderr)
	}
}

// Input names in the playground, whose system is a Nix file: refused
// (exit 2) with what that system is and where a flake to try comes
// from, not with channels, npins or niv, which it has none of. Not said
// outside a playground.
func TestPlaygroundUpdateInputSaysWhatItsSystemIs(t *testing.T) {
	pg := playgroundFiles(t)
	t.Setenv("NIX_HUMANITY_CONFIG", pg.Config)
	r := askNix("update", "nixpkgs")
	r.must(t, 2)
	want := "ask-nix: refused: input names (nixpkgs) are for a flake's inputs, and the playground's system (" + pg.SystemDir + " -A system) is a Nix file with none: its stand-in packages are " + filepath.Join(pg.SystemDir, "pkgs.nix") + "; nothing was run. docs/ask-nix.md (Trying a flake in the playground) makes a flake of it"
	if !strings.HasPrefix(r.stderr, want) || strings.Contains(r.stderr, "channel") {
		t.Fatalf("stderr:\n%s\nwant it to begin\n%s", r.stderr, want)
	}
	t.Setenv("NIX_HUMANITY_FRAGMENT", filepath.Join(t.TempDir(), "nix-humanity.nix"))
	if r := askNix("update", "nixpkgs"); r.code != 2 || strings.Contains(r.stderr, "playground") || !strings.Contains(r.stderr, "nix-channel --update") {
		t.Fatalf("not a playground: exit %d\n%s", r.code, r.stderr)
	}
}

// The playground's nixpkgs setting names its stand-in packages, which Nix
// lists in a moment: index update (and its dry run) says so, not that
// all of nixpkgs is evaluated. Said of a nixpkgs elsewhere
// (testdata/index/nix_update.txtar).
func TestPlaygroundIndexSaysItListsStandins(t *testing.T) {
	pg := playgroundFiles(t)
	t.Setenv("NIX_HUMANITY_CONFIG", pg.Config)
	pkgs := filepath.Join(pg.SystemDir, "pkgs.nix")
	r := askNix("-n", "index", "update")
	r.must(t, 0, "  packages: "+pkgs+", listed with nix-env -f "+pkgs+" -qaP --json --meta ("+playgroundPackages+")\n")
	r = askNix("index", "update")
	r.must(t, 0, "Indexed 36 packages")
	if want := "listing the packages of " + pkgs + " with nix-env (" + playgroundPackages + ")"; !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "all of nixpkgs") {
		t.Fatalf("stderr:\n%s\nwant it to hold\n%s", r.stderr, want)
	}
}
