// Command nix-humanityd is the reconciler daemon: it watches the managed
// fragment (and the configured watch paths) and evaluates, builds and
// activates the system through Nix when they change.
//
//	nix-humanityd                         run with the machine's settings
//	nix-humanityd --playground DIR        set up (or reuse) a playground in DIR and run on it
//	nix-humanityd --playground DIR --setup-only
//
// Settings come from internal/settings (defaults < config.json <
// backend.conf < environment < these flags).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/flock"
	"github.com/nix-humanity/nix-humanity/internal/logging"
	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/internal/shellword"
	"github.com/nix-humanity/nix-humanity/internal/version"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/ops"
	"github.com/nix-humanity/nix-humanity/reconciler/sdnotify"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.LookupEnv)
	stop()
	os.Exit(code)
}

// run is the daemon without the process around it: flags, settings,
// wiring. It returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	fs := flag.NewFlagSet("nix-humanityd", flag.ContinueOnError)
	// The flag package would print every flag after any mistake: the
	// help goes to stdout when asked for, a mistake gets one line.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	pgDir := fs.String("playground", "", "set up a playground in `DIR` (its own fragment, profile, state and a stand-in NixOS system) and run on it")
	setupOnly := fs.Bool("setup-only", false, "with --playground: set the folder up, build its first generation, and exit")
	showVersion := fs.Bool("version", false, "print the version and exit")
	values := map[string]*string{}
	for _, k := range settings.Keys() {
		if k.Flag != "" {
			values[k.Flag] = fs.String(k.Flag, "", k.FlagHelp())
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(stdout, fs)
			return 0
		}
		fmt.Fprintf(stderr, "nix-humanityd: %s; nothing was started (nix-humanityd --help lists the flags)\n", gnuFlagError(err))
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "nix-humanityd: unexpected argument %q; nothing was started (nix-humanityd --help lists the flags)\n", fs.Arg(0))
		return 2
	}
	if *showVersion {
		fmt.Fprintln(stdout, "nix-humanityd", version.Version)
		return 0
	}
	var overrides []settings.Override
	fs.Visit(func(f *flag.Flag) {
		for _, k := range settings.Keys() {
			if k.Flag == f.Name {
				overrides = append(overrides, settings.Override{Key: k.Name, Value: *values[f.Name], Source: "flag --" + f.Name})
			}
		}
	})
	loader := settings.Loader{LookupEnv: lookupEnv, Flags: overrides}

	var (
		s   *settings.Settings
		pg  playground.Layout
		err error
	)
	var daemon *flock.Lock
	if *pgDir != "" {
		// The playground's daemon lock first: a second daemon (or a
		// setup) on a folder one runs on changes nothing in it, not even
		// the stand-in files, which the running one watches.
		if pg, err = playground.LayoutOf(*pgDir); err == nil {
			daemon, err = reconciler.LockDaemon(&settings.Settings{StateDir: pg.StateDir})
		}
		var running *reconciler.DaemonRunningError
		if errors.As(err, &running) {
			// Not systemctl, nor --state-dir and --profile, which a
			// playground keeps in its own folder whatever they say.
			fmt.Fprintf(stderr, "nix-humanityd: another nix-humanityd is running on the playground %s (%s). Nothing was started, and the playground was left as it is: that daemon already builds its changes (ask-nix status shows it); stop it first (Ctrl-C where it runs, or end the process) to start this one, or give this one a playground folder of its own (nix-humanityd --playground DIR)\n", pg.Dir, running.Holder)
			return 1
		}
		if err != nil {
			fmt.Fprintf(stderr, "nix-humanityd: %v\n", err)
			return 1
		}
		defer daemon.Unlock()
		pg, err = playground.Write(*pgDir, playground.Options{HealthCheck: true})
		if err == nil {
			s, err = reconciler.PlaygroundSettings(pg, loader)
		}
	} else {
		s, err = loader.Load()
	}
	if err != nil {
		if len(overrides) > 0 {
			// A flag's own value (the files load without the flags)
			// says nothing of what happened and what to do.
			if _, ferr := (settings.Loader{LookupEnv: lookupEnv}).Load(); ferr == nil {
				err = fmt.Errorf("%w; nothing was started (nix-humanityd --help lists the flags)", err)
			}
		}
		fmt.Fprintf(stderr, "nix-humanityd: %v\n", err)
		return 2
	}
	log := logging.ForSettings(stderr, s, func(k string) string { v, _ := lookupEnv(k); return v })
	r := &reconciler.Reconciler{Settings: s, Runner: nixrun.Exec{Log: log}, Log: log}
	if !*setupOnly {
		r.Service = service(ctx, lookupEnv, log)
	}
	if !*setupOnly {
		if daemon == nil || s.StateDir != pg.StateDir {
			if daemon, err = reconciler.LockDaemon(s); err != nil {
				log.Error("nix-humanityd cannot start", "error", err)
				return 1
			}
			defer daemon.Unlock()
		}
		// One daemon per machine's profile too, whatever its state
		// directory. Where the run directory cannot be written, the state
		// directory's lock is the only guard.
		profileLock, err := reconciler.LockProfile(s)
		var held *flock.HeldError
		switch {
		case errors.As(err, &held):
			log.Error("nix-humanityd cannot start", "error", err)
			return 1
		case err != nil:
			log.Warn("not guarding the profile against a second daemon", "error", err)
		default:
			defer profileLock.Unlock()
		}
		// Taken again should the state directory go (rm -rf by hand), so
		// ask-nix and a second daemon still see this one.
		defer reconciler.KeepDaemonLock(s, daemon, 5*time.Second, log)()
	}

	if *setupOnly {
		if *pgDir == "" {
			fmt.Fprintln(stderr, "nix-humanityd: --setup-only needs --playground DIR; nothing was started (nix-humanityd --help lists the flags)")
			return 2
		}
		if err := r.StartPlayground(ctx, pg); err != nil {
			fmt.Fprintf(stderr, "nix-humanityd: %v\n", err)
			return 1
		}
		playgroundReady(stdout, pg, false)
		return 0
	}

	log.Info("nix-humanityd starting", "version", version.Version, "fragment", s.Fragment, "profile", s.Profile, "stateDir", s.StateDir)
	// Metrics, /healthz, /status, systemd notification: one observer.
	// Served before anything that may take a while (a playground's first
	// generation, the pass lock, the first scan of the inputs): /healthz
	// answers at once, 503 "starting" with what the daemon is doing,
	// rather than not at all.
	o, err := ops.Start(ctx, ops.Config{
		Settings: s, Version: version.Version, Log: log,
		Status: func(context.Context) (any, error) { return reconciler.Status(s) },
		Getenv: func(k string) string { v, _ := lookupEnv(k); return v },
	})
	if err != nil {
		log.Error("nix-humanityd cannot start", "error", err)
		return 1
	}
	if *pgDir != "" {
		o.Starting("setting up the playground (its first generation is built with real Nix)")
		if err := r.StartPlayground(ctx, pg); err != nil {
			fmt.Fprintf(stderr, "nix-humanityd: %v\n", err)
			_ = o.Close()
			return 1
		}
		if st, err := state.Load(s.StateDir); err == nil {
			o.Ran(st) // its own pass, logged already
		}
	}
	// Until the loop has the pass lock (an ask-nix apply may hold it for
	// the length of a build) and watches the inputs.
	o.Starting("watching the inputs and taking the pass lock (a pass holding it, such as ask-nix apply, is waited for; ask-nix status says who holds it)")
	r.Observer = o
	loop := &reconciler.Loop{R: r}
	if *pgDir != "" {
		// Said once, when edits are watched: after the daemon's start
		// lines and the playground's first pass, not among them.
		loop.OnWatching = func() { playgroundReady(stdout, pg, true) }
	}
	beats := ops.Beats{Every: loop.HeartbeatEvery(), Limit: reconciler.HeartbeatLimit(loop.HeartbeatEvery())}
	err = o.RunLoop(beats, func() error { return loop.Run(ctx) })
	if cerr := o.Close(); cerr != nil {
		log.Warn("metrics endpoint", "error", cerr)
	}
	if err != nil {
		log.Error("nix-humanityd stopped", "error", err)
		return 1
	}
	log.Info("nix-humanityd stopped")
	return 0
}

