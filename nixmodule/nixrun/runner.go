// Package nixrun is the one seam between nix-humanity and the processes it
// starts (nix-instantiate, nix-build, nix-env, switch-to-configuration,
// health checks). Every process gets an argv slice; nothing here ever
// goes through a shell. Tests swap the Runner for a recorder or a fake
// (see nixruntest).
package nixrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Cmd is one process to run.
type Cmd struct {
	Argv []string
	// Env is added to the current environment (KEY=VALUE).
	Env []string
	Dir string
	// Stdin, if set, is the process's standard input.
	Stdin io.Reader
	// Stdout and Stderr, if set, receive the stream as it comes (build
	// progress), or once it ends for an Outlive process; the Result
	// still keeps a bounded copy of each.
	Stdout io.Writer
	Stderr io.Writer
	// Outlive lets the process run on when the one that started it dies
	// (an activation, which must not stop halfway). Any other is stopped
	// with its parent: a daemon killed with SIGKILL leaves no nix-build
	// or health check behind (the kernel's parent-death SIGKILL, which
	// reaches the process itself, not what it started: under systemd the
	// unit's cgroup takes those). Once it ends, whatever it left in its
	// process group is killed.
	Outlive bool
	// StdoutTail keeps only the last 64 KiB of stdout, as for stderr: for
	// a program whose answer is its exit code (a health check), which
	// must not fill the daemon's memory however much it prints.
	StdoutTail bool
	// Started, if set, hears the process's pid once it runs (before it
	// ends): an Outlive process's pid is kept for whoever comes next.
	Started func(pid int)
}

// Result is what a finished process left behind.
type Result struct {
	Stdout   []byte // all of it, or the last 64 KiB with StdoutTail
	Stderr   []byte // the last 64 KiB at most
	ExitCode int
	Duration time.Duration
}

// Runner runs processes. Implementations must honour ctx: when it is
// cancelled the process (and its children) are stopped.
type Runner interface {
	Run(ctx context.Context, c Cmd) (Result, error)
}

// ExitError is a process that ran and failed. Its message carries the
// first lines of what the program said, so Nix's own error reaches the
// user instead of a bare exit code.
type ExitError struct {
	Argv     []string
	ExitCode int
	Stderr   []byte
	// Signal is the signal that killed the process (from outside: a
	// cancelled context is reported otherwise), 0 when it exited.
	Signal syscall.Signal
}

func (e *ExitError) Error() string {
	msg := Summary(e.Stderr)
	if e.Signal != 0 {
		killed := fmt.Sprintf("%s was killed by %s", e.Argv[0], unix.SignalName(e.Signal))
		if msg == "" {
			return killed
		}
		return killed + ": " + msg
	}
	if msg == "" {
		return fmt.Sprintf("%s failed with exit code %d", e.Argv[0], e.ExitCode)
	}
	return fmt.Sprintf("%s failed with exit code %d: %s", e.Argv[0], e.ExitCode, msg)
}

