package reconciler

import (
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/liveness"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

func TestOneLine(t *testing.T) {
	now := time.Date(2026, 11, 25, 17, 31, 14, 0, time.UTC)
	success := &state.Pass{Result: state.ResultSuccess, Finished: now.Add(-12400 * time.Millisecond),
		Durations: map[string]float64{"eval": 6.1, "build": 3.2, "activate": 1.9, "total": 11.2}}
	tests := []struct {
		name string
		rep  StatusReport
		want string
	}{
		{"the issue's example", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 43, RunningGeneration: 43, BootedGeneration: 41, LastPass: success}, DaemonRunning: true},
			"reconciler: idle · generation 43 (current, booted 41) · last: success 12.4 s ago (eval 6.1 s, build 3.2 s, activate 1.9 s)"},
		{"no daemon, booted current", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 2, RunningGeneration: 2, BootedGeneration: 2}},
			"reconciler: not running · generation 2 (current, booted) · no pass yet"},
		{"building", StatusReport{State: state.State{Phase: state.PhaseBuild, PhaseSince: now.Add(-3 * time.Minute), CurrentGeneration: 5, RunningGeneration: 4, LastPass: success}, DaemonRunning: true, Holder: "pid 7: nix-humanityd pass (watch)"},
			"reconciler: build for 3 min (pid 7: nix-humanityd pass (watch)) · generation 5 (running 4) · last: success 12.4 s ago (eval 6.1 s, build 3.2 s, activate 1.9 s)"},
		{"interrupted, test activation", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 5}, Interrupted: state.PhaseBuild},
			"reconciler: not running · generation 5 (running a system outside the profile) · a pass was interrupted during build · no pass yet"},
		{"activation cut short", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 5, RunningGeneration: 5, Activating: &state.Activation{Since: now.Add(-2 * time.Minute)}}, Interrupted: state.PhaseActivate},
			"reconciler: not running · generation 5 (current) · the activation of a new system was cut short 2 min ago, before it finished; ask-nix apply activates what the inputs build now instead; if that fails, what ran before it is put back · no pass yet"},
		// What the switch got done is said, and what comes next: the
		// pending edit's activation, not a build.
		{"switch cut short after the profile moved", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 44, RunningGeneration: 44, BootedGeneration: 43,
			Activating: &state.Activation{Action: "switch", Since: now.Add(-2 * time.Minute), FromGeneration: 43}, Queue: []string{"edit 9 (add 1 package: jq) is built; its activation was cut short"}},
			builtNext: "activates it again", cut: &cutShort{generation: 44, runs: true, queued: true}},
			"reconciler: not running · generation 44 (current, booted 43) · pending: edit 9 (add 1 package: jq) is built; its activation was cut short; no nix-humanityd runs: ask-nix apply activates it again · the switch to generation 44 was cut short 2 min ago, before it finished: its system runs, the profile names it, but its boot entry may be missing; if activating it again fails, generation 43, which ran before it, is put back · no pass yet"},
		// Killed while the checks ran: the switch itself had ended.
		{"switch cut short in its health checks", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 5, RunningGeneration: 5, BootedGeneration: 1,
			Activating: &state.Activation{Action: "switch", Since: now.Add(-3 * time.Second), FromGeneration: 4}, Queue: []string{"edit 2 (add 1 package: cowsay) is built; its activation was cut short"}},
			Interrupted: state.PhaseHealth, builtNext: "activates it again", cut: &cutShort{generation: 5, runs: true, queued: true}},
			"reconciler: not running · generation 5 (current, booted 1) · pending: edit 2 (add 1 package: cowsay) is built; its activation was cut short; no nix-humanityd runs: ask-nix apply activates it again · the switch to generation 5 was cut short 3.0 s ago, during its health checks, after the activation itself ended: its system runs, the profile names it, but it was not checked; if activating it again fails, generation 4, which ran before it, is put back · no pass yet"},
		{"switch cut short, its script still running", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 43, RunningGeneration: 43,
			Activating: &state.Activation{Action: "switch", Since: now.Add(-5 * time.Second), FromGeneration: 43}, Queue: []string{"edit 9 (add 1 package: jq) is built; its activation was cut short"}},
			DaemonRunning: true, builtNext: "activates it again", cut: &cutShort{pid: 4242, queued: true}},
			"reconciler: idle · generation 43 (current) · pending: edit 9 (add 1 package: jq) is built; its activation was cut short; nix-humanityd activates it again at its next pass · the switch to a new system was cut short 5.0 s ago, before it finished: its switch-to-configuration still runs (pid 4242; the next activation waits for it), its system does not run, the profile still names generation 43; if activating it again fails, generation 43, which ran before it, is put back · no pass yet"},
		// A switch to a generation on request is not finished behind the
		// person's back: the next pass puts the inputs' system back.
		{"rollback cut short", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 2, RunningGeneration: 3,
			Activating: &state.Activation{Action: "switch", Since: now.Add(-time.Minute), FromGeneration: 3, Trigger: TriggerRollback}},
			cut: &cutShort{generation: 2}},
			"reconciler: not running · generation 2 (running 3) · the switch to generation 2 on request was cut short 1 min ago, before it finished: its system does not run, the profile names it, but its boot entry may be missing; ask-nix apply puts what the inputs build in place instead (ask-nix rollback asks for the switch again); if that fails, generation 3, which ran before it, is put back · no pass yet"},
		{"boot rollback cut short before the profile moved", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 3, RunningGeneration: 3,
			Activating: &state.Activation{Action: "boot", Since: now.Add(-time.Minute), FromGeneration: 3, Trigger: TriggerRollback}},
			DaemonRunning: true, cut: &cutShort{older: 1}},
			"reconciler: idle · generation 3 (current) · making generation 1 the boot default on request was cut short 1 min ago, before it finished: the profile still names generation 3; nix-humanityd's next pass puts what the inputs build in place instead (ask-nix rollback asks for the switch again); if that fails, generation 3, which ran before it, is put back · no pass yet"},
		{"boot cut short, inputs changed since", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 7, RunningGeneration: 7,
			Activating: &state.Activation{Action: "boot", Since: now.Add(-time.Hour), FromGeneration: 6}, Queue: []string{"edit 3 (add 1 package: git) is not built yet"}},
			DaemonRunning: true, cut: &cutShort{generation: 7}},
			"reconciler: idle · generation 7 (current) · pending: edit 3 (add 1 package: git) is not built yet; nix-humanityd builds it at its next pass · making generation 7 the boot default was cut short 1 h ago, before it finished: the profile names it, but its boot entry may be missing; nix-humanityd's next pass activates what the inputs build now instead; if that fails, generation 6, which ran before it, is put back · no pass yet"},
		{"rolled back", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 3, RunningGeneration: 3, LastPass: &state.Pass{
			Result: state.ResultRolledBack, Reason: "health check failed", RolledBackTo: 3, FragmentEdit: 8, Finished: now.Add(-2 * time.Hour),
			Durations: map[string]float64{"eval": 0.5, "build": 12, "activate": 1, "health": 0.2, "rollback": 1.5}, Error: "health check \"x\" failed\nsecond line"}}, DaemonRunning: true},
			"reconciler: idle · generation 3 (current) · last: rolled back 2 h ago (eval 0.5 s, build 12 s, activate 1.0 s, health 0.2 s, rollback 1.5 s, health check failed, back to generation 3, from edit 8)\n  health check \"x\" failed\n  second line"},
		{"stuck in a build", StatusReport{State: state.State{Phase: state.PhaseBuild, PhaseSince: now.Add(-80 * time.Minute), CurrentGeneration: 5, RunningGeneration: 5, LastPass: success}, DaemonRunning: true,
			Stalled: []liveness.Stall{{Part: "loop", Kind: liveness.KindProgress, Phase: state.PhaseBuild, Since: now.Add(-62 * time.Minute), LimitSeconds: 3600}}},
			"reconciler: build for 1 h · stuck: loop: no progress for 1h2m while in phase build (limit 1h) · generation 5 (current) · last: success 12.4 s ago (eval 6.1 s, build 3.2 s, activate 1.9 s)"},
		// An update names the inputs it moved (two at most), before
		// what that did to the packages.
		{"after an update", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 44, RunningGeneration: 44, LastPass: &state.Pass{
			Result: state.ResultSuccess, Trigger: TriggerUpdate, Finished: now.Add(-5 * time.Second), Durations: map[string]float64{"eval": 6, "build": 30, "activate": 2},
			Update: &state.Update{Command: "nix flake update --flake /etc/nixos", Inputs: []state.InputChange{
				{Name: "home-manager", From: "1111111111111111111111111111111111111111", FromDate: "2026-11-01", To: "2222222222222222222222222222222222222222", ToDate: "2026-11-20"},
				{Name: "home-manager/utils", To: "3333333333333333333333333333333333333333", ToDate: "2026-11-02"},
				{Name: "nixpkgs", From: "a3a3dda3bacf61e8a39258a0ed9c924eeca8e293", FromDate: "2026-11-10", To: "feedfacefeedfacefeedfacefeedfacefeedface", ToDate: "2026-11-24"},
			}},
			Packages: &state.PackageChanges{Upgraded: []string{"firefox 133.0 → 134.0"}}}}, DaemonRunning: true},
			"reconciler: idle · generation 44 (current) · last: success 5.0 s ago (eval 6.0 s, build 30 s, activate 2.0 s) · updated inputs: home-manager 111111111111 (2026-11-01) → 222222222222 (2026-11-20), home-manager/utils added: 333333333333 (2026-11-02), and 1 more · packages: ~firefox 133.0 → 134.0"},
		{"new kernel waiting for a reboot", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 43, RunningGeneration: 43, BootedGeneration: 41, LastPass: success}, DaemonRunning: true,
			NeedReboot: true, RebootFor: []string{"kernel", "kernel modules"}},
			"reconciler: idle · generation 43 (current, booted 41) · reboot needed for the new kernel and kernel modules · last: success 12.4 s ago (eval 6.1 s, build 3.2 s, activate 1.9 s)"},
		// A switch on request says what its action did in its reason;
		// ", action test" after it would say it twice.
		{"test rollback on request", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 4, RunningGeneration: 3, LastPass: &state.Pass{
			Result: state.ResultSuccess, Trigger: TriggerRollback, Action: "test", Finished: now.Add(-5 * time.Second), Durations: map[string]float64{"activate": 1},
			Reason: "switched from generation 4 to generation 3 on request until the next boot; the boot default stays generation 4"}}, DaemonRunning: true},
			"reconciler: idle · generation 4 (running 3) · last: success 5.0 s ago (activate 1.0 s, switched from generation 4 to generation 3 on request until the next boot; the boot default stays generation 4)"},
		{"boot rollback on request", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 3, RunningGeneration: 4, LastPass: &state.Pass{
			Result: state.ResultSuccess, Trigger: TriggerRollback, Action: "boot", Finished: now.Add(-5 * time.Second), Durations: map[string]float64{"activate": 1},
			Reason: "made generation 3 the boot default on request (was generation 4), from the next boot on; generation 4 runs until then"}}, DaemonRunning: true},
			"reconciler: idle · generation 3 (running 4) · last: success 5.0 s ago (activate 1.0 s, made generation 3 the boot default on request (was generation 4), from the next boot on; generation 4 runs until then)"},
		// A pass with action test that rolled back: the reason is the
		// failure, the action is news.
		{"test pass rolled back", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 4, RunningGeneration: 4, LastPass: &state.Pass{
			Result: state.ResultRolledBack, Trigger: TriggerApply, Action: "test", Finished: now.Add(-5 * time.Second), Reason: "health check failed", RolledBackTo: 4}}, DaemonRunning: true},
			"reconciler: idle · generation 4 (current) · last: rolled back 5.0 s ago (health check failed, action test, back to generation 4)"},
		// Recorded before the clock was set back: not "0 s ago".
		{"last pass ahead of the clock", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 4, RunningGeneration: 4, LastPass: &state.Pass{
			Result: state.ResultSuccess, Finished: now.Add(3 * time.Hour), Durations: map[string]float64{"activate": 1}}}, DaemonRunning: true},
			"reconciler: idle · generation 4 (current) · last: success 3 h from now by this machine's clock, which was set back since (activate 1.0 s)"},
		{"nothing yet", StatusReport{State: state.State{Phase: state.PhaseIdle}},
			"reconciler: not running · no generation yet · no pass yet"},
		{"with the packages it changed", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 44, RunningGeneration: 44, BootedGeneration: 44, LastPass: &state.Pass{
			Result: state.ResultSuccess, Finished: now.Add(-5 * time.Second), Durations: map[string]float64{"eval": 1, "build": 2, "activate": 1},
			Packages: &state.PackageChanges{Added: []string{"cowsay 3.8.3"}, Upgraded: []string{"firefox 133.0 → 134.0"}, Removed: []string{"htop 3.3.0", "vim 9.1.0"}}}}, DaemonRunning: true},
			"reconciler: idle · generation 44 (current, booted) · last: success 5.0 s ago (eval 1.0 s, build 2.0 s, activate 1.0 s) · packages: +cowsay 3.8.3, ~firefox 133.0 → 134.0, -htop 3.3.0 and 1 more"},
		{"Nix warned", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 44, RunningGeneration: 44, BootedGeneration: 44, LastPass: &state.Pass{
			Result: state.ResultSuccess, Finished: now.Add(-5 * time.Second), Warnings: []string{"Git tree '/etc/nixos' is dirty", "unknown setting 'x'"}, WarningsMore: 1}}, DaemonRunning: true},
			"reconciler: idle · generation 44 (current, booted) · last: success 5.0 s ago · Nix warned: Git tree '/etc/nixos' is dirty (and 2 more)"},
		{"Nix warned once", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 44, RunningGeneration: 44, BootedGeneration: 44, LastPass: &state.Pass{
			Result: state.ResultFailure, Finished: now.Add(-5 * time.Second), Warnings: []string{"Git tree '/etc/nixos' is dirty"}, Error: "evaluating failed"}}, DaemonRunning: true},
			"reconciler: idle · generation 44 (current, booted) · last: failure 5.0 s ago · Nix warned: Git tree '/etc/nixos' is dirty\n  evaluating failed"},
		// Two warnings a hand or another version wrote with bytes that
		// are no UTF-8 read back as one (FuzzOneLineWarnings).
		{"Nix warned, twice the same once read back", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 44, RunningGeneration: 44, BootedGeneration: 44, LastPass: &state.Pass{
			Result: state.ResultSuccess, Finished: now.Add(-5 * time.Second), Warnings: []string{"\xec0", "\x9a0"}}}, DaemonRunning: true},
			"reconciler: idle · generation 44 (current, booted) · last: success 5.0 s ago · Nix warned: \ufffd0"},
		{"edits in place after an earlier failure", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 44, RunningGeneration: 44, BootedGeneration: 44, LastPass: &state.Pass{
			Result: state.ResultSuccess, Finished: now.Add(-5 * time.Second), FragmentEdit: 7, AppliedAfterFailure: []int{6, 7}}}, DaemonRunning: true},
			"reconciler: idle · generation 44 (current, booted) · last: success 5.0 s ago (edits 6 and 7 in place after an earlier failure)"},
		{"no package changed", StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 44, RunningGeneration: 44, BootedGeneration: 44, LastPass: &state.Pass{
			Result: state.ResultSuccess, Finished: now.Add(-5 * time.Second), Packages: &state.PackageChanges{ClosurePaths: 10}}}, DaemonRunning: true},
			"reconciler: idle · generation 44 (current, booted) · last: success 5.0 s ago"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := OneLine(&tt.rep, now); got != tt.want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestSkipFailedBackoff(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	r := &Reconciler{Now: func() time.Time { return now }}
	fail := func(id int64, hash string, ago time.Duration) state.Pass {
		return state.Pass{ID: id, InputsHash: hash, Result: state.ResultFailure, Finished: now.Add(-ago)}
	}
	noop := state.Pass{Result: state.ResultNoop, InputsHash: "h"}
	tests := []struct {
		name    string
		history []state.Pass
		trigger string
		skip    bool
	}{
		{"no history", nil, TriggerWatch, false},
		{"failed with other inputs", []state.Pass{fail(1, "other", time.Hour)}, TriggerWatch, false},
		{"same inputs failed: a touch skips", []state.Pass{fail(1, "h", 10*time.Hour), noop}, TriggerWatch, true},
		{"same inputs failed: a restart skips", []state.Pass{fail(1, "h", 10*time.Hour)}, TriggerStart, true},
		{"apply always tries", []state.Pass{fail(1, "h", time.Second)}, TriggerApply, false},
		{"resync after 1 failure waits 1 min", []state.Pass{fail(1, "h", 30*time.Second)}, TriggerResync, true},
		{"resync after 1 failure, 1 min later", []state.Pass{fail(1, "h", 61*time.Second)}, TriggerResync, false},
		{"resync after 3 failures waits 4 min", []state.Pass{fail(1, "h", time.Hour), fail(2, "h", time.Hour), fail(3, "h", 3*time.Minute)}, TriggerResync, true},
		{"resync backoff stops at 1 h", []state.Pass{fail(1, "h", 0), fail(2, "h", 0), fail(3, "h", 0), fail(4, "h", 0), fail(5, "h", 0), fail(6, "h", 0), fail(7, "h", 0), fail(8, "h", 0), fail(9, "h", 61*time.Minute)}, TriggerResync, false},
		{"a success since", []state.Pass{fail(1, "h", time.Hour), {ID: 2, InputsHash: "h", Result: state.ResultSuccess}}, TriggerWatch, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			why, skip := r.skipFailed(&state.State{History: tt.history}, "h", tt.trigger)
			if skip != tt.skip {
				t.Fatalf("skip = %v (%s), want %v", skip, why, tt.skip)
			}
			if skip && !strings.Contains(why, "ask-nix apply") {
				t.Fatalf("reason %q does not say what to do", why)
			}
		})
	}
}
