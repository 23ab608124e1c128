// Package pkgdiff says what changed between two systems in the words a
// person uses: packages added, removed and upgraded (the system's own
// package list, what environment.systemPackages and NixOS's modules put
// in /run/current-system/sw), and how the closure grew or shrank. Store
// paths are read with nix-store; nothing is evaluated or built.
package pkgdiff

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// Package is a store path's name split as Nix splits it: the name up to
// the first dash followed by something other than a letter, the version
// after it ("firefox-133.0" is firefox 133.0; "system-path" has none).
type Package struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Split reads a store path (or its base name) as a Package, without the
// hash: /nix/store/<hash>-firefox-133.0 is {firefox 133.0}.
func Split(storePath string) Package {
	base := filepath.Base(storePath)
	if i := strings.IndexByte(base, '-'); i == 32 {
		base = base[i+1:]
	}
	for i := 0; i+1 < len(base); i++ {
		if base[i] == '-' && !isLetter(base[i+1]) {
			return Package{Name: base[:i], Version: base[i+1:]}
		}
	}
	return Package{Name: base}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// System is what a system toplevel holds: its packages (the store paths
// its sw refers to) and its closure.
type System struct {
	Packages []Package
	Closure  []string
}

// Compare reads the systems from and to from the store and says what
// changed between them.
func Compare(ctx context.Context, r nixrun.Runner, from, to string) (Changes, error) {
	a, err := Read(ctx, r, from)
	if err != nil {
		return Changes{}, err
	}
	b, err := Read(ctx, r, to)
	if err != nil {
		return Changes{}, err
	}
	return Diff(a, b), nil
}

// Read queries toplevel's packages and closure.
func Read(ctx context.Context, r nixrun.Runner, toplevel string) (System, error) {
	var s System
	closure, err := nixrun.Requisites(ctx, r, toplevel)
	if err != nil {
		return s, fmt.Errorf("reading the closure of %s: %w", toplevel, err)
	}
	s.Closure = closure
	s.Packages, err = ReadPackages(ctx, r, toplevel)
	return s, err
}

// ReadPackages queries toplevel's packages only: the store paths its sw
// refers to, one nix-store query, where the closure (thousands of paths
// on a desktop) is a second. A toplevel without sw has none.
func ReadPackages(ctx context.Context, r nixrun.Runner, toplevel string) ([]Package, error) {
	sw, err := filepath.EvalSymlinks(filepath.Join(toplevel, "sw"))
	if err != nil {
		return nil, nil
	}
	refs, err := nixrun.References(ctx, r, sw)
	if err != nil {
		return nil, fmt.Errorf("reading the packages of %s: %w", toplevel, err)
	}
	var ps []Package
	for _, p := range refs {
		if p != sw {
			ps = append(ps, Split(p))
		}
	}
	return ps, nil
}

// Change is a package in both systems, in other versions.
type Change struct {
	Name string `json:"name"`
	From string `json:"from"`
	To   string `json:"to"`
}

// Changes is what differs from one system to the next.
type Changes struct {
	Added   []Package `json:"added"`
	Removed []Package `json:"removed"`
	Changed []Change  `json:"changed"`
	// Closure counts store paths: in each system, and the ones only in
	// the newer (Added) or only in the older (Removed).
	Closure ClosureChange `json:"closure"`
}

// ClosureChange counts the store paths of both closures.
type ClosureChange struct {
	From    int `json:"from"`
	To      int `json:"to"`
	Added   int `json:"added"`
	Removed int `json:"removed"`
}

// Empty reports whether no package changed (the closure may still have).
func (c Changes) Empty() bool { return len(c.Added)+len(c.Removed)+len(c.Changed) == 0 }

// Diff compares two systems by package name. A name with several
// versions in one system ("python3 3.11.10, 3.12.8") is one entry with
// its versions joined.
func Diff(from, to System) Changes {
	a, b := versionsByName(from.Packages), versionsByName(to.Packages)
	c := Changes{Added: []Package{}, Removed: []Package{}, Changed: []Change{}}
	for name, vb := range b {
		va, ok := a[name]
		switch {
		case !ok:
			c.Added = append(c.Added, Package{name, vb})
		case va != vb:
			c.Changed = append(c.Changed, Change{name, va, vb})
		}
	}
	for name, va := range a {
		if _, ok := b[name]; !ok {
			c.Removed = append(c.Removed, Package{name, va})
		}
	}
	byName := func(x, y Package) int { return cmp.Compare(x.Name, y.Name) }
	slices.SortFunc(c.Added, byName)
	slices.SortFunc(c.Removed, byName)
	slices.SortFunc(c.Changed, func(x, y Change) int { return cmp.Compare(x.Name, y.Name) })

	inA := make(map[string]bool, len(from.Closure))
	for _, p := range from.Closure {
		inA[p] = true
	}
	inB := make(map[string]bool, len(to.Closure))
	for _, p := range to.Closure {
		inB[p] = true
		if !inA[p] {
			c.Closure.Added++
		}
	}
	for _, p := range from.Closure {
		if !inB[p] {
			c.Closure.Removed++
		}
	}
	c.Closure.From, c.Closure.To = len(inA), len(inB)
	return c
}

func versionsByName(ps []Package) map[string]string {
	vs := map[string][]string{}
	for _, p := range ps {
		vs[p.Name] = append(vs[p.Name], p.Version)
	}
	out := make(map[string]string, len(vs))
	for name, v := range vs {
		slices.Sort(v)
		out[name] = strings.Join(slices.Compact(v), ", ")
	}
	return out
}
