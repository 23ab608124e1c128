// Package reconciler keeps the system in the state the fragment asks
// for. A pass hashes the watched inputs and stops without Nix when they
// have not changed; otherwise it evaluates the system, stops when the
// toplevel is already in place, builds it, checks it, activates it (a new
// profile generation), runs the health checks and rolls back to what ran
// before when activation or a check fails. Each pass is recorded in the
// state file. Loop runs passes when inputs change (nix-humanityd);
// `ask-nix apply` runs one pass in the foreground. A lock in the state
// directory keeps passes, rollbacks and updates one at a time.
package reconciler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/internal/groupshare"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/internal/shellword"
	"github.com/nix-humanity/nix-humanity/internal/writefail"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/build"
	"github.com/nix-humanity/nix-humanity/reconciler/inputs"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// Reconciler runs passes for one machine's settings.
type Reconciler struct {
	Settings *settings.Settings
	Runner   nixrun.Runner
	// Observer hears phases, finished passes and watch events; nil is
	// none.
	Observer Observer
	// Log gets one line per phase and build progress; nil discards.
	Log *slog.Logger
	// Hostname picks nixosConfigurations.<host>; "" asks the OS.
	Hostname string
	// Daemon marks passes run by nix-humanityd: they wait for the lock
	// and name the daemon's pid in the state file.
	Daemon bool
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// ActionOverride, when set, is the activation for this Reconciler's
	// passes instead of the setting: a one-off `ask-nix apply --action
	// test`, as nixos-rebuild test is. It is part of the inputs hash, so a
	// later pass with the configured action is no no-op.
	ActionOverride string
	// Service is the systemd unit the daemon runs as and how systemd
	// restarts it, for the state file's record of the daemon (zero: not
	// under systemd, or not known).
	Service state.Service
	// AsDaemon has this Reconciler's passes and switches (ask-nix
	// apply's, update's, rollback's) hash the inputs as the
	// nix-humanityd that runs on this fragment does, when
	// one does and builds what this Reconciler builds (DaemonHashing):
	// its fragment, watch paths and hash settings, with this
	// Reconciler's action. So what apply counts as applied is what the
	// daemon counts, as ask-nix status and apply --dry-run reckon it,
	// and neither takes the other's pass for a change still to build.
	AsDaemon bool

	emitter emitter
	// saveState writes the state file; nil is (*state.State).Save. Tests
	// replace it to see a state directory stop taking writes.
	saveState func(st *state.State, dir string) error
	// digests are the watched files' digests by their stat, loaded from
	// the state directory at the first hash (see inputDigests).
	digests atomic.Pointer[inputs.Digests]
	// lockInputs is the inputs' hash a running pass took again after its
	// evaluation wrote flake.lock (lockWrittenByEval): the daemon's loop
	// does not stop the pass for that write.
	lockInputs atomic.Pointer[string]
	// marksSettled: ask-nix's history was checked for the mark of the
	// newest recorded pass (see settleEditMark).
	marksSettled atomic.Bool
	// lastID is the highest pass id this Reconciler gave a pass: one it
	// could not record is in no state file, and its id is not given
	// again.
	lastID atomic.Int64
	// unsaved counts the passes this Reconciler ran that no state file
	// counts yet, because the state directory took no write when they
	// ended: added to the next state it saves. The counters (and so the
	// metrics, which export the state file's) count only what is saved:
	// a count that was never written would be gone after a restart, and
	// the counter would go down.
	unsavedMu sync.Mutex
	unsaved   state.Counters
	// noops is the no-op count this Reconciler last wrote (see
	// countQuiet): the count goes on from there should the file go.
	noops atomic.Int64
	// kept is the daemon's copy of the state file (see keptState).
	kept keptState
	// hashAs is the daemon record whose hashing the running pass takes
	// (AsDaemon), set by each pass under the pass lock; nil: this
	// Reconciler's own settings. Atomic: the daemon's loop hashes the
	// inputs while its pass runs.
	hashAs atomic.Pointer[state.Watching]
	// phaseNow is the phase of the pass this Reconciler runs (a
	// state.Phase; idle or unset between passes), for the daemon to say
	// what a stop waits for.
	phaseNow atomic.Value
}

// Phase is the phase of the pass this Reconciler runs now, idle when it
// runs none.
func (r *Reconciler) Phase() state.Phase {
	if ph, ok := r.phaseNow.Load().(state.Phase); ok {
		return ph
	}
	return state.PhaseIdle
}

// Triggers name what started a pass.
const (
	TriggerStart      = "start"
	TriggerWatch      = "watch"
	TriggerResync     = "resync"
	TriggerApply      = "apply"
	TriggerUpdate     = "update"
	TriggerRollback   = "rollback"
	TriggerPlayground = "playground"
)

// PassOptions steer one pass.
type PassOptions struct {
	Trigger string
	// Force evaluates even when the inputs have not changed (after
	// `update`, whose new channels or flake inputs no hash sees).
	Force bool
	// Wait waits for the pass lock instead of failing when another
	// process holds it.
	Wait bool
	// OnProgress follows the build.
	OnProgress func(nixrun.Progress)
	// OnLogLine receives the build's log lines.
	OnLogLine func(name, line string)
	// Inputs for Update: update only these flake inputs (their names,
	// flakeinput.Valid, each in the flake's lock: checked before anything
	// runs), the others left as they are; none updates them all.
	Inputs []string
	// OnWarning hears each warning Nix printed during the pass ("Git
	// tree '/etc/nixos' is dirty", without "warning: "), once, as it
	// comes; at most nixrun.MaxWarnings of them (the pass counts the
	// rest, state.Pass.WarningsMore). The daemon logs them at warn
	// level.
	OnWarning func(string)
	// update is what Update fetched, for the pass's record.
	update *state.Update
}

// ErrNewerInputs is why the daemon stops a pass during evaluation or
// build: the inputs changed since it began.
var ErrNewerInputs = errors.New("newer inputs arrived; the next pass builds them")

// ErrSuperseded is a pass stopped during evaluation or build because its
// context ended (a newer change arrived or the daemon is stopping). It is
// not recorded: nothing was changed.
var ErrSuperseded = errors.New("pass stopped before anything was activated")

// PassError is a pass that ran and failed (or rolled back); Pass is the
// record kept in the state file.
type PassError struct {
	Pass state.Pass
}

func (e *PassError) Error() string { return e.Pass.Error }

// LockFile is the pass lock inside the state directory.
const LockFile = "pass.lock"

// LockPath returns the pass lock's path.
func LockPath(stateDir string) string { return filepath.Join(stateDir, LockFile) }

// save writes the state file, with the passes it could not count
// before (see unsaved) added to its counters once it is written.
func (r *Reconciler) save(st *state.State) error {
	r.unsavedMu.Lock()
	defer r.unsavedMu.Unlock()
	pending := r.unsaved
	st.Counters.Add(pending, 1)
	var err error
	if r.saveState != nil {
		err = r.saveState(st, r.Settings.StateDir)
	} else {
		err = st.Save(r.Settings.StateDir)
	}
	if err != nil {
		st.Counters.Add(pending, -1)
		return err
	}
	r.unsaved = state.Counters{}
	return nil
}

// countLater keeps p's count for the next state saved (see unsaved).
func (r *Reconciler) countLater(p state.Pass) {
	r.unsavedMu.Lock()
	defer r.unsavedMu.Unlock()
	r.unsaved.Count(p, 1)
}

func (r *Reconciler) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Reconciler) log() *slog.Logger {
	if r.Log != nil {
		return r.Log
	}
	return slog.New(slog.DiscardHandler)
}

// lock takes the pass lock. A daemon waits; anyone else gets an error
// naming the holder.
func (r *Reconciler) lock(ctx context.Context, wait bool, purpose string) (*flock.Lock, error) {
	dir := r.Settings.StateDir
	if err := state.MakeDir(dir); err != nil {
		return nil, lockError(dir, err)
	}
	who := "ask-nix " + purpose
	if r.Daemon {
		who = "nix-humanityd " + purpose
	}
	path := LockPath(dir)
	if !wait {
		return tryLock(dir, who)
	}
	if l, err := flock.TryLock(path, who); err == nil {
		return l, nil
	}
	r.log().Info("waiting for the pass lock", "holder", flock.Holder(path))
	l, err := flock.Acquire(ctx, path, who)
	if err != nil && ctx.Err() == nil {
		return nil, lockError(dir, err)
	}
	return l, err
}

// TryLock takes the pass lock for work that must not run beside a pass
// (deleting generations: a pass may need the one it would roll back to),
// or says who holds it.
func TryLock(stateDir, who string) (*flock.Lock, error) {
	if err := state.MakeDir(stateDir); err != nil {
		return nil, lockError(stateDir, err)
	}
	return tryLock(stateDir, who)
}

// passHeldError is the pass lock held by another process: it says who
// and what to do, and unwraps to the lock's own error (which names the
// lock file and the holder again, so it is not repeated in the text).
type passHeldError struct {
	msg string
	err error
}

func (e *passHeldError) Error() string { return e.msg }
func (e *passHeldError) Unwrap() error { return e.err }

func tryLock(dir, who string) (*flock.Lock, error) {
	l, err := flock.TryLock(LockPath(dir), who)
	var held *flock.HeldError
	if errors.As(err, &held) {
		return nil, &passHeldError{msg: fmt.Sprintf("another pass is running (%s); nothing was changed. Wait for it (ask-nix status shows where it is) and try again", orUnknown(held.Holder)), err: err}
	}
	if err != nil {
		return nil, lockError(dir, err)
	}
	return l, nil
}

// lockError is a pass lock that could not be taken for a reason other
// than another holder: the state directory is missing, full, read-only.
func lockError(dir string, err error) error {
	return fmt.Errorf("cannot take the pass lock in the state directory %s: %w; nothing was changed. %s, then try again", dir, err, stateDirFix(dir, err))
}

func orUnknown(s string) string {
	if s == "" {
		return "holder unknown"
	}
	return s
}

// Action is the activation a pass does: the setting, except that the
// staging environment always activates with test (live now, gone at
// reboot, no boot entry).
func (r *Reconciler) Action() string {
	if r.ActionOverride != "" {
		return r.ActionOverride
	}
	return r.configuredAction()
}

