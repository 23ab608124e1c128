package nixrun_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// An activation that outlives the daemon that started it must also
// outlive the daemon's end of its output: what it prints after the
// daemon died must not kill it (SIGPIPE) halfway through. The starter
// is this test binary run again as a helper, killed with SIGKILL.
func TestOutlivingChildKeepsPrinting(t *testing.T) {
	if dir := os.Getenv("NIXRUN_OUTLIVE_DIR"); dir != "" {
		script := `echo $$ > pid; sleep 0.5; i=0; while [ $i -lt 2000 ]; do echo "activating line $i"; echo "warning $i" >&2; i=$((i+1)); done; echo finished > done`
		_, _ = nixrun.Exec{}.Run(context.Background(), nixrun.Cmd{Argv: []string{"sh", "-c", script}, Dir: dir, Outlive: true, Stdout: os.Stdout, Stderr: os.Stderr})
		return
	}
	dir := t.TempDir()
	helper := exec.Command(os.Args[0], "-test.run=^TestOutlivingChildKeepsPrinting$")
	helper.Env = append(os.Environ(), "NIXRUN_OUTLIVE_DIR="+dir)
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "pid")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the child did not start")
		}
	}
	_ = helper.Process.Kill()
	_ = helper.Wait()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the outliving child died before it finished: killed by its parent's closed output")
		}
	}
}
