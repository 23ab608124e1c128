package pkgdiff

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	for in, want := range map[string]Package{
		"/nix/store/ldfqp3g6l3mllxzrdn3g3y04lvzvd1bg-firefox-133.0":                     {"firefox", "133.0"},
		"ldfqp3g6l3mllxzrdn3g3y04lvzvd1bg-firefox-133.0":                                {"firefox", "133.0"},
		"/nix/store/ldfqp3g6l3mllxzrdn3g3y04lvzvd1bg-system-path":                       {"system-path", ""},
		"/nix/store/ldfqp3g6l3mllxzrdn3g3y04lvzvd1bg-nixos-system-nas-25.11":            {"nixos-system-nas", "25.11"},
		"/nix/store/ldfqp3g6l3mllxzrdn3g3y04lvzvd1bg-linux-6.12.9-modules":              {"linux", "6.12.9-modules"},
		"/nix/store/ldfqp3g6l3mllxzrdn3g3y04lvzvd1bg-python3.12-requests-2.32.3":        {"python3.12-requests", "2.32.3"},
		"/nix/store/ldfqp3g6l3mllxzrdn3g3y04lvzvd1bg-unit-script-nix-daemon_-pre-start": {"unit-script-nix-daemon_-pre-start", ""},
		"/nix/store/ldfqp3g6l3mllxzrdn3g3y04lvzvd1bg-etc-hosts":                         {"etc-hosts", ""},
		"firefox-133.0": {"firefox", "133.0"}, // no hash: the name as it is
		"x-":            {"x-", ""},
		"":              {".", ""},
	} {
		if got := Split(in); got != want {
			t.Errorf("Split(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func sys(closure string, pkgs ...Package) System {
	return System{Packages: pkgs, Closure: strings.Fields(closure)}
}

func TestDiff(t *testing.T) {
	ff133, ff134 := Package{"firefox", "133.0"}, Package{"firefox", "134.0"}
	htop, git := Package{"htop", "3.3.0"}, Package{"git", "2.47.0"}
	py311, py312 := Package{"python3", "3.11.10"}, Package{"python3", "3.12.8"}
	tests := []struct {
		name     string
		from, to System
		want     Changes
	}{
		{"nothing", sys("a b", git), sys("a b", git),
			Changes{Added: []Package{}, Removed: []Package{}, Changed: []Change{}, Closure: ClosureChange{2, 2, 0, 0}}},
		{"add, remove, upgrade", sys("a b c", ff133, htop), sys("a c d e", ff134, git),
			Changes{Added: []Package{git}, Removed: []Package{htop}, Changed: []Change{{"firefox", "133.0", "134.0"}},
				Closure: ClosureChange{3, 4, 2, 1}}},
		{"several versions of one name", sys("", py311), sys("", py312, py311),
			Changes{Added: []Package{}, Removed: []Package{}, Changed: []Change{{"python3", "3.11.10", "3.11.10, 3.12.8"}}}},
		{"a repeated path counts once", sys("a a"), sys("a"),
			Changes{Added: []Package{}, Removed: []Package{}, Changed: []Change{}, Closure: ClosureChange{1, 1, 0, 0}}},
		{"sorted by name", sys(""), sys("", Package{"zsh", "5.9"}, Package{"bash", "5.2"}),
			Changes{Added: []Package{{"bash", "5.2"}, {"zsh", "5.9"}}, Removed: []Package{}, Changed: []Change{}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Diff(tc.from, tc.to)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Diff:\n got %+v\nwant %+v", got, tc.want)
			}
			if got.Empty() != (len(tc.want.Added)+len(tc.want.Removed)+len(tc.want.Changed) == 0) {
				t.Errorf("Empty() = %v", got.Empty())
			}
		})
	}
}

// FuzzSplit: store path names come from the store, outside this
// program; any text splits without a panic into a name and a version
// that, put back together, give the base name after the hash.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"firefox-133.0", "ldfqp3g6l3mllxzrdn3g3y04lvzvd1bg-system-path", "-", "a-1", "a--1", "é-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := Split(s)
		base := filepath.Base(s)
		if i := strings.IndexByte(base, '-'); i == 32 {
			base = base[i+1:]
		}
		joined := p.Name
		if p.Version != "" {
			joined += "-" + p.Version
		}
		if joined != base {
			t.Fatalf("Split(%q) = %+v: together %q, want %q", s, p, joined, base)
		}
	})
}
