package nixrun

import (
	"bytes"
	"fmt"
	"testing"
)

// FuzzStatStart feeds /proc/<pid>/stat contents, whose command name a
// process sets to anything (spaces, parentheses, "x) S 1 2"): a line as
// the kernel writes it gives back its start time, a zombie's or a dead
// process's none, and no content panics.
func FuzzStatStart(f *testing.F) {
	// This machine's /proc/self/stat, and its command name made awkward.
	real := "20076 (cat) R 20074 20074 9825 0 -1 4194304 99 0 0 0 0 0 0 0 20 0 1 0 196296 3133440 406 18446744073709551615 94137850888192 94137850908073 140732705392976 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 94137850924080 94137850925696 94138500149248 140732705401341 140732705401361 140732705401361 140732705402859 0\n"
	f.Add([]byte(real), "cat", byte('R'), uint64(196296))
	f.Add([]byte("1 (switch-to-conf) S 1 1 1 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 7 0\n"), "a) Z 1 2 3", byte('Z'), uint64(7))
	f.Add([]byte("1 (x) X"), ") (", byte('X'), uint64(1<<63))
	f.Add([]byte("("), "perl\n", byte('S'), uint64(0))
	f.Fuzz(func(t *testing.T, data []byte, comm string, state byte, start uint64) {
		_, _ = statStart(data)
		if len(comm) > 64 || bytes.IndexByte([]byte(comm), 0) >= 0 || !bytes.ContainsRune([]byte("RSDZTtXIP"), rune(state)) {
			return
		}
		line := fmt.Sprintf("4321 (%s) %c 1 4321 4321 0 -1 4194560 95 0 0 0 3 1 0 0 20 0 1 0 %d 2760704 229 18446744073709551615 1 1 0\n", comm, state, start)
		got, ok := statStart([]byte(line))
		if gone := state == 'Z' || state == 'X'; gone {
			if ok {
				t.Fatalf("%q (a process that runs no more) read as started at %d", line, got)
			}
			return
		}
		if !ok || got != start {
			t.Fatalf("%q read as started at %d, %v; want %d", line, got, ok, start)
		}
	})
}
