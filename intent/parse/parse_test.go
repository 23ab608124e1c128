package parse_test

import (
	"compress/gzip"
	"errors"
	"io"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/catalogtest"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

const optionsData = "../../nixmodule/testdata/nixos-options.json.gz"

// openOptionsData opens optionsData, uncompressed, closed at the test's end.
func openOptionsData(t *testing.T) io.Reader {
	t.Helper()
	f, err := os.Open(optionsData)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

// realOptions are the real NixOS options of optionsData, read once for
// all the tests that check readings against them.
var realOptions = func() func(testing.TB) *guard.Options {
	var once sync.Once
	var opts *guard.Options
	var err error
	return func(tb testing.TB) *guard.Options {
		tb.Helper()
		once.Do(func() { opts, err = guard.LoadOptions(optionsData) })
		if err != nil {
			tb.Fatal(err)
		}
		return opts
	}
}()

// parseReal parses text and fails the test when the guard refuses the
// reading with the real options; false when text did not parse.
func parseReal(t *testing.T, full *guard.Options, text string) (intent.Intent, bool) {
	t.Helper()
	got, err := parse.Parse(text)
	if err != nil {
		t.Errorf("Parse(%q): %v", text, err)
		return got, false
	}
	if err := guard.CheckIntent(got, full); err != nil {
		t.Errorf("Parse(%q) = %+v, which the guard refuses with real NixOS options: %v", text, got, err)
	}
	return got, true
}

func TestPhrasings(t *testing.T) {
	if len(phrasings) < 150 {
		t.Fatalf("only %d phrasings; the table must keep at least 150", len(phrasings))
	}
	seen := map[intent.Kind]int{}
	for _, c := range phrasings {
		got, err := parse.Parse(c.text)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.text, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q)\n got %#v\nwant %#v", c.text, got, c.want)
		}
		seen[got.Kind]++
	}
	for _, k := range intent.Kinds {
		if seen[k] < 3 {
			t.Errorf("intent %s has %d phrasings in the table; want at least 3", k, seen[k])
		}
	}
}

// TestWordingDoesNotMatter: case, punctuation, spacing and polite words
// around a request leave its meaning alone.
func TestWordingDoesNotMatter(t *testing.T) {
	for _, c := range phrasings {
		if c.text == "?" {
			continue
		}
		variants := []string{
			"  " + c.text + " !!",
			"please " + c.text + ", thanks",
			"Could you " + c.text + " for me?",
		}
		if !strings.ContainsAny(c.text, `"'`) { // quoted text is verbatim
			variants = append(variants, "hey,   "+strings.ReplaceAll(c.text, " ", "   ")+".")
		}
		if caseFree(c.want) {
			variants = append(variants, strings.ToUpper(c.text), strings.ToUpper(c.text[:1])+c.text[1:]+"!")
		}
		for _, v := range variants {
			if strings.HasPrefix(v, "Could you ") && !startsWithVerb(c.text) {
				continue // "could you I need ..." is not English
			}
			got, err := parse.Parse(v)
			if err != nil {
				t.Errorf("Parse(%q): %v (Parse(%q) works)", v, err, c.text)
				continue
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Parse(%q)\n got %#v\nwant %#v (as for %q)", v, got, c.want, c.text)
			}
		}
	}
}

// caseFree: nothing in the intent keeps the case it was typed in.
func caseFree(in intent.Intent) bool {
	if len(in.Packages) > 0 {
		return false // names keep their case ("is firefox installed")
	}
	switch in.Kind {
	case intent.Install, intent.Remove, intent.Search, intent.SetOption,
		intent.EnableService, intent.DisableService, intent.ShowOption:
		return false
	}
	return true
}

func startsWithVerb(text string) bool {
	w := strings.ToLower(strings.Fields(text)[0])
	return slices.Contains([]string{"install", "add", "remove", "uninstall", "delete", "enable",
		"disable", "turn", "start", "stop", "set", "change", "open", "close", "search",
		"find", "show", "list", "update", "upgrade", "apply", "rebuild", "roll", "rollback",
		"undo", "revert", "clean", "keep", "go", "switch", "unset", "reset"}, w)
}

