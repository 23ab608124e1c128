package build_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/reconciler/build"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

func TestLockFile(t *testing.T) {
	for _, tc := range []struct {
		flake, want string
	}{
		{"/etc/nixos", "/etc/nixos/flake.lock"},
		{"/etc/nixos/", "/etc/nixos/flake.lock"},
		{"path:/etc/nixos", "/etc/nixos/flake.lock"},
		{"git+file:///etc/nixos", "/etc/nixos/flake.lock"},
		{"git+file:///srv/fleet?ref=main&dir=hosts/box", "/srv/fleet/hosts/box/flake.lock"},
		{"/srv/fleet?dir=hosts", "/srv/fleet/hosts/flake.lock"},
		{"path:/srv/fleet?dir=../etc", ""}, // not inside the flake
		{"github:me/fleet", ""},            // not on this machine
		{"fleet", ""},                      // a registry name
		{"path:fleet", ""},                 // relative: not known where
	} {
		if got := (build.Target{Flake: tc.flake, FlakeAttr: "x"}).LockFile(); got != tc.want {
			t.Errorf("LockFile of %q = %q, want %q", tc.flake, got, tc.want)
		}
	}
	if got := (build.Target{File: "/etc/nixos/flake.lock"}).LockFile(); got != "" {
		t.Errorf("a file system has no lock: %q", got)
	}
}

// lock writes a flake.lock (version 7) with nodes given as
// name -> {rev or narHash, lastModified, inputs}.
func lock(rootInputs string, nodes ...string) []byte {
	s := `{"nodes": {"root": {"inputs": {` + rootInputs + `}}`
	for _, n := range nodes {
		s += ", " + n
	}
	return []byte(s + `}, "root": "root", "version": 7}`)
}

func node(key, locked, inputs string) string {
	return fmt.Sprintf(`%q: {"inputs": {%s}, "locked": {%s}, "original": {}}`, key, inputs, locked)
}

func TestLockChanges(t *testing.T) {
	const (
		revA = `"rev": "3d2d8f281a27d466fa54b469b5993f7dde198375", "lastModified": 1688083200, "type": "github"`
		revB = `"rev": "a3a3dda3bacf61e8a39258a0ed9c924eeca8e293", "lastModified": 1688515200, "type": "github"`
		hshA = `"narHash": "sha256-2pguPpB7yaXOMxj5d1rBLJHUZA53wuHzW1zkwS0YE74=", "lastModified": 1795753002, "type": "path"`
		hshB = `"narHash": "sha256-6aGxsr05XuAy+2f3syJHwSPShwomicIPXSVcASutw/0=", "lastModified": 1795753067, "type": "path"`
	)
	pkgsA, pkgsB := node("nixpkgs", revA, ""), node("nixpkgs", revB, "")
	for _, tc := range []struct {
		name          string
		before, after []byte
		want          []state.InputChange
		notALock      bool
	}{{
		name:   "nothing moved",
		before: lock(`"nixpkgs": "nixpkgs"`, pkgsA),
		after:  lock(`"nixpkgs": "nixpkgs"`, pkgsA),
	}, {
		name:   "nixpkgs moved",
		before: lock(`"nixpkgs": "nixpkgs"`, pkgsA),
		after:  lock(`"nixpkgs": "nixpkgs"`, pkgsB),
		want: []state.InputChange{{Name: "nixpkgs", From: "3d2d8f281a27d466fa54b469b5993f7dde198375", FromDate: "2023-06-30",
			To: "a3a3dda3bacf61e8a39258a0ed9c924eeca8e293", ToDate: "2023-07-05"}},
	}, {
		// An input of an input, by its path; one that follows another
		// is that other, not an input of its own.
		name: "an input's input, and follows",
		before: lock(`"hm": "hm", "nixpkgs": "nixpkgs"`, pkgsA,
			node("hm", hshA, `"nixpkgs": ["nixpkgs"], "utils": "utils"`), node("utils", revA, "")),
		after: lock(`"hm": "hm", "nixpkgs": "nixpkgs"`, pkgsA,
			node("hm", hshB, `"nixpkgs": ["nixpkgs"], "utils": "utils"`), node("utils", revB, "")),
		want: []state.InputChange{
			{Name: "hm", From: "sha256-2pguPpB7yaXOMxj5d1rBLJHUZA53wuHzW1zkwS0YE74=", FromDate: "2026-11-27", To: "sha256-6aGxsr05XuAy+2f3syJHwSPShwomicIPXSVcASutw/0=", ToDate: "2026-11-27"},
			{Name: "hm/utils", From: "3d2d8f281a27d466fa54b469b5993f7dde198375", FromDate: "2023-06-30", To: "a3a3dda3bacf61e8a39258a0ed9c924eeca8e293", ToDate: "2023-07-05"},
		},
	}, {
		name:   "an input added and one removed",
		before: lock(`"old": "old"`, node("old", revA, "")),
		after:  lock(`"nixpkgs": "nixpkgs"`, pkgsB),
		want: []state.InputChange{
			{Name: "nixpkgs", To: "a3a3dda3bacf61e8a39258a0ed9c924eeca8e293", ToDate: "2023-07-05"},
			{Name: "old", From: "3d2d8f281a27d466fa54b469b5993f7dde198375", FromDate: "2023-06-30"},
		},
	}, {
		name:  "no lock before: every input is new",
		after: lock(`"nixpkgs": "nixpkgs"`, pkgsA),
		want:  []state.InputChange{{Name: "nixpkgs", To: "3d2d8f281a27d466fa54b469b5993f7dde198375", ToDate: "2023-06-30"}},
	}, {
		// A lock that loops (by hand) ends.
		name:   "a loop",
		before: lock(`"a": "a"`, node("a", revA, `"a": "a"`)),
		after:  lock(`"a": "a"`, node("a", revA, `"a": "a"`)),
	}, {
		name:     "not a lock",
		before:   lock(`"nixpkgs": "nixpkgs"`, pkgsA),
		after:    []byte("<<<<<<< HEAD\n"),
		notALock: true,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := build.LockChanges(tc.before, tc.after)
			if ok == tc.notALock || fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("LockChanges = %+v, %v; want %+v, %v", got, ok, tc.want, !tc.notALock)
			}
		})
	}
}

