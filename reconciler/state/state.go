// Package state is the reconciler's record of where it is and what it did,
// kept as one JSON file in the state directory and written atomically.
// The daemon writes it; ask-nix status, /status and the metrics read it,
// so a restarted daemon (and a scrape after a restart) picks up where the
// last one left off.
package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/internal/groupshare"
)

// FileName is the state file inside the state directory.
const FileName = "state.json"

// Phase is what the reconciler is doing now.
type Phase string

// The phases of a pass, in order; idle between passes.
const (
	PhaseIdle     Phase = "idle"
	PhaseEval     Phase = "eval"
	PhaseBuild    Phase = "build"
	PhaseActivate Phase = "activate"
	PhaseHealth   Phase = "health"
	PhaseRollback Phase = "rollback"
)

// Phases lists every phase, for metrics that show one of them as 1.
var Phases = []Phase{PhaseIdle, PhaseEval, PhaseBuild, PhaseActivate, PhaseHealth, PhaseRollback}

// Result is how a pass ended.
type Result string

// Pass results, as the metrics label them.
const (
	ResultSuccess    Result = "success"
	ResultFailure    Result = "failure"
	ResultNoop       Result = "noop"
	ResultRolledBack Result = "rolled_back"
)

// Pass is one reconcile pass.
type Pass struct {
	ID      int64  `json:"id"`
	Trigger string `json:"trigger,omitempty"` // "watch", "start", "apply", "rollback", "update"
	// Action is the activation the pass did or meant to do: switch, boot,
	// test or build.
	Action   string    `json:"action,omitempty"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Result   Result    `json:"result"`
	// Reason explains a no-op ("inputs unchanged", "toplevel already
	// current") or a rollback ("activation failed", "health check failed").
	Reason string `json:"reason,omitempty"`
	// Durations in seconds per phase: eval, build, activate, health,
	// total.
	Durations map[string]float64 `json:"durations"`
	// Error is what failed, Nix's own text after the first line (term:
	// printed as lines, see internal/termtext).
	Error      string `json:"error,omitempty" term:"lines"`
	InputsHash string `json:"inputsHash,omitempty"`
	Toplevel   string `json:"toplevel,omitempty"`
	// Generation is the generation the pass put in place: the one a
	// switch or boot made, or the one a switch on request (trigger
	// rollback) went to, with any action. A pass that put none in place
	// (a no-op, a rollback after a failure, a pass with action test or
	// build) has the profile's current generation, which stayed. What
	// runs is Running.
	Generation int `json:"generation,omitempty"`
	// Running is the store path of the system that ran when the pass
	// ended (/run/current-system; "" when unknown), RunningGeneration
	// the generation whose system it is, the current one first when
	// several share it (0: none: after action test of a new system, a
	// system outside the profile runs).
	Running           string `json:"running,omitempty"`
	RunningGeneration int    `json:"runningGeneration,omitempty"`
	// RolledBackTo is the generation restored after a failure.
	RolledBackTo int `json:"rolledBackTo,omitempty"`
	// RollbackFailed: the pass failed activating or checking a system,
	// and putting back what ran before failed too (Result failure): the
	// machine may run the failed system; Running says what runs.
	// RollbackFailedTo is the generation it tried to put back (0: none
	// known).
	RollbackFailed   bool `json:"rollbackFailed,omitempty"`
	RollbackFailedTo int  `json:"rollbackFailedTo,omitempty"`
	// FragmentEdit is the ask-nix history entry this pass built, if known.
	FragmentEdit int `json:"fragmentEdit,omitempty"`
	// FirstEdit, on a failed pass that built several edits no pass had
	// built before (a burst, or edits made while no daemon ran), is the
	// oldest of them: any from FirstEdit to FragmentEdit may be the cause.
	FirstEdit int `json:"firstEdit,omitempty"`
	// PutBackAfter: the fragment was FragmentEdit's saved content put
	// back by hand after this newer edit wrote the file (so no FirstEdit
	// range is claimed).
	PutBackAfter int `json:"putBackAfter,omitempty"`
	// NotFromEdit: the failure is not FragmentEdit's doing (the fragment
	// built before as it is, or the same Nix error came before the
	// inputs' last change), so the edit is not marked failed for it.
	NotFromEdit bool `json:"notFromEdit,omitempty"`
	// AppliedAfterFailure are the edits an earlier pass had marked
	// failed that this pass put in place (built and activated, or found
	// in place): FragmentEdit, or edits under it whose change its
	// fragment keeps; each is marked applied again in ask-nix's history.
	AppliedAfterFailure []int `json:"appliedAfterFailure,omitempty"`
	// Warnings are the warnings Nix printed during the pass (without
	// "warning: "), each once, at most nixrun.MaxWarnings;
	// WarningsMore counts the other different ones.
	Warnings     []string `json:"warnings,omitempty"`
	WarningsMore int      `json:"warningsMore,omitempty"`
	// ChangedFiles are the watched files other than the fragment (added,
	// changed or gone) whose content differs from the inputs of the last
	// successful pass, sorted, at most MaxChangedFiles of them;
	// ChangedFilesMore counts the rest. Empty when none did or when it is
	// not known (no digests of the last success's inputs are kept yet). On
	// a failed pass they may be the cause as much as the edit.
	ChangedFiles     []string `json:"changedFiles,omitempty"`
	ChangedFilesMore int      `json:"changedFilesMore,omitempty"`
	// Packages is what a pass that changed the running system did to its
	// packages, read from the store after the pass (so it may be missing
	// when that failed).
	Packages *PackageChanges `json:"packages,omitempty"`
	// Update is what an update pass (trigger update) fetched with and,
	// for a flake on this machine, which inputs its flake.lock moved.
	Update *Update `json:"update,omitempty"`
	// FromGeneration and FromToplevel are the profile's generation when
	// the pass took the lock, for the caller to say what changed; read
	// under the lock, so another pass cannot slip in between. Not saved.
	FromGeneration int    `json:"-"`
	FromToplevel   string `json:"-"`
	// FromRunning is the running system's store path when the pass took
	// the lock ("" when unknown), and FromRunningGeneration the generation
	// it belongs to (0: none, a system outside the profile, or unknown).
	// After a rollback with action boot or test it is not FromToplevel:
	// what changed for the machine is said against it. Not saved.
	FromRunning           string `json:"-"`
	FromRunningGeneration int    `json:"-"`
}

// RunningElse says what ran when p ended, when that is not the system of
// p's generation (after action test, or a rollback with action boot):
// the generation whose system it is, 0 for a system outside the profile.
// ok is false when it is that system, or nothing is known.
func (p Pass) RunningElse() (gen int, ok bool) {
	if p.Running == "" || p.RunningGeneration == p.Generation {
		return 0, false
	}
	return p.RunningGeneration, true
}

// RunningAttrs are the log fields the daemon adds to a pass's line for
// RunningElse: running_generation, or running with the store path of a
// system outside the profile; none when it is p's generation's.
func (p Pass) RunningAttrs() []any {
	gen, ok := p.RunningElse()
	switch {
	case !ok:
		return nil
	case gen != 0:
		return []any{"running_generation", gen}
	}
	return []any{"running", p.Running + " (outside the profile)"}
}

// PackageChanges is a pass's effect on the system's packages, in words:
// "cowsay 3.8.3", "firefox 133.0 → 134.0".
type PackageChanges struct {
	Added    []string `json:"added,omitempty"`
	Removed  []string `json:"removed,omitempty"`
	Upgraded []string `json:"upgraded,omitempty"`
	// ClosurePaths counts the new system's store paths, NewPaths those
	// it did not share with the system before.
	ClosurePaths int `json:"closurePaths"`
	NewPaths     int `json:"newPaths"`
}

// Empty reports whether no package was added, removed or upgraded.
func (c *PackageChanges) Empty() bool {
	return c == nil || len(c.Added)+len(c.Removed)+len(c.Upgraded) == 0
}

// Update is what ask-nix update fetched before its pass.
type Update struct {
	// Command is the command that fetched ("nix flake update --flake
	// /etc/nixos", "nix-channel --update").
	Command string `json:"command"`
	// Inputs are the flake inputs whose locked version flake.lock
	// changed, by their path in the lock ("nixpkgs",
	// "home-manager/nixpkgs"), sorted.
	Inputs []InputChange `json:"inputs,omitempty"`
	// LockUnchanged: flake.lock was compared and no input moved (every
	// one was already the newest).
	LockUnchanged bool `json:"lockUnchanged,omitempty"`
	// Only are the flake inputs the update was asked to update, alone
	// ("ask-nix update nixpkgs"); none when it updated every one.
	Only []string `json:"only,omitempty"`
	// Kept are, with Only, the flake's other inputs, which the update
	// left as they were (none of them is in Inputs), sorted.
	Kept []string `json:"kept,omitempty"`
}

// InputChange is one flake input an update moved: From and To are the
// locked git revisions (or the content hash, for inputs without one)
// and the dates the inputs were last modified (YYYY-MM-DD, UTC); From
// is empty for an input new in the lock, To for one gone from it.
type InputChange struct {
	Name     string `json:"name"`
	From     string `json:"from,omitempty"`
	FromDate string `json:"fromDate,omitempty"`
	To       string `json:"to,omitempty"`
	ToDate   string `json:"toDate,omitempty"`
}

// Counters survive restarts so metrics counters do not fall to zero
// (Prometheus copes with resets, but people reading them do not).
type Counters struct {
	Reconciles map[Result]int64 `json:"reconciles,omitempty"`
	Rollbacks  map[string]int64 `json:"rollbacks,omitempty"` // by reason
}

// Count adds n passes like p (n may be negative: taken back).
func (c *Counters) Count(p Pass, n int64) {
	var o Counters
	o.Reconciles = map[Result]int64{p.Result: 1}
	if p.Result == ResultRolledBack {
		o.Rollbacks = map[string]int64{p.Reason: 1}
	}
	c.Add(o, n)
}

// Add adds o's counts to c, times n (-1 takes them back). A count that
// comes to 0 is dropped.
func (c *Counters) Add(o Counters, n int64) {
	for r, k := range o.Reconciles {
		if c.Reconciles == nil {
			c.Reconciles = map[Result]int64{}
		}
		if c.Reconciles[r] += k * n; c.Reconciles[r] == 0 {
			delete(c.Reconciles, r)
		}
	}
	for reason, k := range o.Rollbacks {
		if c.Rollbacks == nil {
			c.Rollbacks = map[string]int64{}
		}
		if c.Rollbacks[reason] += k * n; c.Rollbacks[reason] == 0 {
			delete(c.Rollbacks, reason)
		}
	}
}

// Clone is a copy of c that shares no map with it.
func (c Counters) Clone() Counters {
	var o Counters
	o.Add(c, 1)
	return o
}

// Empty reports whether c counts nothing.
func (c Counters) Empty() bool { return len(c.Reconciles)+len(c.Rollbacks) == 0 }

// State is the whole state file.
type State struct {
	Version    int       `json:"version"`
	Phase      Phase     `json:"phase"`
	PhaseSince time.Time `json:"phaseSince"`
	// LastPassID is the highest pass id given out (added later; absent
	// in files written before). A pass takes its id when it starts, saved
	// with its first phase, so a pass whose end could not be recorded (a
	// full state directory) keeps it: the next pass, in this process or
	// another, counts on from there and no two passes share an id.
	LastPassID int64 `json:"lastPassId,omitempty"`
	// Counters and LastPassID are written near the file's start, before
	// the long history: a file cut short by a disk fault keeps them (see
	// Salvage).
	Counters Counters `json:"counters"`
	// DesiredHash is the hash of the watched inputs as last seen;
	// AppliedHash the hash of the inputs of the last successful pass.
	DesiredHash       string     `json:"desiredHash,omitempty"`
	AppliedHash       string     `json:"appliedHash,omitempty"`
	AppliedToplevel   string     `json:"appliedToplevel,omitempty"`
	CurrentGeneration int        `json:"currentGeneration,omitempty"`
	BootedGeneration  int        `json:"bootedGeneration,omitempty"`
	Generations       int        `json:"generations,omitempty"`
	LastPass          *Pass      `json:"lastPass,omitempty"`
	LastSuccess       *time.Time `json:"lastSuccess,omitempty"`
	// History holds the most recent passes, oldest first, at most
	// MaxHistory.
	History []Pass `json:"history,omitempty"`
	// Queue names what is waiting for the next pass ("watch: nix-humanity.nix").
	Queue []string `json:"queue,omitempty"`
	// Daemon is the pid of the daemon that wrote the file, 0 for ask-nix.
	Daemon int `json:"daemon,omitempty"`
	// RunningGeneration is the generation the running system
	// (/run/current-system) belongs to; 0 when it is none of them (after
	// a test activation) or unknown.
	RunningGeneration int `json:"runningGeneration,omitempty"`
	// Activating is set from the start of an activation until its pass is
	// recorded. Found by the next pass (under the pass lock, so its writer
	// is gone), it says an activation was cut short and what ran before
	// it, so that pass finishes or undoes it instead of taking the
	// half-switched system for the one asked for.
	Activating *Activation `json:"activating,omitempty"`
	// Building is what the running pass builds, as it read the inputs
	// when it went on to Nix (added later): which ask-nix edit the
	// fragment is, and the other watched files that changed. A state
	// saved idle never has it (see encode).
	Building *Building `json:"building,omitempty"`
	// Held is the toplevel a rollback on request made the profile's
	// current generation: passes leave it in place while the inputs stay
	// as they were then (AppliedHash) and the profile still points at it.
	Held string `json:"held,omitempty"`
	// HeldFrom is the toplevel the inputs built when the rollback was made
	// (the system rolled back from), "" when unknown: a change to the
	// watched files that still builds it (a comment, an editor's swap
	// file) keeps the rollback in place.
	HeldFrom string `json:"heldFrom,omitempty"`
	// HeldFragment is the SHA-256 of the fragment when the rollback was
	// made: once the fragment changes, the hold ends, whatever it builds.
	HeldFragment string `json:"heldFragment,omitempty"`
	// Updating is set when ask-nix update starts fetching newer inputs
	// (nix flake update, nix-channel --update) and cleared when a pass is
	// recorded. Found by a later pass, it says the fetch may have
	// happened with no pass to build what it fetched (its process died),
	// and that pass evaluates the system whatever the inputs hash says,
	// as update's own pass would have.
	Updating *time.Time `json:"updating,omitempty"`
	// Watching is what the nix-humanityd that registered last watches and
	// builds (added later; absent in files written before): ask-nix
	// --wait compares it with its own settings, so an edit to a fragment
	// that daemon does not watch is said at once, not waited on.
	Watching *Watching `json:"watching,omitempty"`
}

// Watching is a daemon's record of its inputs, written when it starts
// (under the pass lock) and marked Stopped when it stops cleanly. Its PID
// against the daemon lock's holder tells whether it is the running
// daemon's.
type Watching struct {
	PID   int       `json:"pid"`
	Since time.Time `json:"since"`
	// Fragment and WatchPaths are the files it watches (absolute).
	Fragment   string   `json:"fragment"`
	WatchPaths []string `json:"watchPaths,omitempty"`
	// Inputs are the settings its inputs hash covers besides the files
	// ("system=...", "action=...", ...), so that a follower hashes the
	// inputs as it does.
	Inputs []string `json:"inputs,omitempty"`
	// DebounceSeconds is how long the inputs must be quiet before a pass.
	DebounceSeconds float64 `json:"debounceSeconds"`
	// Stopped is when it stopped cleanly (SIGTERM, Ctrl-C); absent while
	// it runs or after it was killed.
	Stopped *time.Time `json:"stopped,omitempty"`
	// Service is how systemd runs it, when it does.
	Service
}

// Setting is the value of the hash setting key ("action") in the
// record's Inputs ("action=switch"), "" when it has none or w is nil.
func (w *Watching) Setting(key string) string {
	if w == nil {
		return ""
	}
	for _, s := range w.Inputs {
		if v, ok := strings.CutPrefix(s, key+"="); ok {
			return v
		}
	}
	return ""
}

// WithSetting is a copy of w whose Inputs have value for key in place of
// its own (added when it has none).
func (w *Watching) WithSetting(key, value string) *Watching {
	c := *w
	c.Inputs = slices.Clone(w.Inputs)
	for i, s := range c.Inputs {
		if strings.HasPrefix(s, key+"=") {
			c.Inputs[i] = key + "=" + value
			return &c
		}
	}
	c.Inputs = append(c.Inputs, key+"="+value)
	return &c
}

// maxWait bounds the waits a follower takes from a Watching record: a
// year, as the daemon bounds the RestartSec= it reads.
const maxWait = 366 * 24 * time.Hour

// seconds is a record's seconds as a duration a follower can wait: 0 for
// a negative one, at most maxWait (a damaged file's 1e300 would wrap to
// a negative duration, and a wait that ends at once).
func seconds(s float64) time.Duration {
	switch {
	case !(s > 0): // negative, or NaN
		return 0
	case s >= maxWait.Seconds():
		return maxWait
	}
	return time.Duration(s * float64(time.Second))
}

// Debounce is DebounceSeconds as a duration, within [0, a year].
func (w *Watching) Debounce() time.Duration { return seconds(w.DebounceSeconds) }

// RestartDelay is RestartSeconds as a duration, within [0, a year].
func (s Service) RestartDelay() time.Duration { return seconds(s.RestartSeconds) }

// Service is the systemd unit a daemon runs as ("" when systemd did not
// start it), with systemd's Restart= and RestartSec= for it (empty when
// they could not be read): whether, and how soon, it runs again after it
// dies, for a follower to wait that long and no longer.
type Service struct {
	Unit           string  `json:"unit,omitempty"`
	Restart        string  `json:"restart,omitempty"`
	RestartSeconds float64 `json:"restartSeconds,omitempty"`
}

// Covers reports whether the daemon sees a change to path: it is the
// fragment, one of the watch paths, or inside a watched folder, by the
// names given or by where their symlinks lead (/etc/nixos may be a link
// to a checkout that another setting names directly).
func (w *Watching) Covers(path string) bool {
	for _, p := range append([]string{w.Fragment}, w.WatchPaths...) {
		if p == "" {
			continue
		}
		for _, watched := range resolved(p) {
			for _, x := range resolved(path) {
				rel, err := filepath.Rel(watched, x)
				if err == nil && (rel == "." || rel != ".." && !strings.HasPrefix(rel, "../")) {
					return true
				}
			}
		}
	}
	return false
}

// resolved is p cleaned, and where its symlinks lead when that differs.
func resolved(p string) []string {
	out := []string{filepath.Clean(p)}
	if r, err := filepath.EvalSymlinks(p); err == nil && r != out[0] {
		out = append(out, r)
	}
	return out
}

// Activation is an activation in progress: where it goes and what was in
// place before it.
type Activation struct {
	Toplevel string    `json:"toplevel"`
	Action   string    `json:"action"`
	Since    time.Time `json:"since"`
	// FromGeneration and FromToplevel are the profile's generation before
	// (0 and "" for an empty profile); Running the running system's
	// store path before.
	FromGeneration int    `json:"fromGeneration,omitempty"`
	FromToplevel   string `json:"fromToplevel,omitempty"`
	Running        string `json:"running,omitempty"`
	// Trigger is the trigger of the pass that started it: "rollback" for
	// a switch to a generation on request, which a pass that finds it
	// cut short does not finish (it puts the inputs' system in place).
	Trigger string `json:"trigger,omitempty"`
}

// Building is what a running pass builds (State.Building): the fragment
// as the ask-nix edit that wrote it, or as no edit wrote it, and the
// other watched files that changed since the last success.
type Building struct {
	// Pass is the running pass's id.
	Pass int64 `json:"pass,omitempty"`
	// Edit is the ask-nix edit whose saved result the fragment is (its
	// number in ask-nix history); 0 when no edit's is: the fragment was
	// changed by hand or by another tool, is missing, or the history
	// could not be read.
	Edit int `json:"edit,omitempty"`
	// FirstEdit, when several edits no pass built yet are built
	// together (written one on top of the other), is the oldest of them.
	FirstEdit int `json:"firstEdit,omitempty"`
	// PutBackAfter: the fragment is Edit's saved content put back by
	// hand after this newer edit wrote the file.
	PutBackAfter int `json:"putBackAfter,omitempty"`
	// FragmentUnchanged: the fragment is as the last successful pass
	// built it, so what this pass builds is another watched file's
	// change (ChangedFiles) or the settings', not an edit.
	FragmentUnchanged bool `json:"fragmentUnchanged,omitempty"`
	// ChangedFiles are the watched files other than the fragment that
	// changed since the last successful pass, as Pass.ChangedFiles
	// (ChangedFilesMore counts those past MaxChangedFiles); empty when
	// none did or it is not known.
	ChangedFiles     []string `json:"changedFiles,omitempty"`
	ChangedFilesMore int      `json:"changedFilesMore,omitempty"`
}

// MaxHistory bounds the kept passes.
const MaxHistory = 50

// MaxChangedFiles bounds the files a pass names in ChangedFiles.
const MaxChangedFiles = 20

// Path returns the state file path in dir.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// Load reads the state in dir. A missing file is an empty idle state.
func Load(dir string) (*State, error) {
	data, err := readFile(Path(dir))
	if errors.Is(err, os.ErrNotExist) {
		return &State{Version: 1, Phase: PhaseIdle}, nil
	}
	var notFile *notAFileError
	if errors.As(err, &notFile) {
		// Never written so by Save: moved aside by a pass, as damaged.
		return nil, &CorruptError{Path: Path(dir), Err: err}
	}
	if err != nil {
		return nil, fmt.Errorf("reading reconciler state: %w", err)
	}
	return parse(data, Path(dir))
}

// notAFileError is a state file that is no regular file (a folder, a
// named pipe, whose read would wait for a writer for ever).
type notAFileError struct{ kind string }

func (e *notAFileError) Error() string { return "it is a " + e.kind + ", not a file" }

// readFile is os.ReadFile for a regular file only, opened without
// blocking, so a named pipe in its place is an error, not a hang; as
// many system calls as os.ReadFile.
func readFile(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		kind := "special file"
		switch {
		case fi.IsDir():
			kind = "folder"
		case fi.Mode()&os.ModeNamedPipe != 0:
			kind = "named pipe"
		case fi.Mode()&os.ModeSocket != 0:
			kind = "socket"
		case fi.Mode()&os.ModeDevice != 0:
			kind = "device"
		}
		return nil, &notAFileError{kind}
	}
	data := make([]byte, 0, fi.Size()+1)
	for {
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// parse reads the state file's content (from path, for errors).
func parse(data []byte, path string) (*State, error) {
	var s State
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, &CorruptError{Path: path, Err: err}
	}
	if s.Phase == "" {
		s.Phase = PhaseIdle
	}
	return &s, nil
}

// Parse reads a state file's content, as Load does (path names it in
// errors): for a reader that has the bytes already.
func Parse(data []byte, path string) (*State, error) { return parse(data, path) }

// HighestID is the highest pass id s knows of: LastPassID, or a recorded
// pass's (files written before lastPassId existed name only those).
func (s *State) HighestID() int64 {
	id := s.LastPassID
	if s.LastPass != nil {
		id = max(id, s.LastPass.ID)
	}
	for _, p := range s.History {
		id = max(id, p.ID)
	}
	return id
}

// Below reports whether s names a lower highest pass id than id, or a
// lower count than c has: an older copy of the file, or a fresh one.
func (s *State) Below(id int64, c Counters) bool {
	if s.HighestID() < id {
		return true
	}
	for r, n := range c.Reconciles {
		if s.Counters.Reconciles[r] < n {
			return true
		}
	}
	for reason, n := range c.Rollbacks {
		if s.Counters.Rollbacks[reason] < n {
			return true
		}
	}
	return false
}

// CorruptError is a state file that is not the JSON it should be (never
// written so by Save, which replaces it whole: a hand edit, a disk fault).
type CorruptError struct {
	Path string
	Err  error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("reading reconciler state %s: %v (move it aside to start fresh)", e.Path, e.Err)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// LoadForPass is Load for the one who holds the pass lock: a corrupt
// state file is moved aside (kept as state.json.corrupt-<time>) and a
// fresh state returned, so passes go on rather than stop for good. aside
// is where the old file went ("" when nothing was moved). The fresh
// state keeps what Salvage reads from the damaged file and those moved
// aside before: pass ids go on past the highest one given out, and the
// counters do not fall back to zero.
func LoadForPass(dir string, now time.Time) (st *State, aside string, err error) {
	st, err = Load(dir)
	var corrupt *CorruptError
	if !errors.As(err, &corrupt) {
		return st, "", err
	}
	fresh := Salvage(dir)
	aside = fmt.Sprintf("%s.corrupt-%s", corrupt.Path, now.UTC().Format("20060102T150405Z"))
	if _, serr := os.Lstat(aside); serr == nil {
		// A second damaged file within the second: neither is lost.
		aside += fmt.Sprintf("-%d", now.UnixNano())
	}
	if rerr := os.Rename(corrupt.Path, aside); rerr != nil {
		return nil, "", fmt.Errorf("%w; moving it aside failed too: %v", err, rerr)
	}
	return fresh, aside, nil
}

// Salvage is a fresh idle state with what can still be read from a
// damaged state file in dir and from those moved aside before
// (state.json.corrupt-*): LastPassID the highest pass id any of them
// names (a pass's "id", "lastPassId"), and the counters, each the
// highest count found where the "counters" object still reads whole
// (counts only grow, so the highest is the newest). Text is read, not
// trusted as JSON: a file cut short or damaged in the middle keeps the
// ids in its readable part.
func Salvage(dir string) *State {
	st := &State{Version: 1, Phase: PhaseIdle}
	files, _ := filepath.Glob(Path(dir) + ".corrupt-*")
	for _, f := range append(files, Path(dir)) {
		data, err := readFile(f)
		if err != nil {
			continue
		}
		id, c := salvage(data)
		st.LastPassID = max(st.LastPassID, id)
		st.Counters.Merge(c)
	}
	return st
}

// passIDKey finds a pass id in a state file's text: "id" (a pass's; the
// daemon's is "pid") or "lastPassId", then a number.
var passIDKey = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`"(?:id|lastPassId)"\s*:\s*([0-9]{1,19})\b`)
})

// salvage reads the highest pass id and the counters from a state
// file's content, however damaged (see Salvage).
func salvage(data []byte) (lastID int64, c Counters) {
	for _, m := range passIDKey().FindAllSubmatch(data, -1) {
		if n, err := strconv.ParseInt(string(m[1]), 10, 64); err == nil {
			lastID = max(lastID, n)
		}
	}
	key := []byte(`"counters"`)
	for rest := data; ; {
		i := bytes.Index(rest, key)
		if i < 0 {
			break
		}
		rest = rest[i+len(key):]
		v := bytes.TrimLeft(rest, " \t\r\n")
		if len(v) == 0 || v[0] != ':' {
			continue
		}
		var found Counters
		if json.NewDecoder(bytes.NewReader(v[1:])).Decode(&found) == nil {
			c.Merge(found)
		}
	}
	return lastID, c
}

// Merge takes the higher of each count in c and o (counts only grow, so
// the higher is the newer).
func (c *Counters) Merge(o Counters) {
	for r, n := range o.Reconciles {
		if n > c.Reconciles[r] {
			if c.Reconciles == nil {
				c.Reconciles = map[Result]int64{}
			}
			c.Reconciles[r] = n
		}
	}
	for reason, n := range o.Rollbacks {
		if n > c.Rollbacks[reason] {
			if c.Rollbacks == nil {
				c.Rollbacks = map[string]int64{}
			}
			c.Rollbacks[reason] = n
		}
	}
}

// Save writes the state atomically into dir.
func (s *State) Save(dir string) error {
	data, err := s.encode()
	if err != nil {
		return err
	}
	if err := MakeDir(dir); err != nil {
		return fmt.Errorf("state directory: %w", err)
	}
	return atomicfile.Write(Path(dir), data, 0o644)
}

// MakeDir makes the state directory dir when it is missing, and the
// folders above it that are, each one's entry synced into its parent:
// a state file synced into a folder whose own entry was not could
// vanish with the folder in a crash of the machine. Whoever makes the
// folder first (the pass lock, the daemon lock, a request's count, a
// save) makes it this way; one that is there costs a stat.
func MakeDir(dir string) error { return mkdirAllSynced(dir, 0o755) }

// mkdirAllSynced is groupshare.MkdirAllSynced, replaced in tests, which
// cannot see a sync (groupshare's own test does).
var mkdirAllSynced = groupshare.MkdirAllSynced

// encode is the state file's content for s.
func (s *State) encode() ([]byte, error) {
	if s.Version == 0 {
		s.Version = 1
	}
	if s.Phase == PhaseIdle || s.Phase == "" {
		// What a pass builds is said while it runs; every way a pass
		// ends (recorded, stopped, found interrupted) saves idle.
		s.Building = nil
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// Record appends a finished pass, trims the history and counts it.
func (s *State) Record(p Pass) {
	s.LastPass = &p
	s.History = append(s.History, p)
	if len(s.History) > MaxHistory {
		s.History = append([]Pass(nil), s.History[len(s.History)-MaxHistory:]...)
	}
	s.Counters.Count(p, 1)
	if p.Result == ResultSuccess || p.Result == ResultNoop && p.Error == "" {
		t := p.Finished
		s.LastSuccess = &t
	}
}
