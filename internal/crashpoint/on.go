//go:build crashtest

package crashpoint

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// Enabled is true in a build with -tags crashtest.
const Enabled = true

var (
	// at is the step to die at, NIX_HUMANITY_CRASH_AT: a step's name,
	// with "#N" after it for the Nth time it is reached (the first
	// otherwise).
	at, atN = parseAt(os.Getenv("NIX_HUMANITY_CRASH_AT"))
	// trace, NIX_HUMANITY_CRASH_TRACE, is a file every step reached is
	// appended to ("step#N" lines), so a test can list the steps of a
	// real run and then kill it at each.
	trace = os.Getenv("NIX_HUMANITY_CRASH_TRACE")

	mu    sync.Mutex
	times = map[string]int{}
)

func parseAt(v string) (string, int) {
	if i := strings.LastIndexByte(v, '#'); i >= 0 {
		if n, err := strconv.Atoi(v[i+1:]); err == nil && n > 0 {
			return v[:i], n
		}
	}
	return v, 1
}

// Reach kills the process with SIGKILL, as a crash or the OOM killer
// would (no deferred function runs, no lock is unlocked by hand, no
// temporary file removed), when step is the one NIX_HUMANITY_CRASH_AT
// names, reached for the time it says. It says so on stderr first, so a
// test can tell the kill landed where it meant.
func Reach(step string) {
	if at == "" && trace == "" {
		return
	}
	mu.Lock()
	times[step]++
	n := times[step]
	if trace != "" {
		if f, err := os.OpenFile(trace, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
			fmt.Fprintf(f, "%s#%d\n", step, n)
			f.Close()
		}
	}
	mu.Unlock()
	if step != at || n != atN {
		return
	}
	fmt.Fprintf(os.Stderr, "crashpoint: killed at %s#%d\n", step, n)
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {} // the signal is on its way
}

// ReachFile is Reach(step + " " + the base name of path).
func ReachFile(step, path string) {
	if at == "" && trace == "" {
		return
	}
	Reach(step + " " + filepath.Base(path))
}