// configuredAction is Action without a one-off override: what the
// daemon's passes do.
func (r *Reconciler) configuredAction() string {
	if r.Settings.Env == "staging" {
		return "test"
	}
	return r.Settings.Action
}

// Target resolves what to build.
func (r *Reconciler) Target() (build.Target, error) {
	host := r.Hostname
	if host == "" {
		h, err := os.Hostname()
		if err != nil {
			return build.Target{}, fmt.Errorf("reading the host name: %w", err)
		}
		host = h
	}
	s := r.Settings
	return build.Resolve(s.System, s.SystemAttr, s.SystemAttrSet, host, func(p string) bool {
		_, err := os.Stat(p)
		return err == nil
	})
}

// InputsHash hashes the fragment, the watch paths and the settings that
// change what a pass builds or does.
func (r *Reconciler) InputsHash() (string, error) {
	return r.inputsHash(r.Action())
}

// InputsHashAs is the hash of the inputs as the daemon whose record w is
// hashes them (its files and settings, which may not be this process's),
// for following its passes.
func (r *Reconciler) InputsHashAs(w *state.Watching) (string, error) {
	return r.hashOf(append([]string{w.Fragment}, w.WatchPaths...), w.Inputs)
}

func (r *Reconciler) inputsHash(action string) (string, error) {
	return r.hashOf(r.inputsArgs(action))
}

func (r *Reconciler) hashOf(paths, settings []string) (string, error) {
	d := r.inputDigests()
	h, err := inputs.HashSkipping(d, r.notInputs(), paths, settings...)
	if err == nil {
		// Not writable here (ask-nix status by a user, a full disk):
		// the next hash reads the files again, nothing else is lost.
		if err := d.Save(filepath.Join(r.Settings.StateDir, inputs.DigestsFileName)); err != nil {
			r.log().Debug("saving the input digests", "error", err)
		}
	}
	return h, err
}

// inputDigests are the digests of the watched files by their stat, read
// once per Reconciler from the state directory: ask-nix status and each
// no-op pass read only the files that changed since (inputs.Digests),
// not a whole /etc/nixos.
func (r *Reconciler) inputDigests() *inputs.Digests {
	if d := r.digests.Load(); d != nil {
		return d
	}
	r.digests.CompareAndSwap(nil, inputs.LoadDigests(filepath.Join(r.Settings.StateDir, inputs.DigestsFileName)))
	return r.digests.Load()
}

// notInputs are the folders a watched folder may hold that are not
// inputs: the state directory, which every pass (and every no-op) writes,
// so that a fragment kept beside it (a playground, watchPaths of the
// fragment's folder) does not make each pass start the next.
func (r *Reconciler) notInputs() []string { return []string{r.Settings.StateDir} }

// inputsArgs are the paths and settings the inputs hash covers: this
// Reconciler's own, or those of the daemon whose hashing its pass takes
// (AsDaemon).
func (r *Reconciler) inputsArgs(action string) (paths, settings []string) {
	if w := r.hashAs.Load(); w != nil {
		return append([]string{w.Fragment}, w.WatchPaths...), w.WithSetting("action", action).Inputs
	}
	return r.ownInputsArgs(action)
}

// ownInputsArgs are the paths and settings of this Reconciler's
// settings, whatever daemon its pass hashes as.
func (r *Reconciler) ownInputsArgs(action string) (paths, settings []string) {
	s := r.Settings
	return inputs.Paths(s.Fragment, s.WatchPaths), []string{
		"system=" + s.System, fmt.Sprintf("systemAttr=%s/%v", s.SystemAttr, s.SystemAttrSet),
		"action=" + action, "profile=" + s.Profile}
}

// DaemonHashing is the record of the nix-humanityd whose hashing this
// Reconciler's passes take with state st (AsDaemon): the daemon that
// runs on st's state directory now (RunningDaemon), when its fragment is
// this Reconciler's and its hash settings other than the action (what
// is built, the profile) are this Reconciler's, so that a pass built
// with these settings is what the daemon's would build. Its watch paths
// may differ: they decide what is compared, not what is built. The
// action is the pass's own either way, hashed as such. nil when
// AsDaemon is off or no such daemon runs: the pass hashes with this
// Reconciler's own settings.
func (r *Reconciler) DaemonHashing(st *state.State) *state.Watching {
	if !r.AsDaemon || st == nil {
		return nil
	}
	w := RunningDaemon(r.Settings.StateDir, st)
	if w == nil || !sameFile(w.Fragment, r.Settings.Fragment) {
		return nil
	}
	if _, own := r.ownInputsArgs(""); !slices.Equal(w.WithSetting("action", "").Inputs, own) {
		return nil
	}
	return w
}

// hashAsDaemon has the pass (or switch) that loaded st, under the pass
// lock, hash the inputs as DaemonHashing says: read under that lock, as
// a daemon that registers (or stops) meanwhile waits for it, or has
// already written its record. The function it returns puts this
// Reconciler's own hashing back, for the pass to defer.
func (r *Reconciler) hashAsDaemon(st *state.State) func() {
	if !r.AsDaemon {
		return func() {} // the daemon's own passes: nothing to set
	}
	r.hashAs.Store(r.DaemonHashing(st))
	return func() { r.hashAs.Store(nil) }
}

// PassHash is the inputs' hash a pass of this Reconciler would take
// with state st: as DaemonHashing's daemon hashes them, or with this
// Reconciler's own settings.
func (r *Reconciler) PassHash(st *state.State) (string, error) {
	if w := r.DaemonHashing(st); w != nil {
		return r.InputsHashAs(w.WithSetting("action", r.Action()))
	}
	return r.hashOf(r.ownInputsArgs(r.Action()))
}

// sameFile reports whether a and b name the same file: the same path
// once cleaned, or paths whose symlinks lead to one file.
func sameFile(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	x, errA := os.Stat(a)
	y, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(x, y)
}

func (r *Reconciler) activator() *activate.Activator {
	return &activate.Activator{
		Runner:            r.Runner,
		Profile:           r.Settings.Profile,
		CurrentSystem:     r.Settings.CurrentSystem(),
		SystemdRun:        activate.UseSystemdRun(r.Settings.SystemdRun),
		InstallBootloader: os.Getenv("NIXOS_INSTALL_BOOTLOADER") == "1",
		PidFile:           filepath.Join(r.Settings.StateDir, ActivationPidFile),
	}
}

// ActivationPidFile, in the state directory, names an activation running
// without systemd-run while it runs.
const ActivationPidFile = "activation.pid"

func (r *Reconciler) gcroot(name string) string {
	return filepath.Join(r.Settings.StateDir, "gcroots", name)
}

// inPlace reports whether toplevel is already what the action would put
// in place: for switch the profile's generation and the running system,
// for boot the profile, for test the running system, for build the last
// build result.
func (r *Reconciler) inPlace(toplevel string) bool {
	if toplevel == "" {
		return false
	}
	profileIs := func() bool {
		g, err := activate.Current(r.Settings.Profile)
		return err == nil && g.Path == toplevel
	}
	running := func() bool { return activate.Target(r.Settings.CurrentSystem()) == toplevel }
	switch r.Action() {
	case "switch":
		return profileIs() && running()
	case "boot":
		return profileIs()
	case "test":
		return running()
	case "build":
		// A one-off build is a preview against what runs: always made
		// (from the store when it is there), never "already current"
		// because an earlier pass built the same.
		return r.ActionOverride == "" && activate.Target(r.gcroot("system")) == toplevel
	}
	return false
}

// loadState reads the state under the pass lock; a corrupt state file is
// moved aside and said loudly, and passes go on from a fresh state (the
// first one evaluates, as after a first start). Temporary files a
// killed writer left are removed first (see removeStaleTemps).
func (r *Reconciler) loadState() (*state.State, error) {
	if gone := removeStaleTemps(r.Settings.StateDir, r.now()); len(gone) > 0 {
		r.log().Warn("removed what writes cut short by a crash left in the state directory (the files they were writing are whole)", "files", strings.Join(gone, ", "))
	}
	st, aside, err := state.LoadForPass(r.Settings.StateDir, r.now())
	if err == nil && r.Daemon {
		_, serr := os.Lstat(state.Path(r.Settings.StateDir))
		st = r.restoreKept(st, aside == "" && errors.Is(serr, fs.ErrNotExist))
	}
	if aside != "" {
		counters := "counters reset (none could be read)"
		if !st.Counters.Empty() {
			counters = "counters kept"
		}
		r.log().Error("the state file was not valid JSON; it was moved aside and the reconciler starts from a fresh state: pass ids go on after the highest one it names, "+counters+"; the pass history is in the old file", "moved_to", aside, "last_pass_id", st.LastPassID)
	}
	if err == nil {
		r.settleEditMark(st)
	}
	return st, err
}

// held is the generation a rollback on request (st.Held) made current,
// while the profile still points at it (0 otherwise): the daemon leaves it alone until the inputs
// change, even when it is only the boot default ("reboot into the
// previous generation") and something newer still runs.
func (r *Reconciler) held(st *state.State) int {
	if st.Held == "" {
		return 0
	}
	if g, err := activate.Current(r.Settings.Profile); err == nil && g.Path == st.Held {
		return g.Number
	}
	// A rollback with action test leaves the profile: what runs is held.
	if activate.Target(r.Settings.CurrentSystem()) == st.Held {
		n, _ := activate.Find(r.Settings.Profile, st.Held)
		return n
	}
	return 0
}

// Pass runs one reconcile pass under the pass lock. It returns the pass
// as recorded; the error is non-nil when the lock is held, the pass
// failed or rolled back (*PassError), or it was stopped before
// activation (ErrSuperseded).
func (r *Reconciler) Pass(ctx context.Context, opt PassOptions) (state.Pass, error) {
	if opt.Trigger == "" {
		opt.Trigger = TriggerApply
	}
	l, err := r.lock(ctx, opt.Wait, "pass ("+opt.Trigger+")")
	if err != nil {
		if cause := context.Cause(ctx); cause != nil && opt.Wait {
			// Stopped while it waited for the lock (a newer change, the
			// daemon stopping): nothing was begun, as for a pass stopped
			// during its build; not an error of the lock.
			return state.Pass{}, stoppedError{cause}
		}
		return state.Pass{}, err
	}
	defer l.Unlock()
	return r.pass(ctx, opt)
}

