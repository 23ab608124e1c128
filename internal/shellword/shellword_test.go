package shellword_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/shellword"
)

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/etc/nixos/nix-humanity.nix", "/etc/nixos/nix-humanity.nix"},
		{"/var/lib/nix-humanity/history/7.after", "/var/lib/nix-humanity/history/7.after"},
		{"", "''"},
		{"/home/ann/My Config/x.nix", "'/home/ann/My Config/x.nix'"},
		{"it's", `'it'\''s'`},
		{"$(rm -rf /)", "'$(rm -rf /)'"},
		{"a\nb", "'a\nb'"},
		{"*.nix", "'*.nix'"},
		{"~/x", "'~/x'"},
	} {
		if got := shellword.Quote(tc.in); got != tc.want {
			t.Errorf("Quote(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// A quoted word given to a real shell comes back as the same one word.
func TestQuoteRoundTripsThroughSh(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Fatal("no sh on PATH: the round trip through a real shell cannot run")
	}
	words := []string{"plain", "two words", "it's", `back\slash`, "$HOME", "`id`", "a\tb\nc", "'", "''", "ü ñ", "-n", "!bang", "semi;colon", "&&"}
	for _, w := range words {
		out, err := exec.Command("sh", "-c", "printf '%s\\0' "+shellword.Quote(w)).Output()
		if err != nil {
			t.Fatalf("sh with %s: %v", shellword.Quote(w), err)
		}
		got := strings.Split(string(out), "\x00")
		if len(got) != 2 || got[0] != w {
			t.Errorf("sh read %s as %q, want the one word %q", shellword.Quote(w), got, w)
		}
	}
}

func FuzzQuote(f *testing.F) {
	for _, s := range []string{"", "a b", "it's", "$(x)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := shellword.Quote(s)
		if q == s {
			for _, r := range s {
				if strings.ContainsRune(" \t\n'\"\\$`;&|<>()*?[]{}#~!", r) {
					t.Fatalf("Quote(%q) left a shell metacharacter unquoted", s)
				}
			}
			return
		}
		inner := strings.TrimSuffix(strings.TrimPrefix(q, "'"), "'")
		if strings.ReplaceAll(inner, `'\''`, "'") != s {
			t.Fatalf("Quote(%q) = %s does not unquote to the input", s, q)
		}
	})
}
