// Package requests counts what people ask ask-nix (by intent), what the
// guard refused (by reason) and how often the fragment was written, for
// the daemon's metrics (nix_humanity_requests_total{intent},
// nix_humanity_guard_rejections_total{reason},
// nix_humanity_fragment_edits_total).
//
// The counts live in a small JSON file in the state directory: ask-nix
// adds to it under a lock and replaces it atomically (without fsync: see
// Add); the daemon reads it
// when scraped, and only when it changed. So ask-nix needs no daemon (a
// request made while the daemon is down is counted when it comes back)
// and the counts survive daemon restarts.
package requests

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// FileName and LockName are the counts file and its lock in the state
// directory.
const (
	FileName = "requests.json"
	LockName = "requests.lock"
)

// Labels used when a request has no intent of its own.
const (
	NotUnderstood = "not-understood" // the words matched no intent
	Unknown       = "unknown"        // refused before an intent was found
	OtherReason   = "other"          // past MaxReasons distinct reasons
)

// MaxReasons bounds the distinct rejection reasons kept, so a new code
// per request cannot grow the metric without end.
const MaxReasons = 64

// Counts is the file's content.
type Counts struct {
	Version       int              `json:"version"`
	Requests      map[string]int64 `json:"requests,omitempty"`   // by intent
	Rejections    map[string]int64 `json:"rejections,omitempty"` // by guard reason code
	FragmentEdits int64            `json:"fragmentEdits,omitempty"`
}

// Request is one handled request.
type Request struct {
	// Intent is what the words were understood as; "" when they were not
	// (or were refused before parsing).
	Intent intent.Kind
	// Err is how it ended: a *guard.Rejection counts a refusal by its
	// Code, an *intent.NotUnderstood labels the request not-understood.
	Err error
	// Edited is true when the fragment was written.
	Edited bool
	// Also are the intents said with Intent in the same words ("install
	// firefox and enable ssh"), each counted too.
	Also []intent.Kind
}

// IntentLabel is the intent label the request is counted under: a known
// intent name, or NotUnderstood / Unknown.
func (r Request) IntentLabel() string {
	if slices.Contains(intent.Kinds, r.Intent) {
		return string(r.Intent)
	}
	var nu *intent.NotUnderstood
	if errors.As(r.Err, &nu) {
		return NotUnderstood
	}
	return Unknown
}

// ReasonLabel is the rejection reason the request is counted under, ""
// when it was not refused.
func (r Request) ReasonLabel() string {
	var rej *guard.Rejection
	if !errors.As(r.Err, &rej) {
		return ""
	}
	return cleanReason(rej.Code)
}

// cleanReason keeps a code to a short, label-safe word.
func cleanReason(code string) string {
	out := make([]byte, 0, len(code))
	for i := 0; i < len(code) && len(out) < 40; i++ {
		c := code[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_':
			out = append(out, c)
		case c >= 'A' && c <= 'Z':
			out = append(out, c+'a'-'A')
		default:
			out = append(out, '-')
		}
	}
	if len(out) == 0 {
		return Unknown
	}
	return string(out)
}

// Path is the counts file in stateDir.
func Path(stateDir string) string { return filepath.Join(stateDir, FileName) }

// lockWait bounds how long ask-nix waits for another ask-nix counting at
// the same moment; the lock is held for a read and a write only.
const lockWait = 2 * time.Second

// Count adds one request to the counts in stateDir. It is meant to be
// called once per request, after it is done; its error is for a debug
// line only (a request must not fail because it could not be counted,
// e.g. when the state directory is not writable by this user).
func Count(ctx context.Context, stateDir string, r Request) error {
	return Add(ctx, stateDir, func(c *Counts) {
		if c.Requests == nil {
			c.Requests = map[string]int64{}
		}
		c.Requests[r.IntentLabel()]++
		for _, k := range r.Also {
			c.Requests[Request{Intent: k}.IntentLabel()]++
		}
		if reason := r.ReasonLabel(); reason != "" {
			if c.Rejections == nil {
				c.Rejections = map[string]int64{}
			}
			if _, seen := c.Rejections[reason]; !seen && len(c.Rejections) >= MaxReasons {
				reason = OtherReason
			}
			c.Rejections[reason]++
		}
		if r.Edited {
			c.FragmentEdits++
		}
	})
}

// CountEdit adds one fragment edit that was not a request (undo).
func CountEdit(ctx context.Context, stateDir string) error {
	return Add(ctx, stateDir, func(c *Counts) { c.FragmentEdits++ })
}

// Add changes the counts under the lock and writes them atomically.
func Add(ctx context.Context, stateDir string, change func(*Counts)) error {
	_, err := add(ctx, stateDir, "ask-nix counting a request", change)
	return err
}