// run is one pass in progress.
type run struct {
	r     *Reconciler
	st    *state.State
	p     state.Pass
	phase time.Time
	// fragment is the fragment's content when the pass started, to find
	// the ask-nix edit it came from.
	fragment []byte
	// activated: this pass started an activation (see activating).
	activated bool
	// snap is the inputs with a digest per file, taken once the pass goes
	// on to Nix; appliedSnap the hash of the digests kept from the last
	// success; since what changed from those to these.
	snap        *inputs.Snapshot
	appliedSnap string
	since       sinceSuccess
	// offer is what ask-nix undo would do, read when advice needs it.
	offer *UndoOffer
	// fromEdit is the ask-nix edit fragment is from (see edit).
	fromEdit *foundEdit
	// preview: a one-off build, which leaves a hold alone.
	preview bool
	// resumed: the pass found an activation cut short (st.Activating).
	resumed bool
	// id is the pass's id, taken when it starts (see reserveID); set on
	// the pass once it is recorded. idBefore is the state's LastPassID
	// before that, for a no-op that saves the state yet takes no id.
	id, idBefore int64
	// nix runs the pass's Nix processes, reading their warnings into
	// warnings (see watchWarnings); nil: the Reconciler's Runner.
	nix      nixrun.Runner
	warnings *nixrun.Warnings
}

// watchWarnings has the pass's Nix processes run through x.nix, which
// reads the warnings they print: each new one is logged at warn level
// and told to on (ask-nix shows it), and finish records them.
func (x *run) watchWarnings(on func(string)) {
	r, trigger := x.r, x.p.Trigger // the process's stderr is read on another goroutine
	x.warnings = &nixrun.Warnings{On: func(text string) {
		r.log().Warn("Nix warned", "warning", text, "trigger", trigger)
		if on != nil {
			on(text)
		}
	}}
	x.nix = nixrun.WarningRunner{Runner: x.r.Runner, Warnings: x.warnings}
}

// runner is what runs the pass's Nix processes.
func (x *run) runner() nixrun.Runner {
	if x.nix == nil {
		return x.r.Runner
	}
	return x.nix
}

// reserveID takes the pass's id: one past every id the state file and
// this Reconciler gave out. It is kept in the state (LastPassID), and so
// reserved once the pass saves its first phase: a pass that cannot be
// recorded at its end does not leave its id to the next (whose log
// lines, metrics and history entry would then be taken for its own).
// A pass that ends without saving (a no-op that runs no Nix) reserves
// nothing.
func (x *run) reserveID() {
	x.idBefore = x.st.LastPassID
	x.id = max(nextID(x.st), x.r.lastID.Load()+1)
	x.st.LastPassID = max(x.st.LastPassID, x.id)
}

// pastHold ends a hold: whatever a rollback held in place, this pass
// puts in place what the inputs build (or finds it there). What was
// applied is the held system, not what the inputs' hash says: the hash
// is forgotten, so inputs put back later are built. Not for a preview.
func (x *run) pastHold() {
	if x.preview || x.st.Held == "" {
		return
	}
	x.st.Held, x.st.HeldFrom, x.st.HeldFragment = "", "", ""
	x.st.AppliedHash = ""
}

// edit is the ask-nix edit the fragment the pass read is from (read
// once per pass: finding it reads the history's copies, and the advice
// after a failure asks several times). Not before x.fragment is read.
func (x *run) edit() foundEdit {
	if x.fromEdit == nil {
		e := x.r.findEdit(x.fragment)
		x.fromEdit = &e
	}
	return *x.fromEdit
}

// building is what this pass builds, for status while it runs
// (state.Building): the ask-nix edit the fragment is from (none for a
// hand edit), the edits built together, and the other watched files
// that changed since the last success. Not before x.snapshot and
// x.fragment.
func (x *run) building() *state.Building {
	e := x.edit()
	return &state.Building{
		Pass:              x.id,
		Edit:              e.Edit,
		FirstEdit:         x.firstNewEdit(e.Edit),
		PutBackAfter:      e.PutBackAfter,
		FragmentUnchanged: x.since.known && !x.since.fragment,
		ChangedFiles:      x.p.ChangedFiles,
		ChangedFilesMore:  x.p.ChangedFilesMore,
	}
}

// markInPlace marks applied the edits marked failed that the fragment
// keeps (foundEdit.Failed), for ask-nix apply when the inputs are as a
// recorded pass applied them (hash is the applied hash, its system in
// place): that pass put them in place, whatever the marks say (its
// process stopped before it marked them, or a version of nix-humanity
// that did not mark them so wrote the history). No Nix runs for it.
func (x *run) markInPlace(hash string) {
	e := x.edit()
	if len(e.Failed) == 0 || x.p.Action == "build" {
		return
	}
	for i := len(x.st.History) - 1; i >= 0; i-- {
		p := x.st.History[i]
		if p.InputsHash != hash || p.Trigger == TriggerRollback || appliedWords(p) == "" {
			continue
		}
		words := fmt.Sprintf("in place since pass %d applied these inputs", p.ID)
		x.p.AppliedAfterFailure = editNumbers(e.Failed)
		for _, f := range e.Failed {
			x.r.setMark(editMarkFor{f.Edit, txn.StatusApplied, txn.MarkAppliedAfterFailure, appliedReason(words, f, e.Edit)})
		}
		return
	}
}

// editNumbers are the numbers of es.
func editNumbers(es []txn.Entry) []int {
	out := make([]int, len(es))
	for i, e := range es {
		out[i] = e.Edit
	}
	return out
}

// undoOffer is what ask-nix undo would do now (read once per pass).
func (x *run) undoOffer() UndoOffer {
	if x.offer == nil {
		u := UndoOfferFor(x.r.Settings)
		x.offer = &u
	}
	return *x.offer
}

func (r *Reconciler) pass(ctx context.Context, opt PassOptions) (state.Pass, error) {
	st, err := r.loadState()
	if err != nil {
		return state.Pass{}, err
	}
	defer r.hashAsDaemon(st)()
	x := &run{r: r, st: st, p: state.Pass{Trigger: opt.Trigger, Action: r.Action(), Started: r.now(), Durations: map[string]float64{}, Update: opt.update}}
	x.reserveID()
	x.watchWarnings(opt.OnWarning)
	hash, err := r.InputsHash()
	if err != nil {
		return x.fail(fmt.Errorf("reading the inputs failed: %w; nothing was changed", err))
	}
	x.p.InputsHash = hash
	// An activation its process did not live to finish: this pass builds
	// and activates whatever the inputs ask for, whether or not it looks
	// in place, and what ran before that activation is what a failure
	// goes back to.
	if st.Updating != nil && !opt.Force {
		r.log().Warn("an update fetched inputs (or was cut short fetching them) with no pass recorded since; evaluating the system whatever the inputs hash says", "since", *st.Updating)
		opt.Force = true
	}
	resume := st.Activating
	x.resumed = resume != nil
	if resume != nil {
		r.log().Warn("an activation was cut short; activating again", "toplevel", resume.Toplevel, "action", resume.Action, "since", resume.Since)
	}
	if !opt.Force {
		if resume == nil {
			if n := r.held(st); hash == st.AppliedHash && n > 0 {
				return x.quiet(fmt.Sprintf("generation %d was switched to on request, and the inputs are unchanged since (ask-nix apply --force builds them again)", n))
			}
			if hash == st.AppliedHash && r.inPlace(st.AppliedToplevel) {
				if last := st.LastPass; last != nil && last.InputsHash != hash &&
					(last.Result == state.ResultFailure || last.Result == state.ResultRolledBack) {
					// Back to what is applied after a failed change ("ask-nix
					// undo"): recorded, so status no longer shows the failure
					// as the last word.
					st.DesiredHash = hash
					x.fragment, _ = txn.ReadFragment(r.Settings.Fragment)
					x.p.Generation = st.CurrentGeneration
					reason := reasonBack
					if w := asBuiltWords(x.edit(), lastAppliedEdit(st)); w != "" {
						reason = w + ": " + reason
					}
					return x.finish(state.ResultNoop, reason, nil)
				}
				if opt.Trigger == TriggerApply {
					// Asked for: say why, when edits came and went since
					// (one read of the history, never on a watch event).
					x.fragment, _ = txn.ReadFragment(r.Settings.Fragment)
					x.markInPlace(hash)
					if w := asBuiltWords(x.edit(), lastAppliedEdit(st)); w != "" {
						return x.quiet(w)
					}
				}
				return x.quiet("inputs unchanged")
			}
		}
		// Inputs that failed fail again, resumed or not: retried with
		// backoff, or at once by apply.
		if why, skip := r.skipFailed(st, hash, opt.Trigger); skip {
			if failed := failedWith(st, hash, resume); failed != nil {
				return x.putBackCutShort(ctx, resume, failed)
			}
			return x.quiet(why)
		}
	}
	// A one-off build is a preview beside what the daemon keeps: it
	// changes nothing the state says about the machine (desired and
	// applied inputs, a held rollback).
	preview := r.ActionOverride == "build"
	x.preview = preview
	// Read again with a digest per file, to say what changed since the
	// last success; a change in between is what this pass builds.
	hash = x.snapshot(hash)
	x.p.InputsHash = hash
	if !preview {
		st.DesiredHash = hash
	}
	frag, ferr := txn.ReadFragment(r.Settings.Fragment)
	x.fragment = frag
	if errors.Is(ferr, txn.ErrNotAFile) {
		// Nix would wait on a named pipe as long as we would.
		x.p.NotFromEdit = true
		return x.fail(fmt.Errorf("the fragment %v, so Nix cannot read it; nothing was evaluated, built or activated. Move it away and put the fragment file back (ask-nix history names the last edit; its copy is in %s), then run ask-nix apply", ferr, txn.HistoryIn(r.Settings.StateDir).Dir))
	}
	if ferr != nil && isDir(r.Settings.Fragment) {
		// Nix would look for a default.nix inside and say only that it
		// is missing: a fault of the file, not the configuration's.
		x.p.NotFromEdit = true
		return x.fail(fmt.Errorf("the fragment %s is a folder, not a file, so the configuration cannot import it; nothing was evaluated, built or activated. Move the folder away and put the fragment file back (%s); %s", r.Settings.Fragment, fragmentPutBack(r.Settings.StateDir, r.Settings.Fragment), r.triesAgain()))
	}
	if !preview && st.Held != "" && (st.HeldFragment == "" || st.HeldFragment != contentHash(x.fragment)) {
		// The fragment changed since the switch on request: the hold is
		// over ("until the fragment changes", as status says), whatever
		// this pass comes to; a failure does not bring it back, and the
		// fragment put back later is built.
		x.pastHold()
	}

	if err := r.profileFolder(resume); err != nil {
		x.p.NotFromEdit = true
		return x.fail(err)
	}
	act := r.activator()
	act.Runner = x.runner()
	now, err := act.Snapshot()
	if err != nil {
		return x.fail(fmt.Errorf("%w; nothing was changed", err))
	}
	// What a failure goes back to: what ran before an activation that was
	// cut short, else what is in place now. Messages about what stays say
	// what is in place now.
	before := now
	if resume != nil {
		before = beforeOf(resume)
	}
	x.p.FromGeneration, x.p.FromToplevel = before.Generation.Number, before.Generation.Path
	r.noteRunning(&x.p, before.Running, before.Generation)
	target, err := r.Target()
	if err != nil {
		// A setting names no system to build: no edit's doing.
		x.p.NotFromEdit = true
		return x.fail(fmt.Errorf("%w; nothing was changed", err))
	}

	// What this pass builds, saved with its first phase for ask-nix
	// status (the history is read once for it: the pass's end reuses it).
	st.Building = x.building()
	// Evaluate.
	if err := x.enterOrStop(state.PhaseEval); err != nil {
		return x.unrecorded(err, "nothing was evaluated, built or activated"+keeps(now))
	}
	if dir := filepath.Dir(r.gcroot("system")); !isDir(dir) {
		// Nix's own words ("is not a directory") would read as a fault
		// of the configuration, and blame the edit. Synced into the
		// state directory (as the history's folder is): roots made in a
		// folder whose entry a crash of the machine loses are lost with
		// it, and with them what keeps the build from the collector.
		if err := groupshare.MkdirAllSynced(dir, 0o755); err != nil {
			x.p.NotFromEdit = true
			return x.fail(fmt.Errorf("cannot keep the build's garbage-collector roots in %s: %w; nothing was evaluated, built or activated%s. %s, then run ask-nix apply again", dir, err, keeps(now), stateDirFix(r.Settings.StateDir, err)))
		}
	}
	r.log().Info("evaluating", "system", target.String(), "trigger", opt.Trigger)
	drv, err := build.Evaluate(ctx, x.runner(), target, r.gcroot("system.drv"))
	x.doneOrStopped(ctx, "eval")
	if err != nil {
		if ctx.Err() != nil {
			return x.superseded(ctx)
		}
		if missing := nixMissing(err); missing != "" {
			return x.fail(fmt.Errorf("%s is not on PATH (%s): evaluating and building the system needs Nix; nothing was built or activated%s. Run where Nix is installed (NixOS has it; elsewhere install Nix, e.g. Debian's nix-bin)", missing, os.Getenv("PATH"), keeps(now)))
		}
		if words := killed(err); words != "" {
			x.p.NotFromEdit = true
			return x.fail(fmt.Errorf("evaluating %s was stopped: %s; nothing was built or activated%s. %s", target, words, keeps(now), killedAdvice))
		}
		text := nixText(err)
		if host, ok := missingHost(target, text); ok {
			// The system setting names an output the flake does not
			// have (a host name not in nixosConfigurations): no edit's
			// doing, and "fix the configuration" would send the admin
			// to the wrong place.
			x.p.NotFromEdit = true
			return x.fail(fmt.Errorf("evaluating %s failed: the flake %s has no such output, so nothing was built or activated%s. Nix said:\n%s\nIs %s one of the flake's nixosConfigurations (nix flake show %s lists them)? Set the system setting to %s#<host> (NIX_HUMANITY_SYSTEM, --system or the module's system option); %s", target, target.Flake, keeps(now), text, host, target.Flake, target.Flake, r.triesAgain()))
		}
		advice, undo := x.undoAdvice(hash, text)
		// The first sentence offers undo only where the advice at the
		// end does: not after a hand edit, nor when the edit is not the
		// cause, nor when undo has nothing it could take back.
		takeBack := ""
		if undo {
			takeBack = x.undoOffer().TakeBack()
		}
		return x.fail(fmt.Errorf("%s%sevaluating %s failed; nothing was built or activated%s. Nix said:\n%s\nFix the configuration%s; %s", r.unfreeSentence(err, undo)+r.conflictSentence(err, takeBack)+untrackedSentence(target, err), r.unknownPackageSentence(err, takeBack), target, keeps(now), text, advice, r.triesAgain()))
	}
	x.p.Toplevel = drv.OutPath
	if h, ok := x.lockWrittenByEval(target, drv.WroteLock); ok {
		// Nix locked the flake as it evaluated it: what was evaluated
		// is the lock as it is now, not a change still to build (the
		// daemon's watcher sees the write too, and finds it is this
		// pass's).
		r.log().Info("the evaluation wrote flake.lock; it is part of this pass's inputs", "lock", target.LockFile())
		hash = h
		x.p.InputsHash = h
		if !preview {
			st.DesiredHash = h
		}
		r.lockInputs.Store(&h)
	}
	if heldGen := r.held(st); resume == nil && !preview && !opt.Force && heldGen != 0 && st.HeldFrom == drv.OutPath && st.HeldFragment == contentHash(x.fragment) {
		// Other watched files changed, but not the fragment, nor the
		// system they build: the one in place before the switch to
		// heldGen on request. The rollback stays.
		st.AppliedHash = hash
		x.p.Generation = heldGen
		return x.finish(state.ResultNoop, fmt.Sprintf("the fragment is as it was at the switch to generation %d on request, and the inputs still build the system in place before it, so generation %d stays (ask-nix apply --force builds them)", heldGen, heldGen), nil)
	}
	if resume == nil && r.inPlace(drv.OutPath) {
		x.pastHold()
		st.AppliedHash, st.AppliedToplevel = hash, drv.OutPath
		x.p.Generation = before.Generation.Number
		return x.finish(state.ResultNoop, reasonCurrent, nil)
	}

	// Build.
	x.enter(state.PhaseBuild)
	out, err := build.Realise(ctx, x.runner(), drv, r.gcroot("system"), r.progress(opt.OnProgress), r.buildLog(opt.OnLogLine))
	x.doneOrStopped(ctx, "build")
	if err != nil {
		if ctx.Err() != nil {
			return x.superseded(ctx)
		}
		if words := killed(err); words != "" {
			x.p.NotFromEdit = true
			return x.fail(fmt.Errorf("building %s was stopped: %s; nothing was activated%s. %s", target, words, keeps(now), killedAdvice))
		}
		text := nixText(err)
		advice, undo := x.undoAdvice(hash, text)
		return x.fail(fmt.Errorf("%sbuilding %s failed; nothing was activated%s. Nix said:\n%s\nFix the cause%s; %s", r.unfreeSentence(err, undo), target, keeps(now), text, advice, r.buildTriesAgain()))
	}
	// Only another watched file changed (or --force), and what it builds
	// is built: this pass puts it in place. A pass that failed before
	// here did not get past the hold, at evaluation or at the build
	// alike: the chosen generation stays held, and status says so.
	x.pastHold()
	x.p.Toplevel = out
	action := r.Action()
	if action == "build" {
		if !preview {
			// The configured action is build: nothing is activated any
			// more, so an activation cut short before is abandoned. A
			// one-off build leaves it for the next pass that activates.
			x.activated = true
			st.AppliedHash, st.AppliedToplevel = hash, out
		}
		return x.finish(state.ResultSuccess, "built, not activated (action build)", nil)
	}
	if resume != nil && widest(action, resume.Action) != action {
		// An activation cut short did more than this pass's action would
		// (a switch had moved the profile, and its boot entry may be
		// missing): finished as that, so profile, boot default and the
		// running system agree again.
		r.log().Warn("finishing the activation cut short with its own action", "action", resume.Action, "instead_of", action)
		action = widest(action, resume.Action)
		x.p.Action = action
	}
	if err := activate.Check(out); err != nil {
		// Built from a system setting that names no system, or an edit
		// that turned the switch script off: said as for a failed build.
		advice, _ := x.undoAdvice(hash, err.Error())
		return x.fail(fmt.Errorf("%w%s. Fix the cause%s; %s", err, keeps(now), advice, r.triesAgain()))
	}

	// From here on nothing is interrupted: a half-done activation is
	// worse than a late one.
	actx := context.WithoutCancel(ctx)
	prior := st.Activating
	x.activating(out, action, before)
	if err := x.enterOrStop(state.PhaseActivate); err != nil {
		// Activating without the record would leave a daemon that dies
		// half-way nothing to finish or roll back from.
		st.Activating, x.activated = prior, false
		return x.unrecorded(err, fmt.Sprintf("%s was built but not activated%s", out, keeps(now)))
	}
	r.log().Info("activating", "toplevel", out, "action", action)
	r.noteEarlierActivation(act)
	gen, err := act.Apply(actx, action, out)
	x.done("activate")
	if err != nil {
		return x.rollback(actx, act, action, before, reasonActivationFailed, err)
	}
	if liveAction(action) && len(r.Settings.HealthChecks) > 0 {
		x.enter(state.PhaseHealth)
		err := activate.HealthCheck(actx, r.Runner, r.Settings.HealthChecks)
		x.done("health")
		if err != nil {
			return x.rollback(actx, act, action, before, reasonHealthCheckFailed, err)
		}
	}
	st.AppliedHash, st.AppliedToplevel = hash, out
	x.p.Generation = gen
	return x.finish(state.ResultSuccess, abandonedSwitch(resume, out), nil)
}

