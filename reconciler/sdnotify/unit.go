package sdnotify

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"time"
)

// Unit is the systemd service this process runs as ("nix-humanityd.service"),
// "" when systemd did not start it ($INVOCATION_ID unset) or the unit
// cannot be read from /proc/self/cgroup.
func Unit(getenv func(string) string) string {
	if getenv == nil || getenv("INVOCATION_ID") == "" {
		return ""
	}
	data, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return ""
	}
	return unitOfCgroup(string(data))
}

// unitOfCgroup finds the service in /proc/self/cgroup's text: the
// unified hierarchy's line ("0::/system.slice/x.service"), or the v1
// systemd one ("1:name=systemd:/system.slice/x.service").
func unitOfCgroup(text string) string {
	for _, line := range strings.Split(text, "\n") {
		_, rest, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		ctrl, p, ok := strings.Cut(rest, ":")
		if !ok || ctrl != "" && ctrl != "name=systemd" {
			continue
		}
		// A service may sit in a sub-cgroup of its own
		// (Delegate=): the innermost .service is the unit.
		for p != "/" && p != "." && p != "" {
			if b := path.Base(p); strings.HasSuffix(b, ".service") {
				return b
			}
			p = path.Dir(p)
		}
	}
	return ""
}

// Restart is how systemd restarts a unit: its Restart= and RestartSec=.
type Restart struct {
	Policy string // "no", "on-failure", "always", ...
	Delay  time.Duration
}

// RestartOf asks systemd (systemctl show) how it restarts unit.
func RestartOf(ctx context.Context, unit string) (Restart, error) {
	out, err := exec.CommandContext(ctx, "systemctl", "show", "--property=Restart", "--property=RestartUSec", "--", unit).Output()
	if err != nil {
		return Restart{}, fmt.Errorf("systemctl show %s: %w", unit, err)
	}
	return parseShow(string(out))
}

// parseShow reads systemctl show's Restart= and RestartUSec= lines.
func parseShow(out string) (Restart, error) {
	var r Restart
	var delay string
	for _, line := range strings.Split(out, "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		switch k {
		case "Restart":
			r.Policy = v
		case "RestartUSec":
			delay = v
		}
	}
	if r.Policy == "" || delay == "" {
		return Restart{}, fmt.Errorf("systemctl show gave no Restart= and RestartUSec=: %q", out)
	}
	d, err := parseTimespan(delay)
	if err != nil {
		return Restart{}, err
	}
	r.Delay = d
	return r, nil
}

// timespanUnits are systemd.time(7)'s units, as systemctl show writes
// them (and a few more).
var timespanUnits = map[string]time.Duration{
	"us": time.Microsecond, "usec": time.Microsecond, "ms": time.Millisecond, "msec": time.Millisecond,
	"s": time.Second, "sec": time.Second, "": time.Second,
	"min": time.Minute, "m": time.Minute, "h": time.Hour, "hr": time.Hour, "d": 24 * time.Hour,
}

// maxTimespan bounds what parseTimespan accepts.
const maxTimespan = 366 * 24 * time.Hour

// parseTimespan reads a systemd time span: "5s", "100ms", "1min 30s",
// "0". "infinity" is an error: no delay can be waited for.
func parseTimespan(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "infinity" {
		return 0, fmt.Errorf("time span %q: not a finite delay", s)
	}
	var total time.Duration
	for _, tok := range strings.Fields(s) {
		i := 0
		for i < len(tok) && (tok[i] >= '0' && tok[i] <= '9' || tok[i] == '.') {
			i++
		}
		n, err := strconv.ParseFloat(tok[:i], 64)
		unit, ok := timespanUnits[tok[i:]]
		if err != nil || !ok {
			return 0, fmt.Errorf("time span %q: cannot read %q", s, tok)
		}
		// A span past a year is no restart delay anyone waits for, and
		// past ~292 years it would wrap to a negative Duration.
		f := n * float64(unit)
		if f > float64(maxTimespan) || total+time.Duration(f) > maxTimespan {
			return 0, fmt.Errorf("time span %q: longer than a year", s)
		}
		total += time.Duration(f)
	}
	return total, nil
}
