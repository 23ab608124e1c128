// Package nix holds the tests of the repository's Nix side that need no
// nixpkgs: every .nix file parses, the package's vendorHash is current,
// flake.lock pins a real nixpkgs, the flake's outputs evaluate (against the
// stand-in nixpkgs in stand-in/), the man page generator works, and the
// package's postInstall commands (completions, man pages) work in a
// build sandbox's environment, and the VM test's ask-nix commands exist.
// The module itself is tested in nixmodule;
// what needs nixpkgs and KVM is in the flake's checks.
package nix

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func run(t *testing.T, dir string, env []string, argv ...string) ([]byte, error) {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return out.Bytes(), &cmdError{argv: argv, err: err, stderr: errb.String()}
	}
	return out.Bytes(), nil
}

type cmdError struct {
	argv   []string
	err    error
	stderr string
}

func (e *cmdError) Error() string {
	return strings.Join(e.argv, " ") + ": " + e.err.Error() + "\n" + e.stderr
}

// Every .nix file in the repository parses. Files under testdata are
// inputs of other tests and may be broken on purpose.
func TestNixFilesParse(t *testing.T) {
	nixruntest.RequireNix(t)
	root := repoRoot(t)
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || p != root && strings.HasPrefix(d.Name(), ".") || p == filepath.Join(root, "playground")) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".nix") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"flake.nix", "nixmodule/module.nix", "nix/package.nix", "nix/vm-test.nix", "nix/module-eval.nix", "nix/stand-in/lib.nix"} {
		if !slices.Contains(files, filepath.Join(root, want)) {
			t.Errorf("%s was not found; the walk is broken", want)
		}
	}
	for _, f := range files {
		if _, err := run(t, root, nil, "nix-instantiate", "--parse", f); err != nil {
			t.Errorf("%v", err)
		}
	}
}

// buildSource copies what nix/package.nix builds from (the repository
// without the top-level names its source filter leaves out) to dir.
func buildSource(t *testing.T, dir string) {
	t.Helper()
	root := repoRoot(t)
	pkg, err := os.ReadFile(filepath.Join(root, "nix", "package.nix"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)builtins\.elem \(lib\.removePrefix [^\[]*\[(.*?)\]`).FindSubmatch(pkg)
	if m == nil {
		t.Fatal("nix/package.nix: the source filter's list of left-out names was not found")
	}
	var left []string
	for _, q := range regexp.MustCompile(`"([^"]+)"`).FindAllSubmatch(m[1], -1) {
		left = append(left, string(q[1]))
	}
	if !slices.Contains(left, "nix") || !slices.Contains(left, "flake.nix") {
		t.Fatalf("nix/package.nix leaves out %q; expected nix and flake.nix among them", left)
	}
	copyTree(t, root, dir, func(rel string) bool { return rel == ".git" || slices.Contains(left, rel) })
}