// TestNotUnderstood: what Parse must not guess at, with the suggestions
// that come back instead.
func TestNotUnderstood(t *testing.T) {
	s := func(k intent.Kind, ex string) intent.Suggestion { return intent.Suggestion{Kind: k, Example: ex} }
	cases := []struct {
		text string
		want []intent.Suggestion
	}{
		{"install remove", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.Remove, "remove firefox")}},
		{"install git and remove vim", []intent.Suggestion{s(intent.Install, "install git"), s(intent.Remove, "remove vim")}},
		{"remove install", []intent.Suggestion{s(intent.Remove, "remove firefox"), s(intent.Install, "install firefox")}},
		{"install firefox and update", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.Update, "update my system")}},
		{"install git or vim", []intent.Suggestion{s(intent.Install, "install git"), s(intent.Install, "install vim")}},
		{"instal firefox", []intent.Suggestion{s(intent.Install, "install firefox")}},
		// A verb misspelt is never a package ("installe" was planned;
		// it is now French for install, TestForeignPoliteness).
		{"instaal firefox", []intent.Suggestion{s(intent.Install, "install firefox")}},
		{"installl htop and vim", []intent.Suggestion{s(intent.Install, "install htop and vim")}},
		{"uninstal fierfox", []intent.Suggestion{s(intent.Remove, "uninstall fierfox")}},
		{"uninstal htop", []intent.Suggestion{s(intent.Remove, "uninstall htop")}},
		// A misspelt command word is put right, and the request with it
		// suggested as typed otherwise: its own ports, names and zones.
		{"open prot 22", []intent.Suggestion{s(intent.SetOption, "open port 22")}},
		{"opne port 22", []intent.Suggestion{s(intent.SetOption, "open port 22")}},
		{"open udp prot 53", []intent.Suggestion{s(intent.SetOption, "open udp port 53")}},
		{"clsoe port 8080", []intent.Suggestion{s(intent.SetOption, "close port 8080")}},
		{"set hostnam to laptop", []intent.Suggestion{s(intent.SetOption, "set hostname to laptop")}},
		{"set timzone to UTC", []intent.Suggestion{s(intent.SetOption, "set timezone to UTC")}},
		{"set timzone to", []intent.Suggestion{s(intent.SetOption, "set timezone to Europe/Berlin")}},
		{"turn of the firewall", []intent.Suggestion{s(intent.DisableService, "turn off the firewall")}},
		{"instll htop", []intent.Suggestion{s(intent.Install, "install htop")}}, // "gimme" is "give me" now (TestForeignPoliteness)
		{"list generatoins", []intent.Suggestion{s(intent.ListGenerations, "list generations")}},
		{"disabel bluetooth", []intent.Suggestion{s(intent.DisableService, "disable bluetooth")}},
		// A package is never put right to a verb ("htop" is one letter
		// from "stop").
		{"use htop", []intent.Suggestion{s(intent.Install, "install htop")}},
		{"use docker", []intent.Suggestion{s(intent.EnableService, "enable docker"), s(intent.Install, "install docker")}},
		{"use zsh", []intent.Suggestion{s(intent.EnableService, "enable zsh"), s(intent.Install, "install zsh")}},
		// A service is no package: "install resolved" named none.
		{"use resolved", []intent.Suggestion{s(intent.EnableService, "enable resolved")}},
		{"use systemd-resolved", []intent.Suggestion{s(intent.EnableService, "enable systemd-resolved")}},
		{"use networkmanager", []intent.Suggestion{s(intent.EnableService, "enable networkmanager")}},
		// Ports said with a word not understood keep their numbers.
		{"open 22 pronto", []intent.Suggestion{s(intent.SetOption, "open port 22")}},
		{"serach firefox", []intent.Suggestion{s(intent.Search, "search firefox")}},
		{"enable frobnicator", []intent.Suggestion{s(intent.SetOption, "set services.frobnicator.enable to true"), s(intent.Install, "install frobnicator")}},
		{"disable frobnicator", []intent.Suggestion{s(intent.SetOption, "set services.frobnicator.enable to false")}},
		// Timers: generations go only by age (nix-collect-garbage keeps no
		// count), and an age must be said; packages are not installed on
		// a timer.
		{"clean up old generations every week", []intent.Suggestion{s(intent.SetOption, "delete generations older than 30 days every week"), s(intent.SetOption, "collect garbage every week")}},
		{"keep the last 5 generations every week", []intent.Suggestion{s(intent.SetOption, "delete generations older than 30 days every week"), s(intent.SetOption, "collect garbage every week")}},
		{"delete generations older than 12 hours every day", []intent.Suggestion{s(intent.SetOption, "delete generations older than 30 days every week"), s(intent.SetOption, "collect garbage every week")}},
		{"install firefox every week", []intent.Suggestion{s(intent.Install, "install firefox")}},
		// Conditions and exceptions are not names: the names before them
		// are suggested.
		{"install firefox but not chrome", []intent.Suggestion{s(intent.Install, "install firefox")}},
		{"install git without vim", []intent.Suggestion{s(intent.Install, "install git")}},
		{"install firefox and then restart", []intent.Suggestion{s(intent.Install, "install firefox")}},
		{"install firefox only for me", []intent.Suggestion{s(intent.Install, "install firefox")}},
		// A request of its own after "and" is suggested as itself.
		{"enable the firewall and open port 22", []intent.Suggestion{s(intent.EnableService, "enable firewall"), s(intent.SetOption, "open port 22")}},
		{"what changed", []intent.Suggestion{s(intent.ListGenerations, "list generations")}},
		{"install git, then open port 80", []intent.Suggestion{s(intent.Install, "install git"), s(intent.SetOption, "open port 80")}},
		{"install firefox and set timezone to UTC", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.SetOption, "set timezone to UTC")}},
		{"install git then roll back", []intent.Suggestion{s(intent.Install, "install git"), s(intent.Rollback, "roll back")}},
		{"remove vim and go back to generation 3", []intent.Suggestion{s(intent.Remove, "remove vim"), s(intent.SwitchGeneration, "go back to generation 3")}},
		// Kinds of program are searched for, not installed as names.
		{"install a browser", []intent.Suggestion{s(intent.Search, "search browser")}},
		{"install a good text editor", []intent.Suggestion{s(intent.Search, "search text editor")}},
		{"remove the music player", []intent.Suggestion{s(intent.Search, "search music player")}},
		{"install an audio recorder", []intent.Suggestion{s(intent.Search, "search audio recorder")}},
		// Said with "a", a kind even where a word is also a package name
		// (reader, email).
		{"install a pdf reader", []intent.Suggestion{s(intent.Search, "search pdf reader")}},
		{"install an email client", []intent.Suggestion{s(intent.Search, "search email client")}},
		{"install email client", []intent.Suggestion{s(intent.Search, "search email client")}},
		{"install a c compiler", []intent.Suggestion{s(intent.Search, "search c compiler")}},
		{"install pdf reader", []intent.Suggestion{s(intent.Search, "search pdf reader")}},
		{"install an office suite", []intent.Suggestion{s(intent.Search, "search office suite")}},
		{"install a word processor", []intent.Suggestion{s(intent.Search, "search word processor")}},
		// What a service is for is not guessed past: the service alone.
		{"enable tlp for power saving", []intent.Suggestion{s(intent.EnableService, "enable tlp")}},
		{"enable ssh for alice", []intent.Suggestion{s(intent.EnableService, "enable ssh")}},
		{"disable bluetooth since I never use it", []intent.Suggestion{s(intent.DisableService, "disable bluetooth")}},
		{"enable printing so I can print", []intent.Suggestion{s(intent.EnableService, "enable printing")}},
		// Root login with a password, or passwords without saying SSH:
		// not guessed.
		{"allow root login over ssh", []intent.Suggestion{s(intent.SetOption, "allow root login over ssh with keys only"), s(intent.SetOption, "disable root login over ssh")}},
		{"disable password login", []intent.Suggestion{s(intent.SetOption, "disable ssh password login"), s(intent.SetOption, "allow ssh password login")}},
		{"disable ssh and allow passwords", []intent.Suggestion{s(intent.EnableService, "enable ssh"), s(intent.SetOption, "disable ssh password login")}},
		{"disable password and root login over ssh", []intent.Suggestion{s(intent.SetOption, "disable root login over ssh"), s(intent.SetOption, "disable ssh password login")}},
		{"allow root login with password over ssh", []intent.Suggestion{s(intent.SetOption, "disable root login over ssh"), s(intent.SetOption, "disable ssh password login")}},
		// Several words are no name to guess an option from; hyphens stay.
		{"enable frob-daemon", []intent.Suggestion{s(intent.SetOption, "set services.frob-daemon.enable to true"), s(intent.Install, "install frob-daemon")}},
		{"enable dokcer", []intent.Suggestion{s(intent.EnableService, "enable docker"), s(intent.SetOption, "set services.dokcer.enable to true"), s(intent.Install, "install dokcer")}},
		{"enable ssh and docker", []intent.Suggestion{s(intent.EnableService, "enable ssh"), s(intent.EnableService, "enable docker")}},
		// One generation by number: by count or age instead, and the
		// nix-env command for that one in the hint.
		{"delete generation 12", []intent.Suggestion{s(intent.GC, "keep the last 5 generations"), s(intent.GC, "delete generations older than 30 days")}},
		{"keep 0 generations", []intent.Suggestion{s(intent.GC, "clean up old generations, keep 5")}},
		// "keep" alone is no clean-up: never suggested for a name.
		{"keep htop", []intent.Suggestion{s(intent.Help, "help"), s(intent.Install, "install firefox"), s(intent.Search, "search firefox")}},
		// On and off both said: neither is guessed, by any rule ("enable
		// flakes off" read by its verb turned flakes on).
		{"enable firewall off", []intent.Suggestion{s(intent.EnableService, "enable firewall"), s(intent.DisableService, "disable firewall")}},
		{"enable the firewall off", []intent.Suggestion{s(intent.EnableService, "enable firewall"), s(intent.DisableService, "disable firewall")}},
		{"disable ssh on", []intent.Suggestion{s(intent.EnableService, "enable ssh"), s(intent.DisableService, "disable ssh")}},
		{"enable flakes off", []intent.Suggestion{s(intent.SetOption, "enable flakes"), s(intent.SetOption, "disable flakes")}},
		{"enable sleep off", []intent.Suggestion{s(intent.SetOption, "disable sleep")}},
		{"turn the firewall off and ssh on", []intent.Suggestion{s(intent.DisableService, "disable firewall"), s(intent.EnableService, "enable ssh")}},
		// Another package manager, or what a package left behind, is no
		// package to add or remove beside it.
		{"install firefox as flatpak", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.EnableService, "enable flatpak")}},
		// One more keyboard layout: the list is asked for whole, never
		// "german keyboard layout" installed as three packages.
		{"add german keyboard layout", []intent.Suggestion{s(intent.SetOption, "set keyboard to us and german"), s(intent.ShowOption, "what keyboard layout do i have")}},
		{"also add a french layout too", []intent.Suggestion{s(intent.SetOption, "set keyboard to us and french"), s(intent.ShowOption, "what keyboard layout do i have")}},
		{"add the english keyboard layout", []intent.Suggestion{s(intent.SetOption, "set keyboard to de and us"), s(intent.ShowOption, "what keyboard layout do i have")}},
		{"install spotify with flatpak", []intent.Suggestion{s(intent.Install, "install spotify"), s(intent.EnableService, "enable flatpak")}},
		{"remove firefox and its data", []intent.Suggestion{s(intent.Remove, "remove firefox")}},
		// How to do something: the request to say, never done ("how do
		// I roll back" must not roll back).
		{"how do I install steam", []intent.Suggestion{s(intent.Install, "install steam")}},
		// Asked whether, not asked for: the request to say.
		{"can i install steam?", []intent.Suggestion{s(intent.Install, "install steam")}},
		{"should i enable the firewall", []intent.Suggestion{s(intent.EnableService, "enable the firewall")}},
		{"could I open port 80", []intent.Suggestion{s(intent.SetOption, "open port 80")}},
		{"how do i uninstall gimp", []intent.Suggestion{s(intent.Remove, "uninstall gimp")}},
		{"how to enable ssh on nixos", []intent.Suggestion{s(intent.EnableService, "enable ssh")}},
		{"how can I open port 80?", []intent.Suggestion{s(intent.SetOption, "open port 80")}},
		{"how do I roll back", []intent.Suggestion{s(intent.Rollback, "roll back")}},
		{"how do i instal steam", []intent.Suggestion{s(intent.Install, "install steam")}},
		// A part not understood is suggested as it is put right, never
		// with the first part's verb too ("enable disable wifi").
		{"enable bluetooth and disable wifi", []intent.Suggestion{s(intent.EnableService, "enable bluetooth"), s(intent.DisableService, "disable networkmanager")}},
		// "disable wifi" joined under one verb is refused as alone; the
		// hint says why (TestHonestNotUnderstood).
		{"turn off bluetooth and wifi", []intent.Suggestion{s(intent.DisableService, "disable bluetooth")}},
		{"disable wifi and bluetooth", []intent.Suggestion{s(intent.DisableService, "disable bluetooth")}},
		// Updating is system-wide: never offered for one package.
		{"update firefox", []intent.Suggestion{s(intent.Search, "search firefox")}},
		{"update firefox to the latest version", []intent.Suggestion{s(intent.Search, "search firefox")}},
		{"upgrade firefox, htop and git", []intent.Suggestion{s(intent.Search, "search firefox")}},
		// With a reboot after it, the system's update is offered, with
		// the note that it is every package's (TestHonestNotUnderstood).
		{"upgrade firefox then reboot", []intent.Suggestion{s(intent.Update, "update my system"), s(intent.Search, "search firefox"), s(intent.Status, "status")}},
		{"update firefox and reboot", []intent.Suggestion{s(intent.Update, "update my system"), s(intent.Search, "search firefox"), s(intent.Status, "status")}},
		// A port said with no protocol beside one said with UDP may be
		// either: one request each (each port said with its protocol is
		// one edit of both lists, TestChat). A protocol word and a
		// suffix that disagree ("udp port 53/tcp") are never both taken.
		{"open port 80 and udp port 53", []intent.Suggestion{s(intent.SetOption, "open port 80"), s(intent.SetOption, "open udp port 53")}},
		{"open port 53 udp and port 80", []intent.Suggestion{s(intent.SetOption, "open port 80"), s(intent.SetOption, "open udp port 53")}},
		{"open udp port 53 and port 5353", []intent.Suggestion{s(intent.SetOption, "open port 5353"), s(intent.SetOption, "open udp port 53")}},
		{"open udp port 53/tcp", []intent.Suggestion{s(intent.SetOption, "open port 53"), s(intent.SetOption, "open udp port 53")}},
		{"open port 53 and port 80 for udp", []intent.Suggestion{s(intent.SetOption, "open port 53"), s(intent.SetOption, "open udp port 80")}},
		{"open ports 80 or 443", []intent.Suggestion{s(intent.SetOption, "open port 443"), s(intent.SetOption, "open udp port 53")}},
		{"open ports 80 and http", []intent.Suggestion{s(intent.SetOption, "open port 443"), s(intent.SetOption, "open udp port 53")}},
		{"open ports 80 and 99999999999999999999", []intent.Suggestion{s(intent.SetOption, "open port 443"), s(intent.SetOption, "open udp port 53")}},
		{"close ports 80 and \"443\"", []intent.Suggestion{s(intent.SetOption, "close port 443"), s(intent.SetOption, "close udp port 53")}},
		{"open 5 generations", nil},
		{"open 80 and http", nil},
		{"open port gopher", []intent.Suggestion{s(intent.SetOption, "open port 443"), s(intent.SetOption, "open udp port 53")}},
		// "allow ssh": the port or the service? Not guessed.
		{"allow ssh", []intent.Suggestion{s(intent.EnableService, "enable ssh"), s(intent.SetOption, "open the ssh port")}},
		{"close ssh", []intent.Suggestion{s(intent.DisableService, "disable ssh"), s(intent.SetOption, "close the ssh port")}},
		// One port range per request, of one protocol, in order.
		{"open ports 1714-1764 and 2000-2010 tcp and udp", []intent.Suggestion{s(intent.SetOption, "open ports 1714 to 1764"), s(intent.SetOption, "open udp ports 1714 to 1764"), s(intent.SetOption, "open ports 2000 to 2010")}},
		{"open ports 1714-1764 and 2000-2010", []intent.Suggestion{s(intent.SetOption, "open ports 1714 to 1764"), s(intent.SetOption, "open ports 2000 to 2010")}},
		{"open ports 22 and 1714 to 1764", []intent.Suggestion{s(intent.SetOption, "open port 22"), s(intent.SetOption, "open ports 1714 to 1764")}},
		{"close ports 1714-1764 and 53/udp", []intent.Suggestion{s(intent.SetOption, "close ports 1714 to 1764"), s(intent.SetOption, "close udp port 53")}},
		{"open udp ports 60000-61000/tcp", []intent.Suggestion{s(intent.SetOption, "open ports 60000 to 61000"), s(intent.SetOption, "open udp ports 60000 to 61000")}},
		{"open ports 1764 to 1714", []intent.Suggestion{s(intent.SetOption, "open ports 1714 to 1764")}},
		{"close udp ports 61000-60000", []intent.Suggestion{s(intent.SetOption, "close udp ports 60000 to 61000")}},
		{"open port range 80", []intent.Suggestion{s(intent.SetOption, "open port 443"), s(intent.SetOption, "open udp port 53"), s(intent.SetOption, "open ports 1714 to 1764")}},
		{"open ports 1714 - ssh", []intent.Suggestion{s(intent.SetOption, "open port 443"), s(intent.SetOption, "open udp port 53")}},
		{"open ports 1714-99999999999999999999", []intent.Suggestion{s(intent.SetOption, "open port 443"), s(intent.SetOption, "open udp port 53")}},
		{"open ports 1714 to \"1764\"", []intent.Suggestion{s(intent.SetOption, "open port 443"), s(intent.SetOption, "open udp port 53")}},
		{"open ports between 1714", []intent.Suggestion{s(intent.SetOption, "open port 443"), s(intent.SetOption, "open udp port 53")}},
		{"open port", []intent.Suggestion{s(intent.SetOption, "open port 443"), s(intent.SetOption, "open udp port 53")}},
		{"set timezone to", []intent.Suggestion{s(intent.SetOption, "set timezone to Europe/Berlin")}},
		{"set hostname", []intent.Suggestion{s(intent.SetOption, "set hostname to my-laptop")}},
		{"call my computer", []intent.Suggestion{s(intent.SetOption, "set hostname to my-laptop")}},
		// Asked how to search, the example is said, never a search for
		// nothing (refused).
		{"how do i search for a package", []intent.Suggestion{s(intent.Search, "search firefox")}},
		// A look at a generation is never offered a switch to another.
		{"show me generation 41", []intent.Suggestion{s(intent.ListGenerations, "list generations")}},
		// A generation's number with no word that goes anywhere
		// (`ask-nix generations 41`) switches nothing: asked, with the
		// request that would.
		{"generation 41", []intent.Suggestion{s(intent.SwitchGeneration, "go back to generation 41"), s(intent.ListGenerations, "list generations")}},
		{"generations 41", []intent.Suggestion{s(intent.SwitchGeneration, "go back to generation 41"), s(intent.ListGenerations, "list generations")}},
		{"gen #7 please", []intent.Suggestion{s(intent.SwitchGeneration, "go back to generation 7"), s(intent.ListGenerations, "list generations")}},
		{"set services.foo.bar to", []intent.Suggestion{s(intent.SetOption, "set services.foo.bar to true")}},
		{"install", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.Search, "search firefox")}},
		{"install the package", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.Search, "search firefox")}},
		{"search", []intent.Suggestion{s(intent.Search, "search firefox")}},
		{"go to generation 99999999999999999999", []intent.Suggestion{s(intent.SwitchGeneration, "go back to generation 12")}},
		{"frobnicate the system", []intent.Suggestion{s(intent.SystemInfo, "show system info")}},
		{"", []intent.Suggestion{s(intent.Help, "help"), s(intent.Install, "install firefox"), s(intent.Search, "search firefox")}},
		{"please", []intent.Suggestion{s(intent.Help, "help"), s(intent.Install, "install firefox"), s(intent.Search, "search firefox")}},
		{"rm -rf /", []intent.Suggestion{s(intent.Help, "help"), s(intent.Install, "install firefox"), s(intent.Search, "search firefox")}},
		{"sudo nixos-rebuild switch --upgrade --fast", nil}, // flags it does not know are not guessed at
		{"format my disk", nil},
		{"list", []intent.Suggestion{s(intent.ListGenerations, "list generations"), s(intent.ListInstalled, "list installed")}},
		{"previous", []intent.Suggestion{s(intent.Rollback, "roll back")}},
		// For now or for good? "stop" alone is asked about.
		{"stop ssh", []intent.Suggestion{s(intent.DisableService, "disable ssh")}},
		{"please stop the nginx service", []intent.Suggestion{s(intent.DisableService, "disable the nginx service")}},
		// DNS servers one for another: each its own change.
		{"use 8.8.8.8 instead of 1.1.1.1", []intent.Suggestion{s(intent.SetOption, "use 8.8.8.8 as dns server"), s(intent.SetOption, "remove dns server 1.1.1.1")}},
		// Goals ask-nix writes no setting for, with what it can do.
		{"forward port 80 to 8080", []intent.Suggestion{s(intent.SetOption, "open port 8080")}},
		{"configure ssh", []intent.Suggestion{s(intent.EnableService, "enable ssh"), s(intent.SetOption, "disable ssh password login"), s(intent.SetOption, "open port 22")}},
		// Now is systemctl's; for good is ask-nix's.
		{"systemctl stop nginx", []intent.Suggestion{s(intent.DisableService, "disable nginx")}},
		{"pip install requests", []intent.Suggestion{s(intent.Install, "install python3Packages.requests")}},
		// Other tools' own stores: where their things go, never "install firefox".
		{"flatpak install spotify", []intent.Suggestion{s(intent.EnableService, "enable flatpak"), s(intent.Search, "search spotify")}},
		{"flatpak install flathub com.spotify.Client", []intent.Suggestion{s(intent.EnableService, "enable flatpak"), s(intent.Search, "search spotify")}},
		{"npm install -g typescript", []intent.Suggestion{s(intent.Search, "search typescript")}},
		{"yarn global add typescript", []intent.Suggestion{s(intent.Search, "search typescript")}},
		// Trying a program is not installing it.
		{"nix-shell -p htop", []intent.Suggestion{s(intent.Install, "install htop")}},
		{"nix run nixpkgs#cowsay", []intent.Suggestion{s(intent.Install, "install cowsay")}},
		// The last edit or the running system? Asked, not guessed.
		{"revert", []intent.Suggestion{s(intent.Undo, "undo the last change"), s(intent.Rollback, "roll back")}},
		{"please revert that", []intent.Suggestion{s(intent.Undo, "undo the last change"), s(intent.Rollback, "roll back")}},
		{"generations older than 30 days", []intent.Suggestion{s(intent.ListGenerations, "list generations"), s(intent.SwitchGeneration, "go back to generation 12"), s(intent.GC, "clean up old generations, keep 5")}},
		// Starting over is no service named "over" (readings_test).
		{"start over", []intent.Suggestion{s(intent.Rollback, "roll back"), s(intent.Undo, "undo")}},
		{"turn it up", nil},
		// A pronoun after "and" is what was said before it: "enable it"
		// is no request ask-nix carries out.
		{"install steam and enable it", []intent.Suggestion{s(intent.Install, "install steam"), s(intent.EnableService, "enable steam")}},
		{"install qqzz and enable it", []intent.Suggestion{s(intent.Install, "install qqzz")}},
		// Both parts of two requests are suggested: a misspelt verb after
		// "and" starts the second, and the understood part is kept when
		// the other has three suggestions of its own.
		{"install firefox and enabel ssh", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.EnableService, "enable ssh")}},
		{"remove vim and instal htop", []intent.Suggestion{s(intent.Remove, "remove vim"), s(intent.Install, "install htop")}},
		{"configure ssh and install firefox", []intent.Suggestion{s(intent.EnableService, "enable ssh"), s(intent.SetOption, "disable ssh password login"), s(intent.Install, "install firefox")}},
		// A verb after "and", "then" or a comma starts the second
		// request, with no index as with one: these were the packages
		// "configure", "setup", "activate" beside firefox and ssh.
		{"install firefox and configure ssh", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.EnableService, "enable ssh"), s(intent.SetOption, "disable ssh password login")}},
		{"install firefox and setup ssh", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.EnableService, "enable ssh"), s(intent.SetOption, "disable ssh password login")}},
		{"install firefox, configure ssh", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.EnableService, "enable ssh"), s(intent.SetOption, "disable ssh password login")}},
		{"install firefox, then configure the firewall", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.EnableService, "enable firewall")}},
		{"install firefox and config ssh", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.EnableService, "enable ssh")}},
		{"install firefox and activate ssh", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.EnableService, "activate ssh")}},
		{"install firefox, activate ssh", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.EnableService, "activate ssh")}},
		{"remove vim and deactivate docker", []intent.Suggestion{s(intent.Remove, "remove vim"), s(intent.DisableService, "deactivate docker")}},
		{"install firefox and allow ssh", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.EnableService, "enable ssh"), s(intent.SetOption, "open the ssh port")}},
		{"install firefox and open ssh", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.EnableService, "enable ssh"), s(intent.SetOption, "open the ssh port")}},
		{"install firefox and turn ssh", []intent.Suggestion{s(intent.Install, "install firefox")}},
		{"install git vim, setup qqzz", []intent.Suggestion{s(intent.Install, "install git and vim")}},
		// "install ssh" with no index: no package has the name; the
		// server and the client's package are offered.
		{"install ssh", []intent.Suggestion{s(intent.EnableService, "enable ssh"), s(intent.Install, "install openssh")}},
		// Said with the server's words, the server alone (they
		// suggested installing packages named server and access).
		{"install ssh server", []intent.Suggestion{s(intent.EnableService, "enable ssh")}},
		{"i need ssh access", []intent.Suggestion{s(intent.EnableService, "enable ssh")}},
		{"configure ssh server", []intent.Suggestion{s(intent.EnableService, "enable ssh"), s(intent.SetOption, "disable ssh password login"), s(intent.SetOption, "open port 22")}},
		{"install firefox and ssh", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.EnableService, "enable ssh"), s(intent.Install, "install openssh")}},
		{"please install sshd", []intent.Suggestion{s(intent.EnableService, "enable sshd"), s(intent.Install, "install openssh")}},
		// A service or switch no package is named for planned a package
		// of its name with no index: answered as with the index.
		// A printer is added at run time, with printing on (readings_test).
		{"install printer", []intent.Suggestion{s(intent.EnableService, "enable printing"), s(intent.EnableService, "enable avahi")}},
		// Words of how, when or which, never packages beside the names
		// (with the index "bit", "just" and "instead" were real ones:
		// "install wine 64 bit" planned bit and wine64).
		{"install wine 64 bit", []intent.Suggestion{s(intent.Install, "install wine"), s(intent.Search, "search wine")}},
		{"install 64 bit wine", []intent.Suggestion{s(intent.Install, "install wine"), s(intent.Search, "search wine")}},
		{"install firefox 32-bit", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.Search, "search firefox")}},
		{"install 64bit wine", []intent.Suggestion{s(intent.Install, "install wine"), s(intent.Search, "search wine")}},
		{"install just firefox", []intent.Suggestion{s(intent.Install, "install firefox")}},
		{"install git and instead", []intent.Suggestion{s(intent.Install, "install git")}},
		{"install firefox later", []intent.Suggestion{s(intent.Install, "install firefox")}},
		{"install firefox and vim tomorrow", []intent.Suggestion{s(intent.Install, "install firefox and vim")}},
		{"install firefox properly", []intent.Suggestion{s(intent.Install, "install firefox")}},
		{"install firefox here", []intent.Suggestion{s(intent.Install, "install firefox")}},
		{"remove vim once", []intent.Suggestion{s(intent.Remove, "remove vim")}},
		{"install firefox twice", []intent.Suggestion{s(intent.Install, "install firefox")}},
		{"install firefox quietly", []intent.Suggestion{s(intent.Install, "install firefox")}},
		// A Python said with its libraries planned python and numpy
		// with no index: libraries come in a Python's own set.
		{"install python with numpy", []intent.Suggestion{s(intent.Install, "install python3Packages.numpy")}},
		{"install python3 with numpy and pandas", []intent.Suggestion{s(intent.Install, "install python3Packages.numpy python3Packages.pandas")}},
		{"install the python package requests", []intent.Suggestion{s(intent.Install, "install python3Packages.requests")}},
		{"install python library requests", []intent.Suggestion{s(intent.Install, "install python3Packages.requests")}},
		{"install python module numpy", []intent.Suggestion{s(intent.Install, "install python3Packages.numpy")}},
		{"install numpy for python312", []intent.Suggestion{s(intent.Install, "install python312Packages.numpy")}},
		{"install numpy for python 3.12", []intent.Suggestion{s(intent.Install, "install python312Packages.numpy")}},
		// A per-user way to install is how, not a package beside it
		// (with the index, home-manager was one).
		{"install firefox with home manager", []intent.Suggestion{s(intent.Install, "install firefox")}},
		{"install firefox using home-manager", []intent.Suggestion{s(intent.Install, "install firefox")}},
		{"install firefox with nix-env", []intent.Suggestion{s(intent.Install, "install firefox")}},
		// "v20" is a version as "20" is, never a package named v20.
		{"install node v20", []intent.Suggestion{s(intent.Search, "search node")}},
		{"install firefox v120", []intent.Suggestion{s(intent.Search, "search firefox")}},
		{"add a printer", []intent.Suggestion{s(intent.EnableService, "enable printing"), s(intent.EnableService, "enable avahi")}},
		{"install wifi", []intent.Suggestion{s(intent.EnableService, "enable wifi")}},
		{"install sound", []intent.Suggestion{s(intent.EnableService, "enable sound")}},
		{"install xorg", []intent.Suggestion{s(intent.EnableService, "enable xorg")}},
		{"install firefox and bluetooth", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.EnableService, "enable bluetooth")}},
		// "my" is dropped before a name only: what no package is stays
		// not understood, never packages named "last" or "change"; an
		// edit is undone.
		{"remove my last change", []intent.Suggestion{s(intent.Undo, "undo the last change")}},
		{"install my dotfiles", []intent.Suggestion{s(intent.Install, "install firefox")}},
		{"remove my packages", []intent.Suggestion{s(intent.Remove, "remove firefox")}},
		{"install git for my user", []intent.Suggestion{s(intent.Install, "install git")}},
		// "configure <service>": its switch, and how the rest is set.
		{"configure nginx", []intent.Suggestion{s(intent.EnableService, "enable nginx")}},
		{"configure the firewall", []intent.Suggestion{s(intent.EnableService, "enable firewall")}},
		// "for" something that is no service stays not understood.
		// The wifi radio is no setting; NetworkManager runs wired
		// connections too, so it is not what "disable wifi" turns off.
		{"turn off wifi", []intent.Suggestion{s(intent.DisableService, "disable networkmanager")}},
		{"disable wifi", []intent.Suggestion{s(intent.DisableService, "disable networkmanager")}},
		{"turn the wi-fi off", []intent.Suggestion{s(intent.DisableService, "disable networkmanager")}},
		{"disable wireless", []intent.Suggestion{s(intent.DisableService, "disable networkmanager")}},
		{"stop wifi", []intent.Suggestion{s(intent.DisableService, "disable networkmanager")}},
		// A part with a verb of its own is never given the first one's.
		{"enable docker and add me to the docker group", []intent.Suggestion{s(intent.EnableService, "enable docker")}},
		{"enable ssh and configure it", []intent.Suggestion{s(intent.EnableService, "enable ssh"), s(intent.SetOption, "disable ssh password login"), s(intent.SetOption, "open port 22")}},
		{"enable ssh and make it start at boot", []intent.Suggestion{s(intent.EnableService, "enable ssh")}},
		// An edit to take back, never packages "last" and "change".
		{"remove the last change", []intent.Suggestion{s(intent.Undo, "undo the last change")}},
		{"delete my last edit", []intent.Suggestion{s(intent.Undo, "undo the last change")}},
		{"remove the last two changes", []intent.Suggestion{s(intent.Undo, "undo the last 2 changes")}},
		// Undoing one request is its inverse, never the request again.
		{"undo installing firefox", []intent.Suggestion{s(intent.Remove, "remove firefox"), s(intent.Undo, "undo")}},
		{"undo enabling ssh", []intent.Suggestion{s(intent.DisableService, "disable ssh"), s(intent.Undo, "undo")}},
		{"revert opening port 80", []intent.Suggestion{s(intent.SetOption, "close port 80"), s(intent.Undo, "undo")}},
		// A service and its state, no verb: that service's request.
		{"firewall off", []intent.Suggestion{s(intent.DisableService, "disable firewall")}},
		{"docker on please", []intent.Suggestion{s(intent.EnableService, "enable docker")}},
		{"stop using vim", []intent.Suggestion{s(intent.Remove, "remove vim")}},
		{"enable docker and reboot", []intent.Suggestion{s(intent.EnableService, "enable docker"), s(intent.Status, "status")}},
		{"enable docker, then reboot", []intent.Suggestion{s(intent.EnableService, "enable docker"), s(intent.Status, "status")}},
		{"do i enable ssh", []intent.Suggestion{s(intent.EnableService, "enable ssh")}},
		{"did i open port 22", []intent.Suggestion{s(intent.SetOption, "open port 22")}},
		// Root login said without ssh: over SSH, asked.
		{"disable root login", []intent.Suggestion{s(intent.SetOption, "disable root login over ssh"), s(intent.SetOption, "allow root login over ssh with keys only")}},
		{"permit root login", []intent.Suggestion{s(intent.SetOption, "allow root login over ssh with keys only"), s(intent.SetOption, "disable root login over ssh")}},
		{"are ports 80 and 443 open", []intent.Suggestion{s(intent.ShowOption, "is port 80 open"), s(intent.ShowOption, "is port 443 open")}},
		// One word: a name, a service, or said to a person; "htop" is
		// no typo of "stop" here.
		{"htop", []intent.Suggestion{s(intent.Install, "install htop"), s(intent.Search, "search htop")}},
		{"ssh", []intent.Suggestion{s(intent.EnableService, "enable ssh"), s(intent.ShowOption, "is ssh enabled")}},
		{"firefox", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.Search, "search firefox")}},
		{"thanks", []intent.Suggestion{s(intent.Help, "help")}},
		{"ssh on?", []intent.Suggestion{s(intent.ShowOption, "is ssh enabled")}},
		{"bluetooth off?", []intent.Suggestion{s(intent.ShowOption, "is bluetooth enabled")}},
		{"ssh on", []intent.Suggestion{s(intent.EnableService, "enable ssh")}},
		// The verb said last is the service's, not the example's
		// ("docker enable" suggested "enable ssh").
		// A second request after "then" is no package to update.
		{"update then clean up", []intent.Suggestion{s(intent.Update, "update my system"), s(intent.GC, "clean up old generations, keep 5")}},
		{"check disk usage", []intent.Suggestion{s(intent.SystemInfo, "show system info"), s(intent.GC, "clean up old generations, keep 5")}},
		{"docker enable", []intent.Suggestion{s(intent.EnableService, "enable docker")}},
		{"bluetooth enable please", []intent.Suggestion{s(intent.EnableService, "enable bluetooth")}},
		{"firewall disable", []intent.Suggestion{s(intent.DisableService, "disable firewall")}},
		{"docker enabled?", []intent.Suggestion{s(intent.ShowOption, "is docker enabled")}},
		// Said to a person in more words: the same, never a package
		// ("hello ask-nix" suggested installing firefox).
		{"thank you!", []intent.Suggestion{s(intent.Help, "help")}},
		{"thanks a lot", []intent.Suggestion{s(intent.Help, "help")}},
		{"hello ask-nix", []intent.Suggestion{s(intent.Help, "help")}},
		{"never mind", []intent.Suggestion{s(intent.Help, "help")}},
		{"nevermind", []intent.Suggestion{s(intent.Help, "help")}},
		{"hello", []intent.Suggestion{s(intent.Install, "install hello"), s(intent.Search, "search hello")}},
		{"ssh server", []intent.Suggestion{s(intent.EnableService, "enable ssh"), s(intent.ShowOption, "is ssh enabled")}},
		{"docker daemon", []intent.Suggestion{s(intent.EnableService, "enable docker"), s(intent.ShowOption, "is docker enabled")}},
		// What is not to be done is no package named "do".
		{"install firefox and don't enable ssh", []intent.Suggestion{s(intent.Install, "install firefox")}},
		{"install firefox and vim and do not touch ssh", []intent.Suggestion{s(intent.Install, "install firefox and vim")}},
		// Other Nix commands: ask-nix's closest request, never guessed.
		{"nixos-rebuild dry-build", []intent.Suggestion{s(intent.Apply, "preview the changes")}},
		{"nix-env --rollback", []intent.Suggestion{s(intent.Rollback, "roll back")}},
		{"nix-env --list-generations", []intent.Suggestion{s(intent.ListGenerations, "list generations")}},
		{"nix profile list", []intent.Suggestion{s(intent.ListInstalled, "list installed")}},
		{"nix-store --optimise", []intent.Suggestion{s(intent.SetOption, "enable store optimisation")}},
		{"nix flake lock /etc/nixos --update-input nixpkgs", []intent.Suggestion{s(intent.Update, "update my system")}},
		// A flake (or host) named in the command: ask-nix's action,
		// the flake being a setting.
		{"nixos-rebuild switch --flake /etc/nixos#box", []intent.Suggestion{s(intent.Apply, "apply")}},
		{"sudo nixos-rebuild boot --flake=.#box", []intent.Suggestion{s(intent.Apply, "nixos-rebuild boot")}},
		{"nixos-rebuild test --flake .", []intent.Suggestion{s(intent.Apply, "nixos-rebuild test")}},
		{"nh os switch /etc/nixos", []intent.Suggestion{s(intent.Apply, "apply")}},
		{"nh os test . -H box", []intent.Suggestion{s(intent.Apply, "nh os test")}},
		// Swap said otherwise than "enable swap" is answered as it is.
		{"increase swap", []intent.Suggestion{s(intent.EnableService, "enable zram")}},
		{"create a 8gb swap file", []intent.Suggestion{s(intent.EnableService, "enable zram")}},
		// The boot menu's length is the loader's limit, by its path.
		{"limit boot entries to 5", []intent.Suggestion{s(intent.SetOption, "set boot.loader.systemd-boot.configurationLimit to 5"), s(intent.SetOption, "set boot.loader.grub.configurationLimit to 5")}},
		// "it" is the name said: the second request with it.
		{"install neovim and make it my default editor", []intent.Suggestion{s(intent.Install, "install neovim"), s(intent.SetOption, "make neovim my default editor")}},
		{"install neovim, make it my default editor", []intent.Suggestion{s(intent.Install, "install neovim"), s(intent.SetOption, "make neovim my default editor")}},
		{"search options for ssh", []intent.Suggestion{s(intent.ShowOption, "show option services.openssh")}},
		{"what have I installed recently", []intent.Suggestion{s(intent.ListInstalled, "list installed")}},
		{"is google chrome installed", []intent.Suggestion{s(intent.ListInstalled, "is google-chrome installed"), s(intent.ListInstalled, "list installed")}},
		{"no more docker", []intent.Suggestion{s(intent.DisableService, "disable docker")}},
		{"without bluetooth", []intent.Suggestion{s(intent.DisableService, "disable bluetooth")}},
		{"run home assistant", []intent.Suggestion{s(intent.EnableService, "enable home assistant")}},
		// "either" is no package.
		{"install either firefox or chromium", []intent.Suggestion{s(intent.Install, "install firefox"), s(intent.Install, "install chromium")}},
		// A port is closed, never "disabled".
		{"stop port 22", []intent.Suggestion{s(intent.SetOption, "close port 22")}},
		{"stop blocking ssh", []intent.Suggestion{s(intent.EnableService, "enable ssh"), s(intent.SetOption, "open the ssh port")}},
		{"disable ssh and wifi", []intent.Suggestion{s(intent.DisableService, "disable ssh")}},
		// Keyboard variants and options keep to XKB's names.
		{"set keyboard variant to us intl", []intent.Suggestion{s(intent.SetOption, "set keyboard variant to intl"), s(intent.SetOption, "set keyboard layout to us dvorak")}},
		{"set keyboard options to caps escape", []intent.Suggestion{s(intent.SetOption, "set keyboard options to caps:escape"), s(intent.SetOption, "set keyboard options to ctrl:nocaps,compose:ralt")}},
		// No one switch: said, not chosen among the index's options.
		{"enable openvpn", []intent.Suggestion{s(intent.EnableService, "enable programs.openvpn3")}},
		// The same servers to take out and to add.
		{"use google dns instead of google", []intent.Suggestion{s(intent.SetOption, "use 1.1.1.1 as dns server"), s(intent.SetOption, "set dns to 1.1.1.1"), s(intent.SetOption, "remove dns server 8.8.8.8")}},
		// Not to hibernate when the lid closes: then what?
		{"don't hibernate when lid closed", []intent.Suggestion{s(intent.SetOption, "hibernate when the lid is closed"), s(intent.SetOption, "do nothing when the lid is closed"), s(intent.SetOption, "suspend when the lid is closed")}},
		{"lock and hibernate when the lid is closed", []intent.Suggestion{s(intent.SetOption, "hibernate when the lid is closed"), s(intent.SetOption, "do nothing when the lid is closed"), s(intent.SetOption, "suspend when the lid is closed")}},
		// What is not the lid switch ("on external power" has an
		// option of its own) is not read as it.
		{"ignore the lid on external power", nil},
		// What the port is for, when ask-nix does not know it: which
		// protocol is asked, not guessed.
		{"open port 22 for frobnicator", []intent.Suggestion{s(intent.SetOption, "open port 22"), s(intent.SetOption, "open udp port 22")}},
		// "my app" says nothing of its protocol (a game server may be UDP).
		{"open port 8080 for my app", []intent.Suggestion{s(intent.SetOption, "open port 8080"), s(intent.SetOption, "open udp port 8080")}},
		{"open port 51820 for foo", []intent.Suggestion{s(intent.SetOption, "open port 51820"), s(intent.SetOption, "open udp port 51820")}},
		{"close ports 80 and 81 for the foo server", []intent.Suggestion{s(intent.SetOption, "close ports 80 and 81"), s(intent.SetOption, "close udp ports 80 and 81")}},
		// Words that limit who may connect: a port opens to everyone.
		{"open port 80 for the lan", []intent.Suggestion{s(intent.ShowOption, "is port 80 open")}},
		{"open port 22 for eth0", []intent.Suggestion{s(intent.ShowOption, "is port 22 open")}},
		{"open port 8080 for alice only", []intent.Suggestion{s(intent.SetOption, "open port 443"), s(intent.SetOption, "open udp port 53")}},
		// Glue words are no package names: the names before them are.
		{"install git for my user", []intent.Suggestion{s(intent.Install, "install git")}},
		{"install git to", []intent.Suggestion{s(intent.Install, "install git")}},
		{"install python in a virtualenv", []intent.Suggestion{s(intent.Install, "install python")}},
		{"remove vim from this box", []intent.Suggestion{s(intent.Remove, "remove vim")}},
		{"unfree packages", []intent.Suggestion{s(intent.SetOption, "allow unfree packages"), s(intent.SetOption, "disallow unfree packages")}},
		// An editor NixOS has no default-editor switch for: a hint.
		{"make vscode my default editor", []intent.Suggestion{s(intent.SetOption, "make vim my default editor"), s(intent.SetOption, "make helix my default editor")}},
		// One edit from the middle of the history, or no count at all.
		{"undo edit 5", []intent.Suggestion{s(intent.Undo, "undo the last 2 changes")}},
		{"undo #5", []intent.Suggestion{s(intent.Undo, "undo the last 2 changes")}},
		{"undo the last 0 changes", []intent.Suggestion{s(intent.Undo, "undo"), s(intent.Undo, "undo the last 2 changes")}},
		{"undo all my changes", []intent.Suggestion{s(intent.Undo, "undo the last 2 changes")}},
		{"enable automatic login", []intent.Suggestion{s(intent.SetOption, "enable auto login for alice")}},
		{"undo everything", []intent.Suggestion{s(intent.Undo, "undo the last 2 changes")}},
		// A question is not a request to change anything, nor answered
		// with one to make.
		{"is port 8o open", []intent.Suggestion{s(intent.ShowOption, "is port 443 open")}},
		{"why can't i install unfree packages", nil},
	}
	for _, c := range cases {
		in, err := parse.Parse(c.text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %#v, %v; want not understood", c.text, in, err)
			continue
		}
		if nu.Request != c.text {
			t.Errorf("Parse(%q): Request = %q", c.text, nu.Request)
		}
		if len(nu.Suggestions) == 0 || len(nu.Suggestions) > 3 {
			t.Errorf("Parse(%q): %d suggestions, want 1 to 3", c.text, len(nu.Suggestions))
		}
		if c.want != nil && !reflect.DeepEqual(nu.Suggestions, c.want) {
			t.Errorf("Parse(%q) suggestions\n got %v\nwant %v", c.text, nu.Suggestions, c.want)
		}
	}
}

