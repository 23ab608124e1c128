// Command genpackages writes the full-size test packages.json (124,693
// real nixpkgs names, synthesized metadata, see catalogtest) for
// benchmarks of `ask-nix index update --from` and `ask-nix search`:
//
//	go run ./nixmodule/catalog/catalogtest/genpackages -o /tmp/packages.json [-br]
//
// With -nix DIR it also writes the same packages as a Nix expression
// (DIR/default.nix, trivial derivations with the same meta) and a flake
// around it (DIR/flake.nix), so `nix search` and `nix-env -qaP` can run
// over exactly the same 124,693 packages for a side-by-side comparison.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"

	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
)

func main() {
	out := flag.String("o", "packages.json", "output file")
	br := flag.Bool("br", false, "brotli-compress, as channels ship packages.json.br")
	nixDir := flag.String("nix", "", "also write the packages as a Nix expression and flake into this directory")
	flag.Parse()
	if *nixDir != "" {
		if err := writeNix(*nixDir); err != nil {
			fmt.Fprintln(os.Stderr, "genpackages:", err)
			os.Exit(1)
		}
	}
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

// writeNix writes the packages as nested attribute sets of trivial
// derivations (package sets marked recurseForDerivations, as nixpkgs
// does), plus a flake exposing them as legacyPackages.
func writeNix(dir string) error {
	pkgs, err := catalogtest.LoadPackages()
	if err != nil {
		return err
	}
	type node struct {
		kids  map[string]*node
		order []string
		pkg   *source.Package
	}
	root := &node{kids: map[string]*node{}}
	for i := range pkgs {
		n := root
		for _, seg := range strings.Split(pkgs[i].Attr, ".") {
			k, ok := n.kids[seg]
			if !ok {
				k = &node{kids: map[string]*node{}}
				n.kids[seg] = k
				n.order = append(n.order, seg)
			}
			n = k
		}
		n.pkg = &pkgs[i]
	}
	var b strings.Builder
	b.WriteString(`{ system ? builtins.currentSystem, ... }:
let
  mk = pname: version: description: mainProgram: derivation {
    name = "${pname}-${version}"; inherit pname version system;
    builder = "/bin/sh"; args = [ "-c" "echo > $out" ];
  } // { meta = { inherit description; } // (if mainProgram == "" then { } else { inherit mainProgram; }); };
in
`)
	var write func(n *node)
	write = func(n *node) {
		if n.pkg != nil && len(n.kids) == 0 {
			p := n.pkg
			fmt.Fprintf(&b, "mk %s %s %s %s", nixString(p.Pname), nixString(p.Version), nixString(p.Description), nixString(p.MainProgram))
			return
		}
		b.WriteString("{ ")
		if n != root {
			b.WriteString("recurseForDerivations = true; ")
		}
		for _, k := range n.order {
			fmt.Fprintf(&b, "%s = ", nixString(k))
			write(n.kids[k])
			b.WriteString(";\n")
		}
		b.WriteString("}")
	}
	write(root)
	b.WriteString("\n")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "default.nix"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	flake := `{
  description = "124,693 synthesized packages with real nixpkgs names, for benchmarks";
  outputs = { self }: { legacyPackages.x86_64-linux = import ./default.nix { system = "x86_64-linux"; }; };
}
`
	return os.WriteFile(filepath.Join(dir, "flake.nix"), []byte(flake), 0o644)
}

func nixString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch c {
		case '"', '\\', '$':
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	b.WriteByte('"')
	return b.String()
}
