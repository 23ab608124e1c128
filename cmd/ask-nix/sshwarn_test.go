package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

func TestSSHCut(t *testing.T) {
	const head = "# Managed by ask-nix. Hand edits must keep this shape.\n{ pkgs, ... }:\n{\n"
	ssh := intent.Intent{Kind: intent.DisableService, Option: "services.openssh.enable", Service: "ssh"}
	unset := intent.Intent{Kind: intent.SetOption, Option: "services.openssh.enable", Change: intent.ChangeUnset}
	close22 := intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(22), Change: intent.ChangeRemove}
	git := intent.Intent{Kind: intent.Install, Packages: []string{"git"}}
	keepClosed := intent.Intent{Kind: intent.SetOption, Option: "services.openssh.openFirewall", Value: false}
	for _, tt := range []struct {
		name, before string
		in           intent.Intent
		want         string
	}{
		{"ssh off", "  services.openssh.enable = true;\n", ssh, "turns the SSH server off"},
		{"ssh unset", "  services.openssh.enable = true;\n", unset, "no longer turns the SSH server on"},
		{"ssh never on here", "", ssh, ""},
		{"already off", "  services.openssh.enable = false;\n", ssh, ""},
		{"port 22 closed", "  networking.firewall.allowedTCPPorts = [ 22 80 ];\n", close22, "takes TCP port 22 out of the open ports"},
		{"something else", "  services.openssh.enable = true;\n", git, ""},
		{"sshd's own port closed", "  services.openssh.enable = true;\n", keepClosed, "stops the SSH server's module opening its port (22)"},
		{"sshd's own port closed, 22 listed", "  networking.firewall.allowedTCPPorts = [ 22 ];\n", keepClosed, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := fragment.Parse("f.nix", []byte(head+tt.before+"}\n"))
			if err != nil {
				t.Fatal(err)
			}
			p, err := plan.MakeAll(f, []intent.Intent{tt.in})
			if err != nil {
				t.Fatal(err)
			}
			if got := sshCut(p.Before, p.After); !strings.HasPrefix(got, tt.want) || (tt.want == "") != (got == "") {
				t.Fatalf("sshCut = %q, want %q", got, tt.want)
			}
			// Said only to someone logged in over SSH; for an undo (no
			// plan, the two texts) as for a plan.
			results := []*txn.Result{{Changed: p.Changed, Plan: p}, {Changed: p.Changed, Before: p.Before.Render(), After: p.After.Render()}}
			for _, r := range results {
				for _, over := range []bool{false, true} {
					var errb bytes.Buffer
					g := &globals{stderr: &errb, lookupEnv: func(k string) (string, bool) {
						return "10.0.0.2 5555 10.0.0.1 22", over && k == "SSH_CONNECTION"
					}}
					g.warnSSH(r)
					if said := strings.Contains(errb.String(), "warning: you are logged in over SSH"); said != (over && tt.want != "") {
						t.Errorf("over ssh %v, plan %v: stderr %q", over, r.Plan != nil, errb.String())
					}
				}
			}
		})
	}
}

// sudo drops SSH_CONNECTION (env_reset): an sshd ancestor process says
// the session is over SSH all the same, read from /proc/<pid>/stat, whose
// command name is in parentheses and may hold spaces and parentheses.
func TestSSHDAncestor(t *testing.T) {
	proc := t.TempDir()
	stat := func(pid int, comm string, ppid int) {
		t.Helper()
		dir := filepath.Join(proc, strconv.Itoa(pid))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		line := fmt.Sprintf("%d (%s) S %d %d %d 0 -1 4194560 1234 0 0 0 1 2 0 0 20 0 1 0 12345 1000 100\n", pid, comm, ppid, pid, pid)
		if err := os.WriteFile(filepath.Join(dir, "stat"), []byte(line), 0o444); err != nil {
			t.Fatal(err)
		}
	}
	// OpenSSH 9.8+: sshd → sshd-session → bash → sudo → sudo.
	stat(1, "systemd", 0)
	stat(500, "sshd", 1)
	stat(900, "sshd-session", 500)
	stat(901, "bash", 900)
	stat(950, "sudo", 901)
	stat(951, "sudo", 950)
	// Older OpenSSH: sshd forks sshd for the session.
	stat(600, "sshd", 1)
	stat(601, "sshd", 600)
	stat(602, "zsh", 601)
	// A local terminal: nothing named sshd, and names that only look like
	// it (spaces and parentheses in comm).
	stat(700, "login", 1)
	stat(701, "my (sshd) x", 700)
	stat(702, "bash) 5 (sshd", 701)
	stat(703, "sshd ", 702)
	// A loop, and a parent that is gone.
	stat(800, "a", 801)
	stat(801, "b", 800)
	stat(810, "c", 4242)
	// Too deep to reach.
	stat(1000, "sshd", 1)
	for pid := 1001; pid <= 1000+maxAncestors; pid++ {
		stat(pid, "sh", pid-1)
	}
	for _, tt := range []struct {
		pid  int
		want bool
	}{
		{951, true}, {901, true}, {900, true}, {602, true},
		{703, false}, {1, false}, {800, false}, {810, false}, {9999, false},
		{1000 + maxAncestors - 1, true}, {1000 + maxAncestors, false},
	} {
		if got := sshdAncestor(proc, tt.pid); got != tt.want {
			t.Errorf("sshdAncestor(%d) = %v, want %v", tt.pid, got, tt.want)
		}
	}
	if comm, ppid, ok := procStat(proc, 702); !ok || comm != "bash) 5 (sshd" || ppid != 701 {
		t.Errorf("procStat(702) = %q, %d, %v", comm, ppid, ok)
	}
	// This process's own stat parses on Linux.
	if _, ppid, ok := procStat("/proc", os.Getpid()); !ok || ppid != os.Getppid() {
		t.Errorf("procStat(/proc, self) = %d, %v; want ppid %d", ppid, ok, os.Getppid())
	}
}