// fragmentPutBack says how to put the fragment back as the newest edit that
// wrote it left it.
func fragmentPutBack(stateDir, fragment string) string {
	if n, path := txn.LastCopy(stateDir, fragment); n != 0 {
		return fmt.Sprintf("as edit %d left it: `cp %s %s`", n, shellword.Quote(path), shellword.Quote(fragment))
	}
	return "ask-nix history has no saved copy of it: any ask-nix edit writes a new one"
}

// profileFolder checks, for a pass that will make a generation (action
// switch or boot, or finishing such an activation cut short), that the
// system profile's folder is there: nix-env makes the profile's link but
// not its folder, and fails only after a switch has already activated
// the new system live (it is then rolled back, and the edit blamed). A
// missing folder is a setting's fault, or the machine's: nothing is
// made there in its place.
func (r *Reconciler) profileFolder(resume *state.Activation) error {
	action := r.Action()
	if resume != nil {
		action = widest(action, resume.Action)
	}
	if action != "switch" && action != "boot" {
		return nil
	}
	fix := fmt.Sprintf("Check the profile setting (NIX_HUMANITY_PROFILE or --profile, set by %s; NixOS's is /nix/var/nix/profiles/system)", r.Settings.Source("profile"))
	if fi, err := os.Lstat(r.Settings.Profile); err == nil && fi.IsDir() {
		return fmt.Errorf("the system profile %s is a folder, not a profile's link; nothing was evaluated, built or activated. %s: it must name the link inside the folder, such as %s; %s",
			r.Settings.Profile, fix, filepath.Join(r.Settings.Profile, "system"), r.triesAgain())
	}
	dir := filepath.Dir(r.Settings.Profile)
	fi, err := os.Stat(dir)
	if err == nil && fi.IsDir() {
		return nil
	}
	what := "does not exist"
	switch {
	case err == nil:
		what = "is not a folder"
	case !errors.Is(err, fs.ErrNotExist):
		what = "cannot be read: " + err.Error()
	}
	return fmt.Errorf("the system profile %s cannot get a new generation: its folder %s %s; nothing was evaluated, built or activated. %s, or create the folder if that is the right place; %s",
		r.Settings.Profile, dir, what, fix, r.triesAgain())
}

// abandonedSwitch says, for a pass that found a switch to a generation
// on request cut short, that it put the inputs' system in place instead
// (the request is not finished behind the person's back, minutes later);
// "" for anything else.
func abandonedSwitch(resume *state.Activation, out string) string {
	if resume == nil || resume.Trigger != TriggerRollback || resume.Toplevel == out {
		return ""
	}
	return "a switch to an older generation on request was cut short before it finished; the inputs' system is in place instead (ask-nix rollback asks again)"
}

// skipFailed stops a pass for inputs that already failed: a watch event
// or a restart with the same inputs would only fail again. A resync
// retries them with backoff (1 min, doubling, at most 1 h); apply and
// update always try.
func (r *Reconciler) skipFailed(st *state.State, hash, trigger string) (string, bool) {
	if trigger == TriggerApply || trigger == TriggerUpdate {
		return "", false
	}
	var last *state.Pass
	failures := 0
	for i := len(st.History) - 1; i >= 0; i-- {
		p := &st.History[i]
		if p.Result == state.ResultNoop {
			continue
		}
		if p.InputsHash != hash || (p.Result != state.ResultFailure && p.Result != state.ResultRolledBack) {
			break
		}
		if last == nil {
			last = p
		}
		failures++
	}
	if last == nil {
		return "", false
	}
	if trigger == TriggerResync {
		wait := time.Minute << min(failures-1, 6)
		if wait > time.Hour {
			wait = time.Hour
		}
		// A failure "in the future" was recorded while the clock ran
		// ahead: how long ago it was is unknown, so try again rather
		// than wait until the clock catches up (a year, for a machine
		// that booted with a bad clock).
		if since := r.now().Sub(last.Finished); since >= wait || since < 0 {
			return "", false
		}
	}
	return fmt.Sprintf("inputs unchanged since pass %d failed (run ask-nix apply to try again)", last.ID), true
}

// enter starts a phase and saves it in the state file. Once the system
// was touched a pass goes on whatever the save says (a rollback must not
// stop for a full disk); it is logged.
func (x *run) enter(ph state.Phase) {
	if err := x.save(ph); err != nil {
		x.r.log().Warn("saving state", "error", err)
	}
	x.r.emitter.emit(x.r.Observer, event{phase: ph})
}

// enterOrStop starts a phase where a pass can still stop without harm
// (before Nix runs, before activating): when the state file cannot say
// so, the phase is not begun and the save's error returned.
func (x *run) enterOrStop(ph state.Phase) error {
	if err := x.save(ph); err != nil {
		x.r.log().Warn("saving state", "error", err)
		return err
	}
	x.r.emitter.emit(x.r.Observer, event{phase: ph})
	return nil
}

func (x *run) save(ph state.Phase) error {
	x.r.phaseNow.Store(ph)
	x.phase = x.r.now()
	x.st.Phase, x.st.PhaseSince = ph, x.phase
	if x.r.Daemon {
		x.st.Daemon = os.Getpid()
	}
	return x.r.save(x.st)
}

// unrecorded fails a pass stopped because the state file could not be
// written: the disk's doing, not the edit's, which history keeps as
// written.
func (x *run) unrecorded(err error, what string) (state.Pass, error) {
	x.p.NotFromEdit = true
	return x.fail(x.r.unrecordedError(err, what))
}

// unrecordedError is the error of a pass stopped because the state file
// could not be written: what happened, what stays, what to do.
func (r *Reconciler) unrecordedError(err error, what string) error {
	return fmt.Errorf("cannot record the pass in the state directory %s: %w; %s. %s. %s", r.Settings.StateDir, err, what, stateDirFix(r.Settings.StateDir, err), r.triesAgainLater())
}

// stateDirFix says how to make the state directory take writes again.
func stateDirFix(dir string, err error) string {
	switch writefail.Of(err) {
	case writefail.NoSpace:
		return fmt.Sprintf("The state directory's file system is full: free space there (df -h %s)", shellword.Quote(dir))
	case writefail.OverQuota:
		return "The state directory's owner is over the disk quota: free space or raise the quota"
	case writefail.ReadOnly:
		return "The state directory's file system is read-only: remount it read-write"
	case writefail.Permission:
		return fmt.Sprintf("The state directory is not writable: check the permissions and attributes of %s (ls -ld, lsattr -d)", dir)
	}
	return fmt.Sprintf("Check that %s is a writable directory", dir)
}

// triesAgainLater says who runs the pass again once the cause is gone.
func (r *Reconciler) triesAgainLater() string {
	if r.Daemon {
		return "The reconciler tries again at its next resync or change; ask-nix apply tries at once"
	}
	return "Then run ask-nix apply again"
}

func (x *run) done(phase string) {
	d := x.r.now().Sub(x.phase).Seconds()
	x.p.Durations[phase] += d
	x.r.log().Info("phase done", "phase", phase, "seconds", round(d))
}

// doneOrStopped is done for a phase its context can stop (evaluation,
// build): one stopped is logged as that, with why, not as done.
func (x *run) doneOrStopped(ctx context.Context, phase string) {
	if ctx.Err() == nil {
		x.done(phase)
		return
	}
	d := x.r.now().Sub(x.phase).Seconds()
	x.p.Durations[phase] += d
	x.r.log().Info("phase stopped", "phase", phase, "seconds", round(d), "why", stopWords(ctx))
}

// stopWords says why a pass's context ended.
func stopWords(ctx context.Context) string {
	if cause := context.Cause(ctx); cause != nil {
		return cause.Error()
	}
	return "stopped"
}

func round(s float64) float64 { return float64(int64(s*1000+0.5)) / 1000 }

// quiet ends a pass that ran no Nix at all: reported to the observer and
// counted (see countQuiet), but not written to the state file (it takes
// no id, and as the last pass it would hide what the last real one came
// to).
func (x *run) quiet(reason string) (state.Pass, error) {
	x.p.Finished = x.r.now()
	x.p.Result, x.p.Reason = state.ResultNoop, reason
	x.p.Durations["total"] = x.p.Finished.Sub(x.p.Started).Seconds()
	if x.p.Generation == 0 {
		x.p.Generation = x.st.CurrentGeneration
	}
	x.noteRunningAfter()
	x.r.log().Debug("no-op", "reason", reason, "trigger", x.p.Trigger)
	if x.st.Phase != state.PhaseIdle && x.st.Phase != "" && x.st.Activating == nil {
		// A pass whose process went away left its phase in the state
		// file ("a pass was interrupted during build" in status); this
		// one, under the same lock, found nothing left to do, so that
		// is over. Only the phase is saved: no pass, no id.
		x.st.Phase, x.st.PhaseSince = state.PhaseIdle, x.p.Finished
		x.st.LastPassID = x.idBefore
		if err := x.r.save(x.st); err != nil {
			x.r.log().Debug("clearing the phase an interrupted pass left", "error", err)
		}
	}
	x.countQuiet()
	x.r.emitter.emit(x.r.Observer, event{pass: &x.p, st: *x.st})
	return x.p, nil
}

// countQuiet counts a quiet no-op in the state directory's no-op count
// (state.NoopsFileName, a small write without fsync): counted only in
// memory, the no-ops of a daemon that restarts would be gone and the
// counter go down. When the state directory takes no write, the count
// waits for the next state saved.
func (x *run) countQuiet() {
	n, err := state.AddNoopsFrom(x.r.Settings.StateDir, 1, x.r.noops.Load())
	if err != nil {
		x.r.countLater(x.p)
		x.r.log().Debug("counting the no-op", "error", err)
		return
	}
	x.r.noops.Store(n)
}

