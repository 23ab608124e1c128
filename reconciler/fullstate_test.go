package reconciler_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/metrics"
	"github.com/nix-humanity/nix-humanity/reconciler/metrics/metricstest"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// fullDisk makes the state file's saves fail with ENOSPC while full
// says so (a stand-in for a full file system: a real one needs a mount
// only root may make), else saves it.
func fullDisk(w *world, full func(st *state.State) bool) {
	reconciler.SetSaveState(w.r, func(st *state.State, dir string) error {
		if full(st) {
			return fmt.Errorf("write %s/.state.json.tmp-1: %w", dir, syscall.ENOSPC)
		}
		return st.Save(dir)
	})
}

func wantAll(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(got, s) {
			t.Errorf("%s lacks %q:\n%s", what, s, got)
		}
	}
}

// A state directory that takes no writes stops a pass before Nix runs:
// nothing it did could be recorded.
func TestFullStateDirStopsBeforeNix(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	fullDisk(w, func(*state.State) bool { return true })
	w.install("htop")
	_, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err == nil {
		t.Fatal("the pass succeeded without a state file")
	}
	wantAll(t, "error", err.Error(), "cannot record the pass in the state directory "+w.s.StateDir,
		"no space left on device", "nothing was evaluated, built or activated; generation 1 stays current",
		"The state directory's file system is full: free space there (df -h "+w.s.StateDir+")", "run ask-nix apply again")
	if calls := w.rec.Argv0s(); len(calls) != 0 {
		t.Errorf("Nix ran: %v", calls)
	}
	if got := w.generations(); !slices.Equal(got, []int{1}) || w.running() != w.first {
		t.Fatalf("generations %v, running %s", got, w.running())
	}
}

// A disk that fills during the build (the store and the state directory
// often share it): the new system is built but not activated, since an
// activation cut short could then not be finished or rolled back.
func TestStateDirFullAfterBuildDoesNotActivate(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	acts := w.activationCount()
	full := true
	fullDisk(w, func(st *state.State) bool { return full && st.Phase == state.PhaseActivate })
	w.install("htop")
	_, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err == nil {
		t.Fatal("the pass succeeded without recording the activation")
	}
	wantAll(t, "error", err.Error(), "was built but not activated; generation 1 stays current", "df -h")
	if got := w.generations(); !slices.Equal(got, []int{1}) || w.running() != w.first || w.activationCount() != acts {
		t.Fatalf("activated anyway: generations %v, running %s", got, w.running())
	}
	if st := w.state(); st.Activating != nil || st.LastPass.Result != state.ResultFailure {
		t.Fatalf("state after: activating %+v, last %+v", st.Activating, st.LastPass)
	}
	full = false
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err != nil || p.Result != state.ResultSuccess || p.Generation != 2 {
		t.Fatalf("once there is room: %+v %v", p, err)
	}
}

// A pass that switched but could not record it says so, and the next
// apply records what is in place without a new generation (activating
// it again: the state still says an activation began).
func TestStateDirFullAtTheEndSaysWhatIsInPlace(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	full := true
	fullDisk(w, func(st *state.State) bool { return full && st.Phase == state.PhaseIdle })
	w.install("htop")
	_, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err == nil {
		t.Fatal("no error though the pass was not recorded")
	}
	wantAll(t, "error", err.Error(), "generation 2 is in place (switch)", "could not record it",
		"ask-nix status tells of the pass before", "then run ask-nix apply to record it")
	full = false
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err != nil || p.Result != state.ResultSuccess || p.Generation != 2 {
		t.Fatalf("the next apply: %+v %v", p, err)
	}
	if got := w.generations(); !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("generations %v", got)
	}
	if st := w.state(); st.AppliedToplevel != w.running() || st.Activating != nil {
		t.Fatalf("applied %s, running %s, activating %+v", st.AppliedToplevel, w.running(), st.Activating)
	}
}

