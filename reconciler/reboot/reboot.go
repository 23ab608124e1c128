// Package reboot tells whether the running machine needs a reboot to run
// what its current system holds: a kernel, initrd or kernel modules that
// differ from the booted system's take effect only after one.
package reboot

import (
	"errors"
	"os"
	"path/filepath"
)

// parts are the booted system's files that only a reboot replaces, with
// the words a person reads for them.
var parts = []struct{ file, what string }{
	{"kernel", "kernel"},
	{"initrd", "initrd"},
	{"kernel-modules", "kernel modules"},
}

// Needed lists what differs between runDir's booted-system and
// current-system ("kernel", "initrd", "kernel modules"); empty when
// nothing does. No booted-system (not NixOS, or a playground) needs
// none; a file only one of the two has counts as a difference.
func Needed(runDir string) []string {
	return Between(filepath.Join(runDir, "booted-system"), filepath.Join(runDir, "current-system"))
}

// Between is Needed for the booted and current system links themselves.
func Between(booted, current string) []string {
	if _, err := os.Lstat(booted); err != nil {
		return nil
	}
	var out []string
	for _, p := range parts {
		b, berr := filepath.EvalSymlinks(filepath.Join(booted, p.file))
		c, cerr := filepath.EvalSymlinks(filepath.Join(current, p.file))
		bMissing, cMissing := errors.Is(berr, os.ErrNotExist), errors.Is(cerr, os.ErrNotExist)
		switch {
		case bMissing && cMissing:
		case berr != nil || cerr != nil:
			if bMissing != cMissing {
				out = append(out, p.what)
			}
		case b != c:
			out = append(out, p.what)
		}
	}
	return out
}
