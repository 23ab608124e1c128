package reconciler_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// confWorld is a playground whose watched system folder has a
// configuration.nix of its own beside the fragment, as /etc/nixos has:
// the stand-in system is passed through it, so a hand edit there can
// break evaluation as one of configuration.nix would. The first pass
// over it succeeds, so its inputs are the last success's.
type confWorld struct {
	*world
	conf  string // system/configuration.nix
	store *txn.Store
}

const confOK = "# the machine's own configuration, edited by hand\nsystem: system\n"

func newConfWorld(t *testing.T, opts playground.Options) *confWorld {
	t.Helper()
	w := newWorld(t, opts, nil)
	c := &confWorld{world: w, conf: filepath.Join(w.pg.SystemDir, "configuration.nix"), store: &txn.Store{Fragment: w.s.Fragment, StateDir: w.s.StateDir}}
	def := filepath.Join(w.pg.SystemDir, "default.nix")
	src, err := os.ReadFile(def)
	if err != nil {
		t.Fatal(err)
	}
	c.writeConf(confOK)
	if err := os.WriteFile(def, []byte("import ./configuration.nix (\n"+string(src)+")\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// An edit ask-nix made and the system built: the last success.
	res := c.apply("install hello", intent.Intent{Kind: intent.Install, Packages: []string{"hello"}})
	if p, err := w.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess || p.FragmentEdit != res.Edit {
		t.Fatalf("first pass %+v %v", p, err)
	}
	return c
}

func (c *confWorld) writeConf(src string) {
	c.t.Helper()
	if err := os.WriteFile(c.conf, []byte(src), 0o644); err != nil {
		c.t.Fatal(err)
	}
}

func (c *confWorld) apply(request string, in intent.Intent) *txn.Result {
	c.t.Helper()
	res, err := c.store.Apply(context.Background(), request, in)
	if err != nil {
		c.t.Fatal(err)
	}
	return res
}

func (c *confWorld) entry(n int) txn.Entry {
	c.t.Helper()
	e, err := txn.HistoryIn(c.s.StateDir).Entry(n)
	if err != nil {
		c.t.Fatal(err)
	}
	return e
}

// status is what `ask-nix status` and `ask-nix status --json` show.
func (c *confWorld) status() (line string, js map[string]any) {
	c.t.Helper()
	rep, err := reconciler.Status(c.s)
	if err != nil {
		c.t.Fatal(err)
	}
	data, err := json.Marshal(rep)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := json.Unmarshal(data, &js); err != nil {
		c.t.Fatal(err)
	}
	return reconciler.OneLine(rep, time.Now()), js
}

func lastPassChangedFiles(js map[string]any) []string {
	last, _ := js["lastPass"].(map[string]any)
	list, _ := last["changedFiles"].([]any)
	var out []string
	for _, f := range list {
		s, _ := f.(string)
		out = append(out, s)
	}
	return out
}

// The defect this guards against: an ask-nix edit and a hand edit of
// configuration.nix both land before one pass, which fails (here because
// of configuration.nix). The edit was part of the failed build, so it is
// marked failed, but its history reason, the pass error and status name
// configuration.nix as well, and the advice gives both ways back.
func TestFailureNamesOtherChangedFiles(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	res := c.apply("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}})
	c.writeConf(confOK + "system: system;; # a slip of the hand\n")

	p, err := c.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil || p.Result != state.ResultFailure || p.FragmentEdit != res.Edit || p.NotFromEdit {
		t.Fatalf("pass %+v %v, want a failure of edit %d", p, err, res.Edit)
	}
	if !slices.Equal(p.ChangedFiles, []string{c.conf}) {
		t.Fatalf("changed files %q, want %s", p.ChangedFiles, c.conf)
	}
	want := "(this pass built edit " + itoa(res.Edit) + " together with changes to " + c.conf + " since the last success; either may be the cause: ask-nix undo takes back edit " + itoa(res.Edit) + " (add 1 package: git), or put configuration.nix back as it was)"
	if !strings.Contains(p.Error, want) || strings.Contains(p.Error, "back with ask-nix undo") {
		t.Fatalf("error:\n%s\nwant %s", p.Error, want)
	}
	e := c.entry(res.Edit)
	if e.Status != txn.StatusFailed || !strings.Contains(e.Reason, "(built together with changes to "+c.conf+" since the last success; either may be the cause)") {
		t.Fatalf("history entry %+v", e)
	}
	line, js := c.status()
	if !strings.Contains(line, "from edit "+itoa(res.Edit)+", with changes to "+c.conf+" since the last success") {
		t.Fatalf("status line:\n%s", line)
	}
	if got := lastPassChangedFiles(js); !slices.Equal(got, []string{c.conf}) {
		t.Fatalf("status --json lastPass.changedFiles %q", got)
	}

	// configuration.nix put back: the edit builds, and is applied again.
	c.writeConf(confOK)
	if p, err := c.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess || len(p.ChangedFiles) != 0 {
		t.Fatalf("pass after the fix %+v %v", p, err)
	}
	if e := c.entry(res.Edit); e.Status != txn.StatusApplied {
		t.Fatalf("history entry after the fix %+v", e)
	}
}

// Only configuration.nix changed since the last success: the edit the
// fragment is from built before, so it is not blamed (as before), and the
// advice names the file that changed.
func TestFailureOnlyOtherFileChanged(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	c.writeConf("system: system.nope\n")
	p, err := c.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil || p.Result != state.ResultFailure || p.FragmentEdit == 0 || !p.NotFromEdit {
		t.Fatalf("pass %+v %v, want a failure not from the edit", p, err)
	}
	want := "ask-nix undo would not help; " + c.conf + " changed since the last success: fix it or put it back as it was)"
	if !strings.Contains(p.Error, want) || !slices.Equal(p.ChangedFiles, []string{c.conf}) {
		t.Fatalf("pass %+v\nwant %s", p, want)
	}
	if e := c.entry(p.FragmentEdit); e.Status != txn.StatusApplied {
		t.Fatalf("the edit was blamed: %+v", e)
	}
	line, js := c.status()
	if !strings.Contains(line, "not from edit "+itoa(p.FragmentEdit)+", with changes to "+c.conf) || !slices.Equal(lastPassChangedFiles(js), []string{c.conf}) {
		t.Fatalf("status:\n%s\n%v", line, js["lastPass"])
	}
}

// Only the fragment changed: the edit alone is blamed, as before, and no
// file is named.
func TestFailureOnlyFragmentChanged(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	res := c.apply("install notinthestandin", intent.Intent{Kind: intent.Install, Packages: []string{"notinthestandin"}})
	p, err := c.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil || p.Result != state.ResultFailure || p.FragmentEdit != res.Edit || p.NotFromEdit || len(p.ChangedFiles) != 0 {
		t.Fatalf("pass %+v %v", p, err)
	}
	if !strings.Contains(p.Error, "(or take edit "+itoa(res.Edit)+" (add 1 package: notinthestandin) back with ask-nix undo)") || strings.Contains(p.Error, "since the last success") {
		t.Fatalf("error:\n%s", p.Error)
	}
	e := c.entry(res.Edit)
	if e.Status != txn.StatusFailed || strings.Contains(e.Reason, "together") || !strings.HasPrefix(e.Reason, "pass "+itoa(int(p.ID))+": nixpkgs has no package named notinthestandin") {
		t.Fatalf("history entry %+v", e)
	}
	if line, js := c.status(); strings.Contains(line, "with changes to") || js["lastPass"].(map[string]any)["changedFiles"] != nil {
		t.Fatalf("status:\n%s\n%v", line, js["lastPass"])
	}
}

// A health check that fails after an edit and a harmless hand edit of
// configuration.nix: rolled back, and the advice and history name both.
// Then, with only configuration.nix changed again and the fragment as at
// the last success, the edit is spared.
func TestRollbackNamesOtherChangedFiles(t *testing.T) {
	c := newConfWorld(t, playground.Options{HealthCheck: true})
	res := c.apply("break the check", intent.Intent{Kind: intent.SetOption, Option: "standin.failHealthCheck", Value: true})
	c.writeConf(confOK + "# tidied\n")
	p, err := c.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil || p.Result != state.ResultRolledBack || p.FragmentEdit != res.Edit || p.NotFromEdit || !slices.Equal(p.ChangedFiles, []string{c.conf}) {
		t.Fatalf("pass %+v %v", p, err)
	}
	want := "Fix the cause (this pass built edit " + itoa(res.Edit) + " together with changes to " + c.conf + " since the last success; either may be the cause: ask-nix undo takes back edit " + itoa(res.Edit) + " (set standin.failHealthCheck to true), or put configuration.nix back as it was)"
	if !strings.Contains(p.Error, want) {
		t.Fatalf("error:\n%s\nwant %s", p.Error, want)
	}
	e := c.entry(res.Edit)
	if e.Status != txn.StatusFailed || !strings.Contains(e.Reason, "(built together with changes to "+c.conf+" since the last success; either may be the cause): health check failed; rolled back to generation") {
		t.Fatalf("history entry %+v", e)
	}
}

// A hand-written fragment (no ask-nix edit) as it was at the last
// success, and a configuration.nix that now fails the health check's
// system: the advice is to fix configuration.nix, not the fragment.
func TestRollbackFragmentUnchangedOtherFileChanged(t *testing.T) {
	c := newConfWorld(t, playground.Options{HealthCheck: true})
	// A hand edit of the fragment that builds the same system: found in
	// place, which makes these inputs the last success's.
	frag, err := os.ReadFile(c.s.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	c.writeFragment(string(frag) + "# by hand\n")
	if p, err := c.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultNoop || p.FragmentEdit != 0 || len(p.ChangedFiles) != 0 {
		t.Fatalf("pass %+v %v", p, err)
	}
	// Now configuration.nix turns on the failing check.
	c.writeConf(`system: import ./nixos.nix {
  fragment = /. + "` + c.s.Fragment + `";
  runDir = "` + c.pg.RunDir + `";
  activationLog = "` + c.pg.ActivationLog + `";
} // { system = (import ./nixos.nix {
  fragment = ./broken-check.nix;
  runDir = "` + c.pg.RunDir + `";
  activationLog = "` + c.pg.ActivationLog + `";
}).system; }
`)
	if err := os.WriteFile(filepath.Join(c.pg.SystemDir, "broken-check.nix"), []byte("{ ... }: { standin.failHealthCheck = true; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := c.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil || p.Result != state.ResultRolledBack {
		t.Fatalf("pass %+v %v", p, err)
	}
	wantFiles := []string{filepath.Join(c.pg.SystemDir, "broken-check.nix"), c.conf}
	if !slices.Equal(p.ChangedFiles, wantFiles) {
		t.Fatalf("changed files %q, want %q", p.ChangedFiles, wantFiles)
	}
	want := "Fix the cause (the fragment is as it was at the last success, so the cause is elsewhere and ask-nix undo would not help; " +
		filepath.Join(c.pg.SystemDir, "broken-check.nix") + " and " + c.conf + " changed since the last success: fix them or put them back as they were)"
	if !strings.Contains(p.Error, want) {
		t.Fatalf("error:\n%s\nwant %s", p.Error, want)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// The daemon: an ask-nix edit and a hand edit of configuration.nix within
// one debounce give one pass, which names both.
func TestLoopEditAndHandEditInOneDebounce(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	pw := newPassWatcher()
	runLoop(t, c.world, pw, time.Second)
	if p := pw.next(t, 10*time.Second); p.Trigger != reconciler.TriggerStart || p.Result != state.ResultNoop {
		t.Fatalf("start pass %+v", p)
	}
	res := c.apply("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}})
	c.writeConf("system: system.nope\n")
	p := pw.next(t, 20*time.Second)
	if p.Trigger != reconciler.TriggerWatch || p.Result != state.ResultFailure || p.FragmentEdit != res.Edit || p.NotFromEdit || !slices.Equal(p.ChangedFiles, []string{c.conf}) {
		t.Fatalf("pass %+v", p)
	}
	if !strings.Contains(p.Error, "this pass built edit "+itoa(res.Edit)+" together with changes to "+c.conf) {
		t.Fatalf("error:\n%s", p.Error)
	}
	if e := c.entry(res.Edit); e.Status != txn.StatusFailed || !strings.Contains(e.Reason, "with changes to "+c.conf) {
		t.Fatalf("history entry %+v", e)
	}
}

// The digests of the last success's inputs are kept for the passes alone
// (0600); without them (the first pass after an upgrade) nothing is
// named, and the advice is as it was.
func TestNoDigestsNamesNothing(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	kept := filepath.Join(c.s.StateDir, reconciler.AppliedInputsFile)
	fi, err := os.Stat(kept)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s: %v %v", kept, fi, err)
	}
	if err := os.Remove(kept); err != nil {
		t.Fatal(err)
	}
	res := c.apply("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}})
	c.writeConf("system: system.nope\n")
	p, err := c.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil || p.Result != state.ResultFailure || p.FragmentEdit != res.Edit || len(p.ChangedFiles) != 0 ||
		!strings.Contains(p.Error, "(or take edit "+itoa(res.Edit)+" (add 1 package: git) back with ask-nix undo)") {
		t.Fatalf("pass %+v %v", p, err)
	}
	// A success keeps them again.
	c.writeConf(confOK)
	if p, err := c.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("pass %+v %v", p, err)
	}
	if _, err := os.Stat(kept); err != nil {
		t.Fatal(err)
	}
}

// Edits 2 to 4 come and go (4 removes what 2 and 3 installed) while no
// pass runs: the fragment is as the last success built it. apply says
// so; status, once configuration.nix changed too, says that file waits,
// not "edits 2 to 4 are not built yet"; the failed pass records no run
// of edits built together (only the file changed), and the pass after
// configuration.nix is put back is a no-op that names the edits.
func TestEditsThatNetToNothing(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	c.apply("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}})
	c.apply("install vim", intent.Intent{Kind: intent.Install, Packages: []string{"vim"}})
	last := c.apply("remove git and vim", intent.Intent{Kind: intent.Remove, Packages: []string{"git", "vim"}})
	words := "edits 2 to " + itoa(last.Edit) + " left the fragment as it was built"

	p, err := c.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err != nil || p.Result != state.ResultNoop || p.Reason != words {
		t.Fatalf("apply %+v %v, want a no-op: %s", p, err, words)
	}

	c.writeConf(confOK + "system: system.nope\n")
	line, js := c.status()
	if want := "pending: a watched file changed since the last pass, not the fragment: " + words; !strings.Contains(line, want) || strings.Contains(line, "not built yet") {
		t.Fatalf("status line:\n%s\nwant %s", line, want)
	}
	if q, _ := js["queue"].([]any); len(q) != 1 {
		t.Fatalf("status --json queue %v", js["queue"])
	}
	p, err = c.r.Pass(ctx, reconciler.PassOptions{})
	if err == nil || p.Result != state.ResultFailure || p.FirstEdit != 0 || !p.NotFromEdit {
		t.Fatalf("pass %+v %v, want a failure with no run of edits, not from the edit", p, err)
	}
	if strings.Contains(p.Error, "built edits") {
		t.Fatalf("error:\n%s", p.Error)
	}
	if e := c.entry(last.Edit); e.Status != txn.StatusApplied {
		t.Fatalf("edit %d blamed: %+v", last.Edit, e)
	}

	c.writeConf(confOK)
	p, err = c.r.Pass(ctx, reconciler.PassOptions{})
	if want := words + ": inputs are back to what is applied"; err != nil || p.Result != state.ResultNoop || p.Reason != want {
		t.Fatalf("pass %+v %v, want a no-op: %s", p, err, want)
	}
}

// statusAtPhase calls Status when a pass enters phase, from inside it.
type statusAtPhase struct {
	s     *settings.Settings
	phase state.Phase
	got   []*reconciler.StatusReport
}

func (o *statusAtPhase) PhaseStarted(ph state.Phase) {
	if ph == o.phase {
		rep, err := reconciler.Status(o.s)
		if err == nil {
			o.got = append(o.got, rep)
		}
	}
}
func (o *statusAtPhase) PassFinished(state.Pass, state.State) {}
func (o *statusAtPhase) WatchEvent(string)                    {}

// While a pass builds and activates the inputs as they are, /status and
// ask-nix status --json said they wait for a pass ("queue": "the
// fragment or a watched file changed since the last pass", during the
// activation "the inputs are built and their activation was cut
// short"): what the running pass works on waits for nothing.
func TestQueueEmptyWhileThePassBuildsIt(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	c.apply("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}})
	for _, ph := range []state.Phase{state.PhaseBuild, state.PhaseActivate} {
		obs := &statusAtPhase{s: c.s, phase: ph}
		c.r.Observer = obs
		if ph == state.PhaseActivate {
			c.apply("install vim", intent.Intent{Kind: intent.Install, Packages: []string{"vim"}})
		}
		if p, err := c.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess {
			t.Fatalf("pass %+v %v", p, err)
		}
		if len(obs.got) != 1 {
			t.Fatalf("%s: %d status reads", ph, len(obs.got))
		}
		if rep := obs.got[0]; rep.Phase != ph || len(rep.Queue) != 0 {
			t.Fatalf("during %s: phase %s, queue %q, want none", ph, rep.Phase, rep.Queue)
		}
	}
	// A change made while it runs still waits.
	c.apply("remove git", intent.Intent{Kind: intent.Remove, Packages: []string{"git"}})
	c.r.Observer = &writeAtBuild{c: c}
	if p, err := c.r.Pass(ctx, reconciler.PassOptions{}); err != nil {
		t.Fatalf("pass %+v %v", p, err)
	}
	if q := c.r.Observer.(*writeAtBuild).queue; len(q) != 1 || !strings.Contains(q[0], "not built yet") {
		t.Fatalf("a change during the build: queue %q", q)
	}
}

// writeAtBuild makes an edit once a pass builds, then reads the status.
type writeAtBuild struct {
	c     *confWorld
	queue []string
}

func (o *writeAtBuild) PhaseStarted(ph state.Phase) {
	if ph == state.PhaseBuild {
		o.c.apply("install htop", intent.Intent{Kind: intent.Install, Packages: []string{"htop"}})
		if rep, err := reconciler.Status(o.c.s); err == nil {
			o.queue = rep.Queue
		}
	}
}
func (o *writeAtBuild) PassFinished(state.Pass, state.State) {}
func (o *writeAtBuild) WatchEvent(string)                    {}

// A system setting that names nothing to build (a flake's folder
// without '#', as nixos-rebuild --flake takes it) fails the pass before
// Nix runs, and no edit is blamed: before, the newest edit was marked
// failed in the history, and stayed so after the setting was fixed.
func TestBadSystemSettingBlamesNoEdit(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	res := c.apply("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}})
	flakeDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(flakeDir, "flake.nix"), []byte("{ outputs = _: { }; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.s.System = flakeDir
	p, err := c.r.Pass(ctx, reconciler.PassOptions{Trigger: reconciler.TriggerApply})
	if err == nil || p.Result != state.ResultFailure || !p.NotFromEdit || !strings.Contains(p.Error, "is a flake's folder") || !strings.Contains(p.Error, flakeDir+"#playground") {
		t.Fatalf("pass %+v %v", p, err)
	}
	if e := c.entry(res.Edit); e.Status != txn.StatusApplied || e.Reason != "" {
		t.Fatalf("edit %d after a pass a setting failed: %+v", res.Edit, e)
	}
}

// A rollback while a hand edit of another watched file waits: status
// says that file's change waits, not that the fragment's edit, which
// the last success built, is "not built yet".
func TestRollbackWithAWatchedFileChangedNamesNoEdit(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	res := c.apply("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}})
	if p, err := c.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess || p.FragmentEdit != res.Edit {
		t.Fatalf("pass %+v %v", p, err)
	}
	c.writeConf(confOK + "# a hand edit, not applied yet\n")
	if p, err := c.r.SwitchGeneration(ctx, 0); err != nil || p.Result != state.ResultSuccess {
		t.Fatalf("rollback: %+v %v", p, err)
	}
	line, _ := c.status()
	if strings.Contains(line, "not built yet") || !strings.Contains(line, "pending: a watched file changed since the last pass, not the fragment") {
		t.Fatalf("status after the rollback:\n%s", line)
	}
}

// While a pass runs, status says what it builds: the ask-nix edit the
// fragment is (with its request, shortened), the edits built together,
// or, when it cannot be tied to an edit (a hand edit, another watched
// file's change), that instead of a guess. The JSON's "building" says
// it in numbers, and is gone once the pass ended.
func TestStatusSaysWhatThePassBuilds(t *testing.T) {
	long := "please install git on this machine, with everything it needs to work"
	tests := []struct {
		name    string
		change  func(c *confWorld) int // what the pass builds; the edit it is
		want    state.Building         // Pass and ChangedFiles aside
		changed bool                   // configuration.nix among ChangedFiles
		line    string                 // in the status line
	}{
		{"an edit", func(c *confWorld) int {
			return c.apply("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}}).Edit
		}, state.Building{Edit: 3}, false, ` · building edit 3 ("install git")`},
		{"a long request, shortened", func(c *confWorld) int {
			return c.apply(long, intent.Intent{Kind: intent.Install, Packages: []string{"git"}}).Edit
		}, state.Building{Edit: 3}, false, ` · building edit 3 ("please install git on this machine, wit…")`},
		{"edits built together", func(c *confWorld) int {
			c.apply("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}})
			return c.apply("install vim", intent.Intent{Kind: intent.Install, Packages: []string{"vim"}}).Edit
		}, state.Building{Edit: 4, FirstEdit: 3}, false, ` · building edits 3 to 4 together (the last: edit 4 ("install vim"))`},
		{"an edit and another file", func(c *confWorld) int {
			c.writeConf(confOK + "# a comment\n")
			return c.apply("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}}).Edit
		}, state.Building{Edit: 3}, true, ` · building edit 3 ("install git"), with changes to `},
		{"a hand edit", func(c *confWorld) int {
			f, err := os.OpenFile(c.s.Fragment, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				c.t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteString("# mine\n"); err != nil {
				c.t.Fatal(err)
			}
			return 0
		}, state.Building{}, false, ` · building a fragment no ask-nix edit wrote (changed by hand or by another tool), so no edit can be named`},
		{"another watched file", func(c *confWorld) int {
			c.writeConf(confOK + "# a comment\n")
			return 0
		}, state.Building{Edit: 2, FragmentUnchanged: true}, true, ` · building a change to `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newConfWorld(t, playground.Options{})
			// Edit 2, built: the last success, after newConfWorld's edit 1.
			c.apply("install cowsay", intent.Intent{Kind: intent.Install, Packages: []string{"cowsay"}})
			if p, err := c.r.Pass(ctx, reconciler.PassOptions{}); err != nil || p.Result != state.ResultSuccess {
				t.Fatalf("pass %+v %v", p, err)
			}
			edit := tt.change(c)
			obs := &statusAtPhase{s: c.s, phase: state.PhaseEval}
			c.r.Observer = obs
			p, err := c.r.Pass(ctx, reconciler.PassOptions{})
			if err != nil {
				t.Fatalf("pass %+v %v", p, err)
			}
			if len(obs.got) != 1 {
				t.Fatalf("%d status reads", len(obs.got))
			}
			rep := obs.got[0]
			b := rep.Building
			if b == nil {
				t.Fatalf("no building in the status during the pass: %+v", rep.State)
			}
			if b.Pass != p.ID {
				t.Errorf("building pass %d, want %d", b.Pass, p.ID)
			}
			if got := slices.Contains(b.ChangedFiles, c.conf); got != tt.changed {
				t.Errorf("changed files %q, want configuration.nix among them: %v", b.ChangedFiles, tt.changed)
			}
			got := *b
			got.Pass, got.ChangedFiles, got.ChangedFilesMore = 0, nil, 0
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("building %+v, want %+v", got, tt.want)
			}
			if edit != 0 && b.Edit != edit {
				t.Errorf("building edit %d, the change is edit %d", b.Edit, edit)
			}
			if line := reconciler.OneLine(rep, time.Now()); !strings.Contains(line, tt.line) {
				t.Errorf("status line %q\nwant it to say %q", line, tt.line)
			}
			after, err := reconciler.Status(c.s)
			if err != nil {
				t.Fatal(err)
			}
			js, err := json.Marshal(after)
			if err != nil {
				t.Fatal(err)
			}
			if after.Building != nil || strings.Contains(string(js), `"building"`) || strings.Contains(reconciler.OneLine(after, time.Now()), "building") {
				t.Errorf("after the pass, status still says what it builds: %s", js)
			}
		})
	}
}

// A pass whose state file does not say what it builds (a nix-humanityd
// of a version before "building"): status ties it to an edit only when
// the inputs are as the pass began on them (the hash it saved is
// theirs); once they changed, it says that what the pass builds is not
// known rather than name the edit the fragment is now. A switch to a
// generation on request builds nothing, and nothing is said of it.
func TestStatusWithoutBuildingRecord(t *testing.T) {
	c := newConfWorld(t, playground.Options{})
	res := c.apply("install git", intent.Intent{Kind: intent.Install, Packages: []string{"git"}})
	lk, err := reconciler.TryLock(c.s.StateDir, "nix-humanityd pass (watch)")
	if err != nil {
		t.Fatal(err)
	}
	defer lk.Unlock()
	running := func(hash string, activating *state.Activation) string {
		t.Helper()
		st, err := state.Load(c.s.StateDir)
		if err != nil {
			t.Fatal(err)
		}
		st.Phase, st.PhaseSince, st.DesiredHash, st.Activating, st.Building = state.PhaseBuild, time.Now(), hash, activating, nil
		if activating != nil {
			st.Phase = state.PhaseActivate
		}
		if err := st.Save(c.s.StateDir); err != nil {
			t.Fatal(err)
		}
		rep, err := reconciler.Status(c.s)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Holder == "" {
			t.Fatalf("no holder of the pass lock in the status: %+v", rep)
		}
		return reconciler.OneLine(rep, time.Now())
	}
	// Status reads the inputs' hash as they are now, whatever the phase.
	hashNow := func() string {
		t.Helper()
		rep, err := reconciler.Status(c.s)
		if err != nil {
			t.Fatal(err)
		}
		return rep.DesiredHash
	}

	began := hashNow()
	want := fmt.Sprintf(` · building edit %d ("install git") · `, res.Edit)
	if line := running(began, nil); !strings.Contains(line, want) {
		t.Errorf("the inputs as the pass began on them:\n%s\nwant %q", line, want)
	}
	c.apply("install vim", intent.Intent{Kind: intent.Install, Packages: []string{"vim"}})
	line := running(began, nil)
	if want := " · what it builds is not known: its state file does not say, and the inputs changed since it began · "; !strings.Contains(line, want) {
		t.Errorf("the inputs changed since the pass began:\n%s\nwant %q", line, want)
	}
	if strings.Contains(line, "building edit") {
		t.Errorf("an edit named after the inputs changed: %s", line)
	}
	line = running(hashNow(), &state.Activation{Toplevel: "/nix/store/00000000000000000000000000000000-nixos-system", Action: "switch", Since: time.Now(), Trigger: reconciler.TriggerRollback})
	if strings.Contains(line, "building") || strings.Contains(line, "what it builds") {
		t.Errorf("a switch on request said to build: %s", line)
	}
}
