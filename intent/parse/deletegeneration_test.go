package parse_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// "delete generation 12" is not understood, marked with its number so
// ask-nix can name the profile it keeps; the parser's own hint names
// NixOS's.
func TestDeleteGenerationMarked(t *testing.T) {
	for text, want := range map[string]string{
		"delete generation 12":           "12",
		"remove generation #7":           "7",
		"delete generation number 3":     "3",
		"please just drop generation 41": "41",
	} {
		_, err := parse.Parse(text)
		var d *parse.DeleteGeneration
		var nu *intent.NotUnderstood
		if !errors.As(err, &d) || !errors.As(err, &nu) {
			t.Errorf("Parse(%q): %v; want a generation to delete, not understood", text, err)
			continue
		}
		if d.Generation != want {
			t.Errorf("Parse(%q): generation %q, want %q", text, d.Generation, want)
		}
		if wantHint := parse.DeleteGenerationHint(want, parse.NixOSProfile); nu.Hint != wantHint {
			t.Errorf("Parse(%q): hint %q, want %q", text, nu.Hint, wantHint)
		}
	}
	// By count or age, generations are deleted: no such mark.
	for _, text := range []string{"delete old generations", "keep the last 5 generations", "delete generations older than 30 days"} {
		var d *parse.DeleteGeneration
		if _, err := parse.Parse(text); errors.As(err, &d) {
			t.Errorf("Parse(%q): %v; want no single generation to delete", text, err)
		}
	}
}

func TestDeleteGenerationHint(t *testing.T) {
	for _, c := range []struct{ generation, profile, want string }{
		{"12", parse.NixOSProfile, "`nix-env -p /nix/var/nix/profiles/system --delete-generations 12` (as root)"},
		{"5", "/tmp/play/nix/var/nix/profiles/system", "`nix-env -p /tmp/play/nix/var/nix/profiles/system --delete-generations 5`"},
		{"5", "/srv/my profiles/system", "`nix-env -p '/srv/my profiles/system' --delete-generations 5`"},
		{"5", "/srv/it's/system", `nix-env -p '/srv/it'\''s/system' --delete-generations 5`},
	} {
		got := parse.DeleteGenerationHint(c.generation, c.profile)
		if !strings.Contains(got, c.want) || !strings.HasPrefix(got, "ask-nix deletes generations by count or age") {
			t.Errorf("DeleteGenerationHint(%q, %q) = %q, want %q in it", c.generation, c.profile, got, c.want)
		}
	}
}
