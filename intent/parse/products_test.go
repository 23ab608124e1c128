package parse_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestProductNamesSaid: a program named in several words is read whole,
// never one package a word: "install docker desktop" installed nixpkgs'
// "desktop" (or asked about it), "install visual studio" a package
// named studio, "install steam deck" one named deck. A name nixpkgs has
// no package of is answered with what to use instead, writing nothing.
func TestProductNamesSaid(t *testing.T) {
	tests := []struct {
		text    string
		want    *intent.Intent // nil: not understood
		has     string         // in the note (want set) or the answer
		suggest []string       // the answer's suggestions, in order
		kind    bool           // the kind-of-package answer, whose caller says nothing was changed
	}{
		{text: "install docker desktop", has: "virtualisation.docker.enable", suggest: []string{"enable docker", "install podman-desktop", "install lazydocker"}},
		{text: "please install Docker Desktop", has: "Docker Desktop is not packaged for NixOS", suggest: []string{"enable docker", "install podman-desktop", "install lazydocker"}},
		{text: "install docker-desktop", has: "rootless", suggest: []string{"enable docker", "install podman-desktop", "install lazydocker"}},
		{text: "i want docker desktop", has: "Podman Desktop", suggest: []string{"enable docker", "install podman-desktop", "install lazydocker"}},
		// With other packages, the whole request: nothing of it is done.
		{text: "install firefox and docker desktop", has: "Docker Desktop", suggest: []string{"enable docker", "install podman-desktop", "install lazydocker"}},
		{text: "install docker engine", want: &intent.Intent{Kind: intent.EnableService, Option: "virtualisation.docker.enable", Service: "docker engine"}, has: "docker command"},
		{text: "install the docker engine", want: &intent.Intent{Kind: intent.EnableService, Option: "virtualisation.docker.enable", Service: "docker engine"}, has: "docker service"},
		{text: "install docker ce", want: &intent.Intent{Kind: intent.EnableService, Option: "virtualisation.docker.enable", Service: "docker ce"}, has: "docker service"},
		{text: "install docker engine and vlc", has: "turned on, not installed", suggest: []string{"enable docker"}},
		// Docker Compose is docker-compose, said in words; without the
		// package index it was asked about as docker and compose.
		{text: "install docker compose", want: &intent.Intent{Kind: intent.Install, Packages: []string{"docker-compose"}}, has: "\"enable docker\""},
		{text: "i need docker compose", want: &intent.Intent{Kind: intent.Install, Packages: []string{"docker-compose"}}, has: "virtualisation.docker.enable"},
		{text: "install docker compose and git", want: &intent.Intent{Kind: intent.Install, Packages: []string{"docker-compose", "git"}}, has: "docker-compose"},
		{text: "remove docker compose", want: &intent.Intent{Kind: intent.Remove, Packages: []string{"docker-compose"}}},

		{text: "install visual studio code", want: &intent.Intent{Kind: intent.Install, Packages: []string{"vscode"}}, has: "vscodium"},
		{text: "can you install visual studio code for me please", want: &intent.Intent{Kind: intent.Install, Packages: []string{"vscode"}}, has: "Visual Studio Code"},
		{text: "install vs code and git", want: &intent.Intent{Kind: intent.Install, Packages: []string{"git", "vscode"}}, has: "VSCodium"},
		{text: "install visual studio", has: "Windows only", suggest: []string{"install vscode", "install dotnet-sdk", "install jetbrains.rider"}},
		{text: "install visual studio 2022", has: "Windows only", suggest: []string{"install vscode", "install dotnet-sdk", "install jetbrains.rider"}},
		{text: "install microsoft visual studio community", has: "Windows only", suggest: []string{"install vscode", "install dotnet-sdk", "install jetbrains.rider"}},

		{text: "install google chrome", want: &intent.Intent{Kind: intent.Install, Packages: []string{"google-chrome"}}},
		{text: "install google chrome and vlc", want: &intent.Intent{Kind: intent.Install, Packages: []string{"google-chrome", "vlc"}}},
		{text: "install microsoft edge", want: &intent.Intent{Kind: intent.Install, Packages: []string{"microsoft-edge"}}},
		{text: "install microsoft teams", want: &intent.Intent{Kind: intent.Install, Packages: []string{"teams-for-linux"}}, has: "unofficial"},
		{text: "install ms teams", want: &intent.Intent{Kind: intent.Install, Packages: []string{"teams-for-linux"}}, has: "unofficial"},
		{text: "install proton vpn", want: &intent.Intent{Kind: intent.Install, Packages: []string{"protonvpn-gui"}}, has: "protonvpn-gui"},
		{text: "install sublime text", want: &intent.Intent{Kind: intent.Install, Packages: []string{"sublime4"}}, has: "Sublime Text 2"},
		{text: "install sublime text 4", want: &intent.Intent{Kind: intent.Install, Packages: []string{"sublime4"}}, has: "sublime4"},
		{text: "install sublime text 3", want: &intent.Intent{Kind: intent.Install, Packages: []string{"sublime3"}}},

		{text: "install adobe reader", has: "marked insecure", suggest: []string{"install kdePackages.okular", "install evince", "install zathura"}},
		{text: "install adobe acrobat reader", has: "Acrobat", suggest: []string{"install kdePackages.okular", "install evince", "install zathura"}},
		{text: "install acrobat", has: "PDF", suggest: []string{"install kdePackages.okular", "install evince", "install zathura"}},
		{text: "install photoshop", has: "no Linux version", suggest: []string{"install gimp", "install krita"}},
		{text: "install adobe photoshop", has: ".psd", suggest: []string{"install gimp", "install krita"}},
		{text: "install lightroom", has: "raw photos", suggest: []string{"install darktable", "install rawtherapee"}},
		{text: "install adobe illustrator", has: "Inkscape", suggest: []string{"install inkscape"}},
		{text: "install adobe premiere pro", has: "edit video", suggest: []string{"install kdePackages.kdenlive", "install davinci-resolve", "install shotcut"}},
		{text: "install microsoft office", has: "LibreOffice", suggest: []string{"install libreoffice", "install onlyoffice-desktopeditors"}},
		{text: "install ms word", has: "LibreOffice", suggest: []string{"install libreoffice", "install onlyoffice-desktopeditors"}},
		{text: "install office 365", has: "browser", suggest: []string{"install libreoffice", "install onlyoffice-desktopeditors"}},
		{text: "install microsoft outlook", has: "Thunderbird", suggest: []string{"install thunderbird", "install evolution"}},
		{text: "install steam deck", has: "handheld", suggest: []string{"enable steam", "enable programs.steam.gamescopeSession.enable"}},
		{text: "install steam link", has: "Remote Play", suggest: []string{"enable steam", "install moonlight-qt"}},
		{text: "install epic games launcher", has: "Heroic", suggest: []string{"install heroic", "install lutris"}},
		{text: "install the epic games store", has: "Heroic", suggest: []string{"install heroic", "install lutris"}},

		{text: "install steam proton", has: "Proton comes with Steam", suggest: []string{"enable steam", "install protonup-qt"}},
		{text: "install proton ge", has: "proton-ge-bin", suggest: []string{"enable steam", "install protonup-qt"}},
		{text: "install ge-proton", has: "extraCompatPackages", suggest: []string{"enable steam", "install protonup-qt"}},
		// "enable kde and install connect", "enable gnome and install
		// disks", "install visual studio" and Z-code's zoom were read.
		{text: "install kde connect", want: &intent.Intent{Kind: intent.EnableService, Option: "programs.kdeconnect.enable", Service: "kde connect"}, has: "1714 to 1764"},
		{text: "install kde connect and vlc", has: "a request of its own", suggest: []string{"enable kde connect"}},
		{text: "install kde partition manager", want: &intent.Intent{Kind: intent.EnableService, Option: "programs.partition-manager.enable", Service: "kde partition manager"}, has: "NixOS module"},
		{text: "install partition manager", want: &intent.Intent{Kind: intent.EnableService, Option: "programs.partition-manager.enable", Service: "partition manager"}, has: "NixOS module"},
		{text: "install gnome disks", want: &intent.Intent{Kind: intent.Install, Packages: []string{"gnome-disk-utility"}}, has: "gnome-disk-utility"},
		{text: "install visual studio codium", want: &intent.Intent{Kind: intent.Install, Packages: []string{"vscodium"}}},
		{text: "install zoom client", want: &intent.Intent{Kind: intent.Install, Packages: []string{"zoom-us"}}},
		{text: "install only office", want: &intent.Intent{Kind: intent.Install, Packages: []string{"onlyoffice-desktopeditors"}}},
		{text: "install intellij idea community", want: &intent.Intent{Kind: intent.Install, Packages: []string{"jetbrains.idea-community"}}},
		{text: "install pycharm professional", want: &intent.Intent{Kind: intent.Install, Packages: []string{"jetbrains.pycharm-professional"}}},
		{text: "install dot net", want: &intent.Intent{Kind: intent.Install, Packages: []string{"dotnet-sdk"}}, has: "SDK"},
		{text: "install kde dolphin", want: &intent.Intent{Kind: intent.Install, Packages: []string{"kdePackages.dolphin"}}},
		{text: "install kde konsole and kde kate", want: &intent.Intent{Kind: intent.Install, Packages: []string{"kdePackages.kate", "kdePackages.konsole"}}},
		{text: "install plasma browser integration", want: &intent.Intent{Kind: intent.Install, Packages: []string{"kdePackages.plasma-browser-integration"}}},
		{text: "install virtualbox guest additions", want: &intent.Intent{Kind: intent.EnableService, Option: "virtualisation.virtualbox.guest.enable", Service: "virtualbox guest additions"}, has: "inside VirtualBox"},
		{text: "install the virtualbox extension pack", has: "enableExtensionPack", suggest: []string{"enable virtualbox extension pack"}},
		{text: "install google earth", want: &intent.Intent{Kind: intent.Install, Packages: []string{"googleearth-pro"}}},

		// What a program is, said alone, is a kind to search for: "install
		// a web server" refused a package named server.
		{text: "install a web server", has: "kind of package", suggest: []string{"search web server"}, kind: true},
		{text: "install a database", has: "kind of package", suggest: []string{"search database"}, kind: true},

		// Not these: each word alone, quoted, hyphenated or searched
		// is read as said.
		{text: "install studio", want: &intent.Intent{Kind: intent.Install, Packages: []string{"studio"}}},
		{text: "install deck", want: &intent.Intent{Kind: intent.Install, Packages: []string{"deck"}}},
		{text: "install reader", want: &intent.Intent{Kind: intent.Install, Packages: []string{"reader"}}},
		{text: "install teams", want: &intent.Intent{Kind: intent.Install, Packages: []string{"teams"}}},
		{text: "install sublime", want: &intent.Intent{Kind: intent.Install, Packages: []string{"sublime"}}},
		{text: "install adobe-reader", want: &intent.Intent{Kind: intent.Install, Packages: []string{"adobe-reader"}}},
		{text: "install visual-studio-code", want: &intent.Intent{Kind: intent.Install, Packages: []string{"visual-studio-code"}}},
		{text: `install "docker desktop"`, want: &intent.Intent{Kind: intent.Install, Packages: []string{"docker desktop"}}},
		{text: "search docker desktop", want: &intent.Intent{Kind: intent.Search, Query: "docker desktop"}},
		{text: "install docker", want: &intent.Intent{Kind: intent.Install, Packages: []string{"docker"}}},
		{text: "install google", want: &intent.Intent{Kind: intent.Install, Packages: []string{"google"}}},
		{text: "install zoom", want: &intent.Intent{Kind: intent.Install, Packages: []string{"zoom"}}},
		{text: "install connect", want: &intent.Intent{Kind: intent.Install, Packages: []string{"connect"}}},
		{text: "enable kde connect", want: &intent.Intent{Kind: intent.EnableService, Option: "programs.kdeconnect.enable", Service: "kde connect"}},
	}
	full := realOptions(t)
	for _, tt := range tests {
		got, err := parse.Parse(tt.text)
		if tt.want == nil {
			var nu *intent.NotUnderstood
			if !errors.As(err, &nu) {
				t.Errorf("Parse(%q) = %+v, %v; want not understood", tt.text, got, err)
				continue
			}
			var ss []string
			for _, s := range nu.Suggestions {
				ss = append(ss, s.Example)
			}
			if !slices.Equal(ss, tt.suggest) {
				t.Errorf("Parse(%q) suggests %q; want %q", tt.text, ss, tt.suggest)
			}
			if !strings.Contains(nu.Hint, tt.has) || !tt.kind && !strings.HasSuffix(nu.Hint, "nothing was changed") {
				t.Errorf("Parse(%q) hint %q; want it to say %q, and that nothing was changed", tt.text, nu.Hint, tt.has)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.text, err)
			continue
		}
		notes := strings.Join(got.Notes, " ")
		got.Notes = nil
		if !reflect.DeepEqual(got, *tt.want) {
			t.Errorf("Parse(%q) = %+v; want %+v", tt.text, got, *tt.want)
		}
		if tt.has == "" && notes != "" || !strings.Contains(notes, tt.has) {
			t.Errorf("Parse(%q) notes %q; want one saying %q", tt.text, notes, tt.has)
		}
		if got.Kind != intent.Search && !strings.Contains(tt.text, "\"") {
			if err := guard.CheckIntent(got, full); err != nil {
				t.Errorf("Parse(%q) = %+v, which the guard refuses with real NixOS options: %v", tt.text, got, err)
			}
		}
	}
}

