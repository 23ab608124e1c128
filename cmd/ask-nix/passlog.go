package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// passLog is the logger of the passes ask-nix runs in its own process
// (apply, rollback, update, --wait with no daemon): what nix-humanityd
// would log as an error and ask-nix does not say otherwise (a state file
// that was not valid JSON, moved aside) goes to stderr, so it is not lost
// with no daemon to log it. The pass's own result ("pass finished") and
// a state that could not be saved are in the error the command returns,
// so they are not said twice; warnings and progress are the UI's.
func passLog(w io.Writer) *slog.Logger {
	return slog.New(passLogHandler{w: w})
}

type passLogHandler struct {
	w     io.Writer
	attrs []slog.Attr
}

// saidOtherwise are the error records ask-nix reports in its own words.
var saidOtherwise = map[string]bool{"pass finished": true, "saving state": true}

func (h passLogHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelError }

func (h passLogHandler) Handle(_ context.Context, r slog.Record) error {
	if saidOtherwise[r.Message] {
		return nil
	}
	var b strings.Builder
	b.WriteString("ask-nix: ")
	b.WriteString(r.Message)
	var parts []string
	add := func(a slog.Attr) bool {
		parts = append(parts, fmt.Sprintf("%s %v", strings.ReplaceAll(a.Key, "_", " "), a.Value))
		return true
	}
	for _, a := range h.attrs {
		add(a)
	}
	r.Attrs(add)
	if len(parts) > 0 {
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	b.WriteString("\n")
	_, err := io.WriteString(h.w, b.String())
	return err
}

func (h passLogHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return passLogHandler{w: h.w, attrs: append(h.attrs[:len(h.attrs):len(h.attrs)], as...)}
}

func (h passLogHandler) WithGroup(string) slog.Handler { return h }
