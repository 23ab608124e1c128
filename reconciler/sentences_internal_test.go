package reconciler

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler/build"
)

// nixpkgs' refusal of an unfree package, in the shapes Nix and nixpkgs
// have printed it (wording from pkgs/stdenv/generic/check-meta.nix: the
// classic "Package ‘…’ … has an unfree license (‘…’), refusing to
// evaluate." and the newer "Refusing to evaluate package '…' … because it
// has an unfree license (‘…’)"), and the refusals that are not about
// licenses, which must not be taken for it.
func TestUnfreePackage(t *testing.T) {
	tests := []struct {
		name, stderr, pkg string
	}{
		{"Nix 2.8, classic nixpkgs", "error: Package ‘google-chrome-131.0’ in /nix/store/0xqkpp8fwx5j1a1v9zs9nfb7p4ap1d6w-source/pkgs/by-name/go/google-chrome/package.nix:271 has an unfree license (‘unfree’), refusing to evaluate.\n\n       a) To temporarily allow unfree packages, you can use an environment variable\n(use '--show-trace' to show detailed location information)\n", "google-chrome-131.0"},
		{"newer Nix, with a trace first", "error:\n       … while calling the 'derivationStrict' builtin\n         at /builtin/derivation.nix:9:12: (source not available)\n\n       … while evaluating derivation 'nixos-system-box-25.05'\n         whose name attribute is located at /nix/store/x-source/pkgs/stdenv/generic/make-derivation.nix:375:7\n\n       (stack trace truncated; use '--show-trace' to show the full trace)\n\n       error: Package ‘vscode-1.97.0’ in /nix/store/x-source/pkgs/applications/editors/vscode/vscode.nix:62 has an unfree license (‘unfree’), refusing to evaluate.\n", "vscode-1.97.0"},
		{"newer nixpkgs wording", "error:\n       … while evaluating the attribute 'drvPath'\n\n       error: Refusing to evaluate package 'steam-unwrapped-1.0.0.81' in /nix/store/x-source/pkgs/by-name/st/steam-unwrapped/package.nix:79 because it has an unfree license (‘unfreeRedistributable’)\n", "steam-unwrapped-1.0.0.81"},
		{"ASCII quotes, classic wording", "error: Package 'zoom-6.3.6.6315' in /nix/store/x-source/pkgs/zoom.nix:12 has an unfree license ('unfree'), refusing to evaluate.", "zoom-6.3.6.6315"},
		{"several licenses", "error: Package ‘discord-0.0.82’ in /nix/store/x-source/pkgs/discord.nix:4 has an unfree license (‘unfree mit’), refusing to evaluate.", "discord-0.0.82"},
		{"a position with spaces", "error: Package ‘google-chrome-131.0’ in /tmp/play \"ground\" ${x}/system/pkgs.nix:72 has an unfree license (‘unfree’), refusing to evaluate.", "google-chrome-131.0"},
		{"unknown position", "error: Package ‘spotify-1.2.52’ in «unknown-file» has an unfree license (‘unfree’), refusing to evaluate.", "spotify-1.2.52"},
		{"colours", "\x1b[31;1merror:\x1b[0m Package ‘slack-4.41.105’ in /nix/store/x-source/pkgs/slack.nix:9 has an unfree license (‘unfree’), refusing to evaluate.", "slack-4.41.105"},
		{"broken", "error: Package ‘hakyll-4.14.0.0’ in /nix/store/x-source/pkgs/development/haskell-modules/hackage-packages.nix:114755 is marked as broken, refusing to evaluate.", ""},
		{"insecure", "error: Package ‘python-2.7.18.6’ in /nix/store/x-source/pkgs/python/default.nix:330 is marked as insecure, refusing to evaluate.", ""},
		{"blocklisted license", "error: Package ‘foo-1.0’ in /nix/store/x-source/pkgs/foo.nix:3 has a blocklisted license (‘gpl3’), refusing to evaluate.", ""},
		{"newer wording, broken", "error: Refusing to evaluate package 'foo-1.0' in /nix/store/x-source/pkgs/foo.nix:3 because it is marked as broken", ""},
		{"unknown variable", "error: undefined variable 'google-chrome'\n       at /etc/nixos/nix-humanity.nix:5:5:", ""},
		{"the words across lines", "error: Package ‘foo-1.0’ in /nix/store/x.nix:3\nhas an unfree license (‘unfree’)", ""},
	}
	for _, tt := range tests {
		for _, err := range []error{
			&nixrun.ExitError{Argv: []string{"nix-instantiate"}, ExitCode: 1, Stderr: []byte(tt.stderr)},
			fmt.Errorf("evaluating: %w", &nixrun.ExitError{Argv: []string{"nix"}, ExitCode: 1, Stderr: []byte(tt.stderr)}),
			&nixrun.BuildError{Drv: "/nix/store/x-nixos-system.drv", Text: tt.stderr, Err: errors.New("exit 1")},
			errors.New(tt.stderr),
		} {
			pkg, ok := unfreePackage(err)
			if pkg != tt.pkg || ok != (tt.pkg != "") {
				t.Errorf("%s (%T): unfreePackage = %q, %v; want %q", tt.name, err, pkg, ok, tt.pkg)
			}
			s := (&Reconciler{Settings: &settings.Settings{}}).unfreeSentence(err, true)
			if tt.pkg == "" && s != "" || tt.pkg != "" && !strings.HasPrefix(s, "NixOS refuses to build "+tt.pkg+": ") {
				t.Errorf("%s (%T): sentence %q", tt.name, err, s)
			}
		}
	}
}

