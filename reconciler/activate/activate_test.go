package activate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

func TestProfileLinks(t *testing.T) {
	dir := t.TempDir()
	profile := filepath.Join(dir, "system")
	link := func(name, target string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if g, err := Current(profile); err != nil || g.Number != 0 {
		t.Fatalf("missing profile: %+v %v", g, err)
	}
	link("system-1-link", "/nix/store/a-one")
	link("system-2-link", "/nix/store/b-two")
	link("system-10-link", "/nix/store/c-ten")
	link("system-x-link", "/nix/store/bad")
	link("system-0-link", "/nix/store/zero")
	link("other-3-link", "/nix/store/other")
	link("system", "system-10-link")

	nums, err := Numbers(profile)
	if err != nil || !slices.Equal(nums, []int{1, 2, 10}) {
		t.Fatalf("numbers %v %v", nums, err)
	}
	if g, err := Current(profile); err != nil || g.Number != 10 || g.Path != "/nix/store/c-ten" {
		t.Fatalf("current %+v %v", g, err)
	}
	if g, err := Back(profile, 10, 1); err != nil || g.Number != 2 {
		t.Fatalf("previous of 10: %+v %v", g, err)
	}
	if _, err := Back(profile, 1, 1); err == nil {
		t.Fatal("a generation before 1")
	}
	// Back counts the generations there are, not the numbers between.
	for _, c := range []struct{ n, steps, want int }{{10, 1, 2}, {10, 2, 1}, {2, 1, 1}} {
		if g, err := Back(profile, c.n, c.steps); err != nil || g.Number != c.want {
			t.Fatalf("back %d from %d: %+v %v, want %d", c.steps, c.n, g, err, c.want)
		}
	}
	if _, err := Back(profile, 10, 3); err == nil || !strings.Contains(err.Error(), "there are only 2 generations before 10 in ") {
		t.Fatalf("back 3 from 10: %v", err)
	}
	if n, _ := Find(profile, "/nix/store/b-two"); n != 2 {
		t.Fatalf("find: %d", n)
	}
	if n, _ := Find(profile, "/nix/store/nowhere"); n != 0 {
		t.Fatalf("find missing: %d", n)
	}
	// The refusal names the generations there are (a gc may have taken
	// the one asked for).
	if _, err := Lookup(profile, 7); err == nil || !strings.HasSuffix(err.Error(), "generation 7 does not exist in "+profile+" (it has generations 1-2, 10)") {
		t.Fatalf("lookup 7: %v", err)
	}
	if err := os.Remove(profile); err != nil {
		t.Fatal(err)
	}
	link("system", "somewhere-else")
	if _, err := Current(profile); err == nil {
		t.Fatal("a profile pointing at no generation link is not an error")
	}
}

func TestCheck(t *testing.T) {
	mk := func(files ...string) string {
		dir := t.TempDir()
		for _, f := range files {
			p := filepath.Join(dir, f)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	tests := []struct {
		name  string
		dir   string
		lacks string
	}{
		{"a system", mk("bin/switch-to-configuration", "nixos-version", "init"), ""},
		{"no switch script", mk("nixos-version", "init"), "bin/switch-to-configuration"},
		{"no version", mk("bin/switch-to-configuration", "init"), "nixos-version"},
		{"no init", mk("bin/switch-to-configuration", "nixos-version"), "init"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.dir)
			if tt.lacks == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "has no "+tt.lacks) && !strings.Contains(err.Error(), "executable "+tt.lacks) || !strings.Contains(err.Error(), "nothing was activated") {
				t.Fatalf("err %v, want it to name %s", err, tt.lacks)
			}
		})
	}
	notExec := mk("nixos-version", "init", "bin/switch-to-configuration")
	if err := os.Chmod(filepath.Join(notExec, "bin", "switch-to-configuration"), 0o644); err != nil {
		t.Fatal(err)
	}
	if Check(notExec) == nil {
		t.Fatal("a switch script that cannot run passed")
	}
}

