package sdnotify

import (
	"strings"
	"testing"
)

// /proc/self/cgroup's text: a unit or nothing, never a path.
func FuzzUnitOfCgroup(f *testing.F) {
	f.Add("0::/system.slice/nix-humanityd.service\n")
	f.Add("12:pids:/\n1:name=systemd:/system.slice/x.service/sub\n0::/\n")
	f.Add("0::/user.slice/user-1000.slice/session-2.scope\n")
	f.Fuzz(func(t *testing.T, text string) {
		u := unitOfCgroup(text)
		if u != "" && (!strings.HasSuffix(u, ".service") || strings.Contains(u, "/")) {
			t.Fatalf("unitOfCgroup(%q) = %q", text, u)
		}
	})
}

// systemctl show's output: a policy and a delay that can be waited for,
// or an error.
func FuzzParseShow(f *testing.F) {
	f.Add("Restart=on-failure\nRestartUSec=5s\n")
	f.Add("Restart=no\nRestartUSec=100ms\n")
	f.Add("Restart=always\nRestartUSec=1min 30s\n")
	f.Add("Restart=always\nRestartUSec=infinity\n")
	f.Add("Restart=always\nRestartUSec=99999999999999999999h\n")
	f.Fuzz(func(t *testing.T, out string) {
		r, err := parseShow(out)
		if err != nil {
			return
		}
		if r.Policy == "" || r.Delay < 0 || r.Delay > maxTimespan {
			t.Fatalf("parseShow(%q) = %+v", out, r)
		}
	})
}
