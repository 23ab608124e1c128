// Command genoptions writes the playground's options.json.gz: the part of
// NixOS's real options.json (nixmodule/testdata) that the playground's
// option index keeps (playground.SelectOptions). Run from the repository
// root after the test data changes:
//
//	go run ./nixmodule/playground/genoptions
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"os"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
)

func main() {
	in := flag.String("in", "nixmodule/testdata/nixos-options.json.gz", "NixOS options.json (plain or gzip)")
	out := flag.String("o", "nixmodule/playground/options.json.gz", "output file")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "genoptions:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	sel, err := playground.SelectOptions(data)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(sel); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := atomicfile.Write(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Printf("%s: %d bytes of JSON, %d gzipped\n", out, len(sel), buf.Len())
	return nil
}
