package settings

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzFiles feeds arbitrary backend.conf and config.json contents to the
// loader: it must never panic, and every failure must name the file.
func FuzzFiles(f *testing.F) {
	f.Add("NIX_HUMANITY_FRAGMENT=/x\n# c\nexport NIX_HUMANITY_ACTION='boot'\n", `{"debounce": 2, "watchPaths": ["/etc/nixos"], "healthChecks": [{"argv": ["true"], "timeout": "5s"}]}`)
	f.Add("NIX_HUMANITY_DEBOUNCE=soon", `{"fragment": null}`)
	f.Add("=", `[]`)
	f.Add("NIX_HUMANITY_HEALTH_CHECKS=[{\"argv\":[\"x\"],\"timeout\":-1}]", `{"healthChecks": "x"}`)
	f.Fuzz(func(t *testing.T, conf, js string) {
		dir := t.TempDir()
		c := filepath.Join(dir, "backend.conf")
		j := filepath.Join(dir, "config.json")
		if err := os.WriteFile(c, []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(j, []byte(js), 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Loader{SystemFile: j, UserFile: c, LookupEnv: func(string) (string, bool) { return "", false }}.Load()
		if err != nil {
			if msg := err.Error(); !strings.Contains(msg, c) && !strings.Contains(msg, j) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, k := range Keys() {
			_ = s.Value(k.Name)
			_ = s.Source(k.Name)
		}
	})
}
