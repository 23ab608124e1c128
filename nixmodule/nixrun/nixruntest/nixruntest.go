// Package nixruntest holds test doubles for the nixrun seam and the set-up
// for tests that run real Nix.
package nixruntest

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"sync"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// Recorder runs every command through Next (the real runner by default)
// and remembers what ran, so a test can assert that nothing ran at all.
type Recorder struct {
	Next nixrun.Runner

	mu    sync.Mutex
	calls []nixrun.Cmd
}

// Run records c and passes it on.
func (r *Recorder) Run(ctx context.Context, c nixrun.Cmd) (nixrun.Result, error) {
	r.mu.Lock()
	r.calls = append(r.calls, c)
	r.mu.Unlock()
	next := r.Next
	if next == nil {
		next = nixrun.Exec{}
	}
	return next.Run(ctx, c)
}

// Calls returns the commands run so far.
func (r *Recorder) Calls() []nixrun.Cmd {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
}

// Argv0s returns the program names run so far, in order.
func (r *Recorder) Argv0s() []string {
	var out []string
	for _, c := range r.Calls() {
		out = append(out, c.Argv[0])
	}
	return out
}

// Reset forgets the calls recorded so far.
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.calls = nil
	r.mu.Unlock()
}

// Func adapts a function to nixrun.Runner, for fakes written inline.
type Func func(ctx context.Context, c nixrun.Cmd) (nixrun.Result, error)

// Run calls f.
func (f Func) Run(ctx context.Context, c nixrun.Cmd) (nixrun.Result, error) { return f(ctx, c) }

// NixConfig is the configuration real-Nix tests run with on these
// machines: root without a nixbld group, no network, no sandbox.
const NixConfig = "build-users-group =\nsubstituters =\nsandbox = false\nexperimental-features = nix-command flakes"

// RequireNix makes sure the Nix tools are on PATH and configured for
// tests. It fails the test, never skips it: CI installs Nix, and a test
// that silently skipped there would prove nothing.
func RequireNix(tb testing.TB) {
	tb.Helper()
	for _, tool := range []string{"nix-instantiate", "nix-build", "nix-env", "nix-store"} {
		if _, err := exec.LookPath(tool); err != nil {
			tb.Fatalf("%s is not on PATH: these tests run real Nix (install Debian's nix-bin, see .ci/run)", tool)
		}
	}
	setNixConfig()
}

// setNixConfig gives the test binary NixConfig when the environment has
// no NIX_CONFIG (go test run without make): for the whole process, once,
// since a parallel test may not call tb.Setenv.
var setNixConfig = sync.OnceFunc(func() {
	if os.Getenv("NIX_CONFIG") == "" {
		os.Setenv("NIX_CONFIG", NixConfig)
	}
})
