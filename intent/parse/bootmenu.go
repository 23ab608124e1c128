package parse

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// BootMenuLimit is "keep only 5 generations in the boot menu", "limit
// boot entries to 5": how many generations the boot menu lists, which is
// the boot loader's configurationLimit (systemd-boot's or GRUB's), never
// a gc that deletes generations. Which loader the machine boots with is
// not in the words: a caller that knows it (the fragment configures one)
// sets that loader's limit; otherwise the answer is the not-understood
// one, with both loaders' settings suggested.
type BootMenuLimit struct {
	Limit int // entries the menu is to list
	*intent.NotUnderstood
}

// Unwrap lets errors.As find the not-understood answer.
func (e *BootMenuLimit) Unwrap() error { return e.NotUnderstood }

// bootMenuSaid: the words name the boot menu or its loader.
func bootMenuSaid(ts []token) bool {
	return has(ts, "boot") && has(ts, "menu", "entries", "entry", "generations", "loader") ||
		has(ts, "bootloader", "grub", "systemd-boot") && has(ts, "menu", "entries", "entry", "generations")
}

// bootMenuLimit answers a request to limit the boot menu's length: the
// loader's limit set when the words name the loader ("in grub"), else a
// *BootMenuLimit. ok false when ts is no such request.
func bootMenuLimit(text string, ts []token) (in intent.Intent, ok bool, err error) {
	if !bootMenuSaid(ts) || has(ts, "timeout", "seconds", "second", "wait") ||
		!has(ts, "limit", "max", "maximum", "number", "fewer", "only", "keep", "most", "show", "list", "display") {
		return intent.Intent{}, false, nil
	}
	n := ""
	for _, t := range ts {
		if isNumeric(t) {
			n = strings.TrimLeft(t.w, "#")
		}
	}
	if n == "" {
		// "get rid of the boot menu limit", "limit the boot menu": no
		// number, so nothing to set; the settings are named, never a
		// number of ask-nix's own written.
		verb := "set"
		ss := []intent.Suggestion{sug(intent.SetOption, "set boot.loader.systemd-boot.configurationLimit to 10"), sug(intent.SetOption, "set boot.loader.grub.configurationLimit to 10")}
		if has(ts, "remove", "rid", "unset", "reset", "delete", "drop", "disable", "no") {
			verb = "unset"
			ss = []intent.Suggestion{sug(intent.SetOption, "unset boot.loader.systemd-boot.configurationLimit"), sug(intent.SetOption, "unset boot.loader.grub.configurationLimit")}
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text, Suggestions: ss,
			Hint: "how many generations the boot menu lists is the boot loader's configurationLimit (systemd-boot's or GRUB's, whichever your machine uses): " + verb + " it by its path; nothing was changed"}
	}
	limit, err := strconv.Atoi(n)
	if err != nil || limit < 1 {
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Hint: "the boot menu lists the generation the machine runs at least: say how many it is to list, 1 or more; nothing was changed"}
	}
	// The loader named ("in grub") is the one meant.
	grub, sd := has(ts, "grub", "grub2"), has(ts, "systemd-boot", "sd-boot", "gummiboot", "systemd")
	switch {
	case grub && !sd:
		return BootMenuIntent("boot.loader.grub", limit), true, nil
	case sd && !grub:
		return BootMenuIntent("boot.loader.systemd-boot", limit), true, nil
	}
	nu := &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.SetOption, "set boot.loader.systemd-boot.configurationLimit to "+n), sug(intent.SetOption, "set boot.loader.grub.configurationLimit to "+n)},
		Hint: "how many generations the boot menu lists is the boot loader's configurationLimit (systemd-boot's or GRUB's, whichever your machine uses), said by its path with your number; " +
			"the generations themselves stay until deleted (\"keep the last " + n + " generations\"); nothing was changed"}
	return intent.Intent{}, true, &BootMenuLimit{Limit: limit, NotUnderstood: nu}
}

// BootMenuIntent sets the boot menu's length of the loader whose NixOS
// option prefix is loader (boot.loader.systemd-boot, boot.loader.grub).
func BootMenuIntent(loader string, limit int) intent.Intent {
	return intent.Intent{Kind: intent.SetOption, Option: loader + ".configurationLimit", Value: int64(limit),
		Notes: []string{fmt.Sprintf("the boot menu lists the newest %d generations from the next rebuild on; older ones are not deleted and can still be switched to (\"keep the last %d generations\" deletes them)", limit, limit)}}
}

// bootMenuHidden answers "hide the boot menu", "skip the grub menu",
// "disable the boot menu": a timeout of 0, which starts the newest
// generation at once, and which hides the way back to an older one
// when a change leaves the machine unable to start. That trade is the
// person's, so the setting is suggested with how to reach the menu
// after, never written. nil when ts is no such request ("remove old
// boot menu entries" limits the menu; "set the boot timeout to 0" is
// the setting, said).
func bootMenuHidden(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 2 || !has(ts, "menu") || !has(ts, "boot", "grub", "bootloader", "systemd-boot") ||
		has(ts, "entries", "entry", "generations", "generation", "timeout", "seconds", "limit", "old", "older") {
		return nil
	}
	hide := false
	for i, t := range ts {
		switch {
		case t.quoted || isNumeric(t):
			return nil
		case t.w == "hide" || t.w == "skip" || t.w == "bypass" || t.w == "hidden":
			hide = true
		case (t.w == "disable" || t.w == "remove" || t.w == "rid") && i <= 2:
			hide = true // "disable the boot menu", "get rid of the grub menu"
		case t.w == "without" || t.w == "no" && i == 0:
			hide = true // "boot without the menu", "no boot menu"
		}
	}
	if !hide {
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.SetOption, "set the boot timeout to 0"), sug(intent.SetOption, "set the boot timeout to 1")},
		Hint: "the boot menu shows for boot.loader.timeout seconds (5 by default); with 0 the newest generation starts at once, and the menu, where older generations are picked when a change leaves the machine unable to start, " +
			"shows only while a key is held as it starts (Space for systemd-boot, Shift or Esc for GRUB); 1 second keeps it in reach: say which; nothing was changed"}
}
