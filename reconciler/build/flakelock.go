package build

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nix-humanity/nix-humanity/guard/flakeinput"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// LockFile is the flake.lock of the target's flake when the flake is a
// folder on this machine (an absolute path, path:, git+file: or file:,
// with its dir= subfolder); "" for a flake elsewhere (github:, a
// registry name) and for a system that is no flake.
func (t Target) LockFile() string {
	if !t.IsFlake() {
		return ""
	}
	ref := t.Flake
	if filepath.IsAbs(ref) {
		// A plain path may still carry ?dir=.
		ref = "path:" + ref
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	switch u.Scheme {
	case "path", "git+file", "file":
	default:
		return ""
	}
	dir := u.Path
	if dir == "" {
		dir = u.Opaque
	}
	if !filepath.IsAbs(dir) {
		return ""
	}
	if sub := u.Query().Get("dir"); sub != "" {
		if !filepath.IsLocal(sub) {
			return ""
		}
		dir = filepath.Join(dir, sub)
	}
	return filepath.Join(filepath.Clean(dir), "flake.lock")
}

// lockedInput is one input as a flake.lock pins it.
type lockedInput struct {
	id, date string
}

// maxLockDepth bounds the walk through inputs of inputs: a lock file is
// a graph, and a hand-made one may loop. maxLockInputs bounds the inputs
// read: a small hand-made file whose nodes each name one node many
// times would otherwise take that many to the tenth steps.
const (
	maxLockDepth  = 10
	maxLockInputs = 10000
)

// lockedInputs reads a flake.lock's inputs, the root's and theirs, by
// their path ("home-manager/nixpkgs"); inputs that follow another
// ("follows") are the other's and are left out. ok is false when data
// is not a flake.lock.
func lockedInputs(data []byte) (map[string]lockedInput, bool) {
	var lock struct {
		Root  string `json:"root"`
		Nodes map[string]struct {
			Inputs map[string]json.RawMessage `json:"inputs"`
			Locked struct {
				Rev          string `json:"rev"`
				NarHash      string `json:"narHash"`
				LastModified int64  `json:"lastModified"`
			} `json:"locked"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal(data, &lock); err != nil || lock.Nodes == nil {
		return nil, false
	}
	root := lock.Root
	if root == "" {
		root = "root"
	}
	out := map[string]lockedInput{}
	steps := 0
	var walk func(key, prefix string, depth int)
	walk = func(key, prefix string, depth int) {
		node, ok := lock.Nodes[key]
		if !ok || depth > maxLockDepth {
			return
		}
		// In order, so that a lock cut short at maxLockInputs is read
		// the same every time.
		for _, name := range slices.Sorted(maps.Keys(node.Inputs)) {
			if steps++; steps > maxLockInputs {
				return
			}
			var next string
			if name == "" || json.Unmarshal(node.Inputs[name], &next) != nil {
				continue // follows: a list, the path of another input
			}
			path := prefix + name
			n, ok := lock.Nodes[next]
			if !ok {
				continue
			}
			in := lockedInput{id: n.Locked.Rev}
			if in.id == "" {
				in.id = n.Locked.NarHash
			}
			if n.Locked.LastModified > 0 {
				in.date = time.Unix(n.Locked.LastModified, 0).UTC().Format(time.DateOnly)
			}
			if in.id != "" { // nothing locked: nothing to say it moved
				out[path] = in
			}
			walk(next, path+"/", depth+1)
		}
	}
	walk(root, "", 0)
	return out, true
}

// LockChanges compares a flake.lock before and after an update: the
// inputs that moved, came or went, sorted by path. before may be nil
// (no lock yet: every input is new). ok is false when after (or a
// before that is given) is no flake.lock, so nothing can be said.
func LockChanges(before, after []byte) (changes []state.InputChange, ok bool) {
	was := map[string]lockedInput{}
	if before != nil {
		if was, ok = lockedInputs(before); !ok {
			return nil, false
		}
	}
	now, ok := lockedInputs(after)
	if !ok {
		return nil, false
	}
	names := make([]string, 0, len(was)+len(now))
	for n := range was {
		names = append(names, n)
	}
	for n := range now {
		if _, ok := was[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, n := range names {
		a, hadA := was[n]
		b, hasB := now[n]
		if hadA && hasB && a.id == b.id {
			continue
		}
		c := state.InputChange{Name: n}
		if hadA {
			c.From, c.FromDate = a.id, a.date
		}
		if hasB {
			c.To, c.ToDate = b.id, b.date
		}
		changes = append(changes, c)
	}
	return changes, true
}

// ShortLockID shortens a locked revision or content hash for people to
// read: 12 hex digits of a git revision, the first 16 characters of a
// hash.
func ShortLockID(id string) string {
	if strings.HasPrefix(id, "sha256-") && len(id) > 16 {
		return id[:16]
	}
	if len(id) > 12 && !strings.Contains(id, "-") {
		return id[:12]
	}
	return id
}

// LockRootInputs lists the flake's own inputs as a flake.lock names them
// (its root node's, those that follow another among them), sorted. ok is
// false when data is not a flake.lock.
func LockRootInputs(data []byte) (names []string, ok bool) {
	var lock struct {
		Root  string `json:"root"`
		Nodes map[string]struct {
			Inputs map[string]json.RawMessage `json:"inputs"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal(data, &lock); err != nil || lock.Nodes == nil {
		return nil, false
	}
	root := lock.Root
	if root == "" {
		root = "root"
	}
	return slices.Sorted(maps.Keys(lock.Nodes[root].Inputs)), true
}

// CheckUpdateInputs says whether inputs can be updated on their own, as
// `ask-nix update <input>` asks, before anything runs: the system must be
// a flake whose flake.lock is on this machine and names each input, and
// each name must be flakeinput.Valid. The errors say what was wrong,
// that nothing was run, and what to do instead.
func (t Target) CheckUpdateInputs(inputs []string) error {
	for _, in := range inputs {
		if err := flakeinput.Check(in); err != nil {
			return err
		}
	}
	if !t.IsFlake() && strings.HasPrefix(t.File, "<") {
		return refused(fmt.Sprintf("input names (%s) are for a flake's inputs, and this system (%s) is not a flake: it is built from channels; nothing was run. ask-nix update updates the channels, all of them (nix-channel --update); for one channel, run nix-channel --update <channel> as root and then ask-nix apply --force", strings.Join(inputs, ", "), t))
	}
	if !t.IsFlake() {
		// A file: its nixpkgs may be <nixpkgs> (channels) or pinned in
		// it (npins, niv, fetchTarball), which ask-nix cannot tell.
		return refused(fmt.Sprintf("input names (%s) are for a flake's inputs, and this system (%s) is not a flake: it is a Nix file, whose nixpkgs comes from the channels (<nixpkgs>) or is pinned in the files it imports; nothing was run. ask-nix update updates the channels, all of them (nix-channel --update); a nixpkgs pinned in a file is updated there (by hand, or with npins or niv), then ask-nix apply --force builds it", strings.Join(inputs, ", "), t))
	}
	lockFile := t.LockFile()
	if lockFile == "" {
		return refused(fmt.Sprintf("the flake %s is not a folder on this machine, so there is no flake.lock here to update %s in; nothing was run. Update it where the flake lives (nix flake update %s there, and push), then ask-nix apply --force builds it", t.Flake, strings.Join(inputs, ", "), strings.Join(inputs, " ")))
	}
	data, err := os.ReadFile(lockFile)
	if errors.Is(err, fs.ErrNotExist) {
		return refused(fmt.Sprintf("%s does not exist yet, so no input is locked to update on its own; nothing was run. ask-nix update (every input) or ask-nix apply writes it", lockFile))
	}
	if err != nil {
		return fmt.Errorf("reading %s to find the inputs %s: %w; nothing was run", lockFile, strings.Join(inputs, ", "), err)
	}
	have, ok := LockRootInputs(data)
	if !ok {
		return fmt.Errorf("%s is not a flake.lock Nix could have written (no JSON with nodes), so its inputs are not known; nothing was run. Check the file, or move it aside and run ask-nix update, which writes a new one", lockFile)
	}
	for _, in := range inputs {
		if slices.Contains(have, in) {
			continue
		}
		// Only a name ask-nix takes is offered as a command (flake.nix
		// may name an input "my.input", which none of its words can).
		if i := slices.IndexFunc(have, func(h string) bool { return strings.EqualFold(h, in) && flakeinput.Valid(h) }); i >= 0 {
			return refused(fmt.Sprintf("the flake %s has no input named %s, but one named %s (input names are case-sensitive): ask-nix update %s; nothing was run", t.Flake, in, have[i], have[i]))
		}
		if len(have) == 0 {
			return refused(fmt.Sprintf("the flake %s has no input named %s: its flake.lock (%s) names none; nothing was run", t.Flake, in, lockFile))
		}
		say := "Say one of those"
		if i := slices.IndexFunc(have, flakeinput.Valid); i >= 0 {
			say += " (ask-nix update " + have[i] + ")"
		}
		return refused(fmt.Sprintf("the flake %s has no input named %s: its flake.lock (%s) names %s; nothing was run. %s, or add the input to flake.nix first", t.Flake, in, lockFile, strings.Join(quotedNames(have), ", "), say))
	}
	return nil
}

// InputsRefused is an update of named inputs that cannot be made as
// asked (an input the lock does not name, input names for a system that
// is no flake, no flake.lock on this machine to update them in): nothing
// ran, and the command line is what to change, so ask-nix refuses it
// (exit 2) as it does a generation or an edit that does not exist. A
// lock that cannot be read or makes no sense is a failure instead.
type InputsRefused struct{ msg string }

func (e *InputsRefused) Error() string { return e.msg }

func refused(msg string) error { return &InputsRefused{msg} }

// quotedNames are names for a sentence: each as it is when it is a
// name ask-nix takes, else quoted (a space, a comma or a control
// character in it would blur the list).
func quotedNames(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n
		if !flakeinput.Valid(n) {
			out[i] = strconv.Quote(n)
		}
	}
	return out
}

// KeptInputs are the flake's own inputs in the lock after an update of
// only some (only) that are not among them and that nothing in changes
// moved, sorted: the ones left as they were.
func KeptInputs(after []byte, only []string, changes []state.InputChange) []string {
	names, ok := LockRootInputs(after)
	if !ok {
		return nil
	}
	var kept []string
	for _, n := range names {
		if slices.Contains(only, n) || slices.ContainsFunc(changes, func(c state.InputChange) bool {
			return c.Name == n || strings.HasPrefix(c.Name, n+"/")
		}) {
			continue
		}
		kept = append(kept, n)
	}
	return kept
}
