package txn

import (
	"context"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
)

// BenchmarkApplyAndUndo is one edit and its undo in-process, without Nix:
// lock, read, parse, plan, render, diff, history, two atomic writes each.
// What an edit costs beyond process start-up and nix-instantiate.
func BenchmarkApplyAndUndo(b *testing.B) {
	dir := b.TempDir()
	s := &Store{Fragment: dir + "/nix-humanity.nix", StateDir: dir + "/state", User: "bench"}
	ctx := context.Background()
	if _, err := s.Apply(ctx, "seed", intent.Intent{Kind: intent.Install, Packages: []string{"firefox", "git", "htop", "vim"}}); err != nil {
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
