// Command ask-nix turns plain-language requests into checked edits of the
// managed NixOS fragment, and shows and steers what the reconciler does.
package main

import (
	"context"
	"os"
)

// main leaves Ctrl-C to Main, which handles it for the commands that need
// it (see readOnlyAnnotation).
func main() {
	growStack(0)
	os.Exit(Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// growStack grows the main goroutine's stack once, while it is shallow.
// A goroutine starts with 2 KiB of stack, doubled whenever a call goes
// deeper; each doubling copies the stack and walks every frame on it
// through stack maps read cold from the binary. Under cobra, listing
// generations doubles it several times, which cost about 0.1 ms of a
// 2.4 ms run; one 16 KiB frame here, two calls deep, costs a few µs.
//
//go:noinline
func growStack(i int) byte {
	var frame [16 << 10]byte
	frame[i] = 1
	return frame[len(frame)-1-i]
}
