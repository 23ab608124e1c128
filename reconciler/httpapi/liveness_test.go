package httpapi

import (
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/liveness"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// fakeClock is the clock Health reads; tests move it.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// passTime moves the clock by d in steps, calling beat (the loop's and
// watcher's event loops) every step, as the daemon's tickers do.
func (c *fakeClock) passTime(d, step time.Duration, beat func()) {
	for end := c.t.Add(d); c.t.Before(end); {
		c.t = c.t.Add(step)
		if beat != nil {
			beat()
		}
	}
}

// The loop's liveness, state by state, with a fake clock: its event loop
// must beat within a minute whatever it does; a pass must show progress
// within the stall limit (1 h here); 0 turns the stall limit off.
func TestHealthLiveness(t *testing.T) {
	const tick = 10 * time.Second
	type env struct {
		h     *Health
		clock *fakeClock
		beats func() // both parts' event loops beat once
	}
	tests := []struct {
		name   string
		stall  time.Duration
		run    func(e env)
		code   int
		reason string // "" when healthy
	}{
		{"idle loop beating for a day", time.Hour, func(e env) {
			e.clock.passTime(24*time.Hour, tick, e.beats)
		}, 200, ""},
		{"idle loop silent", time.Hour, func(e env) {
			e.h.Heartbeat("watcher")
			e.clock.t = e.clock.t.Add(70 * time.Second)
			e.h.Heartbeat("watcher")
		}, 503, "loop: no heartbeat for 1m10s (limit 1m)"},
		{"watcher silent", time.Hour, func(e env) {
			e.clock.passTime(3*time.Minute, tick, func() { e.h.Heartbeat("loop") })
		}, 503, "watcher: no heartbeat for 3m (limit 1m)"},
		{"watch events count as the watcher's beats", time.Hour, func(e env) {
			e.clock.passTime(3*time.Minute, tick, func() { e.h.Heartbeat("loop"); e.h.WatchEvent("/etc/nixos/x.nix") })
		}, 200, ""},
		{"long build with progress lines", time.Hour, func(e env) {
			e.h.PassRunning(true)
			e.h.PhaseStarted(state.PhaseEval)
			e.clock.passTime(20*time.Minute, tick, e.beats) // a big evaluation: no output at all
			e.h.PhaseStarted(state.PhaseBuild)
			for range 6 { // three hours of building, a line every half hour
				e.clock.passTime(30*time.Minute, tick, e.beats)
				e.h.BuildProgress()
			}
		}, 200, ""},
		{"build silent past the stall limit", time.Hour, func(e env) {
			e.h.PassRunning(true)
			e.h.PhaseStarted(state.PhaseEval)
			e.h.PhaseStarted(state.PhaseBuild)
			e.h.BuildProgress()
			e.clock.passTime(time.Hour+2*time.Minute, tick, e.beats)
		}, 503, "loop: no progress for 1h2m while in phase build (limit 1h)"},
		{"stall limit 0 never fires", 0, func(e env) {
			e.h.PassRunning(true)
			e.h.PhaseStarted(state.PhaseBuild)
			e.clock.passTime(10*time.Hour, tick, e.beats)
		}, 200, ""},
		{"waiting for the pass lock counts as a pass", time.Hour, func(e env) {
			e.h.PassRunning(true)
			e.clock.passTime(2*time.Hour, tick, e.beats)
		}, 503, "loop: no progress for 2h while waiting to start a pass (limit 1h)"},
		{"a stall ends with progress", time.Hour, func(e env) {
			e.h.PassRunning(true)
			e.h.PhaseStarted(state.PhaseBuild)
			e.clock.passTime(2*time.Hour, tick, e.beats)
			e.h.PhaseStarted(state.PhaseActivate)
		}, 200, ""},
		{"a stall ends with the pass", time.Hour, func(e env) {
			e.h.PassRunning(true)
			e.h.PhaseStarted(state.PhaseBuild)
			e.clock.passTime(2*time.Hour, tick, e.beats)
			e.h.PassFinished(state.Pass{Result: state.ResultSuccess}, state.State{})
			e.h.PassRunning(false)
			e.clock.passTime(3*time.Hour, tick, e.beats)
		}, 200, ""},
		{"progress does not hide a wedged event loop", time.Hour, func(e env) {
			e.h.PassRunning(true)
			e.h.PhaseStarted(state.PhaseBuild)
			e.clock.passTime(5*time.Minute, tick, func() { e.h.BuildProgress(); e.h.Heartbeat("watcher") })
		}, 503, "loop: no heartbeat for 5m (limit 1m)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
			h := NewHealth(t.TempDir(), "watcher", "loop")
			h.SetClock(clock.now)
			h.SetStallLimit(tt.stall)
			h.Started("watcher", 6*tick)
			h.Started("loop", 6*tick)
			tt.run(env{h: h, clock: clock, beats: func() { h.Heartbeat("loop"); h.Heartbeat("watcher") }})

			code, body, raw := get(t, Handler(Options{Health: h}), "/healthz")
			if code != tt.code {
				t.Fatalf("got %d, want %d: %s", code, tt.code, raw)
			}
			v := h.Liveness()
			if v.Alive != (tt.code == 200) {
				t.Fatalf("Liveness().Alive = %v with /healthz %d", v.Alive, code)
			}
			if tt.reason == "" {
				if len(v.Stalls) != 0 || body["reasons"] != nil {
					t.Fatalf("healthy, yet: %+v %s", v, raw)
				}
				return
			}
			if len(v.Reasons) != 1 || v.Reasons[0] != tt.reason || !strings.Contains(raw, tt.reason) {
				t.Fatalf("reasons %q, want %q\n%s", v.Reasons, tt.reason, raw)
			}
			if len(v.Stalls) != 1 || v.Stalls[0].Reason(clock.t) != tt.reason {
				t.Fatalf("stalls %+v", v.Stalls)
			}
		})
	}
}

