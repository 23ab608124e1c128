package catalog

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nix-humanity/nix-humanity/internal/settings"
)

// FileName is the index file inside its directory.
const FileName = "catalog.idx"

const lockName = "catalog.lock"

// Dirs lists where the index may live, in the order they are looked at:
// the configured index directory alone, or else the state directory
// (written by root and the NixOS module) then the user's cache directory
// (~/.cache/nix-humanity, for a user who cannot write the state
// directory).
func Dirs(s *settings.Settings) []string {
	if s.IndexDir != "" {
		return []string{s.IndexDir}
	}
	dirs := []string{s.StateDir}
	if c, err := os.UserCacheDir(); err == nil {
		dirs = append(dirs, filepath.Join(c, "nix-humanity"))
	}
	return dirs
}

// WriteDir is where `ask-nix index update` writes: the configured index
// directory, or the first of Dirs this user can write.
func WriteDir(s *settings.Settings) (string, error) {
	dirs := Dirs(s)
	if s.IndexDir != "" {
		return s.IndexDir, nil
	}
	var tried []string
	for _, d := range dirs {
		if CanWrite(d) {
			return d, nil
		}
		tried = append(tried, d)
	}
	return "", fmt.Errorf("no writable place for the index (tried %s); nothing was changed. The index in the state directory serves every user: root builds it with sudo ask-nix index update. Or set NIX_HUMANITY_INDEX_DIR (--index-dir) to a folder you can write", strings.Join(tried, ", "))
}

// CanWrite reports whether d (or, when it does not exist yet, its
// nearest existing parent) can be written by this process.
func CanWrite(d string) bool {
	for p := d; ; p = filepath.Dir(p) {
		if fi, err := os.Stat(p); err == nil {
			return fi.IsDir() && unix.Access(p, unix.W_OK) == nil
		}
		if filepath.Dir(p) == p {
			return false
		}
	}
}

// OpenDefault opens the index in Dirs. When there are several (root's in
// the state directory, a user's own in the cache), the one that holds
// more (packages before options) and, of those alike, the newest: an
// index of only the NixOS options that ask-nix made in a user's cache
// (when it found no index it could read) must not hide a full one the
// state directory has since, which would leave every package name
// unchecked. With none it returns ErrNoIndex (wrapped), which callers
// treat as "names are unchecked".
func OpenDefault(s *settings.Settings) (*Index, string, error) {
	type found struct {
		path string
		mod  time.Time
	}
	var all []found
	for _, d := range Dirs(s) {
		p := filepath.Join(d, FileName)
		if fi, err := os.Stat(p); err == nil {
			all = append(all, found{p, fi.ModTime()})
		}
	}
	if len(all) == 0 {
		return nil, "", fmt.Errorf("%w in %s: build one with `ask-nix index update`", ErrNoIndex, strings.Join(Dirs(s), " or "))
	}
	// Newest first; the one opened first wins ties.
	slices.SortStableFunc(all, func(a, b found) int { return b.mod.Compare(a.mod) })
	var best *Index
	bestPath, bestRank := "", -1
	var firstErr error
	for _, f := range all {
		ix, err := Open(f.path)
		if err != nil {
			if firstErr == nil && bestPath == "" {
				firstErr = fmt.Errorf("%w; rebuild it with `ask-nix index update`", err)
				bestPath = f.path
			}
			continue
		}
		rank := 0
		if ix.HasPackages() {
			rank += 2
		}
		if ix.HasOptions() {
			rank++
		}
		if rank > bestRank {
			if best != nil {
				best.Close()
			}
			best, bestPath, bestRank = ix, f.path, rank
		} else {
			ix.Close()
		}
		if rank == 3 {
			break // nothing older can hold more
		}
	}
	if best == nil {
		return nil, bestPath, firstErr
	}
	return best, bestPath, nil
}

// Freshness says how old an index is and whether what it was built from
// has changed since.
type Freshness struct {
	// Age of the package half (the options' when there are no packages).
	Age time.Duration `json:"ageSeconds"`
	// Stale: the index is out of date in a way `ask-nix index update`
	// would fix: a source it was built from changed since
	// (PackagesChanged, OptionsChanged: a new nixpkgs behind <nixpkgs>,
	// a changed packages or options file, another options file
	// configured), or, for a source that cannot be checked without
	// evaluating it (a flake), it is older than UncheckedMaxAge. Age
	// alone never makes it stale: an index of an unchanged nixpkgs is as
	// good a year on.
	Stale bool `json:"stale"`
	// PackagesChanged and OptionsChanged: the source now resolves to
	// something else than at build time. Only looked at past the cache
	// lifetime, and only where a look is cheap (files and <nixpkgs>
	// paths; a flake reference cannot be checked without evaluating it).
	PackagesChanged bool `json:"packagesChanged,omitempty"`
	OptionsChanged  bool `json:"optionsChanged,omitempty"`
}