// TestNegations: a request not to do something is not understood, says
// nothing was changed, and is never suggested as its opposite.
func TestNegations(t *testing.T) {
	for _, text := range []string{
		"don't install firefox", "do not enable ssh", "dont remove vim", "never open port 22",
		"do not set timezone to UTC", "don't turn off the firewall", "please don't update", "not install firefox",
	} {
		in, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %#v, %v; want not understood", text, in, err)
			continue
		}
		if len(nu.Suggestions) > 0 || !strings.Contains(nu.Hint, "nothing was changed") {
			t.Errorf("Parse(%q): suggestions %v, hint %q; want none, and that nothing was changed", text, nu.Suggestions, nu.Hint)
		}
	}
}

// TestUnknownSetting: a setting ask-nix does not know by name is not
// answered with another setting's example; the hint keeps the value said.
func TestUnknownSetting(t *testing.T) {
	for text, want := range map[string]string{
		"set the build cores to 8":      `"set <option> to 8"`,
		"change the frob level to high": `"set <option> to high"`,
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q): %v; want not understood", text, err)
			continue
		}
		if len(nu.Suggestions) > 0 || !strings.Contains(nu.Hint, want) || !strings.Contains(nu.Hint, "nothing was changed") {
			t.Errorf("Parse(%q): suggestions %v, hint %q; want none, and %s", text, nu.Suggestions, nu.Hint, want)
		}
	}
}

