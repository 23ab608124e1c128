package main

import (
	"io"
	"log/slog"

	"github.com/nix-humanity/nix-humanity/internal/settings"
)

// newLogger builds the daemon's logger: JSON under systemd (journald
// sets JOURNAL_STREAM, systemd sets INVOCATION_ID) or when asked, text
// otherwise; the level from the settings.
func newLogger(s *settings.Settings, w io.Writer, lookupEnv func(string) (string, bool)) *slog.Logger {
	level := slog.LevelInfo
	switch s.LogLevel {
	case "debug":
		level = slog.LevelDebug
	case "warn":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	opts := &slog.HandlerOptions{Level: level}
	format := s.LogFormat
	if format == "auto" {
		format = "text"
		_, journal := lookupEnv("JOURNAL_STREAM")
		_, unit := lookupEnv("INVOCATION_ID")
		if journal || unit {
			format = "json"
		}
	}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
