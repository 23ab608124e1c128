package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/reconciler/generation/pkgdiff"
)

// listResult is the --json result of "list installed".
type listResult struct {
	Fragment string   `json:"fragment"`
	Exists   bool     `json:"exists"`
	Packages []string `json:"packages"`
	// System is every package of the running system (what its sw refers
	// to), when there is one: the fragment's and the rest of the
	// configuration's.
	System *systemPackages `json:"system,omitempty"`
}

type systemPackages struct {
	StorePath string            `json:"storePath"`
	Packages  []pkgdiff.Package `json:"packages"`
}

// runListInstalled lists the packages the managed fragment installs, and
// then all the running system has, read from the store.
func runListInstalled(ctx context.Context, g *globals) error {
	st, err := g.store()
	if err != nil {
		return err
	}
	f, _, exists, err := st.Read()
	if err != nil {
		return err
	}
	res := listResult{Fragment: st.Fragment, Exists: exists, Packages: []string{}}
	for _, p := range f.Packages() {
		res.Packages = append(res.Packages, p.String())
	}
	s, err := g.Settings()
	if err != nil {
		return err
	}
	if running, err := filepath.EvalSymlinks(s.CurrentSystem()); err == nil {
		sys, err := pkgdiff.Read(ctx, g.runner, running)
		if err != nil {
			fmt.Fprintf(g.stderr, "note: the running system's packages cannot be listed: %v\n", err)
		} else {
			slices.SortFunc(sys.Packages, func(a, b pkgdiff.Package) int { return strings.Compare(a.Name, b.Name) })
			res.System = &systemPackages{StorePath: running, Packages: sys.Packages}
		}
	}
	if g.json {
		return g.printJSON(res)
	}
	switch {
	case !exists:
		fmt.Fprintf(g.stdout, "No packages yet: %s does not exist.\n", st.Fragment)
	case len(res.Packages) == 0:
		fmt.Fprintf(g.stdout, "No packages in %s.\n", st.Fragment)
	default:
		fmt.Fprintf(g.stdout, "%d packages in %s:\n", len(res.Packages), st.Fragment)
		for _, p := range res.Packages {
			fmt.Fprintf(g.stdout, "  %s\n", p)
		}
	}
	if res.System != nil {
		fmt.Fprintf(g.stdout, "The running system (%s) has %d packages in all, from the fragment, the rest of your configuration and NixOS:\n%s",
			s.CurrentSystem(), len(res.System.Packages), wrapPackages(res.System.Packages, 76))
	}
	return nil
}

// wrapPackages lays "name version" out in lines of at most width
// columns, indented by two.
func wrapPackages(ps []pkgdiff.Package, width int) string {
	var b strings.Builder
	line := 0
	for i, p := range ps {
		w := strings.TrimSpace(p.Name + " " + p.Version)
		if i < len(ps)-1 {
			w += ","
		}
		if line > 0 && line+1+len(w) > width {
			b.WriteByte('\n')
			line = 0
		}
		if line == 0 {
			b.WriteString("  ")
			line = 2
		} else {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	if line > 0 {
		b.WriteByte('\n')
	}
	return b.String()
}
