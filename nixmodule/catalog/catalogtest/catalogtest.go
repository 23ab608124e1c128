// Package catalogtest makes full-size test data for the package and
// option index: a packages.json with every real nixpkgs attribute name
// (nixmodule/testdata/nixpkgs-attrs.txt.gz, 124,693 of them) where
// pname, version, description and main program are synthesized
// deterministically from the name, overlaid with a hand-written set of
// real packages (Real), and the real NixOS options.json.
package catalogtest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
)

// TestdataDir is nixmodule/testdata in this source tree.
func TestdataDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata")
}

var (
	attrsOnce sync.Once
	attrs     []string
	attrsErr  error
)

// Attrs returns the real nixpkgs attribute names.
func Attrs(tb testing.TB) []string {
	tb.Helper()
	a, err := LoadAttrs()
	if err != nil {
		tb.Fatalf("reading the nixpkgs names: %v", err)
	}
	return a
}

// LoadAttrs is Attrs for programs.
func LoadAttrs() ([]string, error) {
	attrsOnce.Do(func() {
		data, err := gunzipFile(filepath.Join(TestdataDir(), "nixpkgs-attrs.txt.gz"))
		if err != nil {
			attrsErr = err
			return
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if l := strings.TrimSpace(sc.Text()); l != "" {
				attrs = append(attrs, l)
			}
		}
		attrsErr = sc.Err()
	})
	return attrs, attrsErr
}

// OptionsJSON returns the real NixOS options.json (uncompressed).
func OptionsJSON(tb testing.TB) []byte {
	tb.Helper()
	data, err := gunzipFile(OptionsGzPath())
	if err != nil {
		tb.Fatalf("reading the NixOS options: %v", err)
	}
	return data
}

// OptionsGzPath is the real options.json.gz, for tests of reading files.
func OptionsGzPath() string { return filepath.Join(TestdataDir(), "nixos-options.json.gz") }

func gunzipFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

var (
	fullOnce sync.Once
	full     []source.Package
)

// Packages returns the full-size package list: every real attribute
// name, synthesized, with Real laid over it. Deterministic.
func Packages(tb testing.TB) []source.Package {
	tb.Helper()
	p, err := LoadPackages()
	if err != nil {
		tb.Fatalf("reading the nixpkgs names: %v", err)
	}
	return p
}

// LoadPackages is Packages for programs.
func LoadPackages() ([]source.Package, error) {
	names, err := LoadAttrs()
	if err != nil {
		return nil, err
	}
	fullOnce.Do(func() {
		real := map[string]source.Package{}
		for _, p := range Real {
			real[p.Attr] = p
		}
		full = make([]source.Package, 0, len(names))
		for _, a := range names {
			if p, ok := real[a]; ok {
				full = append(full, p)
				continue
			}
			full = append(full, Synthesize(a))
		}
	})
	return full, nil
}

var versionSuffix = regexp.MustCompile(`(_[0-9]+)+$`)

// Synthesize makes up a plausible package for an attribute path: pname
// from the last element (without a _N version suffix), a version, a
// description from word pools (in the language of the package set) and,
// for a quarter of top-level packages, a main program named like the
// package.
func Synthesize(attr string) source.Package {
	h := fnv.New64a()
	h.Write([]byte(attr))
	x := h.Sum64()
	pick := func(pool []string, shift uint) string { return pool[(x>>shift)%uint64(len(pool))] }

	segs := strings.Split(attr, ".")
	last := segs[len(segs)-1]
	pname := versionSuffix.ReplaceAllString(last, "")
	if pname == "" {
		pname = last
	}
	p := source.Package{
		Attr:    attr,
		Pname:   pname,
		Version: fmt.Sprintf("%d.%d.%d", x%20, (x>>8)%30, (x>>16)%10),
	}
	lang := ""
	if len(segs) > 1 {
		lang = setLanguage(segs[0])
	}
	desc := pick(adjectives, 20) + " " + pick(nouns, 26) + " for " + pick(topics, 32)
	if lang != "" {
		desc = pick(adjectives, 20) + " " + lang + " " + pick(nouns, 26) + " for " + pick(topics, 32)
	}
	if (x>>40)%3 == 0 {
		desc += ", based on " + pname
	}
	p.Description = desc
	if len(segs) == 1 && (x>>44)%4 == 0 {
		p.MainProgram = pname
	}
	return p
}

func setLanguage(set string) string {
	switch {
	case strings.HasPrefix(set, "python"):
		return "Python"
	case strings.HasPrefix(set, "haskell"):
		return "Haskell"
	case set == "rPackages":
		return "R"
	case strings.HasPrefix(set, "emacs"):
		return "Emacs"
	case strings.HasPrefix(set, "perl"):
		return "Perl"
	case strings.HasPrefix(set, "ocaml"):
		return "OCaml"
	case strings.HasPrefix(set, "ruby"):
		return "Ruby"
	case strings.HasPrefix(set, "lua"):
		return "Lua"
	case strings.HasPrefix(set, "node"):
		return "Node.js"
	case strings.HasPrefix(set, "texlive"):
		return "TeX"
	case strings.HasPrefix(set, "vim"):
		return "Vim"
	case strings.HasPrefix(set, "sbcl"), strings.HasPrefix(set, "chicken"), strings.HasPrefix(set, "akku"):
		return "Lisp"
	}
	return ""
}

var adjectives = []string{"Fast", "Simple", "Small", "Modern", "Lightweight", "Portable", "Minimal", "Extensible", "Secure", "Flexible", "Robust", "Experimental", "Pure", "Efficient", "Interactive", "Declarative", "Cross-platform", "Asynchronous", "Tiny", "Featureful"}

var nouns = []string{"library", "tool", "utility", "framework", "toolkit", "client", "server", "parser", "generator", "viewer", "bindings", "interface", "daemon", "plugin", "extension", "driver", "module", "wrapper", "compiler", "emulator", "monitor", "scheduler", "formatter", "linter", "backend"}

var topics = []string{"data analysis", "image processing", "audio files", "network protocols", "file systems", "text processing", "graph algorithms", "statistics", "documents", "configuration files", "unit testing", "structured logging", "fonts", "games", "containers", "databases", "HTTP requests", "spreadsheets", "email", "cryptography", "machine learning", "time series", "geographic data", "bioinformatics", "compression", "serialization", "concurrency", "web applications", "command line arguments", "terminal user interfaces"}

// PackagesJSON renders packages as a channel's packages.json (version 2),
// with the meta fields a real one carries (license, platforms,
// maintainers, homepage, position) so its size is realistic.
func PackagesJSON(pkgs []source.Package) []byte {
	var b bytes.Buffer
	b.WriteString(`{"version":2,"packages":{`)
	for i, p := range pkgs {
		if i > 0 {
			b.WriteByte(',')
		}
		meta := map[string]any{
			"description": p.Description,
			"homepage":    "https://example.org/" + p.Pname,
			"license":     map[string]any{"fullName": "MIT License", "shortName": "mit", "spdxId": "MIT", "free": true, "redistributable": true, "deprecated": false},
			"maintainers": []map[string]any{{"name": "Jane Doe", "github": "janedoe", "githubId": 12345, "email": "jane@example.org"}},
			"platforms":   []string{"aarch64-darwin", "aarch64-linux", "armv6l-linux", "armv7l-linux", "i686-linux", "powerpc64le-linux", "riscv64-linux", "x86_64-darwin", "x86_64-linux"},
			"position":    "pkgs/by-name/" + p.Pname + "/package.nix:42",
			"available":   true,
			"broken":      false,
			"insecure":    false,
			"unfree":      false,
			"unsupported": false,
		}
		if p.MainProgram != "" {
			meta["mainProgram"] = p.MainProgram
		}
		if p.Unavailable {
			meta["platforms"] = []string{"aarch64-darwin", "x86_64-darwin"}
			meta["available"] = false
			meta["unsupported"] = true
		}
		if p.Unfree {
			meta["license"] = map[string]any{"fullName": "Unfree", "shortName": "unfree", "deprecated": false, "free": false, "redistributable": false}
			meta["unfree"] = true
		}
		entry := map[string]any{
			"name":       p.Pname + "-" + p.Version,
			"pname":      p.Pname,
			"version":    p.Version,
			"system":     "x86_64-linux",
			"outputName": "out",
			"outputs":    map[string]any{"out": nil},
			"meta":       meta,
		}
		k, _ := json.Marshal(p.Attr)
		v, _ := json.Marshal(entry)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteString("}}")
	return b.Bytes()
}
