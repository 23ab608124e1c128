package reconciler

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/internal/shellword"
	"github.com/nix-humanity/nix-humanity/internal/termtext"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/liveness"
	"github.com/nix-humanity/nix-humanity/reconciler/reboot"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// StatusReport is the state file with the generations read live from
// the profile: what `ask-nix status --json` prints (and /status serves).
type StatusReport struct {
	state.State
	// DaemonRunning: a nix-humanityd holds the state directory's daemon
	// lock (whoever wrote the state file last: a pass run by ask-nix
	// apply records no daemon).
	DaemonRunning bool `json:"daemonRunning"`
	// Interrupted is the phase a pass was in when its process went away
	// (the state file still says so, but nobody holds the pass lock).
	Interrupted state.Phase `json:"interrupted,omitempty"`
	// Holder is who holds the pass lock now ("pid 12: nix-humanityd pass (watch)").
	Holder string `json:"holder,omitempty"`
	// Stalled lists the running daemon's parts that stopped proving they
	// are alive (what makes /healthz 503): a pass without progress past
	// the stall timeout, or an event loop without heartbeats.
	Stalled []liveness.Stall `json:"stalled,omitempty"`
	// NeedReboot: the running kernel, initrd or kernel modules are not the
	// current system's (RebootFor says which); they take effect at the
	// next boot. The metric nix_humanity_need_reboot says the same.
	NeedReboot bool     `json:"needReboot"`
	RebootFor  []string `json:"rebootFor,omitempty"`
	// HeldGeneration is the generation a rollback on request made current,
	// which passes leave in place until the inputs change (0: none, and
	// none once the fragment changed since: the next pass ends the hold,
	// and Queue says what it builds).
	HeldGeneration int `json:"heldGeneration,omitempty"`
	// StateFileGone: there is no state file, yet passes ran in this state
	// directory before (they left their garbage-collector roots or
	// no-op count): it was deleted, so the passes before, and the
	// counters, are not known; the counters and the pass history start
	// again at the next pass (a running daemon writes it again from its
	// copy instead). The zeros and the missing last pass then say
	// nothing of the machine.
	StateFileGone bool `json:"stateFileGone,omitempty"`
	// StateDirError: the state directory took no write when the status
	// was read (full, read-only, immutable), so passes stop before Nix
	// until it does, and a failed one cannot even be recorded: the last
	// pass the state file names is older. Empty when the write worked,
	// or when this user may not write there anyway (nothing to tell).
	StateDirError string `json:"stateDirError,omitempty"`
	// builtNext, when what waits is a system a one-off pass already built
	// (apply --action build, test or boot), is what a pass with the
	// settings' action does with it ("switches to it"): status then says
	// that, not that a pass builds it. Not in the JSON: Queue says it.
	builtNext string
	// notWatched, when the running daemon watches another fragment than
	// the settings' (its own fragment setting), says so: none of its
	// passes builds what waits. Not in the JSON: "watching" says it.
	notWatched string
	// daemon is the running daemon's record of its inputs, when it
	// watches this fragment: what waits is reckoned as its passes hash
	// the inputs (its watch paths and settings, which may be another
	// environment's or flags' than this process's), not as these
	// settings would. Not in the JSON: "watching" says it.
	daemon *state.Watching
	// profileFolder, when the system profile's folder is missing or no
	// folder, names it: status says that rather than "no generation yet"
	// (a wrong profile setting, a folder removed). Not in the JSON.
	profileFolder string
	// cut is what an activation cut short (Activating) left behind,
	// read from the profile, the running system and the activation's
	// pid file; nil without one.
	cut *cutShort
	// fragmentMissing: what waits is a fragment that is gone, which no
	// pass builds (Pending says so, not who builds it). Not in the JSON:
	// Queue says it.
	fragmentMissing bool
	// noRunning names the running system's link when it is missing, so
	// what runs is not known (not "a system outside the profile", which
	// RunningGeneration 0 says otherwise). Not in the JSON.
	noRunning string
	// building says what the running pass builds (Building) in words,
	// with the edit's request from the history: "building edit 7
	// ("install htop")", or that it is not known. Not in the JSON:
	// "building" says it.
	building string
}

// ForTerminal is a copy of rep whose every string read from a file (the
// state file, the pass lock's holder, the stall records, the daemon's
// record of what it watches) is safe to print as text: control
// characters escaped, length bounded (internal/termtext). Text output
// (OneLine, Pending, ask-nix history) uses it; the JSON is rep itself,
// exact.
func (rep *StatusReport) ForTerminal() *StatusReport {
	c := termtext.Copy(rep)
	c.builtNext = termtext.Line(c.builtNext)
	c.notWatched = termtext.Line(c.notWatched)
	c.profileFolder = termtext.Line(c.profileFolder)
	c.noRunning = termtext.Line(c.noRunning)
	c.building = termtext.Line(c.building)
	return c
}

// RunningUnknown names the running system's link (/run/current-system)
// when it is missing, so what runs is not known; "" when it is there.
func (rep *StatusReport) RunningUnknown() string { return rep.noRunning }

// cutShort is what an activation whose process went away (a kill, a
// crash, a power cut of the daemon) got done: status says it and what
// happens next, rather than that a pass builds something.
type cutShort struct {
	// generation is the profile's current generation when it is the
	// cut activation's system (the switch or boot had moved the
	// profile), 0 when the profile does not name it.
	generation int
	// runs: the cut activation's system runs.
	runs bool
	// pid is its switch-to-configuration, still running without the
	// daemon that started it (0: it ended, or it runs in a systemd unit,
	// which systemctl shows).
	pid int
	// queued: the queue says the cut inputs' activation waits (the
	// inputs are unchanged since), and so what the next pass does.
	queued bool
	// older is the generation whose system a switch on request was
	// going to (0: none has it).
	older int
}

// Status reads the state and the profile.
func Status(s *settings.Settings) (*StatusReport, error) {
	st, err := state.Load(s.StateDir)
	if err != nil {
		return nil, err
	}
	r := &Reconciler{Settings: s}
	r.refreshGenerations(st)
	rep := &StatusReport{State: *st, RebootFor: reboot.Needed(s.RunDir)}
	addNoops(rep, s.StateDir)
	switch Daemon(s.StateDir) {
	case DaemonPresent:
		rep.DaemonRunning = true
	case DaemonUnknown:
		// The lock cannot be read by this user: the pid in the state
		// file is the best guess left.
		rep.DaemonRunning = alive(st.Daemon)
	}
	rep.NeedReboot = len(rep.RebootFor) > 0
	if w := RunningDaemon(s.StateDir, st); w != nil && w.Covers(s.Fragment) {
		rep.daemon = w
	} else if w != nil {
		rep.notWatched = fmt.Sprintf("the nix-humanityd that runs (pid %d) watches %s, not %s, so none of its passes builds it: point it at this fragment (its fragment setting) and restart it, or ask-nix apply", w.PID, w.Fragment, s.Fragment)
	}
	if rep.DaemonRunning {
		// The daemon writes the record when a stall begins or ends; one
		// from a daemon that is gone is stale (the state file names no
		// daemon after a pass by ask-nix apply). An unreadable one hides
		// nothing /healthz would not show.
		if rec, err := liveness.Load(s.StateDir); err == nil && rec != nil && (rec.Daemon == st.Daemon || alive(rec.Daemon)) {
			rep.Stalled = rec.Stalls
		}
	}
	if st.Phase != state.PhaseIdle && st.Phase != "" {
		rep.Holder = heldBy(s.StateDir)
		if rep.Holder == "" {
			// Nobody holds the lock: either the pass just ended (read
			// again) or its process went away mid-pass.
			again, err := state.Load(s.StateDir)
			if err != nil {
				return nil, err
			}
			if again.Phase != state.PhaseIdle {
				rep.Interrupted, rep.Phase = again.Phase, state.PhaseIdle
			} else {
				st = again
				(&Reconciler{Settings: s}).refreshGenerations(st)
				rep.State = *st
				addNoops(rep, s.StateDir)
			}
		}
	}
	if rep.Phase == state.PhaseIdle || rep.Phase == "" {
		// A pass's process that went away left it: no pass builds it.
		rep.Building = nil
	}
	// Last: the state read again above would drop it.
	rep.HeldGeneration = r.held(&rep.State)
	if a := rep.Activating; a != nil && rep.Phase == state.PhaseIdle {
		c := &cutShort{runs: activate.Target(s.CurrentSystem()) == a.Toplevel,
			pid: nixrun.StillRunning(filepath.Join(s.StateDir, ActivationPidFile))}
		if g, err := activate.Current(s.Profile); err == nil && g.Path == a.Toplevel {
			c.generation = g.Number
		}
		if a.Trigger == TriggerRollback {
			c.older, _ = activate.Find(s.Profile, a.Toplevel)
		}
		rep.cut = c
	}
	r.queue(rep)
	if rep.Building != nil {
		rep.building = "building " + buildingWords(txn.HistoryIn(s.StateDir), rep.Building)
	}
	rep.StateFileGone = stateFileGone(s.StateDir)
	if activate.Target(s.CurrentSystem()) == "" {
		rep.noRunning = s.CurrentSystem()
	}
	rep.StateDirError = StateDirUnwritable(s.StateDir)
	if dir := filepath.Dir(s.Profile); rep.CurrentGeneration == 0 && !isDir(dir) {
		rep.profileFolder = dir
	}
	return rep, nil
}

