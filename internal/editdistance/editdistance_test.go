package editdistance

import "testing"

func TestOSA(t *testing.T) {
	tests := []struct {
		a, b string
		k    int
		want int
	}{
		{"firefx", "firefox", 1, 1},
		{"neovmi", "neovim", 1, 1}, // a swap is one edit
		{"rigrep", "ripgrep", 1, 1},
		{"thunderbrid", "thunderbird", 2, 1},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 2, 3}, // over budget: k+1
		{"abc", "abc", 1, 0},
		{"", "ab", 2, 2},
		{"abcdef", "ab", 2, 3},
		// ask-nix's command and flag names ("did you mean status?").
		{"status", "status", 2, 0},
		{"staus", "status", 2, 1},
		{"hisotry", "history", 2, 1},
		{"ab", "ba", 1, 1},
		{"", "abc", 3, 3},
		{"htop", "help", 2, 2},
		{"htop", "help", 1, 2}, // over a short name's budget of one
	}
	for _, tt := range tests {
		if got := OSA(tt.a, tt.b, tt.k); got != tt.want {
			t.Errorf("OSA(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.k, got, tt.want)
		}
	}
}
