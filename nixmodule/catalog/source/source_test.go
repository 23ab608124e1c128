package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

const packagesJSON = `{"version": 2, "packages": {
  "hello": {"name": "hello-2.12.1", "pname": "hello", "version": "2.12.1", "system": "x86_64-linux", "outputName": "out",
            "meta": {"description": "Program that produces a familiar, friendly greeting", "mainProgram": "hello", "license": {"spdxId": "GPL-3.0-or-later"}}},
  "python313Packages.requests": {"name": "python3.13-requests-2.32.3", "pname": "requests", "version": "2.32.3", "meta": {"description": "HTTP library for Python"}},
  "emacsPackages.ghub+": {"name": "emacs-ghub-plus-0.3", "meta": {}},
  "oldStyle": {"name": "old-style-1.0.2"},
  "multi": {"pname": "multi", "version": "1", "meta": {"description": "line one\nline two\ttabbed"}},
  "bad..attr": {"pname": "x"},
  "has space": {"pname": "x"},
  "notAnObject": 3
}}`

func TestParsePackagesJSON(t *testing.T) {
	pkgs, format, skipped, err := ParsePackages([]byte(packagesJSON))
	if err != nil {
		t.Fatal(err)
	}
	if format != FormatPackagesJSON || skipped != 3 {
		t.Errorf("format %q, skipped %d; want packages.json, 3", format, skipped)
	}
	want := []Package{
		{Attr: "hello", Pname: "hello", Version: "2.12.1", Description: "Program that produces a familiar, friendly greeting", MainProgram: "hello"},
		{Attr: "python313Packages.requests", Pname: "requests", Version: "2.32.3", Description: "HTTP library for Python"},
		{Attr: `emacsPackages."ghub+"`, Pname: "emacs-ghub-plus", Version: "0.3"},
		{Attr: "oldStyle", Pname: "old-style", Version: "1.0.2"},
		{Attr: "multi", Pname: "multi", Version: "1", Description: "line one line two tabbed"},
	}
	if !slices.Equal(pkgs, want) {
		t.Errorf("got\n%+v\nwant\n%+v", pkgs, want)
	}
}

// Whether NixOS can build a package here, as packages.json and nix-env
// --meta say it (check-meta's computed fields): broken, unsupported (a
// macOS-only app in an x86_64-linux listing) or not available.
func TestParseUnavailable(t *testing.T) {
	tests := []struct {
		name, meta  string
		unavailable bool
	}{
		{"no meta", ``, false},
		{"all fine", `"meta": {"available": true, "broken": false, "unsupported": false, "insecure": false}`, false},
		{"broken", `"meta": {"broken": true}`, true},
		{"unsupported", `"meta": {"available": false, "unsupported": true, "platforms": ["aarch64-darwin", "x86_64-darwin"]}`, true},
		{"not available", `"meta": {"available": false}`, true},
		{"insecure only", `"meta": {"insecure": true}`, false},
		{"broken as a string", `"meta": {"broken": "true"}`, false},
		{"outside meta", `"broken": true`, false},
	}
	for _, tt := range tests {
		entry := `"pname": "p", "version": "1"`
		if tt.meta != "" {
			entry += ", " + tt.meta
		}
		for _, doc := range []string{`{"version": 2, "packages": {"p": {` + entry + `}}}`, `{"p": {"name": "p-1", ` + entry + `}}`} {
			pkgs, _, _, err := ParsePackages([]byte(doc))
			if err != nil || len(pkgs) != 1 {
				t.Fatalf("%s: %v %+v", tt.name, err, pkgs)
			}
			if pkgs[0].Unavailable != tt.unavailable {
				t.Errorf("%s: unavailable = %v, want %v (%s)", tt.name, pkgs[0].Unavailable, tt.unavailable, doc)
			}
		}
	}
}

