package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/nix-humanity/nix-humanity/guard/txn"
	"github.com/nix-humanity/nix-humanity/reconciler"
)

// needSystem refuses, before anything runs, a command that changes the
// system (apply, rollback, gc, update) for a user who cannot write the
// system profile's folder: on NixOS only root may set the system
// profile, start an activation or delete generations, and a member of
// the nix-humanity group may edit the fragment but not that. Without the
// check such a user got half a pass: an evaluation refused its GC root,
// files in the state directory left owned by them, and nix-channel
// updating their own channels instead of the system's.
func (g *globals) needSystem(command string) error {
	if geteuid() != 0 {
		return g.systemAccess(command)
	}
	return nil
}

func (g *globals) systemAccess(command string) error {
	dir, denied, err := g.profileDenied()
	if err != nil || !denied {
		return err
	}
	s, err := g.Settings()
	if err != nil {
		return err
	}
	who := txn.CurrentUser(os.Getenv)
	msg := fmt.Sprintf("ask-nix %s changes the system, which only root may do here (%s, which holds the system profile, is not writable by %s); nothing was changed. Run it as root: sudo ask-nix %s",
		command, dir, who, command)
	if reconciler.Daemon(s.StateDir) == reconciler.DaemonPresent && (command == "apply" || command == "update") {
		msg += ". nix-humanityd is running and builds and switches to every edit by itself: `ask-nix status` shows how far it is"
	}
	if command != "update" {
		msg += "; --dry-run shows what it would do"
	}
	return errors.New(msg)
}

// profileDenied reports whether this user may not write the folder of
// the system profile (or the nearest folder above it that exists), and
// which folder that is.
func (g *globals) profileDenied() (dir string, denied bool, err error) {
	s, err := g.Settings()
	if err != nil {
		return "", false, err
	}
	dir = filepath.Dir(s.Profile)
	for p := dir; ; p = filepath.Dir(p) {
		if _, err := os.Stat(p); err == nil || p == filepath.Dir(p) {
			dir = p
			break
		}
	}
	err = unix.Access(dir, unix.W_OK)
	return dir, errors.Is(err, unix.EACCES) || errors.Is(err, unix.EPERM), nil
}

// passAfterEdit refuses the pass an edit asked for ("install htop and
// rebuild") for a user who may make the edit (said already) but not
// change the system: the edit stays, and who can build it is said.
func (g *globals) passAfterEdit() error {
	if geteuid() == 0 {
		return nil
	}
	dir, denied, err := g.profileDenied()
	if err != nil || !denied {
		return nil
	}
	return fmt.Errorf("building and switching needs root here (%s, which holds the system profile, is not writable by %s), so nothing was built and the running system was not changed. Run sudo ask-nix apply, or start nix-humanityd, which builds every edit by itself", dir, txn.CurrentUser(os.Getenv))
}

// rootHints puts sudo before the commands a hint names that change the
// system (ask-nix apply, ask-nix rollback), for a user who needs it.
func (g *globals) rootHints(s string) string {
	if g.applyCommand() == "ask-nix apply" {
		return s
	}
	for _, c := range []string{"ask-nix apply", "ask-nix rollback"} {
		s = strings.ReplaceAll(s, c, "sudo "+c)
		s = strings.ReplaceAll(s, "sudo sudo "+c, "sudo "+c)
	}
	return s
}

// applyCommand is how this user runs a pass: with sudo when the system
// profile is not theirs to change.
func (g *globals) applyCommand() string {
	if geteuid() != 0 {
		if _, denied, _ := g.profileDenied(); denied {
			return "sudo ask-nix apply"
		}
	}
	return "ask-nix apply"
}