// buildingWords says what a running pass builds (b), for the status
// line: the edit and its request as ask-nix history has them ("edit 7
// ("install htop")"), the edits built together, or that no edit wrote
// the fragment, and the other watched files that changed. An edit is
// named only when the pass found the fragment to be its saved result;
// what it cannot tie to one is said as that, never guessed.
func buildingWords(h txn.History, b *state.Building) string {
	var w string
	switch {
	case b.FragmentUnchanged && len(b.ChangedFiles) > 0:
		return "a change to " + filesWords(b.ChangedFiles, b.ChangedFilesMore) + ", not an ask-nix edit (the fragment is as the last success built it)"
	case b.FragmentUnchanged:
		return "the inputs with the fragment as the last success built it, not an ask-nix edit (another watched file or a setting changed, or the pass was asked for)"
	case b.Edit == 0:
		w = "a fragment no ask-nix edit wrote (changed by hand or by another tool), so no edit can be named"
	case b.PutBackAfter != 0:
		w = putBackWords(b.Edit, b.PutBackAfter) + editRequest(h, b.Edit)
	case b.FirstEdit != 0 && b.FirstEdit < b.Edit:
		w = fmt.Sprintf("edits %d to %d together (the last: edit %d%s)", b.FirstEdit, b.Edit, b.Edit, editRequest(h, b.Edit))
	default:
		w = fmt.Sprintf("edit %d%s", b.Edit, editRequest(h, b.Edit))
	}
	if len(b.ChangedFiles) > 0 {
		w += ", with changes to " + filesWords(b.ChangedFiles, b.ChangedFilesMore) + " since the last success"
	}
	return w
}

// maxRequestRunes bounds a request said on the status line.
const maxRequestRunes = 40

// editRequest is edit n's request as ask-nix history has it, shortened
// and quoted (` ("install htop")`), its summary when it has no request
// (` (add 1 package: htop)`), "" when the history cannot say.
func editRequest(h txn.History, n int) string {
	e, err := h.Entry(n)
	switch {
	case err != nil:
		return ""
	case e.Request != "":
		return fmt.Sprintf(" (%q)", shorten(e.Request, maxRequestRunes))
	case e.Summary != "":
		return " (" + shorten(e.Summary, maxRequestRunes) + ")"
	}
	return ""
}

// shorten is s cut to at most n runes, "…" in place of what is cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// stateFileGone reports whether dir has no state file though passes ran
// there before: a pass leaves its garbage-collector roots, a no-op that
// runs no Nix its count, and deleting the state file leaves them.
func stateFileGone(dir string) bool {
	if _, err := os.Lstat(state.Path(dir)); !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	for _, p := range []string{filepath.Join(dir, "gcroots", "system.drv"), filepath.Join(dir, "gcroots", "system"), filepath.Join(dir, state.NoopsFileName)} {
		if _, err := os.Lstat(p); err == nil {
			return true
		}
	}
	return false
}

// goneWords says that the state file is gone and what that means, for
// status in place of "no pass yet".
func goneWords(rep *StatusReport) string {
	if rep.DaemonRunning {
		return "the state file is gone (deleted?): the nix-humanityd that runs writes it again from its copy, with its pass ids and counters"
	}
	return "no pass recorded: the state file is gone (deleted?), so the passes before and their counts are not known; the next pass (nix-humanityd's, or ask-nix apply) starts a new one, its pass history and counters from 0"
}

// addNoops counts in the report's counters the no-ops that ran no Nix,
// which the state file does not keep (state.NoopsFileName): the counters
// are then the metrics'. An unreadable count is left out.
func addNoops(rep *StatusReport, dir string) {
	if n, err := state.Noops(dir); err == nil && n > 0 {
		rep.Counters = rep.Counters.Clone()
		rep.Counters.Add(state.Counters{Reconciles: map[state.Result]int64{state.ResultNoop: n}}, 1)
	}
}

// StateDirUnwritable says, in words, that the state directory takes no
// writes (full, read-only, immutable), so no pass can run or be recorded
// until it does, and what to do; "" when it takes them, or when this user
// may not write there anyway (nothing to tell).
func StateDirUnwritable(dir string) string {
	// Not there yet is no fault: the first pass makes it.
	if err := probeStateDir(dir); err != nil && !errors.Is(err, syscall.EACCES) && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Sprintf("the state directory %s takes no writes (%v), so no pass can run or be recorded until it does. %s", dir, err, stateDirFix(dir, err))
	}
	return ""
}

// probeStateDir is probeWrite; tests see a state directory that is full
// (a real one needs a mount only root may make).
var probeStateDir = probeWrite

// probeWrite writes and removes a small file in dir, as /healthz does:
// a full, read-only or immutable state directory fails it. EACCES is
// a user who may not write there, which says nothing about the daemon.
func probeWrite(dir string) error {
	f, err := os.CreateTemp(dir, ".status-*")
	if err != nil {
		return err
	}
	_, werr := f.Write([]byte("ok\n"))
	cerr := f.Close()
	rerr := os.Remove(f.Name())
	return errors.Join(werr, cerr, rerr)
}