// add is Add, returning the counts it wrote; who says who holds the lock.
func add(ctx context.Context, stateDir, who string, change func(*Counts)) (*Counts, error) {
	if err := state.MakeDir(stateDir); err != nil {
		return nil, fmt.Errorf("counting the request: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, lockWait)
	defer cancel()
	lock, err := flock.Acquire(ctx, filepath.Join(stateDir, LockName), who)
	if err != nil {
		return nil, fmt.Errorf("counting the request: %w", err)
	}
	defer lock.Unlock()
	c, err := Load(stateDir)
	if err != nil {
		// A damaged file would otherwise block counting for good; the
		// counts start again and Prometheus sees a reset.
		c = &Counts{}
	}
	change(c)
	c.Version = 1
	data, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	// Atomic but not fsynced: a count lost to a power cut is a counter
	// reset Prometheus copes with; two fsyncs on every request are not.
	if err := atomicfile.WriteUnsynced(Path(stateDir), append(data, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("counting the request: %w", err)
	}
	return c, nil
}

// Load reads the counts in stateDir; a missing file is all zeros.
func Load(stateDir string) (*Counts, error) {
	data, err := os.ReadFile(Path(stateDir))
	if errors.Is(err, os.ErrNotExist) {
		return &Counts{Version: 1}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading request counts: %w", err)
	}
	var c Counts
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("reading request counts %s: %w", Path(stateDir), err)
	}
	// Counters never go below zero, whatever a hand edit left.
	for _, m := range []map[string]int64{c.Requests, c.Rejections} {
		for k, n := range m {
			if n < 0 {
				m[k] = 0
			}
		}
	}
	c.FragmentEdits = max(c.FragmentEdits, 0)
	return &c, nil
}

// Reader gives the daemon the current counts, reading the file again
// only when it changed (a stat per call otherwise), so a scrape costs a
// syscall, not a parse. The counts it gives never fall while it lives
// (Prometheus counters must not go down within a daemon's life): what
// the file gains between two reads is added to them, and a file that
// counts less than before (deleted, damaged and started over, put back
// from an older copy) adds nothing until it counts on; it is then
// written again with the counts given out, where it has less, so ask-nix
// counts on from them and a daemon started later begins there.
type Reader struct {
	dir string

	mu     sync.Mutex
	loaded bool
	key    fileKey
	// file is the file's counts as last read (or written again), last
	// the counts given out.
	file, last Counts
	// damaged is why the file as last read (key) could not be parsed.
	damaged error
}

type fileKey struct {
	ino, size int64
	mtime     int64
}

// NewReader reads counts from stateDir.
func NewReader(stateDir string) *Reader { return &Reader{dir: stateDir} }

// Counts returns the latest counts; the maps are shared, read them only.
// On a read error it returns the last
// good counts with the error, so metrics do not drop to zero.
func (r *Reader) Counts() (Counts, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var k fileKey
	fi, err := os.Stat(Path(r.dir))
	switch {
	case errors.Is(err, os.ErrNotExist):
		// zero key: no file, no counts
	case err != nil:
		return r.last, fmt.Errorf("reading request counts: %w", err)
	default:
		k = fileKey{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok {
			k.ino = int64(st.Ino)
		}
	}
	// The file is replaced by rename, so every write gives a new inode.
	if r.loaded && k == r.key {
		return r.last, nil
	}
	if r.loaded && k == r.key && r.damaged != nil {
		return r.last, r.damaged
	}
	c, err := Load(r.dir)
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	if errors.As(err, &syntax) || errors.As(err, &typ) {
		// Damaged: the next ask-nix that counts starts it over from
		// zero, and what it counts from there is added.
		r.loaded, r.key, r.file, r.damaged = true, k, Counts{}, err
		return r.last, err
	}
	if err != nil {
		return r.last, err
	}
	r.damaged = nil
	next := advance(r.last, r.file, *c)
	r.loaded, r.key, r.file, r.last = true, k, *c, next
	if behind(*c, next) {
		r.putBack()
	}
	return r.last, nil
}

// putBack writes the counts given out into the file again where it has
// less. Best effort: a state directory that takes no writes keeps the
// file as it is, and the counts given out still do not fall. The next
// call reads the file again, what was written (or what an ask-nix wrote
// after it, or nothing if it is deleted again), and adds only what came
// since.
func (r *Reader) putBack() {
	last := r.last
	written, err := add(context.Background(), r.dir, "nix-humanityd writing the request counts again", func(c *Counts) {
		raise(&c.Requests, last.Requests)
		raise(&c.Rejections, last.Rejections)
		c.FragmentEdits = max(c.FragmentEdits, last.FragmentEdits)
	})
	if err == nil {
		r.file, r.loaded = *written, false
	}
}

// raise makes every count in *m at least what floor has.
func raise(m *map[string]int64, floor map[string]int64) {
	for k, n := range floor {
		if (*m)[k] < n {
			if *m == nil {
				*m = map[string]int64{}
			}
			(*m)[k] = n
		}
	}
}

// behind reports whether file counts less than out for some count.
func behind(file, out Counts) bool {
	less := func(f, o map[string]int64) bool {
		for k, n := range o {
			if f[k] < n {
				return true
			}
		}
		return false
	}
	return file.FragmentEdits < out.FragmentEdits || less(file.Requests, out.Requests) || less(file.Rejections, out.Rejections)
}

// advance is out with what the file gained from prev to now added (new
// maps: the old ones may still be read).
func advance(out, prev, now Counts) Counts {
	next := Counts{Version: 1, FragmentEdits: out.FragmentEdits}
	grow := func(out, prev, now map[string]int64, bound bool) map[string]int64 {
		res := make(map[string]int64, len(out))
		for k, n := range out {
			res[k] = n
		}
		for k, n := range now {
			d := n - prev[k]
			if d <= 0 {
				continue
			}
			if _, seen := res[k]; !seen && bound && k != OtherReason && len(res) >= MaxReasons {
				// New reasons after the file started over: bounded as
				// the file bounds them.
				k = OtherReason
			}
			res[k] += d
		}
		if len(res) == 0 {
			return nil
		}
		return res
	}
	next.Requests = grow(out.Requests, prev.Requests, now.Requests, false)
	next.Rejections = grow(out.Rejections, prev.Rejections, now.Rejections, true)
	if d := now.FragmentEdits - prev.FragmentEdits; d > 0 {
		next.FragmentEdits += d
	}
	return next
}
