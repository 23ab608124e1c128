package nixrun_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

func TestWarningOf(t *testing.T) {
	for _, tc := range []struct {
		line string
		want string // "" for none
	}{
		{"warning: Git tree '/etc/nixos' is dirty", "Git tree '/etc/nixos' is dirty"},
		{"warning: error: SQLite database '/nix/var/nix/db/db.sqlite' is busy", ""},
		{"warning: SQLite database '/nix/var/nix/db/db.sqlite' is busy", ""},
		{`@nix {"action":"msg","level":1,"msg":"warning: error: SQLite database '/nix/var/nix/db/db.sqlite' is busy"}`, ""},
		{"warning: SQLite database '/nix/var/nix/db/db.sqlite' is busy, or so it says", "SQLite database '/nix/var/nix/db/db.sqlite' is busy, or so it says"},
		{"\x1b[35;1mwarning:\x1b[0m unknown setting 'foo-bogus'\r", "unknown setting 'foo-bogus'"},
		{"  warning: indented ", "indented"},
		{"warning:", ""},
		{"error: attribute 'x' missing", ""},
		{"trace: warning: a trace is not Nix's warning", ""},
		{"building '/nix/store/…-hello.drv'...", ""},
		{`@nix {"action":"msg","level":1,"msg":"\u001b[35;1mwarning:\u001b[0m unknown setting 'foo-bogus'"}`, "unknown setting 'foo-bogus'"},
		{`@nix {"action":"msg","level":1,"msg":"warning: updating lock file '/etc/nixos/flake.lock':\n• Updated input 'nixpkgs'"}`, "updating lock file '/etc/nixos/flake.lock':"},
		{`@nix {"action":"msg","level":0,"msg":"error: builder failed"}`, ""},
		{`@nix {"action":"msg","level":3,"msg":"warning: said at info level"}`, ""},
		{`@nix {"action":"start","id":1,"level":1,"type":105,"text":"warning: not a message"}`, ""},
		{`@nix {"action":"msg","level":1,`, ""},
		{"warning: a bell\a and an escape \x1b]0;title\a in it", "a bell and an escape ]0;title in it"},
		{"warning: " + strings.Repeat("é", 300), strings.Repeat("é", 200) + "…"},
	} {
		got, ok := nixrun.WarningOf([]byte(tc.line))
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("%q: %q %v, want %q", tc.line, got, ok, tc.want)
		}
	}
}

// A pass's warnings, however the stderr of its processes comes in
// chunks: each once, in order, at most MaxWarnings, the other different
// ones counted.
func TestWarningsOnceAndBounded(t *testing.T) {
	var heard []string
	w := &nixrun.Warnings{On: func(s string) { heard = append(heard, s) }}
	stream := "warning: Git tree '/etc/nixos' is dirty\nevaluating...\n" +
		`@nix {"action":"msg","level":1,"msg":"warning: unknown setting 'x'"}` + "\n"
	for _, chunk := range []int{1, 7, len(stream)} {
		ww := w.Writer() // a process of its own
		for s := stream; s != ""; {
			n := min(chunk, len(s))
			if _, err := ww.Write([]byte(s[:n])); err != nil {
				t.Fatal(err)
			}
			s = s[n:]
		}
	}
	want := []string{"Git tree '/etc/nixos' is dirty", "unknown setting 'x'"}
	if !slices.Equal(w.List(), want) || !slices.Equal(heard, want) || w.More() != 0 {
		t.Fatalf("list %q, heard %q, more %d; want %q", w.List(), heard, w.More(), want)
	}
	// An unfinished line is no warning yet.
	ww := w.Writer()
	ww.Write([]byte("warning: half"))
	if len(w.List()) != 2 {
		t.Fatalf("a line without its end was read: %q", w.List())
	}
	ww.Write([]byte(" a line\n"))
	if l := w.List(); l[len(l)-1] != "half a line" {
		t.Fatalf("list %q", l)
	}
	for i := range 2 * nixrun.MaxWarnings {
		for range 2 {
			w.Writer().Write([]byte("warning: number " + strings.Repeat("i", i) + "\n"))
		}
	}
	if len(w.List()) != nixrun.MaxWarnings || len(heard) != nixrun.MaxWarnings || w.More() != 2*nixrun.MaxWarnings-(nixrun.MaxWarnings-3) {
		t.Fatalf("%d kept, %d heard, %d more", len(w.List()), len(heard), w.More())
	}
}

