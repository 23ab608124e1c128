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

// An offset said as people say it is no zone: matched to tzdata's
// Etc/GMT+1 ("GMT+1" was), the clock was set to UTC-1, two hours from
// the UTC+1 meant. Refused (with or without a database), naming the Etc
// zone of the offset meant; an Etc name said as tzdata spells it stands,
// with a note on its sign.
func TestTimeZoneOffsets(t *testing.T) {
	for _, tt := range []struct {
		name, want string // want: in the refusal; "" for none
	}{
		{"GMT+1", `say "set timezone to Etc/GMT-1"`},
		{"utc-5", `say "set timezone to Etc/GMT+5"`},
		{"UTC + 2", `say "set timezone to Etc/GMT-2"`},
		{"GMT+01:00", `say "set timezone to Etc/GMT-1"`},
		{"UTC+05:30", `say your city's`},
		{"UTC+0", `say "set timezone to UTC"`},
		{"Etc/GMT+1", ""},
		{"GMT", ""},
		{"Europe/Berlin", ""},
	} {
		var stderr bytes.Buffer
		g := &globals{stderr: &stderr, lookupEnv: func(string) (string, bool) { return "", false }}
		in := intent.Intent{Kind: intent.SetOption, Option: "time.timeZone", Value: tt.name}
		_, err := checkTimeZone(g, in)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("checkTimeZone(%q) = %v; want it kept", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("checkTimeZone(%q) = %v; want a refusal with %s", tt.name, err, tt.want)
		case tt.want == "" && strings.HasPrefix(tt.name, "Etc/GMT+") && !strings.Contains(stderr.String(), "is UTC-1"):
			t.Errorf("checkTimeZone(%q): no note on the sign: %q", tt.name, stderr.String())
		}
	}
}
