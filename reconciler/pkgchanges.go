package reconciler

import (
	"context"
	"fmt"
	"strings"

	"github.com/nix-humanity/nix-humanity/reconciler/generation/pkgdiff"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// maxListed bounds the packages named in a log field; the rest are
// counted ("and 12 more", as ask-nix status says it).
const maxListed = 30

// ChangedSystem reports whether pass p put a generation in place (a new
// one, or one switched to on request) whose system is not the one that
// ran before (see Baseline): the passes whose package changes are worth
// saying. A pass with action test or build makes no generation (its
// Generation is the profile's, untouched): ask-nix apply says what it
// would change, without recording it.
func ChangedSystem(p state.Pass) bool {
	base := Baseline(p)
	made := p.Trigger == TriggerRollback || p.Action == "switch" || p.Action == "boot"
	return p.Result == state.ResultSuccess && p.Generation > 0 && made &&
		base != "" && p.Toplevel != "" && p.Toplevel != base
}

// Baseline is the system pass p's package changes are said against: the
// one that ran when it took the lock, or, when that is unknown (no
// running system's link), the profile's generation then. After a
// rollback with action boot or test the two differ, and only the
// running one says what the machine gained or lost.
func Baseline(p state.Pass) string {
	if p.FromRunning != "" {
		return p.FromRunning
	}
	return p.FromToplevel
}

// PackageChanges says what pass p did to the system's packages, from the
// system before it (Baseline: what ran, read under the pass lock) to
// p.Toplevel: it reads both from the store, logs one "packages changed"
// line (the journal line an admin reads), and records the changes on the
// pass in the state file, for `ask-nix status` and /status. It runs after
// the pass, outside its phases and timings; an error leaves the pass as
// it was recorded. The words go on p too (p.Packages).
func (r *Reconciler) PackageChanges(ctx context.Context, p *state.Pass) (pkgdiff.Changes, error) {
	c, err := pkgdiff.Compare(ctx, r.Runner, Baseline(*p), p.Toplevel)
	if err != nil {
		r.log().Warn("listing the package changes", "generation", p.Generation, "error", err)
		return pkgdiff.Changes{}, err
	}
	pc := packageSummary(c)
	p.Packages = pc
	if !pc.Empty() {
		r.log().Info("packages changed", "generation", p.Generation, "against", RanBefore(*p),
			"added", listed(pc.Added), "removed", listed(pc.Removed), "upgraded", listed(pc.Upgraded),
			"closurePaths", pc.ClosurePaths, "newPaths", pc.NewPaths)
	}
	if err := r.recordPackages(ctx, p.ID, pc); err != nil {
		r.log().Warn("recording the package changes", "pass", p.ID, "error", err)
	}
	return c, nil
}

// packageSummary words c as the state file keeps it.
func packageSummary(c pkgdiff.Changes) *state.PackageChanges {
	pc := &state.PackageChanges{ClosurePaths: c.Closure.To, NewPaths: c.Closure.Added}
	for _, x := range c.Added {
		pc.Added = append(pc.Added, strings.TrimSpace(x.Name+" "+x.Version))
	}
	for _, x := range c.Removed {
		pc.Removed = append(pc.Removed, strings.TrimSpace(x.Name+" "+x.Version))
	}
	for _, x := range c.Changed {
		pc.Upgraded = append(pc.Upgraded, x.Name+" "+x.From+" → "+x.To)
	}
	return pc
}

// recordPackages sets the package changes on pass id, in the last pass
// and the history, under the pass lock (a pass may be starting).
func (r *Reconciler) recordPackages(ctx context.Context, id int64, pc *state.PackageChanges) error {
	l, err := r.lock(ctx, true, "recording package changes")
	if err != nil {
		return err
	}
	defer l.Unlock()
	st, err := state.Load(r.Settings.StateDir)
	if err != nil {
		return err
	}
	found := false
	if st.LastPass != nil && st.LastPass.ID == id {
		st.LastPass.Packages, found = pc, true
	}
	for i := range st.History {
		if st.History[i].ID == id {
			st.History[i].Packages, found = pc, true
		}
	}
	if !found {
		return nil // pruned meanwhile: nothing to say it on
	}
	return st.Save(r.Settings.StateDir)
}

func listed(ws []string) string {
	if len(ws) > maxListed {
		return strings.Join(ws[:maxListed], ", ") + fmt.Sprintf(" and %d more", len(ws)-maxListed)
	}
	return strings.Join(ws, ", ")
}
