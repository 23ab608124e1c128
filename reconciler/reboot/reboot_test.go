package reboot

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestNeeded(t *testing.T) {
	tests := []struct {
		name            string
		booted, current map[string]string // file -> target content key
		noBooted        bool
		want            []string
	}{
		{"same", map[string]string{"kernel": "a", "initrd": "b"}, map[string]string{"kernel": "a", "initrd": "b"}, false, nil},
		{"new kernel", map[string]string{"kernel": "a", "initrd": "b"}, map[string]string{"kernel": "c", "initrd": "b"}, false, []string{"kernel"}},
		{"new initrd", map[string]string{"kernel": "a", "initrd": "b"}, map[string]string{"kernel": "a", "initrd": "d"}, false, []string{"initrd"}},
		{"new modules", map[string]string{"kernel": "a", "kernel-modules": "m1"}, map[string]string{"kernel": "a", "kernel-modules": "m2"}, false, []string{"kernel modules"}},
		{"all new", map[string]string{"kernel": "a", "initrd": "b", "kernel-modules": "m1"}, map[string]string{"kernel": "c", "initrd": "d", "kernel-modules": "m2"}, false, []string{"kernel", "initrd", "kernel modules"}},
		{"initrd appeared", map[string]string{"kernel": "a"}, map[string]string{"kernel": "a", "initrd": "b"}, false, []string{"initrd"}},
		{"neither has a kernel (playground)", map[string]string{}, map[string]string{}, false, nil},
		{"no booted-system", nil, map[string]string{"kernel": "a"}, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := t.TempDir()
			store := t.TempDir()
			mk := func(name string, files map[string]string) {
				d := filepath.Join(store, name)
				must(t, os.MkdirAll(d, 0o755))
				for f, target := range files {
					p := filepath.Join(store, "obj-"+target)
					must(t, os.WriteFile(p, nil, 0o644))
					must(t, os.Symlink(p, filepath.Join(d, f)))
				}
				must(t, os.Symlink(d, filepath.Join(run, name)))
			}
			if !tt.noBooted {
				mk("booted-system", tt.booted)
			}
			mk("current-system", tt.current)
			if got := Needed(run); !slices.Equal(got, tt.want) {
				t.Fatalf("Needed = %q, want %q", got, tt.want)
			}
		})
	}
}
