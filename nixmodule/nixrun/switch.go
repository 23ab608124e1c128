package nixrun

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"
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
	if req.SystemdRun {
		if err := waitForUnit(ctx, r, c.Argv[1][len("--unit="):]); err != nil {
			return err
		}
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

func orExit(s string) string {
	if s == "" {
		return "it printed nothing"
	}
	return s
}
