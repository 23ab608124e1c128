package state

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"time"
)

// FuzzLoad feeds state.json contents the daemon and ask-nix may find: a
// file by an older or newer version, a hand edit, a disk fault. Loading
// never panics; a damaged file is a *CorruptError (which a pass moves
// aside); a file that loads saves again (else every later pass would fail
// to record itself), and what it saves loads back to the same file.
func FuzzLoad(f *testing.F) {
	at := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	full := &State{Phase: PhaseBuild, PhaseSince: at, DesiredHash: "d", AppliedHash: "a", CurrentGeneration: 3,
		LastSuccess: &at, Updating: &at, LastPassID: 9, Queue: []string{"watch: x"}, Daemon: 42,
		Activating: &Activation{Toplevel: "/nix/store/x", Action: "switch", Since: at, FromGeneration: 2},
		Watching: &Watching{PID: 42, Since: at, Fragment: "/etc/nixos/nix-humanity.nix", WatchPaths: []string{"/etc/nixos"},
			DebounceSeconds: 0.5, Stopped: &at, Service: Service{Unit: "nix-humanityd.service", Restart: "on-failure", RestartSeconds: 5}}}
	full.Record(Pass{ID: 9, Trigger: "watch", Started: at, Finished: at, Result: ResultRolledBack, Reason: "health check failed",
		Durations: map[string]float64{"total": 1.5}, Packages: &PackageChanges{Added: []string{"htop 3"}, ClosurePaths: 10}})
	dir := f.TempDir()
	if err := full.Save(dir); err != nil {
		f.Fatal(err)
	}
	data, err := os.ReadFile(Path(dir))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:len(data)/2]) // cut short
	f.Add([]byte(""))
	f.Add([]byte("null"))
	f.Add([]byte(`{"version": 1, "phase": "idle", "phaseSince": "2026-01-01T00:00:00+23:59"}`))
	f.Add([]byte(`{"phaseSince": "0000-01-01T00:00:00-01:00"}`))
	f.Add([]byte(`{"history": [{"id": 1}, {"id": 1}], "counters": {"reconciles": {"success": -3}}}`))
	f.Add([]byte(`{"watching": {"pid": -1, "restartSeconds": 1e308}}`))
	f.Add([]byte(`{"watching": {"pid": 5, "debounceSeconds": 1e300, "restartSeconds": -5}}`))
	f.Add([]byte(`{"watching": {"pid": 5, "debounceSeconds": 9.3e9, "restartSeconds": 31622400}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := parse(data, FileName)
		if err != nil {
			var corrupt *CorruptError
			if !errors.As(err, &corrupt) {
				t.Fatalf("damaged state is not a CorruptError: %v", err)
			}
			return
		}
		if s.Phase == "" {
			t.Fatal("loaded state has no phase")
		}
		if w := s.Watching; w != nil {
			for _, d := range []time.Duration{w.Debounce(), w.RestartDelay()} {
				if d < 0 || d > maxWait {
					t.Fatalf("watching record %+v gives a wait of %v", *w, d)
				}
			}
			if w.DebounceSeconds >= 0 && w.DebounceSeconds < 1e6 && w.Debounce() != time.Duration(w.DebounceSeconds*float64(time.Second)) {
				t.Fatalf("debounce of %v seconds read as %v", w.DebounceSeconds, w.Debounce())
			}
		}
		first, err := s.encode()
		if err != nil {
			t.Fatalf("state that loads does not save: %v", err)
		}
		again, err := parse(first, FileName)
		if err != nil {
			t.Fatalf("saved state does not load: %v\n%s", err, first)
		}
		second, err := again.encode()
		if err != nil {
			t.Fatalf("saved state does not save again: %v", err)
		}
		if !bytes.Equal(first, second) {
			t.Fatalf("saved state changed on a round trip:\n%s\nthen\n%s", first, second)
		}
	})
}
