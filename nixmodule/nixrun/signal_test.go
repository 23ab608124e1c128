package nixrun_test

import (
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// A process killed by a signal says so, not "exit code -1".
func TestExitErrorNamesTheSignal(t *testing.T) {
	_, err := nixrun.Exec{}.Run(context.Background(), nixrun.Cmd{Argv: []string{"sh", "-c", "echo dying >&2; kill -KILL $$"}})
	var xe *nixrun.ExitError
	if !errors.As(err, &xe) || xe.Signal != syscall.SIGKILL {
		t.Fatalf("err %#v", err)
	}
	if got, want := err.Error(), "sh was killed by SIGKILL: dying"; got != want {
		t.Errorf("error %q, want %q", got, want)
	}
	_, err = nixrun.Exec{}.Run(context.Background(), nixrun.Cmd{Argv: []string{"sh", "-c", "exit 3"}})
	if !errors.As(err, &xe) || xe.Signal != 0 || err.Error() != "sh failed with exit code 3" {
		t.Errorf("plain exit: %v", err)
	}
}

// StdoutTail bounds what is kept of a program that prints without end.
func TestStdoutTail(t *testing.T) {
	argv := []string{"sh", "-c", "head -c 10000000 /dev/zero; echo end"}
	res, err := nixrun.Exec{}.Run(context.Background(), nixrun.Cmd{Argv: argv, StdoutTail: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Stdout); n > 64<<10 || !strings.HasSuffix(string(res.Stdout), "\x00end\n") {
		t.Errorf("kept %d bytes, ending %q", n, res.Stdout[max(0, n-8):])
	}
	res, err = nixrun.Exec{}.Run(context.Background(), nixrun.Cmd{Argv: argv})
	if err != nil || len(res.Stdout) != 10000004 {
		t.Errorf("without StdoutTail: %d bytes, %v", len(res.Stdout), err)
	}
}
