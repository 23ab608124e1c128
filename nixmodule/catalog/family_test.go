package catalog

import (
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
)

// TestFamily checks the galloping search against what family means: some
// attribute is a's name, an underscore and a digit.
func TestFamily(t *testing.T) {
	attrs := []string{
		"lib", "lib-a", "lib-b", "lib.x", "libA", "libPackages", "lib_", "lib_x", "libfoo",
		"postgresql", "postgresql-foo", "postgresqlPackages", "postgresql_16", "postgresql_17", "postgresqlx",
		"go", "go-task", "goPackages", "go_1_22", "gopls",
		"zz", "zz-a",
		"last", "last_9",
	}
	// Many names between a and a_ make the gallop take several steps.
	for i := 0; i < 40; i++ {
		attrs = append(attrs, "many-"+strings.Repeat("x", i+1))
	}
	attrs = append(attrs, "many", "many_2")
	var pkgs []source.Package
	for _, a := range attrs {
		pkgs = append(pkgs, source.Package{Attr: a, Pname: a, Version: "1"})
	}
	data, err := Build(pkgs, nil, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	for id := 0; id < ix.n; id++ {
		a := string(ix.attrBytes(id))
		want := false
		for _, b := range attrs {
			if rest, ok := strings.CutPrefix(b, a+"_"); ok && rest != "" && rest[0] >= '0' && rest[0] <= '9' {
				want = true
			}
		}
		if got := ix.family(id); got != want {
			t.Errorf("family(%q) = %v, want %v", a, got, want)
		}
	}
}
