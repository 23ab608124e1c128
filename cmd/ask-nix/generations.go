package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/sys/unix"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/generation"
)

type generationsOptions struct {
	noCache bool
	// bootDefault: the request asked which generation boots by default
	// ("what is the default boot entry"), named under the table.
	bootDefault bool
}

func newGenerationsCommand(g *globals) *cobra.Command {
	opts := &generationsOptions{}
	cmd := &cobra.Command{
		Use:     "generations",
		Aliases: []string{"list-generations"},
		Short:   "List the system profile's generations",
		Long: `List the generations of the system profile, oldest first: number, date
(when the generation was made), NixOS version, kernel, and which one is
current (*), which one runs when that is another (after a rollback
with --action boot or test; the newest of those that share its system),
and which one the machine booted, as ask-nix status names them; a line
under the table says when what runs is no generation's system (a test
activation) or is not known. When any generation has a configuration
revision (system.configurationRevision, which a flake sets from
self.rev: the commit it was built from), a REVISION column too. --json
adds the configuration revision, specialisations and store path, and
says "running": true on the generation whose system runs (the current
one too, when it does).

Generations are read straight from the profile directory; a generation
whose files are missing is listed with empty fields, and one whose system
is gone from the Nix store (its link dangles) is marked missing: it
cannot be switched to (--json: "missing": true). What was read is
cached by store path (which never changes) in the state directory, and
the last --json listing is kept there too, to be given again while the
profile, the store, the booted system and the time zone are unchanged.
--no-cache uses neither.`,
		Example: `  ask-nix generations
  ask-nix generations --json
  ask-nix "what generations do I have"`,
		Args: cobra.NoArgs,
		// Read-only but for the cache file, which listGenerations
		// protects on its own.
		Annotations: map[string]string{readOnlyAnnotation: "yes"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runGenerations(cmd.Context(), g, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.noCache, "no-cache", false, "read every generation afresh, without the cache")
	cmd.AddCommand(newGenerationsDiffCommand(g))
	return cmd
}

// runGenerationsIntent carries out the intent when it arrives as free text.
func runGenerationsIntent(ctx context.Context, g *globals, in intent.Intent) error {
	if in.Diff {
		return runGenerationsDiff(ctx, g, in.Compare)
	}
	return runGenerations(ctx, g, &generationsOptions{bootDefault: in.AboutBootDefault})
}

func runGenerations(ctx context.Context, g *globals, opts *generationsOptions) error {
	s, err := g.Settings()
	if err != nil {
		return err
	}
	var memo string // the memo file: the last JSON listing (generation.Reader.ServeMemo)
	if g.json && !opts.noCache {
		if cache := generationCachePath(s); cache != "" {
			memo = filepath.Join(filepath.Dir(cache), generation.MemoFileName)
			r := generation.Reader{Profile: s.Profile, Booted: s.BootedSystem(), Running: s.CurrentSystem()}
			if served, err := r.ServeMemo(memo, g.stdout); served || err != nil {
				return err
			}
		}
	}
	l, err := readGenerations(ctx, g, s, !opts.noCache)
	if err != nil {
		return err
	}
	if g.json {
		if memo == "" || !l.Memoable() {
			return l.WriteJSON(g.stdout)
		}
		var body bytes.Buffer
		if err := l.WriteJSON(io.MultiWriter(g.stdout, &body)); err != nil {
			return err
		}
		// Ctrl-C waits for the write rather than leave a temporary file.
		g.handleInterrupts(ctx)
		_ = l.SaveMemo(memo, body.Bytes())
		return nil
	}
	gens := l.Generations()
	if len(gens) == 0 {
		if in := profileInFolder(s.Profile); in != "" {
			fmt.Fprintf(g.stdout, "No generations yet in %s: it is a folder, and the profile setting names the profile's link inside it, such as %s (--profile %s, or NIX_HUMANITY_PROFILE).\n", s.Profile, in, in)
			return nil
		}
		fmt.Fprintf(g.stdout, "No generations yet in %s.\n", s.Profile)
		return nil
	}
	if _, err := g.stdout.Write(generationsTable(gens, activate.Target(s.CurrentSystem()), s.CurrentSystem())); err != nil {
		return err
	}
	if opts.bootDefault {
		_, err = io.WriteString(g.stdout, bootDefaultLine(gens))
	}
	return err
}

// bootDefaultLine answers "which generation boots by default" under the
// generations table: the profile's current generation, which NixOS makes
// the boot menu's default each time it writes the menu (a switch, a boot,
// a rollback, with action switch or boot). What the loader itself may be
// told beyond that (boot.loader.grub.default, `bootctl set-default`) is
// not read, and said so.
func bootDefaultLine(gens []generation.Generation) string {
	const beyond = " (unless the loader is told otherwise: boot.loader.grub.default, or `bootctl set-default` with systemd-boot); \"make generation N the default\" changes it without switching now.\n"
	for _, gen := range gens {
		if !gen.Current {
			continue
		}
		what := fmt.Sprintf("Boot default: generation %d (marked *): NixOS's boot menu starts on the system profile's current generation", gen.Number)
		switch {
		case gen.Missing:
			what = fmt.Sprintf("Boot default: generation %d (marked *), the system profile's current generation, whose system is no longer in the Nix store: the boot menu written with it may still name it", gen.Number)
		case gen.Booted:
			what += ", which is also the one this machine booted"
		}
		return what + beyond
	}
	return "Boot default: not known: no generation is the system profile's current one, which is what NixOS's boot menu starts on" + beyond
}

// listGenerations reads the profile's generations, through the cache file
// when useCache is set. A cache that cannot be saved costs only time next
// run, so that is not an error.
func listGenerations(ctx context.Context, g *globals, s *settings.Settings, useCache bool) ([]generation.Generation, error) {
	l, err := readGenerations(ctx, g, s, useCache)
	if err != nil {
		return nil, err
	}
	return l.Generations(), nil
}

// readGenerations is listGenerations before the generations are laid out
// (generation.Listing), for output that needs them only one at a time.
func readGenerations(ctx context.Context, g *globals, s *settings.Settings, useCache bool) (*generation.Listing, error) {
	r := generation.Reader{Profile: s.Profile, Booted: s.BootedSystem(), Running: s.CurrentSystem()}
	var cachePath string
	if useCache {
		cachePath = generationCachePath(s)
		if cachePath != "" {
			r.Cache = generation.LoadCache(cachePath)
		}
	}
	l, err := r.Read(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w\nNothing was changed. Is the system profile right? It is %s (set by %s; change it with --profile or NIX_HUMANITY_PROFILE)",
			err, s.Profile, s.Source("profile"))
	}
	if r.Cache != nil {
		if r.Cache.Changed() {
			// Ctrl-C waits for the write rather than leave a temporary
			// file behind (generations runs without the handler until
			// now: readOnlyAnnotation).
			g.handleInterrupts(ctx)
		}
		_ = r.Cache.Save(cachePath)
	}
	return l, nil
}

// generationCachePath is where the generation cache lives: the state
// directory when this user can write there, else the user's cache
// directory; "" when neither works.
func generationCachePath(s *settings.Settings) string {
	if unix.Access(s.StateDir, unix.W_OK) == nil {
		return filepath.Join(s.StateDir, generation.CacheFileName)
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	dir = filepath.Join(dir, "nix-humanity")
	// Not groupshare.MkdirAllSynced: a cache in the user's own folder,
	// no folder of the group's, and disposable (generation.Cache is
	// read again from the store when it is gone): a crash of the
	// machine that loses the folder's entry costs one slower listing.
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ""
	}
	return filepath.Join(dir, generation.CacheFileName)
}

// generationsTable lays gens out as the issue shows them:
//
//	GEN  DATE                 NIXOS       KERNEL   CURRENT
//	 41  2026-11-20 09:12:44  25.11.1234  6.12.9   booted
//	 43  2026-11-25 17:31:02  25.11.1300  6.12.9   *
//
// Unknown values show as "-"; a generation whose system is gone from the
// store is marked "missing", with a line under the table saying what
// that means. When the running system (running, its
// store path, as the link named link gives it) is not the current
// generation's (after a rollback with action boot or test), the
// generation that has it is marked "running", the newest when several
// share it (the one ask-nix status and the metrics name), so the table
// does not leave what runs unsaid; a line under the table says so when
// no generation has it (a test activation) or when it is not known.
func generationsTable(gens []generation.Generation, running, link string) []byte {
	runs := 0 // the generation marked running
	inProfile := false
	for _, g := range gens {
		if running == "" || g.StorePath != running {
			continue
		}
		inProfile = true
		if g.Current {
			runs = 0 // the usual case: * is what runs
			break
		}
		runs = g.Number // gens are oldest first: the newest is last
	}
	// The configuration revision (system.configurationRevision, which a
	// flake sets from self.rev) is the commit a generation was built
	// from: a column of its own when any generation has one, as
	// nixos-rebuild list-generations shows it.
	withRev := slices.ContainsFunc(gens, func(g generation.Generation) bool { return g.ConfigurationRevision != "" })
	wGen, wDate, wNixos, wKernel, wRev := len("GEN"), len("DATE"), len("NIXOS"), len("KERNEL"), len("REVISION")
	for _, g := range gens {
		wGen = max(wGen, len(strconv.Itoa(g.Number)))
		wDate = max(wDate, len(orDash(g.Date)))
		wNixos = max(wNixos, len(orDash(g.NixosVersion)))
		wKernel = max(wKernel, len(orDash(g.KernelVersion)))
		wRev = max(wRev, len(shortRevision(g.ConfigurationRevision)))
	}
	b := make([]byte, 0, (len(gens)+1)*(wGen+wDate+wNixos+wKernel+20))
	row := func(gen, date, nixos, kernel, rev, mark string) {
		b = append(b, "  "...)
		b = padLeft(b, gen, wGen)
		b = append(b, "  "...)
		b = padRight(b, date, wDate)
		b = append(b, "  "...)
		b = padRight(b, nixos, wNixos)
		b = append(b, "  "...)
		last, w := kernel, wKernel
		if withRev {
			b = padRight(b, kernel, wKernel)
			b = append(b, "  "...)
			last, w = rev, wRev
		}
		if mark == "" {
			b = append(b, last...)
		} else {
			b = padRight(b, last, w)
			b = append(b, "   "...)
			b = append(b, mark...)
		}
		b = append(b, '\n')
	}
	row("GEN", "DATE", "NIXOS", "KERNEL", "REVISION", "CURRENT")
	var missing []string // the numbers of the generations marked missing
	for _, g := range gens {
		var marks []string
		if g.Current {
			marks = append(marks, "*")
		}
		if runs != 0 && g.Number == runs {
			marks = append(marks, "running")
		}
		if g.Booted {
			marks = append(marks, "booted")
		}
		if g.Missing {
			marks = append(marks, "missing")
			missing = append(missing, strconv.Itoa(g.Number))
		}
		mark := strings.Join(marks, " ")
		row(strconv.Itoa(g.Number), orDash(g.Date), orDash(g.NixosVersion), orDash(g.KernelVersion), orDash(shortRevision(g.ConfigurationRevision)), mark)
	}
	switch {
	case running == "":
		b = fmt.Appendf(b, "running: not known (there is no %s).\n", link)
	case !inProfile:
		b = fmt.Appendf(b, "running: %s, a system outside the profile (no generation has it: a test activation).\n", running)
	}
	if len(missing) > 0 {
		// Said under the table, so "- -" is not read as a system without
		// metadata that could still be switched to.
		if len(missing) == 1 {
			b = fmt.Appendf(b, "missing: generation %s's system is no longer in the Nix store (deleted from it since); it cannot be switched to or compared.\n", missing[0])
		} else {
			b = fmt.Appendf(b, "missing: the systems of generations %s are no longer in the Nix store (deleted from it since); they cannot be switched to or compared.\n", plan.AndList(missing))
		}
	}
	return b
}

// shortRevision is a git commit's first 12 hex digits, as git and nh
// shorten them; any other revision (a tag, "dirty") as it is.
func shortRevision(rev string) string {
	if len(rev) == 40 || len(rev) == 64 {
		if !strings.ContainsFunc(rev, func(c rune) bool { return !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') }) {
			return rev[:12]
		}
	}
	return rev
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func padLeft(b []byte, s string, w int) []byte {
	for i := len(s); i < w; i++ {
		b = append(b, ' ')
	}
	return append(b, s...)
}

func padRight(b []byte, s string, w int) []byte {
	b = append(b, s...)
	for i := len(s); i < w; i++ {
		b = append(b, ' ')
	}
	return b
}

// profileInFolder is, when profile is a folder of profiles (a profile
// setting of /nix/var/nix/profiles rather than .../system), the first
// profile in it with generations ("" when it is none).
func profileInFolder(profile string) string {
	if fi, err := os.Stat(profile); err != nil || !fi.IsDir() {
		return ""
	}
	links, _ := filepath.Glob(filepath.Join(profile, "*-[0-9]*-link"))
	for _, l := range links {
		name := strings.TrimSuffix(filepath.Base(l), "-link")
		name = name[:strings.LastIndex(name, "-")]
		if _, err := os.Lstat(filepath.Join(profile, name)); err == nil {
			return filepath.Join(profile, name)
		}
	}
	return ""
}