// TestSuggestionsWork: every example a suggestion offers is itself
// understood, as the intent it is offered for.
func TestSuggestionsWork(t *testing.T) {
	texts := []string{"", "install", "remove", "search", "instal firefox", "enable dokcer",
		"delete generation 12", "open port", "set timezone to", "list", "frobnicate",
		"open tcp ports 80 443 and udp ports 53 5353", "close port 80 and udp port 53", "unfree packages",
		"downgrade firefox", "what's using my disk", "disable sudo password", "remove old kernels",
		"turn on experimental features", "how do I install steam", "install oh my zsh", "i want to print", "enable redis", "switch to wayland", "mount my usb drive", "how do I roll back", "undo 0",
		"go back 0 generations", "enable bluetooth and disable wifi", "enable sleep off", "enable auto login for alice off",
		"turn the firewall off and ssh on", "install firefox as flatpak", "add german keyboard layout", "add the english keyboard layout",
		// Joined requests: a part answered with what does it is never
		// suggested as itself.
		"enable hibernation and ssh", "enable ssh and hibernation", "enable home manager and docker", "enable proton and ssh",
		"enable amdgpu", "enable proton", "use systemd-boot", "enable proton vpn", "enable opencl", "enable gaming", "enable webcam",
		"enable virtual camera", "enable bluetooth audio", "enable docker compose", "enable night light",
		"enable swap", "enable vpn", "enable screen sharing", "enable hotspot", "enable file sharing",
		"install vim and enable hibernation", "install vim and enable home manager", "install steam and enable it", "install git and vim and enable them", "install firefox and enabel ssh", "install firefox and enabel sshh", "configure ssh and install firefox", "install qqzz and enable it",
		"install firefox and configure ssh", "install firefox and setup ssh", "install firefox, then configure the firewall", "install firefox and config ssh", "install firefox and allow ssh",
		"install firefox and open ssh", "install firefox and turn ssh", "configure nginx", "config ssh", "install firefox and set ssh", "install ssh", "install git ssh", "install sshd", "remove vim and use systemd-boot",
		"enable git server", "enable ftp", "enable web server", "enable database", "enable remote access", "enable backup", "install proton", "set max-jobs to 0", "set max-jobs to eight",
		"give alice sudo access and install vim", "install vim and give alice sudo access", "make alice an admin and enable ssh", "install htop and use systemd-boot",
		"run appimage", "how do i run an appimage", "install firefox as an appimage", "give me ssh", "set up ssh", "use pipewire", "switch to podman", "allow remote login", "host a website",
		"what does rollback do", "what is garbage collection", "what does undo do", "what does apply do", "what is an update", "what does switch to generation 3 do"}
	for _, k := range intent.Kinds {
		texts = append(texts, string(k)+" zzz qqq")
	}
	for _, text := range texts {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			continue
		}
		for _, s := range nu.Suggestions {
			in, err := parse.Parse(s.Example)
			if err != nil {
				t.Errorf("suggestion %q (for %q) is not understood: %v", s.Example, text, err)
				continue
			}
			if in.Kind != s.Kind {
				t.Errorf("suggestion %q (for %q) is offered as %s but means %s", s.Example, text, s.Kind, in.Kind)
			}
		}
	}
}