// Whether a package is unfree, as packages.json and nix-env --meta say it:
// meta.unfree, or meta.license (one license or a list) with free = false.
// A license named only by its id says nothing.
func TestParseUnfree(t *testing.T) {
	tests := []struct {
		name, meta string
		unfree     bool
	}{
		{"no meta", ``, false},
		{"no license", `"meta": {"description": "x"}`, false},
		{"free license object", `"meta": {"license": {"shortName": "mit", "spdxId": "MIT", "free": true}}`, false},
		{"unfree license object", `"meta": {"license": {"shortName": "unfree", "fullName": "Unfree", "free": false, "redistributable": false}}`, true},
		{"unfreeRedistributable", `"meta": {"license": {"shortName": "unfreeRedistributable", "free": false, "redistributable": true}}`, true},
		{"spdxId only", `"meta": {"license": {"spdxId": "LicenseRef-Proprietary"}}`, false},
		{"shortName only", `"meta": {"license": {"shortName": "unfree"}}`, false},
		{"license as a string", `"meta": {"license": "unfree"}`, false},
		{"list, all free", `"meta": {"license": [{"shortName": "mit", "free": true}, {"shortName": "asl20", "free": true}]}`, false},
		{"list, one unfree", `"meta": {"license": [{"shortName": "mit", "free": true}, {"shortName": "unfree", "free": false}]}`, true},
		{"list, unfree first", `"meta": {"license": [{"shortName": "unfree", "free": false}, {"shortName": "mit", "free": true}]}`, true},
		{"list of names", `"meta": {"license": ["mit", "unfree"]}`, false},
		{"empty list", `"meta": {"license": []}`, false},
		{"free as a string", `"meta": {"license": {"shortName": "x", "free": "false"}}`, false},
		{"meta.unfree true", `"meta": {"unfree": true}`, true},
		{"meta.unfree false", `"meta": {"unfree": false, "license": {"free": true}}`, false},
		{"meta.unfree false, license unfree", `"meta": {"unfree": false, "license": {"free": false}}`, true},
		{"meta.unfree as a string", `"meta": {"unfree": "yes"}`, false},
		{"unfree outside meta", `"unfree": true, "license": {"free": false}`, false},
	}
	for _, tt := range tests {
		entry := `"pname": "p", "version": "1"`
		if tt.meta != "" {
			entry += ", " + tt.meta
		}
		for _, shape := range []struct {
			format Format
			doc    string
		}{
			{FormatPackagesJSON, `{"version": 2, "packages": {"p": {` + entry + `}}}`},
			{FormatNixEnv, `{"p": {"name": "p-1", ` + entry + `}}`},
		} {
			pkgs, format, _, err := ParsePackages([]byte(shape.doc))
			if err != nil || format != shape.format || len(pkgs) != 1 {
				t.Fatalf("%s (%s): %v %q %+v", tt.name, shape.format, err, format, pkgs)
			}
			if pkgs[0].Unfree != tt.unfree {
				t.Errorf("%s (%s): unfree = %v, want %v", tt.name, shape.format, pkgs[0].Unfree, tt.unfree)
			}
		}
	}
}

func TestParseNixSearch(t *testing.T) {
	in := `{"legacyPackages.x86_64-linux.hello":{"pname":"hello","version":"2.12","description":"A greeting"},
	        "legacyPackages.x86_64-linux.pySet.requests":{"pname":"requests","version":"2.31","description":""}}`
	pkgs, format, _, err := ParsePackages([]byte(in))
	if err != nil || format != FormatNixSearch {
		t.Fatalf("format %q, %v", format, err)
	}
	want := []Package{
		{Attr: "hello", Pname: "hello", Version: "2.12", Description: "A greeting"},
		{Attr: "pySet.requests", Pname: "requests", Version: "2.31"},
	}
	if !slices.Equal(pkgs, want) {
		t.Errorf("got %+v, want %+v", pkgs, want)
	}
}

