package reconciler_test

import (
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// Real Nix: what Nix warns of during a pass (a flake in a git
// repository with changes not committed, "Git tree ... is dirty"; a
// setting it does not know, which every Nix program of the pass says
// again: evaluation, build and nix-env) is said once per pass, to
// OnWarning (ask-nix shows it) and in the log at warn level, and kept
// on the pass; nothing of it when the pass finds nothing to do.
func TestPassSaysNixWarningsOnce(t *testing.T) {
	nixruntest.RequireNix(t)
	t.Setenv("NIX_CONFIG", os.Getenv("NIX_CONFIG")+"\nnot-a-nix-setting = 1")
	w, flakeDir, _ := gitFlakeWorld(t)

	var logs testbin.SyncBuffer
	w.r.Log = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	w.install("hello") // not committed: the tree is dirty
	var heard []string
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply, OnWarning: func(s string) { heard = append(heard, s) }})
	if err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("pass %+v %v", p, err)
	}
	want := []string{"Git tree '" + flakeDir + "' is dirty", "unknown setting 'not-a-nix-setting'"}
	sorted := func(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }
	if !slices.Equal(sorted(heard), want) || !slices.Equal(sorted(p.Warnings), want) || p.WarningsMore != 0 {
		t.Fatalf("heard %q, pass warnings %q (more %d); want %q once each", heard, p.Warnings, p.WarningsMore, want)
	}
	if st := w.state(); !slices.Equal(sorted(st.LastPass.Warnings), want) {
		t.Fatalf("recorded warnings %q", st.LastPass.Warnings)
	}
	for _, wn := range want {
		if n := strings.Count(logs.String(), "level=WARN msg=\"Nix warned\" warning=\""+wn); n != 1 {
			t.Errorf("the log says %q %d times:\n%s", wn, n, logs.String())
		}
	}

	// Nothing to do, no Nix run: nothing said.
	heard = nil
	p, err = w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply, OnWarning: func(s string) { heard = append(heard, s) }})
	if err != nil || p.Result != state.ResultNoop || len(heard) != 0 || len(p.Warnings) != 0 {
		t.Fatalf("no-op %+v %v, heard %q", p, err, heard)
	}
}
