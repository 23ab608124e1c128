package catalog

import (
	"sync"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
)

var (
	fullOnce sync.Once
	fullData []byte
)

// fullIndex is the index of the full-size test data (124,693 packages,
// 20,919 real options), built once per test binary.
func fullIndex(tb testing.TB) *Index {
	tb.Helper()
	pkgs := catalogtest.Packages(tb)
	optsJSON := catalogtest.OptionsJSON(tb)
	fullOnce.Do(func() {
		opts, _, err := source.ParseOptions(optsJSON)
		if err != nil {
			tb.Fatalf("options: %v", err)
		}
		now := time.Date(2025, 2, 1, 12, 0, 0, 0, time.UTC)
		fullData, err = Build(pkgs, opts, Meta{
			Packages: Origin{Source: "test", Format: "packages.json", Built: now},
			Options:  Origin{Source: "test", Format: "options.json", Built: now},
		})
		if err != nil {
			tb.Fatalf("build: %v", err)
		}
	})
	if fullData == nil {
		tb.Fatal("the full index could not be built")
	}
	ix, err := Load(fullData)
	if err != nil {
		tb.Fatalf("load: %v", err)
	}
	return ix
}
