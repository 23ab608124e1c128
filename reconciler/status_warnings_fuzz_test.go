package reconciler

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// FuzzOneLineWarnings: the warnings of the last pass, as the state file
// holds them (written by a pass, by another version, or by hand), are
// said in status's one line as the first one read back
// (nixrun.ReadBack), on that line with no control character, then how
// many more: the others kept and those counted past them, never a
// negative count. A warning as Warnings kept it is said as it is; none
// with words, nothing is said.
func FuzzOneLineWarnings(f *testing.F) {
	f.Add("Git tree '/etc/nixos' is dirty", "unknown setting 'x'", 1)
	f.Add("evaluation warning: foo", "", 0)
	f.Add("a\nb\x1b[31m", "", -3)
	f.Add("", "x", 5)
	f.Add("\u202etxt.exe", "y", 1<<40)
	f.Fuzz(func(t *testing.T, first, second string, more int) {
		ws := []string{first}
		if second != "" {
			ws = append(ws, second)
		}
		now := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
		rep := StatusReport{State: state.State{Phase: state.PhaseIdle, CurrentGeneration: 4, RunningGeneration: 4, BootedGeneration: 4,
			LastPass: &state.Pass{Result: state.ResultSuccess, Finished: now.Add(-time.Second), Warnings: ws, WarningsMore: more}}, DaemonRunning: true}
		out := OneLine(&rep, now)
		_, said, ok := strings.Cut(out, " · Nix warned: ")
		if ok && strings.Contains(said, "\n") {
			t.Fatalf("warnings %q: %q", ws, out)
		}
		for _, r := range said {
			if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
				t.Fatalf("warnings %q: %q has %U", ws, out, r)
			}
		}
		if kept, ok := nixrun.WarningOf([]byte("warning: " + first)); ok && kept == first && !strings.HasPrefix(said, first) {
			t.Fatalf("warning %q said as %q", first, said)
		}
		kept, keptMore := nixrun.ReadBack(ws, more)
		if len(kept) == 0 {
			if ok {
				t.Fatalf("warnings %q, none to say: %q", ws, out)
			}
			return
		}
		n := len(kept) - 1 + keptMore
		if n < 0 {
			n = 0 // an overflow of a hand-written count is not said
		}
		if n > 0 && !strings.HasSuffix(said, " (and "+strconv.Itoa(n)+" more)") || n == 0 && strings.Count(out, " more)") > strings.Count(first, " more)") {
			t.Fatalf("warnings %q and %d more: %q", ws, more, out)
		}
	})
}
