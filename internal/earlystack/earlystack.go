// Package earlystack grows the main goroutine's stack once, at the start
// of the program's initialization, while the stack is shallow.
//
// A goroutine starts with 2 KiB of stack, doubled whenever a call goes
// deeper; each doubling copies the stack and walks every frame on it
// through stack maps read cold from the binary, and the first stack of
// each size carves a fresh 32 KiB span into stacks, writing into every
// page of it. Package initialization (internal/godebug's, net's) and
// then cobra grew ask-nix's main goroutine three times, 2 to 32 KiB, at
// about 25 page faults, each costing 20 µs or more on a virtual machine.
// One 16 KiB frame here grows it to 32 KiB at once, from one span that
// is written only as far as it is used.
//
// The package imports nothing, so it is initialized before nearly every
// other (the linker initializes, in import-path order, the first package
// whose imports are done); a command imports it for its side effect:
//
//	import _ "github.com/nix-humanity/nix-humanity/internal/earlystack"
package earlystack

func init() { grow(0) }

//go:noinline
func grow(i int) byte {
	var frame [16 << 10]byte
	frame[i] = 1
	return frame[len(frame)-1-i]
}
