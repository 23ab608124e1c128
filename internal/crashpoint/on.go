//go:build crashtest

package crashpoint

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// Enabled is true in a build with -tags crashtest.
const Enabled = true

// at is the step to die at: NIX_HUMANITY_CRASH_AT, read once at start.
var at = os.Getenv("NIX_HUMANITY_CRASH_AT")

// Reach kills the process with SIGKILL, as a crash or the OOM killer
// would (no deferred function runs, no lock is unlocked by hand, no
// temporary file removed), when step is the one NIX_HUMANITY_CRASH_AT
// names. It says so on stderr first, so a test can tell the kill landed
// where it meant.
func Reach(step string) {
	if at == "" || step != at {
		return
	}
	fmt.Fprintf(os.Stderr, "crashpoint: killed at %s\n", step)
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {} // the signal is on its way
}

// ReachFile is Reach(step + " " + the base name of path).
func ReachFile(step, path string) {
	if at == "" {
		return
	}
	Reach(step + " " + filepath.Base(path))
}