// TestProductNamesReal: every product's attribute is a real nixpkgs
// attribute, a name said in one word is none (or "install" of it could
// never reach it), its switch a real boolean NixOS option, and every
// suggestion reads as the request it says, with real packages and
// options.
func TestProductNamesReal(t *testing.T) {
	attrs := map[string]bool{}
	for _, a := range readAttrs(t) {
		attrs[a] = true
	}
	full := realOptions(t)
	seen := map[string]bool{}
	for _, p := range parse.ProductNames() {
		said := strings.Join(p.Said, " ")
		if seen[said] {
			t.Errorf("%q is in productNames twice", said)
		}
		seen[said] = true
		switch {
		case p.Attr != "" && !attrs[p.Attr]:
			t.Errorf("%q: %s is no nixpkgs attribute", said, p.Attr)
		case len(p.Said) == 1 && attrs[p.Said[0]]:
			t.Errorf("%q is a nixpkgs attribute, which install must reach", said)
		case p.Option != "":
			if err := guard.CheckIntent(intent.Intent{Kind: intent.EnableService, Option: p.Option}, full); err != nil {
				t.Errorf("%q: %v", said, err)
			}
			if in, err := parse.Parse(p.On); err != nil || in.Kind != intent.EnableService || in.Option != p.Option {
				t.Errorf("%q: %q reads as %+v, %v; want %s on", said, p.On, in, err, p.Option)
			}
		case p.Attr == "" && len(p.Suggestions) == 0:
			t.Errorf("%q: no attribute, no switch and nothing suggested", said)
		}
		for _, s := range p.Suggestions {
			in, err := parse.Parse(s.Example)
			if err != nil || in.Kind != s.Kind {
				t.Errorf("%q suggests %q (%s), which reads as %+v, %v", said, s.Example, s.Kind, in, err)
				continue
			}
			for _, pkg := range in.Packages {
				if !attrs[pkg] {
					t.Errorf("%q suggests %q: %s is no nixpkgs attribute", said, s.Example, pkg)
				}
			}
			if err := guard.CheckIntent(in, full); err != nil {
				t.Errorf("%q suggests %q, which the guard refuses: %v", said, s.Example, err)
			}
		}
	}
}

// A program an install reads whole is taken out by the same words:
// "remove google chrome" removes the google-chrome that "install google
// chrome" wrote, not packages named google and chrome.
func TestProductNamesRemoved(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"remove google chrome", []string{"google-chrome"}},
		{"uninstall visual studio code", []string{"vscode"}},
		{"get rid of google chrome and firefox", []string{"firefox", "google-chrome"}},
		{"I don't want microsoft teams anymore", []string{"teams-for-linux"}},
		{"remove sublime text 3", []string{"sublime3"}},
		// Not a product: the words as they are.
		{"remove chrome", []string{"chrome"}},
		{"remove \"google\" chrome", []string{"chrome", "google"}},
	}
	for _, tt := range tests {
		got, err := parse.Parse(tt.text)
		if err != nil || got.Kind != intent.Remove || !reflect.DeepEqual(got.Packages, tt.want) {
			t.Errorf("Parse(%q) = %+v, %v; want remove %q", tt.text, got, err, tt.want)
		}
	}
}
