package nix

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/testbin"
)

// The VM test cannot run here (no nixpkgs, no KVM), so what its script
// asks of ask-nix is checked against the real CLI: every flag it passes
// exists, every command it names is one, and every request it makes is
// understood, so the release gate does not fail on a renamed command.
func TestVMTestAskNixCommands(t *testing.T) {
	root := repoRoot(t)
	src, err := os.ReadFile(filepath.Join(root, "nix", "vm-test.nix"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)testScript = ''(.*?)\n  '';`).FindSubmatch(src)
	if m == nil {
		t.Fatal("nix/vm-test.nix: testScript not found")
	}
	script := string(m[1])
	bin := testbin.Build(t, filepath.Join(root, "cmd", "ask-nix"))
	home := t.TempDir()
	askNix := func(args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin", "NIX_HUMANITY_CONFIG=none",
			"NIX_HUMANITY_FRAGMENT=" + filepath.Join(home, "nix-humanity.nix"), "NIX_HUMANITY_STATE_DIR=" + filepath.Join(home, "state")}
		out, err := cmd.Output()
		return string(out), err
	}
	rootHelp, err := askNix("--help")
	if err != nil {
		t.Fatal(err)
	}

	// ask-nix [flags] ['request' | \"request\" | command], in the
	// commands the script runs on the machine (not in its prose).
	call := regexp.MustCompile(`ask-nix((?: --?[a-z-]+)*)(?: (?:'([^']+)'|\\"([^"\\]+)\\"|([a-z][a-z-]*)))?`)
	var calls [][]string
	for _, line := range strings.Split(script, "\n") {
		if regexp.MustCompile(`machine\.\w+\(`).MatchString(line) {
			calls = append(calls, call.FindAllStringSubmatch(line, -1)...)
		}
	}
	var commands, requests []string
	for _, c := range calls {
		for _, f := range strings.Fields(c[1]) {
			if !regexp.MustCompile(`(?m)^\s+(-\w, )?` + regexp.QuoteMeta(f) + `[ ,]`).MatchString(rootHelp) {
				t.Errorf("the VM test passes %s (in %q), which ask-nix --help does not list", f, c[0])
			}
		}
		switch {
		case c[4] != "":
			commands = append(commands, c[4])
			out, err := askNix(c[4], "--help")
			if err != nil || !strings.Contains(out, "Usage:\n  ask-nix "+c[4]) {
				t.Errorf("the VM test runs %q, but %s is no ask-nix command (%v):\n%.300s", c[0], c[4], err, out)
			}
		case c[2] != "" || c[3] != "":
			req := c[2] + c[3]
			requests = append(requests, req)
			out, err := askNix("explain", "--json", req)
			var got struct {
				Intent string `json:"intent"`
			}
			if err != nil || json.Unmarshal([]byte(out), &got) != nil || got.Intent == "" {
				t.Errorf("the VM test asks %q, which ask-nix does not understand (%v): %s", req, err, out)
			}
		}
	}
	for _, w := range []string{"rollback", "undo", "history", "status"} {
		if !slices.Contains(commands, w) {
			t.Errorf("found the commands %q in the VM test; %s is missing (is this test's pattern still right?)", commands, w)
		}
	}
	if !slices.Contains(requests, "install hello") {
		t.Errorf("found the requests %q in the VM test; install hello is missing (is this test's pattern still right?)", requests)
	}
}
