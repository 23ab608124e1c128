// Command benchcli times `ask-nix search` as whole processes (wall time
// and peak memory of each run, from the kernel's rusage), and, given a
// flake with the same packages (genpackages -nix), `nix search` over
// them side by side. It prints a Markdown table.
//
//	CGO_ENABLED=0 go build -ldflags '-s -w' -o /tmp/ask-nix ./cmd/ask-nix
//	go run ./nixmodule/catalog/catalogtest/benchcli -ask-nix /tmp/ask-nix -index-dir DIR [-nix-flake DIR] [queries...]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"time"
)

func main() {
	askNix := flag.String("ask-nix", "ask-nix", "the ask-nix binary")
	indexDir := flag.String("index-dir", "", "NIX_HUMANITY_INDEX_DIR holding the index")
	n := flag.Int("n", 30, "ask-nix search runs per query (0: none)")
	flake := flag.String("nix-flake", "", "a flake with the same packages, for nix search")
	nixN := flag.Int("nix-n", 2, "nix search runs per query")
	flag.Parse()
	queries := flag.Args()
	if len(queries) == 0 {
		queries = []string{"firefox", "rg", "firefx", "text editor", "python requests", "json processor"}
	}
	fmt.Println("| command | query | runs | mean | p50 | p95 | max | peak RSS |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, q := range queries {
		if *n == 0 {
			break
		}
		argv := []string{*askNix, "search", "--limit", "20", q}
		env := append(os.Environ(), "NIX_HUMANITY_INDEX_DIR="+*indexDir, "NIX_HUMANITY_CONFIG=none")
		report("ask-nix search", q, argv, env, *n)
	}
	if *flake != "" {
		for _, q := range queries {
			report("nix search", q, []string{"nix", "search", "--json", "path:" + *flake, q}, os.Environ(), *nixN)
		}
	}
}

func report(label, q string, argv, env []string, n int) {
	var walls []time.Duration
	var peak int64
	for i := 0; i < n; i++ {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = env
		cmd.Stdout = io.Discard
		cmd.Stderr = io.Discard
		start := time.Now()
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "%v: %v\n", argv, err)
			os.Exit(1)
		}
		walls = append(walls, time.Since(start))
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss)
		}
	}
	slices.Sort(walls)
	var sum time.Duration
	for _, w := range walls {
		sum += w
	}
	pct := func(p float64) time.Duration { return walls[min(len(walls)-1, int(p*float64(len(walls))))] }
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	fmt.Printf("| %s | %s | %d | %s | %s | %s | %s | %.1f MB |\n", label, q, n, ms(sum/time.Duration(n)), ms(pct(0.5)), ms(pct(0.95)), ms(walls[len(walls)-1]), float64(peak)/1024)
}
