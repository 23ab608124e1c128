package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// terminal runs ask-nix in-process as Main does, but with the terminal
// check answering term for stdin, stdout and stderr alike: the only way
// to reach the prompt without a pty.
func terminal(t *testing.T, term bool, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return onTerminals(t, terminals{term, term, term}, stdin, args...)
}

// onTerminals is terminal with each stream's answer of its own.
func onTerminals(t *testing.T, terms terminals, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runInProcess(&globals{
		stdin:     strings.NewReader(stdin),
		lookupEnv: os.LookupEnv, runner: nixrun.Exec{},
		terminals: func() terminals { return terms },
	}, args...)
}

// runInProcess runs ask-nix's root command in this process with g, its
// stdout and stderr set to buffers whose text it returns, and exits as
// Main would.
func runInProcess(g *globals, args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	g.stdout, g.stderr = &out, &errb
	root := newRootCommand(g)
	root.SetArgs(args)
	root.SetIn(g.stdin)
	root.SetOut(&out)
	root.SetErr(&errb)
	code = g.exit(root.ExecuteContext(context.Background()))
	return out.String(), errb.String(), code
}

// allTerminals: stdin, stdout and stderr are all terminals.
func allTerminals() terminals { return terminals{stdin: true, stdout: true, stderr: true} }

func scratchMachine(t *testing.T) (fragmentPath string) {
	t.Helper()
	dir := t.TempDir()
	fragmentPath = filepath.Join(dir, "nix-humanity.nix")
	t.Setenv("NIX_HUMANITY_FRAGMENT", fragmentPath)
	t.Setenv("NIX_HUMANITY_STATE_DIR", filepath.Join(dir, "state"))
	t.Setenv("NIX_HUMANITY_CONFIG", "none")
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	// These tests are about the prompt: keep Nix out of them.
	t.Setenv("PATH", "/nonexistent")
	if err := os.WriteFile(fragmentPath, fragment.New().Render(), 0o644); err != nil {
		t.Fatal(err)
	}
	return fragmentPath
}

// The first example, on a terminal, word for word. (Without a
// package index, "install firefox htop" is asked about: one name said
// in words, or two?)
func TestTerminalAsksBeforeWriting(t *testing.T) {
	frag := scratchMachine(t)
	stdout, stderr, code := terminal(t, true, "y\n", "install", "firefox", "and", "htop")
	want := "Plan: add 2 packages to " + frag + `
--- a/nix-humanity.nix
+++ b/nix-humanity.nix
@@ -2,5 +2,7 @@
 { pkgs, ... }:
 {
   environment.systemPackages = with pkgs; [
+    firefox
+    htop
   ];
 }
Apply? [Y/n] Wrote ` + frag + ` (edit 1). No nix-humanityd is running, so nothing is built yet: run ask-nix apply to build and switch to it.
`
	if code != 0 || stdout != want {
		t.Fatalf("exit %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s", code, stdout, want, stderr)
	}
	if !strings.Contains(stderr, "nix-instantiate is not on PATH") {
		t.Errorf("the missing validation is not mentioned: %q", stderr)
	}
}

func TestTerminalAnswers(t *testing.T) {
	tests := []struct {
		name    string
		term    bool
		stdin   string
		args    []string
		code    int
		written bool
		prompt  bool
	}{
		{"enter is yes", true, "\n", []string{"install", "git"}, 0, true, true},
		{"YES", true, "YES\n", []string{"install", "git"}, 0, true, true},
		{"no", true, "n\n", []string{"install", "git"}, 1, false, true},
		{"anything else is no", true, "maybe\n", []string{"install", "git"}, 1, false, true},
		{"end of input is no", true, "", []string{"install", "git"}, 1, false, true},
		{"-y does not ask", true, "", []string{"-y", "install", "git"}, 0, true, false},
		{"not a terminal does not ask", false, "", []string{"install", "git"}, 0, true, false},
		{"dry run does not ask", true, "", []string{"--dry-run", "install", "git"}, 0, false, false},
		{"undo asks too", true, "n\n", []string{"undo"}, 1, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			frag := scratchMachine(t)
			if tc.args[0] == "undo" {
				if _, _, code := terminal(t, false, "", "install", "vim"); code != 0 {
					t.Fatal("setup install failed")
				}
			}
			before, _ := os.ReadFile(frag)
			stdout, stderr, code := terminal(t, tc.term, tc.stdin, tc.args...)
			after, _ := os.ReadFile(frag)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tc.code, stderr)
			}
			if written := !bytes.Equal(before, after); written != tc.written {
				t.Errorf("written = %v, want %v", written, tc.written)
			}
			if asked := strings.Contains(stdout, "Apply? [Y/n]"); asked != tc.prompt {
				t.Errorf("asked = %v, want %v:\n%s", asked, tc.prompt, stdout)
			}
			if tc.code == 1 && !strings.Contains(stderr, "not applied: you answered no; nothing was written") {
				t.Errorf("stderr %q", stderr)
			}
		})
	}
}