// TestServiceTableOptionsExist: every service word leads to an option
// NixOS really has, a boolean <prefix>.enable.
func TestSwitchTableOptionsExist(t *testing.T) {
	opts := realOptions(t)
	for word, option := range parse.Switches() {
		if typ, ok := opts.Option(option); !ok || typ != "boolean" {
			t.Errorf("switch %q: %s is %q (exists: %v), want a boolean option", word, option, typ, ok)
		}
		for text, on := range map[string]bool{"enable " + word: true, "turn off " + word: false} {
			in, err := parse.Parse(text)
			if err != nil || in.Kind != intent.SetOption || in.Option != option || in.Value != on {
				t.Errorf("Parse(%q) = %+v, %v; want %s set to %v", text, in, err, option, on)
			}
		}
	}
}

func TestServiceTableOptionsExist(t *testing.T) {
	opts := realOptions(t)
	services := parse.Services()
	if len(services) < 30 {
		t.Fatalf("only %d service words", len(services))
	}
	for word, prefix := range services {
		option := prefix + ".enable"
		typ, ok := opts.Option(option)
		if !ok {
			t.Errorf("service %q: NixOS has no option %s", word, option)
			continue
		}
		if typ != "boolean" {
			t.Errorf("service %q: %s is %q, not boolean", word, option, typ)
		}
		texts := []string{"enable " + word, "disable the " + word + " service"}
		if word == "wifi" || word == "wi-fi" || word == "wireless" || word == "wlan" {
			texts = texts[:1] // the radio: see TestNotUnderstood
		}
		if word == "touchpad" || word == "trackpad" {
			texts = texts[:1] // off is the touchpad's own switch: see TestTouchpadOff
		}
		for _, text := range texts {
			in, err := parse.Parse(text)
			if err != nil {
				t.Errorf("Parse(%q): %v", text, err)
				continue
			}
			if in.Option != option || in.Service != word {
				t.Errorf("Parse(%q) = %+v; want option %s, service %q", text, in, option, word)
			}
			if err := guard.CheckIntent(in, opts); err != nil {
				t.Errorf("Parse(%q): guard: %v", text, err)
			}
		}
	}
}

// TestEveryNixpkgsNameInstalls: each of the 124,693 real attribute
// paths, asked for in quotes, is installed under exactly that name
// (written the way the fragment writes it) and passes the guard; asked
// for bare, it is that name too, except for the few that are also
// English words the reader skips, which must then be not understood
// rather than something else.
func TestEveryNixpkgsNameInstalls(t *testing.T) {
	names := readAttrs(t)
	var skipped, kernels []string
	for _, name := range names {
		want := fragment.Path(strings.Split(name, ".")).String()
		in, err := parse.Parse(`install "` + name + `"`)
		if err != nil || !reflect.DeepEqual(in, inst(want)) {
			t.Errorf("Parse(install %q) = %+v, %v; want install %s", name, in, err, want)
			continue
		}
		if err := guard.CheckIntent(in, nil); err != nil {
			t.Errorf("install %q: %v", name, err)
		}
		if _, err := fragment.ParsePath(want); err != nil {
			t.Errorf("install %q: the planner cannot read %s: %v", name, want, err)
		}
		bare := name
		if isCapitalised(name) && !slices.Contains(parse.CapitalisedAttrs(), name) {
			bare = strings.ToLower(name)
			want = fragment.Path(strings.Split(bare, ".")).String()
		}
		in, err = parse.Parse("install " + name)
		var nu *intent.NotUnderstood
		switch {
		case errors.As(err, &nu) && strings.Contains(nu.Hint, "boot.kernelPackages"):
			// A kernel: the one that runs is boot.kernelPackages, said
			// so rather than written where it changes nothing.
			if !strings.HasPrefix(name, "linux") {
				t.Errorf("Parse(install %s) is answered as a kernel: %v", name, err)
			}
			kernels = append(kernels, name)
		case errors.As(err, &nu):
			skipped = append(skipped, name)
		case err != nil || !reflect.DeepEqual(in, inst(want)):
			t.Errorf("Parse(install %s) = %+v, %v; want install %s", name, in, err, want)
		}
	}
	t.Logf("%d names; bare, %d are words the reader skips: %v; %d are kernels: %v", len(names), len(skipped), skipped, len(kernels), kernels)
	if len(skipped) > 10 {
		t.Errorf("%d nixpkgs names cannot be installed without quotes: %v", len(skipped), skipped)
	}
}

func isCapitalised(s string) bool {
	return s != "" && s[0] >= 'A' && s[0] <= 'Z' && strings.ToLower(s[1:]) == s[1:]
}

// TestGlueWordsAreNoPackages: the words read as sentence glue or as
// "every package" inside a package list must not be nixpkgs names, or a
// real package could never be asked for by name. "via" is one (the VIA
// keyboard configurator), read as the name when it stands alone.
func TestGlueWordsAreNoPackages(t *testing.T) {
	attrs := map[string]bool{}
	for _, a := range readAttrs(t) {
		attrs[a] = true
	}
	for name, set := range parse.GlueWords() {
		for w := range set {
			if attrs[w] && !(name == "notPackages" && w == "via") {
				t.Errorf("%s holds %q, a nixpkgs attribute", name, w)
			}
		}
	}
}

// TestFeatureWordsAreNoPackages: "install printer" is answered with
// "enable printer" only for words ask-nix's service table knows and no
// nixpkgs package has.
func TestFeatureWordsAreNoPackages(t *testing.T) {
	attrs := map[string]bool{}
	for _, a := range readAttrs(t) {
		attrs[a] = true
	}
	for _, w := range parse.FeatureWords() {
		if attrs[w] {
			t.Errorf("feature word %q is a nixpkgs attribute", w)
		}
		if o, ok := parse.ServiceOption(w); !ok || !strings.HasSuffix(o, ".enable") {
			t.Errorf("feature word %q is not in the service table (%q, %v)", w, o, ok)
		}
	}
}

func readAttrs(tb testing.TB) []string {
	tb.Helper()
	// A copy: catalogtest keeps one list for every test.
	names := slices.Clone(catalogtest.Attrs(tb))
	if len(names) != 124693 {
		tb.Fatalf("read %d names, want 124693", len(names))
	}
	return names
}

// FuzzParse: no input panics; the result is either not understood, with
// 1 to 3 working suggestions, or an intent the guard judges the same way
// every time, and whose writes (when allowed) land in a fragment that
// reads back the same.
func FuzzParse(f *testing.F) {
	for _, c := range phrasings {
		f.Add(c.text)
	}
	for _, s := range []string{"", "install \"", "set a.b to \"", "open port 99999999999999999999999",
		"open ports 80 and 443 and 99999999999999999999999", "open tcp and udp ports 1 2 3 4 5 6 7 8 9 10 11 12",
		"close ports 80/udp 80/tcp 0 -1 #2", "open udp for and tcp port",
		"open ports 1-2-3", "open ports -1-5", "open port range 5-", "open ports 1714 to to 1764", "open ports between and",
		"open ports 1714 to port", "open ports 80 to 90 to 100", "open 1714-1764/tcp", "close ports 10–20/udp and 30",
		"keep -1", "install a..b", "enable .", "set .x to 1", "install 'quoted name'", "“curly” install",
		"install git\x00vim", "set x.y=", "=", "install \"a\".\"b\"", "reset ..", "install ._",
		"get or", "install to", "add user", "remove from the group",
		"install firefox and enable ssh", "install \"a b\" and then open port 80 and set timezone to UTC",
		"please turn on bluetooth and sound", "enable ssh and docker and bluetooth", "install htop and rebuild",
		"enable ssh and „docker“", "open port 80 and „22“", "enable ssh and «docker»", "enable ssh and `docker`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		in, err := parse.Parse(text)
		in2, err2 := parse.Parse(text)
		if !reflect.DeepEqual(in, in2) || (err == nil) != (err2 == nil) {
			t.Fatalf("Parse(%q) is not deterministic", text)
		}
		if err != nil {
			var nu *intent.NotUnderstood
			if !errors.As(err, &nu) {
				t.Fatalf("Parse(%q): error %T %v, want *intent.NotUnderstood", text, err, err)
			}
			// Something to go on: phrasings that work, or (for what
			// ask-nix does not do) where to go instead.
			if (len(nu.Suggestions) < 1 && nu.Hint == "") || len(nu.Suggestions) > 3 {
				t.Fatalf("Parse(%q): %d suggestions, hint %q", text, len(nu.Suggestions), nu.Hint)
			}
			for _, s := range nu.Suggestions {
				if !slices.Contains(intent.Kinds, s.Kind) || s.Example == "" {
					t.Fatalf("Parse(%q): bad suggestion %+v", text, s)
				}
			}
			// Several requests in one: two to four parts, each an edit on
			// its own, each ending in the text's own words, in order (a
			// part may start with a verb carried over).
			if parts, ok := parse.SplitRequests(text); ok {
				if len(parts) < 2 || len(parts) > 4 {
					t.Fatalf("SplitRequests(%q) = %q", text, parts)
				}
				at := 0
				for i, p := range parts {
					in, err := parse.Parse(p)
					lastApply := i == len(parts)-1 && in.Kind == intent.Apply
					if err != nil || !(in.Kind.Writes() || lastApply) {
						t.Fatalf("SplitRequests(%q): part %q is %+v, %v", text, p, in, err)
					}
					// Up to three of the last word's characters: a verb
					// carried over to a short part ("open 0, 0") is not
					// the text's at that place.
					tail := p[max(strings.LastIndexByte(p, ' ')+1, len(p)-3):]
					i := strings.Index(text[at:], tail)
					if i < 0 {
						t.Fatalf("SplitRequests(%q) = %q: %q is not the text's", text, parts, p)
					}
					at += i + len(tail)
				}
			}
			return
		}
		if !slices.Contains(intent.Kinds, in.Kind) {
			t.Fatalf("Parse(%q): unknown kind %q", text, in.Kind)
		}
		if !slices.IsSorted(in.Packages) || len(slices.Compact(slices.Clone(in.Packages))) != len(in.Packages) {
			t.Fatalf("Parse(%q): packages not sorted and unique: %q", text, in.Packages)
		}
		r1 := guard.CheckIntent(in, nil)
		r2 := guard.CheckIntent(in, nil)
		if !reflect.DeepEqual(r1, r2) {
			t.Fatalf("CheckIntent(%+v) is not deterministic: %v / %v", in, r1, r2)
		}
		if r1 != nil {
			var rej *guard.Rejection
			if !errors.As(r1, &rej) || !slices.Contains(guard.Codes, rej.Code) || rej.Reason == "" {
				t.Fatalf("CheckIntent(%+v) = %v: want a Rejection with a known code", in, r1)
			}
			return
		}
		applies(t, in)
	})
}

