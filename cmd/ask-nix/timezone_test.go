package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard/timezone"
	"github.com/nix-humanity/nix-humanity/intent"
)

func TestTimeZoneWithoutDatabase(t *testing.T) {
	saved := timezone.Dirs
	t.Cleanup(func() { timezone.Dirs = saved })
	timezone.Dirs = []string{filepath.Join(t.TempDir(), "none")}
	var stderr bytes.Buffer
	g := &globals{stderr: &stderr, lookupEnv: func(string) (string, bool) { return "", false }}
	in := intent.Intent{Kind: intent.SetOption, Option: "time.timeZone", Value: "europe/berlin"}
	out, err := checkTimeZone(g, in)
	if err != nil || out.Value != "europe/berlin" {
		t.Fatalf("checkTimeZone = %+v, %v", out, err)
	}
	if !strings.Contains(stderr.String(), "checked for its form only: there is no time zone database here") {
		t.Fatalf("no note: %q", stderr.String())
	}
}