// The sentence a failed pass starts with: the package, why, the two ways
// out, and no ';' (the history's one-line reason cuts there).
func TestUnfreeSentence(t *testing.T) {
	err := &nixrun.ExitError{Argv: []string{"nix-instantiate"}, ExitCode: 1, Stderr: []byte("error: Package ‘google-chrome-131.0’ in /x.nix:1 has an unfree license (‘unfree’), refusing to evaluate.\n")}
	want := "NixOS refuses to build google-chrome-131.0: its license is unfree, and unfree packages are not allowed. Allow them with ask-nix \"allow unfree packages\", or take back the edit that installs it (ask-nix history shows which).\n"
	frag := filepath.Join(t.TempDir(), "nix-humanity.nix")
	r := &Reconciler{Settings: &settings.Settings{Fragment: frag}}
	if got := r.unfreeSentence(err, true); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// Where no ask-nix edit can be taken back (a hand edit since, no
	// history), the way out is taking the package out: named when the
	// fragment installs it.
	noUndo := "NixOS refuses to build google-chrome-131.0: its license is unfree, and unfree packages are not allowed. Allow them with ask-nix \"allow unfree packages\", or take it out of the fragment.\n"
	if got := r.unfreeSentence(err, false); got != noUndo {
		t.Errorf("no fragment, without undo:\ngot  %q\nwant %q", got, noUndo)
	}
	src := "{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [\n    google\n    google-chrome\n    htop\n  ];\n}\n"
	if err := os.WriteFile(frag, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	remove := "NixOS refuses to build google-chrome-131.0: its license is unfree, and unfree packages are not allowed. Allow them with ask-nix \"allow unfree packages\", or take it out of the fragment with ask-nix \"remove google-chrome\".\n"
	if got := r.unfreeSentence(err, false); got != remove {
		t.Errorf("without undo:\ngot  %q\nwant %q", got, remove)
	}
	for _, s := range []string{want, noUndo, remove} {
		if strings.Contains(s, ";") || (s != want && strings.Contains(s, "take back")) {
			t.Errorf("%q: a ';', or an edit to take back", s)
		}
	}
}

// Conflicting definitions: named only when the fragment is one side.
func TestConflictSentence(t *testing.T) {
	r := &Reconciler{Settings: &settings.Settings{Fragment: "/etc/nixos/nix-humanity.nix"}}
	tests := []struct {
		name, stderr, want string
	}{
		{"the fragment and configuration.nix",
			"error: The option `time.timeZone' has conflicting definition values:\n       - In `/etc/nixos/configuration.nix': \"Europe/Berlin\"\n       - In `/etc/nixos/nix-humanity.nix': \"UTC\"\n       Use `lib.mkForce value` or `lib.mkDefault value` to change the priority on any of these definitions.\n",
			"NixOS refuses the configuration: time.timeZone is set to different values in the managed fragment and in /etc/nixos/configuration.nix."},
		{"a flake's store copy, Unicode quotes, a trace first",
			"error:\n       … while evaluating the attribute 'config.system.build.toplevel'\n\n       error: The option ‘networking.hostName’ has conflicting definition values:\n       - In ‘/nix/store/abc-source/hosts/box.nix’: \"box\"\n       - In ‘/nix/store/abc-source/nix-humanity.nix’: \"nas\"\n",
			"NixOS refuses the configuration: networking.hostName is set to different values in the managed fragment and in /nix/store/abc-source/hosts/box.nix."},
		{"neither side is the fragment",
			"error: The option `time.timeZone' has conflicting definition values:\n       - In `/etc/nixos/a.nix': \"UTC\"\n       - In `/etc/nixos/b.nix': \"GMT\"\n", ""},
		{"something else", "error: undefined variable 'htop'\n       at /etc/nixos/nix-humanity.nix:5:5:", ""},
		{"a name not to paste into a shell",
			"error: The option `boot.kernel.sysctl.\"$(id)\"' has conflicting definition values:\n       - In `/etc/nixos/a.nix': 1\n       - In `/etc/nixos/nix-humanity.nix': 2\n", ""},
	}
	for _, tt := range tests {
		err := &nixrun.ExitError{Argv: []string{"nix-instantiate"}, ExitCode: 1, Stderr: []byte(tt.stderr)}
		got := r.conflictSentence(err, "take edit 7 (add 1 package: htop) back with ask-nix undo")
		if tt.want == "" && got != "" || tt.want != "" && !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: got %q", tt.name, got)
		}
		if strings.Contains(got, ";") {
			t.Errorf("%s: the sentence has a ';'", tt.name)
		}
	}
}

