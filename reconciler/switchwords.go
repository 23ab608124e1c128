package reconciler

import (
	"fmt"

	"github.com/nix-humanity/nix-humanity/reconciler/activate"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// The words for a switch to a generation on request (rollback, "go back
// to generation N"), said from what ran before and what the profile's
// current generation was: after a rollback with action boot or test the
// two differ, and "switched from 2 to 2" says nothing true.

// noteRunning sets on p the system that runs now, and its generation
// (cur when it is that one: generations can share a system).
func (r *Reconciler) noteRunning(p *state.Pass, running string, cur activate.Generation) {
	p.FromRunning = running
	p.FromRunningGeneration = activate.GenerationOf(r.Settings.Profile, cur, running)
}

// RanBefore names the system that ran before p: "generation 3", "a
// system outside the profile" (a one-off test put it there), or, when
// what ran is unknown (no running system's link), "the running system".
// ask-nix says the package changes against it.
func RanBefore(p state.Pass) string {
	switch {
	case p.FromRunning == "":
		return "the running system"
	case p.FromRunning == p.FromToplevel:
		return fmt.Sprintf("generation %d", p.FromGeneration)
	case p.FromRunningGeneration != 0:
		return fmt.Sprintf("generation %d", p.FromRunningGeneration)
	}
	return "a system outside the profile"
}

// ranOther reports whether what ran before p is known and is not the
// profile's generation before it.
func ranOther(p state.Pass) bool {
	return p.FromRunning != "" && p.FromRunning != p.FromToplevel
}

// switchReason is the reason recorded for a successful switch to
// generation p.Generation on request (status shows it after "last:").
func switchReason(p state.Pass) string {
	reason, _ := switchWords(p)
	return reason
}

// SwitchSentence says what a successful switch on request did, for
// ask-nix rollback: which system ran before and which runs now, and for
// boot that it takes effect at the next boot.
func SwitchSentence(p state.Pass) string {
	_, sentence := switchWords(p)
	return sentence
}

// switchWords says what a successful switch on request did twice: as
// the reason kept in the state file and as the sentence ask-nix rollback
// prints. Each case has both, side by side, so they cannot drift apart.
func switchWords(p state.Pass) (reason, sentence string) {
	n, c, ran := p.Generation, p.FromGeneration, RanBefore(p)
	f := fmt.Sprintf
	switch p.Action {
	case "boot":
		if p.FromRunning == p.Toplevel {
			return f("made generation %d the boot default on request (was generation %d), from the next boot on; it is what runs now too", n, c),
				f("Made generation %d the boot default (was generation %d); it is what runs now too.", n, c)
		}
		return f("made generation %d the boot default on request (was generation %d), from the next boot on; %s runs until then", n, c, ran),
			f("Made generation %d the boot default (was generation %d): it runs from the next boot on; until then %s keeps running, unchanged.", n, c, ran)
	case "test":
		if p.FromRunning == "" {
			return f("activated generation %d on request until the next boot; the boot default stays generation %d", n, c),
				f("Activated generation %d; it is running until the next boot (action test: the boot default stays generation %d).", n, c)
		}
		return f("switched from %s to generation %d on request until the next boot; the boot default stays generation %d", ran, n, c),
			f("Switched from %s to generation %d; it is running until the next boot (action test: the boot default stays generation %d).", ran, n, c)
	case "build":
		return f("made generation %d the profile's current generation on request (was generation %d); nothing was activated (action build)", n, c),
			f("Made generation %d the profile's current generation (was generation %d); nothing was activated (action build), %s still runs.", n, c, ran)
	}
	switch {
	case c == n && p.FromRunning == p.Toplevel:
		return f("activated generation %d again on request", n),
			f("Activated generation %d again; it is running and the boot default.", n)
	case p.FromRunning == p.Toplevel:
		return f("made generation %d, which ran already, current and the boot default on request (was generation %d)", n, c),
			f("Generation %d was running already; it is now the current generation and the boot default too (was generation %d).", n, c)
	case c == n && p.FromRunning == "":
		return f("activated generation %d on request: it was current but not running", n),
			f("Activated generation %d, which was current but not running; it is running and the boot default.", n)
	case c == n:
		return f("activated generation %d on request: it was current but not running (%s ran)", n, ran),
			f("Activated generation %d, which was current but not running (%s ran); it is running and the boot default.", n, ran)
	case ranOther(p):
		return f("switched from %s to generation %d on request (generation %d was current, not running)", ran, n, c),
			f("Switched from %s to generation %d; it is running and the boot default (was generation %d).", ran, n, c)
	}
	return f("switched from generation %d to %d on request", c, n),
		f("Switched from generation %d to generation %d; it is running and the boot default.", c, n)
}
