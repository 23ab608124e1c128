package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/internal/testbin"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

// buildAskNix builds the real ask-nix binary into a temporary directory,
// so the tests below run it as separate processes, the way people do.
func buildAskNix(tb testing.TB) string { return testbin.Build(tb, ".") }

// machine is a scratch NixOS-like layout for process tests.
type machine struct {
	dir, fragment, state string
	env                  []string
}

func newMachine(tb testing.TB, withNix bool) *machine {
	tb.Helper()
	dir := tb.TempDir()
	m := &machine{
		dir:      dir,
		fragment: filepath.Join(dir, "etc", "nixos", "nix-humanity.nix"),
		state:    filepath.Join(dir, "var", "lib", "nix-humanity"),
	}
	if err := os.MkdirAll(filepath.Dir(m.fragment), 0o755); err != nil {
		tb.Fatal(err)
	}
	path := "/nonexistent" // no nix-instantiate: validation is skipped (and said so)
	if withNix {
		path = os.Getenv("PATH")
	}
	nixConfig := os.Getenv("NIX_CONFIG")
	if nixConfig == "" {
		nixConfig = nixruntest.NixConfig
	}
	m.env = []string{
		"PATH=" + path,
		"HOME=" + dir,
		"NIX_CONFIG=" + nixConfig,
		"NIX_HUMANITY_FRAGMENT=" + m.fragment,
		"NIX_HUMANITY_STATE_DIR=" + m.state,
		"NIX_HUMANITY_CONFIG=none",
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
	}
	return m
}

func (m *machine) command(ctx context.Context, bin string, extraEnv []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(slices.Clone(m.env), extraEnv...)
	return cmd
}

func (m *machine) packages(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile(m.fragment)
	if err != nil {
		t.Fatal(err)
	}
	f, err := fragment.Parse(m.fragment, src)
	if err != nil {
		t.Fatalf("fragment does not parse: %v\n%s", err, src)
	}
	var out []string
	for _, p := range f.Packages() {
		out = append(out, p.String())
	}
	return out
}

// 50 processes add 50 different packages to one fragment at once: none
// is lost, and the history numbers every edit once.
func TestConcurrentProcessesLoseNothing(t *testing.T) {
	nixruntest.RequireNix(t)
	bin := buildAskNix(t)
	m := newMachine(t, true)
	const n = 50
	var want []string
	for i := range n {
		want = append(want, fmt.Sprintf("pkg%02d", i))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, n)
	outs := make([][]byte, n)
	start := make(chan struct{})
	for i, p := range want {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := m.command(ctx, bin, nil, "-y", "install", p)
			<-start
			outs[i], errs[i] = cmd.CombinedOutput()
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("process %d: %v\n%s", i, err, outs[i])
		}
	}
	if got := m.packages(t); !slices.Equal(got, want) {
		t.Fatalf("packages after %d concurrent installs:\n%v\nwant\n%v", n, got, want)
	}
	es, err := txn.HistoryIn(m.state).Entries()
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for i, e := range es {
		if e.Edit != i+1 || e.Status != txn.StatusApplied {
			t.Errorf("history entry %d: %+v", i, e)
		}
		seen = append(seen, strings.TrimPrefix(e.Request, "install "))
	}
	slices.Sort(seen)
	if !slices.Equal(seen, want) {
		t.Errorf("history requests %v", seen)
	}
	for i, out := range outs {
		if !bytes.Contains(out, []byte("Wrote ")) {
			t.Errorf("process %d did not report a write:\n%s", i, out)
		}
	}
}

