// Package activate puts a built system in place the way nh does, so a
// broken activation never becomes the boot default: for switch, first
// `switch-to-configuration test`, then a new profile generation, then
// `switch-to-configuration boot`. It also checks a toplevel before
// anything is touched, runs health checks, restores what ran before when
// something fails, and switches to an existing generation (rollback).
package activate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// Check looks at a built toplevel before anything is activated: it must
// have what NixOS systems have (an executable bin/switch-to-configuration,
// nixos-version and init), or the attribute built was not a system.
func Check(toplevel string) error {
	if what := lacks(toplevel); what != "" {
		also := ""
		if strings.HasSuffix(what, "switch-to-configuration") {
			// NixOS leaves the script out of systems that are never
			// switched (images, appliances).
			also = ", and that the configuration does not set system.switch.enable = false, which leaves the script out"
		}
		return fmt.Errorf("the built result %s has no %s, so it is not a NixOS system that can be activated; nothing was activated (check NIX_HUMANITY_SYSTEM and NIX_HUMANITY_SYSTEM_ATTR%s)", toplevel, what, also)
	}
	return nil
}

// CheckGeneration is Check for a generation of the profile, which was
// a system once: its files may be gone from the store since (deleted
// by hand, a damaged store), and no setting is at fault. The error is a
// *NoGenerationError: a request that cannot be carried out.
func CheckGeneration(g Generation) error {
	if err := Gone(g); err != nil {
		return err
	}
	if what := lacks(g.Path); what != "" {
		return noGeneration("generation %d's system %s has no %s (its files are damaged or it is not a NixOS system), so it cannot be activated", g.Number, g.Path, what)
	}
	return nil
}

// Gone is CheckGeneration's first check alone, cheap enough for a
// preview: the generation's system is no longer in the store.
func Gone(g Generation) error {
	if _, err := os.Lstat(g.Path); errors.Is(err, fs.ErrNotExist) {
		return noGeneration("generation %d's system %s is no longer in the Nix store (deleted from it since), so it cannot be activated", g.Number, g.Path)
	}
	return nil
}

// lacks names the first part of a NixOS system toplevel is missing, ""
// when it has them all.
func lacks(toplevel string) string {
	fi, err := os.Stat(filepath.Join(toplevel, "bin", "switch-to-configuration"))
	if err != nil || fi.Mode()&0o111 == 0 {
		return "executable bin/switch-to-configuration"
	}
	if _, err := os.Stat(filepath.Join(toplevel, "nixos-version")); err != nil {
		return "nixos-version"
	}
	if _, err := os.Stat(filepath.Join(toplevel, "init")); err != nil {
		return "init"
	}
	return ""
}

// UseSystemdRun decides the systemd-run setting: "always", "never", or
// "auto" (when systemd runs the machine and systemd-run is installed).
func UseSystemdRun(setting string) bool {
	switch setting {
	case "always":
		return true
	case "never":
		return false
	}
	if fi, err := os.Stat("/run/systemd/system"); err != nil || !fi.IsDir() {
		return false
	}
	_, err := exec.LookPath("systemd-run")
	return err == nil
}

// Activator activates systems on one machine.
type Activator struct {
	Runner  nixrun.Runner
	Profile string
	// CurrentSystem is the running system's link (/run/current-system).
	CurrentSystem     string
	SystemdRun        bool
	InstallBootloader bool
	// PidFile keeps the pid of an activation running without systemd-run,
	// so that one a dead daemon left running is waited for (see
	// nixrun.SwitchRequest); "" keeps none.
	PidFile string

	// unitIdle: this Activator's last activation through systemd-run
	// ended well, so the transient unit is free. An Activator serves one
	// pass (or one switch) under the pass lock: the look for an earlier
	// activation still running is made once, not before each
	// switch-to-configuration, and again after one that failed (a
	// systemd-run that could not start its unit, or was killed, may
	// leave it running).
	unitIdle bool
}

// Before is what was in place before a change: the profile's generation
// and the running system.
type Before struct {
	Generation Generation
	Running    string
}

// Snapshot records what is in place now.
func (a *Activator) Snapshot() (Before, error) {
	g, err := Current(a.Profile)
	if err != nil {
		return Before{}, err
	}
	return Before{Generation: g, Running: Target(a.CurrentSystem)}, nil
}

// StepError is an activation step that failed.
type StepError struct {
	Step string // "switch-to-configuration test", "set profile", ...
	Err  error
}

func (e *StepError) Error() string { return e.Err.Error() }
func (e *StepError) Unwrap() error { return e.Err }

