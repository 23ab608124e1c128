package reconciler_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// liveRecorder is an Observer and a LivenessObserver: it counts
// heartbeats per part and keeps every other event in order.
type liveRecorder struct {
	*passWatcher
	mu     sync.Mutex
	beats  map[string]int
	events []string
}

func newLiveRecorder() *liveRecorder {
	return &liveRecorder{passWatcher: newPassWatcher(), beats: map[string]int{}}
}

func (l *liveRecorder) add(e string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.events); e == "progress" && n > 0 && l.events[n-1] == "progress" {
		return // runs of build output count once
	}
	l.events = append(l.events, e)
}

func (l *liveRecorder) PhaseStarted(p state.Phase) { l.add("phase " + string(p)) }
func (l *liveRecorder) PassFinished(p state.Pass, st state.State) {
	l.add("finished " + string(p.Result))
	l.passWatcher.PassFinished(p, st)
}
func (l *liveRecorder) Heartbeat(part string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.beats[part]++
}
func (l *liveRecorder) PassRunning(b bool) { l.add(fmt.Sprintf("running %v", b)) }
func (l *liveRecorder) BuildProgress()     { l.add("progress") }

func (l *liveRecorder) beatCount(part string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.beats[part]
}

func (l *liveRecorder) log() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.events)
}

// waitBeats waits until part has beaten n more times.
func (l *liveRecorder) waitBeats(t *testing.T, part string, n int) {
	t.Helper()
	want := l.beatCount(part) + n
	deadline := time.Now().Add(20 * time.Second)
	for l.beatCount(part) < want {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d heartbeats, want %d", part, l.beatCount(part), want)
		}
		time.Sleep(time.Millisecond)
	}
}

// The loop tells a LivenessObserver what the health check needs: both
// event loops beat while idle; a pass is bracketed by PassRunning, and
// its phases and build output come in between.
func TestLoopLivenessEvents(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	lr := newLiveRecorder()
	w.s.Debounce = 20 * time.Millisecond
	w.r.Observer = lr
	l := runLoopWith(t, w, &reconciler.Loop{R: w.r, Resync: time.Hour, Heartbeat: 5 * time.Millisecond})
	if l.HeartbeatEvery() != 5*time.Millisecond || reconciler.HeartbeatLimit(l.HeartbeatEvery()) != 30*time.Millisecond {
		t.Fatal(l.HeartbeatEvery())
	}
	lr.next(t, 10*time.Second) // the start pass
	lr.waitBeats(t, reconciler.PartLoop, 3)
	lr.waitBeats(t, reconciler.PartWatcher, 3)

	w.install("hello")
	p := lr.next(t, 30*time.Second)
	if p.Result != state.ResultSuccess {
		t.Fatalf("pass %+v", p)
	}
	deadline := time.Now().Add(10 * time.Second) // the loop hears the pass return just after it finished
	for n := 0; n != 13 && time.Now().Before(deadline); n = len(lr.log()) {
		time.Sleep(time.Millisecond)
	}
	got := strings.Join(lr.log(), ", ")
	want := "running true, running false, running true, finished noop, running false, " + // start-up: the pass lock, then the start pass
		"running true, phase eval, phase build, progress, phase activate, phase idle, finished success, running false"
	if got != want {
		t.Fatalf("events:\n%s\nwant:\n%s", got, want)
	}
}

// At start, the loop may wait for the pass lock (an `ask-nix apply`
// building): it keeps beating, and the wait is a pass in progress.
func TestLoopBeatsWhileWaitingForTheLock(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	held, err := flock.TryLock(reconciler.LockPath(w.s.StateDir), "test: ask-nix apply")
	if err != nil {
		t.Fatal(err)
	}
	lr := newLiveRecorder()
	w.r.Observer = lr
	runLoopWith(t, w, &reconciler.Loop{R: w.r, Resync: time.Hour, Heartbeat: 5 * time.Millisecond})
	lr.waitBeats(t, reconciler.PartLoop, 5)
	lr.waitBeats(t, reconciler.PartWatcher, 5)
	if got := lr.log(); !slices.Equal(got, []string{"running true"}) {
		t.Fatalf("events while waiting for the lock: %q", got)
	}
	if err := held.Unlock(); err != nil {
		t.Fatal(err)
	}
	if p := lr.next(t, 10*time.Second); p.Trigger != reconciler.TriggerStart {
		t.Fatalf("pass %+v", p)
	}
}
