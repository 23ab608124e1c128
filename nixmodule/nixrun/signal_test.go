package nixrun_test

import (
	"context"
	"errors"
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