// undoAdvice is the hint to take the last edit back, unless the edit is
// not the cause: the fragment built fine as it is now (the change is in
// another watched file), or the same Nix error (store paths aside)
// failed the pass before the inputs' last change. Then undoing would not
// help, and the pass is marked NotFromEdit rather than blamed on it.
// undo says whether the advice offers ask-nix undo as a way out, for the
// error's first sentence to agree with it.
func (x *run) undoAdvice(hash, nixText string) (advice string, undo bool) {
	if e := x.edit(); e.Edit != 0 {
		for i := len(x.st.History) - 1; i >= 0; i-- {
			if p := x.st.History[i]; p.Result == state.ResultSuccess && p.FragmentEdit == e.Edit {
				x.p.NotFromEdit = true
				return " (" + x.elsewhere(fmt.Sprintf("the fragment is as edit %d left it, which built before, so the cause is elsewhere and ask-nix undo would not help", e.Edit)) + ")", false
			}
		}
	}
	if first := firstNixError(nixText); first != "" {
		if p := beforeLastChange(x.st.History, hash); p != nil && p.Result == state.ResultFailure && firstNixError(p.Error) == first {
			x.p.NotFromEdit = true
			return " (" + x.elsewhere("it failed the same way before the last change, so ask-nix undo would not help") + ")", false
		}
	}
	if why := x.fragmentUnchanged(); why != "" {
		x.p.NotFromEdit = true
		return " (" + why + ")", false
	}
	if x.fragment == nil {
		if _, err := os.Stat(x.r.Settings.Fragment); errors.Is(err, fs.ErrNotExist) {
			h := txn.HistoryIn(x.r.Settings.StateDir)
			es, _ := h.Entries()
			for i := len(es) - 1; i >= 0; i-- {
				e := es[i]
				if (e.Fragment != "" && e.Fragment != x.r.Settings.Fragment) || !e.Wrote() {
					continue
				}
				return fmt.Sprintf(" (the fragment %s is missing, so undo has nothing to work on: put it back as edit %d left it with `cp %s %s`)", x.r.Settings.Fragment, e.Edit, shellword.Quote(h.AfterPath(e.Edit)), shellword.Quote(x.r.Settings.Fragment)), false
			}
			return fmt.Sprintf(" (the fragment %s is missing: any ask-nix edit creates it)", x.r.Settings.Fragment), false
		}
	}
	u := x.undoOffer()
	if len(x.fragment) > 0 {
		if t := x.together(x.edit().Edit, u); t != "" {
			return " (" + t + ")", u.OK()
		}
	}
	if x.handChanged() {
		return " (the fragment was changed by hand since ask-nix's last edit, so ask-nix undo cannot take that back: fix the file" + x.putBackHint() + ")", false
	}
	if e := x.edit(); u.OK() && u.Edit == e.Edit && x.handEditUnder(e) {
		// Undo would take the edit back and leave the hand change,
		// which may be the cause: both are said.
		edits := fmt.Sprintf("edit %d was", e.Edit)
		if e.RunFrom < e.Edit {
			edits = fmt.Sprintf("edits %d to %d were", e.RunFrom, e.Edit)
		}
		return fmt.Sprintf(" (%s made on a fragment changed by hand since the last success, and this pass built both, so either may be the cause: %s but not the hand change; ask-nix diff %d shows what edit %d changed)", edits, u.Takes(), e.Edit, e.Edit), true
	}
	if !u.OK() {
		// No edit undo could take back (a hand-written fragment with no
		// history, everything undone), or the last edit is an undo,
		// which undo does not reverse.
		var notes []string
		if why := u.Why(); why != "" {
			notes = append(notes, why)
		}
		if o := x.others(); o != "" {
			notes = append(notes, o+" changed since the last success too")
		}
		if len(notes) == 0 {
			return "", false
		}
		return " (" + strings.Join(notes, "; ") + ")", false
	}
	if e := x.edit(); e.Edit != 0 {
		if first := x.firstNewEdit(e.Edit); first != 0 {
			return fmt.Sprintf(" (this pass built edits %d to %d together, and any of them may be the cause: `ask-nix history` lists them, %s)", first, e.Edit, u.Takes()), true
		}
	}
	if o := x.others(); o != "" {
		// Other files changed, but what else did is not known to be the
		// fragment alone (the settings changed too): both are said.
		return " (or " + u.TakeBack() + "; " + o + " changed since the last success too)", true
	}
	return " (or " + u.TakeBack() + ")", true
}

// beforeLastChange is the newest recorded pass on inputs other than
// hash: what the pass before the inputs' last change came to, for a
// failure to be found the same as before it (and so not the change's
// doing). Switches on request are passed over: they evaluate nothing,
// so they say nothing of the inputs. nil when there is none, or when it
// is a recorded no-op: that found its inputs in place (back to what is
// applied, the toplevel already current), so a failure before it was
// over, and one now is new.
func beforeLastChange(history []state.Pass, hash string) *state.Pass {
	for i := len(history) - 1; i >= 0; i-- {
		p := &history[i]
		if p.Trigger == TriggerRollback || p.InputsHash == hash {
			continue
		}
		if p.Result == state.ResultNoop {
			return nil
		}
		return p
	}
	return nil
}

// putBackHint says, for a fragment changed by hand since ask-nix's last
// edit, how to see the hand change and how to put the fragment back as
// that edit left it: "; `diff -u A F` shows the hand change, and `cp A
// F` puts it back as edit 7 left it"; "" when no edit of this fragment
// has its content saved.
func (x *run) putBackHint() string {
	h := txn.HistoryIn(x.r.Settings.StateDir)
	es, err := h.Entries()
	if err != nil {
		return ""
	}
	frag := x.r.Settings.Fragment
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		if (e.Fragment != "" && e.Fragment != frag) || !e.Wrote() {
			continue
		}
		after := h.AfterPath(e.Edit)
		if _, err := os.Stat(after); err != nil {
			return "" // pruned, or deleted
		}
		return fmt.Sprintf("; `diff -u %s %s` shows the hand change, and `cp %s %s` puts it back as edit %d left it",
			shellword.Quote(after), shellword.Quote(frag), shellword.Quote(after), shellword.Quote(frag), e.Edit)
	}
	return ""
}

// handChanged reports whether the fragment the pass read is none that
// ask-nix wrote, though ask-nix has edited it: changed by hand since,
// which ask-nix undo cannot take back.
func (x *run) handChanged() bool {
	if len(x.fragment) == 0 || x.edit().Edit != 0 {
		return false
	}
	h, err := txn.HistoryIn(x.r.Settings.StateDir).Entries()
	return err == nil && len(h) > 0
}

// firstNewEdit is the oldest of the edits up to last that no pass
// built yet, when there are several (a burst of edits that one pass
// built together, or edits made while no daemon ran); 0 otherwise, and
// when no successful pass names an edit to count from.
func (x *run) firstNewEdit(last int) int {
	e := x.edit()
	if e.Edit != last || x.since.known && !x.since.fragment {
		// The fragment is as the last success built it: the edits since
		// left it so, and no run of them was built (asBuiltWords).
		return 0
	}
	return newEditsFrom(e, lastBuiltEdit(x.st))
}

// newEditsFrom is the first of the edits up to e that no pass built yet
// when several are (built is lastBuiltEdit), 0 otherwise: only edits
// written one on top of the other up to e (e.RunFrom) count, none when
// the fragment is e's content put back by hand (no run of edits was
// built together then, and newer ones were taken out).
func newEditsFrom(e foundEdit, built int) int {
	if e.Edit == 0 || e.PutBackAfter != 0 || built == 0 {
		return 0
	}
	first := max(built+1, e.RunFrom)
	if first >= e.Edit {
		return 0
	}
	return first
}

// lastBuiltEdit is the ask-nix edit the last pass that built anything
// (succeeded, failed or rolled back) named, 0 when none names one: the
// edits after it are the ones no pass has tried yet.
//
// A recorded no-op counts too: it found the fragment as that edit left
// it in place (back to what is applied, the toplevel already current),
// so the edits up to it are settled, not waiting to be built.
func lastBuiltEdit(st *state.State) int {
	return lastEdit(st, func(state.Pass) bool { return true })
}

// lastAppliedEdit is the ask-nix edit the last pass that put its system
// in place named (see putInPlace), 0 when none names one.
func lastAppliedEdit(st *state.State) int {
	return lastEdit(st, putInPlace)
}

// lastEdit is the ask-nix edit the newest pass that counts names, 0 when
// none names one. A pass that built an edit's content put back by hand
// after a newer edit counts as up to that newer edit: the ones between
// were taken out, not left to build.
func lastEdit(st *state.State, counts func(state.Pass) bool) int {
	for i := len(st.History) - 1; i >= 0; i-- {
		if p := st.History[i]; p.FragmentEdit != 0 && counts(p) {
			return max(p.FragmentEdit, p.PutBackAfter)
		}
	}
	return 0
}

// putInPlace reports whether p put its system in place: a success other
// than a one-off build, or a recorded no-op, which found it in place.
func putInPlace(p state.Pass) bool {
	return (p.Result == state.ResultSuccess && p.Action != "build") || p.Result == state.ResultNoop
}

// asBuiltWords says which edits made since the last pass that put its
// system in place (built, see lastAppliedEdit) left the fragment as that
// pass built it, for a fragment known to be so: "edits 6 to 9 left the
// fragment as it was built", or "edit 9 ..." for one; "" when no edit
// was made since, or the fragment is an older edit's content put back by
// hand (which putBackWords names).
func asBuiltWords(e foundEdit, built int) string {
	if e.Edit == 0 || e.PutBackAfter != 0 || built == 0 || e.Edit <= built {
		return ""
	}
	if first := newEditsFrom(e, built); first != 0 {
		return fmt.Sprintf("edits %d to %d left the fragment as it was built", first, e.Edit)
	}
	return fmt.Sprintf("edit %d left the fragment as it was built", e.Edit)
}

// triesAgain says when the inputs are tried again: the daemon does when
// they change; after ask-nix apply it is for the person to run it again.
// buildTriesAgain ends a build failure's advice: a build may fail for a
// cause outside the inputs (a download, the disk), so the daemon tries
// the same inputs again too, with backoff (skipFailed).
func (r *Reconciler) buildTriesAgain() string {
	if r.Daemon {
		return "the reconciler tries again when a watched file changes, and retries the same inputs at its periodic resync, less often after each failure (up to an hour apart); ask-nix apply tries at once"
	}
	return "then run ask-nix apply again"
}

func (r *Reconciler) triesAgain() string {
	if r.Daemon {
		return "the reconciler tries again when it changes"
	}
	return "then run ask-nix apply again"
}

