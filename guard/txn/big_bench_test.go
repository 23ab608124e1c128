package txn

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkApplyAndUndoBigFragment is BenchmarkApplyAndUndo on a
// fragment of 5,000 packages (a machine an admin's scripts fill): an edit
// must stay well under a second there too.
func BenchmarkApplyAndUndoBigFragment(b *testing.B) {
	s := benchStore(b, 0)
	// Written as a hand edit or a script would: one request adding them
	// all is not what is measured.
	var text strings.Builder
	text.WriteString("{ pkgs, ... }:\n{\n  environment.systemPackages = with pkgs; [\n")
	for i := range benchPackages {
		fmt.Fprintf(&text, "    p%d\n", i)
	}
	text.WriteString("  ];\n}\n")
	if err := os.WriteFile(s.Fragment, []byte(text.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	loopApplyAndUndo(b, s)
}

// benchPackages is the big fragment's size; BIG_BENCH_PACKAGES changes it
// for a look at far larger ones.
var benchPackages = func() int {
	if n, err := strconv.Atoi(os.Getenv("BIG_BENCH_PACKAGES")); err == nil && n > 0 {
		return n
	}
	return 5000
}()
