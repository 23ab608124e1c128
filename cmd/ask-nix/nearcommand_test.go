package main

import "testing"

func TestNearCommand(t *testing.T) {
	names := []string{"apply", "config", "diff", "explain", "gc", "generations", "help", "history", "index", "info", "rollback", "search", "status", "undo", "update"}
	for _, tc := range []struct {
		request, word, name string
	}{
		{"staus", "staus", "status"},
		{"stauts --json", "stauts", "status"},
		{"hisotry", "hisotry", "history"}, // a swap is one typo
		{"genrations", "genrations", "generations"},
		{"Serach firefox", "Serach", "search"},
		{"dif 3", "dif", "diff"},
		{"infoo", "infoo", "info"},
		// Not a command's typo: a package, a word, a short name.
		{"frobnicate", "", ""},
		{"htop", "", ""}, // two from help, whose 4 letters allow one
		{"git", "", ""},
		{"go", "", ""},
		{"install firefox", "", ""},
		{"status", "", ""}, // the command itself
		{"", "", ""},
	} {
		word, name := nearCommand(tc.request, names)
		if word != tc.word || name != tc.name {
			t.Errorf("nearCommand(%q) = %q, %q; want %q, %q", tc.request, word, name, tc.word, tc.name)
		}
	}
}
