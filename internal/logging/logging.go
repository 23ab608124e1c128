// Package logging sets up log/slog the same way for both mains: text for
// a person at a terminal, JSON for the journal (under systemd, where
// JOURNAL_STREAM or INVOCATION_ID is set), or what settings.LogFormat
// says; the level from settings.LogLevel. It also fixes the shape of the
// two kinds of line the reconciler writes most: one per phase (with its
// duration and result) and Nix's own build log lines (at debug).
package logging

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"time"
)

// Options chooses the handler. Zero values mean: auto format, info.
type Options struct {
	// Format is "auto", "text" or "json" (settings.LogFormat).
	Format string
	// Level is "debug", "info", "warn" or "error" (settings.LogLevel).
	Level string
	// Getenv reads the environment; nil means no variables are set.
	Getenv func(string) string
}

// UnderSystemd reports whether the process runs as a systemd service
// (its output goes to the journal).
func UnderSystemd(getenv func(string) string) bool {
	if getenv == nil {
		return false
	}
	return getenv("JOURNAL_STREAM") != "" || getenv("INVOCATION_ID") != ""
}

// JSON reports whether the options give JSON output.
func (o Options) JSON() bool {
	switch o.Format {
	case "json":
		return true
	case "text":
		return false
	}
	return UnderSystemd(o.Getenv)
}

// ParseLevel maps a settings level name to a slog level; unknown names
// are info (settings has already refused them).
func ParseLevel(s string) slog.Level {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug
	case "warn", "warning":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// New returns a logger writing to w.
func New(w io.Writer, o Options) *slog.Logger {
	opts := &slog.HandlerOptions{Level: ParseLevel(o.Level)}
	if o.JSON() {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	// The journal stamps each line itself; a terminal reader wants a
	// short time, not RFC 3339 with nanoseconds.
	opts.ReplaceAttr = func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey && a.Value.Kind() == slog.KindTime {
			return slog.String(slog.TimeKey, a.Value.Time().Format("15:04:05.000"))
		}
		return a
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// Discard is a logger that writes nothing, for tests and library
// defaults.
func Discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// Phase logs one finished phase: its name, how long it took, and how it
// ended ("ok", or the pass result when the pass ended in it). A failed
// phase logs at error with the error text.
func Phase(l *slog.Logger, phase string, d time.Duration, result string, err string) {
	attrs := []slog.Attr{
		slog.String("phase", phase),
		slog.Float64("duration_s", roundSeconds(d)),
		slog.String("result", result),
	}
	level := slog.LevelInfo
	if err != "" {
		level = slog.LevelError
		attrs = append(attrs, slog.String("error", err))
	}
	l.LogAttrs(context.Background(), level, "phase done", attrs...)
}

// NixLine logs one line of Nix's own build output at debug, so a normal
// journal stays readable and `--log-level debug` shows everything Nix
// said.
func NixLine(l *slog.Logger, drv, line string) {
	if !l.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{slog.String("line", strings.TrimRight(line, "\r\n"))}
	if drv != "" {
		attrs = append(attrs, slog.String("drv", drv))
	}
	l.LogAttrs(context.Background(), slog.LevelDebug, "nix", attrs...)
}

// roundSeconds keeps durations readable: milliseconds are enough.
func roundSeconds(d time.Duration) float64 {
	return float64(d.Round(time.Millisecond)) / float64(time.Second)
}

// PhaseOrder is the order phases run in; PassDone logs them so.
var PhaseOrder = []string{"eval", "build", "activate", "health", "rollback"}

// Pass is what PassDone needs of a finished pass (reconciler/state.Pass
// carries these fields; this package sits below it and cannot import it).
type Pass struct {
	ID         int64
	Trigger    string
	Result     string // success, failure, noop, rolled_back
	Reason     string
	Error      string
	Generation int
	// Durations in seconds by phase, plus "total".
	Durations map[string]float64
}

// PassDone logs one line per phase the pass went through, in order, then
// one line for the pass. The last phase carries the pass's result when
// the pass did not succeed: that is where it stopped.
func PassDone(l *slog.Logger, p Pass) {
	var ran []string
	for _, ph := range PhaseOrder {
		if _, ok := p.Durations[ph]; ok {
			ran = append(ran, ph)
		}
	}
	failed := p.Result == "failure" || p.Result == "rolled_back"
	for i, ph := range ran {
		result, errText := "ok", ""
		if failed && i == len(ran)-1 {
			result, errText = p.Result, p.Error
		}
		Phase(l, ph, seconds(p.Durations[ph]), result, errText)
	}
	attrs := []slog.Attr{
		slog.Int64("pass", p.ID),
		slog.String("result", p.Result),
		slog.Float64("duration_s", roundSeconds(seconds(p.Durations["total"]))),
	}
	if p.Trigger != "" {
		attrs = append(attrs, slog.String("trigger", p.Trigger))
	}
	if p.Reason != "" {
		attrs = append(attrs, slog.String("reason", p.Reason))
	}
	if p.Generation > 0 {
		attrs = append(attrs, slog.Int("generation", p.Generation))
	}
	level := slog.LevelInfo
	switch p.Result {
	case "failure":
		level = slog.LevelError
		attrs = append(attrs, slog.String("error", p.Error))
	case "rolled_back":
		level = slog.LevelWarn
		attrs = append(attrs, slog.String("error", p.Error))
	}
	l.LogAttrs(context.Background(), level, "pass done", attrs...)
}

func seconds(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }
