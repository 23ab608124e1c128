package reconciler

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzHolderPID feeds daemon.lock contents (a lock file another version
// wrote, a hand edit, a write cut short): the pid read is a process's
// (positive) or 0 for none, and a line as flock writes it reads back its
// pid.
func FuzzHolderPID(f *testing.F) {
	f.Add("pid 42: nix-humanityd", 42)
	f.Add("pid -7: nix-humanityd", 1)
	f.Add("pid 0:", 0)
	f.Add("pid 99999999999999999999: x", 2147483647)
	f.Add("pid +5: x", -1)
	f.Add("pid 12", 12)
	f.Fuzz(func(t *testing.T, holder string, pid int) {
		if got := holderPID(holder); got < 0 {
			t.Fatalf("pid %d from %q", got, holder)
		}
		if pid <= 0 {
			return
		}
		line := strings.TrimSpace(fmt.Sprintf("pid %d: %s\n", pid, "nix-humanityd"))
		if got := holderPID(line); got != pid {
			t.Fatalf("%q read back as pid %d", line, got)
		}
	})
}
