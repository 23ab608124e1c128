package catalog

import (
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
)

// benchQueries are the kinds of query people type: a name, a program, a
// typo, two description words.
var benchQueries = []string{"firefox", "rg", "firefx", "text editor", "python requests", "json processor"}

func BenchmarkSearch(b *testing.B) {
	ix := fullIndex(b)
	for _, q := range benchQueries {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				ix.Search(q, 20)
			}
		})
	}
}

func BenchmarkBuild(b *testing.B) {
	ix := fullIndex(b) // warms the test data
	_ = ix
	pkgs := catalogtest.Packages(b)
	for b.Loop() {
		if _, err := Build(pkgs, nil, Meta{}); err != nil {
			b.Fatal(err)
		}
	}
}
