package nix

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/testbin"
)

// manPage runs man-from-help.sh for prog and checks the page with groff's
// warnings on; it returns the page as man would show it.
func manPage(t *testing.T, name, section, prog string) (roff, text string) {
	t.Helper()
	script := filepath.Join(repoRoot(t), "nix", "man-from-help.sh")
	out, err := run(t, t.TempDir(), nil, "sh", script, name, section, "a summary", "1.2.3", prog)
	if err != nil {
		t.Fatalf("man-from-help.sh %s: %v", name, err)
	}
	page := filepath.Join(t.TempDir(), name+"."+section)
	if err := os.WriteFile(page, out, 0o644); err != nil {
		t.Fatal(err)
	}
	// groff's warnings go to stderr. -k reads the page's UTF-8 as man
	// does (man-db runs preconv, told the encoding by the page's first
	// line): the help text has arrows and dashes.
	lint := exec.Command("groff", "-k", "-man", "-ww", "-z", page)
	if warnings, err := lint.CombinedOutput(); err != nil || len(warnings) > 0 {
		t.Errorf("groff warns about %s: %v %s\n%s", name, err, warnings, out)
	}
	// Plain text, without bold or underline by overstriking, and without
	// hyphenation, so a help line is found whole.
	rendered, err := run(t, "", nil, "groff", "-k", "-man", "-Tutf8", "-rLL=100n", "-rHY=0", "-P-cbou", page)
	if err != nil {
		t.Fatalf("groff %s: %v", page, err)
	}
	return string(out), string(rendered)
}

func fakeProgram(t *testing.T, script string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "prog")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestManPageOfAskNix(t *testing.T) {
	bin := testbin.Build(t, filepath.Join(repoRoot(t), "cmd", "ask-nix"))
	help, err := exec.Command(bin, "--help").Output()
	if err != nil {
		t.Fatal(err)
	}
	roff, text := manPage(t, "ask-nix", "1", bin)
	if !strings.HasPrefix(roff, ".\\\" -*- coding: UTF-8 -*-\n.TH \"ASK-NIX\" \"1\" \"\" \"nix-humanity 1.2.3\"") {
		t.Errorf("header: %s", roff[:min(len(roff), 80)])
	}
	for _, w := range []string{"NAME", "ask-nix - a summary", "DESCRIPTION", "SYNOPSIS", "FLAGS", "SEE ALSO", "nix-humanityd(8)"} {
		if !strings.Contains(text, w) {
			t.Errorf("the page lacks %q:\n%s", w, text)
		}
	}
	// Every line of the help text is on the page, and of the help of
	// the commands under a command, with their flags.
	for _, args := range [][]string{{"index", "update"}, {"generations", "diff"}} {
		sub, err := exec.Command(bin, append(args, "--help")...).Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(roff, `.SS "ask-nix `+strings.Join(args, " ")+`"`) {
			t.Errorf("the page has no section for ask-nix %s", strings.Join(args, " "))
		}
		local, _, _ := strings.Cut(string(sub), "Global Flags:")
		help = append(help, local...)
	}
	for _, line := range strings.Split(string(help), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasSuffix(line, ":") {
			continue
		}
		if !strings.Contains(strings.Join(strings.Fields(text), " "), strings.Join(strings.Fields(line), " ")) {
			t.Errorf("the page lacks the help line %q", line)
		}
	}
}

func TestManPageOfCommands(t *testing.T) {
	prog := fakeProgram(t, `case "$1" in
explain) printf 'Parse a request and print the intent.\n\nUsage:\n  ask-nix explain [request] [flags]\n\nFlags:\n  -h, --help   help for explain\n\nGlobal Flags:\n      --json   print JSON\n' ;;
--help) printf 'ask-nix does things.\n.A line starting with a dot, and a \\backslash.\n\nUsage:\n  ask-nix [command]\n\nAvailable Commands:\n  completion  Generate the autocompletion script\n  explain     Parse only\n  help        Help about any command\n\nFlags:\n      --json   print JSON\n' ;;
*) echo "unexpected $*" >&2; exit 1 ;;
esac
`)
	roff, text := manPage(t, "ask-nix", "1", prog)
	for _, w := range []string{"COMMANDS", "ask-nix explain", "Parse a request and print the intent.", "ask-nix explain [request] [flags]", ".A line starting with a dot, and a \\backslash."} {
		if !strings.Contains(text, w) {
			t.Errorf("the page lacks %q:\n%s", w, text)
		}
	}
	// Global flags are on the main page, not repeated per command; help
	// and completion get no section of their own.
	if strings.Count(text, "--json") != 1 || strings.Contains(roff, `.SS "ask-nix help"`) || strings.Contains(roff, `.SS "ask-nix completion"`) {
		t.Errorf("page:\n%s", text)
	}
}

// Go's flag package prints "Usage of PROG:" and the flags on stderr.
func TestManPageOfFlagProgram(t *testing.T) {
	prog := fakeProgram(t, `cat >&2 <<'EOF'
Usage of nix-humanityd:
  -debounce duration
    	quiet time after a change (default 500ms)
  -log-format string
    	auto, text or json (default "auto")
EOF
`)
	_, text := manPage(t, "nix-humanityd", "8", prog)
	for _, w := range []string{"OPTIONS", "-debounce duration", "quiet time after a change (default 500ms)", "ask-nix(1)"} {
		if !strings.Contains(text, w) {
			t.Errorf("the page lacks %q:\n%s", w, text)
		}
	}
}

// A program whose --help fails stops the build instead of giving an empty
// page.
func TestManPageOfBrokenProgram(t *testing.T) {
	prog := fakeProgram(t, "echo 'not implemented yet' >&2; exit 1\n")
	script := filepath.Join(repoRoot(t), "nix", "man-from-help.sh")
	if out, err := run(t, t.TempDir(), nil, "sh", script, "x", "8", "s", "1", prog); err == nil {
		t.Fatalf("man-from-help.sh succeeded for a failing program:\n%s", out)
	}
}

// The daemon's page, from its real --help: what it does, how to run it,
// its exit status and every flag, not a bare list of flags.
func TestManPageOfDaemon(t *testing.T) {
	bin := testbin.Build(t, filepath.Join(repoRoot(t), "cmd", "nix-humanityd"))
	_, text := manPage(t, "nix-humanityd", "8", bin)
	for _, w := range []string{"DESCRIPTION", "nix-humanityd keeps the system in the state", "SYNOPSIS", "nix-humanityd [flags]", "EXAMPLES", "EXIT STATUS", "FLAGS", "--stall-timeout string", "(env NIX_HUMANITY_ACTION; default switch)", "ask-nix(1)"} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), strings.Join(strings.Fields(w), " ")) {
			t.Errorf("the page lacks %q:\n%s", w, text)
		}
	}
}
