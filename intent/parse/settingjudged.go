package parse

import "github.com/nix-humanity/nix-humanity/intent"

// judgements end a statement that a setting is wrong ("my timezone is
// wrong", "the clock is an hour off"), which the setting rules read as
// its new value: "my hostname is wrong" set the hostname to "wrong".
var judgements map[string]bool

// judgedSetting answers "my timezone is wrong", "my hostname is
// incorrect", "my keyboard layout is messed up", "the clock is an hour
// behind": the setting shown, and the request that sets it offered with
// a value to put right; never the judgement as its value. nil when ts
// is no such statement.
func judgedSetting(text string, ts []token) *intent.NotUnderstood {
	n := len(ts)
	if n < 3 || ts[n-1].quoted {
		return nil
	}
	last := n - 1
	if ts[last].w == "up" && last > 0 {
		last-- // "messed up"
	}
	if !judgements[ts[last].w] || prefix(ts, setVerbs) > 0 {
		return nil
	}
	stated := false
	var time, host, locale, keyboard bool
	for _, t := range ts[:last] {
		if t.quoted {
			return nil
		}
		switch t.w {
		case "is", "are", "seems", "looks", "was", "shows", "keeps", "stays", "goes", "runs", "feels":
			stated = true
		case "timezone", "tz", "time", "clock", "date", "hour", "hours", "zone":
			time = true
		case "hostname", "host":
			host = true
		case "locale", "language":
			locale = true
		case "keyboard", "layout", "keymap", "keys":
			keyboard = true
		}
	}
	if !stated {
		return nil
	}
	switch {
	case host:
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SystemInfo, "what is my hostname"), sug(intent.SetOption, "set hostname to my-laptop")},
			Hint:        "\"what is my hostname\" shows it, and \"set hostname to <name>\" changes it (networking.hostName: letters, digits and dashes); nothing was changed"}
	case keyboard:
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "what keyboard layout do i have"), sug(intent.SetOption, "set keyboard layout to us")},
			Hint:        "\"what keyboard layout do i have\" shows the layout set, and \"set keyboard layout to de\" (or us, fr, dvorak, ...) changes it for X11 and Wayland sessions; GNOME and KDE also keep a layout of their own in their keyboard settings, and the text console's is \"set console keymap to de\"; nothing was changed"}
	case locale:
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.ShowOption, "what is my locale"), sug(intent.SetOption, "set locale to en_US.UTF-8")},
			Hint:        "\"what is my locale\" shows the language and formats set (i18n.defaultLocale), and \"set locale to en_GB.UTF-8\" (language_COUNTRY) changes them; it shows after a new login; nothing was changed"}
	case time && has(ts, "windows", "dual-boot", "dualboot", "dual"):
		// "windows time is wrong": Windows keeps the hardware clock in
		// local time.
		return windowsClock(text)
	case time:
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SystemInfo, "what is my timezone"), sug(intent.SetOption, "set timezone to Europe/Berlin"), sug(intent.SetOption, "set timezone automatically")},
			Hint: "a clock off by whole hours is most often the time zone: \"what is my timezone\" shows it, \"set timezone to <Region/City>\" sets it, \"set timezone automatically\" follows where you are; " +
				"NixOS keeps the clock itself in sync (services.timesyncd); beside Windows, whose clock is local time, time.hardwareClockInLocalTime = true keeps both right; nothing was changed"}
	}
	return nil
}

// loadSettingjudgedTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadSettingjudgedTables() {
	judgements = map[string]bool{"wrong": true, "incorrect": true, "broken": true, "off": true, "weird": true, "bad": true,
		"strange": true, "odd": true, "invalid": true, "outdated": true, "behind": true, "ahead": true, "early": true, "late": true,
		"fine": true, "ok": true, "okay": true, "correct": true, "right": true, "messed": true, "screwed": true, "funny": true,
		"garbled": true, "confused": true, "mixed": true}
}
