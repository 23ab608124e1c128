// Command genpackages writes the full-size test packages.json (124,693
// real nixpkgs names, synthesized metadata, see catalogtest) for
// benchmarks of `ask-nix index update --from` and `ask-nix search`:
//
//	go run ./nixmodule/catalog/catalogtest/genpackages -o /tmp/packages.json [-br]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/andybalholm/brotli"

	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
)

func main() {
	out := flag.String("o", "packages.json", "output file")
	br := flag.Bool("br", false, "brotli-compress, as channels ship packages.json.br")
	flag.Parse()
	if err := run(*out, *br); err != nil {
		fmt.Fprintln(os.Stderr, "genpackages:", err)
		os.Exit(1)
	}
}

func run(out string, br bool) error {
	pkgs, err := catalogtest.LoadPackages()
	if err != nil {
		return err
	}
	data := catalogtest.PackagesJSON(pkgs)
	if br {
		var b bytes.Buffer
		w := brotli.NewWriterLevel(&b, 6)
		if _, err := w.Write(data); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		data = b.Bytes()
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return err
	}
	fmt.Printf("%s: %d packages, %d bytes\n", out, len(pkgs), len(data))
	return nil
}
