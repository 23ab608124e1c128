package build_test

import (
	"fmt"
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
