package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/nix-humanity/nix-humanity/internal/shellword"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/internal/oneproc"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/internal/version"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// The index answers guard's questions (does this package, this option
// exist?) directly.
var _ guard.Catalog = (*catalog.Index)(nil)

// openCatalog opens the package and option index for checks and
// searches. With no index at all it returns a nil *Index and no error:
// callers carry on with names unchecked (except that when a NixOS
// options.json is configured, an options-only index is built on the spot:
// reading 20,000 options takes a fraction of a second). Past the cache
// lifetime it looks, cheaply, whether the sources changed: new NixOS
// options are indexed again when this user can write the index; changed
// packages, which need Nix or a big file, only get a hint.
func openCatalog(ctx context.Context, g *globals) (*catalog.Index, []string, error) {
	s, err := g.Settings()
	if err != nil {
		return nil, nil, err
	}
	ix, path, err := catalog.OpenDefault(s)
	if errors.Is(err, catalog.ErrNoIndex) {
		return optionsOnlyCatalog(g.writing(ctx), s)
	}
	if err != nil {
		return nil, nil, err
	}
	var notes []string
	f := ix.Check(time.Now(), s.CacheTTL, s.OptionsJSON)
	if f.OptionsChanged && s.OptionsJSON != "" {
		dir := filepath.Dir(path)
		if !catalog.CanWrite(dir) {
			notes = append(notes, fmt.Sprintf("the NixOS options changed since the index was built (%s); `sudo ask-nix index update --options-only` indexes them again", s.OptionsJSON))
		} else if _, uerr := updateIndex(g.writing(ctx), catalog.Update{Dir: dir, KeepPackages: true, OptionsFrom: s.OptionsJSON, Tool: version.Version}); uerr != nil {
			notes = append(notes, fmt.Sprintf("the NixOS options changed (%s) but could not be indexed again: %v", s.OptionsJSON, uerr))
		} else if fresh, oerr := catalog.Open(path); oerr == nil {
			ix.Close()
			ix = fresh
			f = ix.Check(time.Now(), s.CacheTTL, s.OptionsJSON)
			notes = append(notes, fmt.Sprintf("NixOS options indexed again from %s", s.OptionsJSON))
		}
	}
	switch m := ix.Meta().Packages; {
	case f.PackagesChanged:
		notes = append(notes, fmt.Sprintf("the package index is %s old and %s has changed since; run `ask-nix index update`",
			reconciler.Ago(f.Age), m.Source))
	case f.Stale && m.Format == "nix-search":
		// A flake cannot be checked without evaluating it: say the age
		// once it is past catalog.UncheckedMaxAge instead.
		notes = append(notes, fmt.Sprintf("the package index is %s old (from %s); `ask-nix index update` refreshes it", reconciler.Ago(f.Age), m.Source))
	}
	return ix, notes, nil
}

// updateIndex runs u with the runtime's default GOMAXPROCS, not the one
// P a search or an edit runs on (onePAnnotation): indexing allocates
// tens to hundreds of megabytes, and the garbage collector works on
// every P it has.
func updateIndex(ctx context.Context, u catalog.Update) (catalog.UpdateResult, error) {
	oneproc.Release()
	return u.Run(ctx)
}

// optionsOnlyCatalog builds an index of just the configured NixOS
// options, when there is no index at all but an options.json and a place
// to write.
func optionsOnlyCatalog(ctx context.Context, s *settings.Settings) (*catalog.Index, []string, error) {
	if s.OptionsJSON == "" {
		return nil, nil, nil
	}
	if _, err := os.Stat(s.OptionsJSON); err != nil {
		return nil, []string{fmt.Sprintf("NixOS options unchecked: %v", err)}, nil
	}
	dir, err := catalog.WriteDir(s)
	if err != nil {
		return nil, nil, nil
	}
	res, err := updateIndex(ctx, catalog.Update{Dir: dir, KeepPackages: true, OptionsFrom: s.OptionsJSON, Tool: version.Version})
	if err != nil {
		return nil, []string{fmt.Sprintf("NixOS options unchecked: indexing %s failed: %v", s.OptionsJSON, err)}, nil
	}
	ix, err := catalog.Open(res.Path)
	if err != nil {
		return nil, nil, err
	}
	return ix, []string{fmt.Sprintf("indexed %s from %s; package names stay unchecked until `ask-nix index update`",
		count(ix.Options(), "NixOS option"), s.OptionsJSON)}, nil
}

