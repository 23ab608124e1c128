package state

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// savedWith is a state file's content with passes 1 to n recorded
// (every third rolled back) and its counters.
func savedWith(t *testing.T, n int) []byte {
	t.Helper()
	st := &State{Version: 1, Phase: PhaseIdle}
	at := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for i := 1; i <= n; i++ {
		p := Pass{ID: int64(i), Started: at, Finished: at, Result: ResultSuccess, Durations: map[string]float64{"total": 1}}
		if i%3 == 0 {
			p.Result, p.Reason = ResultRolledBack, "health check failed"
		}
		st.Record(p)
		st.LastPassID = int64(i)
	}
	data, err := st.encode()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A damaged state file moved aside leaves a fresh state that goes on
// from what can still be read of it: ids past the highest one named,
// counters where their object reads whole.
func TestLoadForPassSalvages(t *testing.T) {
	full := savedWith(t, 7)
	want := Counters{Reconciles: map[Result]int64{ResultSuccess: 5, ResultRolledBack: 2}, Rollbacks: map[string]int64{"health check failed": 2}}
	cut := func(f float64) []byte { return full[:int(float64(len(full))*f)] }
	for _, c := range []struct {
		name     string
		content  []byte
		earlier  []byte // a file moved aside before
		wantID   int64
		counters Counters
	}{
		{"cut short after the counters", cut(0.99), nil, 7, want},
		{"cut short in the history", cut(0.5), nil, 7, want},
		{"cut short in the counters", full[:bytes.Index(full, []byte(`"rollbacks"`))], nil, 7, Counters{}},
		{"cut short before the last id", full[:bytes.Index(full, []byte(`"lastPassId"`))], nil, 0, Counters{}},
		{"garbage in the middle", append(append(cut(0.3), "\x00\x00\x00garbage"...), full[len(full)/2:]...), nil, 7, want},
		{"nothing readable", []byte("\x00\x00\x00"), nil, 0, Counters{}},
		{"nothing readable, an older file aside", []byte("garbage{"), savedWith(t, 4), 4,
			Counters{Reconciles: map[Result]int64{ResultSuccess: 3, ResultRolledBack: 1}, Rollbacks: map[string]int64{"health check failed": 1}}},
		{"a daemon's pid is no pass id", []byte(`{"daemon": 4242, "watching": {"pid": 4242`), nil, 0, Counters{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if c.earlier != nil {
				if err := os.WriteFile(Path(dir)+".corrupt-20261101T000000Z", c.earlier, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(Path(dir), c.content, 0o644); err != nil {
				t.Fatal(err)
			}
			var corrupt *CorruptError
			if _, err := Load(dir); !errors.As(err, &corrupt) {
				t.Fatalf("Load: %v, want a CorruptError", err)
			}
			now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
			st, aside, err := LoadForPass(dir, now)
			if err != nil || aside == "" {
				t.Fatalf("LoadForPass: %q %v", aside, err)
			}
			if st.LastPassID != c.wantID || st.LastPass != nil || len(st.History) != 0 {
				t.Errorf("last pass id %d (history %d), want %d and no history", st.LastPassID, len(st.History), c.wantID)
			}
			if !reflect.DeepEqual(st.Counters, c.counters) {
				t.Errorf("counters %+v, want %+v", st.Counters, c.counters)
			}
			if kept, _ := os.ReadFile(aside); string(kept) != string(c.content) {
				t.Errorf("moved aside: %q", kept)
			}
			// Damaged again within the same second: the first aside stays.
			if err := os.WriteFile(Path(dir), []byte("{"), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, aside2, err := LoadForPass(dir, now); err != nil || aside2 == aside {
				t.Fatalf("second LoadForPass: %q %v", aside2, err)
			}
			if kept, _ := os.ReadFile(aside); string(kept) != string(c.content) {
				t.Errorf("first aside overwritten: %q", kept)
			}
			if got, _ := filepath.Glob(Path(dir) + ".corrupt-*"); len(got) != 2+len(c.earlier)/max(len(c.earlier), 1) {
				t.Errorf("asides: %v", got)
			}
		})
	}
}

// A folder or a named pipe in the state file's place: a pass moves it
// aside as damaged and goes on (a pipe's read would wait for ever, a
// folder's fail at every pass), and Salvage passes over one moved aside.
func TestLoadForPassNotAFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(path string) error
	}{
		{"folder", func(p string) error { return os.Mkdir(p, 0o755) }},
		{"named pipe", func(p string) error { return syscall.Mkfifo(p, 0o644) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := tc.make(Path(dir)); err != nil {
				t.Fatal(err)
			}
			var corrupt *CorruptError
			if _, err := Load(dir); !errors.As(err, &corrupt) || !strings.Contains(err.Error(), tc.name+", not a file") {
				t.Fatalf("Load: %v", err)
			}
			now := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)
			st, aside, err := LoadForPass(dir, now)
			if err != nil || aside == "" || st.Phase != PhaseIdle {
				t.Fatalf("LoadForPass: %+v %q %v", st, aside, err)
			}
			if _, err := os.Lstat(Path(dir)); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("left in place: %v", err)
			}
			// Moved aside, it is passed over, not read.
			if got := Salvage(dir); got.LastPassID != 0 {
				t.Fatalf("salvaged %+v", got)
			}
		})
	}
}