// holdEnded reports whether the next pass ends the hold on
// rep.HeldGeneration, as the pass itself decides it: the inputs changed
// since the switch on request and so did the fragment (a change to
// another watched file alone is evaluated first: the hold stays when it
// still builds the system in place before the switch).
func (r *Reconciler) holdEnded(rep *StatusReport) bool {
	if rep.HeldGeneration == 0 || rep.DesiredHash == "" || rep.DesiredHash == rep.AppliedHash {
		return false
	}
	// Not os.ReadFile: a named pipe in the fragment's place would hang
	// ask-nix status.
	frag, _ := txn.ReadFragment(r.Settings.Fragment)
	return rep.HeldFragment == "" || contentHash(frag) != rep.HeldFragment
}

// queue reads the inputs as they are now: DesiredHash is their hash, and
// Queue says what waits for a pass when it differs from what was applied
// (an edit not built yet, a change to a watched file), so status never
// shows a written but unbuilt edit as done. Inputs the last pass failed
// on wait for nothing: that pass says why.
func (r *Reconciler) queue(rep *StatusReport) {
	hash, err := r.nextHash(rep.daemon, "")
	if err != nil {
		return
	}
	action := r.Action()
	if a := rep.daemon.Setting("action"); a != "" {
		action = a // the running daemon's passes do its action
	}
	passHash := rep.DesiredHash // what the last pass to start worked on
	rep.DesiredHash = hash
	running := rep.Phase != state.PhaseIdle && rep.Phase != "" && rep.Holder != ""
	onRequest := rep.Activating != nil && rep.Activating.Trigger == TriggerRollback
	if running && rep.Building == nil && !onRequest {
		// A pass whose state file does not say what it builds (one of
		// a version before "building"). A switch to a generation on
		// request builds nothing.
		r.inferBuilding(rep, passHash == hash)
	}
	if rep.Phase != state.PhaseIdle && rep.Phase != "" && passHash == hash {
		// A pass runs on the inputs as they are: nothing waits for
		// another (the phase says what it does).
		return
	}
	held := rep.HeldGeneration
	if r.holdEnded(rep) {
		// The fragment changed since the switch on request: the next pass
		// builds it, whatever the state file still says about the hold.
		rep.HeldGeneration = 0
	}
	if last := rep.LastPass; hash == rep.AppliedHash || last != nil && last.InputsHash == hash &&
		(last.Result == state.ResultFailure || last.Result == state.ResultRolledBack) {
		return
	}
	what := "the fragment or a watched file changed since the last pass"
	if rep.HeldGeneration != 0 {
		what = fmt.Sprintf("a watched file changed since the last pass, not the fragment: the next pass evaluates it, and generation %d stays unless it builds a new system", held)
	}
	last := rep.LastPass
	// A one-off pass that built these very inputs is said first: the
	// applied hash is empty also after a pass went past a hold and
	// failed, when the inputs were built before all the same.
	oneOff := false
	if last != nil && last.Action != action && last.Action != "" {
		h, err := r.nextHash(rep.daemon, last.Action)
		oneOff = err == nil && h == last.InputsHash
	}
	switch {
	case oneOff:
		if r.inPlace(last.Toplevel) {
			return // one-off passes put in place all the setting's action would
		}
		what = fmt.Sprintf("the last pass was a one-off %s; the %s the settings ask for is still to do", last.Action, action)
		if last.Action == "build" {
			what = fmt.Sprintf("the system is built by apply --action build, not activated; the %s the settings ask for is still to do", action)
		}
		rep.builtNext = map[string]string{
			"switch": "switches to it",
			"boot":   "makes it the boot default",
			"test":   "activates it until the next boot",
			"build":  "builds it",
		}[action]
	case rep.AppliedHash == "":
		what = "no successful pass has built the inputs as they are"
	}
	// A pass cut short during its activation built these inputs: what
	// waits is its activation, not a build.
	// (A switch to a generation on request cut short is no activation
	// of these inputs.)
	cut := rep.Activating != nil && passHash == hash && rep.Activating.Trigger != TriggerRollback
	if cut {
		what = "the inputs are built and their activation was cut short"
		rep.builtNext = "activates it again"
		if rep.cut != nil {
			rep.cut.queued = true
		}
	}
	frag, fragErr := txn.ReadFragment(r.Settings.Fragment)
	if errors.Is(fragErr, fs.ErrNotExist) && !cut {
		// Not "changed": gone, and a pass would fail evaluating it.
		what = fmt.Sprintf("the fragment %s is missing, so the next pass will fail evaluating it", r.Settings.Fragment)
		if n, copyPath := txn.LastCopy(r.Settings.StateDir, r.Settings.Fragment); n != 0 {
			what += fmt.Sprintf(": put it back as edit %d left it with `cp %s %s`", n, shellword.Quote(copyPath), shellword.Quote(r.Settings.Fragment))
		}
		rep.fragmentMissing = true
	}
	if fragErr == nil {
		if e := r.findEdit(frag); e.Edit != 0 && (rep.LastPass == nil || rep.LastPass.FragmentEdit != e.Edit) {
			state := "is not built yet"
			if cut {
				state = "is built; its activation was cut short"
			}
			what = fmt.Sprintf("edit %d (%s) %s", e.Edit, e.Summary, state)
			if e.PutBackAfter != 0 {
				// Not what the last edit left: a copy of an older one's.
				what = fmt.Sprintf("the fragment as edit %d (%s) left it, put back by hand after edit %d, %s", e.Edit, e.Summary, e.PutBackAfter, state)
			} else if w := asBuiltWords(e, lastAppliedEdit(&rep.State)); w != "" && !cut && r.fragmentAsApplied(frag, rep.AppliedHash) {
				// The edits since came and went: what waits is another
				// watched file's change (or the settings').
				what = "a watched file changed since the last pass, not the fragment: " + w
			} else if !cut && r.fragmentAsApplied(frag, rep.AppliedHash) {
				// The last success built this edit; the last pass is
				// another's (a switch on request): what waits is another
				// watched file's change (or the settings').
				what = fmt.Sprintf("a watched file changed since the last pass, not the fragment (edit %d, which it holds, is built)", e.Edit)
			} else if first := newEditsFrom(e, lastBuiltEdit(&rep.State)); first != 0 {
				state = "are not built yet"
				if cut {
					state = "are built; their activation was cut short"
				}
				what = fmt.Sprintf("edits %d to %d %s (the last: %s)", first, e.Edit, state, e.Summary)
			}
		}
	}
	if held != 0 && rep.HeldGeneration == 0 {
		// A clause of its own: what precedes may end in parentheses
		// ("(the last: undo edit 1 (add 1 package: hello))").
		what += fmt.Sprintf("; the fragment changed since the switch to generation %d on request, so that switch no longer holds", held)
	}
	rep.Queue = []string{what}
}

