package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/requests"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// buildCrashAskNix builds ask-nix with -tags crashtest: a binary that
// kills itself (SIGKILL) at the step NIX_HUMANITY_CRASH_AT names
// (internal/crashpoint). A normal build has no such kill.
func buildCrashAskNix(tb testing.TB) string { return testbin.BuildTags(tb, ".", "crashtest") }

// killedAt runs ask-nix with the kill armed at step and checks it died
// there, by SIGKILL.
func (m *machine) killedAt(t *testing.T, bin, step string, args ...string) {
	t.Helper()
	cmd := m.command(context.Background(), bin, []string{"NIX_HUMANITY_CRASH_AT=" + step}, args...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("ask-nix %s was not killed at %q: %v\n%s", strings.Join(args, " "), step, err, out)
	}
	if !bytes.Contains(out, []byte("crashpoint: killed at "+step)) {
		t.Fatalf("ask-nix died, but not at %q:\n%s", step, out)
	}
}

// An edit killed (SIGKILL) at each step of its write leaves the
// fragment whole, old before the rename and new after it; the history
// and status read at once (before any writer settles it) say what
// happened; the lock the dead process held does not hold up the next
// edit, which cleans up beside the fragment, records the killed edit as
// the readers said, and numbers its own after it.
func TestEditKilledAtEachStep(t *testing.T) {
	bin := buildCrashAskNix(t)
	ctx := context.Background()
	tests := []struct {
		step  string
		wrote bool // the fragment holds the killed edit's change
		// logged: the killed edit's entry reached the log (the history
		// copy and the entry are saved side by side, so a kill while the
		// copy is written may land before the entry is)
		logged bool
	}{
		{"temp-synced 2.after.nix", false, false},
		{"renamed 2.after.nix", false, false},
		{"after-history", false, true},
		{"temp-synced nix-humanity.nix", false, true},
		{"renamed nix-humanity.nix", true, true},
		{"after-fragment", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.step, func(t *testing.T) {
			m := newMachine(t, false)
			if out, err := m.command(ctx, bin, nil, "-y", "install", "seed").CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			old, err := os.ReadFile(m.fragment)
			if err != nil {
				t.Fatal(err)
			}
			want := old
			if tt.wrote {
				want = withPackage(t, m.fragment, old, "killed")
			}

			m.killedAt(t, bin, tt.step, "-y", "install", "killed")

			// Whole, and old or new as the step says: never a mix.
			if now, err := os.ReadFile(m.fragment); err != nil || !bytes.Equal(now, want) {
				t.Fatalf("fragment after a kill at %s (%v):\n%s\nwant\n%s", tt.step, err, now, want)
			}

			// Read at once: the killed edit is what the next writer will
			// record, not "pending" (a write in progress, or waiting for
			// a pass) for an edit that never reached the fragment.
			out, err := m.command(ctx, bin, nil, "history", "--json").CombinedOutput()
			if err != nil {
				t.Fatalf("history after the kill: %v\n%s", err, out)
			}
			var es []struct {
				Edit    int    `json:"edit"`
				Status  string `json:"status"`
				Reason  string `json:"reason"`
				Outcome string `json:"outcome"`
			}
			if err := json.Unmarshal(out, &es); err != nil {
				t.Fatalf("history --json: %v\n%s", err, out)
			}
			wantStatus, wantOutcome := txn.StatusNotWritten, ""
			if tt.wrote {
				wantStatus, wantOutcome = txn.StatusApplied, "pending"
			}
			switch {
			case len(es) == 1 && !tt.logged:
			case len(es) == 2 && es[1].Edit == 2:
				if es[1].Status != wantStatus || es[1].Outcome != wantOutcome || !strings.Contains(es[1].Reason, "cut short") {
					t.Errorf("the killed edit reads as %+v, want status %q outcome %q and why", es[1], wantStatus, wantOutcome)
				}
			default:
				t.Fatalf("history after the kill:\n%s", out)
			}
			text, err := m.command(ctx, bin, nil, "history").CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, text)
			}
			pendingLine, row := "edit 1 (add 1 package: seed) is not built yet", "not-written     add 1 package: killed"
			if tt.wrote {
				pendingLine, row = "edit 2 (add 1 package: killed) is not built yet", "pending         add 1 package: killed"
			}
			if !tt.logged {
				row = ""
			}
			if tt.logged && !tt.wrote {
				// Why it was not written, as --json's reason says.
				row += "  (\"install killed\")\n      the write was cut short (its process was killed) before the fragment was written"
			}
			if !bytes.Contains(text, []byte(pendingLine)) || !bytes.Contains(text, []byte(row)) {
				t.Errorf("history says, after a kill at %s:\n%s\nwant a line with %q and a row with %q", tt.step, text, pendingLine, row)
			}

			// The dead writer's lock does not hold up the next one, which
			// removes the fragment's temporary file, settles the killed
			// edit as the readers said, and numbers its own after it.
			out, err = m.command(ctx, bin, nil, "-y", "--json", "install", "next").CombinedOutput()
			if err != nil {
				t.Fatalf("the next edit: %v\n%s", err, out)
			}
			if bytes.Contains(out, []byte("Waiting for the fragment lock")) {
				t.Errorf("the next edit waited for the dead writer's lock:\n%s", out)
			}
			next := 2
			if len(es) == 2 {
				next = 3
			}
			if !bytes.Contains(out, []byte(`"edit":`+strconv.Itoa(next)+`,`)) {
				t.Errorf("the edit after the kill is not numbered %d:\n%s", next, out)
			}
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(m.fragment), ".*.tmp-*")); len(left) != 0 {
				t.Errorf("temporary files left beside the fragment: %v", left)
			}
			if left, _ := filepath.Glob(filepath.Join(txn.HistoryIn(m.state).Dir, ".*.tmp-*")); len(left) != 0 {
				t.Errorf("temporary files left in the history: %v", left)
			}
			if len(es) == 2 {
				e, err := txn.HistoryIn(m.state).Entry(2)
				if err != nil || e.Status != wantStatus {
					t.Errorf("the next writer settled the killed edit as %+v (%v), want %q", e, err, wantStatus)
				}
			}
			if got, want := m.packages(t), map[bool][]string{false: {"next", "seed"}, true: {"killed", "next", "seed"}}[tt.wrote]; strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("packages %v, want %v", got, want)
			}
			// And undo takes back the next edit alone.
			if out, err := m.command(ctx, bin, nil, "-y", "undo").CombinedOutput(); err != nil {
				t.Fatalf("undo: %v\n%s", err, out)
			}
			if now, _ := os.ReadFile(m.fragment); !bytes.Equal(now, want) {
				t.Errorf("undo after the kill left:\n%s\nwant\n%s", now, want)
			}
		})
	}
}

