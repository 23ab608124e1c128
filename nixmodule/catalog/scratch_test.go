package catalog

import (
	"fmt"
	"testing"
	"time"
)

func TestScratch(t *testing.T) {
	t0 := time.Now()
	ix := fullIndex(t)
	fmt.Println("build", time.Since(t0), len(fullData)>>20, "MiB", ix.masks.len(), "words", ix.postings.len(), "postings")
	for _, q := range []string{"firefox", "rg", "nvim", "firefx", "neovmi", "rigrep", "text editor", "web browser", "requests", "python requests", "json processor", "e", "lib", "thunderbrid", "python3Packages.requests", "steam", "docker", "terminal emulator"} {
		t0 := time.Now()
		r, n := ix.Search(q, 5)
		d := time.Since(t0)
		fmt.Printf("%-20s %8v %6d:", q, d, n)
		for _, x := range r {
			fmt.Printf(" %s(%d)", x.Attr, x.Score)
		}
		fmt.Println()
	}
}
