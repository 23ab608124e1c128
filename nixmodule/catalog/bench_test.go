package catalog

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
)

// benchQueries are the kinds of query people type: a name, a program, a
// typo, two description words, a set and a name, a short word, a word
// that names a kind of program (kindPhrases), a word package sets have
// libraries named (tierNestedAlone), a qualifier and a kind said in
// other words (kindQueryHolders).
var benchQueries = []string{"firefox", "rg", "firefx", "text editor", "python requests", "json processor", "lib", "e-mail client", "webbrowser", "terminal", "calculator", "video player"}

// BenchmarkSearch is one search over the full-size index (124,693
// packages) once it is loaded.
func BenchmarkSearch(b *testing.B) {
	ix := fullIndex(b)
	for _, q := range benchQueries {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ix.Search(q, 20)
			}
		})
	}
}

// BenchmarkOpenSearch is what one `ask-nix search` does with the index:
// open and map the file, search, unmap.
func BenchmarkOpenSearch(b *testing.B) {
	fullIndex(b)
	path := filepath.Join(b.TempDir(), FileName)
	if err := os.WriteFile(path, fullData, 0o644); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"firefox", "firefx"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				ix, err := Open(path)
				if err != nil {
					b.Fatal(err)
				}
				ix.Search(q, 20)
				ix.Close()
			}
		})
	}
}

// BenchmarkChecks are the edit flow's questions.
func BenchmarkChecks(b *testing.B) {
	ix := fullIndex(b)
	b.Run("Package/found", func(b *testing.B) {
		for b.Loop() {
			ix.Package("python313Packages.requests")
		}
	})
	b.Run("Package/firefx", func(b *testing.B) {
		for b.Loop() {
			ix.Package("firefx")
		}
	})
	b.Run("Option/exact", func(b *testing.B) {
		for b.Loop() {
			ix.Option("services.openssh.enable")
		}
	})
	b.Run("Option/pattern", func(b *testing.B) {
		for b.Loop() {
			ix.Option("users.users.alice.isNormalUser")
		}
	})
	b.Run("EnableOption/ssh", func(b *testing.B) {
		for b.Loop() {
			ix.EnableOption("ssh")
		}
	})
	b.Run("ModuleOption/steam", func(b *testing.B) {
		for b.Loop() {
			ix.ModuleOption("steam")
		}
	})
}

// BenchmarkUpdateFromFile is `ask-nix index update --from packages.json`
// for the full-size file (99 MB, 124,693 packages; brotli: 4.6 MB) with
// the real options.json: read, decompress, parse, index, write.
func BenchmarkUpdateFromFile(b *testing.B) {
	pkgs := catalogtest.Packages(b)
	dir := b.TempDir()
	plain := filepath.Join(dir, "packages.json")
	if err := os.WriteFile(plain, catalogtest.PackagesJSON(pkgs), 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := (Update{Dir: dir, PackagesFrom: plain, OptionsFrom: catalogtest.OptionsGzPath()}).Run(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild is the indexing step alone (no reading or parsing).
func BenchmarkBuild(b *testing.B) {
	pkgs := catalogtest.Packages(b)
	for b.Loop() {
		if _, err := Build(pkgs, nil, Meta{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEnableOption is "enable X" among the 20,919 real options: one
// word, and several (which are also matched against option paths).
func BenchmarkEnableOption(b *testing.B) {
	ix := fullIndex(b)
	for _, w := range []string{"docker", "docker rootless", "node exporter"} {
		b.Run(w, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ix.EnableOption(w)
			}
		})
	}
}