// A daemon started on a full state directory stays up, its passes stop
// before Nix, and it carries on by itself once there is room.
func TestLoopOnAFullStateDirRecovers(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	var full atomic.Bool
	full.Store(true)
	fullDisk(w, func(*state.State) bool { return full.Load() })
	pw := newPassWatcher()
	w.s.Debounce = 20 * time.Millisecond
	w.r.Observer = pw
	l := runLoopWith(t, w, &reconciler.Loop{R: w.r, Resync: 300 * time.Millisecond})
	pw.next(t, 10*time.Second) // the start pass: nothing changed
	w.install("htop")
	p := pw.next(t, 10*time.Second)
	if p.Result != state.ResultFailure || !strings.Contains(p.Error, "cannot record the pass") || !l.Alive() {
		t.Fatalf("pass on a full disk %+v, alive %v", p, l.Alive())
	}
	if calls := w.rec.Argv0s(); len(calls) != 0 {
		t.Errorf("Nix ran: %v", calls)
	}
	full.Store(false)
	for deadline := time.Now().Add(20 * time.Second); ; {
		p = pw.next(t, 10*time.Second)
		if p.Result == state.ResultSuccess {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no success once there was room; last %+v", p)
		}
	}
	if got := w.generations(); !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("generations %v", got)
	}
}

// A pass lock that cannot be taken at all (a read-only or broken state
// directory; here a folder where the lock file goes) says so and what
// to do, not only the system call's words.
func TestPassLockUnusable(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	lock := reconciler.LockPath(w.s.StateDir)
	if err := os.Remove(lock); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if err := os.Mkdir(lock, 0o755); err != nil {
		t.Fatal(err)
	}
	w.install("htop")
	_, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err == nil {
		t.Fatal("a pass ran without its lock")
	}
	wantAll(t, "error", err.Error(), "cannot take the pass lock in the state directory "+w.s.StateDir, "nothing was changed", "is a writable directory, then try again")
	if _, err := reconciler.TryLock(w.s.StateDir, "gc"); err == nil || !strings.Contains(err.Error(), "cannot take the pass lock") {
		t.Errorf("TryLock: %v", err)
	}
	if got := w.generations(); !slices.Equal(got, []int{1}) {
		t.Fatalf("generations %v", got)
	}
}

// The garbage-collector roots' folder in the way of Nix (a file there)
// is a fault of the state directory, said before Nix runs, and no edit
// is blamed for it.
func TestGCRootsFolderBroken(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	roots := filepath.Join(w.s.StateDir, "gcroots")
	if err := os.RemoveAll(roots); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(roots, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	w.install("htop")
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err == nil || p.Result != state.ResultFailure {
		t.Fatalf("pass %+v %v", p, err)
	}
	wantAll(t, "error", p.Error, "cannot keep the build's garbage-collector roots in "+roots, "nothing was evaluated, built or activated; generation 1 stays current", "then run ask-nix apply again")
	if strings.Contains(p.Error, "undo") || !p.NotFromEdit {
		t.Errorf("the edit is blamed: %+v", p)
	}
	if calls := w.rec.Argv0s(); len(calls) != 0 {
		t.Errorf("Nix ran: %v", calls)
	}
}

// The garbage-collector roots' folder, made by the pass when it is
// missing, is made as the state directory's other folders are
// (groupshare.MkdirAllSynced): in a state directory the group shares,
// the group may write it and what is made in it takes the group, so a
// member's ask-nix apply can add roots after the daemon made it.
func TestGCRootsFolderMadeShared(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	roots := filepath.Join(w.s.StateDir, "gcroots")
	if err := os.RemoveAll(roots); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(w.s.StateDir, 0o770); err != nil {
		t.Fatal(err)
	}
	w.install("htop")
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply}); err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("pass %+v %v", p, err)
	}
	fi, err := os.Stat(roots)
	if err != nil {
		t.Fatal(err)
	}
	if m := fi.Mode(); m&fs.ModeSetgid == 0 || m.Perm()&0o070 != 0o070 {
		t.Errorf("%s made %v, want group rwx and setgid as the shared state directory's folders", roots, m)
	}
}

