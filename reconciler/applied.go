package reconciler

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/reconciler/build"
	"github.com/nix-humanity/nix-humanity/reconciler/inputs"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// AppliedInputsFile, in the state directory, keeps a digest of each
// watched file as the inputs were at the last successful pass (the one
// that set the state's appliedHash): a failed pass compares against it to
// name the files that changed since. Kept beside state.json, not in it,
// so the no-op pass, which reads state.json, does not read it too.
const AppliedInputsFile = "applied-inputs.json"

// loadApplied reads the applied inputs' digests; nil when there are none
// or they cannot be read (then what changed is not known, and nothing is
// said about it).
func loadApplied(dir string) *inputs.Snapshot {
	data, err := os.ReadFile(filepath.Join(dir, AppliedInputsFile))
	if err != nil {
		return nil
	}
	var s inputs.Snapshot
	if json.Unmarshal(data, &s) != nil || s.Hash == "" {
		return nil
	}
	return &s
}

func saveApplied(dir string, s *inputs.Snapshot) error {
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	// Readable by whoever runs passes only: a digest per file says more
	// about a file kept from other users (a secret in /etc/nixos) than
	// the one hash of all inputs in state.json. Not synced: after a
	// crash, digests lost or stale (their hash is not the applied one)
	// only mean nothing is named.
	return atomicfile.WriteUnsynced(filepath.Join(dir, AppliedInputsFile), append(data, '\n'), 0o600)
}

// fragmentAsApplied reports whether content is the fragment as the last
// successful pass (whose inputs' hash is appliedHash) built it, as the
// applied inputs' digests tell; false when they do not.
func (r *Reconciler) fragmentAsApplied(content []byte, appliedHash string) bool {
	old := loadApplied(r.Settings.StateDir)
	if old == nil || appliedHash == "" || old.Hash != appliedHash || content == nil {
		return false
	}
	d, ok := old.Files[filepath.Clean(r.Settings.Fragment)]
	return ok && d == inputs.FileDigest(content)
}

// sinceSuccess is what changed in the watched files since the last
// successful pass, when known.
type sinceSuccess struct {
	known bool
	// fragment: the fragment's content changed.
	fragment bool
	// sameSettings: the settings that change what a pass builds or does
	// are as they were.
	sameSettings bool
	// others are the other watched files that changed, sorted.
	others []string
}

// snapshot reads the inputs again with a digest per file, once a pass
// goes on to Nix (a walk's cost beside an evaluation), and compares them
// with the last success's. It returns the inputs' hash, hash itself when
// they cannot be read (the pass then fails on them as before, or Nix
// does).
func (x *run) snapshot(hash string) string {
	r := x.r
	paths, settings := r.inputsArgs(r.Action())
	snap, err := inputs.TakeSkipping(r.notInputs(), paths, settings...)
	if err != nil {
		r.log().Warn("reading the inputs' files", "error", err)
		return hash
	}
	x.snap = snap
	old := loadApplied(r.Settings.StateDir)
	if old == nil {
		return snap.Hash
	}
	x.appliedSnap = old.Hash
	if x.st.AppliedHash == "" || old.Hash != x.st.AppliedHash {
		return snap.Hash // digests of other inputs than the applied ones
	}
	x.since = sinceSuccess{known: true, sameSettings: slices.Equal(old.Settings, snap.Settings)}
	// The fragment as the paths name it (the daemon's name for it when
	// the pass hashes as the daemon does: AsDaemon).
	frag := paths[0]
	for _, p := range snap.Changed(old) {
		if p == frag {
			x.since.fragment = true
		} else {
			x.since.others = append(x.since.others, p)
		}
	}
	if n := len(x.since.others); n > 0 {
		x.p.ChangedFiles = x.since.others[:min(n, state.MaxChangedFiles)]
		x.p.ChangedFilesMore = n - len(x.p.ChangedFiles)
	}
	return snap.Hash
}

// keepApplied saves the pass's digests when it made them the applied
// inputs (a success, or a system found in place), for later passes to
// compare with.
func (x *run) keepApplied() {
	if x.snap == nil || x.st.AppliedHash != x.snap.Hash || x.appliedSnap == x.snap.Hash {
		return
	}
	if err := saveApplied(x.r.Settings.StateDir, x.snap); err != nil {
		x.r.log().Warn("saving the applied inputs' digests", "error", err)
	}
}

