package generation

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// Meta is what a system toplevel says about itself. Every field is
// empty when the toplevel lacks the file it comes from.
type Meta struct {
	// NixosVersion is <toplevel>/nixos-version.
	NixosVersion string
	// KernelVersion is the directory under
	// <toplevel>/kernel-modules/lib/modules/.
	KernelVersion string
	// ConfigurationRevision is system.configurationRevision. NixOS writes
	// no file for it: it is baked into the nixos-version tool
	// (<toplevel>/sw/bin/nixos-version), whose --json branch prints a JSON
	// object held in the script as a here-document. nixos-rebuild
	// list-generations runs that tool once per generation; reading the
	// JSON from the script gives the same answer without running
	// anything a generation contains.
	ConfigurationRevision string
	// Specialisations are the names under <toplevel>/specialisation/,
	// sorted; never nil.
	Specialisations []string
}

// Size limits for the files read from a toplevel: more than this is not
// what NixOS writes there, and reading it would only cost time.
const (
	maxVersionFile = 4 << 10
	maxVersionTool = 64 << 10
)

// ReadMeta reads a toplevel's metadata. It never fails: what cannot be
// read is left empty, so one broken generation never hides the others.
func ReadMeta(toplevel string) Meta {
	m, _ := readMeta(toplevel)
	return m
}

// found is what readMeta found at a toplevel's path.
type found int

const (
	foundIt    found = iota // there: its metadata was read
	foundNone               // not there: gone from the store (a dangling link)
	foundError              // there, perhaps, but not readable (permissions)
)

// bufs holds read buffers, so reading a thousand toplevels does not make
// a thousand large allocations.
var bufs = sync.Pool{New: func() any { return new([maxVersionTool]byte) }}

// readMeta reads a toplevel's metadata relative to one open descriptor of
// it (cheaper than resolving the store path again for every file), and
// reports whether the toplevel exists at all: a store path that is gone
// must not be cached as one without metadata, and is listed as missing.
func readMeta(toplevel string) (Meta, found) {
	m := Meta{Specialisations: []string{}}
	dfd, err := unix.Open(toplevel, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	switch {
	case err == nil:
	case errors.Is(err, unix.ENOTDIR):
		// There, but not a directory (a toplevel with nothing in it, as
		// far as metadata goes).
		return m, foundIt
	case errors.Is(err, unix.ENOENT):
		return m, foundNone
	default:
		// Not readable: nothing to cache, and not known to be gone.
		return m, foundError
	}
	defer unix.Close(dfd)
	buf := bufs.Get().(*[maxVersionTool]byte)
	defer bufs.Put(buf)
	if b := readAt(dfd, "nixos-version", buf[:maxVersionFile]); b != nil {
		m.NixosVersion = cleanLine(b)
	}
	if names := dirNamesAt(dfd, "kernel-modules/lib/modules"); len(names) > 0 {
		m.KernelVersion = names[0]
	}
	if b := readAt(dfd, "sw/bin/nixos-version", buf[:]); b != nil {
		m.ConfigurationRevision = ParseConfigurationRevision(b)
	}
	if names := dirNamesAt(dfd, "specialisation"); len(names) > 0 {
		m.Specialisations = names
	}
	return m, foundIt
}

// readAt reads the file at name under dfd into buf, at most len(buf)
// bytes; nil when it cannot be opened or read.
func readAt(dfd int, name string, buf []byte) []byte {
	fd, err := unix.Openat(dfd, name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	defer unix.Close(fd)
	n := 0
	for n < len(buf) {
		k, err := unix.Read(fd, buf[n:])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil
		}
		if k == 0 {
			break
		}
		n += k
	}
	return buf[:n]
}

// dirNamesAt lists the directory at name under dfd, sorted, keeping only
// printable names; nil when it cannot be read.
func dirNamesAt(dfd int, name string) []string {
	fd, err := unix.Openat(dfd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	d := os.NewFile(uintptr(fd), name)
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil && len(names) == 0 {
		return nil
	}
	names = slices.DeleteFunc(names, func(n string) bool { return !printable(n) })
	slices.Sort(names)
	return names
}

// cleanLine is the first line of b without surrounding space, and only
// when it is valid text: a version is printed in a table and in JSON.
func cleanLine(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	s := strings.TrimSpace(string(b))
	if !printable(s) {
		return ""
	}
	return s
}

// printable reports whether s is valid text without control characters:
// C0, DEL and C1 (U+009B is a terminal's CSI, as ESC [ is), so that what
// is shown cannot move a terminal's cursor or recolour it.
func printable(s string) bool {
	for _, r := range s {
		if r < 0x20 || r >= 0x7f && r <= 0x9f || r == '\uFFFD' {
			return false
		}
	}
	return true
}

// ParseConfigurationRevision finds the JSON object of a nixos-version
// tool's --json branch (the line after a `cat <<'EOF'` or `cat <<EOF`
// line) and returns its configurationRevision; "" when there is none.
func ParseConfigurationRevision(script []byte) string {
	rest := script
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		switch string(bytes.TrimSpace(line)) {
		case "cat <<'EOF'", "cat <<EOF", `cat <<"EOF"`:
		default:
			continue
		}
		body, _, _ := bytes.Cut(rest, []byte("\n"))
		var info struct {
			ConfigurationRevision any `json:"configurationRevision"`
		}
		if json.Unmarshal(bytes.TrimSpace(body), &info) != nil {
			continue
		}
		if s, ok := info.ConfigurationRevision.(string); ok && printable(s) {
			return s
		}
		return ""
	}
	return ""
}
