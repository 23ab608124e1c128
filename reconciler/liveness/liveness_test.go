package liveness

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

func TestHuman(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{-time.Second, "0s"},
		{250 * time.Millisecond, "250ms"},
		{45 * time.Second, "45s"},
		{2219 * time.Millisecond, "2.2s"},
		{59999 * time.Millisecond, "1m"},
		{61 * time.Second, "1m1s"},
		{time.Minute, "1m"},
		{time.Hour, "1h"},
		{62 * time.Minute, "1h2m"},
		{time.Hour + 2*time.Second, "1h0m2s"},
		{26*time.Hour + 400*time.Millisecond, "26h"},
	}
	for _, tt := range tests {
		if got := Human(tt.d); got != tt.want {
			t.Errorf("Human(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// The record round-trips, an empty one removes the file, a missing one
// is no record, and a damaged one is an error that says what to do.
func TestRecordFile(t *testing.T) {
	dir := t.TempDir()
	if r, err := Load(dir); r != nil || err != nil {
		t.Fatalf("missing: %+v %v", r, err)
	}
	since := time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC)
	want := Record{Daemon: 42, Stalls: []Stall{{Part: "loop", Kind: KindProgress, Phase: state.PhaseBuild, Since: since, LimitSeconds: 3600}}}
	if err := Save(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir)
	if err != nil || got == nil || got.Daemon != 42 || !Same(got.Stalls, want.Stalls) {
		t.Fatalf("got %+v %v", got, err)
	}
	if err := Save(dir, Record{Daemon: 42}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(Path(dir)); !os.IsNotExist(err) {
		t.Fatalf("a record without stalls left a file: %v", err)
	}
	if err := Remove(dir); err != nil {
		t.Fatalf("removing nothing: %v", err)
	}
	if err := os.WriteFile(Path(dir), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil {
		t.Fatal("a damaged record read as fine")
	}
	// One naming no daemon would pass for the record of a state file
	// ask-nix wrote (daemon 0), or of a lock file that cannot be read.
	if err := os.WriteFile(Path(dir), []byte(`{"stalls": [{"part": "loop", "kind": "progress", "limitSeconds": 60}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if r, err := Load(dir); err == nil || !strings.Contains(err.Error(), "names no daemon") {
		t.Fatalf("a record without its daemon's pid: %+v %v", r, err)
	}
}

func TestSame(t *testing.T) {
	since := time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC)
	a := Stall{Part: "loop", Kind: KindProgress, Phase: state.PhaseBuild, Since: since, LimitSeconds: 3600}
	moved := a
	moved.Since = since.Add(time.Minute)
	other := a
	other.Phase = state.PhaseEval
	tests := []struct {
		x, y []Stall
		same bool
	}{
		{nil, nil, true},
		{nil, []Stall{}, true},
		{[]Stall{a}, []Stall{a}, true},
		{[]Stall{a}, nil, false},
		{[]Stall{a}, []Stall{moved}, false},
		{[]Stall{a}, []Stall{other}, false},
	}
	for i, tt := range tests {
		if got := Same(tt.x, tt.y); got != tt.same {
			t.Errorf("%d: Same = %v, want %v", i, got, tt.same)
		}
	}
}