// An undefined variable is named as a missing package only when it is
// one of the fragment's packages, at the fragment.
func TestUnknownPackageSentence(t *testing.T) {
	frag := filepath.Join(t.TempDir(), "nix-humanity.nix")
	src := "{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [\n    htopp\n  ];\n}\n"
	if err := os.WriteFile(frag, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r := &Reconciler{Settings: &settings.Settings{Fragment: frag}}
	say := func(stderr string) string {
		return r.unknownPackageSentence(&nixrun.ExitError{Argv: []string{"nix-instantiate"}, ExitCode: 1, Stderr: []byte(stderr)}, "take edit 7 (add 1 package: htopp) back with ask-nix undo")
	}
	if got := say("error: undefined variable 'htopp'\n\n       at " + frag + ":4:5:\n"); !strings.HasPrefix(got, `nixpkgs has no package named htopp, which the fragment installs. ask-nix "remove htopp" takes it out`) || strings.Contains(got, ";") {
		t.Errorf("the fragment's package: %q", got)
	}
	// Where undo cannot help (a hand edit), it is not offered.
	undefined := &nixrun.ExitError{Argv: []string{"nix-instantiate"}, ExitCode: 1, Stderr: []byte("error: undefined variable 'htopp'\n\n       at " + frag + ":4:5:\n")}
	if got := r.unknownPackageSentence(undefined, ""); got != "nixpkgs has no package named htopp, which the fragment installs. ask-nix \"remove htopp\" takes it out, or ask-nix search htopp finds the name nixpkgs uses.\n" {
		t.Errorf("without undo: %q", got)
	}
	for name, stderr := range map[string]string{
		"not one of its packages": "error: undefined variable 'lib'\n\n       at " + frag + ":2:3:\n",
		"another file":            "error: undefined variable 'htopp'\n\n       at /etc/nixos/configuration.nix:4:5:\n",
		"another error":           "error: syntax error, unexpected '}'\n\n       at " + frag + ":6:1:\n",
	} {
		if got := say(stderr); got != "" {
			t.Errorf("%s: %q", name, got)
		}
	}
}

// Nix's words for a flake output that is not there (Nix 2.8; later Nix
// says it the same way), for a host the flake lacks or an attribute
// path; other evaluation errors are the configuration's.
func TestMissingHost(t *testing.T) {
	const tl = ".config.system.build.toplevel"
	host := build.Target{Flake: "/etc/nixos", FlakeAttr: "nixosConfigurations.web1" + tl}
	attr := build.Target{Flake: "/etc/nixos", FlakeAttr: "packages.x86_64-linux.system"}
	missing := func(a string) string {
		return "error: flake 'git+file:///etc/nixos' does not provide attribute 'packages.x86_64-linux." + a + ".drvPath', 'legacyPackages.x86_64-linux." + a + ".drvPath' or '" + a + ".drvPath'"
	}
	for _, tc := range []struct {
		t    build.Target
		text string
		want string // "" when it is not a missing output
	}{
		{host, missing(host.FlakeAttr), "web1"},
		{attr, missing(attr.FlakeAttr), "packages.x86_64-linux.system"},
		{host, "error: attribute 'nosuchpackage' missing\n       at /etc/nixos/nix-humanity.nix:5:5:", ""},
		// Another output is missing (an input's): not the system's.
		{host, "error: flake 'github:a/b' does not provide attribute 'nixosModules.default'", ""},
		{build.Target{File: "<nixpkgs/nixos>", Attr: "system"}, missing("system"), ""},
	} {
		got, ok := missingHost(tc.t, tc.text)
		if ok != (tc.want != "") || got != tc.want {
			t.Errorf("missingHost(%v, %q) = %q, %v; want %q", tc.t, tc.text, got, ok, tc.want)
		}
	}
}

// A file of a git flake that Nix did not find in its copy but that is
// on disk: untracked, said with the git add that fixes it.
func TestUntrackedSentence(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "hosts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hosts", "web1.nix"), []byte("{ }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	const src = "/nix/store/dflzbr0v6hkrllklvak0frzn8k6q188d-source/"
	nix := func(stderr string) error {
		return &nixrun.ExitError{Argv: []string{"nix"}, ExitCode: 1, Stderr: []byte(stderr)}
	}
	git := build.Target{Flake: dir, FlakeAttr: "nixosConfigurations.web1.config.system.build.toplevel"}
	want := dir + "/hosts/web1.nix is on disk, but not in the copy of the flake Nix evaluated: in a git repository a flake sees only the files git tracks. Add it (git -C " + dir + " add hosts/web1.nix), then run ask-nix apply.\n"
	for _, tc := range []struct {
		name string
		t    build.Target
		err  error
		want string
	}{
		{"Nix 2.8", git, nix("error: getting status of '" + src + "hosts/web1.nix': No such file or directory\n"), want},
		{"later Nix", git, nix("error: path '" + src + "hosts/web1.nix' does not exist\n"), want},
		{"git+file", build.Target{Flake: "git+file://" + dir, FlakeAttr: git.FlakeAttr}, nix("error: path '" + src + "hosts/web1.nix' does not exist\n"), want},
		// A path: flake copies every file: the file is missing for
		// another reason.
		{"path: flake", build.Target{Flake: "path:" + dir, FlakeAttr: git.FlakeAttr}, nix("error: path '" + src + "hosts/web1.nix' does not exist\n"), ""},
		{"a folder new to git", git, nix("error: getting status of '" + src + "hosts': No such file or directory\n"),
			dir + "/hosts is on disk, but not in the copy of the flake Nix evaluated: in a git repository a flake sees only the files git tracks. Add it (git -C " + dir + " add hosts), then run ask-nix apply.\n"},
		{"not on disk either", git, nix("error: path '" + src + "hosts/web2.nix' does not exist\n"), ""},
		{"outside the flake", git, nix("error: path '" + src + "../etc/passwd' does not exist\n"), ""},
		{"another error", git, nix("error: attribute 'nosuchpackage' missing\n"), ""},
	} {
		if got := untrackedSentence(tc.t, tc.err); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
