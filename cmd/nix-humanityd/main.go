// Command nix-humanityd is the reconciler daemon.
//
// Placeholder owned by: reconciler helper. Replace this file.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "nix-humanityd: not implemented yet")
	os.Exit(1)
}