// inferBuilding says what a running pass builds when its state file does
// not (a pass of a version before state.Building): when the inputs are
// as it began on them (same, the hash it saved as it went on to Nix is
// theirs now), the fragment now is the one it builds, tied to the edit
// whose saved result it is as the pass itself will tie it; the other
// files that changed are not known, so none are named. When the inputs
// changed since, what it builds is not known, and status says so
// rather than name the edit of the fragment as it is now.
func (r *Reconciler) inferBuilding(rep *StatusReport, same bool) {
	if !same {
		rep.building = "what it builds is not known: its state file does not say, and the inputs changed since it began"
		return
	}
	frag, err := txn.ReadFragment(r.Settings.Fragment)
	if err != nil {
		return
	}
	e := r.findEdit(frag)
	b := &state.Building{Pass: rep.LastPassID, Edit: e.Edit, PutBackAfter: e.PutBackAfter,
		FragmentUnchanged: r.fragmentAsApplied(frag, rep.AppliedHash)}
	if !b.FragmentUnchanged {
		b.FirstEdit = newEditsFrom(e, lastBuiltEdit(&rep.State))
	}
	rep.Building = b
}

// nextHash is the inputs' hash as the next pass takes it: as the running
// daemon whose record w is hashes them (its files and settings; nil: no
// daemon runs, this process's settings), with action in place of the
// action setting unless it is "".
func (r *Reconciler) nextHash(w *state.Watching, action string) (string, error) {
	if w == nil {
		if action == "" {
			action = r.Action()
		}
		return r.inputsHash(action)
	}
	if action != "" {
		w = w.WithSetting("action", action)
	}
	return r.InputsHashAs(w)
}

// alive reports whether pid is a running nix-humanityd.
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	if err := syscall.Kill(pid, 0); err != nil && err != syscall.EPERM {
		return false
	}
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
	if err != nil {
		return true // cannot tell what it is; the pid lives
	}
	return strings.HasPrefix(strings.TrimSpace(string(comm)), "nix-humanityd")
}

// Pending says what waits for a pass while none runs, and who builds it
// ("edit 2 (add 1 package: htop) is not built yet; no nix-humanityd
// runs: ask-nix apply builds it"); empty when nothing waits. Text:
// what it names from the state is as ForTerminal makes it.
func Pending(rep *StatusReport) string {
	if len(rep.Queue) == 0 || rep.Phase != state.PhaseIdle && rep.Phase != "" {
		return ""
	}
	rep = rep.ForTerminal()
	if rep.fragmentMissing {
		return strings.Join(rep.Queue, "; ")
	}
	does := "builds it"
	if rep.builtNext != "" {
		does = rep.builtNext
	}
	next := fmt.Sprintf("nix-humanityd %s at its next pass", does)
	switch {
	case rep.StateDirError != "":
		next = "no pass can build it until the state directory takes writes (below)"
	case !rep.DaemonRunning:
		next = "no nix-humanityd runs: ask-nix apply " + does
	case rep.notWatched != "":
		// Only until that daemon's next pass, which builds its own
		// fragment again (said, so apply is not taken for a fix).
		next = rep.notWatched + " " + does + ", until that daemon's next pass (within 5 min) puts its own fragment's system back"
	}
	return strings.Join(rep.Queue, "; ") + "; " + next
}