// Summary picks the part of a Nix error a person needs: from the first
// line that starts with "error:" (or the whole text if none does), the
// next lines up to and including where it points ("at file:line:col"),
// at most 12 lines.
func Summary(stderr []byte) string {
	text := strings.TrimSpace(string(stderr))
	if text == "" {
		return ""
	}
	lines := strings.Split(text, "\n")
	start := 0
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(stripANSI(l)), "error:") {
			start = i
			break
		}
	}
	var out []string
	for _, l := range lines[start:] {
		l = strings.TrimRight(stripANSI(l), " \t\r")
		if strings.HasPrefix(l, "@nix ") {
			continue
		}
		out = append(out, l)
		if len(out) >= 12 {
			break
		}
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

func stripANSI(s string) string {
	if !strings.Contains(s, "\x1b[") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] < '@' || s[j] > '~') {
				j++
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Exec runs real processes.
type Exec struct {
	// KillGrace is how long a cancelled process gets after SIGTERM before
	// SIGKILL; zero means 5 s.
	KillGrace time.Duration
	// Log hears what the caller should know but that fails nothing (an
	// Outlive process whose output could not go to files); nil is
	// slog.Default().
	Log *slog.Logger
}

const tailSize = 64 << 10

// Run starts c.Argv[0] (looked up on PATH) with the rest as arguments.
func (x Exec) Run(ctx context.Context, c Cmd) (Result, error) {
	if len(c.Argv) == 0 {
		return Result{}, errors.New("nixrun: empty argv")
	}
	cmd := exec.CommandContext(ctx, c.Argv[0], c.Argv[1:]...)
	cmd.Dir = c.Dir
	cmd.Stdin = c.Stdin
	if len(c.Env) > 0 {
		cmd.Env = append(os.Environ(), c.Env...)
	}
	// Own process group, so cancelling stops nix-build's children too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if !c.Outlive {
		// SIGKILL, not SIGTERM: a health check that ignores or handles
		// SIGTERM (a shell script with a trap, a server's graceful stop)
		// would outlive a daemon killed with SIGKILL. See lockForChild
		// for the thread the kernel ties this to.
		cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	}
	grace := x.KillGrace
	if grace == 0 {
		grace = 5 * time.Second
	}
	cmd.WaitDelay = grace

	var stdout interface {
		io.Writer
		Bytes() []byte
	} = &bytes.Buffer{}
	if c.StdoutTail {
		stdout = &tailBuffer{max: tailSize}
	}
	stderr := &tailBuffer{max: tailSize}
	var toStdout, toStderr io.Writer = stdout, stderr
	if c.Stdout != nil {
		toStdout = io.MultiWriter(stdout, c.Stdout)
	}
	if c.Stderr != nil {
		toStderr = io.MultiWriter(stderr, c.Stderr)
	}
	cmd.Stdout, cmd.Stderr = toStdout, toStderr
	var spools []*os.File
	if c.Outlive {
		// A process that outlives this one writes to files, not pipes:
		// a pipe's reader dies with this process, and the next line the
		// child prints would kill it (SIGPIPE) or fail it (EPIPE, which
		// a Rust program panics on) halfway through an activation. Its
		// output is read once it ends, not as it comes.
		if o, e, err := spoolFiles(); err == nil {
			spools = []*os.File{o, e}
			cmd.Stdout, cmd.Stderr = o, e
			defer o.Close()
			defer e.Close()
		} else {
			// Not silent: pipes still carry the output while this process
			// lives, and the process is not refused (a rollback's
			// activation must run), but it is no longer safe from this
			// process's death.
			x.log().Warn("an activation's output goes through pipes, not files: should this process die before it ends, its next line of output kills it", "command", c.Argv[0], "error", err)
		}
	}
	start := time.Now()
	unlock := func() {}
	if !c.Outlive {
		unlock = lockForChild()
	}
	err := cmd.Start()
	if err == nil {
		if c.Started != nil {
			c.Started(cmd.Process.Pid)
		}
		if !c.Outlive {
			// Once the process ended (not yet reaped, so its pid still
			// names its group and no other), what it left in its group
			// goes too: a check's background child, a child that ignored
			// the SIGTERM of a timeout. Its death no longer depends on
			// this thread.
			waitExited(cmd.Process.Pid)
			unlock()
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
		err = cmd.Wait()
	}
	unlock()
	if spools != nil {
		for i, w := range []io.Writer{toStdout, toStderr} {
			if _, serr := spools[i].Seek(0, io.SeekStart); serr == nil {
				_, _ = io.Copy(w, spools[i])
			}
		}
	}
	res := Result{Stdout: stdout.Bytes(), Stderr: stderr.Bytes(), Duration: time.Since(start)}
	if cmd.ProcessState != nil {
		res.ExitCode = cmd.ProcessState.ExitCode()
	}
	if err != nil {
		if ctx.Err() != nil {
			return res, fmt.Errorf("%s stopped: %w", c.Argv[0], ctx.Err())
		}
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			xe := &ExitError{Argv: c.Argv, ExitCode: res.ExitCode, Stderr: res.Stderr}
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				xe.Signal = ws.Signal()
			}
			return res, xe
		}
		if errors.Is(err, exec.ErrNotFound) {
			return res, fmt.Errorf("running %s: it is not installed or not on PATH (%s): %w", c.Argv[0], os.Getenv("PATH"), err)
		}
		return res, fmt.Errorf("running %s: %w", c.Argv[0], err)
	}
	return res, nil
}

// lockForChild wires the calling goroutine to its OS thread until the
// returned function is called (once or more). Linux sends a child's
// Pdeathsig when the thread that forked it ends, not the process: were
// the goroutine that started a child to move to another thread, and the
// thread it left ended (the Go runtime ends a thread whose goroutine
// exits while locked to it), the child would be killed while its
// parent lives. Held from the start until the child has ended, the
// thread runs nothing else, so it ends only with this process.
func lockForChild() (unlock func()) {
	runtime.LockOSThread()
	var once sync.Once
	return func() { once.Do(runtime.UnlockOSThread) }
}

// waitExited waits until process pid (a child) has ended, without
// reaping it: until cmd.Wait reaps it, its pid is not given to another
// process, so a signal to its process group reaches only what it left.
func waitExited(pid int) {
	var info unix.Siginfo
	for {
		err := unix.Waitid(unix.P_PID, pid, &info, unix.WEXITED|unix.WNOWAIT, nil)
		if err != unix.EINTR {
			return
		}
	}
}

func (x Exec) log() *slog.Logger {
	if x.Log != nil {
		return x.Log
	}
	return slog.Default()
}

// spoolFiles are two unnamed files for a process's stdout and stderr,
// so nothing is left behind however the processes end: in memory
// (memfd_create), which needs no writable directory, else created in
// the temporary directory and unlinked at once.
func spoolFiles() (stdout, stderr *os.File, err error) {
	if stdout, err = spoolFile(); err != nil {
		return nil, nil, err
	}
	if stderr, err = spoolFile(); err != nil {
		stdout.Close()
		return nil, nil, err
	}
	return stdout, stderr, nil
}

// memfdCreate is unix.MemfdCreate; tests make it fail.
var memfdCreate = unix.MemfdCreate

func spoolFile() (*os.File, error) {
	fd, merr := memfdCreate("nixrun-output", unix.MFD_CLOEXEC)
	if merr == nil {
		return os.NewFile(uintptr(fd), "nixrun-output"), nil
	}
	f, err := os.CreateTemp("", "nixrun-output-*")
	if err != nil {
		return nil, fmt.Errorf("no file for its output, in memory (%v) or in %s (%w)", merr, os.TempDir(), err)
	}
	_ = os.Remove(f.Name())
	return f, nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	buf []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if len(t.buf) > 2*t.max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) Bytes() []byte {
	if len(t.buf) > t.max {
		return t.buf[len(t.buf)-t.max:]
	}
	return t.buf
}