// An index update killed (SIGKILL) at each step leaves an index that
// reads, the old one until the rename and the new one after it (or none
// at all, said so, when there was none); the dead update's lock does
// not refuse the next update, which removes the killed one's temporary
// file (a whole index's size).
func TestIndexUpdateKilledAtEachStep(t *testing.T) {
	bin := buildCrashAskNix(t)
	ctx := context.Background()
	files := t.TempDir()
	small, full := filepath.Join(files, "small.json"), filepath.Join(files, "full.json")
	// firefox in both; neovim only in the update that is killed.
	var few []source.Package
	for _, p := range catalogtest.Real {
		if p.Attr != "neovim" {
			few = append(few, p)
		}
	}
	if len(few) == len(catalogtest.Real) {
		t.Fatal("no neovim in catalogtest.Real")
	}
	if err := os.WriteFile(small, catalogtest.PackagesJSON(few), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, catalogtest.PackagesJSON(catalogtest.Real), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		step    string
		old     bool // an index was there before
		new     bool // the killed update's index is in place
		tempish bool // its temporary file is left
	}{
		{"index-built", true, false, false},
		{"temp-synced catalog.idx", true, false, true},
		{"renamed catalog.idx", true, true, false},
		{"temp-synced catalog.idx", false, false, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s, index before %v", tt.step, tt.old), func(t *testing.T) {
			m := newMachine(t, false)
			dir := filepath.Join(m.dir, "index")
			m.env = append(m.env, "NIX_HUMANITY_INDEX_DIR="+dir)
			if tt.old {
				if out, err := m.command(ctx, bin, nil, "index", "update", "--from", small).CombinedOutput(); err != nil {
					t.Fatalf("%v\n%s", err, out)
				}
			}
			m.killedAt(t, bin, tt.step, "index", "update", "--from", full)

			temps, _ := filepath.Glob(filepath.Join(dir, ".catalog.idx.tmp-*"))
			if (len(temps) > 0) != tt.tempish {
				t.Errorf("temporary files after the kill: %v", temps)
			}
			out, err := m.command(ctx, bin, nil, "search", "--json", "neovim").CombinedOutput()
			switch {
			case !tt.old && !tt.new:
				if err == nil || !bytes.Contains(out, []byte("ask-nix index update")) {
					t.Errorf("search with no index after the kill: %v\n%s", err, out)
				}
			case err != nil:
				t.Errorf("search after the kill: %v\n%s", err, out)
			case bytes.Contains(out, []byte(`"attr":"neovim"`)) != tt.new:
				t.Errorf("search after the kill (new index in place: %v):\n%s", tt.new, out)
			}

			out, err = m.command(ctx, bin, nil, "index", "update", "--from", full).CombinedOutput()
			if err != nil {
				t.Fatalf("the next update: %v\n%s", err, out)
			}
			if temps, _ := filepath.Glob(filepath.Join(dir, ".catalog.idx.tmp-*")); len(temps) != 0 {
				t.Errorf("temporary files left after the next update: %v", temps)
			}
			if out, err := m.command(ctx, bin, nil, "search", "--json", "neovim").CombinedOutput(); err != nil || !bytes.Contains(out, []byte(`"attr":"neovim"`)) {
				t.Errorf("search after the next update: %v\n%s", err, out)
			}
		})
	}
}

