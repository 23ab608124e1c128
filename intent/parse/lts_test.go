package parse_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestNodeLTS: nixpkgs' nodejs is Node.js's LTS line, so "lts" said of
// it is nodejs (with the index "install nodejs lts" was refused as a
// package named lts, "did you mean lxd-lts"); "latest" is noted, since
// nodejs is not the newest line. "lts" of another name stays a word of
// it (julia-lts is a package).
func TestNodeLTS(t *testing.T) {
	for _, c := range []struct {
		text, note string
		want       []string
	}{
		{"install nodejs lts", `"lts" read as nodejs`, []string{"nodejs"}},
		{"install node lts", `"lts" read as nodejs`, []string{"node"}},
		{"install the lts version of node", `"lts" read as nodejs`, []string{"node"}},
		{"install nodejs lts and git", `"lts" read as nodejs`, []string{"git", "nodejs"}},
		{"install the latest node", "not the newest one", []string{"node"}},
		{"install the latest nodejs", `"install nodejs 23"`, []string{"nodejs"}},
		{"install julia lts", "", []string{"julia", "lts"}},
	} {
		got, err := parse.Parse(c.text)
		if err != nil || got.Kind != intent.Install || !slices.Equal(got.Packages, c.want) {
			t.Errorf("Parse(%q) = %+v, %v; want install %q", c.text, got, err, c.want)
			continue
		}
		if c.note == "" && len(got.Notes) > 0 || c.note != "" && (len(got.Notes) == 0 || !strings.Contains(got.Notes[0], c.note)) {
			t.Errorf("Parse(%q) notes %q; want one saying %q", c.text, got.Notes, c.note)
		}
	}
}
