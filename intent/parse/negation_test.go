package parse_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestNegationNeverItsOpposite: a request to stop, close or keep
// something is never read, nor answered with a suggestion, as the
// thing it asks against: "get rid of garbage collection" does not
// collect garbage now, "no port 22" does not offer "open port 22", "no
// gc" does not offer to delete old generations, "no auto updates" does
// not offer to update the system.
func TestNegationNeverItsOpposite(t *testing.T) {
	for _, c := range []struct {
		text   string
		banned []string // suggestions that would do the opposite
	}{
		{"get rid of garbage collection", []string{"clean up old generations", "collect garbage"}},
		{"remove garbage collection", []string{"clean up old generations", "collect garbage"}},
		{"no port 22", []string{"open port 22"}},
		{"without port 22", []string{"open port 22"}},
		{"port 22 closed", []string{"open port 22"}},
		{"port 22 off", []string{"open port 22"}},
		{"unopen port 22", []string{"open port 22"}},
		{"no gc", []string{"clean up old generations"}},
		{"no garbage collection", []string{"clean up old generations"}},
		{"no auto gc", []string{"clean up old generations"}},
		{"gc off", []string{"clean up old generations"}},
		{"keep old generations", []string{"clean up old generations"}},
		{"cancel the gc schedule", []string{"clean up old generations"}},
		{"unschedule garbage collection", []string{"clean up old generations"}},
		{"no auto updates", []string{"update my system"}},
		{"without automatic upgrades", []string{"update my system"}},
		{"unschedule upgrades", []string{"update my system"}},
		{"no firmware updates", []string{"update my system"}},
	} {
		got, err := parse.Parse(c.text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %+v, %v; want not understood", c.text, got, err)
			continue
		}
		for _, s := range nu.Suggestions {
			for _, b := range c.banned {
				if strings.HasPrefix(s.Example, b) {
					t.Errorf("Parse(%q) suggests %q, the opposite of what was asked", c.text, b)
				}
			}
		}
	}
	// Still the one-off clean-up when garbage itself is what goes.
	for _, text := range []string{"get rid of garbage", "collect garbage", "garbage collection"} {
		got, err := parse.Parse(text)
		if err != nil || got.Kind != intent.GC {
			t.Errorf("Parse(%q) = %+v, %v; want gc", text, got, err)
		}
	}
}

// TestAutoLoginSaidPlainly: "log me in automatically" names no account
// (it wrote autoLogin.user = "me"), so whose login is asked; "remove
// auto login" turns it off (it removed packages named auto and login).
func TestAutoLoginSaidPlainly(t *testing.T) {
	for _, text := range []string{"log me in automatically", "log myself in automatically"} {
		got, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %+v, %v; want whose login asked", text, got, err)
		}
	}
	got, err := parse.Parse("remove auto login")
	if err != nil || got.Option != "services.displayManager.autoLogin.enable" || got.Change != intent.ChangeUnset {
		t.Errorf("Parse(%q) = %+v, %v; want auto login unset", "remove auto login", got, err)
	}
}

// TestQuestionsNeverWrite: a yes-or-no question is answered or not
// understood, never read as the edit whose words it shares ("do I allow
// unfree" once allowed unfree packages, "is auto gc on" turned it on).
func TestQuestionsNeverWrite(t *testing.T) {
	for _, text := range []string{
		"do I allow unfree", "do i have auto gc", "is auto gc on", "do I disable sleep", "is sleep disabled",
		"do we allow root login over ssh", "do I block port 22", "do i enable ssh", "did i open port 22",
		"is the firewall off", "is ipv6 disabled", "does nixos allow proprietary software", "is flakes enabled",
		"are flakes enabled", "is ping allowed", "does my system suspend", "is docker starting at boot",
		"does ssh start at boot?", "have i installed firefox", "is natural scrolling on", "do I use dhcp",
	} {
		in, err := parse.Parse(text)
		if err == nil && in.Kind.Writes() {
			t.Errorf("Parse(%q) = %#v: a question read as an edit", text, in)
		}
	}
}

// TestSubjectIsNoVerbTypo: a first word the sentence is about ("htop is
// great") is never put right into a verb a letter away ("stop"), nor
// offered as one ("disable is great").
func TestSubjectIsNoVerbTypo(t *testing.T) {
	for _, text := range []string{"htop is great", "htop keeps crashing", "htop should be removed"} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			continue
		}
		for _, s := range nu.Suggestions {
			if s.Kind == intent.DisableService {
				t.Errorf("Parse(%q) suggests %q", text, s.Example)
			}
		}
	}
}

// TestScreenIsNotGNUScreen: the display said to stay on is never GNU
// screen turned on, nor the machine's sleep turned off.
func TestScreenIsNotGNUScreen(t *testing.T) {
	for _, text := range []string{"keep the screen on", "don't let the screen sleep", "stop the screen from sleeping"} {
		if in, err := parse.Parse(text); err == nil {
			t.Errorf("Parse(%q) = %#v; want not understood", text, in)
		}
	}
}
