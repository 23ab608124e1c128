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
	if err := os.MkdirAll(stateDir, 0o755); err != nil {
		return fmt.Errorf("counting the request: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, lockWait)
	defer cancel()
	lock, err := flock.Acquire(ctx, filepath.Join(stateDir, LockName), "ask-nix counting a request")
	if err != nil {
		return fmt.Errorf("counting the request: %w", err)
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
		return err
	}
	// Atomic but not fsynced: a count lost to a power cut is a counter
	// reset Prometheus copes with; two fsyncs on every request are not.
	if err := atomicfile.WriteUnsynced(Path(stateDir), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("counting the request: %w", err)
	}
	return nil
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
// syscall, not a parse.
type Reader struct {
	dir string

	mu     sync.Mutex
	loaded bool
	key    fileKey
	last   Counts
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
	c, err := Load(r.dir)
	if err != nil {
		return r.last, err
	}
	r.loaded, r.key, r.last = true, k, *c
	return r.last, nil
}
