package main

import (
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// Every command's help says what it does and shows examples that are
// command lines ask-nix reads as written: a subcommand with flags and
// arguments it takes, or a request. No line of output posing as an
// example (a person copies them), no example of a flag that is gone.
func TestHelpExamplesWork(t *testing.T) {
	root := newRootCommand(&globals{})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		if c.Name() == "completion" || c.HasParent() && c.Parent().Name() == "completion" {
			return // cobra's own
		}
		if c.Long == "" || c.Example == "" {
			t.Errorf("%s: help without a description (Long) or examples", c.CommandPath())
		}
		for _, line := range strings.Split(c.Example, "\n") {
			args, err := shellWords(strings.TrimSpace(line))
			if err != nil {
				t.Errorf("%s: example %q: %v", c.CommandPath(), line, err)
				continue
			}
			for len(args) > 0 && strings.Contains(args[0], "=") && !strings.HasPrefix(args[0], "-") {
				args = args[1:] // NIX_HUMANITY_ACTION=boot ask-nix ...
			}
			if len(args) == 0 || args[0] != "ask-nix" {
				t.Errorf("%s: example %q is not an ask-nix command line", c.CommandPath(), line)
				continue
			}
			if err := readsAsWritten(args[1:]); err != nil {
				t.Errorf("%s: example %q: %v", c.CommandPath(), line, err)
			}
		}
	}
	walk(root)
}

// readsAsWritten checks a command line the way Main and cobra read it,
// without running it.
func readsAsWritten(args []string) error {
	probe := newRootCommand(&globals{})
	if words, _, ok := asRequest(newRootCommand(&globals{}), args); ok {
		args = words
	}
	c, rest, err := probe.Find(args)
	if err != nil {
		return err
	}
	if err := c.ParseFlags(rest); err != nil {
		return err
	}
	if c == probe {
		return nil // a request: the parser's tests hold it to what it does
	}
	if c.Args != nil {
		return c.Args(c, c.Flags().Args())
	}
	return nil
}

// shellWords splits a line as sh would, for the quoting examples use:
// words, "double" and 'single' quotes.
func shellWords(line string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words, inWord = append(words, cur.String()), false
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, errUnclosedQuote
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

var errUnclosedQuote = errorString("unclosed quote")

type errorString string

func (e errorString) Error() string { return string(e) }

// Only a completion request, or the command that writes the completion
// scripts, registers the completion functions (wantsCompletions); the
// completions these register answer in TestCompletions and
// completion.txtar.
func TestWantsCompletions(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{"search", "firefox"}, false},
		{[]string{"explain", "--json", "install firefox"}, false},
		{[]string{"-y", "install", "htop"}, false},
		{[]string{"__complete", "rollback", "--to", ""}, true},
		{[]string{"__completeNoDesc", "diff", ""}, true},
		{[]string{"--json", "__complete", "gen"}, true},
		{[]string{"completion", "bash"}, true},
		{[]string{"help", "completion"}, true},
	}
	for _, tt := range tests {
		if got := wantsCompletions(tt.args); got != tt.want {
			t.Errorf("wantsCompletions(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

// The shell completions (which the package installs) offer what the
// command takes: subcommands, setting names, action values.
func TestCompletions(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"gen"}, []string{"generations\t"}},
		{[]string{"generations", ""}, []string{"diff\t"}},
		{[]string{"config", ""}, []string{"stateDir\t", "historyKeep\t", "stallTimeout\t"}},
		{[]string{"apply", "--action", ""}, []string{"switch", "boot", "test", "build"}},
		{[]string{"rollback", "--action", ""}, []string{"switch", "boot", "test"}},
		{[]string{"completion", ""}, []string{"bash\t", "zsh\t", "fish\t"}},
	}
	for _, tt := range tests {
		var stdout, stderr strings.Builder
		code := Main(context.Background(), append([]string{"__complete"}, tt.args...), strings.NewReader(""), &stdout, &stderr)
		for _, w := range tt.want {
			if code != 0 || !strings.Contains(stdout.String(), w) {
				t.Errorf("ask-nix __complete %q: exit %d, want %q in\n%s", tt.args, code, w, stdout.String())
			}
		}
	}
	// Every shell the package installs a completion for gets a script.
	for _, shell := range []string{"bash", "zsh", "fish"} {
		var stdout, stderr strings.Builder
		if code := Main(context.Background(), []string{"completion", shell}, strings.NewReader(""), &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "ask-nix") {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %s", shell, code, stdout.Len(), stderr.String())
		}
	}
}

// rollback's help says what puts the generation that was current back:
// a failed activation or a failed health check (the pass checks the
// generation gone to as any other, see reconciler's TestRollback*).
func TestRollbackHelpSaysHealthChecks(t *testing.T) {
	root := newRootCommand(&globals{})
	c, _, err := root.Find([]string{"rollback"})
	if err != nil {
		t.Fatal(err)
	}
	if long := strings.Join(strings.Fields(c.Long), " "); !strings.Contains(long, "If the activation or a health check fails, the generation that was current is put back.") {
		t.Fatalf("rollback --help:\n%s", c.Long)
	}
}
