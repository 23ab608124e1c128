package parse

import (
	"github.com/nix-humanity/nix-humanity/guard/username"
	"github.com/nix-humanity/nix-humanity/intent"
)

// ruleUsers: "add user alice", "create a new user bob", "delete the user
// account carol". User accounts are not something ask-nix edits (a
// password, groups and a home make them more than one option), and read
// as an install they would ask for packages named "user" and "alice".
// They are not understood, with where to do it instead.
func ruleUsers(text string, ts []token) (intent.Intent, bool, error) {
	if ts[0].quoted {
		return intent.Intent{}, false, nil
	}
	switch ts[0].lem {
	case "add", "create", "make", "delete", "remove", "drop", "set", "setup":
	default:
		return intent.Intent{}, false, nil
	}
	// "add alice to docker", "remove alice from wheel": a group said by
	// its name alone (it suggested "install alice", "remove alice").
	if nu := groupMembership(text, ts); nu != nil {
		return intent.Intent{}, true, nu
	}
	// "add alice to the wheel group", "remove bob from docker group"
	if last := ts[len(ts)-1]; len(ts) > 3 && !last.quoted && (last.w == "group" || last.w == "groups") {
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Hint: "ask-nix does not manage users or groups: set users.users.<name>.extraGroups in your NixOS configuration; nothing was changed"}
	}
	for _, t := range ts[1:] {
		if t.quoted {
			return intent.Intent{}, false, nil
		}
		switch t.w {
		case "a", "an", "the", "new", "up", "another", "my", "local", "normal", "system":
			continue
		case "user", "users", "account", "accounts", "login", "useraccount":
			return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
				Hint: "ask-nix does not manage user accounts: declare them in your NixOS configuration (users.users.<name>, see `man configuration.nix`); nothing was changed"}
		}
		return intent.Intent{}, false, nil
	}
	return intent.Intent{}, false, nil
}

// ruleSudoAccess: "give alice sudo access", "make alice an admin", "add
// alice to sudoers", "let alice use sudo". On NixOS that is the wheel
// group, a line of the user's own declaration in configuration.nix
// (users.users.alice.extraGroups), which ask-nix does not write: a
// fragment declaring a user the configuration does not have would make
// half an account, and granting root is no edit to make from a phrase.
// Not understood, with the exact line; the name is echoed only when it
// is a valid login name.
func ruleSudoAccess(text string, ts []token) (intent.Intent, bool, error) {
	if len(ts) < 3 || ts[0].quoted || ts[1].quoted {
		return intent.Intent{}, false, nil
	}
	rest := ts[2:]
	only := func(words map[string]bool, need ...string) bool {
		found := false
		for _, t := range rest {
			if t.quoted || !words[t.w] {
				return false
			}
			for _, n := range need {
				found = found || t.w == n
			}
		}
		return found
	}
	var ok bool
	switch ts[0].w {
	case "give", "grant":
		ok = only(sudoRightsWords, "sudo", "admin", "administrator", "root", "superuser", "wheel")
	case "make":
		ok = only(sudoRoleWords, "admin", "administrator", "sudoer", "superuser")
	case "add":
		ok = only(sudoersWords, "sudoers", "sudo", "wheel", "admins", "administrators")
	case "let", "allow":
		ok = only(sudoUseWords, "sudo")
	case "enable":
		// "enable sudo for my user", "enable sudo for bob": the user's
		// wheel membership; sudo itself is on by default. The name is
		// last.
		if ts[1].w == "sudo" && len(ts) >= 4 && ts[2].w == "for" && !ts[len(ts)-1].quoted {
			rest = ts[3:]
			ok = true
			for _, t := range rest[:len(rest)-1] {
				ok = ok && !t.quoted && (t.w == "my" || t.w == "the" || t.w == "user")
			}
			if ok {
				ts = []token{ts[0], ts[len(ts)-1]}
				if w := ts[1].w; w == "user" || w == "me" || w == "myself" || w == "account" {
					ts[1].raw = "<name>"
				}
			}
		}
	}
	if !ok {
		return intent.Intent{}, false, nil
	}
	name := ts[1].raw
	if !username.Valid(name) {
		name = "<name>"
	}
	return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
		Hint: "ask-nix does not change users or groups: on NixOS, sudo is for the wheel group; add it to the user's own declaration in configuration.nix, " +
			"users.users." + name + ".extraGroups = [ \"wheel\" ]; (beside the groups listed there), then rebuild and log in again. Nothing was changed"}
}

var (
	sudoRightsWords map[string]bool
	sudoRoleWords   map[string]bool
	sudoersWords    map[string]bool
	sudoUseWords    map[string]bool
)

// knownGroups are the groups NixOS modules and users make people join.
var knownGroups map[string]bool

// groupMembership answers "add alice to docker", "add me to the audio
// group", "remove alice from wheel": a user's groups, which are
// users.users.<name>.extraGroups in the user's own declaration. nil when
// ts is no such request.
func groupMembership(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 4 || ts[0].lem != "add" && ts[0].lem != "remove" && ts[0].lem != "put" && ts[0].lem != "delete" {
		return nil
	}
	i := 1
	if ts[i].w == "user" {
		i++
	}
	if i+2 >= len(ts) || ts[i].quoted || ts[i+1].quoted {
		return nil
	}
	who := ts[i]
	switch ts[i+1].w {
	case "to", "in", "into", "from":
	default:
		return nil
	}
	group := ""
	for _, t := range ts[i+2:] {
		switch {
		case t.quoted:
			return nil
		case t.w == "the" || t.w == "group" || t.w == "groups" || t.w == "my" || t.w == "system":
		case group == "" && knownGroups[t.w]:
			group = t.w
		default:
			return nil
		}
	}
	if group == "" {
		return nil
	}
	name := who.raw
	if who.w == "me" || who.w == "myself" || !username.Valid(name) {
		name = "<you>"
	}
	hint := "ask-nix does not manage users or groups: a user's groups are users.users.<name>.extraGroups in the user's own declaration in configuration.nix, here users.users." + name + ".extraGroups = [ \"" + group + "\" ]; (beside the groups listed there), then rebuild and log in again"
	switch group {
	case "wheel":
		hint += "; wheel may use sudo, as good as root"
	case "docker":
		hint += "; the docker group is as good as root (\"enable rootless docker\" runs docker without it)"
	}
	return &intent.NotUnderstood{Request: text, Hint: hint + "; nothing was changed"}
}

// loadUsersTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadUsersTables() {
	sudoRightsWords = set("sudo", "admin", "administrator", "root", "superuser", "wheel", "access", "rights", "privileges",
		"privilege", "permission", "permissions", "the", "to", "use", "of", "an", "a")
	sudoRoleWords = set("a", "an", "admin", "administrator", "sudoer", "superuser", "user")
	sudoersWords = set("to", "the", "sudoers", "sudo", "wheel", "admins", "administrators", "list", "file")
	sudoUseWords = set("to", "use", "run", "sudo", "commands", "command")
	knownGroups = map[string]bool{"wheel": true, "docker": true, "audio": true, "video": true, "networkmanager": true, "libvirtd": true,
		"dialout": true, "input": true, "plugdev": true, "lp": true, "scanner": true, "kvm": true, "adbusers": true, "podman": true,
		"vboxusers": true, "wireshark": true, "storage": true, "render": true, "uucp": true, "tty": true, "disk": true, "users": true}
}