// Without SSH_CONNECTION (as under sudo), the ancestor check decides,
// asked once per run.
func TestWarnSSHUnderSudo(t *testing.T) {
	f, err := fragment.Parse("f.nix", []byte("{ ... }:\n{\n  services.openssh.enable = true;\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.MakeAll(f, []intent.Intent{{Kind: intent.DisableService, Option: "services.openssh.enable", Service: "ssh"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, ancestor := range []bool{false, true} {
		var errb bytes.Buffer
		asked := 0
		g := &globals{stderr: &errb, lookupEnv: func(string) (string, bool) { return "", false },
			sshAncestor: func() bool { asked++; return ancestor }}
		g.warnSSH(&txn.Result{Changed: true, Plan: p})
		g.warnSSH(&txn.Result{Changed: true, Plan: p})
		if said := strings.Count(errb.String(), "warning: you are logged in over SSH"); said != map[bool]int{false: 0, true: 2}[ancestor] || asked != 1 {
			t.Errorf("sshd ancestor %v: warned %d times, asked %d times:\n%s", ancestor, said, asked, errb.String())
		}
	}
}

// Turning sudo off with no doas is warned of with the plan, for an undo
// as for a request, over SSH or not.
func TestSudoCut(t *testing.T) {
	const head = "# Managed by ask-nix. Hand edits must keep this shape.\n{ pkgs, ... }:\n{\n"
	sudoOff := intent.Intent{Kind: intent.DisableService, Option: "security.sudo.enable"}
	doasOn := intent.Intent{Kind: intent.EnableService, Option: "security.doas.enable"}
	sudoOn := intent.Intent{Kind: intent.EnableService, Option: "security.sudo.enable"}
	for _, tt := range []struct {
		name, before string
		in           []intent.Intent
		want         bool
	}{
		{"sudo off", "", []intent.Intent{sudoOff}, true},
		{"sudo off, was on", "  security.sudo.enable = true;\n", []intent.Intent{sudoOff}, true},
		{"sudo off with doas", "", []intent.Intent{sudoOff, doasOn}, false},
		{"sudo off, doas already on", "  security.doas.enable = true;\n", []intent.Intent{sudoOff}, false},
		{"already off", "  security.sudo.enable = false;\n", []intent.Intent{sudoOff}, false},
		{"sudo on again", "  security.sudo.enable = false;\n", []intent.Intent{sudoOn}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := fragment.Parse("f.nix", []byte(head+tt.before+"}\n"))
			if err != nil {
				t.Fatal(err)
			}
			p, err := plan.MakeAll(f, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := sudoCut(p.Before, p.After); got != tt.want {
				t.Fatalf("sudoCut = %v, want %v", got, tt.want)
			}
			for _, r := range []*txn.Result{{Changed: p.Changed, Plan: p}, {Changed: p.Changed, Before: p.Before.Render(), After: p.After.Render()}} {
				var errb bytes.Buffer
				(&globals{stderr: &errb}).warnRoot(r)
				if said := strings.Contains(errb.String(), "warning: this edit turns sudo off"); said != tt.want {
					t.Errorf("plan %v: stderr %q", r.Plan != nil, errb.String())
				}
			}
		})
	}
}
