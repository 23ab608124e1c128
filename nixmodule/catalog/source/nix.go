package source

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// Progress is told, now and then, how far a Nix run has got: bytes of
// JSON received and attributes evaluated (nix search reports these; 0
// for nix-env, which says nothing while it evaluates).
type Progress func(bytes int64, evaluated int64)

// NixCommand is the command that lists every package of nixpkgs: a flake
// reference (with ':' or a bare registry name like "nixpkgs") goes to
// `nix search --json REF ^`, anything else (a <lookup> path or a
// directory) to `nix-env -f NIXPKGS -qaP --json --meta`.
func NixCommand(nixpkgs string) ([]string, Format) {
	if IsFlakeRef(nixpkgs) {
		return []string{"nix", "search", "--json", nixpkgs, "^"}, FormatNixSearch
	}
	return []string{"nix-env", "-f", nixpkgs, "-qaP", "--json", "--meta"}, FormatNixEnv
}

// IsFlakeRef reports whether nixpkgs names a flake rather than a Nix
// file, directory or <lookup> path.
func IsFlakeRef(nixpkgs string) bool {
	switch {
	case strings.HasPrefix(nixpkgs, "<"), strings.HasPrefix(nixpkgs, "/"),
		strings.HasPrefix(nixpkgs, "./"), strings.HasPrefix(nixpkgs, "../"),
		strings.HasPrefix(nixpkgs, "~"):
		return false
	}
	return strings.Contains(nixpkgs, ":") || !strings.Contains(nixpkgs, "/")
}

// FromNix lists the packages of nixpkgs by running Nix (argv only,
// through the runner).
func FromNix(ctx context.Context, r nixrun.Runner, nixpkgs string, progress Progress) ([]Package, Format, error) {
	if nixpkgs == "" {
		return nil, "", fmt.Errorf("no nixpkgs configured (set NIX_HUMANITY_NIXPKGS, or use --from FILE)")
	}
	if strings.HasPrefix(nixpkgs, "-") {
		return nil, "", fmt.Errorf("nixpkgs %q starts with '-': not a path or flake reference", nixpkgs)
	}
	argv, _ := NixCommand(nixpkgs)
	var out, evaluated atomic.Int64
	// Nix's stdout and stderr are read on two goroutines; progress is
	// called from one at a time.
	var mu sync.Mutex
	report := func() {
		if progress != nil {
			mu.Lock()
			progress(out.Load(), evaluated.Load())
			mu.Unlock()
		}
	}
	res, err := r.Run(ctx, nixrun.Cmd{
		Argv: argv,
		Stdout: writerFunc(func(p []byte) {
			out.Add(int64(len(p)))
			report()
		}),
		Stderr: &lineCounter{prefix: []byte("evaluating '"), n: &evaluated, onLine: report},
	})
	if err != nil {
		return nil, "", fmt.Errorf("listing the packages of %s: %w", nixpkgs, err)
	}
	pkgs, format, skipped, err := ParsePackages(res.Stdout)
	if err != nil {
		return nil, "", fmt.Errorf("reading the output of %s: %w", strings.Join(argv[:2], " "), err)
	}
	if len(pkgs) == 0 {
		return nil, "", fmt.Errorf("%s listed no packages for %s (%d entries unusable)", argv[0], nixpkgs, skipped)
	}
	return pkgs, format, nil
}

type writerFunc func([]byte)

func (f writerFunc) Write(p []byte) (int, error) { f(p); return len(p), nil }

// lineCounter counts stderr lines that start with prefix, across writes.
type lineCounter struct {
	prefix []byte
	n      *atomic.Int64
	onLine func()
	line   []byte
}

func (l *lineCounter) Write(p []byte) (int, error) {
	for _, c := range p {
		if c == '\n' {
			if bytes.HasPrefix(l.line, l.prefix) {
				l.n.Add(1)
				l.onLine()
			}
			l.line = l.line[:0]
			continue
		}
		if len(l.line) < len(l.prefix) {
			l.line = append(l.line, c)
		}
	}
	return len(p), nil
}
