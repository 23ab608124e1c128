package reconciler

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// tempSuffix is what internal/atomicfile names its temporary files:
// "." + the target's name + ".tmp-" + random digits.
const tempSuffix = ".tmp-"

// lockedFiles are the state directory's files only the pass lock's
// holder writes: a temporary file of theirs found under the lock was
// left by a writer that died (a kill between creating it and renaming it
// over the file), whatever its age.
var lockedFiles = []string{state.FileName, AppliedInputsFile, state.NoopsFileName}

// staleTempAge is when a temporary file of a file written without the
// pass lock (the input digests ask-nix status keeps too, the request
// counts) is surely left over: atomicfile's own (each write removes its
// file's older ones too), as an atomic write of a few kilobytes takes
// milliseconds.
const staleTempAge = atomicfile.StaleTempAge

// removeStaleTemps deletes, under the pass lock, the temporary files of
// atomic writes that a process killed mid-write left in the state
// directory. They never hold the state (the file is replaced by a rename
// or not at all), but they would pile up, one per crash, and look like
// half-written state to whoever reads the directory. It returns what it
// removed.
func removeStaleTemps(dir string, now time.Time) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		target, ok := tempTarget(name)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if !slices.Contains(lockedFiles, target) {
			fi, err := e.Info()
			if err != nil || now.Sub(fi.ModTime()) < staleTempAge {
				continue
			}
		}
		if os.Remove(filepath.Join(dir, name)) == nil {
			removed = append(removed, name)
		}
	}
	return removed
}

// tempTarget is the file a temporary file of atomicfile's replaces.
func tempTarget(name string) (string, bool) {
	if !strings.HasPrefix(name, ".") {
		return "", false
	}
	i := strings.LastIndex(name, tempSuffix)
	if i <= 1 {
		return "", false
	}
	return name[1:i], true
}
