package txn

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// readTail keeps every whole line of the tail: a cut that lands exactly
// at the start of a line drops nothing (the line before it ended there),
// one inside a line drops only that line's part.
func TestReadTailLineBoundary(t *testing.T) {
	var log []byte
	var ends []int // offset just past each line
	for i := 1; i <= 5; i++ {
		line, err := json.Marshal(logLine{Event: "edit", Entry: Entry{Edit: i, Intent: "install"}})
		if err != nil {
			t.Fatal(err)
		}
		log = append(append(log, line...), '\n')
		ends = append(ends, len(log))
	}
	size := int64(len(log))
	for _, c := range []struct {
		name  string
		limit int64
		want  []int
	}{
		{"cut at the start of edit 3", size - int64(ends[1]), []int{3, 4, 5}},
		{"cut one byte into edit 3", size - int64(ends[1]) - 1, []int{4, 5}},
		{"cut one byte before edit 3", size - int64(ends[1]) + 1, []int{3, 4, 5}},
		{"cut at the start of the last edit", size - int64(ends[3]), []int{5}},
		{"cut inside the last edit", size - int64(ends[3]) - 1, nil},
		{"whole log", size, []int{1, 2, 3, 4, 5}},
		{"no limit", 0, []int{1, 2, 3, 4, 5}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := History{Dir: t.TempDir()}
			if err := os.WriteFile(filepath.Join(h.Dir, logName), log, 0o644); err != nil {
				t.Fatal(err)
			}
			st, err := h.readTail(c.limit)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, e := range st.entries {
				got = append(got, e.Edit)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("limit %d of %d bytes: edits %v, want %v", c.limit, size, got, c.want)
			}
			if !st.endsClean {
				t.Errorf("endsClean false for a log ending in a newline")
			}
		})
	}
}
