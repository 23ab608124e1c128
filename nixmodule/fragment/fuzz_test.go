package fragment

import (
	"encoding/json"
	"fmt"
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
	for _, s := range []string{
		"{ pkgs, ... }:\n{\n  a = true\n}",
		"{ pkgs, ... }:\n{\n  a = with pkgs; [\n    hello\n  ]\n\n  b = 1;\n}",
		"{ pkgs, ... }:\n{\n  a = \"x\ny\" # c\r\n  # d\n  b = 1;\n}",
		"{ pkgs, ... }:\n{\n  a.\"é\" = { b = 1; }\n  c = 2;\n}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		x, err := Parse("fuzz.nix", []byte(src))
		if err != nil {
			pe, ok := err.(*ParseError)
			if !ok {
				t.Fatalf("error is %T, not *ParseError: %v", err, err)
			}
			checkErrorPosition(t, src, pe)
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

// checkErrorPosition holds a parse error's position to the source: a
// line of it, and a byte column on that line or just past its end. A
// missing ';' is said right after the value's last character, on an
// earlier line than what follows, and a ';' put there takes the parser
// past that point (no error of a ';' there or before).
func checkErrorPosition(t *testing.T, src string, pe *ParseError) {
	t.Helper()
	off, ok := offsetOf(src, pe.Line, pe.Col)
	if !ok {
		t.Fatalf("%v: no such place in the source (%d lines)\n%q", pe, strings.Count(src, "\n")+1, src)
	}
	if !strings.HasPrefix(pe.Msg, "missing ';'") {
		return
	}
	if off == 0 || strings.ContainsRune(" \t\r\n", rune(src[off-1])) {
		t.Fatalf("%v: not right after the value\n%q", pe, src)
	}
	var follows int
	if _, err := fmt.Sscanf(pe.Msg[strings.LastIndex(pe.Msg, "follows on line "):], "follows on line %d)", &follows); err != nil || follows <= pe.Line {
		t.Fatalf("%v: what follows is not on a later line (%v)", pe, err)
	}
	fixed := src[:off] + ";" + src[off:]
	if _, err := Parse("fixed.nix", []byte(fixed)); err != nil {
		again := err.(*ParseError)
		// A binding's own error (defined twice) is said at its start,
		// which may come before; no error of a ';' may.
		if at, _ := offsetOf(fixed, again.Line, again.Col); at <= off && strings.Contains(again.Msg, "';'") {
			t.Fatalf("%v; with a ';' there: %v\n%q", pe, again, fixed)
		}
	}
}

// offsetOf is the byte offset of line and col (both from 1, col in
// bytes) in src, or false when src has no such place.
func offsetOf(src string, line, col int) (int, bool) {
	if line < 1 || col < 1 {
		return 0, false
	}
	start := 0
	for range line - 1 {
		i := strings.IndexByte(src[start:], '\n')
		if i < 0 {
			return 0, false
		}
		start += i + 1
	}
	end := len(src)
	if i := strings.IndexByte(src[start:], '\n'); i >= 0 {
		end = start + i
	}
	if start+col-1 > end {
		return 0, false
	}
	return start + col - 1, true
}
