package sdnotify

import (
	"testing"
	"time"
)

func TestUnitOfCgroup(t *testing.T) {
	tests := []struct{ text, want string }{
		{"0::/system.slice/nix-humanityd.service\n", "nix-humanityd.service"},
		{"12:pids:/system.slice/x.service\n1:name=systemd:/system.slice/nix-humanityd.service\n0::/\n", "nix-humanityd.service"},
		{"0::/system.slice/nix-humanityd.service/payload\n", "nix-humanityd.service"},
		{"0::/user.slice/user-1000.slice/session-2.scope\n", ""},
		{"4:memory:/process_api/abc\n0::/\n", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := unitOfCgroup(tt.text); got != tt.want {
			t.Errorf("unitOfCgroup(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestParseShow(t *testing.T) {
	tests := []struct {
		out  string
		want Restart
		ok   bool
	}{
		{"Restart=on-failure\nRestartUSec=5s\n", Restart{"on-failure", 5 * time.Second}, true},
		{"RestartUSec=1min 30s\nRestart=always\n", Restart{"always", 90 * time.Second}, true},
		{"Restart=no\nRestartUSec=100ms\n", Restart{"no", 100 * time.Millisecond}, true},
		{"Restart=on-failure\nRestartUSec=0\n", Restart{"on-failure", 0}, true},
		{"Restart=on-failure\nRestartUSec=infinity\n", Restart{}, false},
		{"Restart=on-failure\n", Restart{}, false},
		{"", Restart{}, false},
		{"Restart=on-failure\nRestartUSec=5 fortnights\n", Restart{}, false},
	}
	for _, tt := range tests {
		got, err := parseShow(tt.out)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseShow(%q) = %+v, %v; want %+v (ok %v)", tt.out, got, err, tt.want, tt.ok)
		}
	}
}
