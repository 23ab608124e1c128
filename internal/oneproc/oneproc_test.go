package oneproc

import (
	"os"
	"os/exec"
	"runtime"
	"testing"
)

// The package's init (which ran before this test) left one P, until
// Release; Release gives the runtime's default back once.
func TestHeldUntilReleased(t *testing.T) {
	if _, set := os.LookupEnv("GOMAXPROCS"); set {
		t.Skip("GOMAXPROCS is set in the environment: init leaves it (TestEnvironmentWins)")
	}
	if !Held() || runtime.GOMAXPROCS(0) != 1 {
		t.Fatalf("after init: held %v, GOMAXPROCS %d; want true, 1", Held(), runtime.GOMAXPROCS(0))
	}
	Release()
	if Held() {
		t.Fatal("still held after Release")
	}
	runtime.GOMAXPROCS(3)
	Release() // a second Release changes nothing
	if got := runtime.GOMAXPROCS(0); got != 3 {
		t.Errorf("a second Release set GOMAXPROCS to %d", got)
	}
}

// A GOMAXPROCS the user set is kept: init takes no P away.
func TestEnvironmentWins(t *testing.T) {
	if os.Getenv("ONEPROC_CHILD") == "1" {
		if Held() || runtime.GOMAXPROCS(0) != 3 {
			t.Fatalf("with GOMAXPROCS=3: held %v, GOMAXPROCS %d; want false, 3", Held(), runtime.GOMAXPROCS(0))
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestEnvironmentWins$")
	cmd.Env = append(os.Environ(), "ONEPROC_CHILD=1", "GOMAXPROCS=3")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}
