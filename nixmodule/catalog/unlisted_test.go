package catalog

import (
	"bufio"
	"compress/gzip"
	"os"
	"slices"
	"testing"
)

// TestUnlistedName: without the package index, the names people say
// for packages nixpkgs names otherwise are what tells "install python"
// (no such attribute: python3 meant) from a name to write as said. None
// of them may be a name the real nixpkgs listing has, and every name of
// the table the listing has is one UnlistedName leaves alone.
func TestUnlistedName(t *testing.T) {
	f, err := os.Open("../testdata/nixpkgs-attrs.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		listed[sc.Text()] = true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for name, meant := range otherNames() {
		got := UnlistedName(name)
		switch {
		case listed[name] && got != nil:
			t.Errorf("UnlistedName(%q) = %q, but nixpkgs has %s: add it to attrsToo", name, got, name)
		case !listed[name] && listedUnder[name] == nil && !slices.Equal(got, meant):
			t.Errorf("UnlistedName(%q) = %q; want %q", name, got, meant)
		}
	}
	for _, tt := range []struct {
		name string
		want []string
	}{
		{"python", []string{"python3", "python313", "python312"}},
		{"Node", []string{"nodejs"}},
		{"libre-office", []string{"libreoffice"}},
		{"zoom", nil},    // an attribute of its own (namedOtherwise)
		{"openjdk", nil}, // jdk's other name
		{"firefox", nil},
	} {
		if got := UnlistedName(tt.name); !slices.Equal(got, tt.want) {
			t.Errorf("UnlistedName(%q) = %q; want %q", tt.name, got, tt.want)
		}
	}
}
