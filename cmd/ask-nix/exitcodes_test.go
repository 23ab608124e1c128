package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// docExitCodes reads docs/ask-nix.md's table of exit codes and --json
// error codes: exit code -> the error codes it goes with ("" for the
// rows whose JSON is no error).
func docExitCodes(t *testing.T) map[int][]string {
	t.Helper()
	b, err := os.ReadFile("../../docs/ask-nix.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[int][]string{}
	rowRE := regexp.MustCompile(`^\| (\d+) \| ([^|]+) \|`)
	codeRE := regexp.MustCompile("^`([a-z-]+)`$")
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case line == "| exit | `--json` error code | when |":
			in = true
		case in && !strings.HasPrefix(line, "|"):
			in = false
		case in:
			if m := rowRE.FindStringSubmatch(line); m != nil {
				exit, _ := strconv.Atoi(m[1])
				code := ""
				if c := codeRE.FindStringSubmatch(strings.TrimSpace(m[2])); c != nil {
					code = c[1]
				}
				rows[exit] = append(rows[exit], code)
			}
		}
	}
	if len(rows) < 5 {
		t.Fatalf("docs/ask-nix.md: the exit code table has %d codes; did its header change?", len(rows))
	}
	return rows
}

// Every exit code a failing command line gives under --json comes with
// the error code the docs' table pairs it with, as one JSON document on
// stdout; and every error code the table lists is one ask-nix gives
// (each row is reached by a real command line below).
func TestExitCodesAreDocumented(t *testing.T) {
	doc := docExitCodes(t)
	dir := t.TempDir()
	names := filepath.Join(dir, "names.txt")
	packages := filepath.Join(dir, "packages.json")
	for f, data := range map[string]string{
		names:    "hello\nfirefox\n",
		packages: `{"version": 2, "packages": {"hello": {"pname": "hello", "version": "2.12.1"}}}`,
	} {
		if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("NIX_HUMANITY_CONFIG", "none")
	t.Setenv("NIX_HUMANITY_STATE_DIR", filepath.Join(dir, "state"))
	t.Setenv("NIX_HUMANITY_INDEX_DIR", filepath.Join(dir, "index"))
	t.Setenv("NIX_HUMANITY_FRAGMENT", filepath.Join(dir, "nix-humanity.nix"))
	t.Setenv("NIX_HUMANITY_PROFILE", filepath.Join(dir, "profiles", "system"))
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	seen := map[string]bool{}
	for _, tc := range []struct {
		ctx  context.Context
		args []string
		exit int
		code string
	}{
		{context.Background(), []string{"--json", "index", "update", "--from", names}, 1, "failed"},
		{context.Background(), []string{"--json", "install firefox && rm -rf /"}, 2, "rejected"},
		{context.Background(), []string{"--json", "rollback", "--to", "7"}, 2, "rejected"},
		{context.Background(), []string{"--json", "frobnicate the wibble"}, 2, "not-understood"},
		{context.Background(), []string{"history", "--bogus", "--json"}, 2, "not-understood"},
		// Stopped before it writes (Ctrl-C at once).
		{cancelled, []string{"--json", "index", "update", "--from", packages}, 130, "interrupted"},
	} {
		var out, errb bytes.Buffer
		exit := Main(tc.ctx, tc.args, strings.NewReader(""), &out, &errb)
		var v struct {
			Error struct{ Code, Reason string }
		}
		if err := json.Unmarshal(out.Bytes(), &v); err != nil || v.Error.Reason == "" {
			t.Errorf("ask-nix %q: stdout is no JSON error (%v):\n%s\nstderr:\n%s", tc.args, err, out.String(), errb.String())
			continue
		}
		if exit != tc.exit || v.Error.Code != tc.code {
			t.Errorf("ask-nix %q: exit %d, code %q; want exit %d, code %q\n%s", tc.args, exit, v.Error.Code, tc.exit, tc.code, out.String())
		}
		found := false
		for _, c := range doc[exit] {
			found = found || c == v.Error.Code
		}
		if !found {
			t.Errorf("ask-nix %q: exit %d with code %q, which docs/ask-nix.md's table does not pair (it has %q)", tc.args, exit, v.Error.Code, doc[exit])
		}
		seen[v.Error.Code] = true
	}
	for exit, codes := range doc {
		for _, c := range codes {
			if c != "" && !seen[c] {
				t.Errorf("docs/ask-nix.md pairs exit %d with %q, which no command line here gave", exit, c)
			}
		}
	}
}
