package reconciler_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
	"github.com/nix-humanity/nix-humanity/nixmodule/playground"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/inputs"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// benchWorld is a playground with its first generation, for benchmarks.
func benchWorld(b *testing.B) *world { return newWorld(b, playground.Options{}, nil) }

// noNix fails the benchmark if any process is started.
func noNix(b *testing.B) nixrun.Runner {
	return nixruntest.Func(func(_ context.Context, c nixrun.Cmd) (nixrun.Result, error) {
		b.Fatalf("a no-op pass ran %v", c.Argv)
		return nixrun.Result{}, nil
	})
}

// BenchmarkNoopPass: a pass over unchanged inputs (the fragment was
// touched): lock, state, hash, readlinks, no Nix process.
func BenchmarkNoopPass(b *testing.B) {
	w := benchWorld(b)
	w.r.Runner = noNix(b)
	for b.Loop() {
		p, err := w.r.Pass(context.Background(), reconciler.PassOptions{Trigger: reconciler.TriggerWatch})
		if err != nil || p.Result != state.ResultNoop {
			b.Fatalf("%+v %v", p, err)
		}
	}
}

// eventTimer measures from the first watch event to the pass that
// follows it.
type eventTimer struct {
	event chan time.Time
	done  chan time.Time
}

func (e *eventTimer) PhaseStarted(state.Phase) {}
func (e *eventTimer) WatchEvent(string) {
	select {
	case e.event <- time.Now():
	default:
	}
}
func (e *eventTimer) PassFinished(p state.Pass, _ state.State) {
	if p.Result != state.ResultNoop {
		panic(fmt.Sprintf("not a no-op: %+v", p))
	}
	e.done <- time.Now()
}

// BenchmarkNoopFromEvent: the daemon loop with debounce 0; each
// iteration saves the fragment unchanged (rename, as editors do) and
// times from the fsnotify event to the end of the pass.
func BenchmarkNoopFromEvent(b *testing.B) {
	w := benchWorld(b)
	w.r.Runner = noNix(b)
	w.s.Debounce = 0
	et := &eventTimer{event: make(chan time.Time, 1), done: make(chan time.Time, 16)}
	w.r.Observer = et
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- (&reconciler.Loop{R: w.r, Resync: time.Hour}).Run(ctx) }()
	<-et.done // the start pass
	src, err := os.ReadFile(w.pg.Fragment)
	if err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	var samples []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := atomicfile.Write(w.pg.Fragment, src, 0o644); err != nil {
			b.Fatal(err)
		}
		var ev time.Time
		select {
		case ev = <-et.event:
		case <-time.After(5 * time.Second):
			b.Fatal("no watch event")
		}
		end := <-et.done
		// Events of the same save that arrive after the pass started
		// may start another (no-op) pass: let it finish first.
		time.Sleep(2 * time.Millisecond)
		for len(et.done) > 0 {
			<-et.done
		}
		select {
		case <-et.event:
		default:
		}
		d := end.Sub(ev)
		total += d
		samples = append(samples, d)
	}
	b.StopTimer()
	cancel()
	if err := <-stopped; err != nil {
		b.Fatal(err)
	}
	sort.Slice(samples, func(i, j int) bool { return samples[i] < samples[j] })
	b.ReportMetric(float64(total.Microseconds())/float64(b.N)/1000, "ms/event-to-done")
	b.ReportMetric(float64(samples[len(samples)*99/100].Microseconds())/1000, "ms-p99")
}