// OneLine is the status line `ask-nix status` prints, e.g.
//
//	reconciler: idle · generation 43 (current, booted 41) · last: success 12.4 s ago (eval 6.1 s, build 3.2 s, activate 1.9 s)
//
// followed, after a failure, by the error's first lines. Every string
// from the state is printed as ForTerminal makes it.
func OneLine(rep *StatusReport, now time.Time) string {
	// Nix's warnings are read back from the state as it is (ReadBack
	// makes each one clean line, as ask-nix apply --wait does), not from
	// the copy made safe to print, whose escapes would tell apart two
	// warnings ReadBack reads as one ("\xec0" and "\x9a0" are both
	// "\ufffd0"), and count one more than there is.
	var warned []string
	var warnedMore int
	if rep.LastPass != nil {
		warned, warnedMore = nixrun.ReadBack(rep.LastPass.Warnings, rep.LastPass.WarningsMore)
	}
	rep = rep.ForTerminal()
	var b strings.Builder
	b.WriteString("reconciler: ")
	switch {
	case rep.Phase != state.PhaseIdle && rep.Phase != "":
		fmt.Fprintf(&b, "%s for %s", rep.Phase, Ago(now.Sub(rep.PhaseSince)))
		if rep.Holder != "" {
			fmt.Fprintf(&b, " (%s)", rep.Holder)
		}
		if rep.building != "" {
			b.WriteString(" · " + rep.building)
		}
	case rep.DaemonRunning:
		b.WriteString("idle")
	default:
		b.WriteString("not running")
	}
	for _, st := range rep.Stalled {
		fmt.Fprintf(&b, " · stuck: %s", st.Reason(now))
	}
	b.WriteString(" · ")
	switch {
	case rep.CurrentGeneration == 0 && rep.profileFolder != "":
		fmt.Fprintf(&b, "no generation: the system profile's folder %s does not exist (check the profile setting)", rep.profileFolder)
	case rep.CurrentGeneration == 0:
		b.WriteString("no generation yet")
	default:
		var notes []string
		switch {
		case rep.RunningGeneration == rep.CurrentGeneration:
			notes = append(notes, "current")
		case rep.RunningGeneration != 0:
			notes = append(notes, fmt.Sprintf("running %d", rep.RunningGeneration))
		case rep.noRunning != "":
			notes = append(notes, fmt.Sprintf("what runs is not known: there is no %s", rep.noRunning))
		default:
			notes = append(notes, "running a system outside the profile")
		}
		switch {
		case rep.BootedGeneration == rep.CurrentGeneration:
			notes = append(notes, "booted")
		case rep.BootedGeneration != 0:
			notes = append(notes, fmt.Sprintf("booted %d", rep.BootedGeneration))
		}
		fmt.Fprintf(&b, "generation %d (%s)", rep.CurrentGeneration, strings.Join(notes, ", "))
	}
	if rep.NeedReboot {
		fmt.Fprintf(&b, " · reboot needed for the new %s", plan.AndList(rep.RebootFor))
	}
	if rep.HeldGeneration != 0 {
		// After rollback --action boot another generation runs (said
		// above as "running N"): the held one is the boot default only.
		how := "was switched to"
		if rep.RunningGeneration != rep.HeldGeneration {
			how = "was made the boot default"
		}
		fmt.Fprintf(&b, " · held: generation %d %s on request, and stays until the fragment changes (ask-nix apply --force builds the fragment's configuration)", rep.HeldGeneration, how)
	}
	if p := Pending(rep); p != "" {
		b.WriteString(" · pending: " + p)
	}
	if rep.Updating != nil && rep.Holder == "" {
		// Left by an update that did not live to record its pass (one
		// that runs holds the lock).
		next := "no nix-humanityd runs: ask-nix apply builds what it fetched, or ask-nix update fetches again"
		if rep.DaemonRunning {
			next = "nix-humanityd's next pass builds what it fetched (ask-nix apply runs one now)"
		}
		fmt.Fprintf(&b, " · an update was cut short %s, maybe after fetching newer inputs; %s", agoWords(now.Sub(*rep.Updating)), next)
	}
	if rep.StateDirError != "" {
		// Said before the last pass, which is older than what failed
		// since: a pass that could not save could not say so there.
		b.WriteString(" · state directory takes no writes")
	}
	if rep.Interrupted != "" && rep.Activating == nil {
		fmt.Fprintf(&b, " · a pass was interrupted during %s", rep.Interrupted)
	}
	if a := rep.Activating; a != nil && rep.Phase == state.PhaseIdle {
		// Left by a pass that did not live to finish its activation (a
		// running pass would hold the phase).
		b.WriteString(" · " + cutShortWords(rep, now))
	}
	p := rep.LastPass
	if p == nil && rep.StateFileGone {
		b.WriteString(" · " + goneWords(rep))
		return b.String() + stateDirLines(rep)
	}
	if p == nil {
		b.WriteString(" · no pass yet")
		return b.String() + stateDirLines(rep)
	}
	// In words ("rolled back"), not the JSON's value (rolled_back).
	fmt.Fprintf(&b, " · last: %s %s", strings.ReplaceAll(string(p.Result), "_", " "), agoWords(now.Sub(p.Finished)))
	var detail []string
	for _, ph := range []string{"eval", "build", "activate", "health", "rollback"} {
		if d, ok := p.Durations[ph]; ok {
			detail = append(detail, fmt.Sprintf("%s %s", ph, seconds(d)))
		}
	}
	if p.Reason != "" {
		detail = append(detail, p.Reason)
	}
	if (p.Action == "test" || p.Action == "boot") && p.Result != state.ResultNoop && !reasonSaysAction(p) {
		// Not the usual switch: the running system or the boot default
		// alone changed (build says so in its reason).
		detail = append(detail, "action "+p.Action)
	}
	if p.RolledBackTo != 0 {
		detail = append(detail, fmt.Sprintf("back to generation %d", p.RolledBackTo))
	}
	if p.RollbackFailed {
		if p.RollbackFailedTo != 0 {
			detail = append(detail, fmt.Sprintf("putting back generation %d failed too", p.RollbackFailedTo))
		} else {
			detail = append(detail, "putting back what ran before failed too")
		}
	}
	if p.FragmentEdit != 0 && p.NotFromEdit && p.Result != state.ResultSuccess && p.Result != state.ResultNoop {
		detail = append(detail, fmt.Sprintf("not from edit %d", p.FragmentEdit))
	} else if p.PutBackAfter != 0 && p.Result != state.ResultSuccess && p.Result != state.ResultNoop {
		detail = append(detail, "from "+putBackWords(p.FragmentEdit, p.PutBackAfter))
	} else if p.FirstEdit != 0 && p.Result != state.ResultSuccess && p.Result != state.ResultNoop {
		detail = append(detail, fmt.Sprintf("from edits %d to %d, built together", p.FirstEdit, p.FragmentEdit))
	} else if p.FragmentEdit != 0 && p.Result != state.ResultSuccess && p.Result != state.ResultNoop {
		detail = append(detail, fmt.Sprintf("from edit %d", p.FragmentEdit))
	}
	if w := AfterFailureWords(p.AppliedAfterFailure); w != "" {
		detail = append(detail, w)
	}
	if len(p.ChangedFiles) > 0 && p.Result != state.ResultSuccess && p.Result != state.ResultNoop {
		detail = append(detail, "with changes to "+filesWords(p.ChangedFiles, p.ChangedFilesMore)+" since the last success")
	}
	if len(detail) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(detail, ", "))
	}
	if u := p.Update; u != nil && len(u.Inputs) > 0 {
		// What the update moved, beside what that did to the packages.
		words := make([]string, 0, 2)
		for i, c := range u.Inputs {
			if i == 2 {
				words = append(words, fmt.Sprintf("and %d more", len(u.Inputs)-2))
				break
			}
			words = append(words, InputChangeWords(c))
		}
		fmt.Fprintf(&b, " · updated inputs: %s", strings.Join(words, ", "))
	}
	if pc := p.Packages; !pc.Empty() {
		fmt.Fprintf(&b, " · packages: %s", packageWords(pc, 3))
	}
	// Read back as lines of Nix's (above): the state file may have been
	// edited by hand or written by another version, and this line stays
	// one line with nothing a terminal acts on.
	if len(warned) > 0 {
		// The first, and how many more: the log (and apply) has them all.
		fmt.Fprintf(&b, " · Nix warned: %s", termtext.Line(warned[0]))
		if n := len(warned) - 1 + warnedMore; n > 0 {
			fmt.Fprintf(&b, " (and %d more)", n)
		}
	}
	if p.Error != "" {
		lines := strings.Split(strings.TrimSpace(p.Error), "\n")
		if len(lines) > 14 {
			lines = append(lines[:14], "…")
		}
		b.WriteString("\n  " + strings.Join(lines, "\n  "))
	}
	return b.String() + stateDirLines(rep)
}