// The metric's source: idle, the last heartbeat; busy, the last progress
// only (the event loop still beating says nothing about the pass).
func TestLastProgress(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	h := NewHealth(t.TempDir(), "loop")
	h.SetClock(clock.now)
	if !h.LastProgress("loop").IsZero() {
		t.Fatal("not started, yet progress")
	}
	h.Started("loop", time.Minute)
	clock.t = clock.t.Add(10 * time.Second)
	h.Heartbeat("loop")
	if got := h.LastProgress("loop"); !got.Equal(clock.t) {
		t.Fatalf("idle: %v, want the last heartbeat %v", got, clock.t)
	}
	h.PassRunning(true)
	h.PhaseStarted(state.PhaseBuild)
	started := clock.t
	clock.t = clock.t.Add(10 * time.Second)
	h.Heartbeat("loop")
	if got := h.LastProgress("loop"); !got.Equal(started) {
		t.Fatalf("busy: %v, want the phase start %v", got, started)
	}
	clock.t = clock.t.Add(10 * time.Second)
	h.BuildProgress()
	if got := h.LastProgress("loop"); !got.Equal(clock.t) {
		t.Fatalf("busy: %v, want the build line %v", got, clock.t)
	}
}

func TestStallReasons(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		s    liveness.Stall
		want string
	}{
		{liveness.Stall{Part: "loop", Kind: liveness.KindProgress, Phase: state.PhaseBuild, Since: now.Add(-62 * time.Minute), LimitSeconds: 3600}, "loop: no progress for 1h2m while in phase build (limit 1h)"},
		{liveness.Stall{Part: "loop", Kind: liveness.KindProgress, Phase: state.PhaseEval, Since: now.Add(-90*time.Minute - 500*time.Millisecond), LimitSeconds: 5400}, "loop: no progress for 1h30m1s while in phase eval (limit 1h30m)"},
		{liveness.Stall{Part: "loop", Kind: liveness.KindProgress, Phase: state.PhaseIdle, Since: now.Add(-3 * time.Second), LimitSeconds: 1}, "loop: no progress for 3s while finishing a pass (limit 1s)"},
		{liveness.Stall{Part: "watcher", Kind: liveness.KindHeartbeat, Since: now.Add(-61 * time.Second), LimitSeconds: 60}, "watcher: no heartbeat for 1m1s (limit 1m)"},
		{liveness.Stall{Part: "loop", Kind: liveness.KindHeartbeat, Since: now.Add(-250 * time.Millisecond), LimitSeconds: 0.2}, "loop: no heartbeat for 250ms (limit 200ms)"},
	}
	for _, tt := range tests {
		if got := tt.s.Reason(now); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.s, got, tt.want)
		}
	}
}
