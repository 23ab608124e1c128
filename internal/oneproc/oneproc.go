// Package oneproc starts a short command-line program on one P
// (GOMAXPROCS 1), until it asks for the runtime's default back.
//
// Each P has its own cache of memory spans, one span per allocation
// size class. A one-shot command whose work runs on one goroutine still
// moves between Ps on a machine with more than one CPU (a goroutine
// preempted after 10 ms, or woken after a blocking call, runs on
// whichever P takes it), and from then on fills a second set of spans;
// the runtime also wakes threads for the idle P, each with stacks of
// its own. On the project's 2-CPU build machine, where the first touch
// of a fresh page costs 11 to 20 µs, the heap in use at the end of
// `ask-nix search firefox` varied from 778 to 1,090 KB between runs of
// one binary, and stayed at 778 to 819 KB on one P (BENCHMARKS.md,
// twentieth session).
//
// The P is set in the package's initialization, before most other
// packages': set later, in main, the switch itself moved the running
// goroutine to another P's empty cache, and cost more page faults than
// it saved. A program imports the package, and calls Release before
// work that runs in parallel (listing hundreds of generations, building
// an index, whose garbage collector uses every P it has). A GOMAXPROCS
// environment variable is the user's choice and is left as it is.
package oneproc

import (
	"runtime"
	"sync/atomic"
	"syscall"
)

// held: init set GOMAXPROCS to 1 and nothing has released it since.
var held atomic.Bool

func init() {
	if _, set := syscall.Getenv("GOMAXPROCS"); set {
		return
	}
	runtime.GOMAXPROCS(1)
	held.Store(true)
}

// Release gives the program the runtime's default GOMAXPROCS back (a P
// for each CPU the process may use) if init took it; otherwise, and when
// called again, it does nothing.
func Release() {
	if held.CompareAndSwap(true, false) {
		runtime.SetDefaultGOMAXPROCS()
	}
}

// Held reports whether the program runs on the one P init set.
func Held() bool { return held.Load() }
