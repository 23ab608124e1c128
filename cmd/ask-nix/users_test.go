package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// Uids and a group for the users below. They need no entry in
// /etc/passwd or /etc/group: the processes run with these ids
// (SysProcAttr.Credential), which only root may give.
const (
	memberUID  = 64901 // in the shared group
	member2UID = 64902 // in it too
	otherUID   = 64903 // not
	sharedGID  = 64900 // the group the NixOS module calls nix-humanity
	privateGID = 64910 // each user's own primary group starts here
)

// usersMachine lays a machine out as the NixOS module does, with
// allowedUsers set: the fragment root:shared 0664 in a root-owned,
// group-writable setgid folder, the state directory root:shared 2775
// holding root's files with the daemon's umask (0644), the system
// profile root's alone.
func usersMachine(t *testing.T) (*machine, string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("runs ask-nix as other users (uids 64901-64903), which only root can start; CI runs the tests as root")
	}
	m := newMachine(t, false)
	// t.TempDir's folders are 0700: the users must get in.
	for p := m.dir; p != os.TempDir() && p != "/"; p = filepath.Dir(p) {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	profiles := filepath.Join(m.dir, "nix", "var", "nix", "profiles")
	for _, d := range []string{m.state, profiles} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	etc := filepath.Dir(m.fragment)
	if err := os.WriteFile(m.fragment, fragment.New().Render(), 0o664); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(m.state, "pass.lock"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		mode fs.FileMode
	}{
		{etc, 0o775 | fs.ModeSetgid},
		{m.fragment, 0o664},
		{m.state, 0o775 | fs.ModeSetgid},
		{filepath.Join(m.state, "pass.lock"), 0o644},
	} {
		if err := os.Chown(c.path, 0, sharedGID); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(c.path, c.mode); err != nil {
			t.Fatal(err)
		}
	}
	m.env = append(m.env,
		"NIX_HUMANITY_PROFILE="+filepath.Join(profiles, "system"),
		"NIX_HUMANITY_SYSTEM="+filepath.Join(m.dir, "system.nix"),
		"NIX_HUMANITY_RUN_DIR="+filepath.Join(m.dir, "run"))
	// The binary where every user may run it.
	bin := filepath.Join(m.dir, "ask-nix")
	data, err := os.ReadFile(buildAskNix(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return m, bin
}

// as runs ask-nix as uid, with the shared group among its groups when
// member is set, and returns its output and exit code.
func (m *machine) as(t *testing.T, bin string, uid int, member bool, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := m.command(ctx, bin, []string{"HOME=/nonexistent"}, args...)
	cred := &syscall.Credential{Uid: uint32(uid), Gid: uint32(privateGID + uid%100)}
	if member {
		cred.Groups = []uint32{sharedGID}
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), code
}

// ownedBy lists what under dirs uid owns.
func ownedBy(t *testing.T, uid int, dirs ...string) []string {
	t.Helper()
	var out []string
	for _, d := range dirs {
		_ = filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if fi, err := os.Lstat(p); err == nil && int(fi.Sys().(*syscall.Stat_t).Uid) == uid {
				out = append(out, p)
			}
			return nil
		})
	}
	return out
}