// BenchmarkRealPass compares a real pass (evaluate, build, activate, new
// generation) with the same Nix commands run by hand on the same
// stand-in system, alternating, each with a change of its own so both
// build the same three derivations (nixos-version, system-path,
// toplevel). overhead-ms is the loop's own cost.
func BenchmarkRealPass(b *testing.B) {
	w := benchWorld(b)
	w.r.Runner = nixrun.Exec{}
	nonce := time.Now().UnixNano()
	setRevision := func(rev string) {
		w.edit(func(f *fragment.File) error {
			_, _, err := f.Set(fragment.MustPath("system.configurationRevision"), fragment.String(rev))
			return err
		})
	}
	hand := filepath.Join(b.TempDir(), "hand")
	run := func(argv ...string) string {
		out, err := exec.Command(argv[0], argv[1:]...).Output()
		if err != nil {
			b.Fatalf("%v: %v", argv, err)
		}
		return strings.TrimSpace(string(out))
	}
	var loopTotal, handTotal time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		setRevision(fmt.Sprintf("loop-%d-%d", nonce, i))
		b.StartTimer()
		t0 := time.Now()
		p, err := w.r.Pass(context.Background(), reconciler.PassOptions{Trigger: reconciler.TriggerApply})
		loopTotal += time.Since(t0)
		if err != nil || p.Result != state.ResultSuccess {
			b.Fatalf("%+v %v", p, err)
		}

		b.StopTimer()
		setRevision(fmt.Sprintf("hand-%d-%d", nonce, i))
		b.StartTimer()
		t0 = time.Now()
		run("nix-instantiate", w.s.System, "-A", "system", "--add-root", hand+".drv")
		drv, _ := os.Readlink(hand + ".drv")
		run("nix-build", drv, "--out-link", hand, "--log-format", "internal-json")
		out, _ := os.Readlink(hand)
		run(out+"/bin/switch-to-configuration", "test")
		run("nix-env", "-p", w.s.Profile, "--set", out)
		run(out+"/bin/switch-to-configuration", "boot")
		handTotal += time.Since(t0)
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(float64(loopTotal.Microseconds())/n/1000, "loop-ms")
	b.ReportMetric(float64(handTotal.Microseconds())/n/1000, "by-hand-ms")
	b.ReportMetric(float64((loopTotal-handTotal).Microseconds())/n/1000, "overhead-ms")
}

// etcNixOS lays out a configuration folder as a large /etc/nixos is: 200
// files in folders (modules, hosts, home, secrets), most of them small
// Nix files, a flake.lock and one bigger file (a wallpaper or key bundle
// kept beside the configuration), about 1.3 MB in all.
func etcNixOS(tb testing.TB, dir string) {
	tb.Helper()
	write := func(name string, size int) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		b := make([]byte, size)
		for i := range b {
			b[i] = "{ config, pkgs, ... }:\n  services.x.enable = true;\n"[i%49]
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("configuration.nix", 9000)
	write("hardware-configuration.nix", 1500)
	write("flake.nix", 3200)
	write("flake.lock", 24000)
	write("wallpaper.png", 300000)
	n := 5
	for _, d := range []struct {
		folder string
		files  int
	}{{"modules", 120}, {"hosts", 20}, {"home", 45}, {"secrets", 10}} {
		for i := 0; i < d.files; i++ {
			write(fmt.Sprintf("%s/f%03d.nix", d.folder, i), 800+(i*7919)%11000)
			n++
		}
	}
	if n != 200 {
		tb.Fatalf("%d files", n)
	}
}

// BenchmarkStatus200WatchedFiles: what ask-nix status costs with an
// /etc/nixos-like folder of 200 files watched (NIX_HUMANITY_WATCH_PATHS),
// nothing pending: state, profile links, and the watched inputs read to
// tell whether anything waits for a pass.
func BenchmarkStatus200WatchedFiles(b *testing.B) {
	w := benchWorld(b)
	etc := filepath.Join(b.TempDir(), "etc", "nixos")
	etcNixOS(b, etc)
	w.s.WatchPaths = append(w.s.WatchPaths, etc)
	if _, err := w.r.Pass(context.Background(), reconciler.PassOptions{}); err != nil {
		b.Fatal(err)
	}
	// As on a machine, the files last changed a while ago: a file changed
	// within inputs.RacyMargin is read every time.
	time.Sleep(inputs.RacyMargin + 100*time.Millisecond)
	if _, err := reconciler.Status(w.s); err != nil { // the first reads them all
		b.Fatal(err)
	}
	for b.Loop() {
		rep, err := reconciler.Status(w.s)
		if err != nil || len(rep.Queue) != 0 {
			b.Fatalf("%v, queue %q", err, rep.Queue)
		}
	}
}
