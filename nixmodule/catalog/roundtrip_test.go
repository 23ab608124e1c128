package catalog

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
)

// TestRoundTrip runs the whole way: the full-size packages.json is read
// like a channel's, indexed, written, mapped back, and every package
// comes back as it went in; searches answer the same from the bytes in
// memory, from the mapped file, and from an index rebuilt from what the
// first one holds.
func TestRoundTrip(t *testing.T) {
	want := catalogtest.Packages(t)
	data, err := source.Decompress(catalogtest.PackagesJSON(want))
	if err != nil {
		t.Fatal(err)
	}
	pkgs, format, skipped, err := source.ParsePackages(data)
	if err != nil || format != source.FormatPackagesJSON || skipped != 0 {
		t.Fatalf("ParsePackages: format %q, %d skipped, %v", format, skipped, err)
	}
	if len(pkgs) != len(want) {
		t.Fatalf("read %d packages, want %d", len(pkgs), len(want))
	}
	opts, _, err := source.ParseOptions(catalogtest.OptionsJSON(t))
	if err != nil {
		t.Fatal(err)
	}
	img, err := Build(pkgs, opts, Meta{Packages: Origin{Source: "packages.json"}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, img, 0o644); err != nil {
		t.Fatal(err)
	}
	mapped, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer mapped.Close()
	if mapped.Packages() != len(want) || mapped.Options() != len(opts) {
		t.Fatalf("mapped index has %d packages, %d options", mapped.Packages(), mapped.Options())
	}
	unfree, unavailable := 0, 0
	for _, w := range want {
		attr, _ := source.CanonicalAttr(w.Attr)
		got, ok := mapped.Lookup(w.Attr)
		wp := Package{Attr: attr, Pname: w.Pname, Version: w.Version, Description: w.Description, MainProgram: w.MainProgram, Unfree: w.Unfree, Unavailable: w.Unavailable}
		if !ok || got != wp {
			t.Fatalf("Lookup(%q) = %+v, %v; want %+v", w.Attr, got, ok, wp)
		}
		if got.Unfree {
			unfree++
		}
		if got.Unavailable {
			unavailable++
		}
	}
	if unfree == 0 {
		t.Error("no package came back unfree: the test data marks some unfree")
	}
	if unavailable == 0 {
		t.Error("no package came back unavailable: the test data marks some so")
	}

	inMemory := fullIndex(t)
	rebuiltImg, err := Build(mapped.allPackages(), mapped.allOptions(), mapped.Meta())
	if err != nil {
		t.Fatal(err)
	}
	rebuilt, err := Load(rebuiltImg)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rebuiltImg, img) {
		t.Error("rebuilding from an index's own contents gives a different file")
	}
	for _, q := range []string{"firefox", "rg", "firefx", "text editor", "python requests", "e", "ghub+"} {
		a, na := mapped.Search(q, 10)
		b, nb := inMemory.Search(q, 10)
		c, nc := rebuilt.Search(q, 10)
		if na != nb || na != nc || !slices.Equal(a, b) || !slices.Equal(a, c) {
			t.Errorf("search %q differs: mapped %d %v, in memory %d %v, rebuilt %d %v", q, na, a, nb, b, nc, c)
		}
	}
	for _, o := range []string{"services.openssh.enable", "users.users.alice.isNormalUser"} {
		t1, f1 := mapped.Option(o)
		t2, f2 := rebuilt.Option(o)
		if t1 != t2 || f1 != f2 || !f1 {
			t.Errorf("Option(%q): %q %v vs %q %v", o, t1, f1, t2, f2)
		}
	}
}