// Under --json the question goes to stderr, so stdout stays one JSON
// value.
func TestTerminalJSONPromptOnStderr(t *testing.T) {
	scratchMachine(t)
	stdout, stderr, code := terminal(t, true, "y\n", "--json", "install", "git")
	if code != 0 || !strings.HasPrefix(stdout, `{"intent":{"intent":"install","packages":["git"]},`) || strings.Count(stdout, "\n") != 1 {
		t.Fatalf("exit %d stdout %q", code, stdout)
	}
	if !strings.Contains(stderr, "Apply? [Y/n]") {
		t.Fatalf("stderr %q", stderr)
	}
}

// Asking needs stdin to answer on and a terminal to show the question:
// stdout, or stderr when stdout is piped or redirected (ask-nix ... | cat,
// --json > out.json), where the plan goes with the question so the
// person sees what they say yes to. With neither, nothing is asked and
// stderr says so.
func TestAskWhereThePersonSees(t *testing.T) {
	const question = "Apply? [Y/n] "
	tests := []struct {
		name    string
		terms   terminals
		answer  string
		args    []string
		code    int
		written bool
		// where the plan and question go: "stdout", "stderr" or "" (not asked)
		asked string
		note  bool // the "nothing was asked" note
	}{
		{"all terminals", terminals{true, true, true}, "y\n", []string{"install", "git"}, 0, true, "stdout", false},
		{"stdout piped, yes", terminals{true, false, true}, "y\n", []string{"install", "git"}, 0, true, "stderr", false},
		{"stdout piped, no", terminals{true, false, true}, "n\n", []string{"install", "git"}, 1, false, "stderr", false},
		{"json to a file", terminals{true, false, true}, "y\n", []string{"--json", "install", "git"}, 0, true, "stderr", false},
		{"json to a file, no", terminals{true, false, true}, "n\n", []string{"--json", "install", "git"}, 1, false, "stderr", false},
		{"json on a terminal", terminals{true, true, true}, "y\n", []string{"--json", "install", "git"}, 0, true, "stderr", false},
		{"stderr only piped", terminals{true, true, false}, "y\n", []string{"install", "git"}, 0, true, "stdout", false},
		{"no terminal to show it", terminals{true, false, false}, "", []string{"install", "git"}, 0, true, "", true},
		{"stdin no terminal", terminals{false, true, true}, "", []string{"install", "git"}, 0, true, "", false},
		{"-y", terminals{true, false, true}, "", []string{"-y", "install", "git"}, 0, true, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			frag := scratchMachine(t)
			before, _ := os.ReadFile(frag)
			stdout, stderr, code := onTerminals(t, tc.terms, tc.answer, tc.args...)
			after, _ := os.ReadFile(frag)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout %q\nstderr %q", code, tc.code, stdout, stderr)
			}
			if written := !bytes.Equal(before, after); written != tc.written {
				t.Errorf("written = %v, want %v", written, tc.written)
			}
			asked := ""
			switch {
			case strings.Contains(stdout, question):
				asked = "stdout"
			case strings.Contains(stderr, question):
				asked = "stderr"
			}
			if asked != tc.asked {
				t.Fatalf("asked on %q, want %q\nstdout %q\nstderr %q", asked, tc.asked, stdout, stderr)
			}
			if asked == "stderr" {
				// The plan is shown with the question, before it.
				plan := strings.Index(stderr, "Plan: add 1 package to ")
				if plan < 0 || !strings.Contains(stderr, "+    git\n") || plan > strings.Index(stderr, question) {
					t.Errorf("no plan before the question on stderr:\n%s", stderr)
				}
				if strings.Contains(stdout, "Plan:") {
					t.Errorf("the plan is on stdout too:\n%s", stdout)
				}
			}
			if slices.Contains(tc.args, "--json") {
				var v map[string]any
				if err := json.Unmarshal([]byte(stdout), &v); err != nil || strings.Count(stdout, "\n") != 1 {
					t.Errorf("stdout is not one JSON document (%v):\n%s", err, stdout)
				}
			} else if tc.written && !strings.Contains(stdout, "Wrote "+frag+" (edit 1).") {
				t.Errorf("stdout %q", stdout)
			}
			const note = "neither stdout nor stderr is a terminal, so nothing was asked"
			if strings.Contains(stderr, note) != tc.note {
				t.Errorf("note = %v, want %v:\n%s", !tc.note, tc.note, stderr)
			}
		})
	}
}