func TestShortLockID(t *testing.T) {
	for id, want := range map[string]string{
		"a3a3dda3bacf61e8a39258a0ed9c924eeca8e293":            "a3a3dda3bacf",
		"sha256-6aGxsr05XuAy+2f3syJHwSPShwomicIPXSVcASutw/0=": "sha256-6aGxsr05X",
		"v1.2": "v1.2",
	} {
		if got := build.ShortLockID(id); got != want {
			t.Errorf("ShortLockID(%q) = %q, want %q", id, got, want)
		}
	}
}

// A hand-made lock whose node names itself many times is read with a
// bounded number of paths, not ten to the tenth.
func TestLockChangesLoopingLock(t *testing.T) {
	lock := loopingLock(`, "locked": {"rev": "abc"}`)
	changes, ok := build.LockChanges(nil, lock)
	if !ok || len(changes) == 0 || len(changes) > 10000 {
		t.Fatalf("ok %v, %d changes, want between 1 and 10000", ok, len(changes))
	}
	if changes, ok := build.LockChanges(lock, lock); !ok || len(changes) != 0 {
		t.Fatalf("the same lock twice: ok %v, %d changes", ok, len(changes))
	}
}

// FuzzLockChanges: whatever a flake.lock holds, reading it ends, the
// same lock twice shows no change, and every change names a side.
func FuzzLockChanges(f *testing.F) {
	f.Add([]byte(`{"nodes": {"root": {"inputs": {"nixpkgs": "nixpkgs"}}, "nixpkgs": {"locked": {"rev": "3d2d8f281a27", "lastModified": 1688000000}}}, "root": "root", "version": 7}`),
		[]byte(`{"nodes": {"root": {"inputs": {"nixpkgs": "n"}}, "n": {"locked": {"rev": "a3a3dda3bacf", "lastModified": 1688500000}}}, "root": "root", "version": 7}`))
	f.Add([]byte(`{"nodes": {"root": {"inputs": {"a": "root", "b": ["a"]}}}}`), []byte(`{}`))
	f.Fuzz(func(t *testing.T, before, after []byte) {
		if same, ok := build.LockChanges(after, after); ok && len(same) != 0 {
			t.Fatalf("the same lock twice shows changes: %v", same)
		}
		changes, ok := build.LockChanges(before, after)
		if !ok {
			return
		}
		for _, c := range changes {
			if c.From == "" && c.To == "" && c.FromDate == "" && c.ToDate == "" && c.Name == "" {
				t.Fatalf("an empty change: %+v", c)
			}
			if c.From != "" && c.From == c.To {
				t.Fatalf("a change to the same id: %+v", c)
			}
		}
	})
}

