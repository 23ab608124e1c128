package parse

import "github.com/nix-humanity/nix-humanity/intent"

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
