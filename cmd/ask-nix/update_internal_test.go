package main

import (
	"testing"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// What an update says of flake.lock, for every input or some alone.
func TestFlakeFetched(t *testing.T) {
	moved := []state.InputChange{{Name: "nixpkgs", From: "3d2d8f281a27d466fa54b469b5993f7dde198375", FromDate: "2023-06-30", To: "a3a3dda3bacf61e8a39258a0ed9c924eeca8e293", ToDate: "2023-07-05"}}
	const all, one = "nix flake update --flake /etc/nixos", "nix flake lock /etc/nixos --update-input nixpkgs"
	for _, tc := range []struct {
		name string
		u    state.Update
		want string
	}{
		{"every input, one moved", state.Update{Command: all, Inputs: moved},
			"Updated the inputs (" + all + "):\n  nixpkgs 3d2d8f281a27 (2023-06-30) → a3a3dda3bacf (2023-07-05)\n"},
		{"every input, none moved", state.Update{Command: all, LockUnchanged: true},
			"Updated the inputs (" + all + "): every input was already the newest; flake.lock is unchanged.\n"},
		{"no lock to compare", state.Update{Command: all}, "Updated the inputs (" + all + ").\n"},
		{"one input, moved, others kept", state.Update{Command: one, Inputs: moved, Only: []string{"nixpkgs"}, Kept: []string{"home-manager", "utils"}},
			"Updated nixpkgs (" + one + "):\n  nixpkgs 3d2d8f281a27 (2023-06-30) → a3a3dda3bacf (2023-07-05)\nLeft as they were: home-manager, utils.\n"},
		{"one input, the flake's only one", state.Update{Command: one, Inputs: moved, Only: []string{"nixpkgs"}},
			"Updated nixpkgs (" + one + "):\n  nixpkgs 3d2d8f281a27 (2023-06-30) → a3a3dda3bacf (2023-07-05)\n"},
		{"one input, already the newest", state.Update{Command: one, Only: []string{"nixpkgs"}, Kept: []string{"home-manager"}, LockUnchanged: true},
			"Updated nixpkgs (" + one + "): it was already the newest; flake.lock is unchanged.\n"},
		{"two inputs, already the newest", state.Update{Command: one, Only: []string{"nixpkgs", "home-manager"}, LockUnchanged: true},
			"Updated nixpkgs, home-manager (" + one + "): they were already the newest; flake.lock is unchanged.\n"},
		{"some inputs, no lock to compare", state.Update{Command: one, Only: []string{"nixpkgs"}},
			"Updated nixpkgs (" + one + "); the other inputs were left as they were.\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := flakeFetched(&tc.u); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// Words of a request typed without quotes are no input names.
func TestUpdateArgs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		ok   bool
	}{
		{[]string{"nixpkgs"}, true},
		{[]string{"nixpkgs", "home-manager"}, true},
		{[]string{"my", "system"}, false},
		{[]string{"only", "nixpkgs"}, false},
		{[]string{"the", "nixpkgs", "input"}, false},
		{[]string{"Everything"}, false},
	} {
		if err := updateArgs(nil, tc.args); (err == nil) != tc.ok {
			t.Errorf("updateArgs(%q) = %v, want ok %v", tc.args, err, tc.ok)
		}
	}
}