// applies puts an intent the guard allowed into a fragment and reads it
// back.
func applies(t *testing.T, in intent.Intent) {
	t.Helper()
	f := fragment.New()
	switch in.Kind {
	case intent.Install, intent.Remove:
		var refs []fragment.Path
		for _, p := range in.Packages {
			ref, err := fragment.ParsePath(p)
			if err != nil {
				t.Fatalf("guard allowed package %q the fragment cannot read: %v", p, err)
			}
			refs = append(refs, ref)
		}
		if _, err := f.AddPackages(refs...); err != nil {
			t.Fatalf("AddPackages(%q): %v", in.Packages, err)
		}
	case intent.EnableService, intent.DisableService, intent.SetOption:
		p, err := fragment.ParsePath(in.Option)
		if err != nil {
			t.Fatalf("guard allowed option %q the fragment cannot read: %v", in.Option, err)
		}
		scalar := func(x any) fragment.Value {
			switch x := x.(type) {
			case bool:
				return fragment.Bool(x)
			case int64:
				return fragment.Int(x)
			case string:
				return fragment.String(x)
			}
			t.Fatalf("value %T %v", x, x)
			return fragment.Value{}
		}
		switch x := in.Value.(type) {
		case nil:
			if in.Change == intent.ChangeUnset {
				f.Unset(p)
			} else if _, _, err := f.Set(p, fragment.Bool(in.Kind == intent.EnableService)); err != nil {
				t.Fatalf("Set(%s): %v", p, err)
			}
		case map[string]any:
			if in.Change == intent.ChangeMerge {
				// Options under in.Option, one attribute each, scalars.
				for _, name := range slices.Sorted(maps.Keys(x)) {
					if _, _, err := f.Set(append(slices.Clip(p), name), scalar(x[name])); err != nil {
						t.Fatalf("Set(%s.%s): %v", p, name, err)
					}
				}
				break
			}
			// A port range: exactly from and to, from below to (the
			// guard has checked the ends), only ever added or removed,
			// and only to the range options.
			from, fok := x["from"].(int64)
			to, tok := x["to"].(int64)
			if len(x) != 2 || !fok || !tok || from >= to {
				t.Fatalf("range value %v: want {from, to} with from below to", x)
			}
			if in.Change != intent.ChangeAdd && in.Change != intent.ChangeRemove || !strings.HasSuffix(in.Option, "PortRanges") {
				t.Fatalf("range value %v on %s with change %q", x, in.Option, in.Change)
			}
			r, err := fragment.Attrs(fragment.Binding{Path: fragment.Path{"from"}, Value: fragment.Int(from)},
				fragment.Binding{Path: fragment.Path{"to"}, Value: fragment.Int(to)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.AddToList(p, r); err != nil {
				t.Fatalf("AddToList(%s, %v): %v", p, x, err)
			}
		case []any:
			// Several items: only ever added or removed, at least two,
			// sorted and once each; DNS servers in the order said (the
			// first is asked first), once each.
			ordered := in.Option == "networking.nameservers"
			if in.Change != intent.ChangeAdd && in.Change != intent.ChangeRemove {
				t.Fatalf("list value %v with change %q", x, in.Change)
			}
			if len(x) < 2 {
				t.Fatalf("list value of %d items: one item is a scalar", len(x))
			}
			items := make([]fragment.Value, len(x))
			for i, e := range x {
				items[i] = scalar(e)
				if i > 0 {
					a, aok := x[i-1].(int64)
					b, bok := e.(int64)
					as, asok := x[i-1].(string)
					bs, bsok := e.(string)
					if ordered {
						if slices.Contains(x[:i], e) {
							t.Fatalf("list value %v holds %v twice", x, e)
						}
					} else if !(aok && bok && a < b) && !(asok && bsok && as < bs) {
						t.Fatalf("list value %v is not sorted ascending once each", x)
					}
				}
			}
			if _, err := f.AddToList(p, items...); err != nil {
				t.Fatalf("AddToList(%s, %v): %v", p, x, err)
			}
		default:
			v := scalar(x)
			if _, _, err := f.Set(p, v); err != nil {
				t.Fatalf("Set(%s, %v): %v", p, v, err)
			}
		}
	default:
		return
	}
	src := f.Render()
	g, err := fragment.Parse("fuzz.nix", src)
	if err != nil {
		t.Fatalf("rendered fragment does not parse: %v\n%s", err, src)
	}
	if !f.Equal(g) {
		t.Fatalf("fragment changed on the way back:\n%s", src)
	}
}

// BenchmarkParseAndGuard runs the whole hot path of a request (raw
// checks, parse, intent checks against the real NixOS options) over the
// phrasing table. ns/request is the figure the 20 µs target is about.
func BenchmarkParseAndGuard(b *testing.B) {
	opts := realOptions(b)
	texts := make([]string, len(phrasings))
	for i, c := range phrasings {
		texts[i] = c.text
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, text := range texts {
			if guard.CheckRequest(text) != nil {
				continue
			}
			in, err := parse.Parse(text)
			if err != nil {
				continue
			}
			_ = guard.CheckIntent(in, opts)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(texts)), "ns/request")
}

// BenchmarkParseLongRequest: the longest request the guard lets through,
// in words the reader does not know, costs the most to turn down.
func BenchmarkParseLongRequest(b *testing.B) {
	text := strings.TrimSpace(strings.Repeat("instal frobnicate ", 55))
	if err := guard.CheckRequest(text); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := parse.Parse(text); err == nil {
			b.Fatal("understood")
		}
	}
}

// TestRestartIsSystemctls: restarting or reloading a running service
// changes no configuration: not understood, with the systemctl command
// and the service's own unit where ask-nix knows it (ssh runs as sshd),
// and no request offered in its place (status, or "enable", which asks
// for something else).
func TestRestartIsSystemctls(t *testing.T) {
	for text, hint := range map[string]string{
		"restart bluetooth":               "`sudo systemctl restart bluetooth.service` does it now",
		"restart the ssh service":         "`sudo systemctl restart sshd.service` does it now",
		"please restart sshd":             "`sudo systemctl restart sshd.service` does it now",
		"restart docker":                  "`sudo systemctl restart docker.service` does it now",
		"reload nginx":                    "`sudo systemctl reload nginx.service` does it now",
		"restart tailscale":               "`sudo systemctl restart tailscaled.service` does it now",
		"restart networkmanager":          "`sudo systemctl restart NetworkManager.service` does it now",
		"restart the printing service":    "`sudo systemctl restart cups.service` does it now",
		"restart samba":                   "`sudo systemctl restart samba-smbd.service` does it now",
		"restart pipewire":                "`systemctl --user restart pipewire.service` does it now",
		"restart the display manager":     "`sudo systemctl restart display-manager.service` does it now",
		"restart the network":             "`network-setup.service` with NixOS's own scripts",
		"restart frobd":                   "`sudo systemctl restart <unit>` does it now (the unit is often named for the service, frobd.service",
		"reload the firewall":             "`systemctl reload-or-restart` restarts one that cannot",
		"systemctl restart sshd.service":  "run `sudo systemctl restart sshd.service` yourself",
		"sudo systemctl reload nginx":     "run `sudo systemctl reload nginx` yourself",
		"restart the jellyfin daemon now": "`sudo systemctl restart jellyfin.service` does it now",
		"restart the service":             "`sudo systemctl restart <unit>` does it now (`systemctl list-units --type=service` lists the units)",
		"restart the nix daemon":          "`sudo systemctl restart nix-daemon.service` does it now",
		"restart nix-humanityd":           "`sudo systemctl restart nix-humanityd.service` does it now",
		"restart plasma":                  "`sudo systemctl restart display-manager.service` does it now",
		"restart it":                      "`sudo systemctl restart <unit>` does it now (`systemctl list-units --type=service` lists the units)",
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || !strings.Contains(nu.Hint, hint) || !strings.Contains(nu.Hint, "changes no configuration") || len(nu.Suggestions) > 0 {
			t.Errorf("Parse(%q) = %v; want not understood, naming %s, with no suggestion", text, err, hint)
		}
	}
}

// TestReloadIsNoService: "reload the configuration" is a pass ("apply"),
// "reload systemd" systemctl's daemon-reload: never a unit named
// configuration.service.
func TestReloadIsNoService(t *testing.T) {
	for text, c := range map[string]struct {
		hint string
		sugs []intent.Suggestion
	}{
		"reload the configuration": {"\"apply\" runs that pass now", []intent.Suggestion{{Kind: intent.Apply, Example: "apply"}}},
		"reload my config":         {"as `nixos-rebuild switch` does", []intent.Suggestion{{Kind: intent.Apply, Example: "apply"}}},
		"reload nixos":             {"\"apply\" runs that pass now", []intent.Suggestion{{Kind: intent.Apply, Example: "apply"}}},
		"restart nixos":            {"`systemctl reboot`", []intent.Suggestion{{Kind: intent.Status, Example: "status"}}},
		"reload systemd":           {"`sudo systemctl daemon-reload`", nil},
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || !strings.Contains(nu.Hint, c.hint) || !reflect.DeepEqual(nu.Suggestions, c.sugs) || strings.Contains(nu.Hint, ".service") {
			t.Errorf("Parse(%q) = %#v; want not understood, saying %s, suggesting %v", text, err, c.hint, c.sugs)
		}
	}
}

// TestOutOfScope: requests ask-nix recognises but does not carry out are
// not understood, with where to go instead, and never read as packages.
func TestOutOfScope(t *testing.T) {
	for _, text := range []string{
		"add user alice", "create a new user bob", "delete the user account carol",
		"add alice to the wheel group", "remove bob from the docker group", "please add a user",
	} {
		in, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %#v, %v; want not understood", text, in, err)
			continue
		}
		if !strings.Contains(nu.Error(), "ask-nix does not manage user") || !strings.Contains(nu.Error(), "users.users.<name>") {
			t.Errorf("Parse(%q): %v", text, nu)
		}
	}
}

// TestAddConcepts: "add" followed by words about a NixOS setting (users,
// groups, substituters, aliases, swap, keys, jobs) is not understood,
// with where the setting is, and never read as packages, even where the
// words are nixpkgs names ("file", "key", "sudo", "cron"). One name, or
// names alone, stay an install.
func TestAddConcepts(t *testing.T) {
	attrs := map[string]bool{}
	for _, a := range readAttrs(t) {
		attrs[a] = true
	}
	for _, c := range []struct{ text, hint, suggest string }{
		{"add trusted user alice", "nix.settings.trusted-users", ""},
		{"add hello substituter", "nix.settings.substituters", ""},
		{"add cache.example.org as a binary cache", "nix.settings.substituters", ""},
		{"add alice as an admin", "users.users.<name>", ""},
		{"add user alice to the docker group", "users.users.alice.extraGroups", ""},
		{"add a swap file", "swapDevices", ""},
		{"add kernel parameter quiet", "boot.kernelParams", ""},
		{"add the kernel param nomodeset", "boot.kernelParams", ""},
		{"add boot.kernelParams mitigations=off", "boot.kernelParams", ""},
		{"add vim alias", "environment.shellAliases", ""},
		{"add an ssh key", "openssh.authorizedKeys.keys", ""},
		{"add sudo key", "openssh.authorizedKeys.keys", ""},
		{"add a cron job", "services.cron.systemCronJobs", ""},
		{"add a file sudo user", "users.users.<name>", ""},
		{"put an environment variable", "environment.variables", ""},
		{"add port 8080", "open port", "open port 8080"},
		{"add udp port 53 to the firewall", "open port", "open udp port 53 to the firewall"},
	} {
		in, err := parse.Parse(c.text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %#v, %v; want not understood", c.text, in, err)
			continue
		}
		if !strings.Contains(nu.Hint, c.hint) || !strings.Contains(nu.Hint, "nothing was changed") {
			t.Errorf("Parse(%q): hint %q, want it to name %q and say nothing was changed", c.text, nu.Hint, c.hint)
		}
		var got string
		if len(nu.Suggestions) > 0 {
			got = nu.Suggestions[0].Example
		}
		if got != c.suggest {
			t.Errorf("Parse(%q): suggestion %q, want %q", c.text, got, c.suggest)
		}
	}
	// Real names, one or several, stay installs, the words above too
	// when they are a package alone.
	for _, c := range []struct {
		text string
		want []string
	}{
		{"add git and vim", []string{"git", "vim"}},
		{"add firefox", []string{"firefox"}},
		{"add sudo", []string{"sudo"}},
		{"add cron", []string{"cron"}},
		{"add file", []string{"file"}},
		{"put git on my system", []string{"git"}},
		{"install file and sudo", []string{"file", "sudo"}},
	} {
		in, err := parse.Parse(c.text)
		if err != nil || in.Kind != intent.Install || !reflect.DeepEqual(in.Packages, c.want) {
			t.Errorf("Parse(%q) = %#v, %v; want install %v", c.text, in, err, c.want)
		}
		for _, p := range c.want {
			if !attrs[p] {
				t.Errorf("%q: %s is no nixpkgs name", c.text, p)
			}
		}
	}
}

