package nixrun

import (
	"bytes"
	"strings"
	"sync"

	"github.com/tidwall/gjson"
)

// Progress is how far a build is, read from Nix's --log-format
// internal-json output.
type Progress struct {
	// Derivations: built so far, to build in all, building now, failed.
	Done, Expected, Running, Failed int
	// Building names what is being built now ("hello-2.12.1"), oldest
	// first.
	Building []string
}

// Nix's activity and result types (src/libutil/logging.hh).
const (
	actBuild  = 105
	actBuilds = 104

	resBuildLogLine     = 101
	resProgress         = 105
	resPostBuildLogLine = 107
)

// maxTail is how many log lines of a build are kept for its error.
const maxTail = 12

// LogReader reads Nix's internal-json log (the "@nix {...}" lines on
// stderr) as it is written: progress for a bar or log lines, build log
// lines, and the error messages Nix prints, with the last lines of a
// failed build's own log. Safe for one writer and concurrent readers.
type LogReader struct {
	// OnProgress, if set, is called whenever the progress changes.
	OnProgress func(Progress)
	// OnLogLine, if set, receives each line a builder prints, with the
	// name of what it builds.
	OnLogLine func(name, line string)

	mu       sync.Mutex
	partial  []byte
	progress Progress
	// builds maps a running build activity to its derivation;
	// buildsIDs holds the ids of the overall "builds" activities, whose
	// progress counts derivations (other activities report progress in
	// the same form: paths copied, bytes downloaded).
	builds    map[int64]*buildActivity
	buildsIDs map[int64]bool
	order     []int64
	// finished keeps the tails of a few finished builds, for an error
	// that arrives after the build's activity stopped.
	finished []*buildActivity
	errors   []string
	plain    []string // stderr lines that were not internal-json

	// What the callbacks are told once the current chunk is read.
	dirty        bool
	pendingLines [][2]string
}

type buildActivity struct {
	drv  string
	name string
	tail []string
}

// Write takes the next chunk of stderr. The callbacks run after the
// chunk is read, outside the reader's lock.
func (l *LogReader) Write(p []byte) (int, error) {
	l.mu.Lock()
	data := append(l.partial, p...)
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break
		}
		l.line(data[:i])
		data = data[i+1:]
	}
	// Keep the unfinished line; a pathological line without newline is
	// cut so memory stays bounded.
	if len(data) > 1<<20 {
		data = data[len(data)-1<<20:]
	}
	l.partial = append(l.partial[:0], data...)
	lines := l.pendingLines
	l.pendingLines = nil
	var prog *Progress
	if l.dirty {
		l.dirty = false
		p := l.progress
		p.Building = append([]string(nil), p.Building...)
		prog = &p
	}
	l.mu.Unlock()
	if l.OnLogLine != nil {
		for _, ln := range lines {
			l.OnLogLine(ln[0], ln[1])
		}
	}
	if prog != nil && l.OnProgress != nil {
		l.OnProgress(*prog)
	}
	return len(p), nil
}

func (l *LogReader) line(b []byte) {
	b = bytes.TrimRight(b, "\r")
	rest, ok := bytes.CutPrefix(b, []byte("@nix "))
	if !ok {
		if s := strings.TrimSpace(stripANSI(string(b))); s != "" {
			l.plain = appendBounded(l.plain, s, 40)
		}
		return
	}
	if !gjson.ValidBytes(rest) {
		return
	}
	m := gjson.ParseBytes(rest)
	id := m.Get("id").Int()
	switch m.Get("action").String() {
	case "start":
		if m.Get("type").Int() == actBuilds {
			if l.buildsIDs == nil {
				l.buildsIDs = map[int64]bool{}
			}
			l.buildsIDs[id] = true
		}
		if m.Get("type").Int() == actBuild {
			drv := m.Get("fields.0").String()
			if l.builds == nil {
				l.builds = map[int64]*buildActivity{}
			}
			// A second start of a running id (a damaged or interleaved
			// log) replaces that build: listed twice, its stop would
			// leave an id in order with no build behind it.
			if _, running := l.builds[id]; !running {
				l.order = append(l.order, id)
			}
			l.builds[id] = &buildActivity{drv: drv, name: DrvName(drv)}
			l.progressChanged()
		}
	case "stop":
		if b, ok := l.builds[id]; ok {
			delete(l.builds, id)
			for i, o := range l.order {
				if o == id {
					l.order = append(l.order[:i], l.order[i+1:]...)
					break
				}
			}
			l.finished = append(l.finished, b)
			if len(l.finished) > 8 {
				l.finished = l.finished[1:]
			}
			l.progressChanged()
		}
	case "result":
		switch m.Get("type").Int() {
		case resProgress:
			f := m.Get("fields").Array()
			if len(f) == 4 && l.buildsIDs[id] {
				l.progress.Done = int(f[0].Int())
				l.progress.Expected = int(f[1].Int())
				l.progress.Running = int(f[2].Int())
				l.progress.Failed = int(f[3].Int())
				l.progressChanged()
			}
		case resBuildLogLine, resPostBuildLogLine:
			text := stripANSI(m.Get("fields.0").String())
			if b, ok := l.builds[id]; ok {
				b.tail = appendBounded(b.tail, text, maxTail)
				if l.OnLogLine != nil {
					l.pendingLines = append(l.pendingLines, [2]string{b.name, text})
				}
			}
		}
	case "msg":
		if m.Get("level").Int() == 0 {
			msg := strings.TrimSpace(stripANSI(m.Get("msg").String()))
			if msg != "" {
				l.errors = appendBounded(l.errors, msg, 20)
			}
		}
	}
}

func (l *LogReader) progressChanged() {
	l.progress.Building = l.progress.Building[:0]
	for _, id := range l.order {
		l.progress.Building = append(l.progress.Building, l.builds[id].name)
	}
	l.dirty = true
}

// Progress returns the progress so far.
func (l *LogReader) Progress() Progress {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.progress
	p.Building = append([]string(nil), p.Building...)
	return p
}

// ErrorText is what Nix said went wrong: its error messages and, for a
// builder that failed, the last lines of that build's log. Without
// internal-json lines it is the plain stderr tail, cut like Summary.
func (l *LogReader) ErrorText() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.errors) == 0 {
		return Summary([]byte(strings.Join(l.plain, "\n")))
	}
	var out []string
	for _, e := range l.errors {
		out = append(out, e)
		for _, b := range l.allBuilds() {
			if b.drv != "" && strings.Contains(e, b.drv) && len(b.tail) > 0 {
				out = append(out, "last lines of the build log of "+b.name+":")
				for _, t := range b.tail {
					out = append(out, "  "+t)
				}
				b.tail = nil // once is enough
			}
		}
	}
	return strings.Join(out, "\n")
}

func (l *LogReader) allBuilds() []*buildActivity {
	out := append([]*buildActivity(nil), l.finished...)
	for _, id := range l.order {
		out = append(out, l.builds[id])
	}
	return out
}

func appendBounded(s []string, v string, max int) []string {
	s = append(s, v)
	if len(s) > max {
		s = append(s[:0], s[len(s)-max:]...)
	}
	return s
}

// DrvName is the name part of a store path: "/nix/store/<hash>-hello-2.12.1.drv"
// gives "hello-2.12.1".
func DrvName(path string) string {
	base := path[strings.LastIndexByte(path, '/')+1:]
	base = strings.TrimSuffix(base, ".drv")
	if i := strings.IndexByte(base, '-'); i == 32 {
		return base[i+1:]
	}
	return base
}
