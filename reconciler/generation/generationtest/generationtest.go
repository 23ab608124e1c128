// Package generationtest builds real store paths shaped like NixOS system
// toplevels (toplevels.nix, built with real Nix) and lays out profile
// directories of generation links over them, for the tests and benchmarks
// of reconciler/generation and its users.
package generationtest

import (
	"context"
	_ "embed"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

// Expr is toplevels.nix: see the comment at its top.
//
//go:embed toplevels.nix
var Expr []byte

// Names are the toplevels Toplevels builds.
var Names = []string{"full", "plain", "newer", "noVersion", "noKernel", "emptyDirs", "bare"}

// Meta is what the generation reader must find in each toplevel.
type Meta struct {
	NixosVersion          string
	KernelVersion         string
	ConfigurationRevision string
	Specialisations       []string
}

// Want is the metadata of each toplevel in Names, as toplevels.nix lays
// it out.
var Want = map[string]Meta{
	"full":      {"25.11.1234", "6.12.9", "1f0c2d3e4b5a69788796a5b4c3d2e1f001234567", []string{"gaming", "minimal"}},
	"plain":     {"25.11.1300", "6.12.9", "", []string{}},
	"newer":     {"25.11.1400", "6.12.10", "deadbeef", []string{"vm"}},
	"noVersion": {"", "6.12.9", "cafe", []string{}},
	"noKernel":  {"25.11.1234", "", "", []string{}},
	"emptyDirs": {"25.11.1500", "", "", []string{}},
	"bare":      {"", "", "", []string{}},
}

var (
	mu    sync.Mutex
	built = map[string]map[string]string{} // store dir -> name -> path
)

// Toplevels builds every toplevel in Names with real Nix (once per store
// directory per test binary) and returns their store paths by name. It
// fails the test when Nix is missing or the build fails.
func Toplevels(tb testing.TB) map[string]string {
	tb.Helper()
	nixruntest.RequireNix(tb)
	store := os.Getenv("NIX_STORE_DIR")
	mu.Lock()
	defer mu.Unlock()
	if m, ok := built[store]; ok {
		return m
	}
	file, cleanup := exprFile(tb)
	defer cleanup()
	argv := []string{"nix-build", file, "--no-out-link"}
	for _, n := range Names {
		argv = append(argv, "-A", n)
	}
	res, err := nixrun.Exec{}.Run(context.Background(), nixrun.Cmd{Argv: argv})
	if err != nil {
		tb.Fatalf("building the test toplevels: %v", err)
	}
	paths := strings.Fields(string(res.Stdout))
	if len(paths) != len(Names) {
		tb.Fatalf("nix-build printed %d paths for %d toplevels: %q", len(paths), len(Names), res.Stdout)
	}
	m := map[string]string{}
	for i, n := range Names {
		m[n] = paths[i]
	}
	built[store] = m
	return m
}

// Link makes the symlink path -> target and gives the link itself the
// time mtime, as nix-env would have when it made the generation then.
func Link(tb testing.TB, path, target string, mtime time.Time) {
	tb.Helper()
	if err := os.Symlink(target, path); err != nil {
		tb.Fatal(err)
	}
	if err := SetLinkTime(path, mtime); err != nil {
		tb.Fatal(err)
	}
}

// SetLinkTime sets a symlink's own access and modification times (not
// its target's).
func SetLinkTime(path string, t time.Time) error {
	ts := []unix.Timespec{unix.NsecToTimespec(t.UnixNano()), unix.NsecToTimespec(t.UnixNano())}
	return unix.UtimesNanoAt(unix.AT_FDCWD, path, ts, unix.AT_SYMLINK_NOFOLLOW)
}

// PrivateStore points Nix (and generation.StoreDir) at a store of the
// test's own, so a test can delete store paths and collect garbage for
// real without touching the machine's store. It returns the store
// directory. Tests that use it cannot run in parallel (it sets the
// environment).
func PrivateStore(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	t.Cleanup(func() {
		// Store paths are read-only; make them removable again.
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o755)
			}
			return nil
		})
	})
	t.Setenv("NIX_STORE_DIR", filepath.Join(root, "store"))
	t.Setenv("NIX_STATE_DIR", filepath.Join(root, "var"))
	t.Setenv("NIX_LOG_DIR", filepath.Join(root, "log"))
	return filepath.Join(root, "store")
}

var manyBuilt = map[string][]string{} // store dir + count -> paths

// Many builds n distinct full toplevels (the `many` derivation of
// toplevels.nix, one output each) with real Nix, once per store directory
// per test binary, and returns their store paths.
func Many(tb testing.TB, n int) []string {
	tb.Helper()
	nixruntest.RequireNix(tb)
	key := os.Getenv("NIX_STORE_DIR") + "\x00" + strconv.Itoa(n)
	mu.Lock()
	defer mu.Unlock()
	if p, ok := manyBuilt[key]; ok {
		return p
	}
	file, cleanup := exprFile(tb)
	defer cleanup()
	res, err := nixrun.Exec{}.Run(context.Background(), nixrun.Cmd{Argv: []string{
		"nix-build", file, "--no-out-link", "-A", "many.all", "--arg", "count", strconv.Itoa(n)}})
	if err != nil {
		tb.Fatalf("building %d toplevels: %v", n, err)
	}
	paths := strings.Fields(string(res.Stdout))
	if len(paths) != n+1 {
		tb.Fatalf("nix-build printed %d paths for %d toplevels", len(paths), n)
	}
	manyBuilt[key] = paths[1:] // paths[0] is the empty "out"
	return paths[1:]
}

// exprFile writes Expr to a file of its own for nix-build; cleanup
// removes it.
func exprFile(tb testing.TB) (file string, cleanup func()) {
	tb.Helper()
	dir, err := os.MkdirTemp("", "generationtest-")
	if err != nil {
		tb.Fatal(err)
	}
	file = filepath.Join(dir, "toplevels.nix")
	if err := os.WriteFile(file, Expr, 0o644); err != nil {
		os.RemoveAll(dir)
		tb.Fatal(err)
	}
	return file, func() { os.RemoveAll(dir) }
}
