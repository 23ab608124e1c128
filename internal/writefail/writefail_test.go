package writefail_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/writefail"
)

func TestOf(t *testing.T) {
	path := func(e error) error { return &fs.PathError{Op: "write", Path: "/x/.f.tmp-1", Err: e} }
	for _, c := range []struct {
		name string
		err  error
		want writefail.Kind
	}{
		{"nil", nil, writefail.Other},
		{"bare ENOSPC", syscall.ENOSPC, writefail.NoSpace},
		{"path ENOSPC", path(syscall.ENOSPC), writefail.NoSpace},
		{"path EDQUOT", path(syscall.EDQUOT), writefail.OverQuota},
		{"path EROFS", path(syscall.EROFS), writefail.ReadOnly},
		{"path EACCES", path(syscall.EACCES), writefail.Permission},
		{"path EPERM", path(syscall.EPERM), writefail.Permission},
		{"fs.ErrPermission", fs.ErrPermission, writefail.Permission},
		{"link EROFS", &os.LinkError{Op: "rename", Old: "/x/a", New: "/x/b", Err: syscall.EROFS}, writefail.ReadOnly},
		{"syscall EDQUOT", os.NewSyscallError("fsync", syscall.EDQUOT), writefail.OverQuota},
		{"wrapped twice", fmt.Errorf("writing the index: %w", fmt.Errorf("lock: %w", path(syscall.ENOSPC))), writefail.NoSpace},
		{"joined", errors.Join(errors.New("first"), path(syscall.EROFS)), writefail.ReadOnly},
		{"full before permission", errors.Join(path(syscall.EACCES), path(syscall.ENOSPC)), writefail.NoSpace},
		{"path EIO", path(syscall.EIO), writefail.Other},
		{"not exist", path(syscall.ENOENT), writefail.Other},
		{"not an errno", errors.New("disk full"), writefail.Other},
		{"text only", fmt.Errorf("%v", path(syscall.ENOSPC)), writefail.Other},
	} {
		if got := writefail.Of(c.err); got != c.want {
			t.Errorf("%s: Of(%v) = %v, want %v", c.name, c.err, got, c.want)
		}
	}
}

func TestFull(t *testing.T) {
	for k, want := range map[writefail.Kind]bool{
		writefail.Other:      false,
		writefail.NoSpace:    true,
		writefail.OverQuota:  true,
		writefail.ReadOnly:   false,
		writefail.Permission: false,
	} {
		if got := k.Full(); got != want {
			t.Errorf("%v.Full() = %v, want %v", k, got, want)
		}
	}
}
