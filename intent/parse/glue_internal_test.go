package parse

import (
	"bufio"
	"compress/gzip"
	"os"
	"testing"
)

// TestGlueWordsAreNoPackages: the words read as sentence glue or as
// "every package" inside a package list must not be nixpkgs names, or a
// real package could never be asked for by name.
func TestGlueWordsAreNoPackages(t *testing.T) {
	f, err := os.Open("../../nixmodule/testdata/nixpkgs-attrs.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	attrs := map[string]bool{}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		attrs[sc.Text()] = true
	}
	if err := sc.Err(); err != nil || len(attrs) < 100000 {
		t.Fatalf("read %d attributes: %v", len(attrs), err)
	}
	loadTables()
	for name, set := range map[string]map[string]bool{"notPackages": notPackages, "wholeSetWords": wholeSetWords} {
		for w := range set {
			if attrs[w] && !(name == "notPackages" && w == "via") {
				t.Errorf("%s holds %q, a nixpkgs attribute", name, w)
			}
		}
	}
}
