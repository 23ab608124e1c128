package main

import (
	"testing"

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