// A writer killed (SIGKILL) at a random moment, many times over, leaves
// a fragment that parses and holds either the old content or the new,
// and a history that the next writer reads and settles.
//
// NIX_HUMANITY_TEST_WRITE_PAUSE is a test-only hook: it makes the writer
// sleep between the steps of a write (history saved, fragment renamed),
// so random kills land inside the write and not only before or after it.
func TestKilledWriterLeavesOldOrNew(t *testing.T) {
	bin := buildAskNix(t)
	m := newMachine(t, false)
	ctx := context.Background()
	hook := []string{"NIX_HUMANITY_TEST_WRITE_PAUSE=3ms"}

	// How long an unkilled run takes (the median of a few, so one slow
	// run does not spread the kills past the end), to spread the kills
	// over it.
	var spans []time.Duration
	for i := range 5 {
		begin := time.Now()
		if out, err := m.command(ctx, bin, hook, "install", fmt.Sprintf("seed%d", i)).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		spans = append(spans, time.Since(begin))
	}
	slices.Sort(spans)
	span := spans[len(spans)/2]

	rnd := rand.New(rand.NewPCG(1, 2))
	const rounds = 60
	outcomes := map[string]int{}
	for i := range rounds {
		old, err := os.ReadFile(m.fragment)
		if err != nil {
			t.Fatal(err)
		}
		f, err := fragment.Parse(m.fragment, old)
		if err != nil {
			t.Fatalf("round %d: fragment does not parse before the round: %v", i, err)
		}
		pkg := fmt.Sprintf("crash%02d", i)
		if _, err := f.AddPackages(fragment.Path{pkg}); err != nil {
			t.Fatal(err)
		}
		want := f.Render()

		cmd := m.command(ctx, bin, hook, "install", pkg)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rnd.Int64N(int64(span))))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err = cmd.Wait()
		killed := err != nil

		now, rerr := os.ReadFile(m.fragment)
		if rerr != nil {
			t.Fatalf("round %d: fragment unreadable after kill: %v", i, rerr)
		}
		if _, err := fragment.Parse(m.fragment, now); err != nil {
			t.Fatalf("round %d: fragment does not parse after kill: %v\n%s", i, err, now)
		}
		switch {
		case bytes.Equal(now, old):
			outcomes["old"]++
		case bytes.Equal(now, want):
			outcomes["new"]++
		default:
			t.Fatalf("round %d (killed %v): fragment is neither old nor new:\n%s", i, killed, now)
		}
		if _, err := txn.HistoryIn(m.state).Entries(); err != nil {
			t.Fatalf("round %d: history unreadable: %v", i, err)
		}
	}
	t.Logf("after %d kills: %v (span %v)", rounds, outcomes, span)
	if outcomes["old"] == 0 || outcomes["new"] == 0 {
		t.Errorf("kills never landed on both sides of the write: %v", outcomes)
	}

	// The next writer cleans up and settles what the kills left, and the
	// history agrees with the file.
	if out, err := m.command(ctx, bin, nil, "install", "final").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(m.fragment), ".nix-humanity.nix.tmp-*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	es, err := txn.HistoryIn(m.state).Entries()
	if err != nil {
		t.Fatal(err)
	}
	installed := m.packages(t)
	statuses := map[string]int{}
	for _, e := range es {
		statuses[e.Status+" "+e.Reason]++
	}
	t.Logf("history after the kills: %v", statuses)
	for _, e := range es {
		pkg := strings.TrimPrefix(e.Request, "install ")
		switch e.Status {
		case txn.StatusApplied:
			if !slices.Contains(installed, pkg) {
				t.Errorf("edit %d (%s) is marked applied, but %s is not in the fragment", e.Edit, e.Request, pkg)
			}
		case txn.StatusNotWritten:
			if slices.Contains(installed, pkg) {
				t.Errorf("edit %d (%s) is marked not written, but %s is in the fragment", e.Edit, e.Request, pkg)
			}
		default:
			t.Errorf("edit %d left %s", e.Edit, e.Status)
		}
	}
	for _, p := range installed {
		if strings.HasPrefix(p, "seed") || p == "final" {
			continue
		}
		if !slices.ContainsFunc(es, func(e txn.Entry) bool { return e.Request == "install "+p && e.Status == txn.StatusApplied }) {
			t.Errorf("%s is in the fragment without an applied history entry", p)
		}
	}
}

// A command's name that starts a sentence, typed without quotes, is the
// request; a command given what it takes is itself.
func TestAsRequest(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want []string // nil: left to the command
	}{
		{[]string{"rollback", "to", "yesterday"}, []string{"rollback to yesterday"}},
		{[]string{"--json", "status", "of", "ssh"}, []string{"--json", "status of ssh"}},
		{[]string{"-y", "apply", "now", "--dry-run"}, []string{"-y", "--dry-run", "apply now"}},
		{[]string{"rollback", "--to", "3"}, nil},
		{[]string{"search", "firefox", "browser"}, nil},
		{[]string{"generations", "--json"}, nil},
		{[]string{"install", "htop"}, nil},
		{[]string{"explain", "go", "back"}, nil},
		{[]string{"apply", "now", "--force"}, nil}, // --force is apply's own
		{[]string{"--fragment", "/tmp/f.nix", "rollback", "to", "yesterday"}, []string{"--fragment", "/tmp/f.nix", "rollback to yesterday"}},
		// A subcommand's words are the request's too, not a flag's.
		{[]string{"generations", "diff", "1", "2", "3"}, []string{"generations diff 1 2 3"}},
		{[]string{"--json", "list-generations", "diff", "of", "last", "week"}, []string{"--json", "list-generations diff of last week"}},
		{[]string{"generations", "diff", "41", "43"}, nil},
		{[]string{"update", "--input", "nixpkgs", "--input", "home-manager"}, nil},
		{[]string{"--json", "--dry-run", "rollback", "to", "yesterday"}, []string{"--json", "--dry-run", "rollback to yesterday"}},
	} {
		root := newRootCommand(&globals{})
		got, _, ok := asRequest(root, tt.args)
		if ok != (tt.want != nil) || !slices.Equal(got, tt.want) {
			t.Errorf("asRequest(%q) = %q, %v; want %q", tt.args, got, ok, tt.want)
		}
		// The tree it read is the one that runs: no flag may be set yet
		// (a repeatable one would hold its values twice).
		var walk func(c *cobra.Command)
		walk = func(c *cobra.Command) {
			c.Flags().VisitAll(func(f *pflag.Flag) {
				if f.Changed {
					t.Errorf("asRequest(%q) set --%s of %s", tt.args, f.Name, c.Name())
				}
			})
			for _, sub := range c.Commands() {
				walk(sub)
			}
		}
		walk(root)
	}
}