// The same with nothing locked: no input to report, and the walk ends.
func TestLockChangesLoopingLockNothingLocked(t *testing.T) {
	if changes, ok := build.LockChanges(nil, loopingLock("")); !ok || len(changes) != 0 {
		t.Fatalf("ok %v, changes %v, want none", ok, changes)
	}
}

// loopingLock is a flake.lock whose root names itself as ten inputs;
// locked is put after the root's inputs (its "locked" entry, or "").
func loopingLock(locked string) []byte {
	inputs := ""
	for i := range 10 {
		if i > 0 {
			inputs += ","
		}
		inputs += fmt.Sprintf(`"in%d": "root"`, i)
	}
	return []byte(`{"version": 7, "root": "root", "nodes": {"root": {"inputs": {` + inputs + `}` + locked + `}}}`)
}

// Inputs asked for by name are checked before anything runs: the name's
// form, that the system is a flake with its lock here, and that the
// lock names each one; every refusal says nothing was run.
func TestCheckUpdateInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(sub string, data []byte) string {
		t.Helper()
		d := filepath.Join(dir, sub)
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if data != nil {
			if err := os.WriteFile(filepath.Join(d, "flake.lock"), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	rev := `"rev": "3d2d8f281a27d466fa54b469b5993f7dde198375", "lastModified": 1688083200, "type": "github"`
	two := write("two", lock(`"nixpkgs": "nixpkgs", "home-manager": "home-manager"`,
		node("nixpkgs", rev, ""), node("home-manager", rev, `"nixpkgs": ["nixpkgs"]`)))
	none := write("none", lock(``))
	unlocked := write("unlocked", nil)
	bad := write("bad", []byte("not json"))
	flake := func(d string) build.Target { return build.Target{Flake: "path:" + d, FlakeAttr: "x"} }
	for _, tc := range []struct {
		name   string
		t      build.Target
		inputs []string
		want   string // a part of the error; "" for none
	}{
		{"one input the lock names", flake(two), []string{"nixpkgs"}, ""},
		{"both", flake(two), []string{"home-manager", "nixpkgs"}, ""},
		{"a plain path", build.Target{Flake: two, FlakeAttr: "x"}, []string{"home-manager"}, ""},
		{"an input the lock lacks", flake(two), []string{"nixpkgs", "nixos-hardware"},
			"the flake path:" + two + " has no input named nixos-hardware: its flake.lock (" + two + "/flake.lock) names home-manager, nixpkgs; nothing was run. Say one of those (ask-nix update home-manager)"},
		{"a name in other case", flake(two), []string{"Home-Manager"},
			"the flake path:" + two + " has no input named Home-Manager, but one named home-manager (input names are case-sensitive): ask-nix update home-manager; nothing was run"},
		{"a lock with no inputs", flake(none), []string{"nixpkgs"}, "has no input named nixpkgs: its flake.lock (" + none + "/flake.lock) names none; nothing was run"},
		{"no lock yet", flake(unlocked), []string{"nixpkgs"}, unlocked + "/flake.lock does not exist yet, so no input is locked to update on its own; nothing was run"},
		{"not a lock", flake(bad), []string{"nixpkgs"}, "is not a flake.lock Nix could have written"},
		{"a flag for a name", flake(two), []string{"--commit-lock-file"}, `"--commit-lock-file" starts with -`},
		{"shell words for a name", flake(two), []string{"nixpkgs && reboot"}, "is not a flake input's name"},
		{"a flake elsewhere", build.Target{Flake: "github:me/fleet", FlakeAttr: "x"}, []string{"nixpkgs"},
			"the flake github:me/fleet is not a folder on this machine, so there is no flake.lock here to update nixpkgs in; nothing was run"},
		{"channels", build.Target{File: "<nixpkgs/nixos>", Attr: "system"}, []string{"nixpkgs"},
			"input names (nixpkgs) are for a flake's inputs, and this system (<nixpkgs/nixos> -A system) is not a flake: it is built from channels; nothing was run. ask-nix update updates the channels"},
		// A file may pin its nixpkgs: "built from channels" would be a
		// guess.
		{"a file", build.Target{File: "/etc/nixos/configuration.nix"}, []string{"nixpkgs"},
			"input names (nixpkgs) are for a flake's inputs, and this system (/etc/nixos/configuration.nix) is not a flake: it is a Nix file, whose nixpkgs comes from the channels (<nixpkgs>) or is pinned in the files it imports; nothing was run. ask-nix update updates the channels, all of them (nix-channel --update); a nixpkgs pinned in a file is updated there"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.t.CheckUpdateInputs(tc.inputs)
			if (err != nil) != (tc.want != "") || err != nil && !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("CheckUpdateInputs(%q) = %v\nwant %q", tc.inputs, err, tc.want)
			}
			// What the command line asked for that cannot be is
			// InputsRefused (ask-nix: exit 2); a lock that makes no
			// sense, or a name's form (guard's own refusal), is not.
			var no *build.InputsRefused
			wantRefused := err != nil && tc.name != "not a lock" && !strings.Contains(tc.name, "for a name")
			if errors.As(err, &no) != wantRefused {
				t.Errorf("CheckUpdateInputs(%q) = %T, InputsRefused: %v, want %v", tc.inputs, err, errors.As(err, &no), wantRefused)
			}
		})
	}
}

