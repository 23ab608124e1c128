package main

import (
	"bytes"
	"fmt"
	"testing"
)

// FuzzParseStat feeds /proc/<pid>/stat contents, whose command name any
// process sets to what it likes (spaces, parentheses, "sshd) S 1"): a
// line as the kernel writes it reads back its name and parent pid, and
// no content makes it panic.
func FuzzParseStat(f *testing.F) {
	f.Add([]byte("1234 (sshd) S 1 1234 1234 0 -1 4194560\n"), "sshd", 1)
	f.Add([]byte("1 (a) b) S 7"), "a) S 99 (x", 99)
	f.Add([]byte("("), ") (", 0)
	f.Add([]byte("5 (x) S -3 1"), "sshd-session", 123456)
	f.Fuzz(func(t *testing.T, data []byte, comm string, ppid int) {
		_, _, _ = parseStat(data)
		if ppid < 0 || len(comm) > 64 || bytes.ContainsAny([]byte(comm), "\x00") {
			return
		}
		line := fmt.Sprintf("4321 (%s) S %d 4321 4321 0 -1 4194560 100 0 0 0\n", comm, ppid)
		gotComm, gotPPID, ok := parseStat([]byte(line))
		if !ok || gotComm != comm || gotPPID != ppid {
			t.Fatalf("%q read back as %q, %d, %v", line, gotComm, gotPPID, ok)
		}
	})
}
