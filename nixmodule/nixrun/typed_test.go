package nixrun_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

// writeNix writes a Nix file whose derivations are unique to this test
// run, so they are really built rather than found in the store.
func writeNix(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	salt := filepath.Base(dir) + time.Now().Format("150405.000000000")
	src := `let salt = "` + salt + `"; mk = name: script: deps: derivation {
  name = name; system = builtins.currentSystem; builder = "/bin/sh";
  PATH = "/bin:/usr/bin"; inherit salt deps; args = [ "-c" script ]; };
in ` + body
	path := filepath.Join(dir, "default.nix")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestInstantiateAndBuildWithProgress(t *testing.T) {
	nixruntest.RequireNix(t)
	ctx := context.Background()
	file := writeNix(t, `{ top = mk "top" "for d in $deps; do echo $d; done > $out" [ (mk "leaf-a" "echo a-log; mkdir $out; echo a > $out/x" []) (mk "leaf-b" "echo b > $out" []) ]; }`)
	dir := filepath.Dir(file)
	rec := &nixruntest.Recorder{}

	drv, err := nixrun.Instantiate(ctx, rec, nixrun.InstantiateRequest{File: file, Attr: "top", Root: filepath.Join(dir, "drv")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(drv.DrvPath, "-top.drv") || !strings.HasSuffix(drv.OutPath, "-top") {
		t.Fatalf("derivation = %+v", drv)
	}

	var last nixrun.Progress
	var sawBuilding bool
	var logLines []string
	out, err := nixrun.Build(ctx, rec, nixrun.BuildRequest{
		Drv: drv.DrvPath, OutLink: filepath.Join(dir, "result"),
		OnProgress: func(p nixrun.Progress) {
			last = p
			if len(p.Building) > 0 {
				sawBuilding = true
			}
		},
		OnLogLine: func(name, line string) { logLines = append(logLines, name+": "+line) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if out != drv.OutPath {
		t.Fatalf("built %s, evaluation promised %s", out, drv.OutPath)
	}
	if last.Done != 3 || last.Expected != 3 || last.Running != 0 || !sawBuilding {
		t.Fatalf("last progress %+v (saw building: %v)", last, sawBuilding)
	}
	if !strings.Contains(strings.Join(logLines, "\n"), "leaf-a: a-log") {
		t.Fatalf("log lines: %q", logLines)
	}
	got := rec.Argv0s()
	if strings.Join(got, " ") != "nix-instantiate nix-build" {
		t.Fatalf("ran %v", got)
	}
	// The out-link is a registered GC root.
	if target, err := os.Readlink(filepath.Join(dir, "result")); err != nil || target != out {
		t.Fatalf("out-link: %s %v", target, err)
	}
}

func TestBuildFailureCarriesNixText(t *testing.T) {
	nixruntest.RequireNix(t)
	ctx := context.Background()
	file := writeNix(t, `mk "broken" "echo compiling; echo 'oops: missing header' >&2; exit 3" []`)
	drv, err := nixrun.Instantiate(ctx, nixrun.Exec{}, nixrun.InstantiateRequest{File: file})
	if err != nil {
		t.Fatal(err)
	}
	_, err = nixrun.Build(ctx, nixrun.Exec{}, nixrun.BuildRequest{Drv: drv.DrvPath, OutLink: filepath.Join(t.TempDir(), "result")})
	var be *nixrun.BuildError
	if !errors.As(err, &be) {
		t.Fatalf("want a BuildError, got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{"failed with exit code 3", "oops: missing header", "building broken"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "\x1b[") || strings.Contains(msg, "@nix") {
		t.Errorf("error carries raw log codes:\n%s", msg)
	}
}

func TestEvalErrorPointsAtSource(t *testing.T) {
	nixruntest.RequireNix(t)
	file := writeNix(t, "{ top = mk \"top\" \"true\" [\n  undefinedThing ]; }")
	_, err := nixrun.Instantiate(context.Background(), nixrun.Exec{}, nixrun.InstantiateRequest{File: file, Attr: "top"})
	if err == nil {
		t.Fatal("evaluation of an undefined variable succeeded")
	}
	msg := err.Error()
	if !strings.Contains(msg, "undefined variable 'undefinedThing'") || !strings.Contains(msg, file+":5:") {
		t.Fatalf("error does not say what and where:\n%s", msg)
	}
}

func TestFlakeEvalAndBuild(t *testing.T) {
	nixruntest.RequireNix(t)
	ctx := context.Background()
	dir := t.TempDir()
	flake := `{ outputs = { self }: { nixosConfigurations.box.config.system.build.toplevel = derivation {
  name = "flake-system-` + filepath.Base(dir) + `"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo hi > $out" ]; }; }; }`
	if err := os.WriteFile(filepath.Join(dir, "flake.nix"), []byte(flake), 0o644); err != nil {
		t.Fatal(err)
	}
	drv, err := nixrun.EvalFlakeDrv(ctx, nixrun.Exec{}, "path:"+dir+"#nixosConfigurations.box.config.system.build.toplevel")
	if err != nil {
		t.Fatal(err)
	}
	out, err := nixrun.Build(ctx, nixrun.Exec{}, nixrun.BuildRequest{Drv: drv.DrvPath, OutLink: filepath.Join(dir, "result")})
	if err != nil {
		t.Fatal(err)
	}
	if out != drv.OutPath {
		t.Fatalf("built %s, want %s", out, drv.OutPath)
	}
}

func TestProfileGenerations(t *testing.T) {
	nixruntest.RequireNix(t)
	ctx := context.Background()
	file := writeNix(t, `{ a = mk "gen-a" "echo a > $out" []; b = mk "gen-b" "echo b > $out" []; }`)
	dir := filepath.Dir(file)
	profile := filepath.Join(dir, "profiles", "system")
	if err := os.MkdirAll(filepath.Dir(profile), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, attr := range []string{"a", "b"} {
		drv, err := nixrun.Instantiate(ctx, nixrun.Exec{}, nixrun.InstantiateRequest{File: file, Attr: attr})
		if err != nil {
			t.Fatal(err)
		}
		out, err := nixrun.Build(ctx, nixrun.Exec{}, nixrun.BuildRequest{Drv: drv.DrvPath, OutLink: filepath.Join(dir, "result-"+attr)})
		if err != nil {
			t.Fatal(err)
		}
		if err := nixrun.SetProfile(ctx, nixrun.Exec{}, profile, out); err != nil {
			t.Fatal(err)
		}
	}
	if l, _ := os.Readlink(profile); l != "system-2-link" {
		t.Fatalf("profile -> %s, want system-2-link", l)
	}
	if err := nixrun.SwitchGeneration(ctx, nixrun.Exec{}, profile, 1); err != nil {
		t.Fatal(err)
	}
	if l, _ := os.Readlink(profile); l != "system-1-link" {
		t.Fatalf("profile -> %s after switching to 1", l)
	}
	if err := nixrun.SwitchGeneration(ctx, nixrun.Exec{}, profile, 7); err == nil {
		t.Fatal("switching to a missing generation succeeded")
	}
}

// The systemd path cannot run here (no systemd); this checks the argv it
// would hand to systemd-run, with a fake runner.
func TestSwitchUnderSystemdRunArgvFake(t *testing.T) {
	var got []nixrun.Cmd
	fake := nixruntest.Func(func(_ context.Context, c nixrun.Cmd) (nixrun.Result, error) {
		got = append(got, c)
		return nixrun.Result{}, nil
	})
	err := nixrun.SwitchToConfiguration(context.Background(), fake, nixrun.SwitchRequest{
		Toplevel: "/nix/store/abc-nixos-system", Action: "test", SystemdRun: true, InstallBootloader: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"systemd-run", "--unit=nix-humanity-switch-to-configuration",
		"--description=nix-humanity: switch-to-configuration test", "--service-type=exec",
		"--collect", "--wait", "--quiet", "--no-ask-password", "--pipe",
		"--setenv=NIXOS_INSTALL_BOOTLOADER=1", "--", "/nix/store/abc-nixos-system/bin/switch-to-configuration", "test"}
	// First systemctl asks whether an earlier activation still runs.
	if len(got) != 2 || strings.Join(got[0].Argv, " ") != "systemctl show --property=ActiveState --value nix-humanity-switch-to-configuration" ||
		strings.Join(got[1].Argv, "\x00") != strings.Join(want, "\x00") {
		t.Fatalf("commands:\n%+v\nwant systemctl show, then:\n%q", got, want)
	}

	// UnitIdle (the caller's own last activation through the unit ended
	// well, under the pass lock): no look first.
	got = nil
	if err := nixrun.SwitchToConfiguration(context.Background(), fake, nixrun.SwitchRequest{
		Toplevel: "/nix/store/abc-nixos-system", Action: "boot", SystemdRun: true, UnitIdle: true,
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Argv[0] != "systemd-run" {
		t.Fatalf("with UnitIdle: commands %+v, want systemd-run alone", got)
	}

	direct, err := nixrun.SwitchCmd(nixrun.SwitchRequest{Toplevel: "/nix/store/abc-nixos-system", Action: "boot", InstallBootloader: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(direct.Argv, " ") != "/nix/store/abc-nixos-system/bin/switch-to-configuration boot" ||
		strings.Join(direct.Env, " ") != "NIXOS_INSTALL_BOOTLOADER=1" {
		t.Fatalf("direct: %+v", direct)
	}
	for _, bad := range []nixrun.SwitchRequest{
		{Toplevel: "relative/path", Action: "switch"},
		{Toplevel: "/nix/store/x", Action: "switch; rm -rf /"},
	} {
		if _, err := nixrun.SwitchCmd(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

// An activation unit a daemon before this one started (it restarted in
// the middle) is waited for, not met with a second systemd-run that
// would fail on the taken name. Fake runner: no systemd here.
func TestSwitchWaitsForEarlierUnitFake(t *testing.T) {
	defer nixrun.SetUnitWait(time.Millisecond, time.Minute)()
	for _, tt := range []struct {
		name   string
		states []string // what systemctl show says, in turn
		asks   int
	}{
		{"none", []string{"inactive"}, 1},
		{"still running", []string{"active", "deactivating", "failed"}, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var argv0s []string
			asked := 0
			fake := nixruntest.Func(func(_ context.Context, c nixrun.Cmd) (nixrun.Result, error) {
				argv0s = append(argv0s, c.Argv[0])
				if c.Argv[0] == "systemctl" {
					asked++
					return nixrun.Result{Stdout: []byte(tt.states[asked-1] + "\n")}, nil
				}
				return nixrun.Result{}, nil
			})
			err := nixrun.SwitchToConfiguration(context.Background(), fake, nixrun.SwitchRequest{Toplevel: "/nix/store/abc-nixos-system", Action: "switch", SystemdRun: true})
			if err != nil || asked != tt.asks || argv0s[len(argv0s)-1] != "systemd-run" {
				t.Fatalf("err %v, asked %d times, ran %q", err, asked, argv0s)
			}
		})
	}
	// One that never ends: given up on, nothing started.
	defer nixrun.SetUnitWait(time.Millisecond, 5*time.Millisecond)()
	ran := false
	stuck := nixruntest.Func(func(_ context.Context, c nixrun.Cmd) (nixrun.Result, error) {
		ran = ran || c.Argv[0] == "systemd-run"
		return nixrun.Result{Stdout: []byte("active\n")}, nil
	})
	err := nixrun.SwitchToConfiguration(context.Background(), stuck, nixrun.SwitchRequest{Toplevel: "/nix/store/abc-nixos-system", Action: "switch", SystemdRun: true})
	if err == nil || ran || !strings.Contains(err.Error(), "is still running after") {
		t.Fatalf("stuck unit: %v, systemd-run ran: %v", err, ran)
	}
}

func TestParseDrvOutputs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want map[string]string
		err  bool
	}{
		{"one output", `Derive([("out","/nix/store/aaa-x","","")],[],[],"x86_64-linux","/bin/sh",[],[])`, map[string]string{"out": "/nix/store/aaa-x"}, false},
		{"two outputs", `Derive([("dev","/nix/store/d-x-dev","",""),("out","/nix/store/o-x","","")],[])`, map[string]string{"dev": "/nix/store/d-x-dev", "out": "/nix/store/o-x"}, false},
		{"escapes", `Derive([("out","/nix/store/a\"b\\c","","")])`, map[string]string{"out": `/nix/store/a"b\c`}, false},
		{"not a drv", `{"out": "x"}`, nil, true},
		{"cut short", `Derive([("out","/nix/st`, nil, true},
		{"missing comma", `Derive([("out" "/x","","")])`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := nixrun.ParseDrvOutputs([]byte(tt.in))
			if (err != nil) != tt.err {
				t.Fatalf("err = %v", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Fatalf("got %v want %v", got, tt.want)
				}
			}
		})
	}
}

func FuzzParseDrvOutputs(f *testing.F) {
	f.Add([]byte(`Derive([("out","/nix/store/aaa-x","","")],[],[])`), "out", "/nix/store/aaa-x")
	f.Add([]byte(`Derive([("a","\\\"","",""),("b","","","")])`), "dev", "a\"b\\c\nd\re\tf")
	f.Fuzz(func(t *testing.T, data []byte, name, path string) {
		outs, err := nixrun.ParseDrvOutputs(data)
		if err == nil && outs == nil {
			t.Fatal("nil map without error")
		}
		// A .drv as Nix writes it (strings escaped \" \\ \n \r \t)
		// reads back to its outputs.
		q := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
		drv := `Derive([("` + q.Replace(name) + `","` + q.Replace(path) + `","",""),("z~","/nix/store/z","sha256","ab")],[],["/b"],"x86_64-linux")`
		want := map[string]string{name: path, "z~": "/nix/store/z"}
		if name == "z~" {
			want = map[string]string{name: "/nix/store/z"}
		}
		got, err := nixrun.ParseDrvOutputs([]byte(drv))
		if err != nil || !maps.Equal(got, want) {
			t.Fatalf("%s read as %q, %v; want %q", drv, got, err, want)
		}
	})
}

func TestLogReader(t *testing.T) {
	stream := strings.Join([]string{
		`@nix {"action":"start","id":1,"level":0,"text":"","type":104}`,
		`@nix {"action":"start","id":2,"level":0,"text":"","type":103}`,
		`@nix {"action":"result","fields":[0,2,0,0],"id":1,"type":105}`,
		`@nix {"action":"result","fields":[5,9,1,0],"id":2,"type":105}`,
		`@nix {"action":"start","fields":["/nix/store/00000000000000000000000000000000-hello-2.12.drv","",1,1],"id":3,"level":3,"text":"building","type":105}`,
		`@nix {"action":"result","fields":[0,2,1,0],"id":1,"type":105}`,
		`@nix {"action":"result","fields":["\u001b[1mconfiguring\u001b[0m"],"id":3,"type":101}`,
		`@nix {"action":"result","fields":["make: *** [all] Error 1"],"id":3,"type":101}`,
		`@nix {"action":"stop","id":3}`,
		`@nix {"action":"result","fields":[0,2,0,1],"id":1,"type":105}`,
		`not json at all`,
		`@nix {broken`,
		`@nix {"action":"msg","level":0,"msg":"\u001b[31;1merror:\u001b[0m builder for '/nix/store/00000000000000000000000000000000-hello-2.12.drv' failed with exit code 2"}`,
		`@nix {"action":"msg","level":3,"msg":"just info"}`,
	}, "\n") + "\n"
	var updates []nixrun.Progress
	var lines []string
	lr := &nixrun.LogReader{
		OnProgress: func(p nixrun.Progress) { updates = append(updates, p) },
		OnLogLine:  func(name, line string) { lines = append(lines, name+"|"+line) },
	}
	// Write in awkward chunks: lines arrive split.
	for i := 0; i < len(stream); i += 7 {
		end := min(i+7, len(stream))
		if _, err := lr.Write([]byte(stream[i:end])); err != nil {
			t.Fatal(err)
		}
	}
	p := lr.Progress()
	if p.Done != 0 || p.Expected != 2 || p.Failed != 1 || len(p.Building) != 0 {
		t.Fatalf("progress %+v (the copy-paths activity 2 must not count)", p)
	}
	var sawHello bool
	for _, u := range updates {
		if len(u.Building) == 1 && u.Building[0] == "hello-2.12" {
			sawHello = true
		}
	}
	if !sawHello {
		t.Fatalf("no update named the running build: %+v", updates)
	}
	if strings.Join(lines, "\n") != "hello-2.12|configuring\nhello-2.12|make: *** [all] Error 1" {
		t.Fatalf("log lines %q", lines)
	}
	text := lr.ErrorText()
	for _, want := range []string{"error: builder for", "last lines of the build log of hello-2.12:", "  make: *** [all] Error 1"} {
		if !strings.Contains(text, want) {
			t.Fatalf("error text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "just info") {
		t.Fatalf("info message in error text:\n%s", text)
	}
}

func FuzzLogReader(f *testing.F) {
	f.Add([]byte(`@nix {"action":"start","id":1,"type":104}` + "\n" + `@nix {"action":"result","fields":[1,2,0,0],"id":1,"type":105}` + "\n"))
	f.Add([]byte(`@nix {"action":"start","fields":["/nix/store/x.drv"],"id":3,"type":105}` + "\n" + `@nix {"action":"stop","id":3}` + "\n"))
	f.Add([]byte("@nix {\"action\":\"msg\",\"level\":0,\"msg\":\"error: x\"}\nplain\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Reading outside input must never panic, and what is read does
		// not depend on how the stream was cut into writes; the last
		// progress reported is the progress.
		read := func(chunks ...[]byte) (nixrun.Progress, string) {
			var last *nixrun.Progress
			lr := &nixrun.LogReader{OnProgress: func(p nixrun.Progress) { last = &p }}
			for _, c := range chunks {
				_, _ = lr.Write(c)
			}
			_, _ = lr.Write([]byte("\n"))
			p := lr.Progress()
			if last != nil && !sameProgress(*last, p) {
				t.Fatalf("last reported progress %+v, progress %+v", *last, p)
			}
			return p, lr.ErrorText()
		}
		p, text := read(data)
		third := len(data) / 3
		p2, text2 := read(data[:third], data[third:2*third], data[2*third:])
		if !sameProgress(p, p2) || text != text2 {
			t.Fatalf("in one write: %+v %q; in three: %+v %q", p, text, p2, text2)
		}
		// Every running build started with a line of its own.
		if len(p.Building) > strings.Count(string(data), "\n")+1 {
			t.Fatalf("%d builds from %d lines", len(p.Building), strings.Count(string(data), "\n")+1)
		}
	})
}

func sameProgress(a, b nixrun.Progress) bool {
	return a.Done == b.Done && a.Expected == b.Expected && a.Running == b.Running && a.Failed == b.Failed &&
		slices.Equal(a.Building, b.Building)
}

// A process started through Exec dies with the process that started it
// (SIGKILL leaves no orphan nix-build), unless it is to outlive it (an
// activation). The starter is this test binary run again as a helper.
func TestChildrenStopWithTheirParent(t *testing.T) {
	if dir := os.Getenv("NIXRUN_HELPER_DIR"); dir != "" {
		outlive := os.Getenv("NIXRUN_HELPER_OUTLIVE") == "1"
		// The child writes its pid, then sleeps; this helper is killed
		// meanwhile by the test.
		_, _ = nixrun.Exec{}.Run(context.Background(), nixrun.Cmd{
			Argv:    []string{"sh", "-c", "echo $$ > " + filepath.Join(dir, "pid") + "; exec sleep 60"},
			Outlive: outlive,
		})
		return
	}
	for _, outlive := range []bool{false, true} {
		dir := t.TempDir()
		helper := exec.Command(os.Args[0], "-test.run=^TestChildrenStopWithTheirParent$")
		helper.Env = append(os.Environ(), "NIXRUN_HELPER_DIR="+dir, fmt.Sprintf("NIXRUN_HELPER_OUTLIVE=%d", map[bool]int{false: 0, true: 1}[outlive]))
		if err := helper.Start(); err != nil {
			t.Fatal(err)
		}
		var pid int
		for deadline := time.Now().Add(10 * time.Second); pid == 0; time.Sleep(10 * time.Millisecond) {
			if b, err := os.ReadFile(filepath.Join(dir, "pid")); err == nil {
				pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
			}
			if time.Now().After(deadline) {
				t.Fatal("the child did not start")
			}
		}
		_ = helper.Process.Kill()
		_ = helper.Wait()
		alive := func() bool {
			// A zombie (dead, not yet reaped by init) counts as gone.
			b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
			if err != nil {
				return false
			}
			f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
			return len(f) > 0 && f[0] != "Z"
		}
		gone := false
		patience := 5 * time.Second
		if outlive {
			patience = 300 * time.Millisecond // time enough for a signal to land
		}
		for deadline := time.Now().Add(patience); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if !alive() {
				gone = true
				break
			}
		}
		if outlive {
			if gone {
				t.Error("a child meant to outlive its parent died with it")
			}
			_ = syscall.Kill(pid, syscall.SIGKILL)
		} else if !gone {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Error("the child outlived its parent killed with SIGKILL")
		}
	}
}

// Channels reads nix-channel --list for real: the names from the user's
// ~/.nix-channels, none without one.
func TestChannels(t *testing.T) {
	nixruntest.RequireNix(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	got, err := nixrun.Channels(context.Background(), nixrun.Exec{})
	if err != nil || len(got) != 0 {
		t.Fatalf("no channels file: %q, %v", got, err)
	}
	list := "https://nixos.org/channels/nixos-25.11 nixos\nhttps://github.com/nix-community/home-manager/archive/master.tar.gz home-manager\n"
	if err := os.WriteFile(filepath.Join(home, ".nix-channels"), []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err = nixrun.Channels(context.Background(), nixrun.Exec{})
	if err != nil || strings.Join(got, ",") != "home-manager,nixos" {
		t.Fatalf("two channels: %q, %v", got, err)
	}
}

// nix flake update takes the flake as --flake from Nix 2.19 on (a word
// after update names an input there) and as its argument before:
// FlakeUpdate gives --flake first and falls back only when Nix says it
// does not know the flag.
func TestFlakeUpdateAcrossNixVersions(t *testing.T) {
	const flake = "/etc/nixos"
	exit := func(argv []string, stderr string) error {
		return &nixrun.ExitError{Argv: argv, ExitCode: 1, Stderr: []byte(stderr)}
	}
	for _, tc := range []struct {
		name string
		nix  func(argv []string) error
		want [][]string // the commands run, in order
		ran  []string   // the one FlakeUpdate returns
		fail string     // a part of the error, "" for none
	}{{
		name: "Nix 2.19 and later",
		nix: func(argv []string) error {
			if argv[3] != "--flake" {
				return exit(argv, "error: invalid flake input path element '/etc/nixos'")
			}
			return nil
		},
		want: [][]string{{"nix", "flake", "update", "--flake", flake}},
		ran:  []string{"nix", "flake", "update", "--flake", flake},
	}, {
		name: "Nix before 2.19",
		nix: func(argv []string) error {
			if argv[3] == "--flake" {
				return exit(argv, "error: unrecognised flag '--flake'\nTry 'nix --help' for more information.\n")
			}
			return nil
		},
		want: [][]string{{"nix", "flake", "update", "--flake", flake}, {"nix", "flake", "update", flake}},
		ran:  []string{"nix", "flake", "update", flake},
	}, {
		name: "another failure is not tried again",
		nix: func(argv []string) error {
			return exit(argv, "error: cannot write modified lock file of flake 'github:a/b'")
		},
		want: [][]string{{"nix", "flake", "update", "--flake", flake}},
		ran:  []string{"nix", "flake", "update", "--flake", flake},
		fail: "cannot write modified lock file",
	}, {
		name: "old Nix, and the update itself fails",
		nix: func(argv []string) error {
			if argv[3] == "--flake" {
				return exit(argv, "error: unrecognised flag '--flake'\n")
			}
			return exit(argv, "error: unable to download 'https://example.org/x': Couldn't resolve host name")
		},
		want: [][]string{{"nix", "flake", "update", "--flake", flake}, {"nix", "flake", "update", flake}},
		ran:  []string{"nix", "flake", "update", flake},
		fail: "Couldn't resolve host name",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			var got [][]string
			r := nixruntest.Func(func(_ context.Context, c nixrun.Cmd) (nixrun.Result, error) {
				got = append(got, c.Argv)
				return nixrun.Result{}, tc.nix(c.Argv)
			})
			ran, err := nixrun.FlakeUpdate(context.Background(), r, flake)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) || fmt.Sprint(ran) != fmt.Sprint(tc.ran) {
				t.Fatalf("ran %q, returned %q; want %q, %q", got, ran, tc.want, tc.ran)
			}
			if (err != nil) != (tc.fail != "") || err != nil && !strings.Contains(err.Error(), tc.fail) {
				t.Fatalf("error %v, want one with %q", err, tc.fail)
			}
		})
	}
}

// With the real Nix of this machine: the lock is written, by whichever
// form this Nix takes.
func TestFlakeUpdateWithThisNix(t *testing.T) {
	nixruntest.RequireNix(t)
	dir := t.TempDir()
	dep := filepath.Join(dir, "dep")
	flake := filepath.Join(dir, "flake")
	for _, d := range []string{dep, flake} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dep, "v"), []byte("1"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := fmt.Sprintf("{ inputs.dep = { url = %q; flake = false; }; outputs = { self, dep }: { }; }\n", "path:"+dep)
	if err := os.WriteFile(filepath.Join(flake, "flake.nix"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ran, err := nixrun.FlakeUpdate(context.Background(), nixrun.Exec{}, "path:"+flake)
	if err != nil {
		t.Fatal(err)
	}
	if len(ran) < 4 || strings.Join(ran[:3], " ") != "nix flake update" || ran[len(ran)-1] != "path:"+flake {
		t.Fatalf("ran %q", ran)
	}
	if lock, err := os.ReadFile(filepath.Join(flake, "flake.lock")); err != nil || !strings.Contains(string(lock), `"dep"`) {
		t.Fatalf("flake.lock: %s %v", lock, err)
	}
}

// FlakeUpdateInputs names the inputs as Nix 2.19 and later take them
// and falls back to nix flake lock --update-input only when Nix says it
// knows no --flake; a name outside the rule runs nothing.
func TestFlakeUpdateInputsAcrossNixVersions(t *testing.T) {
	const flake = "/etc/nixos"
	exit := func(argv []string, stderr string) error {
		return &nixrun.ExitError{Argv: argv, ExitCode: 1, Stderr: []byte(stderr)}
	}
	newNix := func(argv []string) error {
		if argv[2] == "lock" {
			return exit(argv, "warning: '--update-input' is a deprecated alias for 'flake update'")
		}
		return nil
	}
	oldNix := func(argv []string) error {
		// Nix 2.8 reads its arguments in order: nix flake update takes
		// one word (the flake) and no --flake; nix flake lock a flake
		// and --update-input.
		words := 0
		for i := 3; i < len(argv); i++ {
			switch {
			case argv[i] == "--update-input" && argv[2] == "lock":
				i++
			case strings.HasPrefix(argv[i], "-"):
				return exit(argv, "error: unrecognised flag '"+argv[i]+"'\nTry 'nix --help' for more information.\n")
			case words == 1:
				return exit(argv, "error: unexpected argument '"+argv[i]+"'\nTry 'nix --help' for more information.\n")
			default:
				words++
			}
		}
		return nil
	}
	for _, tc := range []struct {
		name   string
		inputs []string
		nix    func(argv []string) error
		want   [][]string // the commands run, in order
		ran    []string   // the one returned
		fail   string     // a part of the error, "" for none
	}{{
		name:   "Nix 2.19 and later, one input",
		inputs: []string{"nixpkgs"},
		nix:    newNix,
		want:   [][]string{{"nix", "flake", "update", "--flake", flake, "nixpkgs"}},
		ran:    []string{"nix", "flake", "update", "--flake", flake, "nixpkgs"},
	}, {
		name:   "Nix before 2.19, two inputs",
		inputs: []string{"nixpkgs", "home-manager"},
		nix:    oldNix,
		want: [][]string{{"nix", "flake", "update", "--flake", flake, "nixpkgs", "home-manager"},
			{"nix", "flake", "lock", flake, "--update-input", "nixpkgs", "--update-input", "home-manager"}},
		ran: []string{"nix", "flake", "lock", flake, "--update-input", "nixpkgs", "--update-input", "home-manager"},
	}, {
		name:   "another failure is not tried again",
		inputs: []string{"nixpkgs"},
		nix: func(argv []string) error {
			return exit(argv, "error: unable to download 'https://example.org/x'")
		},
		want: [][]string{{"nix", "flake", "update", "--flake", flake, "nixpkgs"}},
		ran:  []string{"nix", "flake", "update", "--flake", flake, "nixpkgs"},
		fail: "unable to download",
	}, {
		name:   "a name Nix would read as a flag runs nothing",
		inputs: []string{"nixpkgs", "--override-input"},
		nix:    newNix,
		fail:   `"--override-input" starts with -`,
	}, {
		name:   "a name with shell words runs nothing",
		inputs: []string{"nixpkgs;rm"},
		nix:    newNix,
		fail:   "is not a flake input's name",
	}, {
		name: "no input runs nothing",
		nix:  newNix,
		fail: "no input named",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			var got [][]string
			r := nixruntest.Func(func(_ context.Context, c nixrun.Cmd) (nixrun.Result, error) {
				got = append(got, c.Argv)
				return nixrun.Result{}, tc.nix(c.Argv)
			})
			ran, err := nixrun.FlakeUpdateInputs(context.Background(), r, flake, tc.inputs)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) || fmt.Sprint(ran) != fmt.Sprint(tc.ran) {
				t.Fatalf("ran %q, returned %q; want %q, %q", got, ran, tc.want, tc.ran)
			}
			if (err != nil) != (tc.fail != "") || err != nil && !strings.Contains(err.Error(), tc.fail) {
				t.Fatalf("error %v, want one with %q", err, tc.fail)
			}
		})
	}
}

// With the real Nix of this machine: of two inputs that both have a
// newer version, only the one named moves in flake.lock.
func TestFlakeUpdateInputsWithThisNix(t *testing.T) {
	nixruntest.RequireNix(t)
	dir := t.TempDir()
	flake := filepath.Join(dir, "flake")
	src := "{\n"
	for _, in := range []string{"a", "b"} {
		d := filepath.Join(dir, in)
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "v"), []byte("1"), 0o644); err != nil {
			t.Fatal(err)
		}
		src += fmt.Sprintf("  inputs.%s = { url = %q; flake = false; };\n", in, "path:"+d)
	}
	src += "  outputs = { self, a, b }: { };\n}\n"
	if err := os.Mkdir(flake, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(flake, "flake.nix"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := nixrun.FlakeUpdate(context.Background(), nixrun.Exec{}, "path:"+flake); err != nil {
		t.Fatal(err)
	}
	lockFile := filepath.Join(flake, "flake.lock")
	before, err := os.ReadFile(lockFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []string{"a", "b"} {
		if err := os.WriteFile(filepath.Join(dir, in, "v"), []byte("2"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ran, err := nixrun.FlakeUpdateInputs(context.Background(), nixrun.Exec{}, "path:"+flake, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ran, " "); got != "nix flake update --flake path:"+flake+" a" && got != "nix flake lock path:"+flake+" --update-input a" {
		t.Fatalf("ran %q", got)
	}
	after, err := os.ReadFile(lockFile)
	if err != nil {
		t.Fatal(err)
	}
	hashes := func(lock []byte) map[string]string {
		var l struct {
			Nodes map[string]struct {
				Locked struct {
					NarHash string `json:"narHash"`
				} `json:"locked"`
			} `json:"nodes"`
		}
		if err := json.Unmarshal(lock, &l); err != nil {
			t.Fatal(err)
		}
		return map[string]string{"a": l.Nodes["a"].Locked.NarHash, "b": l.Nodes["b"].Locked.NarHash}
	}
	was, now := hashes(before), hashes(after)
	if was["a"] == "" || was["a"] == now["a"] {
		t.Errorf("a did not move: %q -> %q", was["a"], now["a"])
	}
	if was["b"] == "" || was["b"] != now["b"] {
		t.Errorf("b moved although only a was named: %q -> %q", was["b"], now["b"])
	}
	// Two named at once (Nix 2.8 stops at a second word before
	// --flake, so --flake comes first).
	if _, err := nixrun.FlakeUpdateInputs(context.Background(), nixrun.Exec{}, "path:"+flake, []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if after, err = os.ReadFile(lockFile); err != nil {
		t.Fatal(err)
	}
	if both := hashes(after); both["b"] == was["b"] || both["a"] != now["a"] {
		t.Errorf("a and b named: a %q -> %q, b %q -> %q", now["a"], both["a"], was["b"], both["b"])
	}
}

// Nix says when evaluating a flake wrote its lock; the reconciler takes
// that write for the pass's own input.
func TestWroteLock(t *testing.T) {
	for stderr, want := range map[string]string{
		"warning: creating lock file '/etc/nixos/flake.lock'\n":                                                                  "/etc/nixos/flake.lock",
		"warning: Git tree '/etc/nixos' is dirty\nwarning: updating lock file '/etc/nixos/flake.lock':\n• Added input 'dep2':\n": "/etc/nixos/flake.lock",
		"warning: Git tree '/etc/nixos' is dirty\n":                                                                              "",
		"warning: not writing modified lock file of flake 'github:a/b':\n":                                                       "",
		"": "",
	} {
		if got := nixrun.WroteLock([]byte(stderr)); got != want {
			t.Errorf("WroteLock(%q) = %q, want %q", stderr, got, want)
		}
	}
}
