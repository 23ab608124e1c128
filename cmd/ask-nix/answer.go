package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// terminals says which standard streams are terminals.
type terminals struct{ stdin, stdout, stderr bool }

// term is g.terminals(), none when it is not set.
func (g *globals) term() terminals {
	if g.terminals == nil {
		return terminals{}
	}
	return g.terminals()
}

// asks reports whether a change waits for an answer, never with -y: when
// stdin is a terminal to answer on and stdout or stderr one to show the
// question on. With stdout piped or redirected (ask-nix ... | less,
// > out.json) the question and what it is about go to stderr (see
// promptOut): a person at the terminal is asked all the same. stdin that
// is no terminal is never read for an answer: it may be a script's input
// ("while read l; do ask-nix "$l"; done < requests"), where reading ahead
// would eat the next request.
func (g *globals) asks() bool {
	if g.yes {
		return false
	}
	t := g.term()
	return t.stdin && (t.stdout || t.stderr)
}

// promptOut is where a question goes, and the plan it asks about: stdout
// on a terminal, else stderr (under --json, so stdout stays one JSON
// document, and when stdout is piped or redirected, where the person
// asked would not see it).
func (g *globals) promptOut() io.Writer {
	if g.json || !g.term().stdout {
		return g.stderr
	}
	return g.stdout
}

// unasked says, once, that a change goes ahead without a question while
// stdin is a pipe or a file with something in it (someone may have meant
// to answer there: "echo n | ask-nix ..."); nothing for /dev/null or an
// empty pipe, a script's usual stdin, or with -y.
func (g *globals) unasked() {
	if g.yes || g.asks() || g.saidUnasked {
		return
	}
	if g.term().stdin {
		// Someone may be at the terminal, with the output going
		// elsewhere (ask-nix ... > out 2> err).
		g.saidUnasked = true
		fmt.Fprintln(g.stderr, "ask-nix: neither stdout nor stderr is a terminal, so nothing was asked: done as with -y (pass -y to say so, or leave stderr on the terminal to be asked)")
		return
	}
	f, ok := g.stdin.(*os.File)
	if !ok {
		return
	}
	fi, err := f.Stat()
	switch {
	case err != nil:
		return
	case fi.Mode().IsRegular():
		if off, err := f.Seek(0, io.SeekCurrent); err != nil || off >= fi.Size() {
			return // nothing left to read
		}
	case fi.Mode()&(os.ModeNamedPipe|os.ModeSocket) != 0:
		// Something in the pipe may be someone's answer ("echo n |"); an
		// empty one is a script's. A glance (time for such an echo to
		// arrive), never a read.
		fds := []unix.PollFd{{Fd: int32(f.Fd()), Events: unix.POLLIN}}
		if n, err := unix.Poll(fds, pipeGlance); err != nil || n == 0 || fds[0].Revents&unix.POLLIN == 0 {
			return
		}
	default:
		return
	}
	g.saidUnasked = true
	fmt.Fprintln(g.stderr, "ask-nix: stdin is not a terminal, so nothing was asked and nothing read from it: done as with -y (pass -y to say so; ssh -t gives a terminal to answer on)")
}

// pipeGlance is how long (ms) unasked waits for something to show in a
// pipe.
const pipeGlance = 50

// errNeedsYes refuses a deletion no one could be asked about.
var errNeedsYes = errors.New("deleting needs a yes: run it on a terminal to be asked, or pass -y")

// confirm asks question on a terminal unless -y was given; elsewhere it
// goes ahead, as for a script (saying so when stdin is a pipe or a file).
// An empty answer is the default; "y", "yes" (and "yes please") is yes,
// anything else no. The question goes to promptOut: stderr under --json,
// so stdout stays JSON, or when stdout is no terminal.
func (g *globals) confirm(ctx context.Context, question string, byDefault bool) (bool, error) {
	if !g.asks() {
		g.unasked()
		return true, nil
	}
	w := g.promptOut()
	io.WriteString(w, question)
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
		if a.err != nil && a.line == "" {
			fmt.Fprintln(w)
			return false, nil // Ctrl-D
		}
		first, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(a.line)), " ")
		switch strings.Trim(first, ",.!") {
		case "y", "yes":
			return true, nil
		case "":
			return byDefault, nil
		}
		return false, nil
	}
}
