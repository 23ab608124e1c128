package generation

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	m := Meta{Specialisations: []string{}}
	if b, err := readLimited(filepath.Join(toplevel, "nixos-version"), maxVersionFile); err == nil {
		m.NixosVersion = cleanLine(b)
	}
	if names := dirNames(filepath.Join(toplevel, "kernel-modules", "lib", "modules")); len(names) > 0 {
		m.KernelVersion = names[0]
	}
	if b, err := readLimited(filepath.Join(toplevel, "sw", "bin", "nixos-version"), maxVersionTool); err == nil {
		m.ConfigurationRevision = ParseConfigurationRevision(b)
	}
	if names := dirNames(filepath.Join(toplevel, "specialisation")); len(names) > 0 {
		m.Specialisations = names
	}
	return m
}

func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max))
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

func printable(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\uFFFD' {
			return false
		}
	}
	return true
}

func dirNames(dir string) []string {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil && len(names) == 0 {
		return nil
	}
	names = slices.DeleteFunc(names, func(n string) bool { return !printable(n) })
	slices.Sort(names)
	return names
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