// UncheckedMaxAge is how old an index from a source that cannot be
// checked cheaply (a flake: nix-search) may get before it counts as
// stale: the flake may have been updated meanwhile, and nothing short of
// evaluating it tells.
const UncheckedMaxAge = 7 * 24 * time.Hour

// Check compares the index with its sources, cheaply: nothing at all
// while it is younger than ttl (the cache lifetime: how long an index is
// trusted without a look), then a stat or a few readlinks.
// optionsJSON is the configured options file (settings.OptionsJSON), so
// a newly configured one counts as a change.
func (ix *Index) Check(now time.Time, ttl time.Duration, optionsJSON string) Freshness {
	m := ix.meta
	built := m.Packages.Built
	if built.IsZero() {
		built = m.Options.Built
	}
	f := Freshness{Age: now.Sub(built)}
	if f.Age < 0 {
		f.Age = 0
	}
	if f.Age <= ttl {
		return f
	}
	unchecked := false
	if m.Packages.Source != "" {
		now, ok := resolveSource(m.Packages.Source, m.Packages.Format)
		f.PackagesChanged = ok && now != m.Packages.Resolved
		unchecked = !ok
	}
	switch {
	case optionsJSON != "" && optionsJSON != m.Options.Source:
		f.OptionsChanged = true
	case m.Options.Source != "":
		if now, ok := resolveSource(m.Options.Source, m.Options.Format); ok && now != m.Options.Resolved {
			f.OptionsChanged = true
		}
	}
	f.Stale = f.PackagesChanged || f.OptionsChanged || unchecked && f.Age > UncheckedMaxAge
	return f
}

// resolveSource says what a source points to now: a file's size and
// modification time, or the store path behind a nixpkgs directory or
// <nixpkgs>. ok is false when that cannot be told cheaply (a flake).
func resolveSource(src, format string) (string, bool) {
	switch format {
	case "nix-env":
		p := src
		if strings.HasPrefix(src, "<") && strings.HasSuffix(src, ">") {
			var ok bool
			if p, ok = lookupNixPath(src[1:len(src)-1], os.Getenv("NIX_PATH")); !ok {
				return "", false
			}
		}
		r, err := filepath.EvalSymlinks(p)
		if err != nil {
			return "missing", true
		}
		fi, err := os.Stat(r)
		if err != nil {
			return "missing", true
		}
		if strings.HasPrefix(r, "/nix/store/") {
			return r, true
		}
		return fmt.Sprintf("%s %d", r, fi.ModTime().UnixNano()), true
	case "nix-search":
		return "", false
	}
	fi, err := os.Stat(src)
	if err != nil {
		return "missing", true
	}
	return fmt.Sprintf("size %d, modified %s", fi.Size(), fi.ModTime().UTC().Format(time.RFC3339Nano)), true
}

// lookupNixPath finds <name> the way Nix does for the usual NIX_PATH
// forms: name=PATH entries, and directories holding name. Entries Nix
// would have to download or evaluate (URLs, flake:) count as unknown.
func lookupNixPath(name, nixPath string) (string, bool) {
	var entries []string
	for _, e := range strings.Split(nixPath, ":") {
		if strings.HasPrefix(e, "//") && len(entries) > 0 {
			entries[len(entries)-1] += ":" + e // a URL's "scheme://"
			continue
		}
		entries = append(entries, e)
	}
	for _, e := range entries {
		if e == "" {
			continue
		}
		if prefix, p, ok := strings.Cut(e, "="); ok {
			if p == "flake" || p == "channel" || strings.Contains(p, "://") {
				if prefix == name {
					return "", false
				}
				continue
			}
			if prefix == name {
				return p, true
			}
			if rest, ok := strings.CutPrefix(name, prefix+"/"); ok {
				return filepath.Join(p, rest), true
			}
			continue
		}
		if e == "flake" || e == "channel" || strings.Contains(e, "://") {
			continue
		}
		if _, err := os.Stat(filepath.Join(e, name)); err == nil {
			return filepath.Join(e, name), true
		}
	}
	return "", false
}
