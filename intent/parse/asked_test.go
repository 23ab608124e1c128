package parse_test

import (
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
)

// TestQuestionsOfActionsDoNothing: a question in the words of a request
// that acts on the system ("are there updates") ran the update, or the
// rollback; it is answered with where to look, and the request offered.
func TestQuestionsOfActionsDoNothing(t *testing.T) {
	upd := []string{"update my system", "status"}
	checkReadings(t, []reading{
		{text: "are there updates", sugs: upd, hintHas: "a question changes nothing"},
		{text: "are there any updates?", sugs: upd, hintHas: "fetching"},
		{text: "any updates?", sugs: upd, hintHas: "--dry-run"},
		{text: "is there an update", sugs: upd, hintHas: "fetching"},
		{text: "is there a rollback", sugs: []string{"list generations", "roll back"}, hintHas: "`ask-nix generations`"},
		// Requests stay requests.
		{text: "update", want: kind(intent.Update)},
		{text: "do a rollback", want: kind(intent.Rollback)},
		{text: "is my system up to date?", want: kind(intent.Status)},
	})
}

// TestSettingSaidWrong: a setting said to be wrong is shown and its
// request offered; the judgement is never its value ("my hostname is
// wrong" set the hostname to "wrong").
func TestSettingSaidWrong(t *testing.T) {
	tz := []string{"what is my timezone", "set timezone to Europe/Berlin", "set timezone automatically"}
	checkReadings(t, []reading{
		{text: "my hostname is wrong", sugs: []string{"what is my hostname", "set hostname to my-laptop"}, hintHas: "networking.hostName"},
		{text: "my timezone is wrong", sugs: tz, hintHas: "time zone"},
		{text: "My time zone is incorrect!", sugs: tz, hintHas: "time zone"},
		{text: "my timezone is not right", sugs: tz, hintHas: "time zone"},
		{text: "my clock is wrong", sugs: tz, hintHas: "hardwareClockInLocalTime"},
		{text: "the clock is an hour behind", sugs: tz, hintHas: "timesyncd"},
		{text: "my keyboard layout is messed up", sugs: []string{"what keyboard layout do i have", "set keyboard layout to us"}, hintHas: "console keymap"},
		{text: "my locale is wrong", sugs: []string{"what is my locale", "set locale to en_US.UTF-8"}, hintHas: "i18n.defaultLocale"},
		// A value is a value.
		{text: "my hostname is server1", want: opt("networking.hostName", "server1")},
		{text: "my timezone is Asia/Tokyo", want: opt("time.timeZone", "Asia/Tokyo")},
		{text: "set hostname to wrong", want: opt("networking.hostName", "wrong")},
	})
}

// TestChangesOfAWhen: the edits made at a time are taken back by count
// after the history says when; "revert yesterday's changes" went back to
// how the system was when today began, with yesterday's changes kept.
func TestChangesOfAWhen(t *testing.T) {
	before := []string{"undo the last 2 changes", "list generations"}
	today := []string{"undo the last 2 changes", "roll back to yesterday"}
	checkReadings(t, []reading{
		{text: "revert yesterday's changes", sugs: before, hintHas: "`ask-nix history`"},
		{text: "undo yesterday's changes", sugs: before, hintHas: "newest first"},
		{text: "remove everything I installed yesterday", sugs: before, hintHas: "`ask-nix history`"},
		{text: "undo what I did today", sugs: today, hintHas: "before today began"},
		{text: "remove everything I installed today", sugs: today, hintHas: "`ask-nix history`"},
		// How the system was is a rollback.
		{text: "restore yesterday's configuration", want: intent.Intent{Kind: intent.Rollback, Before: "today"}},
		{text: "go back to how it was yesterday", want: intent.Intent{Kind: intent.Rollback, Before: "today"}},
	})
}

// TestChangesSaidAsDone: a change said as done changes nothing; a
// mistake is offered what takes it back, anything else the question of
// how it is now ("i accidentally removed firefox" offered "help").
func TestChangesSaidAsDone(t *testing.T) {
	back := []string{"install firefox", "undo"}
	checkReadings(t, []reading{
		{text: "i accidentally removed firefox", sugs: back, hintHas: "to take it back"},
		{text: "oops I removed firefox", sugs: back, hintHas: "`ask-nix history`"},
		{text: "I uninstalled firefox by mistake", sugs: back, hintHas: "roll back"},
		{text: "firefox was removed", sugs: []string{"is firefox installed"}, hintHas: "changes nothing"},
		{text: "ssh got disabled", sugs: []string{"is ssh enabled"}, hintHas: "\"enable ssh\" takes it back"},
		{text: "someone disabled my firewall", sugs: []string{"is firewall enabled"}, hintHas: "\"enable firewall\""},
		{text: "I installed firefox but it doesn't open", sugs: []string{"is firefox installed"}, hintHas: "run from a terminal"},
		{text: "I opened port 80 but it doesn't work", sugs: []string{"is port 80 open"}, hintHas: "listens on it"},
		// Requests that end in a past word stay requests.
		{text: "keep ssh enabled", want: on("services.openssh.enable", "ssh")},
		{text: "htop should be installed", want: inst("htop")},
		{text: "ssh should be disabled", want: off("services.openssh.enable", "ssh")},
	})
}