// A named pipe where the fragment should be fails the pass before Nix,
// which would wait on it forever as a read would.
func TestFragmentNamedPipeFailsBeforeNix(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	if err := os.Remove(w.pg.Fragment); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(w.pg.Fragment, 0o644); err != nil {
		t.Fatal(err)
	}
	type result struct {
		p   state.Pass
		err error
	}
	done := make(chan result, 1)
	go func() {
		p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
		done <- result{p, err}
	}()
	select {
	case res := <-done:
		if res.err == nil || res.p.Result != state.ResultFailure {
			t.Fatalf("pass %+v %v", res.p, res.err)
		}
		wantAll(t, "error", res.p.Error, "is a named pipe, not a regular file, so Nix cannot read it; nothing was evaluated, built or activated", "run ask-nix apply")
	case <-time.After(20 * time.Second):
		t.Fatal("the pass waits on a named pipe")
	}
	if calls := w.rec.Argv0s(); len(calls) != 0 {
		t.Errorf("Nix ran: %v", calls)
	}
}

// The fragment replaced by a folder (while the daemon runs, say) fails
// the pass before Nix, saying so and how to put the file back, and the
// edit that wrote the file last is not blamed: Nix would only have said
// that a default.nix inside it is missing.
func TestFragmentFolderFailsBeforeNix(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	res := w.askNixInstall("htop")
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("the edit's pass: %+v %v", p, err)
	}
	w.rec.Reset()
	if err := os.Remove(w.pg.Fragment); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(w.pg.Fragment, 0o755); err != nil {
		t.Fatal(err)
	}
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err == nil || p.Result != state.ResultFailure || !p.NotFromEdit {
		t.Fatalf("pass %+v %v", p, err)
	}
	h := txn.HistoryIn(w.s.StateDir)
	wantAll(t, "error", p.Error, "the fragment "+w.s.Fragment+" is a folder, not a file", "nothing was evaluated, built or activated",
		fmt.Sprintf("as edit %d left it: `cp %s %s`", res.Edit, h.AfterPath(res.Edit), w.s.Fragment), "run ask-nix apply again")
	if calls := w.rec.Argv0s(); len(calls) != 0 {
		t.Errorf("Nix ran: %v", calls)
	}
	if es, err := h.Entries(); err != nil || es[len(es)-1].Status == txn.StatusFailed {
		t.Errorf("the edit is marked failed: %+v %v", es, err)
	}
}

// A system profile whose folder is missing (a wrong setting, a folder
// removed) or that is itself a folder fails a pass that would make a
// generation before Nix runs, and blames no edit: nix-env failed only
// after a switch had activated the new system live, which was then
// rolled back as "activation failed" with "Fix the fragment". Actions
// that make no generation go on.
func TestProfileFolderMissing(t *testing.T) {
	for _, c := range []struct {
		name, action string
		profile      func(w *world) string
		want         []string
	}{
		{"folder removed", "switch", func(w *world) string {
			if err := os.RemoveAll(filepath.Dir(w.s.Profile)); err != nil {
				t.Fatal(err)
			}
			return w.s.Profile
		}, []string{"its folder ", " does not exist; nothing was evaluated, built or activated", "create the folder if that is the right place"}},
		{"a folder that is not there", "boot", func(w *world) string { return filepath.Join(w.pg.Dir, "nope", "system") },
			[]string{"nope does not exist"}},
		{"the profiles folder named", "switch", func(w *world) string { return filepath.Dir(w.s.Profile) },
			[]string{"is a folder, not a profile's link", "/system; "}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, playground.Options{}, map[string]string{"action": c.action})
			acts := w.activationCount()
			w.s.Profile = c.profile(w)
			w.install("htop")
			p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
			if err == nil || p.Result != state.ResultFailure || !p.NotFromEdit {
				t.Fatalf("pass %+v %v", p, err)
			}
			wantAll(t, "error", p.Error, append(c.want, "the system profile "+w.s.Profile, "Check the profile setting (NIX_HUMANITY_PROFILE or --profile, set by ", "run ask-nix apply again")...)
			if calls := w.rec.Argv0s(); len(calls) != 0 {
				t.Errorf("Nix ran: %v", calls)
			}
			if w.running() != w.first || w.activationCount() != acts {
				t.Errorf("activated: running %s", w.running())
			}
			if dir := filepath.Dir(w.s.Profile); !isDir(dir) {
				rep, err := reconciler.Status(w.s)
				if err != nil {
					t.Fatal(err)
				}
				wantAll(t, "status", reconciler.OneLine(rep, time.Now()), "no generation: the system profile's folder "+dir+" does not exist (check the profile setting)")
			}
		})
	}
	// A test activation makes no generation: it goes on.
	w := newWorld(t, playground.Options{}, map[string]string{"action": "test"})
	w.s.Profile = filepath.Join(w.pg.Dir, "nope", "system")
	w.install("htop")
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply}); err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("action test: %+v %v", p, err)
	}
}

