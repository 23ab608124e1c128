package plan

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func numbered(n int) []string {
	var ls []string
	for i := range n {
		ls = append(ls, fmt.Sprintf("    p%d\n", i))
	}
	return ls
}

// A fragment of thousands of lines reordered (a hand-kept list that the
// first edit sorts) gives a diff that applies, in bounded memory: the
// search stops at maxEdits and shows the middle removed and added.
func TestDiffOfALargeReorder(t *testing.T) {
	a := numbered(3000)
	b := slices.Clone(a)
	slices.Reverse(b)
	old, new := "{\n"+strings.Join(a, "")+"}\n", "{\n"+strings.Join(b, "")+"}\n"
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	d := Diff("f", []byte(old), []byte(new), true, true)
	runtime.ReadMemStats(&after)
	if got := applyDiff(t, old, d); got != new {
		t.Fatal("the diff of a reversed list does not give the new text")
	}
	// Myers' full trace for this distance is about 6,000 snapshots of
	// 12,000 ints: half a gigabyte.
	if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 64 {
		t.Errorf("the diff allocated %d MB", mb)
	}
}

// Below the bound the diff is still the shortest.
func TestDiffStaysShortestBelowTheBound(t *testing.T) {
	a := numbered(2000)
	b := slices.Clone(a)
	for i := 0; i < 2000; i += 5 { // 400 lines changed: 800 edits
		b[i] = "    changed\n"
	}
	old, new := strings.Join(a, ""), strings.Join(b, "")
	d := Diff("f", []byte(old), []byte(new), true, true)
	if got := applyDiff(t, old, d); got != new {
		t.Fatal("the diff does not give the new text")
	}
	removed := strings.Count(d, "\n-    p")
	if removed != 400 {
		t.Errorf("%d lines removed, want the 400 that changed", removed)
	}
}

// BenchmarkDiffReordered is the diff of a 5,000-line list reversed.
func BenchmarkDiffReordered(b *testing.B) {
	a := numbered(5000)
	r := slices.Clone(a)
	slices.Reverse(r)
	old, new := []byte(strings.Join(a, "")), []byte(strings.Join(r, ""))
	for b.Loop() {
		Diff("f", old, new, true, true)
	}
}