// Two members of the shared group edit one after the other, and undo
// each other's edits: what the first one's ask-nix made in the state
// directory (the lock, the history folder and log) takes the group and
// group write, so the second is not locked out. Root edits after them.
func TestMembersShareTheStateDirectory(t *testing.T) {
	m, bin := usersMachine(t)
	if out, code := m.as(t, bin, memberUID, true, "-y", "install", "htop"); code != 0 {
		t.Fatalf("member's edit: exit %d\n%s", code, out)
	}
	if out, code := m.as(t, bin, member2UID, true, "-y", "install", "vim"); code != 0 {
		t.Fatalf("second member's edit after the first: exit %d\n%s", code, out)
	}
	if out, code := m.as(t, bin, memberUID, true, "-y", "undo"); code != 0 {
		t.Fatalf("member undoes the other's edit: exit %d\n%s", code, out)
	}
	out, code := m.as(t, bin, otherUID, false, "history")
	if code != 0 || !strings.Contains(out, "install vim") || !strings.Contains(out, "uid 64902") {
		t.Fatalf("history read by a non-member: exit %d\n%s", code, out)
	}
	cmd := m.command(context.Background(), bin, nil, "-y", "install", "git")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("root's edit after the members': %v\n%s", err, out)
	}
	if got := m.packages(t); strings.Join(got, " ") != "git htop" {
		t.Errorf("packages %v, want git htop", got)
	}
	// Everything in the shared folders stays the group's: folders
	// group-writable and setgid, files group-writable where the group
	// reads them.
	for _, d := range []string{filepath.Dir(m.fragment), m.state} {
		_ = filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				t.Error(err)
				return nil
			}
			fi, err := os.Lstat(p)
			if err != nil || p == filepath.Join(m.state, "pass.lock") || fi.Mode()&fs.ModeSymlink != 0 {
				return nil
			}
			gid := fi.Sys().(*syscall.Stat_t).Gid
			mode := fi.Mode()
			switch {
			case gid != sharedGID:
				t.Errorf("%s: group %d, want the shared %d", p, gid, sharedGID)
			case fi.IsDir() && (mode&0o070 != 0o070 || mode&fs.ModeSetgid == 0):
				t.Errorf("%s: folder mode %v, want group rwx and setgid", p, mode)
			case !fi.IsDir() && mode&0o040 != 0 && mode&0o020 == 0:
				t.Errorf("%s: mode %v, readable by the group but not writable", p, mode)
			}
			return nil
		})
	}
}

// Someone outside the group is told before any plan or lock that they
// may not edit, who may, and what to do; nothing of theirs is left in
// the shared folders. --dry-run still shows the plan.
func TestNonMemberEditIsRefusedCleanly(t *testing.T) {
	m, bin := usersMachine(t)
	before, _ := os.ReadFile(m.fragment)
	for _, args := range [][]string{{"-y", "install", "htop"}, {"-y", "undo"}, {"-y", "enable", "ssh"}} {
		out, code := m.as(t, bin, otherUID, false, args...)
		if code != 1 {
			t.Errorf("%v: exit %d, want 1\n%s", args, code, out)
		}
		for _, want := range []string{"may not change the managed fragment", "nothing was changed", "sudo ask-nix", "services.nix-humanity.allowedUsers"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: output lacks %q:\n%s", args, want, out)
			}
		}
		for _, bad := range []string{"permission denied", "goroutine", "Plan:"} {
			if strings.Contains(out, bad) {
				t.Errorf("%v: output has %q:\n%s", args, bad, out)
			}
		}
	}
	if out, code := m.as(t, bin, otherUID, false, "--dry-run", "install", "htop"); code != 0 || !strings.Contains(out, "+    htop") {
		t.Errorf("--dry-run by a non-member: exit %d\n%s", code, out)
	}
	if after, _ := os.ReadFile(m.fragment); !bytes.Equal(before, after) {
		t.Errorf("the fragment changed:\n%s", after)
	}
	if left := ownedBy(t, otherUID, filepath.Dir(m.fragment), m.state); len(left) > 0 {
		t.Errorf("the non-member left files behind: %v", left)
	}
}