// cutShortWords says what an activation cut short did and did not do,
// and what happens next: "the switch to generation 44 was cut short 2
// min ago, before it finished: its system runs, but its boot entry may
// not be written; if activating it again fails, generation 43 is put
// back".
func cutShortWords(rep *StatusReport, now time.Time) string {
	a, c := rep.Activating, rep.cut
	if c == nil {
		c = &cutShort{}
	}
	system, req := "a new system", ""
	switch {
	case c.generation != 0:
		system = fmt.Sprintf("generation %d", c.generation)
	case a.Trigger == TriggerRollback && c.older != 0:
		system = fmt.Sprintf("generation %d", c.older)
	}
	if a.Trigger == TriggerRollback {
		req = " on request"
	}
	var did []string
	if c.pid != 0 {
		did = append(did, fmt.Sprintf("its switch-to-configuration still runs (pid %d; the next activation waits for it)", c.pid))
	}
	live := a.Action == "switch" || a.Action == "test"
	switch {
	case live && c.runs:
		did = append(did, "its system runs")
	case live:
		did = append(did, "its system does not run")
	}
	if a.Action == "switch" || a.Action == "boot" {
		if c.generation != 0 {
			did = append(did, "the profile names it, but its boot entry may be missing")
		} else if a.FromGeneration != 0 {
			did = append(did, fmt.Sprintf("the profile still names generation %d", a.FromGeneration))
		}
	}
	finished := "before it finished"
	if rep.Interrupted == state.PhaseHealth && c.pid == 0 {
		// switch-to-configuration had ended (its boot entry written):
		// what was not done is the health checks.
		finished = "during its health checks, after the activation itself ended"
		did = nil
		if live && c.runs {
			did = append(did, "its system runs")
		}
		if (a.Action == "switch" || a.Action == "boot") && c.generation != 0 {
			did = append(did, "the profile names it")
		}
		did = append(did, "but it was not checked")
	}
	back := "what ran before it is put back"
	if a.FromGeneration != 0 {
		back = fmt.Sprintf("generation %d, which ran before it, is put back", a.FromGeneration)
	}
	who := "ask-nix apply"
	if rep.DaemonRunning {
		who = "nix-humanityd's next pass"
	}
	var next string
	switch {
	case a.Trigger == TriggerRollback:
		// Not finished later behind the person's back: a pass puts the
		// inputs' system in place.
		next = fmt.Sprintf("%s puts what the inputs build in place instead (ask-nix rollback asks for the switch again); if that fails, %s", who, back)
	case c.queued:
		next = "if activating it again fails, " + back
	default:
		// The inputs changed since (or failed since): the next pass
		// builds them, and what it falls back to is the same.
		next = fmt.Sprintf("%s activates what the inputs build now instead; if that fails, %s", who, back)
	}
	ago := agoWords(now.Sub(a.Since))
	var words string
	switch a.Action {
	case "boot":
		words = fmt.Sprintf("making %s the boot default%s was cut short %s, %s", system, req, ago, finished)
	case "test", "":
		words = fmt.Sprintf("the %sactivation of %s%s was cut short %s, %s", strings.TrimPrefix(a.Action+" ", " "), system, req, ago, finished)
	default:
		words = fmt.Sprintf("the %s to %s%s was cut short %s, %s", a.Action, system, req, ago, finished)
	}
	if len(did) > 0 {
		words += ": " + strings.Join(did, ", ")
	}
	return words + "; " + next
}

