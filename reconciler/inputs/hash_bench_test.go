package inputs

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkHash: the no-op pass's share of the inputs, a fragment and a
// folder of five files.
func BenchmarkHash(b *testing.B) {
	paths := benchInputs(b)
	for b.Loop() {
		if _, err := Hash(paths, "action=switch"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTake: the same with a digest per file, which only a pass that
// goes on to Nix takes.
func BenchmarkTake(b *testing.B) {
	paths := benchInputs(b)
	for b.Loop() {
		if _, err := Take(paths, "action=switch"); err != nil {
			b.Fatal(err)
		}
	}
}

func benchInputs(b *testing.B) []string {
	dir := b.TempDir()
	frag := filepath.Join(dir, "nix-humanity.nix")
	conf := filepath.Join(dir, "etc")
	if err := os.MkdirAll(conf, 0o755); err != nil {
		b.Fatal(err)
	}
	for _, n := range []string{"configuration.nix", "hardware-configuration.nix", "flake.nix", "flake.lock", "users.nix"} {
		if err := os.WriteFile(filepath.Join(conf, n), make([]byte, 4096), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if err := os.WriteFile(frag, make([]byte, 2048), 0o644); err != nil {
		b.Fatal(err)
	}
	return Paths(frag, []string{conf})
}
