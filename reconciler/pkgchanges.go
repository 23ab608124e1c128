package reconciler

import (
	"context"
	"fmt"
	"strings"

	"github.com/nix-humanity/nix-humanity/reconciler/generation/pkgdiff"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// maxListed bounds the packages named in one log field; the rest are
// counted ("… and 12 more").
const maxListed = 30

// logPackageChanges says, after a pass made a new generation, which
// packages it added, removed and upgraded from the system before it: the
// journal line an admin reads to know what a change did. It runs after
// the pass, outside its phases and timings; a store that cannot be
// queried is a warning, never the pass's failure.
func (r *Reconciler) logPackageChanges(ctx context.Context, before string, p state.Pass) {
	a, err := pkgdiff.Read(ctx, r.Runner, before)
	var b pkgdiff.System
	if err == nil {
		b, err = pkgdiff.Read(ctx, r.Runner, p.Toplevel)
	}
	if err != nil {
		r.log().Warn("listing the package changes", "generation", p.Generation, "error", err)
		return
	}
	c := pkgdiff.Diff(a, b)
	if c.Empty() {
		return
	}
	var added, removed, changed []string
	for _, x := range c.Added {
		added = append(added, strings.TrimSpace(x.Name+" "+x.Version))
	}
	for _, x := range c.Removed {
		removed = append(removed, strings.TrimSpace(x.Name+" "+x.Version))
	}
	for _, x := range c.Changed {
		changed = append(changed, x.Name+" "+x.From+" → "+x.To)
	}
	r.log().Info("packages changed", "generation", p.Generation,
		"added", listed(added), "removed", listed(removed), "upgraded", listed(changed),
		"closurePaths", c.Closure.To, "newPaths", c.Closure.Added)
}

func listed(ws []string) string {
	if len(ws) > maxListed {
		return strings.Join(ws[:maxListed], ", ") + fmt.Sprintf(" … and %d more", len(ws)-maxListed)
	}
	return strings.Join(ws, ", ")
}
