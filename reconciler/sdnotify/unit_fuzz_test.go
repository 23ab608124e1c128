package sdnotify

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// /proc/self/cgroup's text: a unit or nothing, never a path.
func FuzzUnitOfCgroup(f *testing.F) {
	f.Add("0::/system.slice/nix-humanityd.service\n", "nix-humanityd")
	f.Add("12:pids:/\n1:name=systemd:/system.slice/x.service/sub\n0::/\n", "getty@tty1")
	f.Add("0::/user.slice/user-1000.slice/session-2.scope\n", "a:b.c")
	f.Fuzz(func(t *testing.T, text, name string) {
		u := unitOfCgroup(text)
		if u != "" && (!strings.HasSuffix(u, ".service") || strings.Contains(u, "/")) {
			t.Fatalf("unitOfCgroup(%q) = %q", text, u)
		}
		// The service's own cgroup, on cgroup v2 and v1, with a
		// sub-cgroup of its own (Delegate=) or not, names it.
		if strings.ContainsAny(name, "/\n") {
			return
		}
		unit := name + ".service"
		for _, text := range []string{
			"0::/system.slice/" + unit + "\n",
			"0::/system.slice/" + unit + "/payload\n",
			"12:pids:/system.slice\n1:name=systemd:/system.slice/" + unit + "\n",
		} {
			if got := unitOfCgroup(text); got != unit {
				t.Fatalf("unitOfCgroup(%q) = %q, want %q", text, got, unit)
			}
		}
	})
}

// systemctl show's output: a policy and a delay that can be waited for,
// or an error.
func FuzzParseShow(f *testing.F) {
	f.Add("Restart=on-failure\nRestartUSec=5s\n")
	f.Add("Restart=no\nRestartUSec=100ms\n")
	f.Add("Restart=always\nRestartUSec=1min 30s\n")
	f.Add("Restart=always\nRestartUSec=infinity\n")
	f.Add("Restart=always\nRestartUSec=99999999999999999999h\n")
	f.Fuzz(func(t *testing.T, out string) {
		r, err := parseShow(out)
		if err != nil {
			return
		}
		if r.Policy == "" || r.Delay < 0 || r.Delay > maxTimespan {
			t.Fatalf("parseShow(%q) = %+v", out, r)
		}
	})
}

// $WATCHDOG_USEC and $WATCHDOG_PID as systemd (or a person) set them: a
// timeout that is not negative and, where a Duration holds it, the
// microseconds given; an error, never a timeout, for what is no number.
func FuzzWatchdogTimeout(f *testing.F) {
	f.Add("30000000", "", 1)
	f.Add("30000000", "7", 7)
	f.Add("30000000", "8", 7)
	f.Add("9223372036854775807", "", 1)
	f.Add("9223372036854776", "", 1)
	f.Add("0", "x", 1)
	f.Add("-5", "", 1)
	f.Fuzz(func(t *testing.T, usec, pid string, self int) {
		env := map[string]string{"WATCHDOG_USEC": usec, "WATCHDOG_PID": pid}
		d, err := watchdogTimeout(func(k string) string { return env[k] }, self)
		if err != nil {
			if d != 0 {
				t.Fatalf("timeout %v with the error %v", d, err)
			}
			return
		}
		if d < 0 {
			t.Fatalf("WATCHDOG_USEC=%q gave the timeout %v", usec, d)
		}
		n, perr := strconv.ParseUint(usec, 10, 63)
		if usec != "" && (perr != nil || n == 0) {
			t.Fatalf("WATCHDOG_USEC=%q taken as %v", usec, d)
		}
		if d != 0 && n <= math.MaxInt64/1000 && d != time.Duration(n)*time.Microsecond {
			t.Fatalf("WATCHDOG_USEC=%q read as %v", usec, d)
		}
	})
}
