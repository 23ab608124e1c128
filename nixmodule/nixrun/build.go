package nixrun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// BuildRequest builds an evaluated derivation.
type BuildRequest struct {
	Drv string
	// OutLink is the GC root Nix registers for the result (--out-link):
	// what is built stays until this link goes, and a garbage
	// collection during the pass cannot take it.
	OutLink string
	// OnProgress and OnLogLine follow the build as it goes.
	OnProgress func(Progress)
	OnLogLine  func(name, line string)
	// Stderr, if set, also gets Nix's raw internal-json stream.
	Stderr io.Writer
}

// BuildError is a build that failed, with what Nix said about it.
type BuildError struct {
	Drv string
	// Text is Nix's error and the failed builder's last log lines.
	Text string
	Err  error
}

func (e *BuildError) Error() string {
	if e.Text == "" {
		return fmt.Sprintf("building %s failed: %v", DrvName(e.Drv), e.Err)
	}
	return fmt.Sprintf("building %s failed:\n%s", DrvName(e.Drv), e.Text)
}

func (e *BuildError) Unwrap() error { return e.Err }

// Build realises req.Drv with progress on --log-format internal-json and
// returns the output path, read from the out-link.
func Build(ctx context.Context, r Runner, req BuildRequest) (string, error) {
	if req.Drv == "" || req.OutLink == "" {
		return "", errors.New("build: a derivation and an out-link are needed")
	}
	// nix-build, for flakes too: the derivation is already evaluated, and
	// nix-build realises a .drv's outputs on every Nix version, where
	// `nix build /nix/store/….drv` builds only the .drv file itself since
	// Nix 2.15 (it needs ^out there, and !out before 2.13).
	argv := []string{"nix-build", req.Drv, "--out-link", req.OutLink, "--log-format", "internal-json"}
	lr := &LogReader{OnProgress: req.OnProgress, OnLogLine: req.OnLogLine}
	var stderr io.Writer = lr
	if req.Stderr != nil {
		stderr = io.MultiWriter(lr, req.Stderr)
	}
	_, err := r.Run(ctx, Cmd{Argv: argv, Stderr: stderr})
	if err != nil {
		if ctx.Err() != nil {
			return "", err
		}
		return "", &BuildError{Drv: req.Drv, Text: lr.ErrorText(), Err: err}
	}
	out, err := os.Readlink(req.OutLink)
	if err != nil {
		return "", fmt.Errorf("the build left no result at %s: %w", req.OutLink, err)
	}
	// nix-build names a single output's link exactly OutLink; a
	// multi-output result would be OutLink-<name>, which a system is not.
	if !strings.HasPrefix(out, "/") {
		return "", fmt.Errorf("%s points at %q, not a store path", req.OutLink, out)
	}
	return out, nil
}
