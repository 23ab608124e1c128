package parse

import (
	"slices"

	"github.com/nix-humanity/nix-humanity/intent"
)

const (
	autoLoginEnable = "services.displayManager.autoLogin.enable"
	autoLoginUser   = "services.displayManager.autoLogin.user"
)

// autoLoginVocab are the other words of "enable auto login for alice",
// "log alice in automatically", "turn off autologin".
var autoLoginVocab map[string]bool

// selfWords name the person asking, no account the configuration knows.
var selfWords map[string]bool

// ruleAutoLogin: the display manager logs a user in by itself. "enable
// auto login for alice" sets autoLogin.enable and autoLogin.user in one
// edit (the user is checked for its form by the guard); "disable auto
// login" unsets both. Without a user named, whose login is asked.
func ruleAutoLogin(text string, ts []token) (intent.Intent, bool, error) {
	if asksQuestion(ts) {
		return intent.Intent{}, false, nil
	}
	auto, login, off := false, false, false
	user := ""
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		switch {
		case t.w == "autologin" || t.w == "auto-login":
			auto, login = true, true
		case t.w == "auto" || t.w == "automatic" || t.w == "automatically":
			auto = true
		case t.w == "log" && i+2 < len(ts) && ts[i+2].w == "in" && user == "" && !autoLoginVocab[ts[i+1].w]:
			// "log alice in automatically"; "log me in" names nobody the
			// configuration knows: whose login is asked.
			login, user = true, ts[i+1].raw
			if selfWords[ts[i+1].w] {
				user = ""
			}
			i += 2
		case t.w == "login" || t.w == "log-in" || t.w == "logon" || t.w == "log" && i+1 < len(ts) && ts[i+1].w == "in":
			login = true
			if t.w == "log" {
				i++
			}
		case i == 0 && (t.w == "remove" || t.w == "delete" || t.w == "cancel") && !slices.ContainsFunc(ts, func(t token) bool { return t.w == "autologin" }):
			// "remove auto login" is the switch; "remove autologin" the
			// nixpkgs package of that name.
			off = true
		case t.w == "disable" || t.w == "off" || t.w == "stop" || t.w == "no" || t.w == "not":
			off = true
			if t.w == "no" && i+1 < len(ts) && ts[i+1].w == "password" {
				// "log alice in with no password" is on, not off.
				off = false
			}
		case i > 0 && (ts[i-1].w == "for" || ts[i-1].w == "as" || ts[i-1].w == "user") && !autoLoginVocab[t.w]:
			if user != "" {
				return intent.Intent{}, false, nil
			}
			user = t.raw
		case autoLoginVocab[t.w] || stopwords[t.lem]:
		default:
			return intent.Intent{}, false, nil
		}
	}
	if !auto || !login {
		return intent.Intent{}, false, nil
	}
	if off {
		return intent.Join([]intent.Intent{
			{Kind: intent.SetOption, Option: autoLoginEnable, Change: intent.ChangeUnset},
			{Kind: intent.SetOption, Option: autoLoginUser, Change: intent.ChangeUnset},
		}), true, nil
	}
	if user == "" {
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "enable auto login for alice")},
			Hint:        "say whose login: \"enable auto login for <user>\" (the display manager then logs that user in without a password)"}
	}
	return intent.Join([]intent.Intent{
		{Kind: intent.SetOption, Option: autoLoginEnable, Value: true},
		{Kind: intent.SetOption, Option: autoLoginUser, Value: user},
	}), true, nil
}

// loadAutoLogin builds this file's tables (see tablesOnce).
func loadAutoLogin() {
	selfWords = map[string]bool{"me": true, "myself": true, "us": true, "i": true}
	autoLoginVocab = map[string]bool{
		"enable": true, "disable": true, "turn": true, "on": true, "off": true, "set": true,
		"up": true, "for": true, "as": true, "user": true, "the": true, "my": true, "to": true,
		"into": true, "desktop": true, "session": true, "stop": true, "no": true,
		"want": true, "please": true, "graphical": true, "at": true, "boot": true, "startup": true,
		"without": true, "password": true,
	}
}
