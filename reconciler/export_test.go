package reconciler

import (
	"os"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// SetSaveState replaces how r saves its state file, for tests of a state
// directory that stops taking writes (a full disk: a real one needs a
// mount only root may make).
func SetSaveState(r *Reconciler, f func(st *state.State, dir string) error) {
	r.saveState = f
}

// SetStateDirProbe replaces how Status checks that the state directory
// takes writes, until the test ends.
func SetStateDirProbe(t interface{ Cleanup(func()) }, f func(dir string) error) {
	old := probeStateDir
	probeStateDir = f
	t.Cleanup(func() { probeStateDir = old })
}

// StateFileSeen reports whether the daemon's copy of the state file
// (see keptState) is of the file as it is now.
func StateFileSeen(r *Reconciler) bool {
	fi, err := os.Stat(state.Path(r.Settings.StateDir))
	if err != nil {
		return false
	}
	r.kept.mu.Lock()
	defer r.kept.mu.Unlock()
	return keyOf(fi) == r.kept.key
}
