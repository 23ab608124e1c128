package catalog

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/internal/crashpoint"
	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/internal/groupshare"
	"github.com/nix-humanity/nix-humanity/internal/writefail"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// Update says what to rebuild the index from. Each half (packages,
// options) comes from a file, from Nix, or is kept from the index already
// there.
type Update struct {
	Dir string // where the index lives (WriteDir)

	// PackagesFrom is a packages.json (plain, gzip or brotli), nix-env
	// or nix search JSON file. Empty: list Nixpkgs with Nix, unless
	// KeepPackages.
	PackagesFrom string
	Nixpkgs      string
	// NixpkgsIs says what Nixpkgs is, in the progress line, when it is
	// not a nixpkgs (the playground's stand-in packages, listed in a
	// moment); empty: a nixpkgs, which takes a while to evaluate.
	NixpkgsIs    string
	KeepPackages bool
	Runner       nixrun.Runner

	// OptionsFrom is a NixOS options.json (plain or gzip). Empty: keep
	// the options already indexed.
	OptionsFrom string

	// Progress receives one line per step, for people.
	Progress func(format string, args ...any)
	// NixProgress is passed on while Nix lists packages.
	NixProgress source.Progress
	Now         func() time.Time
	Tool        string // ask-nix version, recorded in the index
}

// UpdateResult says what an update did.
type UpdateResult struct {
	Path     string
	Meta     Meta
	Skipped  int // package or option entries that could not be used
	Duration time.Duration
	// Notes are what a person should know of an update that succeeded:
	// the new index in place but not synced to disk.
	Notes []string
}

// Run rebuilds the index and replaces the file atomically, under a lock
// so two updates never interleave. On any error the old index is left as
// it was.
func (u Update) Run(ctx context.Context) (UpdateResult, error) {
	start := time.Now()
	now := time.Now
	if u.Now != nil {
		now = u.Now
	}
	say := u.Progress
	if say == nil {
		say = func(string, ...any) {}
	}
	if err := mkdirAllSynced(u.Dir, 0o755); err != nil {
		return UpdateResult{}, fmt.Errorf("cannot create the index directory: %w; %s", err, dirAdvice(err, u.Dir))
	}
	lock, err := flock.TryLock(filepath.Join(u.Dir, lockName), "ask-nix index update")
	if errors.Is(err, flock.ErrHeld) {
		return UpdateResult{}, fmt.Errorf("another index update is running: %w; it replaces the index when it is done: wait for it to end, then try again if you still need to", err)
	}
	if err != nil {
		// Not another update: a folder that takes no file (read-only,
		// full, not this user's) or something in the lock's way.
		return UpdateResult{}, fmt.Errorf("cannot take the index lock: %w; %s", err, dirAdvice(err, u.Dir))
	}
	defer lock.Unlock()

	path := filepath.Join(u.Dir, FileName)
	removeStaleTemps(path)
	var old *Index
	// oldErr is why an index that is there cannot be read (damaged, or
	// from another ask-nix): the half it would have kept must then come
	// from somewhere else, never silently vanish.
	var oldErr error
	if ix, err := Open(path); err == nil {
		old = ix
		defer old.Close()
	} else if !errors.Is(err, os.ErrNotExist) {
		oldErr = err
	}

	var meta Meta
	var pkgs []source.Package
	var opts []source.Option
	skipped := 0
	switch {
	case u.PackagesFrom != "":
		say("reading packages from %s", u.PackagesFrom)
		ps, format, n, err := readPackagesFile(u.PackagesFrom)
		if err != nil {
			return UpdateResult{}, err
		}
		abs, _ := filepath.Abs(u.PackagesFrom)
		resolved, _ := resolveSource(abs, string(format))
		pkgs, skipped = ps, skipped+n
		meta.Packages = Origin{Source: abs, Format: string(format), Resolved: resolved, Built: now()}
	case u.KeepPackages:
		if oldErr != nil {
			return UpdateResult{}, fmt.Errorf("the packages already indexed cannot be kept: %w; index everything again with `ask-nix index update` (without --options-only)", oldErr)
		}
		if old != nil {
			pkgs = old.allPackages()
			meta.Packages = old.meta.Packages
		}
	default:
		if u.Runner == nil {
			return UpdateResult{}, fmt.Errorf("no way to run Nix")
		}
		argv, _ := source.NixCommand(u.Nixpkgs)
		what := "this evaluates all of nixpkgs and takes a while"
		if u.NixpkgsIs != "" {
			what = u.NixpkgsIs
		}
		say("listing the packages of %s with %s (%s)", u.Nixpkgs, argv[0], what)
		ps, format, err := source.FromNix(ctx, u.Runner, u.Nixpkgs, u.NixProgress)
		if err != nil {
			return UpdateResult{}, err
		}
		resolved, _ := resolveSource(u.Nixpkgs, string(format))
		pkgs = ps
		meta.Packages = Origin{Source: u.Nixpkgs, Format: string(format), Resolved: resolved, Built: now()}
	}

	if u.OptionsFrom != "" {
		say("reading NixOS options from %s", u.OptionsFrom)
		got, n, err := readOptionsFile(u.OptionsFrom)
		if err != nil {
			return UpdateResult{}, err
		}
		abs, _ := filepath.Abs(u.OptionsFrom)
		resolved, _ := resolveSource(abs, "options.json")
		opts, skipped = got, skipped+n
		meta.Options = Origin{Source: abs, Format: "options.json", Resolved: resolved, Built: now()}
	} else if old != nil {
		opts = old.allOptions()
		meta.Options = old.meta.Options
	} else if oldErr != nil {
		say("the NixOS options already indexed cannot be kept (%v): index them again with --options-from options.json", oldErr)
	}
	if len(pkgs) == 0 && len(opts) == 0 {
		return UpdateResult{}, fmt.Errorf("nothing to index: give packages (--from FILE, or a nixpkgs for Nix to list) or options (--options-from FILE)")
	}
	if err := ctx.Err(); err != nil {
		return UpdateResult{}, err
	}
	say("indexing %d %s and %d %s", len(pkgs), plural(len(pkgs), "package"), len(opts), plural(len(opts), "option"))
	meta.Tool = u.Tool
	data, err := Build(pkgs, opts, meta)
	if err != nil {
		return UpdateResult{}, err
	}
	// Read back before it replaces the old one: an index that does not
	// read must never take the place of one that does.
	ix, err := Load(data)
	if err != nil {
		return UpdateResult{}, fmt.Errorf("the new index does not read back, so it was not written: %w", err)
	}
	crashpoint.Reach(crashpoint.IndexBuilt)
	res := UpdateResult{Path: path, Meta: ix.meta, Skipped: skipped}
	var notSynced *atomicfile.NotDurableError
	if err := writeIndex(path, data, 0o644); errors.As(err, &notSynced) {
		// Renamed into place: readers see the new index, and saying the
		// old one is unchanged would be false.
		res.Notes = append(res.Notes, fmt.Sprintf("%v; the new index is in place, but a crash before the system syncs could bring the old one back", err))
	} else if err != nil {
		return UpdateResult{}, fmt.Errorf("writing the index: %w; %s", err, dirAdvice(err, u.Dir))
	}
	res.Duration = time.Since(start)
	return res, nil
}