// atPrompt is ask-nix run in this process on terminals, asking whether
// to apply: answer is its stdin, done gives its exit code once it ends.
type atPrompt struct {
	answer *io.PipeWriter
	stdout *testbin.SyncBuffer
	stderr *bytes.Buffer
	done   <-chan int
}

// startAtPrompt starts ask-nix with args in this process, with stdin,
// stdout and stderr taken for terminals and stdin a pipe, and waits
// until it asks "Apply?". A run that ends without asking fails the test.
func startAtPrompt(t *testing.T, ctx context.Context, args ...string) atPrompt {
	t.Helper()
	pr, pw := io.Pipe()
	t.Cleanup(func() { pw.Close() })
	var out testbin.SyncBuffer
	var errb bytes.Buffer
	g := &globals{stdin: pr, stdout: &out, stderr: &errb, lookupEnv: os.LookupEnv, runner: nixrun.Exec{},
		terminals: allTerminals}
	root := newRootCommand(g)
	root.SetArgs(args)
	done := make(chan int)
	go func() { done <- g.exit(root.ExecuteContext(ctx)) }()
	for !strings.Contains(out.String(), "Apply?") {
		select {
		case code := <-done:
			t.Fatalf("finished (%d) without asking: %s%s", code, out.String(), errb.String())
		default:
		}
		time.Sleep(time.Millisecond)
	}
	return atPrompt{answer: pw, stdout: &out, stderr: &errb, done: done}
}

// Ctrl-C at the prompt: exit 130, nothing written.
func TestInterruptAtPrompt(t *testing.T) {
	frag := scratchMachine(t)
	before, _ := os.ReadFile(frag)
	ctx, cancel := context.WithCancel(context.Background())
	p := startAtPrompt(t, ctx, "install", "git")
	cancel()
	if code := <-p.done; code != exitInterrupted {
		t.Fatalf("exit %d, stderr %q", code, p.stderr.String())
	}
	after, _ := os.ReadFile(frag)
	if !bytes.Equal(before, after) {
		t.Fatal("written after interrupt")
	}
}

// stdin that is no terminal is never read for an answer: it may be a
// script's input ("while read l; do ask-nix "$l"; done < requests"). An
// edit goes ahead, saying nothing was asked when stdin is a pipe or a
// file, and what was piped is left for the script.
func TestPipedStdinIsNotRead(t *testing.T) {
	for _, tt := range []struct {
		name, piped string
		note        bool
	}{
		{"a piped no is not an answer", "n\ninstall vim\n", true},
		{"an empty pipe: a script's", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			frag := scratchMachine(t)
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			io.WriteString(w, tt.piped)
			w.Close()
			var out, errb bytes.Buffer
			if code := Main(context.Background(), []string{"install", "htop"}, r, &out, &errb); code != exitOK {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			if strings.Contains(out.String(), "Apply?") {
				t.Errorf("asked:\n%s", out.String())
			}
			if said := strings.Contains(errb.String(), "stdin is not a terminal, so nothing was asked and nothing read from it"); said != tt.note {
				t.Errorf("note %v: %q", said, errb.String())
			}
			if b, _ := os.ReadFile(frag); !strings.Contains(string(b), "htop") {
				t.Errorf("not written")
			}
			if rest, _ := io.ReadAll(r); string(rest) != tt.piped {
				t.Errorf("the script's input was read: %q left of %q", rest, tt.piped)
			}
		})
	}
}

// Deleting generations or store paths, with no terminal to ask on, needs
// -y: nothing is deleted, and the piped input is left alone.
func TestGCWithoutTerminalNeedsYes(t *testing.T) {
	scratchMachine(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	io.WriteString(w, "y\n")
	w.Close()
	var out, errb bytes.Buffer
	if code := Main(context.Background(), []string{"gc", "--collect"}, r, &out, &errb); code != exitRefused {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), `refused: no terminal to ask "Collect garbage in the Nix store (nix-store --gc)?" on, and deleting needs a yes: run it on a terminal to be asked, or pass -y; nothing was deleted`) {
		t.Fatalf("stderr %q", errb.String())
	}
	if rest, _ := io.ReadAll(r); string(rest) != "y\n" {
		t.Errorf("stdin was read: %q left", rest)
	}
}