// A permission error for someone who is not root says who may.
func TestPermissionHint(t *testing.T) {
	defer func(f func() int) { geteuid = f }(geteuid)
	denied := fmt.Errorf("writing history: %w; nothing was written", &fs.PathError{Op: "open", Path: "/var/lib/nix-humanity/history/log.jsonl", Err: fs.ErrPermission})
	for _, uid := range []int{0, 1000} {
		geteuid = func() int { return uid }
		var errb bytes.Buffer
		g := &globals{stderr: &errb}
		if code := g.exit(denied); code != exitFailed {
			t.Errorf("uid %d: exit %d", uid, code)
		}
		if hinted := strings.Contains(errb.String(), "That needs root (sudo ask-nix ...) or membership in the group"); hinted != (uid != 0) {
			t.Errorf("uid %d: %q", uid, errb.String())
		}
	}
}

// A reader that goes away (ask-nix -y rollback | head -1) does not kill
// a rollback halfway with SIGPIPE: the switch is carried out and
// recorded, with nothing half-done.
func TestClosedPipeDoesNotKillARollback(t *testing.T) {
	pg := playgroundEnv(t)
	writeAndApply(t, pg, "hello", 2)
	bin := buildAskNix(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // the reader is gone before the first line
	cmd := exec.Command(bin, "-y", "rollback")
	cmd.Stdout, cmd.Stderr = w, w
	err = cmd.Run()
	w.Close()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("killed by %v: %v", ws.Signal(), err)
	}
	askNix("status").must(t, 0, "generation 1 (current, booted)", "switched from generation 2 to 1 on request")
	if st := askNix("status", "--json"); strings.Contains(st.stdout, `"activating"`) {
		t.Fatalf("an activation is left cut short:\n%s", st.stdout)
	}
	// A reader gone early is no failure to report: 141, as for SIGPIPE.
	r2, w2, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r2.Close()
	var errb bytes.Buffer
	info := exec.Command(bin, "info")
	info.Stdout, info.Stderr = w2, &errb
	_ = info.Run()
	w2.Close()
	ws, _ := info.ProcessState.Sys().(syscall.WaitStatus)
	if !(ws.Signaled() && ws.Signal() == syscall.SIGPIPE) && info.ProcessState.ExitCode() != 141 || strings.Contains(errb.String(), "broken pipe") {
		t.Fatalf("info into a closed pipe: %v, stderr %q", info.ProcessState, errb.String())
	}
}

// Ctrl-C, SIGTERM and a closed terminal (SIGHUP) stop an apply during
// its build cleanly: exit 130, nothing activated, no new generation.
func TestSignalsStopABuildCleanly(t *testing.T) {
	pg := playgroundEnv(t)
	bin := buildAskNix(t)
	for i, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			// A build of its own each time (the derivation differs), slow
			// enough to be stopped in.
			src := fmt.Sprintf("{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [ hello ];\n  standin.buildSeconds = %d;\n}\n", 30+i)
			if err := os.WriteFile(pg.Fragment, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			var stderr testbin.SyncBuffer
			cmd := exec.Command(bin, "apply")
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			for deadline := time.Now().Add(20 * time.Second); !strings.Contains(stderr.String(), "building"); time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					_ = cmd.Process.Kill()
					t.Fatalf("no build started:\n%s", stderr.String())
				}
			}
			_ = cmd.Process.Signal(sig)
			err := cmd.Wait()
			if cmd.ProcessState.ExitCode() != 130 || !strings.Contains(stderr.String(), "ask-nix: interrupted: the pass stopped before anything was activated; nothing was changed") {
				t.Fatalf("exit %v after %v:\n%s", err, sig, stderr.String())
			}
			askNix("status").must(t, 0, "generation 1 (current, booted)")
		})
	}
}
