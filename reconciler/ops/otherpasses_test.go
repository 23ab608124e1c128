package ops_test

import (
	"bytes"
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/httpapi"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// lockedBuffer is a log sink safe for the ops surface's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// take returns the lines written since the last take.
func (l *lockedBuffer) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := strings.TrimSpace(l.b.String())
	l.b.Reset()
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// The daemon's journal tells the whole story: each pass ask-nix ran in
// its own process (apply, rollback) is logged once, with who ran it, how
// it ended and the generation, at the loop's next heartbeat, or before
// the daemon's own pass when that comes first. Real Nix, real
// generations.
func TestLogsPassesOfOtherProcesses(t *testing.T) {
	ctx := context.Background()
	var buf lockedBuffer
	m := newLoggingMachine(t, ctx, nil, slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})))
	others := func() []string {
		var out []string
		for _, l := range buf.take() {
			if strings.Contains(l, `msg="pass run by another process"`) {
				out = append(out, l)
			}
		}
		return out
	}
	buf.take()
	other := &reconciler.Reconciler{Settings: m.s, Runner: nixrun.Exec{}, Hostname: "playground"}

	// ask-nix apply, then ask-nix rollback, between two heartbeats.
	cur, err := activate.Current(m.s.Profile)
	if err != nil {
		t.Fatal(err)
	}
	before := cur.Number
	m.packages("hello", "")
	applied, err := other.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err != nil || applied.Result != state.ResultSuccess {
		t.Fatalf("ask-nix apply: %+v %v", applied, err)
	}
	back, err := other.SwitchGeneration(ctx, 0)
	if err != nil {
		t.Fatalf("ask-nix rollback: %+v %v", back, err)
	}
	m.o.Heartbeat(httpapi.Loop)
	got := others()
	want := []string{
		`level=INFO msg="pass run by another process" id=` + itoa(applied.ID) + ` by="ask-nix apply" result=success action=switch finished=`,
		`level=INFO msg="pass run by another process" id=` + itoa(back.ID) + ` by="ask-nix rollback" result=success action=switch finished=`,
	}
	if len(got) != 2 {
		t.Fatalf("logged %d lines, want 2:\n%s", len(got), strings.Join(got, "\n"))
	}
	// Each says where it moved the current generation from: the apply
	// from the one before it, the rollback from the apply's.
	for i, w := range want {
		gen := " generation=" + itoa(int64([]int{applied.Generation, back.Generation}[i])) +
			" from_generation=" + itoa(int64([]int{before, applied.Generation}[i]))
		if !strings.Contains(got[i], w) || !strings.Contains(got[i], gen) {
			t.Errorf("line %d:\n%s\nwant %s…%s", i, got[i], w, gen)
		}
	}
	// Seen: not logged again.
	m.o.Heartbeat(httpapi.Loop)
	if got := others(); len(got) != 0 {
		t.Fatalf("logged again:\n%s", strings.Join(got, "\n"))
	}

	// A failed ask-nix apply, then the daemon's own pass before any
	// heartbeat: the other pass is logged when the daemon's ends, its
	// own is not logged as another's.
	m.set("standin.failHealthCheck", fragment.Bool(true))
	failed, _ := other.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if failed.Result != state.ResultRolledBack {
		t.Fatalf("the failing apply: %+v", failed)
	}
	m.set("standin.failHealthCheck", fragment.Bool(false))
	own := m.pass(ctx, state.ResultSuccess)
	got = others()
	if len(got) != 1 || !strings.Contains(got[0], `level=ERROR msg="pass run by another process" id=`+itoa(failed.ID)+` by="ask-nix apply" result=rolled_back`) ||
		!strings.Contains(got[0], "rolled_back_to=") || !strings.Contains(got[0], `error="health check failed`) {
		t.Fatalf("after the daemon's own pass %d:\n%s", own.ID, strings.Join(got, "\n"))
	}
	m.o.Heartbeat(httpapi.Loop)
	if got := others(); len(got) != 0 {
		t.Fatalf("logged again:\n%s", strings.Join(got, "\n"))
	}

	// The loop's look at the state file (a second) follows it too, but
	// not while the loop's own pass runs: the file may then hold that
	// pass before PassFinished says it is the daemon's. Once it has
	// ended, the look catches up.
	m.o.PassRunning(true)
	again, err := other.SwitchGeneration(ctx, applied.Generation)
	if err != nil {
		t.Fatalf("ask-nix rollback --to %d: %+v %v", applied.Generation, again, err)
	}
	m.o.StateChecked()
	if got := others(); len(got) != 0 {
		t.Fatalf("followed while the loop's pass ran:\n%s", strings.Join(got, "\n"))
	}
	m.o.PassRunning(false)
	m.o.StateChecked()
	got = others()
	if len(got) != 1 || !strings.Contains(got[0], `msg="pass run by another process" id=`+itoa(again.ID)+` by="ask-nix rollback" result=success`) ||
		!strings.Contains(got[0], " generation="+itoa(int64(applied.Generation))+" from_generation="+itoa(int64(own.Generation))) {
		t.Fatalf("the loop's look after its pass (from %d to %d):\n%s", own.Generation, applied.Generation, strings.Join(got, "\n"))
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
