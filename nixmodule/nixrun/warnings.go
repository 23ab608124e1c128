package nixrun

import (
	"bytes"
	"context"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// MaxWarnings is how many different warnings Warnings keeps: a pass
// says each once, and a Nix that warns of every file it reads does not
// flood the terminal or the log.
const MaxWarnings = 8

// maxWarningLen bounds one warning, in bytes (a path in it is kept
// whole up to there).
const maxWarningLen = 400

// lvlWarn is the level of a warning in Nix's internal-json log
// (src/libutil/logging.hh: lvlError 0, lvlWarn 1, ...).
const lvlWarn = 1

// Warnings collects the warnings Nix prints on stderr ("warning: Git
// tree '/etc/nixos' is dirty", "warning: unknown setting 'foo'"), in
// plain text or as internal-json, from every Nix process of one pass:
// each once (Nix repeats some in every process it starts), at most
// MaxWarnings of them, and how many more there were. Nix prints them
// before an error, so a failure's summary (from its "error:" line on)
// leaves them out; and on success nothing else would say them.
//
// Safe for concurrent use.
type Warnings struct {
	// On, if set, hears each new warning as it comes (without the
	// "warning: " prefix), up to MaxWarnings of them. It runs on the
	// goroutine that copies the process's stderr.
	On func(string)

	mu   sync.Mutex
	list []string
	more int
	// past holds the warnings past MaxWarnings, to count each once (up
	// to maxPast of them; after that each line counts).
	past map[string]bool
}

const maxPast = 256

// List is the warnings so far, in the order Nix printed them.
func (w *Warnings) List() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.list...)
}

// More is how many different warnings came past MaxWarnings.
func (w *Warnings) More() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.more
}

// Writer is a writer for one process's stderr (lines are cut per
// process, so give each its own).
func (w *Warnings) Writer() io.Writer { return &warningWriter{w: w} }

func (w *Warnings) add(text string) {
	w.mu.Lock()
	for _, s := range w.list {
		if s == text {
			w.mu.Unlock()
			return
		}
	}
	if len(w.list) >= MaxWarnings {
		// Counted, not kept.
		if !w.past[text] {
			w.more++
			if len(w.past) < maxPast {
				if w.past == nil {
					w.past = map[string]bool{}
				}
				w.past[text] = true
			}
		}
		w.mu.Unlock()
		return
	}
	w.list = append(w.list, text)
	on := w.On
	w.mu.Unlock()
	if on != nil {
		on(text)
	}
}

type warningWriter struct {
	w       *Warnings
	partial []byte
	// skip: the line being read grew past maxLine; the rest of it,
	// up to its newline, is no line's start.
	skip bool
}

// maxLine bounds a line of stderr kept while its end has not come.
const maxLine = 1 << 20

func (ww *warningWriter) Write(p []byte) (int, error) {
	data := p
	if len(ww.partial) > 0 {
		data = append(ww.partial, p...)
	}
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break
		}
		if ww.skip {
			ww.skip = false
		} else if text, ok := WarningOf(data[:i]); ok {
			ww.w.add(text)
		}
		data = data[i+1:]
	}
	if ww.skip || len(data) > maxLine {
		// A line that never ends is no warning worth the memory, and
		// its tail is not a line of its own.
		data, ww.skip = nil, true
	}
	ww.partial = append(ww.partial[:0], data...)
	return len(p), nil
}

// WarningOf reads one line of Nix's stderr: the warning it says (its
// first line, without "warning: " and colours), or false. A plain line
// must start with "warning:" (or "evaluation warning:", which newer Nix
// prints for builtins.warn, kept whole); an internal-json one ("@nix
// {...}") must be a message at the warning level. Both forms of one
// message give the same text. Control characters (C0, C1, DEL, line
// separators) and bidirectional controls are dropped: none reaches a
// terminal or the log.
func WarningOf(line []byte) (string, bool) {
	line = bytes.TrimRight(line, "\r")
	var text string
	if rest, ok := bytes.CutPrefix(line, []byte("@nix ")); ok {
		if !gjson.ValidBytes(rest) {
			return "", false
		}
		m := gjson.ParseBytes(rest)
		if m.Get("action").String() != "msg" || m.Get("level").Int() != lvlWarn {
			return "", false
		}
		// Its first line, as a plain log would show it: cut before
		// the colours go, so no escape reaches across the newline.
		text, _, _ = strings.Cut(m.Get("msg").String(), "\n")
		text = cleanWarning(stripANSI(text))
		if rest, ok := strings.CutPrefix(text, "warning:"); ok {
			text = strings.TrimSpace(rest)
		}
	} else {
		s := cleanWarning(stripANSI(string(line)))
		rest, ok := strings.CutPrefix(s, "warning:")
		switch {
		case ok:
			text = strings.TrimSpace(rest)
		case strings.HasPrefix(s, evalWarning):
			text = s
		default:
			return "", false
		}
	}
	if text == "" || text == evalWarning || isBusyNotice(text) {
		return "", false
	}
	if len(text) > maxWarningLen {
		cut := maxWarningLen
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	return text, true
}

// isBusyNotice reports Nix's notice that another Nix process holds its
// database ("error: SQLite database '/nix/var/nix/db/db.sqlite' is
// busy"): Nix prints it as a warning while it waits and retries on its
// own, so it says nothing about the user's configuration, and passing
// it on would make a pass that went well read as if something failed.
func isBusyNotice(text string) bool {
	text = strings.TrimPrefix(text, "error: ")
	return strings.HasPrefix(text, "SQLite database '") && strings.HasSuffix(text, "' is busy")
}

// evalWarning starts what builtins.warn prints (Nix 2.23 and later).
const evalWarning = "evaluation warning:"

// cleanWarning drops the characters no terminal or log should get from
// Nix's text (and makes it valid UTF-8), then the spaces around it.
func cleanWarning(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s))
}

// WarningRunner passes every command on to Runner, and the stderr of the
// Nix ones (nix, nix-build, nix-instantiate, nix-env, nix-store, ...)
// to Warnings as well.
type WarningRunner struct {
	Runner
	Warnings *Warnings
}

// Run runs c, reading its warnings when it is a Nix program.
func (r WarningRunner) Run(ctx context.Context, c Cmd) (Result, error) {
	if r.Warnings != nil && len(c.Argv) > 0 && isNixProgram(c.Argv[0]) {
		w := r.Warnings.Writer()
		if c.Stderr != nil {
			w = io.MultiWriter(c.Stderr, w)
		}
		c.Stderr = w
	}
	return r.Runner.Run(ctx, c)
}

// isNixProgram reports whether argv0 is one of Nix's own programs.
func isNixProgram(argv0 string) bool {
	base := filepath.Base(argv0)
	return base == "nix" || strings.HasPrefix(base, "nix-")
}

// ReadBack is the warnings a pass recorded (list and the count of the
// others, more), as read back from a file another version or a hand
// may have written: each read as a line of Nix's again (so it stays one
// line, with nothing a terminal acts on), each once, at most
// MaxWarnings, the others added to more, which is never negative. What
// Warnings kept reads back as it was.
func ReadBack(list []string, more int) ([]string, int) {
	var out []string
	more = max(more, 0)
	for _, s := range list {
		text, ok := WarningOf([]byte("warning: " + s))
		switch {
		case !ok || slices.Contains(out, text):
		case len(out) < MaxWarnings:
			out = append(out, text)
		case more < math.MaxInt:
			more++
		}
	}
	return out, more
}
