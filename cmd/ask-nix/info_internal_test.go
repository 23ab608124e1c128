package main

import (
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/sysinfo"
)

// info's generation line names the generation that runs when it is not
// the current one, as status does ("generation 4 (running 5, booted
// 1)"), rather than leaving the reader to guess which.
func TestGenerationLine(t *testing.T) {
	tests := []struct {
		name string
		in   sysinfo.Info
		want string
	}{
		{"none", sysinfo.Info{}, "none (no system profile)"},
		{"current runs and was booted", sysinfo.Info{CurrentGeneration: 4, BootedGeneration: 4, RunningGeneration: 4}, "4 current, booted"},
		{"booted an older one", sysinfo.Info{CurrentGeneration: 4, BootedGeneration: 1, RunningGeneration: 4}, "4 current, 1 booted"},
		{"rollback with action boot: 5 runs",
			sysinfo.Info{CurrentGeneration: 4, BootedGeneration: 1, RunningGeneration: 5, RunningDiffers: true},
			"4 current, 1 booted; generation 5 runs (after a rollback or apply with action boot or test; the current one is what the next boot starts)"},
		{"a test activation of a new system",
			sysinfo.Info{CurrentGeneration: 4, BootedGeneration: 4, RunningDiffers: true},
			"4 current, booted; the running system is in no generation (activated with test; the current one is what the next boot starts)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := generationLine(tt.in); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// info's Reconciler row says when the last pass ended as status does
// (how long ago, and the local time), not as a UTC RFC 3339 stamp.
func TestReconcilerLine(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	at := now.Add(-12 * time.Minute)
	local := at.Local().Format(time.DateTime)
	tests := []struct {
		name string
		in   reconcilerInfo
		want string
	}{
		{"no pass", reconcilerInfo{Phase: "idle"}, "not running, no pass recorded yet"},
		{"success, daemon idle", reconcilerInfo{Phase: "idle", Running: true, LastResult: "success", LastPass: at.Format(time.RFC3339)},
			"idle; last pass success 12 min ago (" + local + ")"},
		{"rolled back, with pending", reconcilerInfo{Phase: "idle", LastResult: "rolled_back", LastPass: at.Format(time.RFC3339), LastError: "health check failed", Pending: []string{"edit 3 is not built yet"}},
			"not running; last pass rolled back 12 min ago (" + local + "): health check failed; pending: edit 3 is not built yet"},
		{"no time", reconcilerInfo{Phase: "build", Running: true, LastResult: "failure"}, "build; last pass failure"},
		{"unreadable", reconcilerInfo{Error: "permission denied"}, "state unreadable: permission denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := reconcilerLine(tt.in, now); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
