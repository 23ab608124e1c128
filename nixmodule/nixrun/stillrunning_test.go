package nixrun

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// StillRunning names a pid only while the process that wrote it runs:
// the recorded start time tells a pid used again from it.
func TestStillRunning(t *testing.T) {
	self := os.Getpid()
	start, ok := processStart(self)
	if !ok {
		t.Fatal("cannot read this process's start time")
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name, content string
		want          int
	}{
		{"running", fmt.Sprintf("%d %d\n", self, start), self},
		{"pid used again", fmt.Sprintf("%d %d\n", self, start+1), 0},
		{"garbage", "not a pid\n", 0},
		{"none", "", 0},
	} {
		p := filepath.Join(dir, tc.name)
		if tc.content != "" {
			if err := os.WriteFile(p, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if got := StillRunning(p); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}
