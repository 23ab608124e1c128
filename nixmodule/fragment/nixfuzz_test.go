package fragment

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

// FuzzRenderInNix sets a string at a path of any two names in a fragment
// and has real Nix evaluate what Render wrote: the names and the string
// come back byte for byte (compared by their SHA-256, so bytes that are
// no UTF-8 count too), whatever quotes, backslashes, "${", indented
// string quotes, comment marks or keywords they hold. Nix strings hold
// no NUL; Set refuses what it does not write.
func FuzzRenderInNix(f *testing.F) {
	nixruntest.RequireNix(f)
	for _, s := range []string{"plain", "quote\"in", "back\\slash", "${builtins.currentTime}", "$${x}", "$", "end$",
		"\\${x}", "tab\tand\nnewline\r", "''${x}''", "unicode ✓ é 中", "#not-a-comment", "*/ /*", "\xff\xfe", "\\", "${"} {
		f.Add("services", "x", s)
	}
	f.Add("networking", "hostName", "nixos")
	f.Add("if", "or", "in")
	f.Add("a-b", "c'd", "\x1b[31m")
	f.Add("", "__curPos", "rec { }")
	f.Add("1a", "a.b", "\"; x = \"")
	f.Fuzz(func(t *testing.T, a, b, value string) {
		if strings.ContainsRune(a+b+value, 0) {
			return
		}
		fr := New()
		if _, _, err := fr.Set(Path{"s", a, b}, String(value)); err != nil {
			return
		}
		src := string(fr.Render())
		expr := `let s = ((` + src + `) { pkgs = { }; }).s; n = builtins.head (builtins.attrNames s); ` +
			`k = builtins.head (builtins.attrNames s.${n}); h = builtins.hashString "sha256"; ` +
			`in [ (builtins.length (builtins.attrNames s)) (builtins.length (builtins.attrNames s.${n})) (h n) (h k) (h s.${n}.${k}) ]`
		out, err := exec.Command("nix-instantiate", "--eval", "--strict", "--json", "-E", expr).CombinedOutput()
		if err != nil {
			t.Fatalf("Nix refused what Render wrote for %q.%q = %q:\n%s\n%s", a, b, value, src, out)
		}
		var got []any
		if err := json.Unmarshal(out, &got); err != nil || len(got) != 5 {
			t.Fatalf("Nix gave %s: %v", out, err)
		}
		sum := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
		if got[0] != 1.0 || got[1] != 1.0 || got[2] != sum(a) || got[3] != sum(b) || got[4] != sum(value) {
			t.Fatalf("%q.%q = %q, rendered\n%s\ncame back from Nix other: %s", a, b, value, src, out)
		}
	})
}
