package reconciler

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// What a writer killed mid-write leaves in the state directory goes at
// the next pass: at once for the files only the pass lock's holder
// writes, after staleTempAge for the others (whose writer may be alive).
func TestRemoveStaleTemps(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		age     time.Duration
		dir     bool
		removed bool
	}{
		{".state.json.tmp-123", 0, false, true},
		{".applied-inputs.json.tmp-9", time.Second, false, true},
		{".noops.json.tmp-77", time.Second, false, true},     // counted by a pass only
		{".input-digests.tmp-42", time.Second, false, false}, // ask-nix status may be writing it
		{".input-digests.tmp-43", staleTempAge + time.Second, false, true},
		{".requests.json.tmp-1", staleTempAge + time.Second, false, true},
		{"state.json", staleTempAge * 2, false, false},
		{".state.json.corrupt-20261126T120000Z", staleTempAge * 2, false, false},
		{"state.json.tmp-1", staleTempAge * 2, false, false}, // not atomicfile's name
		{".tmp-1", staleTempAge * 2, false, false},
		{".gcroots.tmp-1", staleTempAge * 2, true, false}, // only files
	}
	dir := t.TempDir()
	for _, tc := range tests {
		p := filepath.Join(dir, tc.name)
		var err error
		if tc.dir {
			err = os.Mkdir(p, 0o755)
		} else {
			err = os.WriteFile(p, []byte(`{"half`), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-tc.age), now.Add(-tc.age)); err != nil {
			t.Fatal(err)
		}
	}
	got := removeStaleTemps(dir, now)
	for _, tc := range tests {
		_, err := os.Lstat(filepath.Join(dir, tc.name))
		if gone := os.IsNotExist(err); gone != tc.removed || slices.Contains(got, tc.name) != tc.removed {
			t.Errorf("%s (age %s): removed %v, reported %v, want %v", tc.name, tc.age, gone, slices.Contains(got, tc.name), tc.removed)
		}
	}
	if removeStaleTemps(filepath.Join(dir, "missing"), now) != nil {
		t.Error("a missing directory removed something")
	}
}