// An index written by an older ask-nix is not read as garbage: it is
// refused with what to do, and an update that would keep a half of it
// says so instead of dropping that half silently.
func TestOtherFormatVersion(t *testing.T) {
	img, err := Build([]source.Package{{Attr: "hello", Pname: "hello", Version: "1"}},
		[]source.Option{{Name: "a.enable", Loc: []string{"a", "enable"}, Type: "boolean"}}, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		version uint32
		want    string
	}{
		{1, "built by an older ask-nix (index format 1; this ask-nix reads format 2)"},
		{7, "built by a newer ask-nix (index format 7; this ask-nix reads format 2)"},
	} {
		dir := t.TempDir()
		b := slices.Clone(img)
		le.PutUint32(b[8:], tt.version)
		if err := os.WriteFile(filepath.Join(dir, FileName), b, 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := OpenDefault(&settings.Settings{IndexDir: dir})
		if err == nil || !errors.Is(err, ErrOtherVersion) || !strings.Contains(err.Error(), tt.want) ||
			!strings.HasSuffix(err.Error(), "; rebuild it with `ask-nix index update`") {
			t.Errorf("format %d: OpenDefault: %v", tt.version, err)
		}
		_, err = (Update{Dir: dir, KeepPackages: true, OptionsFrom: writeOptions(t)}).Run(context.Background())
		if err == nil || !strings.Contains(err.Error(), "the packages already indexed cannot be kept: ") ||
			!strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "`ask-nix index update` (without --options-only)") {
			t.Errorf("format %d: options-only update: %v", tt.version, err)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, FileName)); !slices.Equal(got, b) {
			t.Errorf("format %d: the refused update changed the file", tt.version)
		}
		var said []string
		pkgs := filepath.Join(t.TempDir(), "packages.json")
		os.WriteFile(pkgs, catalogtest.PackagesJSON(catalogtest.Real[:3]), 0o644)
		res, err := Update{Dir: dir, PackagesFrom: pkgs, Progress: func(f string, a ...any) { said = append(said, fmt.Sprintf(f, a...)) }}.Run(context.Background())
		if err != nil || res.Meta.Packages.Count != 3 || res.Meta.Options.Count != 0 {
			t.Fatalf("format %d: a full update: %+v %v", tt.version, res.Meta, err)
		}
		if !slices.ContainsFunc(said, func(s string) bool {
			return strings.HasPrefix(s, "the NixOS options already indexed cannot be kept (") && strings.Contains(s, tt.want) && strings.HasSuffix(s, "index them again with --options-from options.json")
		}) {
			t.Errorf("format %d: the update did not say the options were dropped: %q", tt.version, said)
		}
		if _, _, err := OpenDefault(&settings.Settings{IndexDir: dir}); err != nil {
			t.Errorf("format %d: after the update: %v", tt.version, err)
		}
	}
}

