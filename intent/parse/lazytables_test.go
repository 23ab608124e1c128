package parse_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
	"testing"
)

// TestTablesBuiltOnFirstUse: no package-level variable of the reader is
// given a value that is built when the program starts (a map, or a
// function's result such as set(...) or phrases(...)). Every ask-nix run
// would pay for it, including the ones that read no request (search,
// generations, status): about 60 page faults of a 500-fault search on
// the build machine when the tables were built at start. Declare the
// table, and assign it in its file's load function, called by
// loadTables on the first request read.
func TestTablesBuiltOnFirstUse(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "init" {
				t.Errorf("%s: an init function runs at program start; make it part of loadTables", fset.Position(fd.Pos()))
			}
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, s := range g.Specs {
				for _, v := range s.(*ast.ValueSpec).Values {
					checked++
					if what := builtAtStart(v); what != "" {
						t.Errorf("%s: %s at program start; assign it in the file's load function instead (see loadTables)", fset.Position(v.Pos()), what)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no package-level values found: is the test run from the package's directory?")
	}
}

// builtAtStart says what of v's value is built by code when the program
// starts ("" for a value the linker lays out: constants, slices and
// structs of them, functions without a call).
func builtAtStart(v ast.Expr) string {
	what := ""
	ast.Inspect(v, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false // its body runs when called
		case *ast.CompositeLit:
			if _, ok := x.Type.(*ast.MapType); ok {
				what = "a map built"
			}
		case *ast.CallExpr:
			what = "a call made"
		}
		return what == ""
	})
	return what
}
