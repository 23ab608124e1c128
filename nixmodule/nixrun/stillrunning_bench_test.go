package nixrun

import (
	"path/filepath"
	"testing"
)

// BenchmarkStillRunningNone is the question every activation asks first
// (the daemon's log note, the wait before each switch-to-configuration,
// ask-nix apply's phase line) in its usual case: no activation runs and
// none was left by a dead process.
func BenchmarkStillRunningNone(b *testing.B) {
	pidFile := filepath.Join(b.TempDir(), "activation.pid")
	for b.Loop() {
		if pid := StillRunning(pidFile); pid != 0 {
			b.Fatalf("found %d", pid)
		}
	}
}
