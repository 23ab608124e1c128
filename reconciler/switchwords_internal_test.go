package reconciler

import (
	"testing"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// TestSwitchWords: a switch on request names what ran before and what
// runs now, also when a rollback with action boot or test left the
// profile's current generation and the running system apart; never
// "switched from generation 2 to 2".
func TestSwitchWords(t *testing.T) {
	const g1, g2, g3, outside = "/nix/store/g1", "/nix/store/g2", "/nix/store/g3", "/nix/store/t"
	for _, tt := range []struct {
		name           string
		p              state.Pass
		reason, saying string
	}{
		{"plain rollback",
			state.Pass{Action: "switch", Generation: 1, Toplevel: g1, FromGeneration: 2, FromToplevel: g2, FromRunning: g2, FromRunningGeneration: 2},
			"switched from generation 2 to 1 on request",
			"Switched from generation 2 to generation 1; it is running and the boot default."},
		{"running unknown",
			state.Pass{Action: "switch", Generation: 1, Toplevel: g1, FromGeneration: 2, FromToplevel: g2},
			"switched from generation 2 to 1 on request",
			"Switched from generation 2 to generation 1; it is running and the boot default."},
		{"the current generation, after a boot rollback",
			state.Pass{Action: "switch", Generation: 2, Toplevel: g2, FromGeneration: 2, FromToplevel: g2, FromRunning: g3, FromRunningGeneration: 3},
			"activated generation 2 on request: it was current but not running (generation 3 ran)",
			"Activated generation 2, which was current but not running (generation 3 ran); it is running and the boot default."},
		{"the current generation, after a test pass",
			state.Pass{Action: "switch", Generation: 2, Toplevel: g2, FromGeneration: 2, FromToplevel: g2, FromRunning: outside},
			"activated generation 2 on request: it was current but not running (a system outside the profile ran)",
			"Activated generation 2, which was current but not running (a system outside the profile ran); it is running and the boot default."},
		{"back from a boot rollback to what runs",
			state.Pass{Action: "switch", Generation: 3, Toplevel: g3, FromGeneration: 2, FromToplevel: g2, FromRunning: g3, FromRunningGeneration: 3},
			"made generation 3, which ran already, current and the boot default on request (was generation 2)",
			"Generation 3 was running already; it is now the current generation and the boot default too (was generation 2)."},
		{"another generation after a boot rollback",
			state.Pass{Action: "switch", Generation: 1, Toplevel: g1, FromGeneration: 2, FromToplevel: g2, FromRunning: g3, FromRunningGeneration: 3},
			"switched from generation 3 to generation 1 on request (generation 2 was current, not running)",
			"Switched from generation 3 to generation 1; it is running and the boot default (was generation 2)."},
		{"boot",
			state.Pass{Action: "boot", Generation: 2, Toplevel: g2, FromGeneration: 3, FromToplevel: g3, FromRunning: g3, FromRunningGeneration: 3},
			"made generation 2 the boot default on request (was generation 3), from the next boot on; generation 3 runs until then",
			"Made generation 2 the boot default (was generation 3): it runs from the next boot on; until then generation 3 keeps running, unchanged."},
		{"boot, twice",
			state.Pass{Action: "boot", Generation: 1, Toplevel: g1, FromGeneration: 2, FromToplevel: g2, FromRunning: g3, FromRunningGeneration: 3},
			"made generation 1 the boot default on request (was generation 2), from the next boot on; generation 3 runs until then",
			"Made generation 1 the boot default (was generation 2): it runs from the next boot on; until then generation 3 keeps running, unchanged."},
		{"boot back to what runs",
			state.Pass{Action: "boot", Generation: 3, Toplevel: g3, FromGeneration: 2, FromToplevel: g2, FromRunning: g3, FromRunningGeneration: 3},
			"made generation 3 the boot default on request (was generation 2), from the next boot on; it is what runs now too",
			"Made generation 3 the boot default (was generation 2); it is what runs now too."},
		{"test after a boot rollback",
			state.Pass{Action: "test", Generation: 1, Toplevel: g1, FromGeneration: 2, FromToplevel: g2, FromRunning: g3, FromRunningGeneration: 3},
			"switched from generation 3 to generation 1 on request until the next boot; the boot default stays generation 2",
			"Switched from generation 3 to generation 1; it is running until the next boot (action test: the boot default stays generation 2)."},
		{"test to the current generation",
			state.Pass{Action: "test", Generation: 2, Toplevel: g2, FromGeneration: 2, FromToplevel: g2, FromRunning: g1, FromRunningGeneration: 1},
			"switched from generation 1 to generation 2 on request until the next boot; the boot default stays generation 2",
			"Switched from generation 1 to generation 2; it is running until the next boot (action test: the boot default stays generation 2)."},
		{"the running generation again",
			state.Pass{Action: "switch", Generation: 2, Toplevel: g2, FromGeneration: 2, FromToplevel: g2, FromRunning: g2, FromRunningGeneration: 2},
			"activated generation 2 again on request",
			"Activated generation 2 again; it is running and the boot default."},
		{"the current generation, running unknown",
			state.Pass{Action: "switch", Generation: 2, Toplevel: g2, FromGeneration: 2, FromToplevel: g2},
			"activated generation 2 on request: it was current but not running",
			"Activated generation 2, which was current but not running; it is running and the boot default."},
		{"test, running unknown",
			state.Pass{Action: "test", Generation: 1, Toplevel: g1, FromGeneration: 2, FromToplevel: g2},
			"activated generation 1 on request until the next boot; the boot default stays generation 2",
			"Activated generation 1; it is running until the next boot (action test: the boot default stays generation 2)."},
		{"build",
			state.Pass{Action: "build", Generation: 1, Toplevel: g1, FromGeneration: 2, FromToplevel: g2, FromRunning: g2, FromRunningGeneration: 2},
			"made generation 1 the profile's current generation on request (was generation 2); nothing was activated (action build)",
			"Made generation 1 the profile's current generation (was generation 2); nothing was activated (action build), generation 2 still runs."},
	} {
		if got := switchReason(tt.p); got != tt.reason {
			t.Errorf("%s: reason\n got %q\nwant %q", tt.name, got, tt.reason)
		}
		if got := SwitchSentence(tt.p); got != tt.saying {
			t.Errorf("%s: sentence\n got %q\nwant %q", tt.name, got, tt.saying)
		}
	}
}