func (a *Activator) switchTo(ctx context.Context, toplevel, action string) error {
	err := nixrun.SwitchToConfiguration(ctx, a.Runner, nixrun.SwitchRequest{
		Toplevel: toplevel, Action: action,
		InstallBootloader: a.InstallBootloader, SystemdRun: a.SystemdRun,
		UnitIdle: a.unitIdle, PidFile: a.PidFile,
	})
	a.unitIdle = a.SystemdRun && err == nil
	if err != nil {
		return &StepError{Step: "switch-to-configuration " + action, Err: err}
	}
	return nil
}

// Apply puts a new toplevel in place with the given action and returns
// the profile generation it made (0 for test and build):
//
//	switch: switch-to-configuration test, nix-env --set, switch-to-configuration boot
//	boot:   nix-env --set, switch-to-configuration boot
//	test:   switch-to-configuration test
//	build:  nothing
func (a *Activator) Apply(ctx context.Context, action, toplevel string) (int, error) {
	setProfile := func() (int, error) {
		if err := nixrun.SetProfile(ctx, a.Runner, a.Profile, toplevel); err != nil {
			return 0, &StepError{Step: "set profile", Err: err}
		}
		g, err := Current(a.Profile)
		if err != nil {
			return 0, &StepError{Step: "set profile", Err: err}
		}
		return g.Number, nil
	}
	switch action {
	case "switch":
		if err := a.switchTo(ctx, toplevel, "test"); err != nil {
			return 0, err
		}
		gen, err := setProfile()
		if err != nil {
			return 0, err
		}
		return gen, a.switchTo(ctx, toplevel, "boot")
	case "boot":
		gen, err := setProfile()
		if err != nil {
			return 0, err
		}
		return gen, a.switchTo(ctx, toplevel, "boot")
	case "test":
		return 0, a.switchTo(ctx, toplevel, "test")
	case "build":
		return 0, nil
	}
	return 0, fmt.Errorf("unknown action %q (switch, boot, test or build)", action)
}

// Restore puts back what was in place before: the profile's generation
// (when the action touches the profile) and the running system, activated
// again. It is the rollback after a failed activation or health check.
func (a *Activator) Restore(ctx context.Context, action string, before Before) error {
	return a.restore(ctx, action, before, false)
}

// RestoreCutShort is Restore after an activation, or the rollback from
// it, was cut short: the profile may be back at before's generation
// while the boot default is still the new system's (a rollback killed
// between nix-env and switch-to-configuration boot), so for switch and
// boot the boot entry of before's generation is made again whatever the
// profile says.
func (a *Activator) RestoreCutShort(ctx context.Context, action string, before Before) error {
	return a.restore(ctx, action, before, true)
}

func (a *Activator) restore(ctx context.Context, action string, before Before, bootAnyway bool) error {
	var errs []error
	profileMoved := false
	if action == "switch" || action == "boot" {
		cur, err := Current(a.Profile)
		if err != nil || cur.Number != before.Generation.Number {
			if before.Generation.Number == 0 {
				// Nothing to put back in the profile; what ran before is
				// still activated again below.
				errs = append(errs, errors.New("the profile had no generation before, so the new one stays its current generation and boot default"))
			} else {
				profileMoved = true
				if err := a.restoreProfile(ctx, before.Generation); err != nil {
					errs = append(errs, err)
				}
			}
		}
	}
	running := before.Running
	if running == "" {
		running = before.Generation.Path
	}
	if (action == "switch" || action == "test") && running == "" {
		return errors.New("nothing was running before to go back to")
	}
	switch action {
	case "switch":
		// Activate what ran before, then, if the profile had moved, make
		// its generation the boot default again.
		errs = append(errs, a.switchTo(ctx, running, "test"))
		if profileMoved || bootAnyway && before.Generation.Path != "" {
			errs = append(errs, a.switchTo(ctx, before.Generation.Path, "boot"))
		}
	case "boot":
		if profileMoved || bootAnyway && before.Generation.Path != "" {
			errs = append(errs, a.switchTo(ctx, before.Generation.Path, "boot"))
		}
	case "test":
		errs = append(errs, a.switchTo(ctx, running, "test"))
	}
	return errors.Join(errs...)
}

// PutBack says what Restore put back for action, for the messages after
// a failure: the profile's generation and, when something else ran (after
// a rollback with action boot or test), the system that ran, each named
// for what it is again. gen is the generation the machine is back to: the
// profile's, or for test the one that runs (0 when it is none).
func (a *Activator) PutBack(action string, b Before) (words string, gen int) {
	c := b.Generation.Number
	running := b.Running
	if running == "" {
		running = b.Generation.Path
	}
	r := c
	if running != b.Generation.Path {
		r, _ = Find(a.Profile, running)
	}
	// "generation 3, which ran before," or, for a system no generation
	// has, the same said once.
	ran := fmt.Sprintf("generation %d, which ran before,", r)
	if r == 0 {
		ran = "the system that ran before (outside the profile)"
	}
	switch action {
	case "boot":
		return fmt.Sprintf("generation %d was put back as the boot default", c), c
	case "test":
		if r == c {
			return fmt.Sprintf("generation %d, which ran before, was activated again", c), c
		}
		return ran + " was activated again", r
	}
	if r == c {
		return fmt.Sprintf("generation %d was put back and activated again", c), c
	}
	return fmt.Sprintf("%s was activated again, and generation %d is the current generation and boot default again", ran, c), c
}

