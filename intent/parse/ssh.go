package parse

import "github.com/nix-humanity/nix-humanity/intent"

// The OpenSSH settings NixOS writes into sshd_config.
const (
	sshSettings      = "services.openssh.settings"
	permitRootLogin  = sshSettings + ".PermitRootLogin"
	passwordAuth     = "PasswordAuthentication"
	kbdInteractive   = "KbdInteractiveAuthentication"
	sshPasswordsHelp = "allow ssh password login"
	sshKeysOnlyHelp  = "disable ssh password login"
	sshRootKeysHelp  = "allow root login over ssh with keys only"
	sshNoRootHelp    = "disable root login over ssh"
)

// ruleSSH: how people log in over SSH.
//
// "disable ssh password login", "ssh keys only", "no passwords over ssh"
// set PasswordAuthentication and KbdInteractiveAuthentication to false
// together, in one edit: with PAM (NixOS's default), keyboard-interactive
// asks for the same password, so turning off PasswordAuthentication alone
// leaves password logins open while looking closed. "allow ssh password
// login" sets both to true.
//
// "disable root login over ssh" sets PermitRootLogin to "no"; "allow root
// login over ssh with keys only" to "prohibit-password" (NixOS's
// default). Root login with a password is not offered in words: it can
// still be set by its option name.
//
// Every word must belong to the rule's vocabulary, and "ssh" must be
// said, so "enable ssh" and "disable password" go to the other rules.
// Negations (disable, no, not, ...) odd in number turn the request
// around, as in ruleUnfree.
func ruleSSH(text string, ts []token) (intent.Intent, bool, error) {
	var ssh, password, root, keys, only, allow bool
	// verbAndVerb: a verb, "and", then another verb ("enable ssh and
	// disable passwords"): two requests.
	verbs, verbAndVerb, andAfterVerb := 0, false, false
	negations := 0
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case sshWords[t.w]:
			ssh = true
		case t.w == "secure" && i+1 < len(ts) && ts[i+1].w == "shell" && !ts[i+1].quoted:
			ssh = true
			i++
		case sshPasswordWords[t.w]:
			password = true
		case t.w == "root":
			root = true
		case sshKeyWords[t.w]:
			keys = true
		case t.w == "only" || t.w == "require" || t.w == "required" || t.w == "requiring":
			only = true
		case sshAllow[t.lem]:
			allow = true
			verbAndVerb = verbAndVerb || andAfterVerb
			verbs++
		case unfreeDeny[t.lem]:
			negations++
			verbAndVerb = verbAndVerb || andAfterVerb
			verbs++
		case t.w == "without" && verbs > 0:
			// "enable ssh without passwords": a second request, said
			// against something.
			negations++
			verbAndVerb = true
			verbs++
		case t.w == "and" || t.w == "&" || t.w == "plus" || t.w == "but":
			andAfterVerb = verbs > 0
		case sshFillers[t.w]:
		default:
			return intent.Intent{}, false, nil
		}
	}
	if !ssh && root && !password && (allow || negations > 0) && has(ts, "login", "logins", "log") {
		// "disable root login": most likely over SSH (the console's
		// root login is root's password, which ask-nix does not set).
		ss := []intent.Suggestion{sug(intent.SetOption, sshNoRootHelp), sug(intent.SetOption, sshRootKeysHelp)}
		if negations%2 == 0 {
			ss[0], ss[1] = ss[1], ss[0] // "allow root login": with keys
		}
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: ss,
			Hint:        "root logs in over SSH as services.openssh.settings.PermitRootLogin says (say \"over ssh\"); on the console, root's login is root's password (`sudo passwd -l root` locks it), which ask-nix does not set; nothing was changed"}
	}
	if !ssh && password && !root && (allow || negations > 0) {
		// "disable password login": most likely SSH, but not said.
		return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, sshKeysOnlyHelp), sug(intent.SetOption, sshPasswordsHelp))
	}
	if !ssh || !(password || root || keys && only) {
		return intent.Intent{}, false, nil
	}
	deny := negations%2 == 1
	if verbAndVerb {
		// "enable ssh and disable passwords": the server, and how one
		// logs in to it, when the first verb turns it on. Anything
		// else joined this way ("disable ssh and allow passwords") is
		// not guessed.
		if enablesSSH(ts) {
			switch {
			case root && deny && !keys && !password:
				return sshOnAnd(sshSet(permitRootLogin, "no")), true, nil
			case root && allow && keys && !deny && !password:
				// "enable ssh and allow root login with keys only"
				return sshOnAnd(sshSet(permitRootLogin, "prohibit-password")), true, nil
			case root:
			case keys && only || password && deny:
				return sshOnAnd(sshPasswords(false)), true, nil
			case password && !keys:
				return sshOnAnd(sshPasswords(true)), true, nil
			}
		}
		second := sshKeysOnlyHelp
		switch {
		case root && !deny:
			// "enable ssh and allow root login": root with a password
			// is not offered in words; with keys is ("allow root login"
			// suggested passwords for everyone).
			second = sshRootKeysHelp
		case root:
			second = sshNoRootHelp
		case negations == 0:
			second = sshPasswordsHelp
		}
		return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.EnableService, "enable ssh"), sug(intent.SetOption, second))
	}
	if root {
		switch {
		case password:
			// Root's password, or passwords and root login both: which
			// setting is meant cannot be told.
			return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, sshNoRootHelp), sug(intent.SetOption, sshKeysOnlyHelp))
		case deny && !keys:
			return sshSet(permitRootLogin, "no"), true, nil
		case allow && keys && !deny:
			return sshSet(permitRootLogin, "prohibit-password"), true, nil
		}
		// "allow root login over ssh" (with a password, then) or a
		// muddle of both: not guessed.
		return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, sshRootKeysHelp), sug(intent.SetOption, sshNoRootHelp))
	}
	var in intent.Intent
	switch {
	case keys && only && !deny, password && deny && !(keys && only):
		in = sshPasswords(false)
	case password && allow && !deny && !keys:
		in = sshPasswords(true)
	default:
		return intent.Intent{}, true, notUnderstoodWith(text, sug(intent.SetOption, sshKeysOnlyHelp), sug(intent.SetOption, sshPasswordsHelp))
	}
	if enablesSSH(ts) {
		// "enable ssh with keys only", "enable ssh with password login
		// disabled": the server, and how one logs in. The request
		// starts by turning the server on, so a negation after it is
		// the setting's.
		return sshOnAnd(in), true, nil
	}
	return in, true, nil
}

