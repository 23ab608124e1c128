package timezone

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// realDB unpacks Go's own copy of tzdata (lib/time/zoneinfo.zip, the
// zones a Go program falls back on) into a directory laid out as
// /etc/zoneinfo is, plus the non-zone files tzdata installs next to them.
func realDB(tb testing.TB) DB {
	tb.Helper()
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		tb.Fatalf("go env GOROOT (the go command finds Go's copy of tzdata): %v", err)
	}
	zr, err := zip.OpenReader(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "time", "zoneinfo.zip"))
	if err != nil {
		tb.Fatalf("Go's zoneinfo.zip: %v", err)
	}
	defer zr.Close()
	dir := tb.TempDir()
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		r, err := f.Open()
		if err != nil {
			tb.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	for name, data := range map[string]string{
		"zone.tab": "DE\t+5230+01322\tEurope/Berlin\n", "tzdata.zi": "# version\n", "leap-seconds.list": "#\n",
		"posixrules": "TZif", "posix/Europe/Berlin": "TZif", "right/Europe/Berlin": "TZif",
	} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return DB{Dir: dir}
}

func TestResolve(t *testing.T) {
	db := realDB(t)
	tests := []struct {
		name, canonical string
		suggestions     []string
	}{
		{"Europe/Berlin", "Europe/Berlin", nil},
		{"UTC", "UTC", nil},
		{"Etc/GMT+1", "Etc/GMT+1", nil},
		{"America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires", nil},
		// Case and spaces as people type them.
		{"europe/berlin", "Europe/Berlin", nil},
		{"EUROPE/BERLIN", "Europe/Berlin", nil},
		{"America/New York", "America/New_York", nil},
		{"utc", "UTC", nil},
		// A city alone, when only one zone has it.
		{"Berlin", "Europe/Berlin", nil},
		{"new york", "America/New_York", nil},
		{"kolkata", "Asia/Kolkata", nil},
		// Typos: not written, but suggested.
		{"Europe/Berln", "", []string{"Europe/Berlin"}},
		{"Europe/Berlim", "", []string{"Europe/Berlin"}},
		{"Amerca/Chicago", "", []string{"America/Chicago"}},
		{"Berln", "", []string{"Europe/Berlin"}},
		// A city two zones share: both offered, neither picked.
		{"Buenos_Aires", "", []string{"America/Argentina/Buenos_Aires", "America/Buenos_Aires"}},
		// Nothing close, and names that are no zones at all.
		{"Mars/Olympus_Mons", "", nil},
		{"zone.tab", "", nil},
		{"posixrules", "", nil},
		{"posix/Europe/Berlin", "", nil},
		{"../../etc/passwd", "", nil},
		{"Europe/../UTC", "", nil},
		{"", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, sugs, err := db.Resolve(tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.canonical || !slices.Equal(sugs, tt.suggestions) {
				t.Fatalf("Resolve(%q) = %q, %q; want %q, %q", tt.name, got, sugs, tt.canonical, tt.suggestions)
			}
		})
	}
}

func TestZonesLeavesOutOtherFiles(t *testing.T) {
	zones, err := realDB(t).Zones()
	if err != nil {
		t.Fatal(err)
	}
	if len(zones) < 300 {
		t.Fatalf("only %d zones", len(zones))
	}
	for _, z := range zones {
		switch z {
		case "zone.tab", "tzdata.zi", "leap-seconds.list", "posixrules", "posix/Europe/Berlin", "right/Europe/Berlin":
			t.Errorf("%s listed as a zone", z)
		}
	}
	if !slices.Contains(zones, "Europe/Berlin") || !slices.IsSorted(zones) {
		t.Fatal("Europe/Berlin missing, or not sorted")
	}
}

func TestResolveNeedsTZifFile(t *testing.T) {
	dir := t.TempDir()
	// Right name, but not a compiled zone: not a zone.
	if err := os.MkdirAll(filepath.Join(dir, "Europe"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Europe", "Berlin"), []byte("not a zone"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _, err := (DB{Dir: dir}).Resolve("Europe/Berlin"); err != nil || got != "" {
		t.Fatalf("Resolve = %q, %v", got, err)
	}
	if _, _, err := (DB{Dir: filepath.Join(dir, "missing")}).Resolve("Nowhere/At_All"); err == nil {
		t.Fatal("a missing database gave no error")
	}
}

func TestSystem(t *testing.T) {
	dir := t.TempDir()
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "ZONEINFO" {
				return v
			}
			return ""
		}
	}
	if db, ok := System(env(dir)); !ok || db.Dir != dir {
		t.Fatalf("ZONEINFO not used: %+v %v", db, ok)
	}
	saved := Dirs
	t.Cleanup(func() { Dirs = saved })
	Dirs = []string{filepath.Join(dir, "none")}
	if _, ok := System(env("")); ok {
		t.Fatal("found a database where there is none")
	}
	// ZONEINFO naming a file (Go also reads a zip there) is passed over.
	zipFile := filepath.Join(dir, "zoneinfo.zip")
	if err := os.WriteFile(zipFile, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := System(env(zipFile)); ok {
		t.Fatal("a file taken for a database")
	}
}

func FuzzResolve(f *testing.F) {
	db := realDB(f)
	for _, s := range []string{"Europe/Berlin", "europe/berlin", "../x", "Berln", "a/b/c/d", "\x00", "America/New York"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got, sugs, err := db.Resolve(name)
		if err != nil {
			t.Fatal(err)
		}
		if got != "" && (!ValidName(got) || !db.isZone(got)) {
			t.Fatalf("Resolve(%q) = %q, not a zone", name, got)
		}
		for _, s := range sugs {
			if !db.isZone(s) {
				t.Fatalf("suggestion %q is not a zone", s)
			}
		}
	})
}

func TestAbbreviation(t *testing.T) {
	for name, want := range map[string]string{"EST": "America/New_York", "pst": "America/Los_Angeles", " CET ": "Europe/Berlin", "mst": "America/Denver"} {
		if zones, ok := Abbreviation(name); !ok || zones[0] != want {
			t.Errorf("Abbreviation(%q) = %v, %v; want %s first", name, zones, ok, want)
		}
	}
	for _, name := range []string{"UTC", "GMT", "Europe/Berlin", "berlin", ""} {
		if zones, ok := Abbreviation(name); ok {
			t.Errorf("Abbreviation(%q) = %v", name, zones)
		}
	}
}
