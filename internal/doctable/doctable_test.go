package doctable

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestRows(t *testing.T) {
	doc := strings.Join([]string{
		"# Title",
		"## Other",
		"| x | y |",
		"|---|---|",
		"| `no` | 1 |",
		"## Wanted",
		"",
		"Some words.",
		"",
		"| key | value |",
		"|:--|--:|",
		"| `a` | `x|y` |",
		"| b | 2 |",
		"",
		"| later | table |",
		"|---|---|",
		"| c | 3 |",
	}, "\n")
	path := filepath.Join(t.TempDir(), "doc.md")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, err := Rows(path, "## Wanted")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"a", "x|y"}, {"b", "2"}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("rows = %q, want %q", rows, want)
	}
	if _, err := Rows(path, "## Missing"); err == nil || !strings.Contains(err.Error(), "did it move") {
		t.Errorf("missing heading: err = %v", err)
	}
	if _, err := Rows(path, "# Title"); err == nil || !strings.Contains(err.Error(), "no rows") {
		t.Errorf("heading with no table of its own before the next: err = %v", err)
	}
}