// A member may edit but not change the system: apply, rollback, gc and
// update say so and that it takes root, before doing anything; nothing
// of theirs is left in the state directory.
func TestMemberCannotChangeTheSystem(t *testing.T) {
	m, bin := usersMachine(t)
	// An edit first, so apply has inputs that changed; with no daemon,
	// who can build it is named.
	if out, code := m.as(t, bin, memberUID, true, "-y", "install", "htop"); code != 0 || !strings.Contains(out, "run sudo ask-nix apply to build") {
		t.Fatalf("member's edit: exit %d\n%s", code, out)
	}
	// An edit and a pass asked at once: the edit is the member's to
	// make, the pass is not.
	out, code := m.as(t, bin, memberUID, true, "-y", "install vim and rebuild")
	if code != 1 || !strings.Contains(out, "Wrote ") || !strings.Contains(out, "building and switching needs root here") || !strings.Contains(out, "sudo ask-nix apply") {
		t.Fatalf("member's edit and rebuild: exit %d\n%s", code, out)
	}
	// What waits for a pass, in status and history, names sudo too.
	for _, cmd := range []string{"status", "history"} {
		if out, code := m.as(t, bin, memberUID, true, cmd); code != 0 || !strings.Contains(out, "sudo ask-nix apply builds it") {
			t.Errorf("%s for a member: exit %d\n%s", cmd, code, out)
		}
	}
	mine := len(ownedBy(t, memberUID, m.state))
	for _, args := range [][]string{
		{"apply"}, {"-y", "rollback"}, {"-y", "rollback", "--to", "1"}, {"-y", "gc", "--collect"}, {"-y", "update"}, {"-y", "roll", "back"},
	} {
		out, code := m.as(t, bin, memberUID, true, args...)
		if code == 0 {
			t.Errorf("%v: exit 0\n%s", args, out)
		}
		for _, want := range []string{"only root may do here", "nothing was changed", "sudo ask-nix"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: output lacks %q:\n%s", args, want, out)
			}
		}
		if strings.Contains(out, "permission denied") || strings.Contains(out, "goroutine") {
			t.Errorf("%v: raw error:\n%s", args, out)
		}
	}
	if n := len(ownedBy(t, memberUID, m.state)); n != mine {
		t.Errorf("the refused commands left %d files of the member's in the state directory: %v", n-mine, ownedBy(t, memberUID, m.state))
	}
	if out, code := m.as(t, bin, memberUID, true, "apply", "--dry-run"); code != 0 || !strings.Contains(out, "apply would evaluate") {
		t.Errorf("apply --dry-run by a member: exit %d\n%s", code, out)
	}
}

// A member whom Nix does not let in (no daemon socket for them, a store
// only root may open: Nix says "Permission denied") and whose index
// update fails at Nix is told the two ways that need no Nix of theirs:
// root's index, which everyone reads, and --from FILE. Where Nix lets
// them in after all, the update runs and nothing of the sort is said.
func TestMemberIndexUpdateWhereNixRefusesThem(t *testing.T) {
	m, bin := usersMachine(t)
	home := filepath.Join(m.dir, "home-member")
	nixpkgs := filepath.Join(m.dir, "nixpkgs.nix")
	if err := os.Mkdir(home, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(home, memberUID, privateGID+memberUID%100); err != nil {
		t.Fatal(err)
	}
	src := `{ ... }: { hello = derivation { name = "hello-2.12"; pname = "hello"; version = "2.12"; system = builtins.currentSystem; builder = "/bin/sh"; }; }`
	if err := os.WriteFile(nixpkgs, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := m.command(ctx, bin, []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "NIX_HUMANITY_NIXPKGS=" + nixpkgs}, "index", "update")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: memberUID, Gid: uint32(privateGID + memberUID%100), Groups: []uint32{sharedGID}}}
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	denied := strings.Contains(strings.ToLower(string(out)), "permission denied")
	const hint = "root's index, which every user reads, is built with sudo ask-nix index update; or --from FILE indexes a package list (a channel's packages.json) without running Nix"
	switch {
	case denied && (code != 1 || !strings.Contains(string(out), "Nix refuses uid 64901 here (how Nix is set up for this user, not the index): "+hint)):
		t.Errorf("Nix refused the member: exit %d, want 1 and the ways without it:\n%s", code, out)
	case !denied && strings.Contains(string(out), hint):
		t.Errorf("Nix let the member in, yet ask-nix says it did not: exit %d\n%s", code, out)
	}
	t.Logf("Nix refused the member: %v; exit %d", denied, code)
}