// TestOutOfScopeSettings: a login shell and NVIDIA's driver need more
// than plain values: not understood, with where to set them, and never
// read as packages named "shell" or "drivers".
func TestOutOfScopeSettings(t *testing.T) {
	for text, want := range map[string]string{
		"set my default shell to zsh":          "users.defaultUserShell = pkgs.zsh;",
		"change my shell to fish":              "users.defaultUserShell = pkgs.fish;",
		"set my login shell to fish":           "users.defaultUserShell = pkgs.fish;",
		"make zsh my default shell":            "users.defaultUserShell = pkgs.zsh;",
		"install nvidia drivers":               "NVIDIA's driver is three settings",
		"change the ssh port to 2200":          "services.openssh.ports = [ 2200 ];",
		"run ssh on port 443":                  "services.openssh.ports = [ 443 ];",
		"enable ssh on port 2222":              "services.openssh.ports = [ 2222 ];",
		"upgrade firefox":                      "updating is system-wide (\"update my system\" updates nixpkgs and every package with it, not only firefox; say it if you mean that)",
		"install the latest kernel":            "boot.kernelPackages = pkgs.linuxPackages_latest;",
		"add the unstable channel":             "does not add or switch channels or flake inputs",
		"enable the nvidia driver":             "NVIDIA's driver is three settings",
		"enable nvidia":                        "NVIDIA's driver is three settings",
		"upgrade to nixos-unstable":            "does not add or switch channels or flake inputs",
		"switch to unstable":                   "does not add or switch channels or flake inputs",
		"try out cowsay":                       "run `nix-shell -p <name>`",
		"install firefox temporarily":          "run `nix-shell -p <name>`",
		"run cowsay without installing it":     "run `nix-shell -p <name>`",
		"delete generation 12":                 "--delete-generations 12",
		"enable zfs":                           "networking.hostId",
		"make gedit my default editor":         "gedit is a graphical one, which as EDITOR needs its own flag",
		"optimise the store":                   "`nix-store --optimise` (as root) does it now",
		"optimise the store now":               "`nix-store --optimise` (as root) does it now",
		"deduplicate the nix store":            "`nix-store --optimise` (as root) does it now",
		"enable docker for my user":            "membership of the docker group, which is as good as root",
		"let me use docker without sudo":       "\"enable rootless docker\"",
		"switch from google dns to cloudflare": "replaces some (\"use google dns instead of cloudflare\")",
		"set dns to 999.1.1.1":                 "999.1.1.1 is not an IP address",
		"show my config":                       "ask-nix writes only its managed fragment",
		"edit configuration.nix":               "which you edit with any editor",
		"use zsh instead of bash":              "users.defaultUserShell = pkgs.zsh;), with the shell enabled (\"enable zsh\")",
		"use fish instead of bash please":      "users.defaultUserShell = pkgs.fish;",
		"downgrade firefox":                    "nixpkgs has one version of firefox at a time",
		"downgrade nixos":                      "returns the whole system to an older generation",
		"what's using my disk":                 "ask-nix does not measure files",
		"what is my ip address":                "`ip -brief address`",
		"detect windows in grub":               "boot.loader.grub.useOSProber",
		"check nginx status":                   "`systemctl status <unit>`",
		"when did I install firefox":           "`ask-nix history` lists each edit",
		"who enabled ssh":                      "`ask-nix history` lists each edit",
		"where is configuration.nix":           "your configuration is /etc/nixos/configuration.nix",
		"search settings":                      "search looks for packages",
		"keep the screen on":                   "when the screen blanks, dims or locks is the desktop's",
		"don't let the screen sleep":           "when the screen blanks, dims or locks is the desktop's",
		"disable screen lock":                  "when the screen blanks, dims or locks is the desktop's",
		"stop sharing my screen":               "something being done now",
		"install firefox for my user":          "one user's own packages are users.users.<name>.packages",
		"install firefox for user alice":       "ask-nix installs for every user of the machine",
		"uninstall firefox --purge":            "--purge is no part of an ask-nix request",
		"show nginx logs":                      "`journalctl -u <unit> -b`",
		"why is nginx failing":                 "`journalctl -u <unit> -b`",
		"systemctl status docker":              "ask-nix answers whether the configuration turns it on",
		"install firefox --dry-run":            "put it outside the quotes, `ask-nix --dry-run \"install firefox\"`",
		"enable ssh -y":                        "`ask-nix --yes \"enable ssh\"`",
		"upgrade to 25.05":                     "does not add or switch channels or flake inputs",
		"switch to nixos-24.11":                "does not add or switch channels or flake inputs",
		"upgrade to the latest nixos release":  "does not add or switch channels or flake inputs",
		"enable dual boot":                     "systemd-boot lists Windows by itself",
		"show my ip":                           "`ip -brief address`",
		"how much ram do i have":               "`free -h`",
		"which services are running":           "`systemctl list-units --type=service --state=running`",
		"what services are enabled":            "ask-nix answers for one service",
		"what is taking up so much space":      "`ncdu /`",
		"change password":                      "ask-nix does not set passwords",
		"set root password":                    "`sudo passwd <user>`",
		"disable sudo password":                "security.sudo.wheelNeedsPassword = false",
		"remove old kernels":                   "old kernels stay while old generations",
		"install linux-zen kernel":             "boot.kernelPackages = pkgs.linuxPackages_zen;",
		"use the lts kernel":                   "boot.kernelPackages = pkgs.linuxPackages;",
		"turn on experimental features":        "say which experimental features",
		"open port 22 for 192.168.1.0/24":      "ports for some addresses only take firewall rules",
		"open port 8080 on eth0":               "networking.firewall.interfaces.<name>.allowedTCPPorts",
		"open port 22 to my lan":               "ask-nix opens ports to every address and interface only",
		"install oh my zsh":                    "Oh My Zsh is set up by NixOS's zsh module",
		"i want to print":                      "\"enable printing\" turns it on",
		"switch to wayland":                    "Wayland is no switch of its own",
		"mount my usb drive":                   "ask-nix does not touch disks",
		"format disk":                          "ask-nix does not touch disks",
		"home-manager switch":                  "not Home Manager's",
		"enable redis":                         "NixOS runs Redis as named servers",
		"replace bash with zsh":                "users.defaultUserShell = pkgs.zsh;",
		"switch from bash to nu":               "users.defaultUserShell = pkgs.nushell;), and add it to environment.shells",
		"use bash instead of zsh":              "users.defaultUserShell = pkgs.bash;)",
		"change bash to fish":                  "users.defaultUserShell = pkgs.fish;",
		"switch to zsh":                        "users.defaultUserShell = pkgs.zsh;",
		"change to fish":                       "users.defaultUserShell = pkgs.fish;",
		"switch to kde":                        "\"enable kde\" adds kde (you choose it at the login screen); the one you use now stays",
		"change my desktop to xfce":            "\"enable xfce\" adds xfce",
		"switch from gnome to plasma":          "\"enable plasma\" adds plasma (you choose it at the login screen); gnome stays until it is turned off: in your NixOS configuration, or with \"disable gnome\"",
		"switch to kde instead of gnome":       "\"enable kde\" adds kde (you choose it at the login screen); gnome stays",
		"go to hyprland":                       "\"enable hyprland\" adds hyprland",
		"enable power saving":                  "power-profiles-daemon (what GNOME and KDE use",
		"improve battery life":                 "or TLP (tuned by its settings), never both at once",
		"enable hibernation":                   "set swapDevices and boot.resumeDevice in your NixOS configuration",
		"enable secure boot":                   "with lanzaboote",
		"connect to the wifi called home":      "connect with `nmtui`",
		"sync the clock":                       "NixOS keeps the clock in sync by itself",
		"set the governor to turbo":            "",
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || !strings.Contains(nu.Hint, want) {
			t.Errorf("Parse(%q) = %v; want not understood, with %q", text, err, want)
		}
	}
	for text, want := range map[string]intent.Kind{
		"search shell": intent.Search, "search nvidia driver": intent.Search,
		"install fish shell": intent.Install, "install shellcheck": intent.Install, "enable zsh": intent.EnableService,
		"install zfs": intent.Install, "replace vim with neovim": intent.Remove, "install zsh and fish": intent.Install,
		"optimise the store weekly": intent.SetOption, "show system info": intent.SystemInfo,
		"switch to generation 12": intent.SwitchGeneration, "enable kde": intent.EnableService,
		"use neovim instead of vim": intent.Remove, "install reader": intent.Install, "install email": intent.Install,
		"install a vlc media player":          intent.Install,
		"set the cpu governor to performance": intent.SetOption, "enable tlp": intent.EnableService,
		"disable hibernation": intent.SetOption, "search power saving": intent.Search,
	} {
		if in, err := parse.Parse(text); err != nil || in.Kind != want {
			t.Errorf("Parse(%q) = %+v, %v; want %s", text, in, err, want)
		}
	}
}

// TestBadCounts: a count below 1 is said to be one, with the counts
// there are, never answered with another count as if it were meant.
func TestBadCounts(t *testing.T) {
	for text, want := range map[string]string{
		"undo 0":                   "0 is not a count of edits to undo: counts start at 1",
		"undo the last 0 changes":  "0 is not a count of edits to undo",
		"undo -1":                  "-1 is not a count of edits to undo",
		"undo 99999999999":         "99999999999 is more edits to undo than there can be",
		"undo edit 0":              "there is no edit 0",
		"go back 0 generations":    "0 is not a count of generations to go back",
		"roll back -2 generations": "-2 is not a count of generations to go back",
		"keep 0 generations":       "The current one always stays",
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || !strings.Contains(nu.Hint, want) {
			t.Errorf("Parse(%q) = %v; want not understood, with %q", text, err, want)
			continue
		}
		if nu.Suggestions[0].Example != "undo" && nu.Suggestions[0].Example != "roll back" && nu.Suggestions[0].Kind != intent.GC {
			t.Errorf("Parse(%q) first suggests %q; want the plain request, a count of 1", text, nu.Suggestions[0].Example)
		}
	}
}

// TestScheduleNegations: a timer request with a negation is never read
// as turning the timer on.
func TestScheduleNegations(t *testing.T) {
	for _, text := range []string{
		"don't collect garbage every week", "do not collect garbage every week",
		"stop upgrading automatically every day", "never upgrade automatically every night",
		"no automatic upgrades every week", "disable garbage collection every week",
		"stop deleting generations older than 30 days every week",
	} {
		if in, err := parse.Parse(text); err == nil {
			t.Errorf("Parse(%q) = %+v; want not understood", text, in)
		}
	}
}

// TestUnknownServiceHint: with no known service near, no example is
// guessed: the answer says what ask-nix knows.
func TestUnknownServiceHint(t *testing.T) {
	_, err := parse.Parse("enable the frobnicate driver")
	var nu *intent.NotUnderstood
	if !errors.As(err, &nu) || len(nu.Suggestions) != 0 || nu.Hint != parse.ServicesHint {
		t.Fatalf("Parse: %#v", err)
	}
}

// TestUnknownServiceQuestion: a question about a service not in the
// table suggests the services named close to it, as "enable" does, and
// the example only when none is.
func TestUnknownServiceQuestion(t *testing.T) {
	for text, want := range map[string][]string{
		"is dockr running":     {"is docker enabled"},
		"is blutooth enabled?": {"is bluetooth enabled"},
		"is qwxz running":      {"is ssh enabled"},
	} {
		_, err := parse.Parse(text)
		var us *parse.UnknownService
		if !errors.As(err, &us) || us.Kind != intent.ShowOption {
			t.Errorf("Parse(%q) = %v; want an unknown service", text, err)
			continue
		}
		var got []string
		for _, s := range us.Suggestions {
			got = append(got, s.Example)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Parse(%q) suggests %q, want %q", text, got, want)
		}
	}
}

