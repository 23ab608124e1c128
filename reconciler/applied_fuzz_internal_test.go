package reconciler

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/reconciler/inputs"
)

// FuzzLoadApplied feeds applied-inputs.json contents (a hand edit, a
// disk fault, a file of another version): reading never panics, gives
// digests with a hash or none, and what a pass compares with them names
// only files one of the two lists.
func FuzzLoadApplied(f *testing.F) {
	for _, s := range []string{"", "{}", `{"hash":"h","files":{"/etc/nixos/nix-humanity.nix":"0123456789abcdef"}}`,
		`{"hash":"h","files":null}`, `{"hash":"","files":{"a":"b"}}`, `{"hash":"h","settings":["action=switch"],"files":{"":""}}`,
		`{"hash":1}`, `null`, `{"hash":"h","files":{"a":null}}`, "{\"hash\":\"h\",\"files\":{\"a\\u0000\":\"x\"}}"} {
		f.Add([]byte(s))
	}
	now := &inputs.Snapshot{Hash: "now", Settings: []string{"action=switch"}, Files: map[string]string{"/etc/nixos/nix-humanity.nix": "0123456789abcdef", "/etc/nixos/configuration.nix": "missing"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, AppliedInputsFile), data, 0o600); err != nil {
			t.Fatal(err)
		}
		old := loadApplied(dir)
		if old == nil {
			return
		}
		if old.Hash == "" {
			t.Fatalf("digests without a hash read from %q", data)
		}
		for _, p := range now.Changed(old) {
			_, inNow := now.Files[p]
			_, inOld := old.Files[p]
			if !inNow && !inOld {
				t.Fatalf("%q named changed, in neither", p)
			}
		}
		r := &Reconciler{Settings: &settings.Settings{StateDir: dir, Fragment: "/etc/nixos/nix-humanity.nix"}}
		_ = r.fragmentAsApplied([]byte("{ }"), old.Hash)
		if changed := now.Changed(old); !slices.IsSorted(changed) {
			t.Fatalf("changed files not sorted: %q", changed)
		}
	})
}
