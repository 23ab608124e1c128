package reconciler

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// FuzzOneLineStateText: whatever strings the state file holds (written
// by hand, damaged, or Nix's error text with its escape sequences),
// status's text has no control character but its own line breaks, and
// the JSON, made from the same report, keeps them exact.
func FuzzOneLineStateText(f *testing.F) {
	f.Add("health check failed", "build failed\nerror: x", "nixpkgs", "/etc/nixos/flake.lock", "firefox 133.0")
	f.Add("\x1b[2J", "\x1b]0;pwned\x07\r\n\x9b31m", "nix\x1bpkgs", "a\u202eb", "\xff\xfe")
	f.Add("", "", "", "", "")
	f.Add("\xff\xfe", "\xc3", "", "", "")
	f.Fuzz(func(t *testing.T, reason, errText, input, file, pkg string) {
		now := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
		rep := &StatusReport{State: state.State{
			Version: 1, Phase: state.PhaseIdle, Queue: []string{"watch: " + file},
			LastPass: &state.Pass{
				ID: 3, Result: state.ResultFailure, Action: "switch", Trigger: "update",
				Started: now.Add(-time.Minute), Finished: now, Reason: reason, Error: errText,
				ChangedFiles: []string{file}, FragmentEdit: 2,
				Packages: &state.PackageChanges{Added: []string{pkg}},
				Update:   &state.Update{Command: "nix flake update", Only: []string{input}, Kept: []string{input}, Inputs: []state.InputChange{{Name: input, From: pkg, To: reason}}},
			},
		}, Holder: reason, StateDirError: errText, RebootFor: []string{pkg}}
		for _, out := range []string{OneLine(rep, now), Pending(rep)} {
			for _, r := range out {
				if r != '\n' && (unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == 0x2028 || r == 0x2029) {
					t.Fatalf("status text keeps %U:\n%q", r, out)
				}
			}
		}
		b, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		var back state.State
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		// JSON carries valid UTF-8 only (each invalid byte is U+FFFD):
		// the rest, it carries exact.
		valid := func(s string) string { return strings.Map(func(r rune) rune { return r }, s) }
		if want := valid(reason); back.LastPass.Reason != want {
			t.Errorf("JSON reason %q, want %q", back.LastPass.Reason, want)
		}
		if want := valid(errText); back.LastPass.Error != want {
			t.Errorf("JSON error %q, want %q", back.LastPass.Error, want)
		}
	})
}
