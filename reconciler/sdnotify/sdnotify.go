// Package sdnotify tells systemd how the daemon is doing (Type=notify):
// READY=1 once the first scan is done, STATUS= with the current phase,
// WATCHDOG=1 while it is alive (WatchdogSec=), STOPPING=1 on the way
// out. It is the sd_notify(3) protocol written with the standard
// library: one datagram to the unix socket named by $NOTIFY_SOCKET.
// Without that variable (not under systemd, or another service type)
// every call does nothing and says so.
package sdnotify

import (
	"fmt"
	"math"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// Notifier sends notifications to one socket. The zero value and a nil
// *Notifier are valid and send nothing.
type Notifier struct {
	addr string // "" disables; "@name" is an abstract socket
	// watchdog is systemd's WatchdogSec (0: none), watchdogErr why the
	// environment's value could not be used.
	watchdog    time.Duration
	watchdogErr error

	mu         sync.Mutex
	ready      bool
	lastStatus string
}

// New returns a Notifier for the socket in $NOTIFY_SOCKET, read with
// getenv, and the watchdog systemd set up for this process
// ($WATCHDOG_USEC, for the pid in $WATCHDOG_PID when that is set). A nil
// getenv means no socket.
func New(getenv func(string) string) *Notifier {
	if getenv == nil {
		return &Notifier{}
	}
	n := &Notifier{addr: getenv("NOTIFY_SOCKET")}
	n.watchdog, n.watchdogErr = watchdogTimeout(getenv, os.Getpid())
	return n
}

// watchdogTimeout reads the watchdog's timeout as sd_watchdog_enabled(3)
// does: $WATCHDOG_USEC microseconds, meant for us unless $WATCHDOG_PID
// names another process (a child that inherited the variables).
func watchdogTimeout(getenv func(string) string, pid int) (time.Duration, error) {
	v := getenv("WATCHDOG_USEC")
	if v == "" {
		return 0, nil
	}
	usec, err := strconv.ParseUint(v, 10, 63)
	if err != nil || usec == 0 {
		return 0, fmt.Errorf("WATCHDOG_USEC=%q is not a positive number of microseconds; not sending WATCHDOG=1", v)
	}
	if p := getenv("WATCHDOG_PID"); p != "" {
		wp, err := strconv.Atoi(p)
		if err != nil {
			return 0, fmt.Errorf("WATCHDOG_PID=%q is not a pid; not sending WATCHDOG=1", p)
		}
		if wp != pid {
			return 0, nil // another process's watchdog
		}
	}
	if usec > math.MaxInt64/uint64(time.Microsecond) {
		// Longer than a Duration holds (~292 years): the longest one,
		// not the product wrapped around to a negative timeout.
		return math.MaxInt64, nil
	}
	return time.Duration(usec) * time.Microsecond, nil
}

// Watchdog is systemd's watchdog timeout for this process (0: none), and
// why the environment's value could not be used, if it could not. The
// daemon pings at half of it (WatchdogEvery), as sd_watchdog_enabled(3)
// advises.
func (n *Notifier) Watchdog() (time.Duration, error) {
	if !n.Enabled() {
		return 0, nil
	}
	return n.watchdog, n.watchdogErr
}

// WatchdogEvery is how often to send WATCHDOG=1: half the timeout, so
// one late ping is not fatal; 0 when there is no watchdog.
func (n *Notifier) WatchdogEvery() time.Duration {
	d, _ := n.Watchdog()
	return d / 2
}

// PingWatchdog sends WATCHDOG=1: the daemon is alive. Send it only when
// it is (the health check says so); silence is how systemd learns that
// it hangs. Nothing is sent without a watchdog.
func (n *Notifier) PingWatchdog() error {
	if d, _ := n.Watchdog(); d == 0 {
		return nil
	}
	_, err := n.Send("WATCHDOG=1")
	return err
}

// Enabled reports whether a socket is configured.
func (n *Notifier) Enabled() bool { return n != nil && n.addr != "" }

// socketAddr turns the variable's value into a unixgram address: a
// leading '@' names an abstract socket, whose name starts with a NUL byte
// (Go's net package does that conversion itself for '@').
func socketAddr(v string) (*net.UnixAddr, error) {
	switch {
	case strings.HasPrefix(v, "/"), strings.HasPrefix(v, "@"):
		return &net.UnixAddr{Name: v, Net: "unixgram"}, nil
	}
	return nil, fmt.Errorf("NOTIFY_SOCKET=%q is neither an absolute path nor an abstract name starting with @", v)
}

// Send writes one notification of newline-separated KEY=VALUE
// assignments. It returns false and no error when notification is off.
func (n *Notifier) Send(msg string) (bool, error) {
	if !n.Enabled() {
		return false, nil
	}
	addr, err := socketAddr(n.addr)
	if err != nil {
		return false, err
	}
	conn, err := net.DialUnix("unixgram", nil, addr)
	if err != nil {
		return false, fmt.Errorf("notify systemd at %s: %w", n.addr, err)
	}
	defer conn.Close()
	// systemd reads the socket at once; a full buffer means it is gone,
	// and the daemon must not hang on it.
	_ = conn.SetWriteDeadline(time.Now().Add(time.Second))
	if _, err := conn.Write([]byte(msg)); err != nil {
		return false, fmt.Errorf("notify systemd at %s: %w", n.addr, err)
	}
	return true, nil
}

// Ready tells systemd that start-up is done; only the first call sends.
// The daemon calls it once the watcher is set up and the inputs have been
// scanned, not after the first pass, which may build for minutes.
func (n *Notifier) Ready(status string) error {
	if !n.Enabled() {
		return nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ready {
		return nil
	}
	msg := "READY=1"
	if status != "" {
		msg += "\nSTATUS=" + oneLine(status)
	}
	if _, err := n.Send(msg); err != nil {
		return err
	}
	n.ready = true
	n.lastStatus = oneLine(status)
	return nil
}

// Status sets the one-line status `systemctl status` shows; an unchanged
// status is not sent again.
func (n *Notifier) Status(status string) error {
	if !n.Enabled() {
		return nil
	}
	status = oneLine(status)
	n.mu.Lock()
	defer n.mu.Unlock()
	if status == n.lastStatus {
		return nil
	}
	if _, err := n.Send("STATUS=" + status); err != nil {
		return err
	}
	n.lastStatus = status
	return nil
}

// Stopping tells systemd the daemon is shutting down.
func (n *Notifier) Stopping() error {
	_, err := n.Send("STOPPING=1\nSTATUS=stopping")
	return err
}

// PhaseStatus is the status line for a phase.
func PhaseStatus(p state.Phase) string {
	if p == state.PhaseIdle || p == "" {
		return "idle, watching for changes"
	}
	return string(p) + " in progress"
}

// PassStatus is the status line after a pass.
func PassStatus(p state.Pass) string {
	// In words, as systemctl status shows it ("rolled back"), not the
	// JSON value.
	s := fmt.Sprintf("idle; last pass %s", strings.ReplaceAll(string(p.Result), "_", " "))
	if w := generationWords(p); w != "" {
		s += ", " + w
	}
	if p.Result == state.ResultNoop && p.Reason != "" {
		// Which no-op: "inputs unchanged" at a restart, a rollback
		// held, inputs put back; the state file keeps only some.
		s += ": " + p.Reason
	}
	if p.Error != "" {
		s += ": " + p.Error
	}
	return s
}

// generationWords says which generation pass p left current and what
// runs, true to its action: a pass with action build or test makes no
// generation, so the profile's is not what it put in place.
func generationWords(p state.Pass) string {
	if p.Generation <= 0 {
		return ""
	}
	running := "" // unknown, or the current generation's system
	if gen, ok := p.RunningElse(); ok && gen != 0 {
		running = fmt.Sprintf("generation %d", gen)
	} else if ok {
		running = "a system outside the profile"
	}
	// A switch on request (trigger "rollback") with action build moves
	// the profile: its generation is what it put in place.
	if p.Result == state.ResultSuccess && p.Trigger != "rollback" {
		switch p.Action {
		case "build":
			return fmt.Sprintf("built, not activated; generation %d stays current", p.Generation)
		case "test":
			if running == "" {
				return fmt.Sprintf("action test: running generation %d's system, which stays current", p.Generation)
			}
			if p.RunningGeneration != 0 {
				running += "'s system"
			}
			return fmt.Sprintf("action test: running %s; generation %d stays current", running, p.Generation)
		}
	}
	if running != "" {
		return fmt.Sprintf("generation %d (running %s)", p.Generation, running)
	}
	return fmt.Sprintf("generation %d", p.Generation)
}

// oneLine keeps a status to one short line: systemd shows only that.
func oneLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	const max = 200
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
