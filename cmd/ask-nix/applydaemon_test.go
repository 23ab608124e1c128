package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// passesSeen hands on the passes a loop finishes.
type passesSeen chan state.Pass

func (c passesSeen) PhaseStarted(state.Phase)                 {}
func (c passesSeen) PassFinished(p state.Pass, _ state.State) { c <- p }
func (c passesSeen) WatchEvent(string)                        {}

// apply --dry-run reckons what is pending as ask-nix status does: while a
// nix-humanityd runs on the fragment, with its watch paths and hash
// settings (another environment's or flags'), not ask-nix's own. Before,
// with a daemon that watches one more folder than ask-nix's settings
// name, status said nothing waits while the dry run said the inputs
// changed; now the dry run says both what the daemon sees and why apply
// itself would still evaluate.
func TestApplyDryRunAsTheDaemonHashes(t *testing.T) {
	pg := playgroundEnv(t)
	s := mustSettings(t, pg)
	extra := t.TempDir()
	extraFile := filepath.Join(extra, "extra.nix")
	if err := os.WriteFile(extraFile, []byte("{ }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ds := *s
	ds.WatchPaths = append(slices.Clone(s.WatchPaths), extra)
	ds.Debounce = time.Hour // no pass after the start pass
	lk, err := reconciler.LockDaemon(&ds)
	if err != nil {
		t.Fatal(err)
	}
	defer lk.Unlock()
	seen := make(passesSeen, 8)
	ctx, cancel := context.WithCancel(context.Background())
	loopDone := make(chan error, 1)
	loop := &reconciler.Loop{R: &reconciler.Reconciler{Settings: &ds, Runner: nixrun.Exec{}, Hostname: "playground", Observer: seen}, Resync: time.Hour}
	go func() { loopDone <- loop.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-loopDone; err != nil {
			t.Errorf("loop: %v", err)
		}
	}()
	select {
	case p := <-seen:
		if p.Result != state.ResultNoop && p.Result != state.ResultSuccess {
			t.Fatalf("the daemon's start pass: %+v", p)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("no start pass")
	}

	dryRun := func() (string, map[string]any) {
		t.Helper()
		text := askNix("apply", "--dry-run")
		text.must(t, 0)
		js := askNix("apply", "--dry-run", "--json")
		js.must(t, 0)
		var v map[string]any
		if err := json.Unmarshal([]byte(js.stdout), &v); err != nil {
			t.Fatalf("%v\n%s", err, js.stdout)
		}
		return text.stdout, v
	}
	desired := func() string {
		t.Helper()
		var st struct {
			DesiredHash string `json:"desiredHash"`
		}
		r := askNix("status", "--json")
		r.must(t, 0)
		if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
			t.Fatal(err)
		}
		return st.DesiredHash
	}

	// In step with the daemon: nothing waits for it, as status says;
	// apply with ask-nix's own settings would still evaluate.
	if r := askNix("status"); r.code != 0 || strings.Contains(r.stdout, "pending") {
		t.Fatalf("status in step with the daemon:\n%s%s", r.stdout, r.stderr)
	}
	text, v := dryRun()
	want := fmt.Sprintf("The inputs are unchanged since the last successful pass as the running nix-humanityd (pid %d) hashes them, so nothing waits for it; but ask-nix's own settings differ from that daemon's", os.Getpid())
	if !strings.HasPrefix(text, want) {
		t.Errorf("dry run in step with the daemon:\n%s\nwant it to begin %q", text, want)
	}
	if v["inputsChanged"] != false || v["asDaemon"] != true || v["wouldEvaluate"] != true || v["inputsHash"] != desired() || v["sentence"] != strings.TrimSuffix(text, "\n") {
		t.Errorf("dry run --json in step with the daemon: %v (status's desiredHash %s)", v, desired())
	}

	// A file only the daemon watches changed: it waits, for both.
	if err := os.WriteFile(extraFile, []byte("{ x = 1; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	askNix("status").must(t, 0, " · pending: the fragment or a watched file changed since the last pass")
	text, v = dryRun()
	if !strings.HasPrefix(text, "The inputs changed since the last successful pass: apply would evaluate") {
		t.Errorf("dry run after a change the daemon sees:\n%s", text)
	}
	if v["inputsChanged"] != true || v["asDaemon"] != true || v["inputsHash"] != desired() {
		t.Errorf("dry run --json after a change the daemon sees: %v", v)
	}
}