// Real Nix: a flake in a git repository with a change not committed
// makes `nix eval` say the tree is dirty, and a setting Nix does not
// know makes every Nix program say so, nix-build in its internal-json
// log as well. Read through WarningRunner, each is one warning. Other
// programs' stderr is not read.
func TestWarningsOfRealNix(t *testing.T) {
	nixruntest.RequireNix(t)
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is not on PATH; .ci/setup installs it")
	}
	t.Setenv("NIX_CONFIG", os.Getenv("NIX_CONFIG")+"\nnot-a-nix-setting = 1")
	dir := t.TempDir()
	flake := `{ outputs = { self }: { x = derivation { name = "warned"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo ` + filepath.Base(dir) + ` > $out" ]; }; }; }` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "flake.nix"), []byte(flake), 0o644); err != nil {
		t.Fatal(err)
	}
	git := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("git", append([]string{"-C", dir, "-c", "user.email=t@t", "-c", "user.name=t"}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", "flake.nix")
	git("commit", "-qm", "flake")
	if err := os.WriteFile(filepath.Join(dir, "flake.nix"), []byte(flake+"# changed, not committed\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	w := &nixrun.Warnings{}
	r := nixrun.WarningRunner{Runner: nixrun.Exec{}, Warnings: w}
	ctx := context.Background()
	drv, err := nixrun.EvalFlakeDrv(ctx, r, dir+"#x")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := nixrun.Build(ctx, r, nixrun.BuildRequest{Drv: drv.DrvPath, OutLink: filepath.Join(t.TempDir(), "result")}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Run(ctx, nixrun.Cmd{Argv: []string{"sh", "-c", "echo 'warning: not from Nix' >&2"}}); err != nil {
		t.Fatal(err)
	}
	want := []string{"unknown setting 'not-a-nix-setting'", "Git tree '" + dir + "' is dirty"}
	got := w.List()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) || w.More() != 0 {
		t.Fatalf("warnings %q (more %d), want %q", w.List(), w.More(), want)
	}
}

// Newer Nix, and text no terminal should get: builtins.warn's
// "evaluation warning:" (Nix 2.23 and later) reads the same in plain
// text and internal-json; C1 controls, line separators and
// bidirectional controls are dropped like C0 ones, before the spaces
// around the text go.
func TestWarningOfNewerNix(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"evaluation warning: foo", "evaluation warning: foo"},
		{"\x1b[35;1mevaluation warning:\x1b[0m foo", "evaluation warning: foo"},
		{`@nix {"action":"msg","column":null,"file":null,"level":1,"line":null,"msg":"\u001b[35;1mevaluation warning:\u001b[0m foo","raw_msg":"foo"}`, "evaluation warning: foo"},
		{"evaluation warning:", ""},
		{"warning: a\u009b31m C1 CSI", "a31m C1 CSI"},
		{"warning: \u202eevil\u202c txt", "evil txt"},
		{"warning: \x01 a control first", "a control first"},
		{"warning: a line\u2028separator", "a lineseparator"},
		// An escape cut by the message's newline reaches no further.
		{`@nix {"action":"msg","level":1,"msg":"warning: a \u001b[\nbc"}`, "a"},
	} {
		got, ok := nixrun.WarningOf([]byte(tc.line))
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("%q: %q %v, want %q", tc.line, got, ok, tc.want)
		}
	}
}

// A line longer than Warnings keeps unfinished is dropped whole, up to
// its newline: its tail is no line of its own, even when it looks like a
// warning; the next line is read.
func TestWarningsLongLine(t *testing.T) {
	w := &nixrun.Warnings{}
	ww := w.Writer()
	tail := "warning: the tail of a long line "
	ww.Write([]byte("error: a long line " + tail + strings.Repeat("x", 1<<20-len(tail))))
	ww.Write([]byte("\nwarning: the next line\n"))
	if got := w.List(); !slices.Equal(got, []string{"the next line"}) {
		t.Fatalf("warnings %q, want only the next line's", got)
	}
}