func TestParsePackagesErrors(t *testing.T) {
	tests := map[string]string{
		`{"version": 2, "packages": {"a": {}`:     "not valid JSON (line 1",
		`[1, 2]`:                                  "not an object",
		`{"version": 3, "packages": {}}`:          "version 3 is not supported",
		"{\n\"a\": {\"pname\": \"x\"},\n\"b\": }": "line 3",
	}
	for in, want := range tests {
		_, _, _, err := ParsePackages([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParsePackages(%q) = %v, want an error with %q", in, err, want)
		}
	}
}

// TestWrongFileIsNamed: a file of the other kind, or a plain list of
// names (nixmodule/testdata/nixpkgs-attrs.txt, nix-env -qaP without
// --json), is refused with what it is and what to give instead, never
// indexed as what it is not (an options.json once became 20,716
// "packages" named after options; a packages.json one option named
// "packages").
func TestWrongFileIsNamed(t *testing.T) {
	const options = `{"services.openssh.enable": {"declarations": ["x.nix"], "default": {"_type": "literalExpression", "text": "false"}, "description": "Whether.", "loc": ["services", "openssh", "enable"], "readOnly": false, "type": "boolean"},
	  "time.timeZone": {"loc": ["time", "timeZone"], "type": "null or string"}}`
	const nixEnv = `{"nixpkgs.hello": {"name": "hello-2.12.1", "pname": "hello", "version": "2.12.1", "outputName": "out", "meta": {"description": "Greeting"}}}`
	const nixSearch = `{"legacyPackages.x86_64-linux.hello": {"pname": "hello", "version": "2.12.1", "description": "Greeting"}}`
	tests := []struct {
		name, in          string
		packages, options string // the start of each reader's error; "" for none
	}{
		{"names", "AMB-plugins\nhello\npython313Packages.requests\n", "this is a list of names, one a line, not a package list", "this is a list of names, one a line, not an options.json"},
		{"nix-env -qaP text", "nixpkgs.hello  hello-2.12.1\nnixpkgs.vim  vim-9.1\n", "this is a list of names", "this is a list of names"},
		{"one name", "hello", "this is a list of names", "this is a list of names"},
		{"options.json", options, "this is a NixOS options.json", ""},
		{"packages.json", packagesJSON, "", "this is a channel's packages.json"},
		{"nix-env JSON", nixEnv, "", "this is a package list"},
		{"nix search JSON", nixSearch, "", "this is a package list"},
		// JSON cut short stays a JSON error (and prose is no list of
		// names: Decompress refuses it as no JSON, gzip or brotli).
		{"cut short", `{"a": {"pname": "x"`, "not valid JSON", "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := Decompress([]byte(tt.in))
			if err != nil {
				t.Fatalf("Decompress: %v", err)
			}
			_, _, _, perr := ParsePackages(data)
			_, _, oerr := ParseOptions(data)
			for _, c := range []struct {
				reader string
				err    error
				want   string
			}{{"ParsePackages", perr, tt.packages}, {"ParseOptions", oerr, tt.options}} {
				switch {
				case c.want == "" && c.err != nil:
					t.Errorf("%s: %v, want no error", c.reader, c.err)
				case c.want != "" && (c.err == nil || !strings.HasPrefix(c.err.Error(), c.want)):
					t.Errorf("%s: %v, want an error starting %q", c.reader, c.err, c.want)
				}
			}
		})
	}
}

