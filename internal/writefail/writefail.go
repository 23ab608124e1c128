// Package writefail tells why a write failed, as the errno under the
// error says: a full disk, a quota, a read-only file system, a
// permission. It only sorts; each caller says in its own words what to
// do about it (free space, remount, sudo), for the folder it was writing.
package writefail

import (
	"errors"
	"io/fs"
	"syscall"
)

// Kind is why a write failed.
type Kind int

const (
	// Other is any other cause (EIO, a missing folder, not an errno).
	Other Kind = iota
	// NoSpace is a full file system (ENOSPC).
	NoSpace
	// OverQuota is a disk quota reached (EDQUOT).
	OverQuota
	// ReadOnly is a read-only file system (EROFS).
	ReadOnly
	// Permission is a refusal by permissions or attributes (EACCES,
	// EPERM, or anything else that is fs.ErrPermission).
	Permission
)

// Of sorts err by the first of the causes it wraps, in the order of the
// Kinds above. errors.Is sees through *fs.PathError, *os.LinkError,
// *os.SyscallError, fmt.Errorf's %w and errors.Join. A nil err is Other.
func Of(err error) Kind {
	switch {
	case err == nil:
		return Other
	case errors.Is(err, syscall.ENOSPC):
		return NoSpace
	case errors.Is(err, syscall.EDQUOT):
		return OverQuota
	case errors.Is(err, syscall.EROFS):
		return ReadOnly
	case errors.Is(err, fs.ErrPermission):
		return Permission
	}
	return Other
}

// Full reports whether k is a file system with no room left for the
// writer: full, or its quota reached.
func (k Kind) Full() bool { return k == NoSpace || k == OverQuota }

func (k Kind) String() string {
	switch k {
	case NoSpace:
		return "no space"
	case OverQuota:
		return "over quota"
	case ReadOnly:
		return "read-only"
	case Permission:
		return "permission"
	}
	return "other"
}
