package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/testbin"
)

func TestMain(m *testing.M) {
	testbin.ClearSettingsEnv()
	os.Exit(m.Run())
}

// The command line, before anything starts: help on stdout (the man page
// is made from it), one line for a mistake with what to do, exit 2.
func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	noEnv := func(k string) (string, bool) {
		if k == "NIX_HUMANITY_CONFIG" {
			return "none", true
		}
		if k == "HOME" {
			return dir, true
		}
		return "", false
	}
	tests := []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{"--help"}, 0, "Usage:\n  nix-humanityd [flags]\n", ""},
		// GNU-style, as ask-nix lists its flags (Go's flag package
		// takes -name and --name alike, and prints -name).
		{[]string{"-h"}, 0, "(env NIX_HUMANITY_ACTION; default switch)", ""},
		{[]string{"--help"}, 0, "\nFlags:\n  --action string   ", ""},
		{[]string{"--help"}, 0, "\n  --setup-only      ", ""},
		{[]string{"--help"}, 0, "\n  --playground DIR  ", ""},
		{[]string{"--bogus"}, 2, "", "nix-humanityd: unknown flag --bogus; nothing was started (nix-humanityd --help lists the flags)\n"},
		{[]string{"-bogus"}, 2, "", "nix-humanityd: unknown flag --bogus; nothing was started (nix-humanityd --help lists the flags)\n"},
		{[]string{"--action"}, 2, "", "nix-humanityd: flag --action needs a value; nothing was started (nix-humanityd --help lists the flags)\n"},
		{[]string{"--setup-only=maybe"}, 2, "", `nix-humanityd: invalid boolean value "maybe" for flag --setup-only: parse error; nothing was started (nix-humanityd --help lists the flags)` + "\n"},
		{[]string{"-action", "boot", "--setup-only"}, 2, "", "nix-humanityd: --setup-only needs --playground DIR; nothing was started (nix-humanityd --help lists the flags)\n"},
		{[]string{"--action", "swtich"}, 2, "", `nix-humanityd: flag --action: "swtich" is not one of switch, boot, test, build; nothing was started (nix-humanityd --help lists the flags)` + "\n"},
		{[]string{"now"}, 2, "", `nix-humanityd: unexpected argument "now"; nothing was started (nix-humanityd --help lists the flags)` + "\n"},
		{[]string{"--setup-only"}, 2, "", "nix-humanityd: --setup-only needs --playground DIR; nothing was started (nix-humanityd --help lists the flags)\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr strings.Builder
			code := run(context.Background(), tt.args, &stdout, &stderr, noEnv)
			if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) || stderr.String() != tt.stderr && tt.stderr != "" || tt.stderr == "" && stderr.Len() > 0 {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d, stdout with %q, stderr %q", code, stdout.String(), stderr.String(), tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

// Every flag --help lists is GNU-style, as ask-nix lists its own: the
// man page is made from these lines.
func TestHelpListsFlagsGNUStyle(t *testing.T) {
	var stdout, stderr strings.Builder
	if code := run(context.Background(), []string{"--help"}, &stdout, &stderr, func(string) (string, bool) { return "", false }); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	_, flags, ok := strings.Cut(stdout.String(), "\nFlags:\n")
	if !ok {
		t.Fatalf("no Flags: heading:\n%s", stdout.String())
	}
	lines := strings.Split(strings.TrimRight(flags, "\n"), "\n")
	if len(lines) < 20 {
		t.Fatalf("%d flags listed:\n%s", len(lines), flags)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "  --") || strings.HasPrefix(l, "  ---") || !strings.Contains(l, "   ") {
			t.Errorf("not one GNU-style flag with its help: %q", l)
		}
	}
}

// A bad settings file stops the daemon before it starts, naming the line
// and what to do.
func TestBadSettingsFile(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "config.json")
	if err := os.WriteFile(conf, []byte("{\n  \"acton\": \"boot\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := func(k string) (string, bool) {
		switch k {
		case "NIX_HUMANITY_CONFIG":
			return conf, true
		case "HOME":
			return dir, true
		}
		return "", false
	}
	var stdout, stderr strings.Builder
	code := run(context.Background(), nil, &stdout, &stderr, env)
	want := conf + `:2: unknown setting "acton" (did you mean action?)`
	if code != 2 || !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "nothing was read or changed: fix or remove that line") {
		t.Errorf("exit %d, stderr %s; want 2 and %q", code, stderr.String(), want)
	}
}
