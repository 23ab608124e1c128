package state

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
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
		Building:   &Building{Pass: 10, Edit: 7, FirstEdit: 5, ChangedFiles: []string{"/etc/nixos/configuration.nix"}, ChangedFilesMore: 2},
		Watching: &Watching{PID: 42, Since: at, Fragment: "/etc/nixos/nix-humanity.nix", WatchPaths: []string{"/etc/nixos"},
			DebounceSeconds: 0.5, Stopped: &at, Service: Service{Unit: "nix-humanityd.service", Restart: "on-failure", RestartSeconds: 5}}}
	full.Record(Pass{ID: 9, Trigger: "watch", Started: at, Finished: at, Result: ResultRolledBack, Reason: "health check failed",
		Durations: map[string]float64{"total": 1.5}, Packages: &PackageChanges{Added: []string{"htop 3"}, ClosurePaths: 10}})
	// What a pass says of Nix's warnings, of edits it put in place after
	// an earlier failure, and of an update of some inputs alone.
	full.Record(Pass{ID: 10, Trigger: "update", Started: at, Finished: at, Result: ResultSuccess, Generation: 4,
		AppliedAfterFailure: []int{6, 7}, Warnings: []string{"Git tree '/etc/nixos' is dirty", "unknown setting 'foo'"}, WarningsMore: 3,
		Update: &Update{Command: "nix flake update --flake /etc/nixos nixpkgs", Only: []string{"nixpkgs"}, Kept: []string{"home-manager"},
			Inputs: []InputChange{{Name: "nixpkgs", From: "3d2d8f2", To: "a3a3dda"}}}})
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
	f.Add([]byte(`{"lastPass": {"id": 3, "warnings": ["a", "a", "\u001b[31mred"], "warningsMore": -2, "appliedAfterFailure": [0, -1, 7, 7]}, "history": [{"id": 2, "update": {"only": [], "kept": null}}]}`))
	f.Add([]byte(`{"lastPass": {"warnings": "a", "appliedAfterFailure": {"x": 1}}}`))
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

// FuzzNoops feeds noops.json contents (a hand edit, a disk fault, a count
// near the largest): reading never panics and never gives a negative
// count; counting one more works whatever the file held, and the count
// read after it is never below the one read before.
func FuzzNoops(f *testing.F) {
	for _, s := range []string{"", `{"noops": 3}`, `{"noops": -3}`, `{"noops": 9223372036854775807}`, `{"noops": 1e3}`,
		`{"noops": "7"}`, `null`, `{"noops": 3`, `{"NOOPS": 4}`, `[1]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, NoopsFileName), data, 0o644); err != nil {
			t.Fatal(err)
		}
		before, err := Noops(dir)
		if before < 0 || err != nil && before != 0 {
			t.Fatalf("read %d, %v", before, err)
		}
		if err := AddNoops(dir, 1); err != nil {
			t.Fatalf("counting after %q: %v", data, err)
		}
		after, err := Noops(dir)
		if err != nil || after < before || after == before && before != math.MaxInt64 {
			t.Fatalf("count %d then %d after one more (%v); file held %q", before, after, err, data)
		}
	})
}

// FuzzSalvage feeds damaged state files: Salvage never panics, gives an
// idle state that saves, and of a file as Save writes it (then damaged
// or not) never a lower pass id or count than the file names.
func FuzzSalvage(f *testing.F) {
	full := &State{LastPassID: 9, Counters: Counters{Reconciles: map[Result]int64{ResultSuccess: 4}, Rollbacks: map[string]int64{"health check failed": 1}}}
	full.Record(Pass{ID: 9, Result: ResultRolledBack, Reason: "health check failed"})
	data, err := full.encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add([]byte(`{"lastPassId": 9223372036854775807, "history": [{"id": 12}]}`))
	f.Add([]byte(`{"counters": {"reconciles": {"success": -4}}, "counters": {"reconciles": {"success": 2}}}`))
	f.Add([]byte(`"id": 99999999999999999999`))
	f.Add([]byte(`{"ID": 12}`))
	salvaged := func(data []byte) *State {
		st := &State{Version: 1, Phase: PhaseIdle}
		st.LastPassID, st.Counters = salvage(data) // Salvage's part that reads (the rest lists files)
		return st
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := salvaged(data)
		if got.LastPassID < 0 {
			t.Fatalf("salvaged %+v", got)
		}
		for _, m := range []map[Result]int64{got.Counters.Reconciles} {
			for r, n := range m {
				if n <= 0 {
					t.Fatalf("salvaged count %s = %d", r, n)
				}
			}
		}
		if _, err := got.encode(); err != nil {
			t.Fatalf("salvaged state does not save: %v", err)
		}
		// A file as Save writes it: what it names is kept.
		st, err := parse(data, FileName)
		if err != nil {
			return
		}
		saved, err := st.encode()
		if err != nil {
			return
		}
		got = salvaged(saved)
		if want := st.HighestID(); got.LastPassID < want {
			t.Fatalf("salvaged last id %d, the file names %d:\n%s", got.LastPassID, want, saved)
		}
		for r, n := range st.Counters.Reconciles {
			if n > 0 && got.Counters.Reconciles[r] < n {
				t.Fatalf("salvaged count %s %d, the file has %d:\n%s", r, got.Counters.Reconciles[r], n, saved)
			}
		}
		for r, n := range st.Counters.Rollbacks {
			if n > 0 && got.Counters.Rollbacks[r] < n {
				t.Fatalf("salvaged rollbacks %q %d, the file has %d:\n%s", r, got.Counters.Rollbacks[r], n, saved)
			}
		}
	})
}
