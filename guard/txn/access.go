package txn

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// AccessError is an edit refused before anything is read under the lock
// or written, because this user may not write what an edit writes: the
// fragment's folder, the state directory, the history. It names what is
// not writable and who may, and says what to do.
type AccessError struct {
	User     string
	Paths    []string // what this user cannot write
	Group    string   // the group that may write them; "" when none does
	InGroup  bool     // the user is a member of Group in /etc/group...
	HasGroup bool     // ...and this process has it (not a login from before)
	// NoStateDir is the state directory when it does not exist yet and
	// this user may not create it.
	NoStateDir string
}

func (e *AccessError) Error() string {
	var b strings.Builder
	if e.NoStateDir != "" {
		fmt.Fprintf(&b, "%s may not change the managed fragment yet: the state directory %s, which keeps the history and the lock, does not exist, and %s may not create it; nothing was changed. "+
			"nix-humanityd creates it when it starts (on NixOS: sudo systemctl start nix-humanityd); or run it as root: sudo ask-nix ...", e.User, e.NoStateDir, e.User)
		return b.String()
	}
	fmt.Fprintf(&b, "%s may not change the managed fragment: %s %s not writable by %s; nothing was changed. ",
		e.User, strings.Join(e.Paths, " and "), plural(len(e.Paths), "is", "are"), e.User)
	switch {
	case e.Group == "":
		b.WriteString("Run it as root: sudo ask-nix ...")
	case e.InGroup && !e.HasGroup:
		fmt.Fprintf(&b, "You were added to the group %s after this login session began, so it does not count yet: log out and in again (or start a shell with `newgrp %s`), then ask again; or run it as root: sudo ask-nix ...", e.Group, e.Group)
	case e.HasGroup:
		// A member, yet a file in the way: one a member made before the
		// folder was shared, or a mode changed by hand.
		fmt.Fprintf(&b, "You are in the group %s, but these are not writable by it: an admin can fix that with `sudo chgrp -R %s %s` and `sudo chmod -R g+w %s` (on NixOS the next switch does it), or run it as root: sudo ask-nix ...",
			e.Group, e.Group, strings.Join(e.Paths, " "), strings.Join(e.Paths, " "))
	default:
		fmt.Fprintf(&b, "Run it as root (sudo ask-nix ...), or ask an admin to add you to the group %s, which may edit it (on NixOS: services.nix-humanity.allowedUsers = [ %q ];). --dry-run shows the plan without writing.", e.Group, e.User)
	}
	return b.String()
}

// CheckAccess returns an *AccessError when this user, not root, cannot
// write what an edit writes: the fragment's folder (the new file is
// renamed over the old), the state directory (the lock) and the history
// in it. Root is never refused here: a read-only or full file system is
// told apart when the write fails.
func (s *Store) CheckAccess() error {
	if os.Geteuid() == 0 {
		return nil
	}
	h := HistoryIn(s.StateDir)
	var denied []string
	var groupOf []string // the shared folders and files, for the group to name
	for _, p := range []string{filepath.Dir(s.target()), nearest(s.StateDir), existing(h.Dir), existing(h.logPath())} {
		if p == "" || slices.Contains(denied, p) {
			continue
		}
		groupOf = append(groupOf, p)
		if err := unix.Access(p, unix.W_OK); errors.Is(err, unix.EACCES) || errors.Is(err, unix.EPERM) {
			denied = append(denied, p)
		}
	}
	if len(denied) == 0 {
		return nil
	}
	if near := nearest(s.StateDir); near != s.StateDir && slices.Contains(denied, near) {
		return &AccessError{User: CurrentUser(os.Getenv), NoStateDir: s.StateDir}
	}
	// The history's log in its folder, or that folder in the state
	// directory, already named, says nothing more.
	denied = slices.DeleteFunc(denied, func(p string) bool {
		return (p == h.Dir || p == h.logPath()) && slices.Contains(denied, filepath.Dir(p))
	})
	e := &AccessError{User: CurrentUser(os.Getenv), Paths: denied}
	gid := -1
	for _, p := range groupOf {
		if g, ok := writableGroup(p); ok {
			gid = g
			break
		}
	}
	if gid < 0 {
		return e
	}
	e.Group = strconv.Itoa(gid)
	if g, err := user.LookupGroupId(e.Group); err == nil {
		e.Group = g.Name
	}
	if gs, err := os.Getgroups(); err == nil {
		e.HasGroup = slices.Contains(gs, gid) || os.Getegid() == gid
	}
	if u, err := user.LookupId(strconv.Itoa(os.Getuid())); err == nil {
		if ids, err := u.GroupIds(); err == nil {
			e.InGroup = slices.Contains(ids, strconv.Itoa(gid))
		}
	}
	e.InGroup = e.InGroup || e.HasGroup
	return e
}

// writableGroup is the group of p when that group may write it.
func writableGroup(p string) (int, bool) {
	fi, err := os.Stat(p)
	if err != nil {
		return 0, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || fi.Mode().Perm()&0o020 == 0 || st.Gid == 0 {
		return 0, false
	}
	return int(st.Gid), true
}

// existing is p if it exists, else "".
func existing(p string) string {
	if _, err := os.Lstat(p); err != nil {
		return ""
	}
	return p
}

// nearest is p, or the closest folder above it that exists (where p
// would be created).
func nearest(p string) string {
	for {
		if _, err := os.Stat(p); err == nil || filepath.Dir(p) == p {
			return p
		}
		p = filepath.Dir(p)
	}
}
