package nixrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
)

// SwitchRequest runs a system's bin/switch-to-configuration.
type SwitchRequest struct {
	Toplevel string
	// Action is switch, boot, test or dry-activate.
	Action string
	// InstallBootloader sets NIXOS_INSTALL_BOOTLOADER=1, as
	// `nixos-rebuild --install-bootloader` does.
	InstallBootloader bool
	// SystemdRun runs the activation in a transient systemd unit, so it
	// finishes even if the daemon that started it is stopped or
	// restarted (activation may restart the daemon itself).
	SystemdRun bool
	// Unit is the transient unit's name; one fixed name also keeps two
	// activations from running at once.
	Unit string
	// UnitIdle, with SystemdRun, says the caller knows no activation
	// runs in the unit: its own last one through it ended well (a
	// switch's `test` before its `boot`), and it holds the pass lock, so
	// no other process started one since. The look for an earlier one
	// still running (systemctl show, a process start) is then skipped.
	UnitIdle bool
	// PidFile, without SystemdRun, is where the running script's pid is
	// kept ("" keeps none). The script outlives the daemon that started
	// it; the next activation waits for it there, as for the transient
	// unit under systemd, rather than run beside it.
	PidFile string
	// Stdout and Stderr, if set, receive the script's output as it runs.
	Stdout, Stderr io.Writer
}

// DefaultUnit is the transient unit activation runs in under systemd.
const DefaultUnit = "nix-humanity-switch-to-configuration"

var switchActions = []string{"switch", "boot", "test", "dry-activate"}

// SwitchCmd is the command SwitchToConfiguration runs: the script
// itself, or systemd-run around it.
func SwitchCmd(req SwitchRequest) (Cmd, error) {
	if !filepath.IsAbs(req.Toplevel) {
		return Cmd{}, fmt.Errorf("switch-to-configuration: %q is not an absolute path", req.Toplevel)
	}
	if !slices.Contains(switchActions, req.Action) {
		return Cmd{}, fmt.Errorf("switch-to-configuration: unknown action %q", req.Action)
	}
	script := filepath.Join(req.Toplevel, "bin", "switch-to-configuration")
	if !req.SystemdRun {
		// Outlive: an activation is never stopped halfway, not even by
		// the daemon that started it dying.
		c := Cmd{Argv: []string{script, req.Action}, Stdout: req.Stdout, Stderr: req.Stderr, Outlive: true}
		if req.InstallBootloader {
			c.Env = []string{"NIXOS_INSTALL_BOOTLOADER=1"}
		}
		return c, nil
	}
	unit := req.Unit
	if unit == "" {
		unit = DefaultUnit
	}
	argv := []string{
		"systemd-run",
		"--unit=" + unit,
		"--description=nix-humanity: switch-to-configuration " + req.Action,
		"--service-type=exec",
		"--collect",
		"--wait",
		"--quiet",
		"--no-ask-password",
		// --pipe hands the unit our stdout and stderr: for an Outlive
		// command those are files (see Exec.Run), so the script's own
		// messages come back to us and its writes cannot fail when the
		// daemon is gone.
		"--pipe",
	}
	if req.InstallBootloader {
		argv = append(argv, "--setenv=NIXOS_INSTALL_BOOTLOADER=1")
	}
	argv = append(argv, "--", script, req.Action)
	return Cmd{Argv: argv, Stdout: req.Stdout, Stderr: req.Stderr, Outlive: true}, nil
}

// SwitchToConfiguration activates (or installs as the boot default) a
// built system.
func SwitchToConfiguration(ctx context.Context, r Runner, req SwitchRequest) error {
	c, err := SwitchCmd(req)
	if err != nil {
		return err
	}
	switch {
	case req.SystemdRun && !req.UnitIdle:
		if err := waitForUnit(ctx, r, c.Argv[1][len("--unit="):]); err != nil {
			return err
		}
	case req.PidFile != "":
		if err := waitForPid(ctx, req.PidFile); err != nil {
			return err
		}
		// The pid is known once the process runs: a daemon killed in
		// between would leave no file. So the file says "starting" first,
		// and the mark in the script's environment, there from its first
		// instruction, finds it all the same; with no file at all no
		// activation was started, and nobody scans /proc to learn so.
		// Best effort, both writes: a state directory that takes none
		// loses only the wait of a next daemon, should this one die. Not
		// synced: what they guard against is this process dying, not the
		// machine, which ends the activation too.
		_ = atomicfile.WriteUnsynced(req.PidFile, []byte(pidFileStarting), 0o644)
		c.Env = append(c.Env, ActivationEnv+"="+req.PidFile)
		c.Started = func(pid int) {
			if start, ok := processStart(pid); ok {
				_ = atomicfile.WriteUnsynced(req.PidFile, fmt.Appendf(nil, "%d %d\n", pid, start), 0o644)
			}
		}
		// Once it ended here, nobody waits for it; if this process dies
		// first, the file stays and names it.
		defer os.Remove(req.PidFile)
	}
	_, err = r.Run(ctx, c)
	var ee *ExitError
	if errors.As(err, &ee) {
		return fmt.Errorf("switch-to-configuration %s of %s failed (exit code %d): %s", req.Action, req.Toplevel, ee.ExitCode, orExit(Summary(ee.Stderr)))
	}
	return err
}

// Waiting for an activation unit a daemon before this one started: how
// often to look, and for how long at most (activations that take longer
// are stuck, and a second one beside them would not help).
var (
	unitPoll     = time.Second
	unitPatience = 30 * time.Minute
)

