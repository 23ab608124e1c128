package sysinfo

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

// buildSystem builds a stand-in NixOS toplevel (a store path holding
// nixos-version) with real Nix and returns its store path.
func buildSystem(t *testing.T, version string) string {
	t.Helper()
	expr := `derivation { name = "nixos-system-test-` + version + `"; system = builtins.currentSystem; builder = "/bin/sh"; PATH = "/bin:/usr/bin";
	  args = [ "-c" "mkdir $out; echo ` + version + ` > $out/nixos-version; echo ` + version + ` > $out/kernel" ]; }`
	link := filepath.Join(t.TempDir(), "result")
	cmd := exec.Command("nix-build", "-E", expr, "--out-link", link)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("nix-build: %v: %s", err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

func TestGatherRealProfile(t *testing.T) {
	nixruntest.RequireNix(t)
	root := t.TempDir()
	profile := filepath.Join(root, "profiles", "system")
	os.MkdirAll(filepath.Dir(profile), 0o755)
	old, cur := buildSystem(t, "24.11.1"), buildSystem(t, "24.11.2")
	// Generations 1 and 3 are the same system, as when a change is
	// undone: the booted one is the later.
	for _, sys := range []string{old, cur, old, cur} {
		if out, err := exec.Command("nix-env", "-p", profile, "--set", sys).CombinedOutput(); err != nil {
			t.Fatalf("nix-env --set: %v: %s", err, out)
		}
	}
	run := filepath.Join(root, "run")
	os.MkdirAll(run, 0o755)
	os.Symlink(cur, filepath.Join(run, "current-system"))
	os.Symlink(old, filepath.Join(run, "booted-system"))
	osRelease := filepath.Join(root, "os-release")
	os.WriteFile(osRelease, []byte("NAME=NixOS\nPRETTY_NAME=\"NixOS 24.11 (Vicuna)\"\n"), 0o644)
	uptime := filepath.Join(root, "uptime")
	os.WriteFile(uptime, []byte("93784.52 180000.00\n"), 0o644)
	// As NixOS links it: through /etc/zoneinfo.
	localtime := filepath.Join(root, "localtime")
	os.Symlink("/etc/zoneinfo/America/Argentina/Buenos_Aires", localtime)

	info := Gather(context.Background(), Sources{
		Profile:       profile,
		CurrentSystem: filepath.Join(run, "current-system"),
		BootedSystem:  filepath.Join(run, "booted-system"),
		OSRelease:     osRelease,
		Uptime:        uptime,
		LocalTime:     localtime,
		EtcNixos:      filepath.Join(root, "etc-nixos"),
		Channels:      filepath.Join(root, "channels"),
		ChannelsFile:  filepath.Join(root, "nix-channels"),
		Hostname:      func() (string, error) { return "testhost", nil },
		Runner:        nixrun.Exec{},
	})
	want := map[string][2]any{
		"nixos version":      {info.NixOSVersion, "24.11.2"},
		"os":                 {info.OS, "NixOS 24.11 (Vicuna)"},
		"current generation": {info.CurrentGeneration, 4},
		"booted generation":  {info.BootedGeneration, 3},
		"current system":     {info.CurrentSystem, cur},
		"booted system":      {info.BootedSystem, old},
		"running differs":    {info.RunningDiffers, false},
		"running generation": {info.RunningGeneration, 4},
		"uptime":             {info.UptimeSeconds, 93784.52},
		"hostname":           {info.Hostname, "testhost"},
		"time zone":          {info.TimeZone, "America/Argentina/Buenos_Aires"},
		"config kind":        {info.Config.Kind, "channel"},
	}
	for name, w := range want {
		if w[0] != w[1] {
			t.Errorf("%s = %v, want %v", name, w[0], w[1])
		}
	}
	if !strings.HasPrefix(info.NixVersion, "2.") {
		t.Errorf("nix version %q", info.NixVersion)
	}
	if info.Kernel == "" || info.Store.TotalBytes == 0 || info.Store.UsedBytes == 0 || info.Store.UsedBytes > info.Store.TotalBytes {
		t.Errorf("kernel %q, store %+v", info.Kernel, info.Store)
	}
	if len(info.Problems) != 0 {
		t.Errorf("problems: %v", info.Problems)
	}
	// Booted the older system, whose kernel is another.
	if !slices.Equal(info.RebootFor, []string{"kernel"}) {
		t.Errorf("reboot for %q, want the kernel", info.RebootFor)
	}

	// Activated with `test`: running differs from the profile.
	os.Remove(filepath.Join(run, "current-system"))
	os.Symlink(old, filepath.Join(run, "current-system"))
	info = Gather(context.Background(), Sources{Profile: profile, CurrentSystem: filepath.Join(run, "current-system"),
		BootedSystem: filepath.Join(run, "booted-system"), Runner: nixrun.Exec{}})
	if !info.RunningDiffers || info.CurrentGeneration != 4 {
		t.Errorf("running %s with generation 4 current: differs = %v", old, info.RunningDiffers)
	}
	// Generations 1 and 3 have that system: the newer is the one named,
	// as status names it.
	if info.RunningGeneration != 3 {
		t.Errorf("running %s (generations 1 and 3): running generation %d, want 3", old, info.RunningGeneration)
	}
	if len(info.RebootFor) != 0 {
		t.Errorf("running the booted system: reboot for %q", info.RebootFor)
	}
}

func TestGatherNothingThere(t *testing.T) {
	root := t.TempDir()
	info := Gather(context.Background(), Sources{
		Profile: filepath.Join(root, "none", "system"), CurrentSystem: filepath.Join(root, "cs"), BootedSystem: filepath.Join(root, "bs"),
		OSRelease: filepath.Join(root, "os"), Uptime: filepath.Join(root, "up"), LocalTime: filepath.Join(root, "lt"), EtcNixos: root, Channels: root, ChannelsFile: filepath.Join(root, "c"),
		Store:  filepath.Join(root, "no-store"),
		Runner: nixrunFunc(func() error { return os.ErrNotExist }),
	})
	if info.CurrentGeneration != 0 || info.NixOSVersion != "" || info.NixVersion != "" || info.TimeZone != "" || len(info.Problems) != 2 {
		t.Errorf("%+v", info)
	}
}

func nixrunFunc(f func() error) nixrun.Runner {
	return nixruntest.Func(func(context.Context, nixrun.Cmd) (nixrun.Result, error) { return nixrun.Result{}, f() })
}

func TestConfigSource(t *testing.T) {
	root := t.TempDir()
	etc := filepath.Join(root, "etc-nixos")
	os.MkdirAll(filepath.Join(etc, ".git", "refs", "heads"), 0o755)
	os.WriteFile(filepath.Join(etc, "flake.nix"), []byte("{}"), 0o644)
	os.WriteFile(filepath.Join(etc, ".git", "HEAD"), []byte("ref: refs/heads/main\n"), 0o644)
	os.WriteFile(filepath.Join(etc, ".git", "refs", "heads", "main"), []byte("0123456789abcdef0123456789abcdef01234567\n"), 0o644)
	os.WriteFile(filepath.Join(etc, "flake.lock"), []byte(`{"nodes": {"nixpkgs": {"locked": {"rev": "feedfacefeedfacefeedfacefeedfacefeedface", "lastModified": 1738000000}}, "root": {}}}`), 0o644)

	c := configSource(Sources{EtcNixos: etc}, "host")
	if c.Kind != "flake" || c.Ref != etc+"#host" || c.Revision != "0123456789abcdef0123456789abcdef01234567" || c.Branch != "main" ||
		c.NixpkgsRevision != "feedfacefeedfacefeedfacefeedfacefeedface" || c.NixpkgsDate != "2025-01-27" {
		t.Errorf("default flake: %+v", c)
	}

	// Packed refs.
	os.Remove(filepath.Join(etc, ".git", "refs", "heads", "main"))
	os.WriteFile(filepath.Join(etc, ".git", "packed-refs"), []byte("# pack-refs\nabababababababababababababababababababab refs/heads/main\n"), 0o644)
	if c := configSource(Sources{System: "git+file://" + etc + "#other"}, "host"); c.Revision != "abababababababababababababababababababab" || c.Ref != "git+file://"+etc+"#other" || c.Path != etc {
		t.Errorf("packed refs: %+v", c)
	}
	// A path: flake is copied as it is, git or not: no revision, its
	// lock still read.
	if c := configSource(Sources{System: "path:" + etc + "#other"}, "host"); c.Revision != "" || c.Branch != "" || c.Path != etc || c.NixpkgsRevision == "" {
		t.Errorf("path: flake: %+v", c)
	}
	// A flake in a subfolder (?dir=): that folder's lock.
	os.MkdirAll(filepath.Join(etc, "hosts"), 0o755)
	os.WriteFile(filepath.Join(etc, "hosts", "flake.lock"), []byte(`{"nodes": {"nixpkgs": {"locked": {"rev": "cafecafecafecafecafecafecafecafecafecafe", "lastModified": 1738000000}}, "root": {}}}`), 0o644)
	if c := configSource(Sources{System: etc + "?dir=hosts#box"}, "host"); c.Path != filepath.Join(etc, "hosts") || c.NixpkgsRevision != "cafecafecafecafecafecafecafecafecafecafe" {
		t.Errorf("?dir= flake: %+v", c)
	}

	// Channel.
	chans := filepath.Join(root, "channels")
	os.MkdirAll(chans, 0o755)
	os.Symlink(root, filepath.Join(chans, "nixos"))
	cf := filepath.Join(root, "nix-channels")
	os.WriteFile(cf, []byte("https://nixos.org/channels/nixos-24.11 nixos\n"), 0o644)
	c = configSource(Sources{EtcNixos: filepath.Join(root, "no-flake"), Channels: chans, ChannelsFile: cf}, "host")
	if c.Kind != "channel" || c.Channel != "https://nixos.org/channels/nixos-24.11" || c.ChannelPath != root {
		t.Errorf("channel: %+v", c)
	}
	if c := configSource(Sources{System: "/etc/nixos/configuration.nix", Channels: chans, ChannelsFile: cf}, "host"); c.Kind != "file" {
		t.Errorf("file: %+v", c)
	}
}

func TestParseOSRelease(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"nixos", "NAME=NixOS\nPRETTY_NAME=\"NixOS 24.11 (Vicuna)\"\n", "NixOS 24.11 (Vicuna)"},
		{"escapes as NixOS writes them", `PRETTY_NAME="say \"hi\" for \$5 \\ \` + "`" + `x\` + "`" + `"`, "say \"hi\" for $5 \\ `x`"},
		{"quote at the end", `PRETTY_NAME="ends in \""`, `ends in "`},
		{"single quotes as they are", `PRETTY_NAME='it\'s'`, `it\'s`},
		{"quotes inside single quotes", `PRETTY_NAME='"x"'`, `"x"`},
		{"other backslashes stay", `PRETTY_NAME="a\nb"`, `a\nb`},
		{"unpaired quote", `PRETTY_NAME="open`, "open"},
		{"no pretty name", "NAME=NixOS\nVERSION=\"24.11\"\n", "NixOS 24.11"},
		{"crlf", "PRETTY_NAME=\"X\"\r\n", "X"},
		{"after a long line", "X=" + strings.Repeat("x", 70000) + "\nPRETTY_NAME=\"NixOS\"\n", "NixOS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseOSRelease([]byte(tt.data)); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// HEAD names the file gitHead reads next: a ref outside refs/ reads
// nothing, where it showed that file's first line as the revision.
func TestGitHeadStaysInRefs(t *testing.T) {
	tests := []struct {
		name, head, wantRev, wantBranch string
	}{
		{"branch", "ref: refs/heads/main\n", "0123456789abcdef0123456789abcdef01234567", "main"},
		{"detached", "89abcdef0123456789abcdef0123456789abcdef\n", "89abcdef0123456789abcdef0123456789abcdef", ""},
		{"out of the repository", "ref: ../secret\n", "", ""},
		{"out through refs", "ref: refs/../../secret\n", "", ""},
		{"not a commit", "hello\n", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			git := filepath.Join(dir, "flake", ".git")
			if err := os.MkdirAll(filepath.Join(git, "refs", "heads"), 0o755); err != nil {
				t.Fatal(err)
			}
			for name, content := range map[string]string{
				filepath.Join(git, "HEAD"):                  tt.head,
				filepath.Join(git, "refs", "heads", "main"): "0123456789abcdef0123456789abcdef01234567\n",
				filepath.Join(dir, "flake", "secret"):       "not-for-your-eyes\n",
			} {
				if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			rev, branch := gitHead(filepath.Join(dir, "flake"))
			if rev != tt.wantRev || branch != tt.wantBranch {
				t.Fatalf("got %q on %q, want %q on %q", rev, branch, tt.wantRev, tt.wantBranch)
			}
		})
	}
}

func TestLockedNixpkgsFollowsTheRootInput(t *testing.T) {
	for _, tc := range []struct {
		name, lock, rev string
	}{
		{"node named nixpkgs", `{"nodes": {"root": {"inputs": {"nixpkgs": "nixpkgs"}}, "nixpkgs": {"locked": {"rev": "aaa"}}}, "root": "root", "version": 7}`, "aaa"},
		{"another input took the name", `{"nodes": {"root": {"inputs": {"hm": "hm", "nixpkgs": "nixpkgs_2"}}, "hm": {"inputs": {"nixpkgs": "nixpkgs"}}, "nixpkgs": {"locked": {"rev": "old"}}, "nixpkgs_2": {"locked": {"rev": "mine"}}}, "root": "root", "version": 7}`, "mine"},
		{"follows another input's", `{"nodes": {"root": {"inputs": {"hm": "hm", "nixpkgs": ["hm", "nixpkgs"]}}, "hm": {"inputs": {"nixpkgs": "nixpkgs_3"}}, "nixpkgs_3": {"locked": {"rev": "hms"}}}, "root": "root", "version": 7}`, "hms"},
		{"follows that follows back", `{"nodes": {"root": {"inputs": {"hm": "hm", "nixpkgs": ["hm", "nixpkgs"]}}, "hm": {"inputs": {"nixpkgs": ["pkgs"]}, "locked": {"rev": "hm"}}}, "root": "root", "version": 7}`, ""},
		{"a circle of follows", `{"nodes": {"root": {"inputs": {"nixpkgs": ["nixpkgs"]}}, "nixpkgs": {"locked": {"rev": "x"}}}, "root": "root", "version": 7}`, "x"},
		{"follows branching into each other", `{"nodes": {"root": {"inputs": {"nixpkgs": ["a", "a", "a", "a", "a", "a"], "a": ["a", "a", "a", "a", "a", "a"]}}}, "root": "root", "version": 7}`, ""},
		{"root named otherwise", `{"nodes": {"top": {"inputs": {"nixpkgs": "np"}}, "np": {"locked": {"rev": "np1"}}}, "root": "top", "version": 7}`, "np1"},
		{"no root input: the node called nixpkgs", `{"nodes": {"nixpkgs": {"locked": {"rev": "plain"}}}}`, "plain"},
		{"not a lock", `[1, 2]`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if rev, _ := parseLockedNixpkgs([]byte(tc.lock)); rev != tc.rev {
				t.Errorf("revision %q, want %q", rev, tc.rev)
			}
		})
	}
}

// A flake whose git tree has changes to tracked files (changed or
// staged) is built from the working tree, which Nix calls dirty: info
// says so beside the revision. Untracked files, which a flake does not
// see, do not count; where git cannot say, nothing is said.
func TestUncommitted(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is not on PATH; .ci/setup installs it")
	}
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.email=t@t", "-c", "user.name=t"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, s string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	r := nixrun.Exec{}
	if uncommitted(ctx, r, dir) {
		t.Fatal("no repository, yet uncommitted")
	}
	git("init", "-q")
	write("flake.nix", "{ outputs = _: { }; }\n")
	git("add", "flake.nix")
	git("commit", "-qm", "first")
	for _, step := range []struct {
		what string
		do   func()
		want bool
	}{
		{"committed", func() {}, false},
		{"an untracked file", func() { write("notes.txt", "x") }, false},
		{"a tracked file changed", func() { write("flake.nix", "{ outputs = _: { x = 1; }; }\n") }, true},
		{"committed again", func() { git("commit", "-qam", "second") }, false},
		{"a new file staged", func() { write("flake.lock", "{}"); git("add", "flake.lock") }, true},
	} {
		step.do()
		if got := uncommitted(ctx, r, dir); got != step.want {
			t.Fatalf("%s: uncommitted = %v, want %v", step.what, got, step.want)
		}
	}
	c := Gather(ctx, Sources{System: dir + "#host", Store: dir, Profile: filepath.Join(dir, "no-profile")}).Config
	if c.Revision == "" || !c.Uncommitted {
		t.Fatalf("Gather: %+v", c)
	}
}
