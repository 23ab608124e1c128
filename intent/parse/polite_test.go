package parse_test

import (
	"reflect"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestForeignPoliteness: "please" and "thanks" in the languages people
// mix into English requests are no package names. Without the package
// index "install firefox bitte" was planned as installing bitte and
// firefox.
func TestForeignPoliteness(t *testing.T) {
	cases := []struct {
		text string
		want intent.Intent
	}{
		{"install firefox bitte", inst("firefox")},
		{"bitte install firefox", inst("firefox")},
		{"install firefox por favor", inst("firefox")},
		{"por favor, install firefox and vim", inst("firefox", "vim")},
		{"install firefox per favore", inst("firefox")},
		{"install firefox s'il vous plaît", inst("firefox")},
		{"install firefox s’il vous plait", inst("firefox")},
		{"install firefox, danke", inst("firefox")},
		{"install firefox danke schön", inst("firefox")},
		{"install firefox gracias", inst("firefox")},
		{"install firefox merci beaucoup", inst("firefox")},
		{"install firefox grazie", inst("firefox")},
		{"install firefox pls", inst("firefox")},
		{"install firefox plz thx", inst("firefox")},
		{"install firefox ty", inst("firefox")},
		// English thanks of more than one word are dropped whole
		// ("much" was a package to look up).
		{"can you please install htop for me thank you so much", inst("htop")},
		{"install htop thanks so much", inst("htop")},
		{"install vlc, much appreciated", inst("vlc")},
		{"remove vim thanks a bunch", rm("vim")},
		{"install git tysm", inst("git")},
		{"remove htop bitte", rm("htop")},
		// contractions typed without the apostrophe
		{"lets install firefox", inst("firefox")},
		{"gimme firefox", inst("firefox")},
		{"gimme firefox and vim pls", inst("firefox", "vim")},
		// pls is also a package (a listing tool)
		{"install pls", inst("pls")},
		{"install pls and htop", inst("htop", "pls")},
		{"install htop and pls", inst("htop", "pls")},
		{"pls install pls", inst("pls")},
		{"install htop pls", inst("htop")},
		// quoted, a word is a name as typed
		{`install "bitte"`, inst("bitte")},
		// "install" in those languages, as the request's verb
		{"installe firefox s'il vous plaît", inst("firefox")},
		{"installer firefox, merci", inst("firefox")},
		{"bitte installiere firefox", inst("firefox")},
		{"instala vim por favor", inst("vim")},
		{"instalar htop", inst("htop")},
		{"installa git per favore", inst("git")},
		{"Installe firefox", inst("firefox")},
		// and "remove", with each language's "and"
		{"installe firefox et vim", inst("firefox", "vim")},
		{"instala firefox y vim", inst("firefox", "vim")},
		{"entferne firefox und vim bitte", rm("firefox", "vim")},
		{"supprime firefox, merci", rm("firefox")},
		{"désinstaller firefox", rm("firefox")},
		{"desinstalar htop por favor", rm("htop")},
		{"rimuovi vim e git per favore", rm("git", "vim")},
		{"verwijder vim en git", rm("git", "vim")},
		{`installe "et" et vim`, inst("et", "vim")},
		// that language's small words are no packages
		{"installer le paquet firefox", inst("firefox")},
		{"installe firefox pour moi", inst("firefox")},
		{"installe firefox maintenant", inst("firefox")},
		{"instala el firefox", inst("firefox")},
		{"installiere den firefox", inst("firefox")},
		{"installa il pacchetto vim per favore", inst("vim")},
		{"installeer de firefox nu", inst("firefox")},
		// elsewhere they are words like any other
		{"install firefox et vim", inst("et", "firefox", "vim")},
		{"install et", inst("et")},
		{"search installer", intent.Intent{Kind: intent.Search, Query: "installer"}},
		{"install installer", inst("installer")},
	}
	for _, c := range cases {
		got, err := parse.Parse(c.text)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", c.text, got, err, c.want)
		}
	}
	// "everything" in those languages is every package, never one
	// named tout or alles.
	for _, text := range []string{"supprime tout", "entferne alles", "installa tutto"} {
		if got, err := parse.Parse(text); err == nil {
			t.Errorf("Parse(%q) = %+v, want not understood", text, got)
		}
	}
}
