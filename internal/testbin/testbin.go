// Package testbin helps tests that run this repository's commands as
// separate processes, the way people and systemd do: it builds them,
// keeps the caller's settings out of them, and collects their output.
package testbin

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Build builds the Go package at dir (relative to the test's working
// directory, e.g. "." or "../ask-nix") into a temporary folder and
// returns the binary's path, named after the folder.
func Build(tb testing.TB, dir string) string {
	tb.Helper()
	return BuildTags(tb, dir)
}

// BuildTags is Build with build tags: "crashtest" gives a binary that
// kills itself at the step NIX_HUMANITY_CRASH_AT names
// (internal/crashpoint). It goes in a folder of its own, so a test may
// build one package with and without tags.
func BuildTags(tb testing.TB, dir string, tags ...string) string {
	tb.Helper()
	// go test puts its own toolchain first on PATH; a plain shell may
	// only have the default install.
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = "/usr/local/go/bin/go"
		if _, serr := os.Stat(goTool); serr != nil {
			tb.Fatalf("the go tool is not on PATH (needed to build %s): %v", dir, err)
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		tb.Fatal(err)
	}
	bin := filepath.Join(tb.TempDir(), filepath.Base(abs))
	args := []string{"build", "-o", bin}
	if len(tags) > 0 {
		args = append(args, "-tags", strings.Join(tags, ","))
	}
	cmd := exec.Command(goTool, append(args, ".")...)
	cmd.Dir = abs
	// Static, as `make build` and the Nix package build it: a cgo build
	// starts through the dynamic loader and libc, which on a machine
	// with slow page faults adds milliseconds to every process a test
	// or benchmark times.
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build %s: %v\n%s", dir, err, out)
	}
	return bin
}

// ClearSettingsEnv removes every NIX_HUMANITY_* variable from the test
// process's environment, for a TestMain to call before the tests run:
// settings from the caller's environment outrank the files a test writes,
// and would leak into the processes it starts.
func ClearSettingsEnv() {
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "NIX_HUMANITY_") {
			os.Unsetenv(k)
		}
	}
}

// SyncBuffer collects what a process or a logger under test writes, safe
// to read while it is still being written.
type SyncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Get fetches url from a server under test: the status code and the
// body. A request that fails at all fails the test.
func Get(tb testing.TB, url string) (int, string) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
