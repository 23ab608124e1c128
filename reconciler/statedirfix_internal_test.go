package reconciler

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"
)

// Each way a state directory refuses writes gets its own fix: a full
// disk and a quota are told apart here, unlike ask-nix's edit advice.
func TestStateDirFix(t *testing.T) {
	pe := func(e syscall.Errno) error {
		return &fs.PathError{Op: "write", Path: "/var/lib/my state/.state.json.tmp-1", Err: e}
	}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"full", pe(syscall.ENOSPC), "file system is full: free space there (df -h '/var/lib/my state')"},
		{"quota", pe(syscall.EDQUOT), "over the disk quota"},
		{"read-only", &os.LinkError{Op: "rename", Old: "a", New: "b", Err: syscall.EROFS}, "remount it read-write"},
		{"permission", pe(syscall.EACCES), "not writable: check the permissions and attributes of /var/lib/my state"},
		{"attribute", pe(syscall.EPERM), "(ls -ld, lsattr -d)"},
		{"other", pe(syscall.EIO), "Check that /var/lib/my state is a writable directory"},
		{"no errno", errors.New("odd"), "Check that /var/lib/my state is a writable directory"},
	} {
		if got := stateDirFix("/var/lib/my state", c.err); !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