// copyTree copies src to dst, skipping the paths (relative to src) skip
// says to, and result links.
func copyTree(t *testing.T, src, dst string, skip func(rel string) bool) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if rel != "." && (skip(rel) || strings.HasPrefix(d.Name(), "result")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			l, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(l, target)
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			return os.WriteFile(target, data, info.Mode().Perm())
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

// vendorHash in nix/package.nix is the NAR hash of `go mod vendor`, as
// buildGoModule computes it, so a dependency change that forgets the hash
// fails here and not on a user's machine.
func TestVendorHash(t *testing.T) {
	nixruntest.RequireNix(t)
	root := repoRoot(t)
	pkg, err := os.ReadFile(filepath.Join(root, "nix", "package.nix"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`vendorHash = "(sha256-[A-Za-z0-9+/=]+)";`).FindSubmatch(pkg)
	if m == nil {
		t.Fatal(`nix/package.nix has no vendorHash = "sha256-...";`)
	}
	have := string(m[1])

	dir := t.TempDir()
	buildSource(t, dir)
	// Offline, from the module cache that .ci/setup fills (go mod download).
	env := []string{"GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off"}
	if _, err := run(t, dir, env, "go", "mod", "vendor"); err != nil {
		t.Fatalf("go mod vendor: %v(is the module cache filled? run `go mod download`)", err)
	}
	out, err := run(t, dir, nil, "nix", "hash", "path", "--type", "sha256", "--sri", filepath.Join(dir, "vendor"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.TrimSpace(string(out))
	if have != want {
		t.Errorf("nix/package.nix: vendorHash is out of date (go.mod or go.sum changed). Replace the line with:\n\n  vendorHash = %q;\n", want)
	}
}

type lockFile struct {
	Nodes map[string]struct {
		Inputs map[string]any `json:"inputs"`
		Locked struct {
			LastModified int64  `json:"lastModified"`
			NarHash      string `json:"narHash"`
			Owner        string `json:"owner"`
			Repo         string `json:"repo"`
			Rev          string `json:"rev"`
			Type         string `json:"type"`
		} `json:"locked"`
		Original struct {
			Owner string `json:"owner"`
			Ref   string `json:"ref"`
			Repo  string `json:"repo"`
			Type  string `json:"type"`
		} `json:"original"`
	} `json:"nodes"`
	Root    string `json:"root"`
	Version int    `json:"version"`
}

// flake.lock pins nixpkgs to one real revision of the branch flake.nix
// names.
func TestFlakeLock(t *testing.T) {
	root := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "flake.lock"))
	if err != nil {
		t.Fatal(err)
	}
	var lock lockFile
	if err := json.Unmarshal(data, &lock); err != nil {
		t.Fatalf("flake.lock: %v", err)
	}
	if lock.Version != 7 || lock.Root != "root" {
		t.Errorf("flake.lock: version %d root %q, want 7 and root", lock.Version, lock.Root)
	}
	inputs := lock.Nodes["root"].Inputs
	if len(inputs) != 1 || inputs["nixpkgs"] != "nixpkgs" {
		t.Errorf("flake.lock: root inputs %v, want nixpkgs only", inputs)
	}
	n := lock.Nodes["nixpkgs"]
	if n.Locked.Type != "github" || n.Locked.Owner != "NixOS" || n.Locked.Repo != "nixpkgs" ||
		!regexp.MustCompile(`^[0-9a-f]{40}$`).MatchString(n.Locked.Rev) ||
		!regexp.MustCompile(`^sha256-[A-Za-z0-9+/]{43}=$`).MatchString(n.Locked.NarHash) || n.Locked.LastModified < 1.7e9 {
		t.Errorf("flake.lock: nixpkgs is not a locked GitHub revision: %+v", n.Locked)
	}
	flake, err := os.ReadFile(filepath.Join(root, "flake.nix"))
	if err != nil {
		t.Fatal(err)
	}
	url := "github:" + n.Original.Owner + "/" + n.Original.Repo + "/" + n.Original.Ref
	if !strings.Contains(string(flake), `inputs.nixpkgs.url = "`+url+`";`) {
		t.Errorf("flake.lock pins %s, which flake.nix does not ask for (run `nix flake lock` on a machine with network)", url)
	}

	// Nix itself takes the lock as it is: nothing to update, nothing to
	// fetch.
	nixruntest.RequireNix(t)
	dir := t.TempDir()
	for _, f := range []string{"flake.nix", "flake.lock"} {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("nix", "flake", "metadata", "--json", "--no-write-lock-file", "path:"+dir)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("nix flake metadata: %v\n%s", err, errb.String())
	}
	if errb.Len() > 0 {
		t.Errorf("nix flake metadata complains about the lock:\n%s", errb.String())
	}
	var meta struct {
		Locks lockFile `json:"locks"`
	}
	if err := json.Unmarshal(out.Bytes(), &meta); err != nil {
		t.Fatal(err)
	}
	if meta.Locks.Nodes["nixpkgs"].Locked != n.Locked {
		t.Errorf("Nix locks nixpkgs to %+v, flake.lock says %+v", meta.Locks.Nodes["nixpkgs"].Locked, n.Locked)
	}
}

// What needs no nixpkgs evaluates with the real lock, offline: nixpkgs
// is only fetched when a package is needed. (Through builtins.getFlake:
// `nix eval .#nixosModules` would first try packages.<system>.nixosModules,
// which needs nixpkgs.)
func TestFlakeOutputsWithoutNixpkgs(t *testing.T) {
	f := newFlakeEval(t)
	var got struct {
		Modules  []string `json:"modules"`
		Overlay  bool     `json:"overlay"`
		Enable   bool     `json:"enable"`
		Fragment string   `json:"fragment"`
	}
	evalNix := fragment.Quote(filepath.Join(repoRoot(t), "nix", "stand-in", "eval.nix"))
	out, err := run(t, f.flake, nil, "nix", "eval", "--json", "--impure", "--no-write-lock-file", "--expr",
		`let
		  flake = builtins.getFlake `+fragment.Quote("path:"+f.flake)+`;
		  r = import `+evalNix+` { modules = [ flake.nixosModules.default ]; };
		in {
		  modules = builtins.attrNames flake.nixosModules;
		  overlay = builtins.isFunction flake.overlays.default;
		  enable = r.options.services.nix-humanity.enable.default;
		  fragment = r.config.services.nix-humanity.fragment;
		}`)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Modules, []string{"default", "nix-humanity"}) || !got.Overlay || got.Enable || got.Fragment != "/etc/nixos/nix-humanity.nix" {
		t.Errorf("the flake without nixpkgs: %+v", got)
	}
}

// flakeEval evaluates one output of the flake (a copy in a temporary
// folder, as a path: flake) with nixpkgs replaced by the stand-in, and
// apply (a Nix function, may be empty) applied to it.
type flakeEval struct {
	t       *testing.T
	flake   string
	standIn string
}

func newFlakeEval(t *testing.T) *flakeEval {
	t.Helper()
	nixruntest.RequireNix(t)
	root := repoRoot(t)
	dir := t.TempDir()
	copyTree(t, root, dir, func(rel string) bool {
		return rel == ".git" || rel == "bin" || rel == "playground" || strings.HasSuffix(rel, ".test")
	})
	return &flakeEval{t: t, flake: dir, standIn: filepath.Join(root, "nix", "stand-in")}
}

func (f *flakeEval) eval(attr, apply string, v any) {
	f.t.Helper()
	argv := []string{"nix", "eval", "--json", "--impure", "--no-write-lock-file",
		"--override-input", "nixpkgs", "path:" + f.standIn, "path:" + f.flake + "#" + attr}
	if apply != "" {
		argv = append(argv, "--apply", apply)
	}
	out, err := run(f.t, f.flake, nil, argv...)
	if err != nil {
		f.t.Fatalf("%v", err)
	}
	if err := json.Unmarshal(out, v); err != nil {
		f.t.Fatalf("%s: %v\n%s", attr, err, out)
	}
}

func TestFlakeOutputs(t *testing.T) {
	f := newFlakeEval(t)
	const sys = "x86_64-linux"
	names := func(attr string) []string {
		var n []string
		f.eval(attr, "builtins.attrNames", &n)
		return n
	}
	for _, c := range []struct {
		attr string
		want []string
	}{
		{"nixosModules", []string{"default", "nix-humanity"}},
		{"overlays", []string{"default"}},
		{"packages", []string{"aarch64-linux", "x86_64-linux"}},
		{"packages." + sys, []string{"default", "nix-humanity"}},
		{"apps." + sys, []string{"ask-nix", "default", "nix-humanityd"}},
		{"devShells." + sys, []string{"default"}},
		{"checks." + sys, []string{"module-eval", "package", "vm-test"}},
	} {
		if got := names(c.attr); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.attr, got, c.want)
		}
	}

	// The package: built by buildGoModule with the vendorHash
	// TestVendorHash checks, the version stamped, completions and man
	// pages installed, from a source without the Nix files.
	var pkg struct {
		Out         string   `json:"out"`
		Version     string   `json:"version"`
		VendorHash  string   `json:"vendorHash"`
		SubPackages []string `json:"subPackages"`
		Ldflags     []string `json:"ldflags"`
		PostInstall string   `json:"postInstall"`
		DoCheck     bool     `json:"doCheck"`
		Src         []string `json:"src"`
		Main        string   `json:"main"`
	}
	f.eval("packages."+sys+".default", `p: {
	  out = p.outPath;
	  version = p.version;
	  inherit (p.standInArgs) vendorHash subPackages ldflags postInstall doCheck;
	  src = builtins.attrNames (builtins.readDir "${p.standInArgs.src}");
	  main = p.meta.mainProgram;
	}`, &pkg)
	pkgNix, err := os.ReadFile(filepath.Join(repoRoot(t), "nix", "package.nix"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(pkgNix), `vendorHash = "`+pkg.VendorHash+`";`) {
		t.Errorf("the flake's package has vendorHash %s, not nix/package.nix's", pkg.VendorHash)
	}
	if !regexp.MustCompile(`^[0-9]{8}-`).MatchString(pkg.Version) {
		t.Errorf("version %q, want <date>-<revision>", pkg.Version)
	}
	if !slices.Contains(pkg.Ldflags, "-X github.com/nix-humanity/nix-humanity/internal/version.Version="+pkg.Version) {
		t.Errorf("ldflags %q do not stamp version %s", pkg.Ldflags, pkg.Version)
	}
	if !slices.Equal(pkg.SubPackages, []string{"cmd/ask-nix", "cmd/nix-humanityd"}) || pkg.Main != "ask-nix" || pkg.DoCheck {
		t.Errorf("package: %+v", pkg)
	}
	for _, w := range []string{
		"installShellCompletion --cmd ask-nix",
		"--bash <($out/bin/ask-nix completion bash)",
		"--zsh <($out/bin/ask-nix completion zsh)",
		"--fish <($out/bin/ask-nix completion fish)",
		"-man-from-help.sh ask-nix 1",
		"-man-from-help.sh nix-humanityd 8",
		"installManPage ask-nix.1 nix-humanityd.8",
	} {
		if !strings.Contains(pkg.PostInstall, w) {
			t.Errorf("postInstall lacks %q:\n%s", w, pkg.PostInstall)
		}
	}
	for _, w := range []string{"go.mod", "go.sum", "cmd", "nixmodule", "internal"} {
		if !slices.Contains(pkg.Src, w) {
			t.Errorf("the package's source lacks %s: %q", w, pkg.Src)
		}
	}
	for _, w := range []string{"flake.nix", "flake.lock", "nix", ".git"} {
		if slices.Contains(pkg.Src, w) {
			t.Errorf("the package's source has %s, so editing it would rebuild the package: %q", w, pkg.Src)
		}
	}

	// Apps run the package's programs.
	var apps map[string]struct {
		Type    string `json:"type"`
		Program string `json:"program"`
	}
	f.eval("apps."+sys, "a: builtins.mapAttrs (_: x: { inherit (x) type program; }) a", &apps)
	if apps["default"].Program != pkg.Out+"/bin/ask-nix" || apps["default"].Type != "app" ||
		apps["nix-humanityd"].Program != pkg.Out+"/bin/nix-humanityd" {
		t.Errorf("apps: %+v (package %s)", apps, pkg.Out)
	}

	// The overlay adds the same package to a nixpkgs.
	standInPkgs := fragment.Quote(filepath.Join(f.standIn, "pkgs.nix"))
	var overlay string
	f.eval("overlays.default", `o: let pkgs = import `+standInPkgs+` { }; final = pkgs // o final pkgs; in final.nix-humanity.standInArgs.vendorHash`, &overlay)
	if overlay != pkg.VendorHash {
		t.Errorf("overlay's nix-humanity has vendorHash %q", overlay)
	}

	// The flake's module is the module, with the flake's package as its
	// default, evaluated with the stand-in module system.
	cfgDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(cfgDir, "nix-humanity.nix"), fragment.New().Render(), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(cfgDir, "configuration.nix")
	if err := os.WriteFile(cfg, []byte("{ ... }: { imports = [ ./nix-humanity.nix ]; services.nix-humanity.enable = true; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var mod struct {
		Exec   string   `json:"exec"`
		Failed []string `json:"failed"`
	}
	evalNix := fragment.Quote(filepath.Join(f.standIn, "eval.nix"))
	for _, name := range []string{"default", "nix-humanity"} {
		f.eval("nixosModules."+name, `m: let r = import `+evalNix+` { modules = [ m `+fragment.Quote(cfg)+` ]; }; in {
		  exec = r.config.systemd.services.nix-humanityd.serviceConfig.ExecStart;
		  failed = r.failedAssertions;
		}`, &mod)
		if mod.Exec != pkg.Out+"/bin/nix-humanityd" || len(mod.Failed) != 0 {
			t.Errorf("nixosModules.%s: ExecStart %q (want the flake's package %s), failed assertions %q", name, mod.Exec, pkg.Out, mod.Failed)
		}
	}

	// The development shell has Go, gopls and staticcheck.
	var shell []string
	f.eval("devShells."+sys+".default", "s: map (p: p.pname) s.standInArgs.packages", &shell)
	if !slices.Equal(shell, []string{"go", "gopls", "staticcheck"}) {
		t.Errorf("devShells.default packages %q", shell)
	}
	var formatter string
	f.eval("formatter."+sys, "f: f.pname", &formatter)
	if formatter != "nixfmt" {
		t.Errorf("formatter %q", formatter)
	}

	// The VM test is a NixOS test whose script tells the release story.
	var vm struct {
		Name   string `json:"name"`
		Script string `json:"script"`
		Node   bool   `json:"node"`
	}
	f.eval("checks."+sys+".vm-test", `c: { name = c.standInArgs.name; script = c.standInArgs.testScript; node = builtins.isFunction c.standInArgs.nodes.machine; }`, &vm)
	for _, w := range []string{
		`machine.wait_for_unit("nix-humanityd.service")`,
		`ask-nix -y 'install hello'`,
		`test -x /run/current-system/sw/bin/hello`,
		`ask-nix rollback`,
		`wait_until_fails("test -e /run/current-system/sw/bin/hello"`,
		`curl -fsS http://127.0.0.1:9090/metrics`,
		`nix_humanity_reconcile_total`,
		`WatchdogUSec`,
	} {
		if !strings.Contains(vm.Script, w) {
			t.Errorf("the VM test's script lacks %q", w)
		}
	}
	if vm.Name != "nix-humanity" || !vm.Node {
		t.Errorf("vm-test: name %q, node is a module function: %v", vm.Name, vm.Node)
	}
}

// nix/package.nix builds with a Go that go.mod accepts, whatever the
// nixpkgs' default Go is, or says why it cannot.
func TestPackageGoVersion(t *testing.T) {
	nixruntest.RequireNix(t)
	root := repoRoot(t)
	pkgs := fragment.Quote(filepath.Join(root, "nix", "stand-in", "pkgs.nix"))
	pkgNix := fragment.Quote(filepath.Join(root, "nix", "package.nix"))
	tests := []struct {
		name, args, want string
	}{
		{"default Go is new enough", `{ }`, "1.26.0"},
		{"old Go", `{ go = old; buildGoModule = oldBuilder; buildGo126Module = null; go_1_26 = null; }`, "error: nix-humanity needs Go 1.26 or newer (see go.mod), and this nixpkgs has Go 1.25.4"},
		{"old Go and buildGo126Module", `{ go = old; buildGoModule = oldBuilder; }`, "1.26.0"},
		{"old Go and go_1_26", `{ go = old; buildGoModule = oldBuilder; buildGo126Module = null; }`, "1.26.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expr := `let pkgs = import ` + pkgs + ` { }; old = pkgs.go // { version = "1.25.4"; }; oldBuilder = pkgs.buildGoModule.override { go = old; }; in
			  (pkgs.callPackage ` + pkgNix + ` ` + tt.args + `).go.version`
			out, err := run(t, root, nil, "nix-instantiate", "--eval", "--json", "-E", expr)
			got := strings.Trim(strings.TrimSpace(string(out)), `"`)
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
