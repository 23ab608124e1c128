package guard

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// FuzzValidCalendar checks the schedules the guard takes against systemd
// itself: whatever validCalendar accepts, `systemd-analyze calendar`
// reads, and, when it names no year, the timer elapses some day (one
// that never does, "*-02-30", builds and switches, and the maintenance
// it runs quietly never happens). The guard may refuse what systemd
// reads (rare forms are written in configuration.nix).
func FuzzValidCalendar(f *testing.F) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		f.Fatalf("systemd-analyze is not on PATH: the schedules are checked against it (install Debian's systemd, see .ci/setup)")
	}
	for _, s := range []string{"daily", "weekly", "03:45", "3:45", "04:40:00", "*:0/15", "*-*-* 03:15:00", "Sun 03:00",
		"Mon..Fri 18:00", "Sat,Sun 10:00", "Monday 03:00", "*-*-01 03:00", "Mon *-*-* 04:00", "01-01", "*-01-01",
		"2026-12-24 20:00", "Mon,Wed,Fri", "*-*-32", "24:00", "*:*/0", "9..17:00", "*-02-29", "*-04-30 1,13:0/20"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !validCalendar(s) {
			return
		}
		cmd := exec.Command(analyze, "calendar", s)
		cmd.Env = append(os.Environ(), "TZ=UTC", "LC_ALL=C", "SYSTEMD_COLORS=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("the guard takes %q, which systemd does not read: %v\n%s", s, err, out)
		}
		if !hasYear(s) && strings.Contains(string(out), "Next elapse: never") {
			t.Fatalf("the guard takes %q, whose timer never elapses:\n%s", s, out)
		}
	})
}

// hasYear reports whether s names a year (its date has three parts):
// whether a timer on it elapses depends on today.
func hasYear(s string) bool {
	for f := range strings.SplitSeq(s, " ") {
		if !strings.Contains(f, ":") && strings.Count(f, "-") == 2 {
			return true
		}
	}
	return false
}