// TestWhatChanged: questions about what changed between generations
// are answered as `ask-nix generations diff` (list-generations with
// Diff); requests that only mention changes go where they did.
func TestWhatChanged(t *testing.T) {
	for text, want := range map[string][]int{
		"what changed in the last generation":                  nil,
		"show me the difference between generations 41 and 43": {41, 43},
		"what did the update change":                           nil,
		"compare generations 43 and 41":                        {43, 41},
		"which packages changed with the last rebuild":         nil,
		"what changed since generation 41?":                    {41},
		"what is different from generation 7":                  {7},
	} {
		in, err := parse.Parse(text)
		if err != nil || in.Kind != intent.ListGenerations || !in.Diff || !slices.Equal(in.Compare, want) || in.Kind.Writes() {
			t.Errorf("Parse(%q) = %+v, %v; want list-generations diff %v", text, in, err, want)
		}
	}
	// Numbers it cannot place: the command named, nothing guessed.
	for _, text := range []string{
		"what changed in generation 41", "what changed between generations 1, 2 and 3", "compare generation 4 and 4",
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || !strings.Contains(nu.Hint, "`ask-nix generations diff`") {
			t.Errorf("Parse(%q) = %v; want not understood, naming generations diff", text, err)
		}
	}
	// The fragment's edits: `ask-nix history` and `ask-nix diff`.
	for _, text := range []string{
		"show history", "what did I change", "show the edit history", "what changes did you make",
		"list my edits", "what did the last change do", "what changed", "history",
		"what did I change yesterday?", "what have I changed recently", "what changes did I make today",
		"show my history",
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || !strings.Contains(nu.Hint, "`ask-nix history`") {
			t.Errorf("Parse(%q) = %v; want not understood, naming ask-nix history", text, err)
			continue
		}
		// A question is answered with where to look, never with a
		// change to make ("undo" was suggested).
		for _, sg := range nu.Suggestions {
			if sg.Kind.Writes() || sg.Kind == intent.Undo {
				t.Errorf("Parse(%q) suggests %q, which changes the fragment", text, sg.Example)
			}
		}
	}
	// One generation looked at: where to look, never a switch.
	for _, text := range []string{"show me generation 41", "show generation 41", "view generation #41"} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || !strings.Contains(nu.Hint, "`ask-nix generations diff 41` shows the packages that changed since it") {
			t.Errorf("Parse(%q) = %v; want not understood, naming ask-nix generations diff 41", text, err)
		}
	}
	// One edit by its number: `ask-nix diff N` for it, never a change.
	for _, text := range []string{
		"show edit 3", "show the diff of edit 3", "what changed in edit 3", "show edit #3",
		"what did edit 3 do", "diff edit 3", "what did I change in edit 3",
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || !strings.Contains(nu.Hint, "`ask-nix diff 3` shows what edit 3 changed") || len(nu.Suggestions) > 0 {
			t.Errorf("Parse(%q) = %v; want not understood, naming ask-nix diff 3 alone", text, err)
		}
	}
	// Power and services are systemctl's; whether a reboot is due is status.
	for text, hint := range map[string]string{
		"reboot": "`systemctl reboot`", "shut down the computer": "`systemctl poweroff`",
		"power off": "`systemctl poweroff`", "turn off the computer": "`systemctl poweroff`", "power down the machine": "`systemctl poweroff`",
		"kill htop": "`pkill htop` stops it now", "killall firefox": "`pkill firefox` stops it now",
		"kill the firefox process": "\"remove firefox\" takes it off the system for good",
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || !strings.Contains(nu.Hint, hint) {
			t.Errorf("Parse(%q) = %v; want not understood, naming %s", text, err, hint)
		}
	}
	for text, want := range map[string]intent.Kind{
		"do I need to reboot": intent.Status, "is a reboot pending": intent.Status,
		"apply the changes and rebuild": intent.Apply, "rebuild with the new configuration": intent.Apply,
		"undo my last change": intent.Undo, "show generation history": intent.ListGenerations,
		"undo the last change": intent.Undo, "list generations": intent.ListGenerations,
	} {
		if in, err := parse.Parse(text); err != nil || in.Kind != want {
			t.Errorf("Parse(%q) = %+v, %v; want %s", text, in, err, want)
		}
	}
	// Asked whether to reboot: status, told to answer that first.
	for text, reboot := range map[string]bool{
		"do I need to reboot": true, "is a reboot needed?": true, "reboot needed": true,
		"should I restart": true, "is a reboot pending": true, "status": false, "is everything ok": false,
	} {
		if in, err := parse.Parse(text); err != nil || in.Kind != intent.Status || in.AboutReboot != reboot {
			t.Errorf("Parse(%q) = %+v, %v; want status, AboutReboot %v", text, in, err, reboot)
		}
	}
}

// TestWholeSet: "remove all packages" and "install everything" are not
// lists of packages named "all" and "everything": not understood, with
// how to name them instead.
func TestWholeSet(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"remove all packages", `not understood: "remove all packages"; ask-nix removes packages by name ("remove htop and vim"): "list installed" shows the ones it installed; nothing was changed. Did you mean "list installed"?`},
		{"uninstall everything", `not understood: "uninstall everything"; ask-nix removes packages by name ("remove htop and vim"): "list installed" shows the ones it installed; nothing was changed. Did you mean "list installed"?`},
		{"get rid of all of it", `not understood: "get rid of all of it"; ask-nix removes packages by name ("remove htop and vim"): "list installed" shows the ones it installed; nothing was changed. Did you mean "list installed"?`},
		{"remove htop and everything", `not understood: "remove htop and everything"; ask-nix removes packages by name ("remove htop and vim"): "list installed" shows the ones it installed; nothing was changed. Did you mean "list installed"?`},
		{"install everything", `not understood: "install everything"; ask-nix installs packages by name; nothing was changed. Did you mean "search editor", "install firefox and htop"?`},
		{"install all the things", `not understood: "install all the things"; ask-nix installs packages by name; nothing was changed. Did you mean "search editor", "install firefox and htop"?`},
	} {
		in, err := parse.Parse(c.text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) {
			t.Errorf("Parse(%q) = %#v, %v; want not understood", c.text, in, err)
			continue
		}
		if got := nu.Error(); got != c.want {
			t.Errorf("Parse(%q):\n got %s\nwant %s", c.text, got, c.want)
		}
	}
	// "each" and "via" are nixpkgs attributes; "via" is glue too, a name
	// only when it is the one word.
	for text, want := range map[string][]string{
		"install each": {"each"}, "install via": {"via"}, "install the via app": {"via"},
		"remove via please": {"via"},
		// "just" and "instead" are nixpkgs names too, read as names
		// where no other word could be what is meant.
		"install just": {"just"}, "install just and git": {"git", "just"}, "install instead": {"instead"},
		`install "just" firefox`: {"firefox", "just"}, `install firefox "instead"`: {"firefox", "instead"},
		// A Python alone or beside other programs stays a package.
		"install python3 and git": {"git", "python3"}, "install python312": {"python312"},
		"install firefox and home-manager": {"firefox", "home-manager"}, "install v8": {"v8"},
		"install firefox right away": {"firefox"},
	} {
		if in, err := parse.Parse(text); err != nil || !slices.Equal(in.Packages, want) {
			t.Errorf("Parse(%q) = %#v, %v; want packages %q", text, in, err, want)
		}
	}
	if in, err := parse.Parse("install git via nixpkgs"); err == nil {
		t.Errorf(`Parse("install git via nixpkgs") = %#v; want not understood`, in)
	}
}

// Questions are never read as edits, and words that name a package are
// not taken for a setting or a hint about something else.
func TestQuestionsAndPackagesAreNotSettings(t *testing.T) {
	for _, text := range []string{
		"is vim the default editor", "is the previous generation the default",
		"is generation 41 the boot default", "is ntfs supported", "is autologin on for alice",
	} {
		in, err := parse.Parse(text)
		if err == nil && in.Kind.Writes() {
			t.Errorf("Parse(%q) = %+v: a question became an edit", text, in)
		}
	}
	for text, want := range map[string]intent.Intent{
		"remove exfat":            rm("exfat"),
		"drop btrfs":              rm("btrfs"),
		"I do not want autologin": intent.Join([]intent.Intent{unsetOpt("services.displayManager.autoLogin.enable"), unsetOpt("services.displayManager.autoLogin.user")}),
	} {
		if in, err := parse.Parse(text); err != nil || !reflect.DeepEqual(in, want) {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", text, in, err, want)
		}
	}
	for text, hint := range map[string]string{
		"install nvtop for my nvidia card":         "NVIDIA",
		"install the starship prompt for my shell": "login shells",
		"temporarily disable the firewall":         "nix-shell",
		"have git":                                 "",
	} {
		in, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if errors.As(err, &nu) && hint != "" && strings.Contains(nu.Hint, hint) || err == nil && in.Kind == intent.ListInstalled {
			t.Errorf("Parse(%q) = %+v, %v: read as something it is not", text, in, err)
		}
	}
}

// TestWhatQuestionsThatAreNoSearch: "what does X do" and "what is X"
// search for the package X; with more words and no "do" they ask
// something else, never a search for those words.
func TestWhatQuestionsThatAreNoSearch(t *testing.T) {
	for _, text := range []string{"what does my config look like", "what is my config like", "what does this machine run on"} {
		if in, err := parse.Parse(text); err == nil && in.Kind == intent.Search {
			t.Errorf("Parse(%q) = search %q", text, in.Query)
		}
	}
	for text, query := range map[string]string{"what does htop do": "htop", "what is ripgrep": "ripgrep", "what is ripgrep good for": "ripgrep"} {
		if in, err := parse.Parse(text); err != nil || in.Kind != intent.Search || in.Query != query {
			t.Errorf("Parse(%q) = %+v, %v; want search %q", text, in, err, query)
		}
	}
}

// TestSuggestionsDropAnotherRequestsVerb: "install chromium and make it
// the default browser" suggests installing chromium, not a package named
// "make"; names after "and" stay when no pronoun follows.
func TestSuggestionsDropAnotherRequestsVerb(t *testing.T) {
	for text, want := range map[string]string{
		"install chromium and make it the default browser": "install chromium",
		"install vlc and open it":                          "install vlc",
		"install git and vim for my user":                  "install git and vim", // said apart: side by side, one name or two?
	} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || len(nu.Suggestions) == 0 || nu.Suggestions[0].Example != want {
			t.Errorf("Parse(%q) = %v; want the suggestion %q first", text, err, want)
		}
	}
}

// TestPlaygroundOptionsCoverThePhrasings: the playground keeps a cut of
// NixOS's options; every phrasing the full options accept, it accepts
// too, so the playground checks ask-nix's words as NixOS would.
func TestPlaygroundOptionsCoverThePhrasings(t *testing.T) {
	full := realOptions(t)
	cut, err := guard.LoadOptions("../../nixmodule/playground/options.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range phrasings {
		in, err := parse.Parse(p.text)
		if err != nil || guard.CheckIntent(in, full) != nil {
			continue
		}
		if err := guard.CheckIntent(in, cut); err != nil {
			t.Errorf("%q: the playground refuses what NixOS takes: %v", p.text, err)
		}
	}
}

// TestPortNotes: ports for a service whose protocol on them is not known
// are TCP, as a bare port is, and a note says so; a known protocol needs
// no note. So for any reading the words leave open (kubernetes: k3s).
func TestPortNotes(t *testing.T) {
	cases := []struct {
		text string
		note string // "": no note
	}{
		{"open port 8096 for jellyfin", `ask-nix does not know which protocol jellyfin uses on port 8096, so it is opened for TCP, as when no protocol is said, and to every address ("for jellyfin" is no part of the setting); say "open udp port 8096" for UDP`},
		{"open ports 53 and 853 for dns", `ask-nix does not know which protocol dns uses on port 853, so it is opened for TCP, as when no protocol is said, and to every address ("for dns" is no part of the setting); say "open udp port 853" for UDP`},
		{"close port 4460 for ntp", `ask-nix does not know which protocol ntp uses on port 4460, so it is closed for TCP, as when no protocol is said, and to every address ("for ntp" is no part of the setting); say "close udp port 4460" for UDP`},
		{"open port 22 for ssh", ""},
		// A service word read as one of its meanings says which.
		{"enable kubernetes", "kubernetes is read as k3s (services.k3s.enable), a lightweight Kubernetes in one service; NixOS's full Kubernetes is set up by its roles (services.kubernetes.roles), which ask-nix does not write"},
		{"enable k3s", ""},
		{"open port 53 for dns", ""},
		{"open port 51820 for wireguard", ""},
		{"open port 8096", ""},
	}
	for _, c := range cases {
		in, err := parse.Parse(c.text)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.text, err)
			continue
		}
		var notes []string
		for _, p := range in.Parts() {
			notes = append(notes, p.Notes...)
		}
		switch {
		case c.note == "" && len(notes) > 0:
			t.Errorf("Parse(%q): notes %q, want none", c.text, notes)
		case c.note != "" && !slices.Equal(notes, []string{c.note}):
			t.Errorf("Parse(%q): notes %q\nwant %q", c.text, notes, c.note)
		}
	}
}

// A flake named with --flake (or nh's path and -H) is a setting: the
// hint says which, and how to set it, and nothing is done.
func TestFlakeInACommandIsASetting(t *testing.T) {
	for _, text := range []string{"nixos-rebuild switch --flake /etc/nixos#box", "nixos-rebuild build --flake .", "nh os boot . -H box"} {
		_, err := parse.Parse(text)
		var nu *intent.NotUnderstood
		if !errors.As(err, &nu) || !strings.Contains(nu.Hint, "takes no flake or host from a request: set the system setting once (NIX_HUMANITY_SYSTEM=/etc/nixos#<host>") || !strings.HasSuffix(nu.Hint, "nothing was changed") {
			t.Errorf("Parse(%q) = %v", text, err)
		}
	}
}