// waitForUnit waits until no transient unit named unit is running: after
// a daemon restart (a switch that restarted it, a watchdog) the
// activation it started may still be running, and systemd-run would
// refuse a second unit of that name, which would be taken for a failed
// activation and rolled back.
func waitForUnit(ctx context.Context, r Runner, unit string) error {
	deadline := time.Now().Add(unitPatience)
	for {
		res, err := r.Run(ctx, Cmd{Argv: []string{"systemctl", "show", "--property=ActiveState", "--value", unit}})
		if err != nil {
			return nil // no systemctl to ask: systemd-run says what it finds
		}
		switch strings.TrimSpace(string(res.Stdout)) {
		case "active", "activating", "deactivating", "reloading", "refreshing":
		default:
			return nil // inactive, failed, or no such unit
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the activation unit %s started earlier is still running after %s; nothing new was activated. Look at it with systemctl status %s", unit, unitPatience, unit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(unitPoll):
		}
	}
}

// waitForPid waits until the activation pidFile names has ended: one a
// daemon before this one started, which outlived it (a kill, a crash, a
// switch that restarted the daemon). A pid is that process only while
// its start time is the one recorded: a pid used again since is another.
func waitForPid(ctx context.Context, pidFile string) error {
	deadline := time.Now().Add(unitPatience)
	for {
		pid := StillRunning(pidFile)
		if pid == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the activation started earlier (pid %d, recorded in %s) is still running after %s; nothing new was activated. Look at it with ps -o pid,etime,args -p %d", pid, pidFile, unitPatience, pid)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(unitPoll):
		}
	}
}

// pidFileStarting is a SwitchRequest.PidFile's content from just before
// the activation starts until its pid is known.
const pidFileStarting = "starting\n"

// readPidFile reads a SwitchRequest.PidFile: the pid and its start time;
// exists is false when there is no file (no activation was started since
// the last one ended), pid 0 when the file names none (one is starting,
// or its starter died before it could write the pid).
func readPidFile(pidFile string) (pid int, start uint64, exists bool) {
	data, err := os.ReadFile(pidFile)
	if err != nil {
		// Unreadable is not proof of absence: look as if it said nothing.
		return 0, 0, !errors.Is(err, fs.ErrNotExist)
	}
	if _, err := fmt.Sscanf(string(data), "%d %d", &pid, &start); err != nil || pid <= 0 {
		return 0, 0, true
	}
	return pid, start, true
}

// ActivationEnv marks, in its environment, an activation started with a
// SwitchRequest.PidFile: its value is that file.
const ActivationEnv = "NIX_HUMANITY_ACTIVATION"

// StillRunning is the pid of an activation started with pidFile (a
// SwitchRequest.PidFile) while it runs, 0 when none does: what a next
// activation waits for, and ask-nix status says of an activation whose
// daemon died. No file: none was started (the usual case, answered
// without looking at other processes). The file names it with its start
// time (a pid used again since is another process); while it names none
// (a daemon killed between starting the script and writing its pid) the
// running switch-to-configuration scripts are looked at for the mark in
// their environment.
func StillRunning(pidFile string) int {
	pid, start, exists := readPidFile(pidFile)
	switch {
	case !exists:
		return 0
	case pid > 0:
		// The process named ended, and with it the activation: what it
		// started may live on by design.
		if now, ok := processStart(pid); ok && now == start {
			return pid
		}
		return 0
	}
	return markedActivation(pidFile)
}

// markedActivation is the pid of a running switch-to-configuration whose
// environment holds ActivationEnv=pidFile, 0 when there is none (or
// /proc cannot tell: another user's processes).
func markedActivation(pidFile string) int {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	mark := []byte(ActivationEnv + "=" + pidFile + "\x00")
	for _, d := range dirs {
		cmdline, err := os.ReadFile(filepath.Join(d, "cmdline"))
		if err != nil {
			continue
		}
		// The script itself, or its interpreter running it (#!/bin/sh,
		// #!perl): not what it started, which may live on by design.
		argv := bytes.SplitN(cmdline, []byte{0}, 3)
		if !slices.ContainsFunc(argv[:min(len(argv), 2)], func(a []byte) bool { return filepath.Base(string(a)) == "switch-to-configuration" }) {
			continue
		}
		env, err := os.ReadFile(filepath.Join(d, "environ"))
		if err != nil || !bytes.HasPrefix(env, mark) && !bytes.Contains(env, append([]byte{0}, mark...)) {
			continue
		}
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil {
			continue
		}
		if _, ok := processStart(pid); ok {
			return pid
		}
	}
	return 0
}

// processStart is when process pid started, in clock ticks since boot
// (/proc/<pid>/stat's 22nd field); ok is false when it does not run (or
// is a zombie, which runs no more).
func processStart(pid int) (uint64, bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	return statStart(data)
}

// statStart reads a process's start time from its /proc/<pid>/stat
// content; ok is false for a zombie or a line it cannot read.
func statStart(data []byte) (uint64, bool) {
	// The command name (field 2) may hold spaces and parentheses: the
	// fields that follow start after its last ')'.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 20 || f[0] == "Z" || f[0] == "X" {
		return 0, false
	}
	start, err := strconv.ParseUint(f[19], 10, 64)
	return start, err == nil
}

func orExit(s string) string {
	if s == "" {
		return "it printed nothing"
	}
	return s
}