// A system setting that builds something other than a NixOS system (no
// switch-to-configuration) fails before anything is activated, says what
// stays current and what to check, and does not blame the edit whose
// fragment built and activated before.
func TestToplevelWithoutSwitchScript(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	res := w.askNixInstall("htop")
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess || p.Generation != 2 {
		t.Fatalf("the edit's pass: %+v %v", p, err)
	}
	acts := w.activationCount()
	// A system that imports the fragment, as a wrong attribute would,
	// and is no NixOS system.
	notASystem := filepath.Join(w.pg.Dir, "image.nix")
	if err := os.WriteFile(notASystem, []byte(`let fragment = ./nix-humanity.nix; in derivation {
  name = "nixos-image"; system = builtins.currentSystem; builder = "/bin/sh";
  args = [ "-c" "/bin/mkdir -p $out && echo 25.11 > $out/nixos-version && echo > $out/init && echo ${builtins.hashFile "sha256" fragment} > $out/fragment" ];
}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	w.s.System, w.s.SystemAttr, w.s.SystemAttrSet = notASystem, "", true
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err == nil || p.Result != state.ResultFailure {
		t.Fatalf("pass %+v %v", p, err)
	}
	wantAll(t, "error", p.Error, "has no executable bin/switch-to-configuration, so it is not a NixOS system that can be activated; nothing was activated", "; generation 2 stays current",
		"check NIX_HUMANITY_SYSTEM and NIX_HUMANITY_SYSTEM_ATTR", "system.switch.enable = false",
		fmt.Sprintf("the fragment is as edit %d left it, which built before", res.Edit), "run ask-nix apply again")
	if !p.NotFromEdit {
		t.Error("the edit is blamed")
	}
	if w.current().Number != 2 || w.activationCount() != acts {
		t.Errorf("activated: current %d", w.current().Number)
	}
	if es, err := txn.HistoryIn(w.s.StateDir).Entries(); err != nil || es[len(es)-1].Status == txn.StatusFailed {
		t.Errorf("the edit is marked failed: %+v %v", es, err)
	}
}

// A pass stopped by a state directory that takes no writes is not the
// doing of the ask-nix edit it would have built: ask-nix history keeps
// the edit as written (not "failed" with a pass that was never
// recorded), and the pass says it is not from the edit.
func TestFullStateDirBlamesNoEdit(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	res := w.askNixInstall("htop")
	var full atomic.Bool
	full.Store(true)
	fullDisk(w, func(*state.State) bool { return full.Load() })
	p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err == nil || !strings.Contains(err.Error(), "cannot record the pass") {
		t.Fatalf("pass on a full state directory: %+v %v", p, err)
	}
	if !p.NotFromEdit {
		t.Errorf("the pass blames edit %d: %+v", res.Edit, p)
	}
	e, err := txn.HistoryIn(w.s.StateDir).Entry(res.Edit)
	if err != nil {
		t.Fatal(err)
	}
	if e.Status != txn.StatusApplied {
		t.Fatalf("history marks the edit %s: %q", e.Status, e.Reason)
	}
	// Once there is room the edit is built, and stays applied.
	full.Store(false)
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply}); err != nil || p.Result != state.ResultSuccess || p.FragmentEdit != res.Edit {
		t.Fatalf("once there is room: %+v %v", p, err)
	}
}

// ask-nix status (and /status) read a state file that a pass could not
// write: on its own it would tell of the pass before, and promise that
// the daemon builds the pending edit at its next pass. It says the state
// directory takes no writes, and that nothing is built until it does.
func TestStatusSaysTheStateDirTakesNoWrites(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	w.install("htop")
	rep, err := reconciler.Status(w.s)
	if err != nil {
		t.Fatal(err)
	}
	if rep.StateDirError != "" || strings.Contains(reconciler.OneLine(rep, time.Now()), "takes no writes") {
		t.Fatalf("a writable state directory: %q", rep.StateDirError)
	}
	reconciler.SetStateDirProbe(t, func(dir string) error {
		return fmt.Errorf("write %s/.status-1: %w", dir, syscall.ENOSPC)
	})
	rep, err = reconciler.Status(w.s)
	if err != nil {
		t.Fatal(err)
	}
	wantAll(t, "stateDirError", rep.StateDirError, "the state directory "+w.s.StateDir+" takes no writes", "no space left on device",
		"no pass can run or be recorded until it does", "df -h "+w.s.StateDir)
	line := reconciler.OneLine(rep, time.Now())
	wantAll(t, "status line", line, "pending: the fragment or a watched file changed since the last pass; no pass can build it until the state directory takes writes",
		"· state directory takes no writes", "\n  the state directory "+w.s.StateDir+" takes no writes")
	if strings.Contains(line, "builds it at its next pass") || strings.Contains(line, "ask-nix apply builds it") {
		t.Errorf("status promises a build that cannot happen:\n%s", line)
	}
	// A user who may not write there learns nothing from trying, nor
	// does anyone before the first pass made the directory.
	reconciler.SetStateDirProbe(t, func(dir string) error {
		return fmt.Errorf("open %s/.status-1: %w", dir, syscall.EACCES)
	})
	if rep, err := reconciler.Status(w.s); err != nil || rep.StateDirError != "" {
		t.Fatalf("EACCES: %v %q", err, rep.StateDirError)
	}
	reconciler.SetStateDirProbe(t, func(dir string) error {
		return fmt.Errorf("open %s/.status-1: %w", dir, syscall.ENOENT)
	})
	if rep, err := reconciler.Status(w.s); err != nil || rep.StateDirError != "" {
		t.Fatalf("ENOENT: %v %q", err, rep.StateDirError)
	}
}

// A pass the state directory could not record keeps its id: the next
// pass, by the same Reconciler or by another process (ask-nix apply, a
// restarted daemon) counts on from it, so no two passes share an id in
// the log lines, the metrics (which observe each id once) or the
// history.
func TestUnrecordedPassKeepsItsID(t *testing.T) {
	for _, c := range []struct {
		name string
		// full says which saves fail while the disk is full.
		full func(st *state.State) bool
		// another: the pass after is another process's (a new
		// Reconciler), which knows only what the state file says.
		another bool
	}{
		{"full at the end, same process", func(st *state.State) bool { return st.Phase == state.PhaseIdle }, false},
		{"full at the end, another process", func(st *state.State) bool { return st.Phase == state.PhaseIdle }, true},
		{"full from the start, same process", func(*state.State) bool { return true }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, playground.Options{}, nil)
			var full atomic.Bool
			full.Store(true)
			fullDisk(w, func(st *state.State) bool { return full.Load() && c.full(st) })
			before := w.state().LastPass
			w.install("htop")
			p1, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
			if err == nil || p1.ID == 0 {
				t.Fatalf("unrecorded pass: %+v %v", p1, err)
			}
			if before != nil && p1.ID <= before.ID {
				t.Fatalf("pass %d after pass %d", p1.ID, before.ID)
			}
			ids := []int64{p1.ID}
			if !c.another {
				// Still full: a second unrecorded pass.
				p, _ := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply, Force: true})
				ids = append(ids, p.ID)
			}
			full.Store(false)
			r := w.r
			if c.another {
				r = &reconciler.Reconciler{Settings: w.s, Runner: w.rec, Hostname: "playground"}
			}
			p, err := r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply, Force: true})
			if err != nil || p.Result != state.ResultSuccess {
				t.Fatalf("once there is room: %+v %v", p, err)
			}
			ids = append(ids, p.ID)
			for i := 1; i < len(ids); i++ {
				if ids[i] <= ids[i-1] {
					t.Fatalf("pass ids %v: each pass must have a new, higher one", ids)
				}
			}
			st := w.state()
			if st.LastPass.ID != p.ID || st.LastPassID != p.ID {
				t.Fatalf("state: last pass %d, last id %d, want %d", st.LastPass.ID, st.LastPassID, p.ID)
			}
			for i := 1; i < len(st.History); i++ {
				if st.History[i].ID <= st.History[i-1].ID {
					t.Fatalf("history ids not increasing: %d then %d", st.History[i-1].ID, st.History[i].ID)
				}
			}
		})
	}
}

// The pass counters the metrics export never go down, across a restart
// too: a quiet no-op is counted in the state directory, and a pass the state
// directory could not record is counted once a later state is saved,
// not before (a count only in memory is gone after a restart).
func TestCountersNeverGoDown(t *testing.T) {
	w := newWorld(t, playground.Options{}, nil)
	daemon := func() *metrics.Metrics {
		m := metrics.New(metrics.Options{StateDir: w.s.StateDir, Profile: w.s.Profile, RunDir: w.s.RunDir})
		m.Restore(w.state())
		return m
	}
	m := daemon()
	w.r.Observer = m
	results := []string{"success", "failure", "noop", "rolled_back"}
	was := map[string]float64{}
	check := func(step string, m *metrics.Metrics) {
		t.Helper()
		mfs, err := m.Gatherer().Gather()
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]*dto.MetricFamily{}
		for _, mf := range mfs {
			byName[mf.GetName()] = mf
		}
		file := w.counters()
		for _, r := range results {
			got := metricstest.Value(byName, "nix_humanity_reconcile_total", "result", r)
			if got < was[r] {
				t.Errorf("%s: reconcile_total{%s} went down from %v to %v", step, r, was[r], got)
			}
			if got != float64(file[state.Result(r)]) {
				t.Errorf("%s: reconcile_total{%s} = %v, the state file counts %d", step, r, got, file[state.Result(r)])
			}
			was[r] = got
		}
	}
	check("start", m)
	var full atomic.Bool
	fullDisk(w, func(*state.State) bool { return full.Load() })
	start := w.counters()

	// A quiet no-op: counted in the state directory.
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerWatch}); err != nil || p.Result != state.ResultNoop || p.ID != 0 {
		t.Fatalf("no-op: %+v %v", p, err)
	}
	check("a quiet no-op", m)
	if got := w.counters()[state.ResultNoop]; got != start[state.ResultNoop]+1 {
		t.Errorf("the state directory counts %d no-ops, want %d", got, start[state.ResultNoop]+1)
	}
	// Another on a full disk, and a switch the state could not record.
	full.Store(true)
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerResync}); err != nil || p.Result != state.ResultNoop {
		t.Fatalf("no-op on a full disk: %+v %v", p, err)
	}
	check("a quiet no-op on a full disk", m)
	full.Store(false)
	fullDisk(w, func(st *state.State) bool {
		return full.Load() || st.Phase == state.PhaseIdle && st.LastPass != nil && st.LastPass.Generation == 2
	})
	w.install("htop")
	if _, err := w.r.Pass(ctx, reconciler.PassOptions{}); err == nil || !strings.Contains(err.Error(), "could not record it") {
		t.Fatalf("the unrecorded pass: %v", err)
	}
	check("a pass not recorded", m)
	// A restart while the disk is still full: nothing lower than before.
	check("a restart", daemon())

	// Room again: the next pass records itself and the two counted late.
	fullDisk(w, func(*state.State) bool { return false })
	p, err := w.r.Pass(ctx, reconciler.PassOptions{})
	if err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("once there is room: %+v %v", p, err)
	}
	check("once there is room", m)
	end := w.counters()
	if end[state.ResultNoop] != start[state.ResultNoop]+2 || end[state.ResultSuccess] != start[state.ResultSuccess]+2 {
		t.Errorf("counters from %v to %v: want 2 more no-ops and 2 more successes", start, end)
	}
	check("a restart after", daemon())
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// counters are the pass counts the state directory holds, as ask-nix
// status --json says them (the state file's and the no-op count).
func (w *world) counters() map[state.Result]int64 {
	w.t.Helper()
	rep, err := reconciler.Status(w.s)
	if err != nil {
		w.t.Fatal(err)
	}
	return rep.Counters.Reconciles
}
