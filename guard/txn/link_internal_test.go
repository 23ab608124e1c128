package txn

import (
	"os"
	"path/filepath"
	"testing"
)

// link leaves no temporary name behind, also when dst is already a link
// to src (a killed writer made it; the next one, given the same edit
// number, links again): rename between two links to one file does
// nothing and would leave it.
func TestLinkLeavesNoTemp(t *testing.T) {
	for _, already := range []bool{false, true} {
		dir := t.TempDir()
		src, dst := filepath.Join(dir, "1.after.nix"), filepath.Join(dir, "2.before.nix")
		must(t, os.WriteFile(src, []byte("x"), 0o644))
		if already {
			must(t, os.Link(src, dst))
		}
		must(t, link(src, dst))
		if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
			t.Errorf("dst linked already %v: left %v", already, left)
		}
		a, _ := os.Stat(src)
		b, err := os.Stat(dst)
		if err != nil || !os.SameFile(a, b) {
			t.Errorf("dst linked already %v: dst is not a link to src (%v)", already, err)
		}
	}
}
