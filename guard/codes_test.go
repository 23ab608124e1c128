package guard

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestCodesListsEveryCode: every Code constant is in Codes, which the
// metrics export from 0, once.
func TestCodesListsEveryCode(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if !strings.HasPrefix(name.Name, "Code") {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s is not a string literal", name.Name)
				}
				code, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				n++
				if !slices.Contains(Codes, code) {
					t.Errorf("Codes lacks %s (%q)", name.Name, code)
				}
			}
		}
	}
	if n != len(Codes) {
		t.Errorf("%d Code constants, %d entries in Codes", n, len(Codes))
	}
	sorted := slices.Clone(Codes)
	slices.Sort(sorted)
	if len(slices.Compact(sorted)) != len(Codes) {
		t.Errorf("Codes has a repeat: %v", Codes)
	}
}