// traceSteps runs ask-nix with the crashpoint trace on and returns the
// steps it reached ("renamed state.json#2"), in order.
func traceSteps(t *testing.T, bin string, args ...string) []string {
	t.Helper()
	trace := filepath.Join(t.TempDir(), "trace")
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "NIX_HUMANITY_CRASH_TRACE="+trace)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ask-nix %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	data, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(strings.ReplaceAll(string(data), " ", "\x00"))
}

// A pass (ask-nix apply, the daemon's pass run in the foreground) killed
// (SIGKILL) at each step of a write it makes (the state file, the
// applied inputs, ask-nix's history marks, ...: every step a traced
// pass reaches) leaves a state file that reads; status says what it
// can; the next apply, not held up by the dead pass's lock, brings the
// system to the edit and records a success, and removes what the kill
// left of the state file's and the applied inputs' writes.
func TestApplyKilledAtEachStep(t *testing.T) {
	if testing.Short() {
		t.Skip("a real pass for each of some twenty steps")
	}
	bin := buildCrashAskNix(t)
	pg := playgroundEnv(t)
	askNix("-y", "install hello").must(t, 0, "(edit 1)")
	var steps []string
	for _, s := range traceSteps(t, bin, "apply") {
		steps = append(steps, strings.ReplaceAll(s, "\x00", " "))
	}
	if len(steps) < 4 {
		t.Fatalf("a traced pass reached only %q", steps)
	}
	t.Logf("steps of a pass: %q", steps)
	_ = pg
	// The playground names its host after its folder, which is named
	// after the test: letters, digits and _ only.
	name := strings.NewReplacer(" ", "_", "#", "_", ".", "_", "-", "_")
	for _, step := range steps {
		t.Run(name.Replace(step), func(t *testing.T) {
			pg := playgroundEnv(t)
			s := mustSettings(t, pg)
			askNix("-y", "install hello").must(t, 0, "(edit 1)")
			cmd := exec.Command(bin, "apply")
			cmd.Env = append(os.Environ(), "NIX_HUMANITY_CRASH_AT="+step)
			out, err := cmd.CombinedOutput()
			if err == nil && strings.Contains(step, "input-digests") {
				// A cache of file digests, written when it is stale: the
				// traced run wrote it, this one found it fresh.
				t.Skip("this apply did not write the input digests")
			}
			if err == nil && strings.Contains(step, "activation.pid") {
				// The activation's pid is recorded only while it still
				// runs when it is read: a stand-in activation that ended
				// first leaves one write fewer than the traced run made.
				// Not killed, the pass must have gone through whole.
				checkSystems(t, pg.Profile, 2)
				if !bytes.Contains(out, []byte("Generation 2 is live")) {
					t.Fatalf("apply, not killed at %q, did not finish:\n%s", step, out)
				}
				return
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL || !bytes.Contains(out, []byte("crashpoint: killed at "+step)) {
				t.Fatalf("apply was not killed at %q: %v\n%s", step, err, out)
			}
			killed, err := state.Load(s.StateDir)
			if err != nil {
				t.Fatalf("the state file after a kill at %s: %v", step, err)
			}
			st := askNix("status")
			if st.code != 0 {
				t.Errorf("status after a kill at %s: exit %d\n%s%s", step, st.code, st.stdout, st.stderr)
			}
			// A pass the state file shows under way, or an activation
			// it began, is said to be cut short, not shown as running.
			if (killed.Phase != state.PhaseIdle || killed.Activating != nil) && !strings.Contains(st.stdout, "interrupted") && !strings.Contains(st.stdout, "cut short") {
				t.Errorf("status after a kill at %s (phase %s) does not say the pass was cut short:\n%s", step, killed.Phase, st.stdout)
			}
			r := askNix("apply")
			if r.code != 0 || strings.Contains(r.stdout+r.stderr, "Waiting for") {
				t.Fatalf("apply after a kill at %s: exit %d\n%s%s", step, r.code, r.stdout, r.stderr)
			}
			after, err := state.Load(s.StateDir)
			if err != nil || after.LastPass == nil || after.LastPass.Result != state.ResultSuccess || after.LastPass.Generation != 2 || after.Activating != nil {
				t.Fatalf("state after the next apply (%v): %+v\n%s", err, after, r.stdout)
			}
			for _, name := range []string{state.FileName, "applied-inputs.json"} {
				if left, _ := filepath.Glob(filepath.Join(s.StateDir, "."+name+".tmp-*")); len(left) != 0 {
					t.Errorf("temporary files left: %v", left)
				}
			}
			if e, err := txn.HistoryIn(s.StateDir).Entry(1); err != nil || e.Status != txn.StatusApplied {
				t.Errorf("edit 1 after the next apply: %+v %v", e, err)
			}
			if h := askNix("history"); !strings.Contains(h.stdout, "applied gen 2") {
				t.Errorf("history after the next apply:\n%s%s", h.stdout, h.stderr)
			}
		})
	}
}

// checkSystems: every generation of the profile is a complete system,
// and the current one is among want.
func checkSystems(t *testing.T, profile string, want ...int) activate.Generation {
	t.Helper()
	nums, err := activate.Numbers(profile)
	if err != nil || len(nums) == 0 {
		t.Fatalf("profile generations: %v %v", nums, err)
	}
	for _, n := range nums {
		g, err := activate.Lookup(profile, n)
		if err != nil {
			t.Fatalf("generation %d: %v", n, err)
		}
		if err := activate.Check(g.Path); err != nil {
			t.Fatalf("generation %d is not a complete system: %v", n, err)
		}
	}
	cur, err := activate.Current(profile)
	if err != nil || !slices.Contains(want, cur.Number) {
		t.Fatalf("current generation %+v (%v), want one of %v", cur, err, want)
	}
	return cur
}

// A rollback killed (SIGKILL) at each step of a write it makes (every
// step a traced rollback reaches) leaves whole generations, the current
// one the old or the new, and a state file that reads; status says what
// was cut short; the next apply, not held up by the dead one's lock,
// ends with the profile's current system running and nothing cut short.
func TestRollbackKilledAtEachStep(t *testing.T) {
	if testing.Short() {
		t.Skip("a real rollback for each of some fifteen steps")
	}
	bin := buildCrashAskNix(t)
	setup := func(t *testing.T) playground.Layout {
		pg := playgroundEnv(t)
		askNix("-y", "install hello and rebuild").must(t, 0, "Generation 2 is live")
		return pg
	}
	setup(t)
	var steps []string
	for _, s := range traceSteps(t, bin, "-y", "rollback") {
		steps = append(steps, strings.ReplaceAll(s, "\x00", " "))
	}
	if len(steps) < 4 {
		t.Fatalf("a traced rollback reached only %q", steps)
	}
	name := strings.NewReplacer(" ", "_", "#", "_", ".", "_", "-", "_")
	for _, step := range steps {
		t.Run(name.Replace(step), func(t *testing.T) {
			pg := setup(t)
			s := mustSettings(t, pg)
			cmd := exec.Command(bin, "-y", "rollback")
			cmd.Env = append(os.Environ(), "NIX_HUMANITY_CRASH_AT="+step)
			out, err := cmd.CombinedOutput()
			if err == nil && strings.Contains(step, "input-digests") {
				// A cache of file digests, written when it is stale: the
				// traced run wrote it, this one found it fresh.
				t.Skip("this rollback did not write the input digests")
			}
			if err == nil && strings.Contains(step, "activation.pid") {
				// As in TestApplyKilledAtEachStep: an activation that
				// ended before its pid was read is not recorded.
				checkSystems(t, pg.Profile, 1)
				if !bytes.Contains(out, []byte("Switched from generation 2 to generation 1")) {
					t.Fatalf("rollback, not killed at %q, did not finish:\n%s", step, out)
				}
				return
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL || !bytes.Contains(out, []byte("crashpoint: killed at "+step)) {
				t.Fatalf("rollback was not killed at %q: %v\n%s", step, err, out)
			}
			killed, err := state.Load(s.StateDir)
			if err != nil {
				t.Fatalf("the state file after a kill at %s: %v", step, err)
			}
			checkSystems(t, pg.Profile, 1, 2)
			st := askNix("status")
			if st.code != 0 {
				t.Errorf("status after a kill at %s: exit %d\n%s%s", step, st.code, st.stdout, st.stderr)
			}
			if (killed.Phase != state.PhaseIdle || killed.Activating != nil) && !strings.Contains(st.stdout, "interrupted") && !strings.Contains(st.stdout, "cut short") {
				t.Errorf("status after a kill at %s (phase %s) does not say it was cut short:\n%s", step, killed.Phase, st.stdout)
			}
			r := askNix("apply")
			if r.code != 0 || strings.Contains(r.stdout+r.stderr, "Waiting for") {
				t.Fatalf("apply after a kill at %s: exit %d\n%s%s", step, r.code, r.stdout, r.stderr)
			}
			after, err := state.Load(s.StateDir)
			if err != nil || after.Activating != nil || after.Phase != state.PhaseIdle {
				t.Fatalf("state after the next apply (%v): %+v\n%s", err, after, r.stdout)
			}
			cur := checkSystems(t, pg.Profile, 1, 2)
			running, err := filepath.EvalSymlinks(filepath.Join(pg.RunDir, "current-system"))
			if want, _ := filepath.EvalSymlinks(cur.Path); err != nil || running != want {
				t.Errorf("after the next apply generation %d (%s) is current, but %s runs (%v)", cur.Number, want, running, err)
			}
			// Nothing is left to finish (the last pass may still say a
			// rollback was cut short and is to be asked for again).
			if st := askNix("status"); st.code != 0 || strings.Contains(st.stdout, "activates it again") || strings.Contains(st.stdout, "interrupted") {
				t.Errorf("status after the next apply: exit %d\n%s%s", st.code, st.stdout, st.stderr)
			} else if killed.Activating != nil && cur.Number == 2 && !strings.Contains(st.stdout, "ask-nix rollback asks again") {
				t.Errorf("a rollback cut short and not finished by apply, but status does not say to ask again:\n%s", st.stdout)
			}
		})
	}
}

// Two writers at once, the first killed while it holds the lock: the
// second waits, naming the first, while readers show the first's edit
// pending (being written); once the first is killed (SIGKILL, between
// its rename and marking its edit done) the kernel's release of its
// flock lets the second go on at once, which records the killed edit as
// written and adds its own after it. Nothing is lost.
func TestSecondWriterTakesOverFromAKilledOne(t *testing.T) {
	bin := buildAskNix(t)
	m := newMachine(t, false)
	ctx := context.Background()
	if out, err := m.command(ctx, bin, nil, "-y", "install", "seed").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	first := m.command(ctx, bin, []string{"NIX_HUMANITY_TEST_WRITE_STOP=after-fragment"}, "-y", "install", "writera")
	stderr, err := first.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Process.Kill()
	stopped := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if sc.Text() == "test hook: stopped at after-fragment" {
				stopped <- true
				return
			}
		}
		stopped <- false
	}()
	if !<-stopped {
		_ = first.Wait()
		t.Fatal("the first writer ended without reaching after-fragment")
	}

	// A reader meanwhile: the edit is being written.
	out, err := m.command(ctx, bin, nil, "history", "--json").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte(`"edit":2,`)) || !bytes.Contains(out, []byte(`"status":"pending"`)) {
		t.Fatalf("history while the first writer holds the lock: %v\n%s", err, out)
	}
	if out, err := m.command(ctx, bin, nil, "history").CombinedOutput(); err != nil || !bytes.Contains(out, []byte("writing         add 1 package: writera")) {
		t.Fatalf("history while the first writer holds the lock does not say it is writing: %v\n%s", err, out)
	}

	second := m.command(ctx, bin, nil, "-y", "install", "writerb")
	var secondOut testbin.SyncBuffer
	second.Stdout, second.Stderr = &secondOut, &secondOut
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- second.Wait() }()
	// It waits, and says for whom (the line comes before the wait).
	for !strings.Contains(secondOut.String(), "Waiting for the fragment lock") {
		select {
		case err := <-done:
			t.Fatalf("the second writer ended (%v) while the first held the lock:\n%s", err, secondOut.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if s := secondOut.String(); !strings.Contains(s, "(held by pid "+strconv.Itoa(first.Process.Pid)+": ask-nix edit: install writera)") {
		t.Fatalf("the second writer does not name the first:\n%s", s)
	}
	_ = first.Process.Signal(syscall.SIGKILL)
	_ = first.Wait()
	if err := <-done; err != nil {
		t.Fatalf("the second writer: %v\n%s", err, secondOut.String())
	}
	if !strings.Contains(secondOut.String(), "(edit 3)") {
		t.Errorf("the second writer's edit is not edit 3:\n%s", secondOut.String())
	}
	if got := strings.Join(m.packages(t), " "); got != "seed writera writerb" {
		t.Errorf("packages %q, want seed, writera and writerb", got)
	}
	h := txn.HistoryIn(m.state)
	for n, want := range map[int]string{2: txn.StatusApplied, 3: txn.StatusApplied} {
		if e, err := h.Entry(n); err != nil || e.Status != want {
			t.Errorf("edit %d: %+v %v, want %s", n, e, err, want)
		}
	}
}

// An edit killed (SIGKILL) while it counts the request for the metrics
// (after the edit is written and marked done: the count comes last)
// leaves a counts file that reads, the old counts before the rename and
// the new after it, never a mix or nothing; the edit stays written, and
// the next request counts on from what the file holds.
func TestCountKilledAtEachStep(t *testing.T) {
	bin := buildCrashAskNix(t)
	ctx := context.Background()
	for _, tt := range []struct {
		step    string
		counted bool // the killed request's count is in the file
	}{
		{"temp-synced requests.json", false},
		{"renamed requests.json", true},
	} {
		t.Run(tt.step, func(t *testing.T) {
			m := newMachine(t, false)
			if out, err := m.command(ctx, bin, nil, "-y", "install", "seed").CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			m.killedAt(t, bin, tt.step, "-y", "install", "killed")
			c, err := requests.Load(m.state)
			if err != nil {
				t.Fatalf("the counts after a kill at %s: %v", tt.step, err)
			}
			want := int64(1)
			if tt.counted {
				want = 2
			}
			if c.Requests["install"] != want || c.FragmentEdits != want {
				t.Errorf("counts after a kill at %s: %+v, want %d installs and edits", tt.step, c, want)
			}
			if e, err := txn.HistoryIn(m.state).Entry(2); err != nil || e.Status != txn.StatusApplied {
				t.Errorf("the killed request's edit: %+v %v, want applied", e, err)
			}
			if got := strings.Join(m.packages(t), " "); got != "killed seed" {
				t.Errorf("packages %q", got)
			}
			if out, err := m.command(ctx, bin, nil, "-y", "install", "next").CombinedOutput(); err != nil {
				t.Fatalf("the next request: %v\n%s", err, out)
			}
			if c, err := requests.Load(m.state); err != nil || c.Requests["install"] != want+1 || c.FragmentEdits != want+1 {
				t.Errorf("counts after the next request: %+v %v, want %d", c, err, want+1)
			}
		})
	}
}
