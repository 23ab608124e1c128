package nix

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/testbin"
)

// sandboxEnv is the environment of nixpkgs' build sandbox, as far as the
// programs care: no home, no settings, a PATH of the standard tools
// (stdenv's there, the host's here).
func sandboxEnv(t *testing.T) []string {
	return []string{"HOME=/homeless-shelter", "PATH=/usr/bin:/bin", "TMPDIR=" + t.TempDir(), "TERM=dumb"}
}

// The commands nix/package.nix's postInstall runs with the programs it
// has just built (completions, the --help text of the man pages) exist
// and work in the build sandbox, so the package builds: a completion
// command renamed, or a --help that needs a home or a settings file,
// would otherwise fail only on a machine with nixpkgs.
func TestPackageInstallCommands(t *testing.T) {
	root := repoRoot(t)
	pkg, err := os.ReadFile(filepath.Join(root, "nix", "package.nix"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)postInstall = lib\.optionalString canRun ''(.*?)\n  '';`).FindSubmatch(pkg)
	if m == nil {
		t.Fatal("nix/package.nix: postInstall not found")
	}
	post := string(m[1])
	bins := map[string]string{
		"ask-nix":       testbin.Build(t, filepath.Join(root, "cmd", "ask-nix")),
		"nix-humanityd": testbin.Build(t, filepath.Join(root, "cmd", "nix-humanityd")),
	}

	// installShellCompletion --cmd ask-nix --bash <($out/bin/ask-nix completion bash) ...
	completions := regexp.MustCompile(`--(\w+) <\(\$out/bin/([\w-]+) ([^)]*)\)`).FindAllStringSubmatch(post, -1)
	if len(completions) != 3 {
		t.Fatalf("postInstall makes %d completions, want bash, zsh and fish:\n%s", len(completions), post)
	}
	marks := map[string]string{"bash": "complete -o default -F __start_ask-nix ask-nix", "zsh": "#compdef ask-nix", "fish": "complete -c ask-nix"}
	for _, c := range completions {
		shell, prog, args := c[1], c[2], strings.Fields(c[3])
		cmd := exec.Command(bins[prog], args...)
		cmd.Env = sandboxEnv(t)
		out, err := cmd.Output()
		if err != nil {
			t.Errorf("%s %s in the build sandbox: %v", prog, c[3], err)
			continue
		}
		if !strings.Contains(string(out), marks[shell]) {
			t.Errorf("%s %s does not write a %s completion script (no %q):\n%.300s", prog, c[3], shell, marks[shell], out)
		}
	}

	// sh ${./man-from-help.sh} ask-nix 1 "summary" version $out/bin/ask-nix > ask-nix.1
	pages := regexp.MustCompile(`sh \$\{\./man-from-help\.sh\} ([\w-]+) (\d) "([^"]*)" \\\s*\$\{lib\.escapeShellArg version\} \$out/bin/([\w-]+) > ([\w.-]+)`).FindAllStringSubmatch(post, -1)
	if len(pages) != 2 {
		t.Fatalf("postInstall makes %d man pages, want ask-nix's and nix-humanityd's:\n%s", len(pages), post)
	}
	for _, p := range pages {
		name, section, summary, prog, file := p[1], p[2], p[3], p[4], p[5]
		if file != name+"."+section || prog != name {
			t.Errorf("man page %s(%s) is made from %s into %s", name, section, prog, file)
		}
		cmd := exec.Command("/bin/sh", filepath.Join(root, "nix", "man-from-help.sh"), name, section, summary, "1.2.3", bins[prog])
		cmd.Env = sandboxEnv(t)
		out, err := cmd.Output()
		if err != nil {
			var stderr []byte
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			t.Errorf("man-from-help.sh %s in the build sandbox: %v\n%s", name, err, stderr)
			continue
		}
		if !strings.HasPrefix(string(out), ".\\\" -*- coding: UTF-8 -*-\n.TH \""+strings.ToUpper(name)+"\" \""+section+"\"") || !strings.Contains(string(out), `.SH "FLAGS"`) {
			t.Errorf("man-from-help.sh %s in the build sandbox made no page:\n%.300s", name, out)
		}
	}
}