func TestHealthCheck(t *testing.T) {
	ctx := context.Background()
	r := nixrun.Exec{KillGrace: 100 * time.Millisecond}
	ok := settings.HealthCheck{Argv: []string{"/bin/sh", "-c", "exit 0"}, Timeout: time.Second}
	failing := settings.HealthCheck{Argv: []string{"/bin/sh", "-c", "echo 'web is down' >&2; exit 3"}, Timeout: time.Second}
	slow := settings.HealthCheck{Argv: []string{"/bin/sh", "-c", "sleep 5"}, Timeout: 100 * time.Millisecond}
	if err := HealthCheck(ctx, r, []settings.HealthCheck{ok, ok}); err != nil {
		t.Fatal(err)
	}
	err := HealthCheck(ctx, r, []settings.HealthCheck{ok, failing, slow})
	var he *HealthError
	if !errors.As(err, &he) || !strings.Contains(err.Error(), "web is down") || !strings.Contains(err.Error(), "exit code 3") {
		t.Fatalf("failing check: %v", err)
	}
	start := time.Now()
	err = HealthCheck(ctx, r, []settings.HealthCheck{slow})
	if err == nil || !strings.Contains(err.Error(), "no answer within 100ms, so it was stopped (run it by hand") {
		t.Fatalf("slow check: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("a timed-out check took %s", d)
	}
}

// A health check is judged by its exit code: however much it prints,
// only a bounded tail of its output is kept (a check printing without
// end for its whole timeout took gigabytes).
func TestHealthCheckKeepsATailOfItsOutput(t *testing.T) {
	var got []nixrun.Cmd
	r := nixruntest.Func(func(_ context.Context, c nixrun.Cmd) (nixrun.Result, error) {
		got = append(got, c)
		return nixrun.Result{}, nil
	})
	if err := HealthCheck(context.Background(), r, []settings.HealthCheck{{Argv: []string{"check"}}}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got[0].StdoutTail {
		t.Fatalf("ran %+v", got)
	}
}

// Nearest suggests, for a refused switch from cur to n, the nearest
// generation that can be switched to: past n away from cur first, then
// between n and cur; never cur, never one whose system is gone.
func TestNearest(t *testing.T) {
	dir := t.TempDir()
	profile := filepath.Join(dir, "system")
	system := t.TempDir()
	for _, f := range []string{"bin/switch-to-configuration", "nixos-version", "init"} {
		p := filepath.Join(system, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	gone := filepath.Join(dir, "gone")
	// 1 ok, 2 gone, 3 ok, 4 gone, 5 gone, 6 ok (current), 7 gone
	for n, target := range map[int]string{1: system, 2: gone, 3: system, 4: gone, 5: gone, 6: system, 7: gone} {
		if err := os.Symlink(target, filepath.Join(dir, "system-"+strconv.Itoa(n)+"-link")); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name      string
		n, cur    int
		want      int // 0: none
		wantOlder bool
	}{
		{"back one to a gone system: the one before it", 5, 6, 3, true},
		{"back past the oldest usable: between it and cur", 2, 6, 1, true},
		{"the oldest is usable past 4", 4, 6, 3, true},
		{"forward to a gone newest: nothing newer, nothing between but cur", 7, 6, 0, false},
		{"forward from 1 to a gone 2: newer past it", 2, 1, 3, false},
		{"forward from 3 to 5: 6 is newer and not cur", 5, 3, 6, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, older, ok := Nearest(profile, tt.n, tt.cur)
			if tt.want == 0 {
				if ok {
					t.Fatalf("Nearest(%d, cur %d) = %d, want none", tt.n, tt.cur, g.Number)
				}
				return
			}
			if !ok || g.Number != tt.want || older != tt.wantOlder {
				t.Fatalf("Nearest(%d, cur %d) = %d older=%v ok=%v, want %d older=%v", tt.n, tt.cur, g.Number, older, ok, tt.want, tt.wantOlder)
			}
		})
	}
}

// A rollback killed after it put the profile back, before the boot
// entry: the profile no longer tells that the boot default is still the
// failed system's. Restore, which goes by the profile, makes no boot
// entry; RestoreCutShort makes it whatever the profile says. (Recorded
// commands: what would run on NixOS.)
func TestRestoreCutShortMakesTheBootEntry(t *testing.T) {
	dir := t.TempDir()
	profile := filepath.Join(dir, "system")
	for name, target := range map[string]string{"system-1-link": "/nix/store/a-good", "system-2-link": "/nix/store/b-bad", "system": "system-1-link"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	before := Before{Generation: Generation{Number: 1, Path: "/nix/store/a-good"}, Running: "/nix/store/a-good"}
	for _, c := range []struct {
		name     string
		action   string
		cutShort bool
		want     []string
	}{
		{"switch", "switch", false, []string{"/nix/store/a-good/bin/switch-to-configuration test"}},
		{"switch, cut short", "switch", true, []string{"/nix/store/a-good/bin/switch-to-configuration test", "/nix/store/a-good/bin/switch-to-configuration boot"}},
		{"boot", "boot", false, nil},
		{"boot, cut short", "boot", true, []string{"/nix/store/a-good/bin/switch-to-configuration boot"}},
		{"test, cut short", "test", true, []string{"/nix/store/a-good/bin/switch-to-configuration test"}},
	} {
		var got []string
		a := &Activator{Profile: profile, CurrentSystem: filepath.Join(dir, "current-system"), Runner: nixruntest.Func(func(_ context.Context, cmd nixrun.Cmd) (nixrun.Result, error) {
			got = append(got, strings.Join(cmd.Argv, " "))
			return nixrun.Result{}, nil
		})}
		restore := a.Restore
		if c.cutShort {
			restore = a.RestoreCutShort
		}
		if err := restore(context.Background(), c.action, before); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: ran %q, want %q", c.name, got, c.want)
		}
	}
}

// Under systemd, whether an earlier activation still runs in the
// transient unit is looked up (systemctl show) once per Activator, that
// is once per pass: a switch's boot step follows its own test step,
// which ended well, without a second look. After an activation that
// failed the next one looks again (its systemd-run may have left the
// unit running); a new Activator looks again. Fake runner: no systemd
// runs here.
func TestSystemdRunLooksForAnEarlierUnitOncePerPassFake(t *testing.T) {
	dir := t.TempDir()
	profile := filepath.Join(dir, "system")
	for name, target := range map[string]string{"system-1-link": "/nix/store/a-good", "system": "system-1-link"} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	var ran []string
	failNext := false
	newActivator := func() *Activator {
		return &Activator{Profile: profile, CurrentSystem: filepath.Join(dir, "current-system"), SystemdRun: true,
			Runner: nixruntest.Func(func(_ context.Context, cmd nixrun.Cmd) (nixrun.Result, error) {
				ran = append(ran, cmd.Argv[0])
				if cmd.Argv[0] == "systemctl" {
					return nixrun.Result{Stdout: []byte("inactive\n")}, nil
				}
				if cmd.Argv[0] == "systemd-run" && failNext {
					failNext = false
					return nixrun.Result{}, &nixrun.ExitError{Argv: cmd.Argv, ExitCode: 1, Stderr: []byte("activation failed")}
				}
				return nixrun.Result{}, nil
			})}
	}

	a := newActivator()
	if _, err := a.Apply(context.Background(), "switch", "/nix/store/b-new"); err != nil {
		t.Fatal(err)
	}
	if want := []string{"systemctl", "systemd-run", "nix-env", "systemd-run"}; !slices.Equal(ran, want) {
		t.Errorf("a switch ran %q, want %q", ran, want)
	}

	// A new pass looks again; a failed activation, then the rollback,
	// which looks again too.
	ran = nil
	a = newActivator()
	failNext = true
	if _, err := a.Apply(context.Background(), "switch", "/nix/store/c-bad"); err == nil {
		t.Fatal("the failing activation succeeded")
	}
	before := Before{Generation: Generation{Number: 1, Path: "/nix/store/a-good"}, Running: "/nix/store/a-good"}
	if err := a.Restore(context.Background(), "switch", before); err != nil {
		t.Fatal(err)
	}
	if want := []string{"systemctl", "systemd-run", "systemctl", "systemd-run"}; !slices.Equal(ran, want) {
		t.Errorf("a failed switch and its rollback ran %q, want %q", ran, want)
	}

	// Without systemd-run nothing is looked up.
	ran = nil
	a = newActivator()
	a.SystemdRun = false
	if err := a.switchTo(context.Background(), "/nix/store/a-good", "test"); err != nil {
		t.Fatal(err)
	}
	if want := []string{"/nix/store/a-good/bin/switch-to-configuration"}; !slices.Equal(ran, want) {
		t.Errorf("without systemd-run: ran %q, want %q", ran, want)
	}
}

// Target follows a running or booted system's link to the system, as
// ask-nix generations does, so that both name the same generation: a
// relative link, or a link to a link, gives the system's own path.
func TestTarget(t *testing.T) {
	dir := t.TempDir()
	sys := filepath.Join(dir, "store", "abc-nixos-system")
	if err := os.MkdirAll(sys, 0o755); err != nil {
		t.Fatal(err)
	}
	link := func(name, target string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name, link, want string
	}{
		{"absolute", link("direct", sys), sys},
		{"relative", link("relative", "store/abc-nixos-system"), sys},
		{"a link to a link", link("chain", "direct"), sys},
		{"dangling", link("dangling", "/nix/store/gone-nixos-system"), "/nix/store/gone-nixos-system"},
		{"missing", filepath.Join(dir, "none"), ""},
		{"a loop ends", link("loop", "loop"), filepath.Join(dir, "loop")},
	} {
		if got := Target(tc.link); got != tc.want {
			t.Errorf("%s: Target(%s) = %q, want %q", tc.name, tc.link, got, tc.want)
		}
	}
}

// A failed health check names the check once, with its exit code and
// what it said; other failures (a timeout) keep their own words.
func TestHealthErrorWords(t *testing.T) {
	argv := []string{"/run/current-system/bin/check", "--web"}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"exit with a message", &nixrun.ExitError{Argv: argv, ExitCode: 3, Stderr: []byte("web is down\n")},
			`health check "/run/current-system/bin/check --web" failed with exit code 3: web is down`},
		{"exit without a word", &nixrun.ExitError{Argv: argv, ExitCode: 1},
			`health check "/run/current-system/bin/check --web" failed with exit code 1`},
		{"killed", &nixrun.ExitError{Argv: argv, ExitCode: -1, Signal: syscall.SIGKILL},
			`health check "/run/current-system/bin/check --web" failed: /run/current-system/bin/check was killed by SIGKILL`},
		{"timed out", errors.New("no answer within 1s, so it was stopped"),
			`health check "/run/current-system/bin/check --web" failed: no answer within 1s, so it was stopped`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (&HealthError{Argv: argv, Err: tt.err}).Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