func TestKeptInputs(t *testing.T) {
	rev := `"rev": "3d2d8f281a27d466fa54b469b5993f7dde198375", "lastModified": 1688083200, "type": "github"`
	after := lock(`"nixpkgs": "nixpkgs", "home-manager": "home-manager", "utils": "utils"`,
		node("nixpkgs", rev, ""), node("home-manager", rev, ""), node("utils", rev, ""))
	for _, tc := range []struct {
		only    []string
		changes []state.InputChange
		want    []string
	}{
		{[]string{"nixpkgs"}, []state.InputChange{{Name: "nixpkgs", From: "a", To: "b"}}, []string{"home-manager", "utils"}},
		// What moved with the one asked for is not said to be kept.
		{[]string{"nixpkgs"}, []state.InputChange{{Name: "home-manager/utils", From: "a", To: "b"}}, []string{"utils"}},
		{[]string{"nixpkgs", "utils"}, nil, []string{"home-manager"}},
	} {
		if got := build.KeptInputs(after, tc.only, tc.changes); !slices.Equal(got, tc.want) {
			t.Errorf("KeptInputs(%q, %v) = %q, want %q", tc.only, tc.changes, got, tc.want)
		}
	}
	if got := build.KeptInputs([]byte("[]"), []string{"nixpkgs"}, nil); got != nil {
		t.Errorf("KeptInputs of no lock = %q", got)
	}
}

func TestUpdateCommands(t *testing.T) {
	f := build.Target{Flake: "/etc/nixos", FlakeAttr: "x"}
	for got, want := range map[string]string{
		build.UpdateCommand(f):                                                  "nix flake update --flake /etc/nixos",
		build.UpdateCommand(f, "nixpkgs", "home-manager"):                       "nix flake update --flake /etc/nixos nixpkgs home-manager",
		build.OldNixUpdateCommand(f):                                            "nix flake update /etc/nixos",
		build.OldNixUpdateCommand(f, "nixpkgs", "home-manager"):                 "nix flake lock /etc/nixos --update-input nixpkgs --update-input home-manager",
		build.UpdateCommand(build.Target{File: "/etc/nixos/configuration.nix"}): "nix-channel --update",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
