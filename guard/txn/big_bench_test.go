package txn

import (
	"context"
	"fmt"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
)

// BenchmarkApplyAndUndoBigFragment is BenchmarkApplyAndUndo on a
// fragment of 5,000 packages (a machine an admin's scripts fill): an edit
// must stay well under a second there too.
func BenchmarkApplyAndUndoBigFragment(b *testing.B) {
	dir := b.TempDir()
	s := &Store{Fragment: dir + "/nix-humanity.nix", StateDir: dir + "/state", User: "bench"}
	ctx := context.Background()
	var pkgs []string
	for i := range 5000 {
		pkgs = append(pkgs, fmt.Sprintf("p%d", i))
	}
	if _, err := s.Apply(ctx, "seed", intent.Intent{Kind: intent.Install, Packages: pkgs}); err != nil {
		b.Fatal(err)
	}
	in := intent.Intent{Kind: intent.Install, Packages: []string{"benchpkg"}}
	for b.Loop() {
		if _, err := s.Apply(ctx, "install benchpkg", in); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Undo(ctx, "undo"); err != nil {
			b.Fatal(err)
		}
	}
}
