package txn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// check is a `nix-instantiate --parse -` started before the new text
// exists: Nix's own start-up (most of its time) overlaps with taking the
// lock and planning, and the text goes to its stdin once ready.
type check struct {
	note   string // why there is no check, if there is none
	w      *os.File
	done   chan error
	cancel context.CancelFunc
}

// startCheck starts the parser, or returns a check that only says why
// there is none (no runner, nix-instantiate not on PATH).
func (s *Store) startCheck(ctx context.Context) *check {
	if s.Runner == nil {
		return &check{note: "the new fragment was not checked with nix-instantiate --parse (no Nix runner)"}
	}
	if _, err := s.lookPath("nix-instantiate"); err != nil {
		return &check{note: "nix-instantiate is not on PATH, so the new fragment was checked by ask-nix's own parser only"}
	}
	r, w, err := os.Pipe()
	if err != nil {
		return &check{note: fmt.Sprintf("the new fragment was not checked with nix-instantiate --parse: %v", err)}
	}
	cctx, cancel := context.WithCancel(ctx)
	c := &check{w: w, done: make(chan error, 1), cancel: cancel}
	go func() {
		_, err := s.Runner.Run(cctx, nixrun.Cmd{Argv: []string{"nix-instantiate", "--parse", "-"}, Stdin: r})
		// The child has its own copy; closing ours lets a write to a
		// parser that is gone fail instead of wait.
		r.Close()
		c.done <- err
	}()
	return c
}

// finish gives the parser the new text and waits for its verdict.
func (c *check) finish(ctx context.Context, content []byte, res *Result) error {
	if c.w == nil {
		res.Notes = append(res.Notes, c.note)
		return nil
	}
	// A write error means the parser already ended; its own error says why.
	w := c.w
	c.w = nil
	go func() {
		_, _ = w.Write(content)
		w.Close()
	}()
	err := <-c.done
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("stopped while checking the new fragment: %w; nothing was written", ctx.Err())
		}
		if !parserRejected(err) {
			// Nix could not start or reach its store (a user without
			// access to the daemon socket, a broken install): not a
			// verdict on the text.
			return fmt.Errorf("the new fragment could not be checked, so nothing was written: %w. This is how Nix is set up for this user, not the request: run ask-nix as a user that can run nix-instantiate (root, or one the Nix daemon allows)", err)
		}
		return fmt.Errorf("nix-instantiate --parse rejects the new fragment, so nothing was written (ask-nix should never produce this; please report it with your request): %w", err)
	}
	res.Validated = true
	return nil
}

// abort stops a parser that was not needed (nothing to change, a refusal,
// an error). It does not wait: the process is told to stop.
func (c *check) abort() {
	if c.cancel != nil {
		c.cancel()
	}
	if c.w != nil {
		c.w.Close()
	}
}

// parserRejected reports whether the parser read the text and refused
// it: its error points into its input («stdin»), as every parse error
// does, where a Nix that cannot run says something else.
func parserRejected(err error) bool {
	var ee *nixrun.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	return bytes.Contains(ee.Stderr, []byte("«stdin»")) || bytes.Contains(ee.Stderr, []byte("(stdin)"))
}
