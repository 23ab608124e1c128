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

// pipeWait is how long a pipe on stdin has to bring an answer before the
// run goes ahead as a script's.
const pipeWait = 1000 // ms

// asks reports whether a write waits for a yes: on a terminal, or with
// an answer piped in ("echo n | ask-nix gc --keep 3"), never with -y.
func (g *globals) asks() bool {
	return !g.yes && ((g.isTerminal != nil && g.isTerminal()) || g.answerPiped())
}

// answerPiped reports whether stdin, a pipe or a file, holds an answer.
// A pipe that ends at once (nothing was piped) or stays silent for a
// second (a program that never writes to it) holds none: the run goes
// ahead, as a script's does, and in the second case says so. Decided
// once per run; what it reads ahead stays for the prompt.
func (g *globals) answerPiped() bool {
	if g.piped == nil {
		piped := g.peekStdin()
		g.piped = &piped
	}
	return *g.piped
}

func (g *globals) peekStdin() bool {
	f, ok := g.stdin.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	mode := fi.Mode()
	if !mode.IsRegular() {
		if mode&(os.ModeNamedPipe|os.ModeSocket) == 0 {
			return false // /dev/null, a closed descriptor's stand-in: no answer
		}
		fds := []unix.PollFd{{Fd: int32(f.Fd()), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, pipeWait)
		if err == nil && n == 0 {
			fmt.Fprintf(g.stderr, "ask-nix: no answer came on stdin (a pipe) within %d s: going ahead without asking, as with -y (pass -y to say so)\n", pipeWait/1000)
			return false
		}
		if err != nil || fds[0].Revents&unix.POLLIN == 0 {
			return false // ended with nothing in it
		}
	}
	br := bufio.NewReader(f)
	if _, err := br.Peek(1); err != nil {
		return false
	}
	g.stdin = br
	return true
}

// confirm asks question unless -y was given or there is no one to ask
// (then it goes ahead, as for a script). An empty answer is the default;
// a piped answer is shown after the question, as if typed. The question
// goes to stderr under --json, so stdout stays JSON.
func (g *globals) confirm(ctx context.Context, question string, byDefault bool) (bool, error) {
	if !g.asks() {
		return true, nil
	}
	w := g.stdout
	if g.json {
		w = g.stderr
	}
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
		said := strings.ToLower(strings.TrimSpace(a.line))
		if g.piped != nil && *g.piped {
			fmt.Fprintln(w, said) // piped: not echoed by a terminal
		} else if a.err != nil && a.line == "" {
			fmt.Fprintln(w)
			return false, nil // Ctrl-D
		}
		switch said {
		case "y", "yes":
			return true, nil
		case "":
			return byDefault && a.err == nil, nil
		}
		return false, nil
	}
}
