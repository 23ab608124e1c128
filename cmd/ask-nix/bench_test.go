package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

// These benchmarks run the built ask-nix as a whole process, so ns/op is
// the wall time a person waits (start-up included). Compare
// BenchmarkEditProcessWithNix with BenchmarkNixInstantiateParse: the
// difference is what ask-nix adds to Nix's own parse.
//
//	go test -run '^$' -bench Process -benchtime 200x ./cmd/ask-nix/

func runOrFail(b *testing.B, cmd *exec.Cmd) {
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
}

func BenchmarkExplainProcess(b *testing.B) {
	bin := buildAskNix(b)
	m := newMachine(b, false)
	ctx := context.Background()
	for b.Loop() {
		runOrFail(b, m.command(ctx, bin, nil, "explain", "--json", "could you please install git and vim for me"))
	}
}

// benchEdit times `ask-nix -y install benchpkg` against a fragment with a
// few settings; an untimed `ask-nix undo` puts it back each time.
func benchEdit(b *testing.B, withNix bool) {
	if withNix {
		nixruntest.RequireNix(b)
	}
	bin := buildAskNix(b)
	m := newMachine(b, withNix)
	ctx := context.Background()
	runOrFail(b, m.command(ctx, bin, nil, "-y", "install", "firefox,", "htop,", "git", "and", "vim"))
	b.ResetTimer()
	for range b.N {
		runOrFail(b, m.command(ctx, bin, nil, "-y", "install", "benchpkg"))
		b.StopTimer()
		runOrFail(b, m.command(ctx, bin, nil, "-y", "undo"))
		b.StartTimer()
	}
}

func BenchmarkEditProcessNoNix(b *testing.B)   { benchEdit(b, false) }
func BenchmarkEditProcessWithNix(b *testing.B) { benchEdit(b, true) }

// BenchmarkEditVsParse interleaves the two, so a loaded machine slows
// both alike, and reports the medians: parse-ms (Nix's parse alone),
// edit-ms (ask-nix's whole edit, that parse included) and added-ms, the
// median of edit minus parse taken pair by pair.
func BenchmarkEditVsParse(b *testing.B) {
	nixruntest.RequireNix(b)
	bin := buildAskNix(b)
	m := newMachine(b, true)
	ctx := context.Background()
	runOrFail(b, m.command(ctx, bin, nil, "-y", "install", "firefox,", "htop,", "git", "and", "vim"))
	src, err := os.ReadFile(m.fragment)
	if err != nil {
		b.Fatal(err)
	}
	var parse, edit, added []float64
	b.ResetTimer()
	for range b.N {
		cmd := exec.Command("nix-instantiate", "--parse", "-")
		cmd.Stdin = bytes.NewReader(src)
		t0 := time.Now()
		runOrFail(b, cmd)
		t1 := time.Now()
		runOrFail(b, m.command(ctx, bin, nil, "-y", "install", "benchpkg"))
		t2 := time.Now()
		b.StopTimer()
		runOrFail(b, m.command(ctx, bin, nil, "-y", "undo"))
		b.StartTimer()
		p, e := t1.Sub(t0).Seconds()*1000, t2.Sub(t1).Seconds()*1000
		parse, edit, added = append(parse, p), append(edit, e), append(added, e-p)
	}
	b.ReportMetric(median(parse), "parse-ms")
	b.ReportMetric(median(edit), "edit-ms")
	b.ReportMetric(median(added), "added-ms")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkNixInstantiateParse is Nix's own parse of the same fragment,
// the floor under BenchmarkEditProcessWithNix.
func BenchmarkNixInstantiateParse(b *testing.B) {
	nixruntest.RequireNix(b)
	f := fragment.New()
	for _, p := range []string{"benchpkg", "firefox", "git", "htop", "vim"} {
		if _, err := f.AddPackages(fragment.Path{p}); err != nil {
			b.Fatal(err)
		}
	}
	src := f.Render()
	for b.Loop() {
		cmd := exec.Command("nix-instantiate", "--parse", "-")
		cmd.Stdin = bytes.NewReader(src)
		cmd.Env = os.Environ()
		runOrFail(b, cmd)
	}
}
