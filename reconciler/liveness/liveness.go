// Package liveness describes a daemon part that stopped proving it is
// alive (a stall) in words a person understands, and keeps the daemon's
// current stalls in the state directory (liveness.json), so that
// `ask-nix status`, which never talks to the daemon, shows the same
// stall as /healthz and /status.
//
// The daemon writes the file only when its verdict changes (a stall
// begins, changes or ends), never on a healthy idle machine; a file left
// by a daemon that is gone is ignored by readers (it names its pid).
package liveness

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// FileName is the record inside the state directory.
const FileName = "liveness.json"

// Kinds of stall.
const (
	// KindHeartbeat: a part's own event loop stopped beating (it no
	// longer selects: deadlocked, or blocked where it must not block).
	KindHeartbeat = "heartbeat"
	// KindProgress: a pass (or the start-up wait for the pass lock) made
	// no progress (no phase change, no build output) for too long.
	KindProgress = "progress"
)

// Stall is one part that went silent for longer than its limit.
type Stall struct {
	Part string `json:"part"` // "loop" or "watcher"
	Kind string `json:"kind"` // KindHeartbeat or KindProgress
	// Phase is the pass's phase for a progress stall; "" while the pass
	// had not reached a phase yet (waiting for the pass lock).
	Phase state.Phase `json:"phase,omitempty"`
	// Since is the part's last sign of life.
	Since time.Time `json:"since"`
	// LimitSeconds is the silence allowed.
	LimitSeconds float64 `json:"limitSeconds"`
}

// Limit is LimitSeconds as a duration; one past what a duration holds
// (a damaged file's) is the longest one, not a wrapped negative one.
func (s Stall) Limit() time.Duration {
	if s.LimitSeconds*float64(time.Second) >= math.MaxInt64 {
		return math.MaxInt64
	}
	return time.Duration(s.LimitSeconds * float64(time.Second))
}

// Reason says what is wrong at now, e.g.
//
//	loop: no progress for 1h2m while in phase build (limit 1h)
//	watcher: no heartbeat for 1m10s (limit 1m)
func (s Stall) Reason(now time.Time) string {
	silent := Human(now.Sub(s.Since))
	if s.Kind == KindHeartbeat {
		return fmt.Sprintf("%s: no heartbeat for %s (limit %s)", s.Part, silent, Human(s.Limit()))
	}
	where := "while waiting to start a pass"
	switch s.Phase {
	case "":
	case state.PhaseIdle:
		where = "while finishing a pass"
	default:
		where = "while in phase " + string(s.Phase)
	}
	return fmt.Sprintf("%s: no progress for %s %s (limit %s)", s.Part, silent, where, Human(s.Limit()))
}

// Human writes a duration the short way people read it: whole seconds
// from a minute on, without trailing zero units ("1h2m", "1m10s", "1h");
// tenths below ("2.2s", so that 2.2 s past a 2 s limit does not read
// "2s (limit 2s)").
func Human(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d.Round(100*time.Millisecond) < time.Minute:
		return d.Round(100 * time.Millisecond).String()
	}
	s := d.Round(time.Second).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Record is the file's content: the stalls of the daemon with that pid.
type Record struct {
	Daemon int     `json:"daemon"`
	Stalls []Stall `json:"stalls"`
}

// Path is the record's path in the state directory dir.
func Path(dir string) string { return filepath.Join(dir, FileName) }

// Save replaces the record atomically; a record without stalls removes
// the file (nothing to report).
func Save(dir string, r Record) error {
	if len(r.Stalls) == 0 {
		return Remove(dir)
	}
	data, err := r.encode()
	if err != nil {
		return err
	}
	return atomicfile.Write(Path(dir), data, 0o644)
}

// encode is the file's content for r.
func (r Record) encode() ([]byte, error) {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// Remove deletes the record; a missing one is fine.
func Remove(dir string) error {
	if err := os.Remove(Path(dir)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing the liveness record: %w", err)
	}
	return nil
}

// Load reads the record in dir; nil when there is none.
func Load(dir string) (*Record, error) {
	data, err := os.ReadFile(Path(dir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the liveness record: %w", err)
	}
	r, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("reading the liveness record %s: %w (the daemon rewrites it when its health changes; remove it to clear it)", Path(dir), err)
	}
	return r, nil
}

// parse reads the record's content.
func parse(data []byte) (*Record, error) {
	var r Record
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, err
	}
	// Readers tell a live daemon's record from a gone one's by this pid,
	// which the daemon always writes: one without it (0 read as "no
	// daemon", like a state file ask-nix wrote) would pass for current.
	if r.Daemon <= 0 {
		return nil, fmt.Errorf("it names no daemon (pid %d)", r.Daemon)
	}
	return &r, nil
}

// Same reports whether a and b describe the same stalls (the daemon
// rewrites the file only when they differ).
func Same(a, b []Stall) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Part != b[i].Part || a[i].Kind != b[i].Kind || a[i].Phase != b[i].Phase ||
			!a[i].Since.Equal(b[i].Since) || a[i].LimitSeconds != b[i].LimitSeconds {
			return false
		}
	}
	return true
}
