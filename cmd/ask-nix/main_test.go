package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/nix-humanity/nix-humanity/internal/oneproc"
	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

// TestMain registers the programs the .txtar scripts run. The test binary
// itself becomes `ask-nix` (a copy on $PATH), so every script line runs the
// real command as a separate process.
func TestMain(m *testing.M) {
	// Run over SSH or not, the tests see the same output (warnSSH).
	os.Unsetenv("SSH_CONNECTION")
	sshAncestor = func() bool { return false }
	commands := map[string]func(){
		"ask-nix": func() {
			os.Exit(Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
		// exits N PROG ARGS... runs PROG and succeeds only if it exits
		// with status N, passing its output through, so a script can
		// check the exact exit code: `exec exits 2 ask-nix "..."`.
		"exits": func() {
			if len(os.Args) < 3 {
				fmt.Fprintln(os.Stderr, "usage: exits CODE PROG [ARGS...]")
				os.Exit(99)
			}
			want, err := strconv.Atoi(os.Args[1])
			if err != nil {
				fmt.Fprintf(os.Stderr, "exits: bad code %q\n", os.Args[1])
				os.Exit(99)
			}
			cmd := exec.Command(os.Args[2], os.Args[3:]...)
			cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
			err = cmd.Run()
			got := 0
			if err != nil {
				ee, ok := err.(*exec.ExitError)
				if !ok {
					fmt.Fprintf(os.Stderr, "exits: %v\n", err)
					os.Exit(99)
				}
				got = ee.ExitCode()
			}
			if got != want {
				fmt.Fprintf(os.Stderr, "exits: %s exited with %d, want %d\n", os.Args[2], got, want)
				os.Exit(98)
			}
			os.Exit(0)
		},
	}
	if _, isCommand := commands[filepath.Base(os.Args[0])]; !isCommand {
		// The tests themselves (not a command a script runs): settings
		// from the caller's environment would reach the in-process runs
		// and outrank each test's own configuration.
		testbin.ClearSettingsEnv()
		// They run in parallel: every CPU, not the one P ask-nix
		// starts on (internal/oneproc). A command a script runs keeps
		// it, as ask-nix does.
		oneproc.Release()
	}
	testscript.Main(m, commands)
}

// TestScripts runs every story in testdata/script. Each gets its own
// machine in $WORK: the fragment at $WORK/etc/nixos/nix-humanity.nix (the
// directory exists, the file does not unless the script makes it), state
// in $WORK/var/lib/nix-humanity, and every other NIX_HUMANITY_* path
// below $WORK; no file outside $WORK is read or written. Nix runs for
// real (nix-instantiate --parse on every write), with NIX_CONFIG set for
// this machine.
func TestScripts(t *testing.T) {
	nixruntest.RequireNix(t)
	testscript.Run(t, testscript.Params{
		Dir:   filepath.Join("testdata", "script"),
		Setup: setupScriptEnv,
	})
}

// setupScriptEnv points every setting at $WORK. Scripts can name the
// paths by their variables: $NIX_HUMANITY_FRAGMENT, $NIX_HUMANITY_STATE_DIR.
func setupScriptEnv(env *testscript.Env) error {
	work := env.WorkDir
	paths := map[string]string{
		"NIX_HUMANITY_FRAGMENT":  filepath.Join(work, "etc", "nixos", "nix-humanity.nix"),
		"NIX_HUMANITY_STATE_DIR": filepath.Join(work, "var", "lib", "nix-humanity"),
		"NIX_HUMANITY_PROFILE":   filepath.Join(work, "nix", "var", "nix", "profiles", "system"),
		"NIX_HUMANITY_RUN_DIR":   filepath.Join(work, "run"),
		"NIX_HUMANITY_INDEX_DIR": filepath.Join(work, "var", "cache", "nix-humanity"),
		// No module-written system settings.
		"NIX_HUMANITY_CONFIG": "none",
		"XDG_CONFIG_HOME":     filepath.Join(work, "home", ".config"),
		"HOME":                filepath.Join(work, "home"),
	}
	for k, v := range paths {
		env.Setenv(k, v)
	}
	nixConfig := os.Getenv("NIX_CONFIG")
	if nixConfig == "" {
		nixConfig = nixruntest.NixConfig
	}
	env.Setenv("NIX_CONFIG", nixConfig)
	for _, d := range []string{filepath.Join(work, "etc", "nixos"), filepath.Join(work, "home")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	// A small time zone database in $WORK, so time zone checks give the
	// same answers on every machine (a fresh CI machine may have none).
	// The files are stand-ins: a zone file's magic number and nothing
	// else, which is all ask-nix reads of them.
	zoneinfo := filepath.Join(work, "zoneinfo")
	for _, z := range []string{"UTC", "Etc/UTC", "Europe/Berlin", "Europe/Paris", "America/New_York", "America/Chicago", "Asia/Kolkata"} {
		path := filepath.Join(zoneinfo, filepath.FromSlash(z))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte("TZif2\x00"), 0o644); err != nil {
			return err
		}
	}
	env.Setenv("ZONEINFO", zoneinfo)
	return nil
}