// playgroundReady says that the playground in pg is ready and how to
// point ask-nix at it, as a block of its own on stdout: set apart by
// blank lines from the log lines around it (stderr, on the same
// terminal) when the daemon runs on it (watching), alone after
// --setup-only.
func playgroundReady(w io.Writer, pg playground.Layout, watching bool) {
	var b strings.Builder
	if watching {
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "Playground ready in %s (a stand-in NixOS system built with real Nix).\nPoint ask-nix at it with:\n  export NIX_HUMANITY_CONFIG=%s\n", pg.Dir, shellword.Quote(pg.Config))
	if watching {
		b.WriteString("nix-humanityd watches it and builds each change; Ctrl-C stops it.\n\n")
	} else {
		fmt.Fprintf(&b, "Run the daemon on it with:\n  nix-humanityd --playground %s\n", shellword.Quote(pg.Dir))
	}
	io.WriteString(w, b.String())
}

// service is the systemd unit the daemon runs as and how systemd restarts
// it, recorded in the state file so that ask-nix --wait, when the daemon
// goes away, waits as long as systemd takes to start it again (or not at
// all when nothing will).
func service(ctx context.Context, lookupEnv func(string) (string, bool), log *slog.Logger) state.Service {
	unit := sdnotify.Unit(func(k string) string { v, _ := lookupEnv(k); return v })
	if unit == "" {
		return state.Service{}
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	rs, err := sdnotify.RestartOf(ctx, unit)
	if err != nil {
		log.Debug("reading how systemd restarts the daemon", "unit", unit, "error", err)
		return state.Service{Unit: unit}
	}
	return state.Service{Unit: unit, Restart: rs.Policy, RestartSeconds: rs.Delay.Seconds()}
}

// usage is the --help text before the flags; nix/man-from-help.sh makes
// the man page from it (DESCRIPTION, SYNOPSIS, EXAMPLES, ...).
const usage = `nix-humanityd keeps the system in the state the managed fragment asks for.
It watches the fragment ask-nix edits (and the watch paths), and after each
change evaluates, builds and activates the system through Nix the way
nixos-rebuild switch does, keeps every result as a generation of the system
profile, runs the health checks, and rolls back on failure. It serves
/metrics, /healthz and /status, and speaks systemd's notify protocol.

Settings, highest first: these flags, the NIX_HUMANITY_* environment
variables, ~/.config/nix-humanity/backend.conf, /etc/nix-humanity/config.json
(written by the NixOS module; NIX_HUMANITY_CONFIG names another), the
built-in defaults. ask-nix config shows each value and where it came from.

Usage:
  nix-humanityd [flags]

Examples:
  nix-humanityd
  nix-humanityd --log-level debug --debounce 2s
  nix-humanityd --playground /tmp/pg --setup-only
  nix-humanityd --playground /tmp/pg

Exit status:
  0 stopped cleanly (SIGTERM, SIGINT) or --setup-only done; 1 failed (another
  daemon runs, the metrics address is taken, ...); 2 a flag or a setting that
  cannot be read (nothing was started).

Flags:
`

// printUsage writes the --help text.
func printUsage(w io.Writer, fs *flag.FlagSet) {
	io.WriteString(w, usage)
	io.WriteString(w, flagLines(fs))
}

// flagLines lists the flags GNU-style, as ask-nix's --help does: one
// line each, "--name ARG" (no ARG for a switch) and what it sets, in
// one column. Go's flag package would print "-name", which it takes as
// well as "--name".
func flagLines(fs *flag.FlagSet) string {
	var names, usages []string
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		name := "--" + f.Name
		if arg != "" {
			name += " " + arg
		}
		if f.DefValue != "" && f.DefValue != "false" {
			usage += " (default " + f.DefValue + ")"
		}
		names, usages = append(names, name), append(usages, usage)
		width = max(width, len(name))
	})
	var b strings.Builder
	for i, name := range names {
		fmt.Fprintf(&b, "  %-*s   %s\n", width, name, usages[i])
	}
	return b.String()
}

// gnuFlagError says a mistake Go's flag package found with the flag
// named as --help lists it ("--bogus", not "-bogus").
func gnuFlagError(err error) string {
	msg := err.Error()
	for _, f := range []struct{ prefix, gnu string }{
		{"flag provided but not defined: -", "unknown flag --%s"},
		{"flag needs an argument: -", "flag --%s needs a value"},
	} {
		if name, ok := strings.CutPrefix(msg, f.prefix); ok {
			return fmt.Sprintf(f.gnu, strings.TrimPrefix(name, "-"))
		}
	}
	// invalid value "x" for flag -name: why; invalid boolean value "x"
	// for -name: why
	if strings.HasPrefix(msg, "invalid ") {
		for _, sep := range []string{" for flag -", " for -"} {
			if before, after, ok := strings.Cut(msg, sep); ok {
				return before + " for flag --" + strings.TrimPrefix(after, "-")
			}
		}
	}
	return msg
}
