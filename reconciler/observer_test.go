package reconciler

import (
	"testing"

	"github.com/nix-humanity/nix-humanity/reconciler/httpapi"
)

// The daemon's health check is an Observer and a LivenessObserver.
var (
	_ Observer         = (*httpapi.Health)(nil)
	_ LivenessObserver = (*httpapi.Health)(nil)
)

// BenchmarkBuildLineToHealth is what each line of build output costs for
// the health check to hear it (the daemon's case), against an observer
// that does not listen (ask-nix apply's case).
func BenchmarkBuildLineToHealth(b *testing.B) {
	b.Run("health", func(b *testing.B) {
		r := &Reconciler{Observer: httpapi.NewHealth(b.TempDir(), "loop")}
		line := r.buildLog(nil)
		for b.Loop() {
			line("hello", "compiling hello.c")
		}
	})
	b.Run("not-listening", func(b *testing.B) {
		r := &Reconciler{Observer: NopObserver{}}
		line := r.buildLog(nil)
		for b.Loop() {
			line("hello", "compiling hello.c")
		}
	})
}

// The daemon's observers hear liveness events through Observers; those
// that do not implement LivenessObserver are skipped.
func TestObserversForwardLiveness(t *testing.T) {
	h := httpapi.NewHealth(t.TempDir(), "loop")
	var r Reconciler
	r.Observer = Observers{NopObserver{}, h}
	r.emitter.emit(r.Observer, event{heartbeat: PartLoop})
	b := true
	r.emitter.emit(r.Observer, event{running: &b})
	if c := h.Check().Components["loop"]; !c.Alive || c.LastBeat == nil || !c.Busy {
		t.Fatalf("loop after a beat and a pass start: %+v", c)
	}
}