func writeOptions(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "options.json")
	if err := os.WriteFile(p, []byte(`{"a.enable": {"type": "boolean", "loc": ["a", "enable"]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadRejectsDamage(t *testing.T) {
	img, err := Build([]source.Package{{Attr: "hello", Pname: "hello", Version: "1"}}, nil, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(img); err != nil {
		t.Fatal(err)
	}
	bad := map[string][]byte{
		"empty":     nil,
		"truncated": img[:len(img)-8],
		"magic":     append([]byte("NOTANIDX"), img[8:]...),
		"version":   func() []byte { b := slices.Clone(img); b[8] = 99; return b }(),
		"longer":    append(slices.Clone(img), 0, 0, 0, 0, 0, 0, 0, 0),
	}
	for name, b := range bad {
		if _, err := Load(b); err == nil {
			t.Errorf("%s: loaded a damaged index", name)
		}
	}
}

// FuzzLoad feeds damaged index files to the loader and to every query:
// wrong answers are allowed, crashes are not.
func FuzzLoad(f *testing.F) {
	img, err := Build([]source.Package{
		{Attr: "firefox", Pname: "firefox", Version: "1", Description: "Web browser", MainProgram: "firefox"},
		{Attr: "ripgrep", Pname: "ripgrep", Version: "14", Description: "Fast grep", MainProgram: "rg"},
		{Attr: "python313Packages.requests", Pname: "requests", Version: "2", Description: "HTTP for humans"},
		{Attr: "google-chrome", Pname: "google-chrome", Version: "131.0", Description: "Freeware web browser", Unfree: true},
	}, []source.Option{
		{Name: "services.openssh.enable", Loc: []string{"services", "openssh", "enable"}, Type: "boolean"},
		{Name: "services.sshd.enable", Loc: []string{"services", "sshd", "enable"}, Type: "boolean", AliasOf: "services.openssh.enable"},
		{Name: "users.users.<name>.shell", Loc: []string{"users", "users", "<name>", "shell"}, Type: "path"},
		{Name: "boot.kernel.sysctl", Loc: []string{"boot", "kernel", "sysctl"}, Type: "attribute set of string"},
	}, Meta{})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(img)
	f.Add(img[:len(img)/2])
	f.Fuzz(func(t *testing.T, data []byte) {
		ix, err := Load(data)
		if err != nil {
			return
		}
		for _, q := range []string{"firefox", "rg", "firefx", "fire fox", "python313Packages.requests", "e", "requests web",
			"python 3.12", "go1.22", "pkgs.firefox", "nixpkgs#firefox", "python4Packages.requests", "python3"} {
			ix.Search(q, 5)
			ix.Package(q)
		}
		ix.Suggest("firefx", 3)
		ix.Programs("rg")
		ix.Option("services.openssh.enable")
		ix.LookupOption("users.users.alice.shell")
		ix.LookupOption(`boot.kernel.sysctl."a.b"`)
		ix.SuggestOptions("services.opensh.enable", 3)
		ix.EnableOption("ssh")
		ix.ModuleOption("steam")
		ix.ServiceFor("nginx")
		ix.allPackages()
		ix.allOptions()
	})
}

// FuzzSearch feeds typed queries (outside input) to the search and the
// "did you mean" of a small index: any text gives results that exist,
// at most the limit, never a crash.
func FuzzSearch(f *testing.F) {
	img, err := Build([]source.Package{
		{Attr: "firefox", Pname: "firefox", Version: "1", Description: "Web browser", MainProgram: "firefox"},
		{Attr: "python313", Pname: "python3", Version: "3.13.1", Description: "Python", MainProgram: "python3"},
		{Attr: "python314", Pname: "python3", Version: "3.14.0a4", Description: "Python"},
		{Attr: "python2", Pname: "python", Version: "2.7.18", Description: "Python"},
		{Attr: "go_1_22", Pname: "go", Version: "1.22.1", Description: "Go"},
		{Attr: "signal-desktop", Pname: "signal-desktop", Version: "7", Description: "Private e-mail messenger"},
		{Attr: "python312Packages.python", Pname: "python3", Version: "3.12.8", Description: "Python"},
		{Attr: "python313Packages.requests", Pname: "requests", Version: "2", Description: "HTTP for humans"},
		{Attr: "linuxKernel.packages.linux_6_6.nvidia_x11", Pname: "nvidia-x11", Version: "565", Description: "Driver"},
		// Targets of the names people use, their versions, a desktop's
		// apps and a set in mixed case.
		{Attr: "go", Pname: "go", Version: "1.23.5", Description: "Go"},
		{Attr: "jdk", Pname: "openjdk", Version: "21", Description: "Java"},
		{Attr: "jdk21_headless", Pname: "openjdk", Version: "21", Description: "Java"},
		{Attr: "google-chrome", Pname: "google-chrome", Version: "133", Description: "Freeware web browser"},
		{Attr: "nodejs_22", Pname: "nodejs", Version: "22.13.1", Description: "Node"},
		{Attr: "kdePackages.kate", Pname: "kate", Version: "24", Description: "Advanced text editor"},
		{Attr: "libsForQt5.kate", Pname: "kate", Version: "23", Description: "Advanced text editor"},
		{Attr: "haskellPackages.pandoc", Pname: "pandoc", Version: "3.6", Description: "Conversion"},
	}, nil, Meta{})
	if err != nil {
		f.Fatal(err)
	}
	ix, err := Load(img)
	if err != nil {
		f.Fatal(err)
	}
	for _, q := range []string{"python", "python 3.12", "go1.22", "3.", "..1.2", "pkgs.", "nixpkgs#", "#", "a.b.c.d",
		"linuxPackages.nvidia_x11", "signal", "emai", "pyhton", "PYTHON3.13", "-desktop", "_1_",
		"golnag", "chrome", "java 21", "haskellPackages.Pandoc", "kate", "c#", "visual studio code", "nodjs", "web browser"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		res, total := ix.Search(q, 3)
		if len(res) > 3 || total < len(res) {
			t.Fatalf("search %q: %d results of %d", q, len(res), total)
		}
		for _, r := range res {
			if _, ok := ix.Lookup(r.Attr); !ok {
				t.Fatalf("search %q found %q, which is not in the index", q, r.Attr)
			}
		}
		// A longer page starts with the shorter one, and counts the same:
		// "ask-nix search --limit 10" repeats what the first 3 were.
		more, moreTotal := ix.Search(q, 10)
		if moreTotal != total || len(more) < len(res) {
			t.Fatalf("search %q: %d of %d with limit 3, %d of %d with limit 10", q, len(res), total, len(more), moreTotal)
		}
		seen := map[string]bool{}
		for i, r := range more {
			if i < len(res) && r.Attr != res[i].Attr {
				t.Fatalf("search %q: limit 3 gives %q at %d, limit 10 %q", q, res[i].Attr, i, r.Attr)
			}
			if seen[r.Attr] {
				t.Fatalf("search %q: %q found twice", q, r.Attr)
			}
			seen[r.Attr] = true
		}
		for _, s := range ix.Suggest(q, 3) {
			if found, _ := ix.Package(s); !found {
				t.Fatalf("Suggest(%q) gave %q, which is not a package", q, s)
			}
		}
		ix.ListedAs(q)
		if name, ok := ix.DottedVersion(q); ok {
			if found, _ := ix.Package(name); !found {
				t.Fatalf("DottedVersion(%q) = %q, which is not a package", q, name)
			}
		}
	})
}
