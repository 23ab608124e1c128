package activate

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
)

// A daemon run by hand (no systemd to stop its cgroup) killed with
// SIGKILL while a health check runs leaves no check behind, even one
// that ignores SIGTERM. The daemon is this test binary run again as a
// helper, which runs the check as nix-humanityd does and is killed.
func TestHealthCheckEndsWithTheDaemonKilled(t *testing.T) {
	if dir := os.Getenv("ACTIVATE_HEALTH_HELPER_DIR"); dir != "" {
		// The check ignores SIGTERM, says its pid, then waits on
		// (exec: the check is the process itself, as a program is).
		check := settings.HealthCheck{Argv: []string{"sh", "-c", `trap '' TERM; echo $$ > "$1"; exec sleep 60`, "sh", filepath.Join(dir, "pid")}, Timeout: time.Minute}
		_ = HealthCheck(context.Background(), nixrun.Exec{}, []settings.HealthCheck{check})
		return
	}
	dir := t.TempDir()
	helper := exec.Command(os.Args[0], "-test.run=^TestHealthCheckEndsWithTheDaemonKilled$")
	helper.Env = append(os.Environ(), "ACTIVATE_HEALTH_HELPER_DIR="+dir)
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	var pid int
	for deadline := time.Now().Add(10 * time.Second); pid == 0; time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(filepath.Join(dir, "pid")); err == nil && bytes.HasSuffix(b, []byte("\n")) {
			pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
		}
		if time.Now().After(deadline) {
			_ = helper.Process.Kill()
			t.Fatal("the health check did not start")
		}
	}
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
	_ = helper.Process.Kill()
	_ = helper.Wait()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return
		}
		// A zombie (dead, not yet reaped by whoever adopted it) is gone.
		if f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:])); len(f) == 0 || f[0] == "Z" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the health check runs on after the daemon that started it was killed")
		}
	}
}
