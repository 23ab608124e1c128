package guard_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

// optionPatterns are the patterns of NixOS's "string matching the
// pattern P" options (types.strMatching), from the real options.json:
// those of a type that is the pattern alone, or null or it.
func optionPatterns(tb testing.TB) []string {
	tb.Helper()
	gz, err := os.ReadFile(optionsData)
	if err != nil {
		tb.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		tb.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	gjson.ParseBytes(data).ForEach(func(_, v gjson.Result) bool {
		t := strings.TrimPrefix(v.Get("type").String(), "null or ")
		if p, ok := strings.CutPrefix(t, "string matching the pattern "); ok && !strings.Contains(p, " or ") && !slices.Contains(out, p) {
			out = append(out, p)
		}
		return true
	})
	if len(out) < 20 {
		tb.Fatalf("%d patterns in %s", len(out), optionsData)
	}
	return out
}

// FuzzPatternInNix checks the guard's reading of NixOS's string
// patterns against Nix's own: a string CheckValue takes for "string
// matching the pattern P", for every P of the real options, is one
// builtins.match P matches (what types.strMatching checks), so the
// edit the guard lets through evaluates. The guard may refuse more.
func FuzzPatternInNix(f *testing.F) {
	nixruntest.RequireNix(f)
	patterns := optionPatterns(f)
	for i, s := range []string{"nixos", "nix-humanityd.service", "12:30", "2026-11-27", "0755", "x.onion", "tcp://h:1",
		"ééééééééééééééééééééééééééééééééééééééé", "a\nb", "a\\b.service", "abcdefghijklmnopqrstuv", "#123456", "ab c"} {
		f.Add(uint8(i), s)
	}
	f.Fuzz(func(t *testing.T, which uint8, s string) {
		p := patterns[int(which)%len(patterns)]
		if strings.IndexByte(s, 0) >= 0 || guard.CheckValue("string matching the pattern "+p, s) != nil {
			return
		}
		expr := "builtins.match " + fragment.Quote(p) + " " + fragment.Quote(s) + " != null"
		out, err := exec.Command("nix-instantiate", "--eval", "-E", expr).CombinedOutput()
		if err != nil {
			t.Fatalf("nix-instantiate --eval -E %s: %v\n%s", expr, err, out)
		}
		if got := strings.TrimSpace(string(out)); got != "true" {
			t.Fatalf("the guard takes %q for the pattern %s, which Nix's builtins.match does not match (%s)", s, p, got)
		}
	})
}
