// Package logging sets up log/slog the same way for both mains: text for
// a person at a terminal, JSON for the journal (under systemd, where
// JOURNAL_STREAM or INVOCATION_ID is set), or what settings.LogFormat
// says; the level from settings.LogLevel (Nix's build log lines, which
// the reconciler logs at debug, show with --log-level debug).
package logging

import (
	"io"
	"log/slog"
	"strings"

	"github.com/nix-humanity/nix-humanity/internal/settings"
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

// ForSettings is New with the format and level from the settings; the
// daemon calls it with os.Getenv and os.Stderr.
func ForSettings(w io.Writer, s *settings.Settings, getenv func(string) string) *slog.Logger {
	return New(w, Options{Format: s.LogFormat, Level: s.LogLevel, Getenv: getenv})
}