func TestDecompress(t *testing.T) {
	plain := []byte(packagesJSON)
	var gz, br bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain)
	zw.Close()
	bw := brotli.NewWriter(&br)
	bw.Write(plain)
	bw.Close()
	for name, in := range map[string][]byte{"plain": plain, "gzip": gz.Bytes(), "brotli": br.Bytes(), "leading space": append([]byte("\n  "), plain...)} {
		out, err := Decompress(in)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(bytes.TrimSpace(out), plain) {
			t.Errorf("%s: got something else back", name)
		}
	}
	for name, in := range map[string][]byte{
		"empty":   nil,
		"xz":      {0xfd, '7', 'z', 'X', 'Z', 0, 1, 2},
		"zstd":    {0x28, 0xb5, 0x2f, 0xfd, 1, 2},
		"garbage": []byte("\x00\x01\x02 definitely not anything"),
		"prose":   []byte("this is not a list of names at all"),
		"bad gz":  {0x1f, 0x8b, 1, 2, 3},
	} {
		if _, err := Decompress(in); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestCanonicalAttr(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"firefox", "firefox", true},
		{"python313Packages.requests", "python313Packages.requests", true},
		{"emacsPackages.ghub+", `emacsPackages."ghub+"`, true},
		{`emacsPackages."ghub+"`, `emacsPackages."ghub+"`, true},
		{"haskellPackages.if", `haskellPackages."if"`, true},
		{"", "", false},
		{"a..b", "", false},
		{"a b", "", false},
		{`a."b.c"`, "", false},
		{"a.${x}", "", false},
		{`a\b`, "", false},
	}
	for _, tt := range tests {
		got, ok := CanonicalAttr(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("CanonicalAttr(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSplitDrvName(t *testing.T) {
	tests := [][3]string{
		{"hello-2.12", "hello", "2.12"},
		{"python3.13-requests-2.32.3", "python3.13-requests", "2.32.3"},
		{"emacs-ghub-plus-0.3", "emacs-ghub-plus", "0.3"},
		{"noversion", "noversion", ""},
		{"x-", "x-", ""},
	}
	for _, tt := range tests {
		p, v := splitDrvName(tt[0], "")
		if p != tt[1] || v != tt[2] {
			t.Errorf("splitDrvName(%q) = %q, %q; want %q, %q", tt[0], p, v, tt[1], tt[2])
		}
	}
}

func TestParseRealOptions(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "nixos-options.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := Decompress(raw)
	if err != nil {
		t.Fatal(err)
	}
	opts, skipped, err := ParseOptions(data)
	if err != nil || skipped != 0 || len(opts) != 20919 {
		t.Fatalf("%d options, %d skipped, %v", len(opts), skipped, err)
	}
	byName := map[string]Option{}
	for _, o := range opts {
		byName[o.Name] = o
	}
	ssh := byName["services.openssh.enable"]
	if ssh.Type != "boolean" || !slices.Equal(ssh.Loc, []string{"services", "openssh", "enable"}) || ssh.Description == "" {
		t.Errorf("services.openssh.enable = %+v", ssh)
	}
	if a := byName["services.sshd.enable"].AliasOf; a != "services.openssh.enable" {
		t.Errorf("services.sshd.enable is an alias of %q", a)
	}
	q := byName[`boot.kernel.sysctl."net.core.rmem_max"`]
	if !slices.Equal(q.Loc, []string{"boot", "kernel", "sysctl", "net.core.rmem_max"}) {
		t.Errorf("quoted option loc = %q", q.Loc)
	}
}

func TestParseOptionsShapes(t *testing.T) {
	in := `{"a.b": {"type": "boolean", "description": {"_type": "mdDoc", "text": "Old style.\n\nMore."}},
	        "c.\"d.e\".<name>": {"type": "string"},
	        "broken": 1, "x..y": {"type": "int"}}`
	opts, skipped, err := ParseOptions([]byte(in))
	if err != nil || skipped != 2 {
		t.Fatalf("%+v, %d skipped, %v", opts, skipped, err)
	}
	if opts[0].Description != "Old style." || !slices.Equal(opts[1].Loc, []string{"c", "d.e", "<name>"}) {
		t.Errorf("%+v", opts)
	}
	for _, bad := range []string{`{}`, `[]`, `{"a": 1}`, `{"a": {"type": "x"`} {
		if _, _, err := ParseOptions([]byte(bad)); err == nil {
			t.Errorf("ParseOptions(%s): no error", bad)
		}
	}
}

// fakeNixpkgs is a tiny nixpkgs for real Nix: four packages, one in a
// package set, one with an unfree license.
const fakeNixpkgs = `{ ... }:
let mk = pname: version: meta: derivation {
      name = "${pname}-${version}"; inherit pname version;
      system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "echo hi > $out" ];
    } // { inherit meta; };
in {
  hello = mk "hello" "2.12" { description = "Program that produces a familiar, friendly greeting"; mainProgram = "hello"; };
  ripgrep = mk "ripgrep" "14.1.0" { description = "Fast grep"; mainProgram = "rg"; };
  unrar = mk "unrar" "7.1.2" { description = "Utility for RAR archives"; license = { shortName = "unfreeRedistributable"; free = false; }; };
  pySet = { recurseForDerivations = true; requests = mk "requests" "2.31" { description = "HTTP for humans"; }; };
}
`

func writeFakeNixpkgs(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "nixpkgs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "default.nix"), []byte(fakeNixpkgs), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

var wantFake = []Package{
	{Attr: "hello", Pname: "hello", Version: "2.12", Description: "Program that produces a familiar, friendly greeting", MainProgram: "hello"},
	{Attr: "pySet.requests", Pname: "requests", Version: "2.31", Description: "HTTP for humans"},
	{Attr: "ripgrep", Pname: "ripgrep", Version: "14.1.0", Description: "Fast grep", MainProgram: "rg"},
	{Attr: "unrar", Pname: "unrar", Version: "7.1.2", Description: "Utility for RAR archives", Unfree: true},
}

func sortPkgs(p []Package) []Package {
	slices.SortFunc(p, func(a, b Package) int { return strings.Compare(a.Attr, b.Attr) })
	return p
}

func TestFromNixEnv(t *testing.T) {
	nixruntest.RequireNix(t)
	dir := writeFakeNixpkgs(t)
	rec := &nixruntest.Recorder{}
	var lastBytes int64
	pkgs, format, err := FromNix(context.Background(), rec, dir, func(b, _ int64) { lastBytes = b })
	if err != nil {
		t.Fatal(err)
	}
	if format != FormatNixEnv || !slices.Equal(sortPkgs(pkgs), wantFake) {
		t.Errorf("format %q, packages %+v", format, pkgs)
	}
	if calls := rec.Calls(); len(calls) != 1 || !slices.Equal(calls[0].Argv, []string{"nix-env", "-f", dir, "-qaP", "--json", "--meta"}) {
		t.Errorf("ran %v", rec.Calls())
	}
	if lastBytes == 0 {
		t.Error("no progress reported")
	}
}

func TestFromNixSearchFlake(t *testing.T) {
	nixruntest.RequireNix(t)
	dir := writeFakeNixpkgs(t)
	flake := `{ outputs = { self }: { legacyPackages.x86_64-linux = import ./default.nix {}; legacyPackages.aarch64-linux = import ./default.nix {}; }; }`
	if err := os.WriteFile(filepath.Join(dir, "flake.nix"), []byte(flake), 0o644); err != nil {
		t.Fatal(err)
	}
	var evaluated int64
	pkgs, format, err := FromNix(context.Background(), nixrun.Exec{}, "path:"+dir, func(_, e int64) { evaluated = e })
	if err != nil {
		t.Fatal(err)
	}
	// nix search lists the packages for this machine's system only;
	// mainProgram and the license are not in its output, so nothing is
	// marked unfree.
	want := slices.Clone(wantFake)
	for i := range want {
		want[i].MainProgram, want[i].Unfree = "", false
	}
	if format != FormatNixSearch || !slices.Equal(sortPkgs(pkgs), want) {
		t.Errorf("format %q, packages %+v", format, pkgs)
	}
	if evaluated == 0 {
		t.Error("no evaluation progress reported from nix search's stderr")
	}
}

func TestFromNixFails(t *testing.T) {
	nixruntest.RequireNix(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "default.nix"), []byte("{ ... }: throw \"broken nixpkgs\""), 0o644)
	_, _, err := FromNix(context.Background(), nixrun.Exec{}, dir, nil)
	var ee *nixrun.ExitError
	if !errors.As(err, &ee) || !strings.Contains(err.Error(), "broken nixpkgs") {
		t.Errorf("err = %v; want Nix's own error", err)
	}
	if _, _, err := FromNix(context.Background(), nixrun.Exec{}, "--option", nil); err == nil {
		t.Error("a nixpkgs starting with '-' reached Nix")
	}
}

func TestNixCommand(t *testing.T) {
	tests := []struct {
		in   string
		want Format
	}{
		{"<nixpkgs>", FormatNixEnv},
		{"/home/me/nixpkgs", FormatNixEnv},
		{"./nixpkgs", FormatNixEnv},
		{"nixpkgs", FormatNixSearch},
		{"github:NixOS/nixpkgs/nixos-24.11", FormatNixSearch},
		{"path:/x", FormatNixSearch},
	}
	for _, tt := range tests {
		if _, f := NixCommand(tt.in); f != tt.want {
			t.Errorf("NixCommand(%q) uses %s, want %s", tt.in, f, tt.want)
		}
	}
}

func FuzzParsePackages(f *testing.F) {
	f.Add([]byte(packagesJSON))
	f.Add([]byte(`{"legacyPackages.x86_64-linux.hello":{"pname":"hello","version":"2.12","description":"A greeting"}}`))
	f.Add([]byte(`{"hello":{"name":"hello-2.12","pname":"hello","version":"2.12","system":"x86_64-linux","meta":{"mainProgram":"hello"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		pkgs, _, _, err := ParsePackages(data)
		if err != nil {
			return
		}
		for _, p := range pkgs {
			if a, ok := CanonicalAttr(p.Attr); !ok || a != p.Attr {
				t.Fatalf("kept attribute %q, which is not canonical (%q, %v)", p.Attr, a, ok)
			}
			if len(p.Description) > MaxDescription+len("…") || strings.ContainsAny(p.Description, "\n\t\x00") {
				t.Fatalf("description not cleaned: %q", p.Description)
			}
		}
	})
}

func FuzzParseOptions(f *testing.F) {
	f.Add([]byte(`{"a.b": {"type": "boolean", "loc": ["a", "b"], "description": "Alias of {option}` + "`c.d`" + `."}}`))
	f.Add([]byte(`{"c.\"d.e\".<name>": {"type": "string"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		opts, _, err := ParseOptions(data)
		if err != nil {
			return
		}
		for _, o := range opts {
			if len(o.Loc) == 0 || slices.Contains(o.Loc, "") {
				t.Fatalf("option %q with loc %q", o.Name, o.Loc)
			}
		}
	})
}

func FuzzDecompress(f *testing.F) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"a": 1}`))
	zw.Close()
	f.Add(gz.Bytes())
	f.Add([]byte(`{"a": 1}`))
	f.Add([]byte{0x8b, 0x03, 0x80, 0x7b, 0x7d, 0x03})
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := Decompress(data)
		if err == nil && len(out) > MaxInput {
			t.Fatalf("%d bytes out", len(out))
		}
		// Whatever is gzipped comes back; so does a brotli-compressed
		// JSON object, unless its compressed form looks like JSON itself
		// (brotli has no magic number: such a file is read as JSON).
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write(data)
		zw.Close()
		if out, err := Decompress(gz.Bytes()); err != nil || !bytes.Equal(out, data) {
			t.Fatalf("gzip of %q read as %q, %v", data, out, err)
		}
		obj := append([]byte("{"), data...)
		var br bytes.Buffer
		bw := brotli.NewWriter(&br)
		bw.Write(obj)
		bw.Close()
		if c := bytes.TrimSpace(br.Bytes()); len(c) > 0 && (c[0] == '{' || c[0] == '[') {
			return
		}
		if out, err := Decompress(br.Bytes()); err != nil || !bytes.Equal(out, obj) {
			t.Fatalf("brotli of %q read as %q, %v", obj, out, err)
		}
	})
}
