package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// sshCut says how an edit from before to after cuts SSH off ("turns the
// SSH server off", "takes TCP port 22 out of the open ports"), "" when it
// does not: over SSH, such an edit locks the door behind the person
// making it once it is switched to. Undo and unset count as much as
// "disable ssh".
func sshCut(before, after *fragment.File) string {
	if before == nil || after == nil {
		return ""
	}
	ssh := func(f *fragment.File) (set, on bool) {
		v, ok := f.Get(fragment.MustPath(sshServer))
		return ok, ok && v.Kind == fragment.KindBool && v.Bool
	}
	if _, wasOn := ssh(before); wasOn {
		switch set, on := ssh(after); {
		case set && !on:
			return "turns the SSH server off"
		case !set:
			return "no longer turns the SSH server on (NixOS leaves it off unless the rest of your configuration turns it on)"
		}
	}
	has22 := func(f *fragment.File) bool {
		v, ok := f.Get(fragment.Path{"networking", "firewall", "allowedTCPPorts"})
		if !ok || v.Kind != fragment.KindList {
			return false
		}
		for _, it := range v.List {
			if it.Value.Kind == fragment.KindInt && it.Value.Int == 22 {
				return true
			}
		}
		return false
	}
	if has22(before) && !has22(after) {
		return "takes TCP port 22 out of the open ports"
	}
	// services.openssh.openFirewall (on by default) opens sshd's ports;
	// set false, port 22 is closed unless listed on its own.
	closed := func(f *fragment.File) bool {
		v, ok := f.Get(fragment.MustPath("services.openssh.openFirewall"))
		return ok && v.Kind == fragment.KindBool && !v.Bool
	}
	if !closed(before) && closed(after) && !has22(after) {
		return "stops the SSH server's module opening its port (22) in the firewall"
	}
	return ""
}

// overSSH reports whether this session is over SSH: SSH_CONNECTION is
// set, or, since sudo drops it by default (env_reset) and ask-nix is run
// with sudo, a process ancestor is the SSH server's session process.
func (g *globals) overSSH() bool {
	if _, ok := g.lookupEnv("SSH_CONNECTION"); ok {
		return true
	}
	if g.sshAncestor == nil {
		return false
	}
	if g.sshAncestorSeen == 0 {
		g.sshAncestorSeen = -1
		if g.sshAncestor() {
			g.sshAncestorSeen = 1
		}
	}
	return g.sshAncestorSeen == 1
}

// sshAncestor is what Main checks when SSH_CONNECTION is not set: an
// ancestor of this process named sshd. Tests stand in for it.
var sshAncestor = func() bool { return sshdAncestor("/proc", os.Getppid()) }

// maxAncestors bounds the walk up the process tree (a login shell under
// sudo under tmux is a handful of steps).
const maxAncestors = 64

// sshdAncestor walks from pid up the parent chain in the proc file
// system at procRoot and reports whether a process on the way is
// OpenSSH's server: sshd, or sshd-session (the per-connection process of
// OpenSSH 9.8 and later). Any unreadable step ends the walk: false.
func sshdAncestor(procRoot string, pid int) bool {
	for i := 0; i < maxAncestors && pid > 1; i++ {
		comm, ppid, ok := procStat(procRoot, pid)
		if !ok {
			return false
		}
		if comm == "sshd" || comm == "sshd-session" {
			return true
		}
		pid = ppid
	}
	return false
}

// procStat reads the command name and parent pid from
// <procRoot>/<pid>/stat: "pid (comm) state ppid ...". comm may hold
// spaces and parentheses, so the fields after it start after the last
// ')'.
func procStat(procRoot string, pid int) (comm string, ppid int, ok bool) {
	b, err := os.ReadFile(filepath.Join(procRoot, strconv.Itoa(pid), "stat"))
	if err != nil {
		return "", 0, false
	}
	return parseStat(b)
}

// parseStat reads the command name and parent pid from a stat file's
// content.
func parseStat(b []byte) (comm string, ppid int, ok bool) {
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return "", 0, false
	}
	rest := bytes.Fields(b[end+1:]) // state, ppid, ...
	if len(rest) < 2 {
		return "", 0, false
	}
	ppid, err := strconv.Atoi(string(rest[1]))
	if err != nil {
		return "", 0, false
	}
	return string(b[open+1 : end]), ppid, true
}

// warnSSH warns a person logged in over SSH (see overSSH) that the edit
// r shows cuts SSH off.
func (g *globals) warnSSH(r *txn.Result) {
	if r == nil || !r.Changed || !g.overSSH() {
		return
	}
	before, after := planFiles(r)
	if cut := sshCut(before, after); cut != "" {
		fmt.Fprintf(g.stderr, "warning: you are logged in over SSH, and this edit %s: once the system switches to it, new SSH logins may fail and this session may drop. Make sure you have another way in.\n", cut)
	}
}

// sshdUnits are what NixOS's services.openssh puts in a system's
// etc/systemd/system: sshd.service, or sshd.socket when it starts on
// demand (startWhenNeeded).
var sshdUnits = []string{"sshd.service", "sshd.socket"}

// runsSSHD reports whether the system at toplevel has the SSH server.
func runsSSHD(toplevel string) bool {
	for _, u := range sshdUnits {
		if _, err := os.Stat(filepath.Join(toplevel, "etc", "systemd", "system", u)); err == nil {
			return true
		}
	}
	return false
}

// warnSSHSwitch warns a person logged in over SSH that activating the
// system at target stops the SSH server the running system has: a
// rollback to a generation from before "enable ssh" locks the door as
// surely as "disable ssh" does.
func (g *globals) warnSSHSwitch(running, target string, generation int) {
	if running == "" || target == "" || !g.overSSH() {
		return
	}
	if runsSSHD(running) && !runsSSHD(target) {
		fmt.Fprintf(g.stderr, "warning: you are logged in over SSH, and generation %d has no SSH server: once it is activated, new SSH logins fail and this session may drop. Make sure you have another way in.\n", generation)
	}
}
