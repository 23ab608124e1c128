package gc

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/reconciler/generation"
	"github.com/nix-humanity/nix-humanity/reconciler/generation/generationtest"
)

// With real nix-env generations in a private store: the current
// generation (not the newest) and the booted one (older than the kept
// window) survive `keep 2`; the others are deleted by nix-env; then
// nix-store --gc frees exactly the toplevels no kept generation uses.
func TestDeleteAndCollectKeepCurrentAndBooted(t *testing.T) {
	generationtest.PrivateStore(t)
	store := generationtest.Toplevels(t)
	ctx := context.Background()
	profile := filepath.Join(t.TempDir(), "system")
	run := func(args ...string) {
		t.Helper()
		if _, err := (nixrun.Exec{}).Run(ctx, nixrun.Cmd{Argv: args}); err != nil {
			t.Fatal(err)
		}
	}
	order := []string{"full", "newer", "plain", "noVersion", "noKernel", "emptyDirs"}
	for _, name := range order {
		run("nix-env", "-p", profile, "--set", store[name])
	}
	run("nix-env", "-p", profile, "--switch-generation", "4")
	booted := filepath.Join(t.TempDir(), "booted-system")
	if err := os.Symlink(store["newer"], booted); err != nil {
		t.Fatal(err)
	}

	gens, err := generation.Reader{Profile: profile, Booted: booted}.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := Select(gens, Policy{Keep: 2}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got := plan.Numbers(); !slices.Equal(got, []int{1, 3}) {
		t.Fatalf("plan deletes %v, want [1 3] (2 is booted, 4 current, 5 and 6 the newest)", got)
	}

	rec := &nixruntest.Recorder{}
	if err := DeleteGenerations(ctx, rec, profile, plan.Numbers()); err != nil {
		t.Fatal(err)
	}
	if calls := rec.Calls(); len(calls) != 1 || !slices.Equal(calls[0].Argv, []string{"nix-env", "-p", profile, "--delete-generations", "1", "3"}) {
		t.Fatalf("ran %v", calls)
	}
	l, err := generation.ReadLinks(profile)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(l.Numbers, []int{2, 4, 5, 6}) || l.Current != 4 {
		t.Fatalf("after deleting: generations %v, current %d; want [2 4 5 6], current 4", l.Numbers, l.Current)
	}

	got, err := Collect(ctx, rec)
	if err != nil {
		t.Fatal(err)
	}
	if got.StorePathsDeleted == 0 || got.Summary == "" {
		t.Errorf("Collect = %+v, want store paths deleted", got)
	}
	for _, name := range []string{"full", "plain"} {
		if _, err := os.Lstat(store[name]); !os.IsNotExist(err) {
			t.Errorf("%s (only in deleted generations) survived the collection: %v", name, err)
		}
	}
	for _, name := range []string{"newer", "noVersion", "noKernel", "emptyDirs"} {
		if _, err := os.Lstat(store[name]); err != nil {
			t.Errorf("%s (in a kept generation) was collected: %v", name, err)
		}
	}
	after, err := generation.Reader{Profile: profile, Booted: booted}.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range after {
		if g.NixosVersion == "" && g.StorePath != store["noVersion"] {
			t.Errorf("generation %d lost its metadata: %+v", g.Number, g)
		}
	}
}

// nix-env itself refuses to delete the current generation: if the profile
// is switched between Select and DeleteGenerations, nothing is deleted
// and the error says why.
func TestDeleteRefusesCurrent(t *testing.T) {
	store := generationtest.Toplevels(t)
	ctx := context.Background()
	profile := filepath.Join(t.TempDir(), "system")
	for _, name := range []string{"full", "plain", "newer"} {
		if _, err := (nixrun.Exec{}).Run(ctx, nixrun.Cmd{Argv: []string{"nix-env", "-p", profile, "--set", store[name]}}); err != nil {
			t.Fatal(err)
		}
	}
	err := DeleteGenerations(ctx, nixrun.Exec{}, profile, []int{1, 3})
	if err == nil {
		t.Fatal("deleting the current generation succeeded")
	}
	l, _ := generation.ReadLinks(profile)
	if !slices.Equal(l.Numbers, []int{1, 2, 3}) {
		t.Errorf("generations %v after a refused delete, want [1 2 3]: %v", l.Numbers, err)
	}
	t.Logf("nix-env said: %v", err)
}

func TestDeleteRejectsBadNumbers(t *testing.T) {
	rec := &nixruntest.Recorder{Next: nixruntest.Func(func(context.Context, nixrun.Cmd) (nixrun.Result, error) {
		t.Fatal("nix-env ran")
		return nixrun.Result{}, nil
	})}
	for _, n := range []int{0, -1} {
		if err := DeleteGenerations(context.Background(), rec, "/p/system", []int{2, n}); err == nil {
			t.Errorf("generation %s accepted", strconv.Itoa(n))
		}
	}
	if err := DeleteGenerations(context.Background(), rec, "/p/system", nil); err != nil {
		t.Errorf("nothing to delete: %v", err)
	}
}
