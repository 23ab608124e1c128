package txn

import (
	"slices"
	"testing"
)

// The first edit of a history makes its log: the history folder is
// synced so the log's name survives a crash of the machine with its
// content. Later appends add no folder sync of their own.
func TestNewLogIsSyncedIntoItsFolder(t *testing.T) {
	var synced []string
	old := syncDir
	syncDir = func(dir string) error { synced = append(synced, dir); return nil }
	defer func() { syncDir = old }()

	s := newStore(t)
	h := HistoryIn(s.StateDir)
	mustApply(t, s, "install a", install("a"))
	if !slices.Contains(synced, h.Dir) {
		t.Fatalf("the new log was not synced into %s (synced %v)", h.Dir, synced)
	}
	synced = nil
	mustApply(t, s, "install b", install("b"))
	if len(synced) != 0 {
		t.Fatalf("appending to the log synced %v", synced)
	}
}