func newIndexCommand(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Show the package and option index (age, source, size)",
		Long: `The index lists every nixpkgs package and NixOS option, so ask-nix can
search offline in milliseconds, suggest names for typos, and refuse names
that do not exist before anything is written.

Without a subcommand, shows where the index is, what it was built from and
how old it is.`,
		Example: `  ask-nix index
  ask-nix index --json
  ask-nix index update`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runIndexStatus(cmd.Context(), g)
		},
	}
	cmd.AddCommand(newIndexUpdateCommand(g))
	return cmd
}

type indexUpdateOptions struct {
	from        string
	optionsFrom string
	optionsOnly bool
}

func newIndexUpdateCommand(g *globals) *cobra.Command {
	var o indexUpdateOptions
	cmd := &cobra.Command{
		Use:   "update",
		Short: "Build the index from nixpkgs (with Nix) or from a file",
		Long: `Builds the index and replaces the old one atomically.

Packages come from --from FILE (a channel's packages.json, plain, gzip or
brotli-compressed as channels ship it; or the JSON of
"nix-env -qaP --json --meta" or "nix search --json"), or else from the
configured nixpkgs (NIX_HUMANITY_NIXPKGS, default <nixpkgs>), which Nix
lists: nix-env for a path or <lookup>, nix search for a flake reference.

NixOS options come from --options-from FILE or the configured options.json
(NIX_HUMANITY_OPTIONS_JSON; the NixOS module writes one); otherwise the
options already indexed are kept.`,
		Example: `  ask-nix index update
  ask-nix index update --from packages.json.br
  ask-nix index update --options-only --options-from /run/current-system/sw/share/doc/nixos/options.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runIndexUpdate(cmd.Context(), g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.from, "from", "", "read packages from this file instead of running Nix")
	f.StringVar(&o.optionsFrom, "options-from", "", "read NixOS options from this options.json")
	f.BoolVar(&o.optionsOnly, "options-only", false, "index options only; keep the packages already indexed")
	return cmd
}

func runIndexUpdate(ctx context.Context, g *globals, o indexUpdateOptions) error {
	s, err := g.Settings()
	if err != nil {
		return err
	}
	if o.optionsOnly && o.from != "" {
		return usageError{errors.New("--options-only and --from contradict each other: pick one")}
	}
	for _, f := range []struct{ flag, path, without, file string }{
		{"--from", o.from, "leave --from out to list the configured nixpkgs with Nix", "a packages.json, plain, .gz or .br"},
		{"--options-from", o.optionsFrom, "leave it out to use the configured options.json", "an options.json"},
	} {
		if f.path == "" {
			continue
		}
		fi, err := os.Stat(f.path)
		if err != nil {
			return fmt.Errorf("%s %s: cannot read it (%w); the index is unchanged: give the path of a file that is there, or %s", f.flag, f.path, errors.Unwrap(err), f.without)
		}
		if fi.IsDir() {
			return fmt.Errorf("%s %s: that is a folder, not a file; the index is unchanged: give the file in it (%s), or %s", f.flag, f.path, f.file, f.without)
		}
	}
	optionsFrom := o.optionsFrom
	if optionsFrom == "" {
		optionsFrom = s.OptionsJSON
	}
	if o.optionsOnly && optionsFrom == "" {
		return usageError{errors.New("--options-only needs --options-from FILE (or NIX_HUMANITY_OPTIONS_JSON), and no options.json is configured; the index is unchanged")}
	}
	dir, err := catalog.WriteDir(s)
	if err != nil {
		return err
	}
	if g.dryRun {
		return g.indexUpdatePlan(filepath.Join(dir, catalog.FileName), o, s.Nixpkgs, nixpkgsIs(s), optionsFrom)
	}
	progress := newProgress(g.stderr, g.term().stderr)
	defer progress.done()
	res, err := catalog.Update{
		Dir:          dir,
		PackagesFrom: o.from,
		Nixpkgs:      s.Nixpkgs,
		NixpkgsIs:    nixpkgsIs(s),
		KeepPackages: o.optionsOnly,
		Runner:       g.runner,
		OptionsFrom:  optionsFrom,
		Progress:     progress.say,
		NixProgress:  progress.nix,
		Tool:         version.Version,
	}.Run(ctx)
	progress.done()
	if err != nil {
		err = fmt.Errorf("index update failed, the old index is unchanged: %w", err)
		if o.from == "" && !o.optionsOnly && geteuid() != 0 && nixDenied(err) {
			// Not the nixpkgs: Nix itself, for this user (a member of
			// the group, whom no Nix daemon lets in).
			err = fmt.Errorf("%w\nNix refuses %s here (how Nix is set up for this user, not the index): root's index, which every user reads, is built with sudo ask-nix index update; or --from FILE indexes a package list (a channel's packages.json) without running Nix", err, txn.CurrentUser(os.Getenv))
		}
		return err
	}
	for _, n := range res.Notes {
		fmt.Fprintf(g.stderr, "note: %s\n", n)
	}
	if g.json {
		return g.printJSON(indexStatusJSON(res.Path, res.Meta, catalog.Freshness{}, s.CacheTTL))
	}
	fmt.Fprintf(g.stdout, "Indexed %s and %s in %.1f s: %s\n",
		count(res.Meta.Packages.Count, "package"), count(res.Meta.Options.Count, "option"),
		res.Duration.Seconds(), res.Path)
	if res.Skipped > 0 {
		fmt.Fprintf(g.stdout, "(%s could not be used: bad attribute names or shapes)\n", count(res.Skipped, "entry"))
	}
	return nil
}

// indexSource is where a dry run's index update would take packages or
// options from: a file, a Nix command, or what the index holds now.
type indexSource struct {
	From    string   `json:"from,omitempty"`
	Command []string `json:"command,omitempty"`
	Kept    bool     `json:"kept,omitempty"`
}

// indexPlan is the --json result of `ask-nix -n index update`.
type indexPlan struct {
	Path     string      `json:"path"`
	Packages indexSource `json:"packages"`
	Options  indexSource `json:"options"`
	Written  bool        `json:"written"`
}

// playgroundPackages is what the playground's nixpkgs setting names:
// its stand-in package set, which Nix lists in a moment.
const playgroundPackages = "the playground's stand-in packages, not nixpkgs: a moment"

// nixpkgsIs says what the nixpkgs setting names when it is no nixpkgs
// (the playground's stand-in packages); "" otherwise.
func nixpkgsIs(s *settings.Settings) string {
	if inPlayground(s) && s.Nixpkgs == filepath.Join(s.System, "pkgs.nix") {
		return playgroundPackages
	}
	return ""
}

// indexUpdatePlan is `index update` with --dry-run: where the packages
// and options would come from and which file would be replaced; nothing
// is run, locked or written.
func (g *globals) indexUpdatePlan(path string, o indexUpdateOptions, nixpkgs, nixpkgsWhat, optionsFrom string) error {
	var plan indexPlan
	plan.Path = path
	switch {
	case o.from != "":
		plan.Packages.From, _ = filepath.Abs(o.from)
	case o.optionsOnly:
		plan.Packages.Kept = true
	default:
		if nixpkgs == "" {
			return errors.New("no nixpkgs configured to list packages from (set NIX_HUMANITY_NIXPKGS, or use --from FILE); the index is unchanged")
		}
		plan.Packages.From = nixpkgs
		plan.Packages.Command, _ = source.NixCommand(nixpkgs)
	}
	if optionsFrom != "" {
		plan.Options.From, _ = filepath.Abs(optionsFrom)
	} else {
		plan.Options.Kept = true
	}
	if g.json {
		return g.printJSON(plan)
	}
	_, exists := os.Stat(path)
	verb := "replace"
	if exists != nil {
		verb = "create"
	}
	describe := func(src indexSource, what string) string {
		switch {
		case src.Kept && exists == nil:
			return "the " + what + " indexed now, kept"
		case src.Kept:
			return "none (no index yet to keep them from)"
		case len(src.Command) > 0 && nixpkgsWhat != "":
			return src.From + ", listed with " + strings.Join(src.Command, " ") + " (" + nixpkgsWhat + ")"
		case len(src.Command) > 0:
			return src.From + ", listed with " + strings.Join(src.Command, " ") + " (this evaluates all of nixpkgs)"
		}
		return src.From
	}
	fmt.Fprintf(g.stdout, "Would %s the index %s:\n", verb, path)
	fmt.Fprintf(g.stdout, "  packages: %s\n", describe(plan.Packages, "packages"))
	fmt.Fprintf(g.stdout, "  options:  %s\n", describe(plan.Options, "options"))
	fmt.Fprintln(g.stdout, "Dry run: nothing was run or written.")
	return nil
}

// progress shows what a long update is doing: one line per step, and
// while Nix runs, for how long and how much it has said (rewritten in
// place on a terminal every second, a line every 10 s otherwise).
type progress struct {
	w     io.Writer
	tty   bool
	start time.Time
	stop  chan struct{}

	mu        sync.Mutex
	nixStart  time.Time
	bytes     int64
	evaluated int64
	inPlace   bool
	finished  bool
}

func newProgress(w io.Writer, tty bool) *progress {
	p := &progress{w: w, tty: tty, start: time.Now(), stop: make(chan struct{})}
	every := 10 * time.Second
	if tty {
		every = time.Second
	}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.tick()
			}
		}
	}()
	return p
}

func (p *progress) say(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLine()
	fmt.Fprintf(p.w, "ask-nix: "+format+"\n", args...)
}

// nix records how far Nix has got; the ticker shows it.
func (p *progress) nix(bytes, evaluated int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.nixStart.IsZero() {
		p.nixStart = time.Now()
	}
	p.bytes, p.evaluated = bytes, evaluated
}

func (p *progress) tick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	msg := fmt.Sprintf("  %s", time.Since(p.start).Round(time.Second))
	if p.evaluated > 0 {
		msg += fmt.Sprintf(", %d attributes evaluated", p.evaluated)
	}
	if p.bytes > 0 {
		msg += fmt.Sprintf(", %.1f MB of package data", float64(p.bytes)/1e6)
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r\x1b[K%s", msg)
		p.inPlace = true
	} else {
		fmt.Fprintln(p.w, msg)
	}
}

func (p *progress) clearLine() {
	if p.inPlace {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.inPlace = false
	}
}

// done stops the ticker; safe to call twice.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.clearLine()
	p.finished = true
	close(p.stop)
}

// indexStatus is `ask-nix index --json`.
type indexStatus struct {
	Exists   bool         `json:"exists"`
	Path     string       `json:"path,omitempty"`
	Packages originStatus `json:"packages"`
	Options  originStatus `json:"options"`
	Stale    bool         `json:"stale"`
	CacheTTL float64      `json:"cacheTTLSeconds"`
	Hints    []string     `json:"hints,omitempty"`
	// Searched lists where an index was looked for, when none was found.
	Searched []string `json:"searched,omitempty"`
}

type originStatus struct {
	Count      int     `json:"count"`
	Source     string  `json:"source,omitempty"`
	Format     string  `json:"format,omitempty"`
	Built      string  `json:"built,omitempty"`
	AgeSeconds float64 `json:"ageSeconds,omitempty"`
	Changed    bool    `json:"changed,omitempty"`
}

func indexStatusJSON(path string, m catalog.Meta, f catalog.Freshness, ttl time.Duration) indexStatus {
	origin := func(o catalog.Origin, changed bool) originStatus {
		st := originStatus{Count: o.Count, Source: o.Source, Format: o.Format, Changed: changed}
		if !o.Built.IsZero() {
			st.Built = o.Built.UTC().Format(time.RFC3339)
			st.AgeSeconds = time.Since(o.Built).Round(time.Second).Seconds()
		}
		return st
	}
	return indexStatus{
		Path:     path,
		Exists:   true,
		Packages: origin(m.Packages, f.PackagesChanged),
		Options:  origin(m.Options, f.OptionsChanged),
		Stale:    f.Stale,
		CacheTTL: ttl.Seconds(),
	}
}

func runIndexStatus(_ context.Context, g *globals) error {
	s, err := g.Settings()
	if err != nil {
		return err
	}
	ix, path, err := catalog.OpenDefault(s)
	if errors.Is(err, catalog.ErrNoIndex) {
		if g.json {
			return g.printJSON(indexStatus{Exists: false, Searched: catalog.Dirs(s), CacheTTL: s.CacheTTL.Seconds(),
				Hints: []string{"build one with `ask-nix index update`"}})
		}
		fmt.Fprintf(g.stdout, "No index yet (looked in %s).\nWithout one, ask-nix cannot search, and package and option names are unchecked.\nBuild it with: ask-nix index update   (or: ask-nix index update --from packages.json)\n",
			plan.AndList(catalog.Dirs(s)))
		return nil
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	f := ix.Check(time.Now(), s.CacheTTL, s.OptionsJSON)
	st := indexStatusJSON(path, ix.Meta(), f, s.CacheTTL)
	st.Hints = indexHints(ix, f, s)
	if g.json {
		return g.printJSON(st)
	}
	m := ix.Meta()
	fmt.Fprintf(g.stdout, "Index:    %s\n", path)
	describe := func(label string, o catalog.Origin, noun string) {
		if o.Count == 0 {
			fmt.Fprintf(g.stdout, "%-9s none\n", label+":")
			return
		}
		fmt.Fprintf(g.stdout, "%-9s %s from %s (%s), built %s ago\n", label+":", count(o.Count, noun), o.Source, o.Format, reconciler.Ago(time.Since(o.Built)))
	}
	describe("Packages", m.Packages, "package")
	describe("Options", m.Options, "option")
	for _, h := range st.Hints {
		fmt.Fprintf(g.stdout, "Hint:     %s\n", h)
	}
	return nil
}

func indexHints(ix *catalog.Index, f catalog.Freshness, s *settings.Settings) []string {
	var hints []string
	m := ix.Meta()
	if f.PackagesChanged {
		hints = append(hints, fmt.Sprintf("%s changed since the packages were indexed: run `ask-nix index update`", m.Packages.Source))
	} else if f.Stale && m.Packages.Format == "nix-search" {
		hints = append(hints, fmt.Sprintf("the packages were indexed %s ago from a flake, which cannot be checked cheaply: run `ask-nix index update` after updating it", reconciler.Ago(f.Age)))
	}
	if f.OptionsChanged {
		src := s.OptionsJSON
		if src == "" {
			src = m.Options.Source
		}
		hints = append(hints, fmt.Sprintf("the NixOS options changed (%s): run `ask-nix index update --options-only --options-from %s`", src, shellword.Quote(src)))
	}
	if !ix.HasPackages() {
		hints = append(hints, "no packages indexed: package names are unchecked; run `ask-nix index update`")
	}
	if !ix.HasOptions() {
		hints = append(hints, "no NixOS options indexed: option names and types are unchecked; run `ask-nix index update --options-only --options-from options.json`")
	}
	return hints
}

func count(n int, noun string) string {
	s := fmt.Sprintf("%d", n)
	// Thousands separators for the big numbers people read here.
	if n >= 10000 {
		var b []byte
		for i, c := range []byte(s) {
			if i > 0 && (len(s)-i)%3 == 0 {
				b = append(b, ',')
			}
			b = append(b, c)
		}
		s = string(b)
	}
	if n == 1 {
		return s + " " + noun
	}
	if noun == "entry" {
		return s + " entries"
	}
	return s + " " + noun + "s"
}

// nixDenied reports whether err is a Nix process that failed for want of
// permission (its store's database or the daemon's socket), as Nix run
// by a user it does not let in does.
func nixDenied(err error) bool {
	var ee *nixrun.ExitError
	return errors.As(err, &ee) && bytes.Contains(bytes.ToLower(ee.Stderr), []byte("permission denied"))
}
