package main

import "testing"

// What apply says it compared when it evaluated nothing: the fragment
// alone, or with the watch paths named.
func TestUnchangedInputsNote(t *testing.T) {
	for _, tc := range []struct {
		watch []string
		want  string
	}{
		{nil, "Nothing was evaluated: the fragment is as the last successful pass built it, and no other file is watched (the watchPaths setting). A change elsewhere in the configuration is not seen: ask-nix apply --force evaluates it all, as nixos-rebuild does."},
		{[]string{"/etc/nixos", "/srv/secrets"}, "Nothing was evaluated: the fragment and the watched files (/etc/nixos, /srv/secrets) are as the last successful pass built them. A change elsewhere in the configuration is not seen: ask-nix apply --force evaluates it all, as nixos-rebuild does."},
	} {
		if got := unchangedInputsNote(tc.watch); got != tc.want {
			t.Errorf("unchangedInputsNote(%q) =\n%s\nwant\n%s", tc.watch, got, tc.want)
		}
	}
}