// firstNixError is the first "error:" line of text, with store paths cut
// to their names: the same failure reads the same for other inputs.
func firstNixError(text string) string {
	// Newer Nix starts with a bare "error:" and a trace, the message
	// itself last: the last "error:" line that says something.
	found := ""
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, "error:") && strings.TrimSpace(strings.TrimPrefix(l, "error:")) != "" {
			found = storePathHash().ReplaceAllString(l, "/nix/store/…-")
		}
	}
	return found
}

// storePathHash is compiled when first used: compiled at package init it
// cost every ask-nix run, most of which never need it, a quarter of a
// millisecond.
var storePathHash = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`/nix/store/[0-9a-z]{32}-`) })

// contentHash is a file content's SHA-256, hex.
func contentHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// stoppedError is a pass stopped from outside: it is ErrSuperseded and
// its cause (context.Canceled for Ctrl-C), in words for a person.
type stoppedError struct{ cause error }

func (e stoppedError) Error() string {
	return "interrupted: the pass stopped before anything was activated; nothing was changed"
}
func (e stoppedError) Unwrap() []error { return []error{ErrSuperseded, e.cause} }

func (x *run) superseded(ctx context.Context) (state.Pass, error) {
	x.r.phaseNow.Store(state.PhaseIdle)
	x.st.Phase, x.st.PhaseSince = state.PhaseIdle, x.r.now()
	if err := x.r.save(x.st); err != nil {
		x.r.log().Warn("saving state", "error", err)
	}
	x.r.emitter.emit(x.r.Observer, event{phase: state.PhaseIdle})
	x.r.log().Info("pass stopped before activation", "trigger", x.p.Trigger, "why", stopWords(ctx))
	if cause := context.Cause(ctx); cause != nil {
		// Stopped by its context (Ctrl-C, SIGTERM, or the daemon for a
		// newer change): the caller sees why, ask-nix as exit 130.
		return x.p, stoppedError{cause}
	}
	return x.p, ErrSuperseded
}

// notRecorded is the error of a pass that did its work but could not
// save it: the system is as the pass left it, the state file still
// tells of the pass before.
func (x *run) notRecorded(err error) error {
	did := "the pass finished"
	switch {
	case x.p.Result == state.ResultSuccess && x.activated && x.p.Generation != 0:
		did = fmt.Sprintf("the pass finished: generation %d is in place (%s)", x.p.Generation, x.p.Action)
	case x.p.Result == state.ResultSuccess:
		did = "the pass finished (" + x.p.Reason + ")"
	}
	return fmt.Errorf("%s, but the state directory %s could not record it: %w; until it can, ask-nix status tells of the pass before. %s, then run ask-nix apply to record it (no new generation is made)", did, x.r.Settings.StateDir, err, stateDirFix(x.r.Settings.StateDir, err))
}

func (x *run) fail(err error) (state.Pass, error) {
	return x.finish(state.ResultFailure, "", err)
}

// rollback puts back what ran before after a failed activation or
// health check (when AutoRollback allows), and records why.
func (x *run) rollback(ctx context.Context, act *activate.Activator, action string, before activate.Before, reason string, cause error) (state.Pass, error) {
	if !x.r.Settings.AutoRollback {
		return x.finish(state.ResultFailure, reason, fmt.Errorf("%s and automatic rollback is off; the new system stays in place: %w", reason, cause))
	}
	x.enter(state.PhaseRollback)
	x.r.log().Warn("rolling back", "reason", reason, "error", cause, "to", before.Generation.Number)
	restore := act.Restore
	if x.resumed {
		// The boot entry the cut activation (or its rollback) left is not
		// known from the profile: made again for what ran before.
		restore = act.RestoreCutShort
	}
	rerr := restore(ctx, action, before)
	x.done("rollback")
	if rerr != nil {
		x.p.RollbackFailed, x.p.RollbackFailedTo = true, before.Generation.Number
		if why := x.notFromEdit(reason, cause); why != "" {
			// Not the edit's doing, whether or not the way back worked:
			// the edit is not marked failed for it.
			x.p.NotFromEdit = true
		}
		return x.finish(state.ResultFailure, reason, fmt.Errorf("%s: %w\nRolling back to generation %d failed too: %v. Check the system by hand (ask-nix status), then put a working generation back (%s)", reason, cause, before.Generation.Number, rerr, rollbackTo(before.Generation.Number)))
	}
	words, back := act.PutBack(action, before)
	x.p.RolledBackTo = back
	advice := "Fix the fragment"
	if why := x.notFromEdit(reason, cause); why != "" {
		x.p.NotFromEdit = true
		advice = "Fix the cause (" + why + ")"
	} else if t := x.together(x.edit().Edit, x.undoOffer()); t != "" && x.fragment != nil {
		advice = "Fix the cause (" + t + ")"
	} else if x.handChanged() {
		// As after a failed evaluation or build: undo would take back
		// an older edit, not the hand change.
		advice = "Fix the fragment (it was changed by hand since ask-nix's last edit, so ask-nix undo cannot take that back" + x.putBackHint() + ")"
	} else if u := x.undoOffer(); u.OK() {
		advice = "Fix the fragment (or " + u.TakeBack() + ")"
	} else if why := u.Why(); why != "" {
		advice = "Fix the fragment (" + why + ")"
	}
	return x.finish(state.ResultRolledBack, reason, fmt.Errorf("%s, so %s: %w. %s; %s", reason, words, cause, advice, x.r.triesAgain()))
}

// notFromEdit says why a failed activation or health check is not the
// doing of the ask-nix edit the pass built, as undoAdvice does for a
// failed evaluation or build: the fragment is as an edit left it that
// was activated before, or the last pass before the inputs' last change
// was rolled back for the same reason with the same words (a hand edit
// or another watched file broke it, and the edit came on top). "" when
// the edit may be the cause.
func (x *run) notFromEdit(reason string, cause error) string {
	e := x.edit()
	if e.Edit == 0 {
		return x.fragmentUnchanged() // no edit to blame or spare
	}
	for i := len(x.st.History) - 1; i >= 0; i-- {
		if p := x.st.History[i]; p.Result == state.ResultSuccess && p.FragmentEdit == e.Edit && p.Action != "build" {
			return x.elsewhere(fmt.Sprintf("the fragment is as edit %d left it, which was activated before, so the cause is elsewhere and ask-nix undo would not help", e.Edit))
		}
	}
	words := storePathHash().ReplaceAllString(cause.Error(), "/nix/store/…-")
	if p := beforeLastChange(x.st.History, x.p.InputsHash); p != nil && p.Result == state.ResultRolledBack && p.Reason == reason &&
		strings.Contains(storePathHash().ReplaceAllString(p.Error, "/nix/store/…-"), words) {
		return x.elsewhere("it failed the same way before the last change, so ask-nix undo would not help")
	}
	// The fragment as the last success (with the same action) activated
	// it, only other files changed.
	return x.fragmentUnchanged()
}

// activating notes in the state (saved with the phase that follows) that
// an activation of toplevel starts, and what was in place before it.
func (x *run) activating(toplevel, action string, before activate.Before) {
	x.activated = true
	x.st.Activating = &state.Activation{
		Toplevel: toplevel, Action: action, Since: x.r.now(),
		FromGeneration: before.Generation.Number, FromToplevel: before.Generation.Path,
		Running: before.Running, Trigger: x.p.Trigger,
	}
}

// noteEarlierActivation logs an activation a process before this one
// started that still runs (it died, the script did not): the next step
// waits for it, maybe for minutes, and the log says why.
func (r *Reconciler) noteEarlierActivation(act *activate.Activator) {
	if act.PidFile == "" {
		return
	}
	if pid := nixrun.StillRunning(act.PidFile); pid != 0 {
		r.log().Warn("waiting for the activation a process before this one started to end", "pid", pid, "pid_file", act.PidFile)
	}
}

// rollbackTo is the command that puts generation n back ("N" when
// none is known).
func rollbackTo(n int) string {
	if n == 0 {
		return "ask-nix rollback --to N"
	}
	return fmt.Sprintf("ask-nix rollback --to %d", n)
}

// reasonCutShort is the reason of a pass that put back what ran before
// an activation cut short (see putBackCutShort).
const reasonCutShort = "activation cut short"

// The other reasons a pass rolls back for. Each reason's label
// (metrics.ReasonLabel) is in metrics.RollbackReasons, which exports
// it at 0 before the first rollback.
const (
	reasonActivationFailed  = "activation failed"
	reasonHealthCheckFailed = "health check failed"
)

// failedWith is the newest pass on inputs hash that failed activating
// or checking the very system of the activation cut short a, nil when
// there is none (or nothing was cut short).
func failedWith(st *state.State, hash string, a *state.Activation) *state.Pass {
	if a == nil {
		return nil
	}
	for i := len(st.History) - 1; i >= 0; i-- {
		if p := &st.History[i]; p.InputsHash == hash && p.Toplevel == a.Toplevel &&
			(p.Result == state.ResultRolledBack || p.Result == state.ResultFailure) {
			return p
		}
	}
	return nil
}

