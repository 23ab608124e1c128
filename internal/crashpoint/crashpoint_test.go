package crashpoint_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/crashpoint"
)

// In a normal build (how `go test` builds this test, with no tag) no
// setting reaches a kill: the variable is ignored.
func TestNormalBuildNeverKills(t *testing.T) {
	if crashpoint.Enabled {
		t.Skip("built with -tags crashtest")
	}
	t.Setenv("NIX_HUMANITY_CRASH_AT", "renamed x")
	crashpoint.Reach("renamed x")
	crashpoint.ReachFile(crashpoint.Renamed, "/some/dir/x")
}

// Built with -tags crashtest, a process dies by SIGKILL at the step
// named, the time named, and only there; the trace lists each step
// reached.
func TestCrashtestBuildKillsAtTheStep(t *testing.T) {
	if os.Getenv("CRASHPOINT_CHILD") != "" {
		crashpoint.Reach("other step")
		os.Stdout.WriteString("passed other step\n")
		crashpoint.ReachFile(crashpoint.Renamed, "/some/dir/x")
		os.Stdout.WriteString("passed the step once\n")
		crashpoint.ReachFile(crashpoint.Renamed, "/some/dir/x")
		os.Stdout.WriteString("passed the step twice\n")
		return
	}
	if testing.Short() {
		t.Skip("builds a test binary")
	}
	bin := t.TempDir() + "/crashpoint.test"
	if out, err := exec.Command("go", "test", "-c", "-tags", "crashtest", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	trace := t.TempDir() + "/trace"
	cmd := exec.Command(bin, "-test.run", "^TestCrashtestBuildKillsAtTheStep$")
	cmd.Env = append(os.Environ(), "CRASHPOINT_CHILD=1", "NIX_HUMANITY_CRASH_AT=renamed x#2", "NIX_HUMANITY_CRASH_TRACE="+trace)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != -1 || !strings.Contains(ee.String(), "killed") {
		t.Fatalf("want a death by SIGKILL, got %v\n%s%s", err, out, stderr.String())
	}
	if string(out) != "passed other step\npassed the step once\n" {
		t.Errorf("stdout %q: want the process to pass the other step and die at the second time of the named one", out)
	}
	if got, _ := os.ReadFile(trace); string(got) != "other step#1\nrenamed x#1\nrenamed x#2\n" {
		t.Errorf("trace %q", got)
	}
	if !strings.Contains(stderr.String(), "crashpoint: killed at renamed x#2") {
		t.Errorf("stderr does not say where it died:\n%s", stderr.String())
	}
}
