package fragment

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

var fuzzSeeds = []string{
	canonical,
	"{ ... }: { }",
	"{ config, pkgs, ... }:\n{\n  # c\n  a.b = { c = [ 1 (-2) \"x\" ]; d = null; };\n  e = with pkgs; [ hello pkgs.git emacsPackages.\"term+mux\" ]; # t\n}\n",
	"{ pkgs, ... }: { a = \"\\${x} $$ \\\\ \\\" \"; }",
	"{ pkgs, ... }: { swapDevices = [ { device = \"/s\"; size = 1; } { } ]; }",
}

// FuzzParse checks that the parser never panics and that whatever it
// accepts renders to a fixed point with the same meaning:
// parse(render(x)) == x.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		x, err := Parse("fuzz.nix", []byte(src))
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error is %T, not *ParseError: %v", err, err)
			}
			return
		}
		out := x.Render()
		y, err := Parse("rendered.nix", out)
		if err != nil {
			t.Fatalf("rendered fragment does not parse: %v\n%s", err, out)
		}
		if !x.Equal(y) {
			t.Fatalf("parse(render(x)) != x\nsource:\n%s\nrendered:\n%s", src, out)
		}
		if again := y.Render(); string(again) != string(out) {
			t.Fatalf("render is not stable:\n%s\n---\n%s", out, again)
		}
	})
}

// FuzzQuote checks that any string survives Quote and the lexer.
func FuzzQuote(f *testing.F) {
	for _, s := range []string{"", "a", "\"", "\\", "${x}", "$${x}", "$", "a\nb\tc\r", "''", "\\${"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.IndexByte(s, 0) >= 0 {
			return // Nix strings cannot hold NUL; Set refuses it.
		}
		src := "{ ... }: { a = " + Quote(s) + "; }"
		x, err := Parse("q.nix", []byte(src))
		if err != nil {
			t.Fatalf("quoted %q does not parse: %v", s, err)
		}
		v, _ := x.Get(Path{"a"})
		if v.Str != s {
			t.Fatalf("quoted %q came back as %q", s, v.Str)
		}
	})
}

// TestRenderedFragmentsParseInNix runs the real Nix parser and evaluator
// over every seed and a set of awkward strings: what we render is what
// Nix reads, byte for byte.
func TestRenderedFragmentsParseInNix(t *testing.T) {
	nixruntest.RequireNix(t)
	awkward := []string{"plain", "quote\"in", "back\\slash", "${builtins.currentTime}", "$${x}", "$", "end$",
		"\\${x}", "tab\tand\nnewline\r", "''${x}''", "unicode ✓ é 中", "#not-a-comment", "*/ /*"}
	f := New()
	for i, s := range awkward {
		if _, _, err := f.Set(Path{"s", string(rune('a' + i))}, String(s)); err != nil {
			t.Fatal(err)
		}
	}
	srcs := []string{string(f.Render())}
	for _, s := range fuzzSeeds {
		x, err := Parse("seed", []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, string(x.Render()))
	}
	for _, src := range srcs {
		out, err := exec.Command("nix-instantiate", "--parse", "-E", src).CombinedOutput()
		if err != nil {
			t.Fatalf("nix-instantiate --parse refused our render:\n%s\n%s", src, out)
		}
	}
	// Evaluate the strings: each must come back exactly.
	expr := "((" + srcs[0] + ") { pkgs = { }; }).s"
	out, err := exec.Command("nix-instantiate", "--eval", "--strict", "--json", "-E", expr).Output()
	if err != nil {
		t.Fatalf("eval: %v", err)
	}
	var got map[string]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("eval output %s: %v", out, err)
	}
	for i, s := range awkward {
		if g := got[string(rune('a'+i))]; g != s {
			t.Errorf("string %q came back from Nix as %q", s, g)
		}
	}
}

// FuzzParsePath feeds attribute paths as a person or options.json gives
// them: a path that parses is written (String) as Nix source that parses
// back to it, and a path of any names, written so, parses back to those
// names.
func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"services.nginx.enable", `services.nginx.virtualHosts."example.com"`, `a."b\"c".d`, `a."${x}"`, `a."\${x}"`,
		`a."x\ny"`, `"".a`, "a..b", "a.", `a."`, `a."$"`, `a."\\"`, `a."b"c`} {
		f.Add(s, "")
	}
	f.Add("a", "line\nbreak")
	f.Add("a", "${x}")
	f.Add("a", "tab\there\r")
	f.Add("a", "back\\slash\"quote")
	f.Fuzz(func(t *testing.T, s, name string) {
		if p, err := ParsePath(s); err == nil {
			again, err := ParsePath(p.String())
			if err != nil || !again.Equal(p) {
				t.Fatalf("ParsePath(%q) = %q, written %s, read back as %q, %v", s, p, p.String(), again, err)
			}
		}
		p := Path{"a", name, "b"}
		again, err := ParsePath(p.String())
		if err != nil || !again.Equal(p) {
			t.Fatalf("path %q written %s read back as %q, %v", p, p.String(), again, err)
		}
	})
}