// restoreProfile makes g the profile's current generation again. When its
// link is gone (deleted by a gc meanwhile) but its system is still in the
// store, the system becomes a new generation: the profile points at what
// ran before either way.
func (a *Activator) restoreProfile(ctx context.Context, g Generation) error {
	err := nixrun.SwitchGeneration(ctx, a.Runner, a.Profile, g.Number)
	if err == nil {
		return nil
	}
	if _, lerr := Lookup(a.Profile, g.Number); lerr != nil && g.Path != "" {
		if _, serr := os.Stat(g.Path); serr == nil {
			if serr := nixrun.SetProfile(ctx, a.Runner, a.Profile, g.Path); serr == nil {
				return nil
			}
		}
	}
	return fmt.Errorf("restoring profile generation %d: %w", g.Number, err)
}

// SwitchGeneration makes an existing generation current and activates it
// (rollback, switch-generation). If activating it fails, the profile and
// the running system are put back as they were before (a Snapshot taken
// just before, or what ran before an activation that was cut short).
func (a *Activator) SwitchGeneration(ctx context.Context, action string, to Generation, before Before) error {
	if err := Check(to.Path); err != nil {
		return err
	}
	if action == "switch" || action == "boot" || action == "build" {
		if err := nixrun.SwitchGeneration(ctx, a.Runner, a.Profile, to.Number); err != nil {
			return &StepError{Step: "switch generation", Err: err}
		}
	}
	var actErr error
	switch action {
	case "switch":
		// The same order as a new system: live first, boot default after.
		if actErr = a.switchTo(ctx, to.Path, "test"); actErr == nil {
			actErr = a.switchTo(ctx, to.Path, "boot")
		}
	case "boot":
		actErr = a.switchTo(ctx, to.Path, "boot")
	case "test":
		actErr = a.switchTo(ctx, to.Path, "test")
	}
	if actErr == nil {
		return nil
	}
	if rerr := a.Restore(ctx, action, before); rerr != nil {
		return fmt.Errorf("activating generation %d failed: %w; putting generation %d back also failed: %v", to.Number, actErr, before.Generation.Number, rerr)
	}
	words, _ := a.PutBack(action, before)
	return fmt.Errorf("activating generation %d failed, so %s: %w", to.Number, words, actErr)
}

// HealthError is a failed health check.
type HealthError struct {
	Argv []string
	Err  error
}

func (e *HealthError) Error() string {
	check := strings.Join(e.Argv, " ")
	// The check's own exit said once: not its path twice ("health
	// check "/x" failed: /x failed with exit code 1: ...").
	var exit *nixrun.ExitError
	if errors.As(e.Err, &exit) && exit.Signal == 0 {
		if msg := nixrun.Summary(exit.Stderr); msg != "" {
			return fmt.Sprintf("health check %q failed with exit code %d: %s", check, exit.ExitCode, msg)
		}
		return fmt.Sprintf("health check %q failed with exit code %d", check, exit.ExitCode)
	}
	return fmt.Sprintf("health check %q failed: %v", check, e.Err)
}

func (e *HealthError) Unwrap() error { return e.Err }

// HealthCheck runs the checks in order, each with its timeout; the first
// failure is the error.
func HealthCheck(ctx context.Context, r nixrun.Runner, checks []settings.HealthCheck) error {
	for _, hc := range checks {
		timeout := hc.Timeout
		if timeout <= 0 {
			timeout = 30 * time.Second
		}
		cctx, cancel := context.WithTimeout(ctx, timeout)
		_, err := r.Run(cctx, nixrun.Cmd{Argv: hc.Argv, StdoutTail: true})
		timedOut := cctx.Err() == context.DeadlineExceeded
		cancel()
		if err != nil {
			if timedOut {
				// A check that hangs may do so whatever the system (a
				// network it waits for): said, so the edit is not
				// blamed alone.
				err = fmt.Errorf("no answer within %s, so it was stopped (run it by hand to see whether it hangs on the system before too; if it is only slow, raise its timeout)", timeout)
			}
			return &HealthError{Argv: hc.Argv, Err: err}
		}
	}
	return nil
}
