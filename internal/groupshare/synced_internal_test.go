package groupshare

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// MkdirAllSynced syncs the folder each new folder is made in, and only
// those; MkdirAll syncs none.
func TestMkdirAllSyncedSyncsEachNewFoldersParent(t *testing.T) {
	var synced []string
	old := syncDir
	syncDir = func(dir string) error { synced = append(synced, dir); return nil }
	defer func() { syncDir = old }()

	root := t.TempDir()
	if err := MkdirAll(filepath.Join(root, "x", "y"), 0o755); err != nil {
		t.Fatal(err)
	}
	if len(synced) != 0 {
		t.Fatalf("MkdirAll synced %v", synced)
	}
	deep := filepath.Join(root, "a", "b", "c")
	if err := MkdirAllSynced(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(root, "a", "b"), filepath.Join(root, "a"), root}
	slices.Sort(want)
	slices.Sort(synced)
	if !slices.Equal(synced, want) {
		t.Fatalf("synced %v, want %v", synced, want)
	}
	if fi, err := os.Stat(deep); err != nil || !fi.IsDir() {
		t.Fatalf("%s: %v", deep, err)
	}
	synced = nil
	if err := MkdirAllSynced(deep, 0o755); err != nil || len(synced) != 0 {
		t.Fatalf("folders there already: synced %v (%v)", synced, err)
	}
}
