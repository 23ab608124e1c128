// Command ask-nix turns plain-language requests into checked edits of the
// managed NixOS fragment, and shows and steers what the reconciler does.
package main

import (
	"context"
	"os"

	// Grows the main goroutine's stack before the other packages'
	// initialization and cobra would, in steps (see the package).
	_ "github.com/nix-humanity/nix-humanity/internal/earlystack"
)

// main leaves Ctrl-C to Main, which handles it for the commands that need
// it (see readOnlyAnnotation).
func main() {
	os.Exit(Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