// filesWords names files: "/etc/nixos/configuration.nix", "a, b and c",
// "a, b, c and 4 more files".
func filesWords(files []string, more int) string {
	if n := len(files); n > 3 {
		more += n - 3
		files = files[:3]
	}
	switch {
	case more == 1:
		return strings.Join(files, ", ") + " and 1 more file"
	case more > 1:
		return fmt.Sprintf("%s and %d more files", strings.Join(files, ", "), more)
	}
	return plan.AndList(files)
}

// others names the other watched files that changed since the last
// success, "" when none did or it is not known.
func (x *run) others() string {
	return filesWords(x.since.others, 0)
}

// putBack is the way back for the other files: "put it back as it was".
func (x *run) putBack() string {
	if len(x.since.others) == 1 {
		return "fix it or put it back as it was"
	}
	return "fix them or put them back as they were"
}

// elsewhere is why, with the other files that changed named when there
// are any: the cause is likely among them.
func (x *run) elsewhere(why string) string {
	if o := x.others(); o != "" {
		return fmt.Sprintf("%s; %s changed since the last success: %s", why, o, x.putBack())
	}
	return why
}

// fragmentUnchanged says why the failure is not the fragment's doing when
// it is as it was at the last success while other watched files changed
// (with the same settings); "" otherwise.
func (x *run) fragmentUnchanged() string {
	if !x.since.known || x.since.fragment || !x.since.sameSettings || len(x.since.others) == 0 {
		return ""
	}
	return x.elsewhere("the fragment is as it was at the last success, so the cause is elsewhere and ask-nix undo would not help")
}

// together says, for a pass that built a changed fragment together with
// changes to other watched files, that either may be the cause and the
// way back from each; "" when no other file changed (or it is not
// known). edit is the ask-nix edit the fragment is from, 0 for a hand
// edit; u is what ask-nix undo would do, offered only when it may.
func (x *run) together(edit int, u UndoOffer) string {
	o := x.others()
	if o == "" || !x.since.fragment {
		return ""
	}
	back := "put those files back as they were"
	if len(x.since.others) == 1 {
		back = "put " + filepath.Base(x.since.others[0]) + " back as it was"
	}
	undo := "fix the fragment"
	if u.OK() {
		undo = u.Takes()
	} else if why := u.Why(); why != "" {
		undo = "fix the fragment (" + why + ")"
	}
	switch first := x.firstNewEdit(edit); {
	case edit == 0:
		return fmt.Sprintf("the fragment was changed by hand and %s changed too since the last success; either may be the cause, and ask-nix undo cannot take back hand edits: fix the fragment, or %s", o, back)
	case first != 0:
		return fmt.Sprintf("this pass built edits %d to %d together with changes to %s since the last success; any of them may be the cause: `ask-nix history` lists the edits and %s, or %s", first, edit, o, undo, back)
	default:
		return fmt.Sprintf("this pass built edit %d together with changes to %s since the last success; either may be the cause: %s, or %s", edit, o, undo, back)
	}
}

// lockWrittenByEval takes the inputs again after an evaluation of flake
// t that wrote its flake.lock (Nix said so: wrote), as Nix does when it
// locks a flake for the first time or an input was added to flake.nix:
// when that lock is the only watched file changed since the pass read
// its inputs, the system evaluated is the lock's as it is now, so the
// pass is of the inputs as they are now, and their hash is returned.
// Otherwise (the lock not watched, or other files changed too: those
// are a change still to build) ok is false.
func (x *run) lockWrittenByEval(t build.Target, wrote string) (hash string, ok bool) {
	lock := t.LockFile()
	if lock == "" || x.snap == nil || wrote == "" || filepath.Clean(wrote) != lock {
		return "", false
	}
	paths, settings := x.r.inputsArgs(x.r.Action())
	was, had := x.snap.Files[lock]
	if content, err := os.ReadFile(lock); err == nil && had && was == inputs.FileDigest(content) {
		return "", false
	}
	if !had && !slices.ContainsFunc(paths, func(p string) bool { return p == lock || strings.HasPrefix(lock, p+"/") }) {
		return "", false
	}
	snap, err := inputs.TakeSkipping(x.r.notInputs(), paths, settings...)
	if err != nil || !slices.Equal(snap.Changed(x.snap), []string{lock}) {
		return "", false
	}
	x.snap = snap
	return snap.Hash, true
}
