package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// How long a pipe on stdin is waited for: a moment at the start, to tell
// a pipe that ended empty (a script's) from one that has an answer or is
// still open; then, once the question is shown, a second for the answer
// before the run goes ahead as a script's.
const (
	pipeGlance = 50   // ms
	pipeWait   = 1000 // ms
)

// stdinState is what stdin, when it is no terminal, holds for a prompt.
type stdinState int

const (
	stdinNone   stdinState = iota // a device (/dev/null), or ended empty: a script's
	stdinAnswer                   // something to read
	stdinSilent                   // an open pipe, nothing in it yet
)

// asks reports whether a change waits for an answer: on a terminal, or
// with an answer piped in ("echo n | ask-nix gc --keep 3") or a pipe that
// may still bring one; never with -y. The plan is shown before the
// question either way.
func (g *globals) asks() bool {
	if g.yes {
		return false
	}
	if g.isTerminal != nil && g.isTerminal() {
		return true
	}
	return g.stdinState() != stdinNone
}

// stdinState looks at stdin once; what it reads ahead stays for the
// answer.
func (g *globals) stdinState() stdinState {
	if g.stdinSeen != nil {
		return *g.stdinSeen
	}
	st := g.lookAtStdin(pipeGlance)
	g.stdinSeen = &st
	return st
}

func (g *globals) lookAtStdin(waitMs int) stdinState {
	f, ok := g.stdin.(*os.File)
	if !ok {
		return stdinNone
	}
	fi, err := f.Stat()
	if err != nil {
		return stdinNone
	}
	m := fi.Mode()
	switch {
	case m.IsRegular():
	case m&(os.ModeNamedPipe|os.ModeSocket) != 0:
		fds := []unix.PollFd{{Fd: int32(f.Fd()), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, waitMs)
		if err == nil && n == 0 {
			return stdinSilent
		}
		if err != nil || fds[0].Revents&unix.POLLIN == 0 {
			return stdinNone
		}
	default:
		return stdinNone
	}
	br := bufio.NewReader(f)
	if _, err := br.Peek(1); err != nil {
		return stdinNone
	}
	g.stdin = br
	return stdinAnswer
}

// confirm asks question unless -y was given or there is no one to ask
// (then it goes ahead, as for a script). An empty answer is the default;
// "y", "yes" (and "yes please") is yes, anything else no. A piped answer
// is shown after the question, as if typed; a pipe that ends empty, or
// brings nothing within pipeWait, is a script's, and the run goes ahead
// (saying so in the second case). The question goes to stderr under
// --json, so stdout stays JSON.
func (g *globals) confirm(ctx context.Context, question string, byDefault bool) (bool, error) {
	if !g.asks() {
		return true, nil
	}
	w := g.stdout
	if g.json {
		w = g.stderr
	}
	io.WriteString(w, question)
	terminal := g.isTerminal != nil && g.isTerminal()
	if !terminal && g.stdinState() == stdinSilent {
		switch g.lookAtStdin(pipeWait) {
		case stdinNone:
			fmt.Fprintln(w)
			return true, nil
		case stdinSilent:
			fmt.Fprintln(w)
			fmt.Fprintf(g.stderr, "ask-nix: no answer came on stdin (a pipe) within %d s: going ahead without asking, as with -y (pass -y to say so; ssh -t gives a terminal to answer on)\n", pipeWait/1000)
			return true, nil
		}
	}
	type answer struct {
		line string
		err  error
	}
	ch := make(chan answer, 1)
	// The read cannot be interrupted, so it runs aside and Ctrl-C (ctx)
	// wins; the process exits right after.
	go func() {
		line, err := bufio.NewReader(g.stdin).ReadString('\n')
		ch <- answer{line, err}
	}()
	select {
	case <-ctx.Done():
		fmt.Fprintln(w)
		return false, fmt.Errorf("interrupted at the prompt; nothing was changed: %w", ctx.Err())
	case a := <-ch:
		said := strings.ToLower(strings.TrimSpace(a.line))
		if !terminal {
			fmt.Fprintln(w, said) // not echoed by a terminal
		} else if a.err != nil && a.line == "" {
			fmt.Fprintln(w)
			return false, nil // Ctrl-D
		}
		first, _, _ := strings.Cut(said, " ")
		switch strings.Trim(first, ",.!") {
		case "y", "yes":
			return true, nil
		case "":
			return byDefault && a.err == nil, nil
		}
		return false, nil
	}
}