// enablesSSH reports whether the request starts by turning on SSH
// itself ("enable ssh with keys only"), not one of its settings ("enable
// password authentication for ssh").
func enablesSSH(ts []token) bool {
	kind, n := switchVerb(ts)
	if kind != intent.EnableService || n == 0 {
		// "i want ssh but only with keys", "set up ssh with keys only":
		// the server is asked for too (keys-only alone left it off).
		if n = prefix(ts, sshWantLead); n == 0 {
			return false
		}
	}
	for _, t := range ts[n:] {
		switch {
		case t.quoted:
			return false
		case t.w == "the" || t.w == "a" || t.w == "an":
		default:
			return sshWords[t.w] || t.w == "secure"
		}
	}
	return false
}

// sshWantLead asks for SSH itself when SSH follows it.
var sshWantLead []phrase

// sshOnAnd is the SSH server turned on, with how one logs in to it.
func sshOnAnd(setting intent.Intent) intent.Intent {
	return intent.Join([]intent.Intent{{Kind: intent.EnableService, Option: "services.openssh.enable", Service: "ssh"}, setting})
}

func sshSet(option, value string) intent.Intent {
	return intent.Intent{Kind: intent.SetOption, Option: option, Value: value}
}

func sshPasswords(on bool) intent.Intent {
	return intent.Intent{Kind: intent.SetOption, Option: sshSettings, Change: intent.ChangeMerge,
		Value: map[string]any{passwordAuth: on, kbdInteractive: on}}
}

// The tables of this file, built by loadSSH on first use (see
// loadTables).
var sshWords, sshPasswordWords, sshKeyWords, sshAllow, sshFillers map[string]bool

func loadSSH() {
	sshWords = set("ssh", "sshd", "openssh", "ssh-server")
	sshPasswordWords = set("password", "passwords", "passwd", "keyboard-interactive", "kbdinteractive")
	sshKeyWords = set("key", "keys", "public-key", "pubkey", "pubkeys", "publickey", "public", "ssh-key", "ssh-keys")
	sshAllow = set("allow", "enable", "permit", "accept", "on", "activate", "let", "use", "want", "need",
		"give", "get", "like", "setup", "configure")
	sshFillers = set("the", "a", "an", "for", "over", "via", "with", "by", "of", "to", "in", "into",
		"my", "this", "server", "servers", "please", "login", "logins", "log", "logging",
		"authentication", "auth", "access", "remote", "remotely", "user", "users", "all",
		"turn", "switch", "set", "make", "it", "so", "that", "can", "could", "should", "i", "we",
		"me", "be", "able", "also", "now", "from", "anyone", "nobody", "connection", "connections",
		"based", "sign", "signin", "account", "accounts", "machine", "system", "do", "does", "up", "would")
}

// loadSshTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadSshTables() {
	sshWantLead = phrases("i want", "i need", "we want", "we need", "i would like", "give me", "get me", "set me up with",
		"set up", "setup", "configure")
}