// stateDirLines is the state directory's problem under the status line.
func stateDirLines(rep *StatusReport) string {
	if rep.StateDirError == "" {
		return ""
	}
	return "\n  " + rep.StateDirError
}

// reasonSaysAction reports whether p's reason already says what its
// action did: a switch on request says "until the next boot" or "the
// boot default" in its own words (switchReason), and "action test"
// after them would say it twice.
func reasonSaysAction(p *state.Pass) bool {
	return (p.Trigger == TriggerRollback && p.Result == state.ResultSuccess) || strings.Contains(p.Reason, "action "+p.Action)
}

// packageWords says the first n package changes: "+cowsay 3.8.3, ~firefox
// 133.0 → 134.0, -htop 3.3.0 and 4 more".
func packageWords(pc *state.PackageChanges, n int) string {
	var all []string
	for _, w := range pc.Added {
		all = append(all, "+"+w)
	}
	for _, w := range pc.Upgraded {
		all = append(all, "~"+w)
	}
	for _, w := range pc.Removed {
		all = append(all, "-"+w)
	}
	if len(all) <= n {
		return strings.Join(all, ", ")
	}
	return strings.Join(all[:n], ", ") + fmt.Sprintf(" and %d more", len(all)-n)
}

func seconds(s float64) string {
	if s < 10 {
		return fmt.Sprintf("%.1f s", s)
	}
	return fmt.Sprintf("%.0f s", s)
}

// agoWords is "12.4 s ago"; a time more than a few seconds ahead (the
// clock was set back since it was recorded) says so, rather than "0 s
// ago", which would pass for just now.
func agoWords(d time.Duration) string {
	if d < -2*time.Second {
		return Ago(-d) + " from now by this machine's clock, which was set back since"
	}
	return Ago(d) + " ago"
}

// Ago says a duration the way people say ages: "12.4 s", "3 min", "5 h",
// "12 days". ask-nix says every age with it.
func Ago(d time.Duration) string {
	switch {
	case d < 0:
		return "0 s"
	case d < time.Minute:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Hours()))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

// AfterFailureWords says that a pass put edits in place that an
// earlier pass had marked failed (state.Pass.AppliedAfterFailure):
// "edit 7 in place after an earlier failure", "edits 6 and 7 ...".
func AfterFailureWords(edits []int) string {
	switch len(edits) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf("edit %d in place %s", edits[0], afterFailure)
	}
	return fmt.Sprintf("edits %s in place %s", NumberList(edits), afterFailure)
}

// NumberList says numbers as a list: "7", "6 and 7", "5, 6 and 7".
func NumberList(ns []int) string {
	words := make([]string, len(ns))
	for i, n := range ns {
		words[i] = strconv.Itoa(n)
	}
	return plan.AndList(words)
}