// mkdirAllSynced is groupshare.MkdirAllSynced, replaced in tests, which
// cannot see a sync: a new index folder (~/.cache/nix-humanity) has its
// entry synced into the folder above, or a crash of the machine could
// take it, and the synced index in it, away.
var mkdirAllSynced = groupshare.MkdirAllSynced

// writeIndex is atomicfile.Write, replaced in tests: a full or
// read-only file system cannot be made to happen without mounting one.
var writeIndex = atomicfile.Write

// dirAdvice says what to do about an index directory that takes no
// writes, as the errno tells it.
func dirAdvice(err error, dir string) string {
	elsewhere := "or set NIX_HUMANITY_INDEX_DIR (--index-dir) to a folder you can write"
	switch k := writefail.Of(err); {
	case k.Full():
		return fmt.Sprintf("the file system of %s is full (or over quota): free space there (df -h %s) and try again, %s", dir, dir, elsewhere)
	case k == writefail.ReadOnly:
		return fmt.Sprintf("the file system of %s is read-only: make it writable and try again, %s", dir, elsewhere)
	case k == writefail.Permission && os.Geteuid() != 0:
		return "run it as root (sudo ask-nix index update), " + elsewhere
	}
	return fmt.Sprintf("check that %s is a folder that takes new files and try again, %s", dir, elsewhere)
}

// removeStaleTemps deletes the temporary files of index writes that a
// killed update left beside the index (atomicfile names them
// ".catalog.idx.tmp-*"). Only the holder of the index lock writes the
// index, so under it any that exist are stale; each is a whole index's
// size, and nothing else would ever remove one outside the state
// directory (the daemon clears old ones there).
func removeStaleTemps(path string) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*"))
	for _, m := range matches {
		_ = os.Remove(m)
	}
}

func readPackagesFile(path string) ([]source.Package, source.Format, int, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, "", 0, fmt.Errorf("reading packages: %w", err)
	}
	data, err := source.Decompress(raw)
	if err != nil {
		return nil, "", 0, fmt.Errorf("%s: %w", path, err)
	}
	pkgs, format, skipped, err := source.ParsePackages(data)
	if err != nil {
		return nil, "", 0, fmt.Errorf("%s: %w", path, err)
	}
	if len(pkgs) == 0 {
		return nil, "", 0, fmt.Errorf("%s: no usable packages in it (%d entries skipped)", path, skipped)
	}
	return pkgs, format, skipped, nil
}

func readOptionsFile(path string) ([]source.Option, int, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, fmt.Errorf("reading options: %w", err)
	}
	data, err := source.Decompress(raw)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	opts, skipped, err := source.ParseOptions(data)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	return opts, skipped, nil
}

// allPackages reads every package back, to rebuild with new options.
func (ix *Index) allPackages() []source.Package {
	out := make([]source.Package, ix.n)
	for i := range out {
		out[i] = ix.pkg(i)
	}
	return out
}

// allOptions reads every option back, to rebuild with new packages.
func (ix *Index) allOptions() []source.Option {
	out := make([]source.Option, ix.m)
	for i := range out {
		o := ix.opt(i)
		out[i] = source.Option{
			Name: o.Name, Type: o.Type, Description: o.Description,
			ReadOnly: o.ReadOnly, AliasOf: o.AliasOf,
			Loc: splitKey(ix.optKey(i)),
		}
	}
	return out
}

func splitKey(k []byte) []string {
	var out []string
	start := 0
	for i := 0; i <= len(k); i++ {
		if i == len(k) || k[i] == 0 {
			out = append(out, string(k[start:i]))
			start = i + 1
		}
	}
	return out
}

// plural is noun for one, noun+"s" otherwise.
func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}