// putBackCutShort settles an activation cut short (its process died,
// maybe in the middle of the rollback from it) of a system that failed
// before, with inputs that are not tried again now (see skipFailed):
// activating it again would fail again, and leaving it would leave the
// machine running it, maybe booting into it, until a resync retries. So
// what ran before is put back, boot entry included, as the rollback
// would have. (A cut activation of another system, whose inputs changed
// and failed since, stays for the pass that builds working inputs: it
// may well be good.)
func (x *run) putBackCutShort(ctx context.Context, a *state.Activation, failed *state.Pass) (state.Pass, error) {
	r := x.r
	x.fragment, _ = txn.ReadFragment(r.Settings.Fragment)
	// The earlier pass's failure is the one the edit answers for.
	x.p.NotFromEdit = true
	x.p.Action, x.p.Toplevel = a.Action, a.Toplevel
	before := beforeOf(a)
	x.p.FromGeneration, x.p.FromToplevel = before.Generation.Number, before.Generation.Path
	if cur, err := activate.Current(r.Settings.Profile); err == nil {
		r.noteRunning(&x.p, activate.Target(r.Settings.CurrentSystem()), cur)
	}
	act := r.activator()
	// Settled by this pass, however it ends; a crash during it leaves the
	// record for the next one.
	x.activated = true
	x.enter(state.PhaseRollback)
	r.log().Warn("putting back what ran before an activation cut short, whose inputs failed before", "toplevel", a.Toplevel, "action", a.Action, "to", before.Generation.Number)
	r.noteEarlierActivation(act)
	err := act.RestoreCutShort(context.WithoutCancel(ctx), a.Action, before)
	x.done("rollback")
	if err != nil {
		x.p.RollbackFailed, x.p.RollbackFailedTo = true, before.Generation.Number
		return x.finish(state.ResultFailure, reasonCutShort, fmt.Errorf("the %s to %s was cut short before it finished, and putting back generation %d failed: %v. Check the system by hand (ask-nix status), then put a working generation back (%s)", a.Action, a.Toplevel, before.Generation.Number, err, rollbackTo(before.Generation.Number)))
	}
	words, back := act.PutBack(a.Action, before)
	x.p.RolledBackTo = back
	how := ""
	if failed.Reason != "" {
		how = " (" + failed.Reason + ")"
	}
	return x.finish(state.ResultRolledBack, reasonCutShort, fmt.Errorf("the %s to %s was cut short before it finished; pass %d had failed with that system%s, so it was not activated again: %s. Fix the cause, then run ask-nix apply to try the inputs again", a.Action, a.Toplevel, failed.ID, how, words))
}

// widest is the activation that does what both a and b do: switch is
// test and boot together; build does nothing of either.
func widest(a, b string) string {
	switch {
	case a == b || b == "build" || b == "":
		return a
	case a == "build" || a == "":
		return b
	}
	return "switch" // two of switch, boot, test that differ
}

// beforeOf is what was in place before an activation that was cut short.
func beforeOf(a *state.Activation) activate.Before {
	return activate.Before{
		Generation: activate.Generation{Number: a.FromGeneration, Path: a.FromToplevel},
		Running:    a.Running,
	}
}

// maxError bounds the error kept in the state file.
const maxError = 4096

// finish records the pass, updates what the state says about the
// profile, and tells the observer.
func (x *run) finish(res state.Result, reason string, err error) (state.Pass, error) {
	r, st := x.r, x.st
	x.p.Finished = r.now()
	x.p.Result, x.p.Reason = res, reason
	x.p.Durations["total"] = x.p.Finished.Sub(x.p.Started).Seconds()
	x.noteWarnings()
	if err != nil {
		x.p.Error = err.Error()
		if len(x.p.Error) > maxError {
			x.p.Error = x.p.Error[:maxError] + "…"
		}
	}
	if x.id == 0 {
		x.reserveID()
	}
	x.p.ID = x.id
	// Given out whether or not the save below works. (Passes hold the
	// pass lock, one at a time.)
	if x.id > r.lastID.Load() {
		r.lastID.Store(x.id)
	}
	edit := x.edit()
	x.p.FragmentEdit, x.p.PutBackAfter = edit.Edit, edit.PutBackAfter
	if res == state.ResultFailure || res == state.ResultRolledBack {
		x.p.FirstEdit = x.firstNewEdit(edit.Edit)
	}
	if appliedWords(x.p) != "" {
		x.p.AppliedAfterFailure = editNumbers(edit.Failed)
	}
	r.refreshGenerations(st)
	if x.p.Generation == 0 && res != state.ResultFailure {
		x.p.Generation = st.CurrentGeneration
	}
	x.noteRunningAfter()
	st.Phase, st.PhaseSince = state.PhaseIdle, x.p.Finished
	r.phaseNow.Store(state.PhaseIdle)
	if x.activated {
		// This pass activated (and checked, or went back): the record of
		// an activation cut short is settled. A pass that stopped before
		// activating leaves it for the next.
		st.Activating = nil
	}
	if r.Daemon {
		st.Daemon = os.Getpid()
	}
	if !x.preview {
		// What an update fetched has had its pass, this one. (A one-off
		// build puts nothing in place: the next real pass is still owed.)
		st.Updating = nil
	}
	st.Record(x.p)
	serr := r.save(st)
	if serr != nil {
		r.log().Error("saving state", "error", serr)
		if err == nil {
			err = x.notRecorded(serr)
		}
		// Counted once a state file is saved (see unsaved), not before.
		st.Counters.Count(x.p, -1)
		r.countLater(x.p)
	} else {
		// After the state that names these inputs applied: digests
		// without it would name other inputs, and are not used.
		x.keepApplied()
		// Only a recorded pass is named in ask-nix history: the next
		// recorded one marks the edits.
		r.markEdits(append(slices.Clip(edit.Failed), edit.Entry), x.p)
	}
	attrs := []any{"id", x.p.ID, "result", res, "trigger", x.p.Trigger, "seconds", round(x.p.Durations["total"])}
	if serr != nil {
		// Its id is not given again (see reserveID).
		attrs = append(attrs, "recorded", false)
	}
	if reason != "" {
		attrs = append(attrs, "reason", reason)
	}
	if x.p.Generation != 0 {
		attrs = append(attrs, "generation", x.p.Generation)
	}
	attrs = append(attrs, x.p.RunningAttrs()...)
	if err != nil {
		r.log().Error("pass finished", append(attrs, "error", x.p.Error)...)
	} else {
		r.log().Info("pass finished", attrs...)
	}
	r.emitter.emit(r.Observer, event{phase: state.PhaseIdle})
	r.emitter.emit(r.Observer, event{pass: &x.p, st: *st})
	if err != nil && (res == state.ResultFailure || res == state.ResultRolledBack) {
		return x.p, &PassError{Pass: x.p}
	}
	return x.p, err
}

// noteWarnings records on the pass the warnings its Nix processes
// printed, and logs how many more there were than it keeps.
func (x *run) noteWarnings() {
	if x.warnings == nil {
		return
	}
	x.p.Warnings, x.p.WarningsMore = x.warnings.List(), x.warnings.More()
	if x.p.WarningsMore > 0 {
		x.r.log().Warn("Nix printed more warnings than a pass keeps", "more", x.p.WarningsMore, "kept", len(x.p.Warnings))
	}
}

// noteRunningAfter records on the pass what runs as it ends, and which
// generation that is (st's, read by refreshGenerations): after action
// test or build the profile's generation is not what the pass put in
// place, and the words must not say it is.
func (x *run) noteRunningAfter() {
	x.p.Running = activate.Target(x.r.Settings.CurrentSystem())
	x.p.RunningGeneration = 0
	if x.p.Running != "" {
		x.p.RunningGeneration = x.st.RunningGeneration
	}
}

// nextID is one past the highest pass id st knows of.
func nextID(st *state.State) int64 { return st.HighestID() + 1 }

// refreshGenerations reads the profile: current, booted and running
// generation numbers and how many there are.
func (r *Reconciler) refreshGenerations(st *state.State) {
	s := r.Settings
	cur, err := activate.Current(s.Profile)
	if err == nil {
		st.CurrentGeneration = cur.Number
	}
	nums, _ := activate.Numbers(s.Profile)
	st.Generations = len(nums)
	st.BootedGeneration = activate.GenerationOf(s.Profile, cur, activate.Target(s.BootedSystem()))
	st.RunningGeneration = activate.GenerationOf(s.Profile, cur, activate.Target(s.CurrentSystem()))
}

// keeps says what stays in place after a failure before activation.
func keeps(b activate.Before) string {
	if b.Generation.Number == 0 {
		return ""
	}
	return fmt.Sprintf("; generation %d stays current", b.Generation.Number)
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// killed says which Nix process a signal from outside the reconciler
// killed, and with which (the kernel's out-of-memory killer, someone's
// kill); "" when it ended by itself.
func killed(err error) string {
	var xe *nixrun.ExitError
	if !errors.As(err, &xe) || xe.Signal == 0 {
		return ""
	}
	return fmt.Sprintf("%s was killed by %s from outside the reconciler", xe.Argv[0], unix.SignalName(xe.Signal))
}

// killedAdvice follows a Nix process killed from outside: nothing says
// the configuration is wrong, and memory is the usual cause.
const killedAdvice = "Nothing points at the configuration, so no edit is blamed. If memory ran out, the kernel's log says so (journalctl -k | grep -i 'out of memory'): stop what else runs or add swap. Then run ask-nix apply to try again"

// nixMissing names the Nix program err could not start because it is
// not installed or not on PATH; "" for any other error.
func nixMissing(err error) string {
	var ee *exec.Error
	if errors.As(err, &ee) && errors.Is(ee.Err, exec.ErrNotFound) {
		return ee.Name
	}
	return ""
}

// nixText is the part of an error Nix wrote, for the user to read.
func nixText(err error) string {
	var be *nixrun.BuildError
	if errors.As(err, &be) && be.Text != "" {
		return indent(be.Text)
	}
	var ee *nixrun.ExitError
	if errors.As(err, &ee) {
		if s := nixrun.Summary(ee.Stderr); s != "" {
			return indent(s)
		}
	}
	return indent(err.Error())
}

func indent(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		if l = strings.TrimRight(l, " \t"); l != "" {
			lines[i] = "  " + l
		} else {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// progress wraps the caller's progress callback with throttled log lines;
// every update is progress for the daemon's health check.
func (r *Reconciler) progress(user func(nixrun.Progress)) func(nixrun.Progress) {
	var last time.Time
	var lastDone = -1
	return func(p nixrun.Progress) {
		if user != nil {
			user(p)
		}
		r.emitter.emit(r.Observer, event{progress: true})
		now := r.now()
		if p.Done != lastDone && (now.Sub(last) >= 2*time.Second || p.Done == p.Expected) {
			last, lastDone = now, p.Done
			attrs := []any{"done", p.Done, "total", p.Expected}
			if len(p.Building) > 0 && p.Done < p.Expected {
				attrs = append(attrs, "now", strings.Join(p.Building, ", "))
			}
			r.log().Info("building", attrs...)
		}
	}
}

func (r *Reconciler) buildLog(user func(name, line string)) func(name, line string) {
	return func(name, line string) {
		if user != nil {
			user(name, line)
		}
		r.emitter.emit(r.Observer, event{progress: true})
		r.log().Debug("build log", "drv", name, "line", line)
	}
}
