package reconciler_test

import (
	"context"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// TestPassStartsFromWhatItFindsUnderTheLock: a pass that waits for the
// pass lock says what it changed against the system it found once it had
// the lock. Here another writer switches the profile from generation 1
// to generation 2 (which has htop) while the pass waits, as an ask-nix
// rollback could while the daemon's pass queues: the pass starts from
// generation 2, so hello is the one package it added, where a caller
// that read the profile before the wait would count htop too.
func TestPassStartsFromWhatItFindsUnderTheLock(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	ctx := context.Background()
	w.install("htop")
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Generation != 2 {
		t.Fatalf("pass %+v, %v", p, err)
	}
	if _, err := w.r.SwitchGeneration(ctx, 1); err != nil {
		t.Fatal(err)
	}
	w.install("hello")
	lk, err := flock.TryLock(reconciler.LockPath(w.s.StateDir), "test")
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		p   state.Pass
		err error
	}
	done := make(chan result, 1)
	go func() {
		p, err := w.r.Pass(ctx, reconciler.PassOptions{Wait: true})
		done <- result{p, err}
	}()
	select {
	case r := <-done:
		t.Fatalf("the pass ran while the lock was held: %+v, %v", r.p, r.err)
	case <-time.After(200 * time.Millisecond):
	}
	if out, err := exec.Command("nix-env", "-p", w.s.Profile, "--switch-generation", "2").CombinedOutput(); err != nil {
		t.Fatalf("nix-env --switch-generation: %v\n%s", err, out)
	}
	gen2 := w.current().Path
	if err := lk.Unlock(); err != nil {
		t.Fatal(err)
	}
	var r result
	select {
	case r = <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the pass did not finish")
	}
	p := r.p
	if r.err != nil || p.Result != state.ResultSuccess || p.Generation != 3 {
		t.Fatalf("pass %+v, %v", p, r.err)
	}
	if p.FromGeneration != 2 || p.FromToplevel != gen2 || !reconciler.ChangedSystem(p) {
		t.Fatalf("the pass started from generation %d (%s), want 2 (%s)", p.FromGeneration, p.FromToplevel, gen2)
	}
	if _, err := w.r.PackageChanges(ctx, &p); err != nil {
		t.Fatal(err)
	}
	if pc := p.Packages; pc == nil || !slices.Equal(pc.Added, []string{"hello 2.12.1"}) || len(pc.Removed)+len(pc.Upgraded) != 0 {
		t.Fatalf("package changes %+v", pc)
	}
}

// TestChangedSystem: only a pass that put another generation in place has
// package changes worth saying.
func TestChangedSystem(t *testing.T) {
	base := state.Pass{Result: state.ResultSuccess, Generation: 3, Toplevel: "/nix/store/b", FromGeneration: 2, FromToplevel: "/nix/store/a"}
	for _, tt := range []struct {
		name string
		edit func(*state.Pass)
		want bool
	}{
		{"new generation", func(*state.Pass) {}, true},
		{"failed", func(p *state.Pass) { p.Result = state.ResultFailure }, false},
		{"rolled back", func(p *state.Pass) { p.Result = state.ResultRolledBack }, false},
		{"no-op", func(p *state.Pass) { p.Result = state.ResultNoop }, false},
		{"test action: no generation", func(p *state.Pass) { p.Generation = 0 }, false},
		{"same generation activated", func(p *state.Pass) { p.Generation = 2 }, false},
		{"same system", func(p *state.Pass) { p.Toplevel = "/nix/store/a" }, false},
		{"first generation", func(p *state.Pass) { p.FromGeneration, p.FromToplevel = 0, "" }, false},
		{"back to an older generation", func(p *state.Pass) { p.Generation = 1 }, true},
	} {
		p := base
		tt.edit(&p)
		if got := reconciler.ChangedSystem(p); got != tt.want {
			t.Errorf("%s: ChangedSystem = %v, want %v", tt.name, got, tt.want)
		}
	}
}
