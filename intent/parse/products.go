package parse

import (
	"strings"
	"sync"

	"github.com/nix-humanity/nix-humanity/intent"
)

// product is a program people name in several words ("docker desktop",
// "visual studio code") or by a brand nixpkgs has no package of. Read
// one package a word, such a name installs something else ("desktop",
// "studio", "deck", nixpkgs' own packages of those names), or, joined
// with "-", a name that does not exist. Each is read whole: as the one
// nixpkgs attribute it is (attr, with a note when the name differs
// enough to be said), as the NixOS service that stands for it (option),
// or, where there is none, answered with why and what to use instead
// (why and ss), writing nothing.
type product struct {
	said   []string // the words, lower case, in order; one word only for a name no nixpkgs attribute has
	attr   string   // the nixpkgs attribute it is installed as
	option string   // or the NixOS switch that sets it up (an .enable option)
	on     string   // the request that turns option on
	note   string
	why    string // the answer, when it is neither
	ss     []intent.Suggestion
}

// plasma6Note: KDE Plasma 6 said with its version.
const plasma6Note = "KDE Plasma 6 is NixOS's module services.desktopManager.plasma6, turned on rather than installed as a package; its login screen is SDDM (\"enable sddm\")"

// productNames: only names a person would be surprised not to find,
// each checked against the real nixpkgs attributes and NixOS options
// (TestProductNames).
var productNames []product

const (
	dockerDesktopWhy = "Docker Desktop is not packaged for NixOS (Docker makes it for Windows, macOS and a few distributions, where it runs Docker's engine in a virtual machine): on NixOS the engine runs as a service, \"enable docker\" (virtualisation.docker.enable), and the docker command comes with it " +
		"(used with sudo; without, your user is in the docker group, set in configuration.nix, or docker runs rootless: \"enable rootless docker\"); " +
		"a window for containers and images is Podman Desktop (\"install podman-desktop\"), which manages Docker's engine too, and lazydocker (\"install lazydocker\") does it in a terminal; nothing was changed"
	dockerEngineNote  = "Docker's engine is NixOS's docker service (virtualisation.docker.enable), which installs the docker command with it"
	dockerComposeNote = "Docker Compose is nixpkgs' docker-compose; it runs containers on Docker's engine, NixOS's docker service (\"enable docker\", virtualisation.docker.enable), which installing it does not turn on"
	vscodeNote        = "Visual Studio Code is nixpkgs' vscode (VSCodium, \"install vscodium\", is the same editor without Microsoft's branding and telemetry)"
	visualStudioWhy   = "Visual Studio, Microsoft's IDE, runs on Windows only: nixpkgs has no package of it; Visual Studio Code is another program, \"install vscode\"; " +
		"for C# and .NET, \"install dotnet-sdk\" with an editor such as VS Code or JetBrains Rider (\"install jetbrains.rider\"); nothing was changed"
	teamsNote            = "Microsoft has no Teams app for Linux any more: teams-for-linux is an unofficial client of Teams on the web (which also runs in a browser)"
	pdfReaderWhy         = "Adobe's PDF reader for Linux ended with version 9 in 2013 (nixpkgs' adobe-reader is that 32-bit version, marked insecure), and Acrobat has no Linux version: PDFs open in the browser, or in a PDF viewer such as Okular (\"install kdePackages.okular\": forms, notes and signatures), GNOME's Evince (\"install evince\") or zathura (\"install zathura\"); nothing was changed"
	photoshopWhy         = "Photoshop has no Linux version: GIMP (\"install gimp\") edits photos and opens .psd files, Krita (\"install krita\") is made for painting, and Photopea runs in the browser; nothing was changed"
	lightroomWhy         = "Lightroom has no Linux version: darktable (\"install darktable\") and RawTherapee (\"install rawtherapee\") develop and organise raw photos; nothing was changed"
	premiereWhy          = "Premiere Pro has no Linux version: Kdenlive (\"install kdePackages.kdenlive\"), DaVinci Resolve (\"install davinci-resolve\", unfree) and Shotcut (\"install shotcut\") edit video; nothing was changed"
	officeWhy            = "Microsoft Office has no Linux version: LibreOffice (\"install libreoffice\") and ONLYOFFICE (\"install onlyoffice-desktopeditors\") open and save its files, and Office's own apps run in the browser; nothing was changed"
	outlookWhy           = "Outlook has no Linux version: Thunderbird (\"install thunderbird\") and Evolution (\"install evolution\", which also reaches Exchange) read mail and calendars, and Outlook itself runs in the browser; nothing was changed"
	kdeConnectNote       = "KDE Connect is set up through its NixOS module (programs.kdeconnect.enable), which installs it and opens the ports phones reach it on (TCP and UDP 1714 to 1764)"
	partitionManagerNote = "KDE Partition Manager is set up through its NixOS module (programs.partition-manager.enable), which installs it with the service it changes disks through"
	protonWhy            = "Proton comes with Steam: \"enable steam\" (programs.steam.enable) sets Steam up, and Steam downloads Proton itself (Settings > Compatibility); GE-Proton is programs.steam.extraCompatPackages = [ pkgs.proton-ge-bin ]; in configuration.nix, a list of packages ask-nix does not write, or ProtonUp-Qt (\"install protonup-qt\") puts it in Steam's folder; nothing was changed"
	epicWhy              = "the Epic Games Store has no Linux app: Heroic (\"install heroic\") installs and runs its games (and GOG's and Amazon's) with Wine or Proton, and so does Lutris (\"install lutris\"); nothing was changed"
)

var (
	dockerDesktopSS []intent.Suggestion
	pdfReaderSS     []intent.Suggestion
	photoshopSS     []intent.Suggestion
	lightroomSS     []intent.Suggestion
	premiereSS      []intent.Suggestion
	officeSS        []intent.Suggestion
	outlookSS       []intent.Suggestion
	protonSS        []intent.Suggestion
	epicSS          []intent.Suggestion
)

func productWords(s string) []string { return strings.Fields(s) }

// productsByFirst indexes productNames by their first word, longest
// name first, built the first time an install is read.
var (
	productsOnce    sync.Once
	productsByFirst map[string][]int
)

func loadProducts() {
	loadTables() // productNames
	productsByFirst = make(map[string][]int, len(productNames))
	for i, p := range productNames {
		productsByFirst[p.said[0]] = append(productsByFirst[p.said[0]], i)
	}
	for _, is := range productsByFirst {
		// Longest first: "visual studio code" before "visual studio".
		for a := 1; a < len(is); a++ {
			for b := a; b > 0 && len(productNames[is[b]].said) > len(productNames[is[b-1]].said); b-- {
				is[b], is[b-1] = is[b-1], is[b]
			}
		}
	}
}

// productAt is the product whose words start rest[i], unquoted, or nil.
func productAt(rest []token, i int) *product {
	for _, k := range productsByFirst[rest[i].w] {
		p := &productNames[k]
		if i+len(p.said) > len(rest) {
			continue
		}
		ok := true
		for j, word := range p.said {
			if t := rest[i+j]; t.quoted || t.w != word {
				ok = false
				break
			}
		}
		if ok {
			return p
		}
	}
	return nil
}

// productsSaid reads the products named in an install's words (rest,
// after the verb): each one with an attribute becomes one word of that
// name, with its note; one set up by a NixOS service, said alone, is
// that service; one nixpkgs has no package of answers the request
// (in.Kind empty, err set), so nothing else of it is carried out
// either. ok is false when rest names none.
func productsSaid(text string, rest []token) (out []token, in intent.Intent, notes []string, ok bool, err error) {
	productsOnce.Do(loadProducts)
	first := -1
	for i := range rest {
		if !rest[i].quoted && productAt(rest, i) != nil {
			first = i
			break
		}
	}
	if first < 0 {
		return nil, intent.Intent{}, nil, false, nil // most installs: no copy
	}
	out = append(make([]token, 0, len(rest)), rest[:first]...)
	for i := first; i < len(rest); i++ {
		p := (*product)(nil)
		if !rest[i].quoted {
			p = productAt(rest, i)
		}
		if p == nil {
			out = append(out, rest[i])
			continue
		}
		ok = true
		switch {
		case p.attr != "":
			last := rest[i+len(p.said)-1]
			lw := strings.ToLower(p.attr)
			out = append(out, token{w: lw, lem: lw, raw: p.attr, start: rest[i].start, end: last.end})
			if p.note != "" {
				notes = append(notes, p.note)
			}
			i += len(p.said) - 1
		case p.option != "" && onlyFillersBeside(rest, i, len(p.said)):
			// "install docker engine": the service, said alone.
			return nil, intent.Intent{Kind: intent.EnableService, Option: p.option, Service: joinW(rest[i : i+len(p.said)]), Notes: []string{p.note}}, nil, true, nil
		case p.option != "":
			// With other packages: the switch is a request of its own.
			return nil, intent.Intent{}, nil, true, &intent.NotUnderstood{Request: text,
				Suggestions: []intent.Suggestion{sug(intent.EnableService, p.on)},
				Hint:        p.note + ": it is turned on, not installed (\"" + p.on + "\"), a request of its own beside the packages; nothing was changed"}
		default:
			return nil, intent.Intent{}, nil, true, &intent.NotUnderstood{Request: text, Suggestions: p.ss, Hint: p.why}
		}
	}
	return out, intent.Intent{}, notes, ok, nil
}

// productAttrsSaid is rest with each program named in several words
// that is one nixpkgs attribute read as that attribute, as an install
// reads it: "remove google chrome" takes out the google-chrome that
// "install google chrome" put in, not packages named google and chrome.
// Other products stay words (what an install of them refuses, a removal
// finds nothing of). rest itself when it names none.
func productAttrsSaid(rest []token) []token {
	productsOnce.Do(loadProducts)
	var out []token
	for i := 0; i < len(rest); i++ {
		var p *product
		if !rest[i].quoted {
			p = productAt(rest, i)
		}
		if p == nil || p.attr == "" {
			if out != nil {
				out = append(out, rest[i])
			}
			continue
		}
		if out == nil {
			out = append(make([]token, 0, len(rest)), rest[:i]...)
		}
		last := rest[i+len(p.said)-1]
		lw := strings.ToLower(p.attr)
		out = append(out, token{w: lw, lem: lw, raw: p.attr, start: rest[i].start, end: last.end})
		i += len(p.said) - 1
	}
	if out == nil {
		return rest
	}
	return out
}

// onlyFillersBeside: rest holds nothing but the n words at i and
// fillers ("the", "a").
func onlyFillersBeside(rest []token, i, n int) bool {
	for j, t := range rest {
		if (j < i || j >= i+n) && (t.quoted || !packageFillers[t.w]) {
			return false
		}
	}
	return true
}

// ProductAttr: name is an attribute a program named in words is read
// as ("visual studio code": vscode), which the request does not spell;
// said are those words, each lower case and spaced, so a caller that
// finds the other names in the request's words (to join "libre office"
// into libreoffice with the package index) can leave them out.
func ProductAttr(name string) (said []string, ok bool) {
	for _, p := range productNames {
		if p.attr == name {
			said = append(said, strings.Join(p.said, " "))
		}
	}
	return said, said != nil
}

// loadProductsTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadProductsTables() {
	outlookSS = []intent.Suggestion{sug(intent.Install, "install thunderbird"), sug(intent.Install, "install evolution")}
	protonSS = []intent.Suggestion{sug(intent.EnableService, "enable steam"), sug(intent.Install, "install protonup-qt")}
	epicSS = []intent.Suggestion{sug(intent.Install, "install heroic"), sug(intent.Install, "install lutris")}
	dockerDesktopSS = []intent.Suggestion{sug(intent.EnableService, "enable docker"), sug(intent.Install, "install podman-desktop"), sug(intent.Install, "install lazydocker")}
	premiereSS = []intent.Suggestion{sug(intent.Install, "install kdePackages.kdenlive"), sug(intent.Install, "install davinci-resolve"), sug(intent.Install, "install shotcut")}
	pdfReaderSS = []intent.Suggestion{sug(intent.Install, "install kdePackages.okular"), sug(intent.Install, "install evince"), sug(intent.Install, "install zathura")}
	photoshopSS = []intent.Suggestion{sug(intent.Install, "install gimp"), sug(intent.Install, "install krita")}
	lightroomSS = []intent.Suggestion{sug(intent.Install, "install darktable"), sug(intent.Install, "install rawtherapee")}
	officeSS = []intent.Suggestion{sug(intent.Install, "install libreoffice"), sug(intent.Install, "install onlyoffice-desktopeditors")}
	productNames = []product{
		{said: productWords("docker desktop"), why: dockerDesktopWhy, ss: dockerDesktopSS},
		{said: productWords("docker-desktop"), why: dockerDesktopWhy, ss: dockerDesktopSS},
		{said: productWords("docker engine"), option: "virtualisation.docker.enable", on: "enable docker", note: dockerEngineNote},
		{said: productWords("docker ce"), option: "virtualisation.docker.enable", on: "enable docker", note: dockerEngineNote},
		{said: productWords("docker community edition"), option: "virtualisation.docker.enable", on: "enable docker", note: dockerEngineNote},
		// "docker compose": one program, not docker and nixpkgs' compose.
		{said: productWords("docker compose"), attr: "docker-compose", note: dockerComposeNote},

		{said: productWords("visual studio code"), attr: "vscode", note: vscodeNote},
		{said: productWords("vs code"), attr: "vscode", note: vscodeNote},
		{said: productWords("visual studio codium"), attr: "vscodium"},
		{said: productWords("visual studio"), why: visualStudioWhy, ss: []intent.Suggestion{sug(intent.Install, "install vscode"), sug(intent.Install, "install dotnet-sdk"), sug(intent.Install, "install jetbrains.rider")}},

		{said: productWords("google chrome"), attr: "google-chrome"},
		{said: productWords("kde plasma 6"), option: "services.desktopManager.plasma6.enable", on: "enable plasma", note: plasma6Note},
		{said: productWords("plasma 6"), option: "services.desktopManager.plasma6.enable", on: "enable plasma", note: plasma6Note},
		{said: productWords("looking glass"), attr: "looking-glass-client", note: "Looking Glass's viewer is nixpkgs' looking-glass-client; its host runs in the Windows virtual machine"},
		{said: productWords("moonlight"), attr: "moonlight-qt", note: "Moonlight, the game streaming client, is nixpkgs' moonlight-qt"},
		{said: productWords("papirus icons"), attr: "papirus-icon-theme"},
		{said: productWords("papirus icon theme"), attr: "papirus-icon-theme"},
		{said: productWords("google earth"), attr: "googleearth-pro"},
		{said: productWords("gnome disks"), attr: "gnome-disk-utility", note: "GNOME Disks is nixpkgs' gnome-disk-utility"},
		{said: productWords("only office"), attr: "onlyoffice-desktopeditors"},
		{said: productWords("onlyoffice"), attr: "onlyoffice-desktopeditors"},
		{said: productWords("intellij idea community"), attr: "jetbrains.idea-community"},
		{said: productWords("intellij community"), attr: "jetbrains.idea-community"},
		{said: productWords("intellij idea ultimate"), attr: "jetbrains.idea-ultimate"},
		{said: productWords("intellij ultimate"), attr: "jetbrains.idea-ultimate"},
		{said: productWords("pycharm community"), attr: "jetbrains.pycharm-community"},
		{said: productWords("pycharm professional"), attr: "jetbrains.pycharm-professional"},
		{said: productWords("pycharm pro"), attr: "jetbrains.pycharm-professional"},
		{said: productWords("dot net"), attr: "dotnet-sdk", note: ".NET is nixpkgs' dotnet-sdk (the SDK, with the runtime)"},
		// zoom alone is nixpkgs' zoom, a player of text adventures, which
		// install says (catalog's namedOtherwise); said as the video calls,
		// it is those.
		{said: productWords("zoom client"), attr: "zoom-us"},
		{said: productWords("zoom meetings"), attr: "zoom-us"},
		{said: productWords("zoom video"), attr: "zoom-us"},
		{said: productWords("zoom us"), attr: "zoom-us"},
		{said: productWords("kde connect"), option: "programs.kdeconnect.enable", on: "enable kde connect", note: kdeConnectNote},
		// "install kde dolphin" was "enable kde and install dolphin".
		{said: productWords("kde dolphin"), attr: "kdePackages.dolphin"},
		{said: productWords("kde konsole"), attr: "kdePackages.konsole"},
		{said: productWords("kde kate"), attr: "kdePackages.kate"},
		{said: productWords("kde okular"), attr: "kdePackages.okular"},
		{said: productWords("kde spectacle"), attr: "kdePackages.spectacle"},
		{said: productWords("kde gwenview"), attr: "kdePackages.gwenview"},
		{said: productWords("kde ark"), attr: "kdePackages.ark"},
		{said: productWords("kde kcalc"), attr: "kdePackages.kcalc"},
		{said: productWords("plasma browser integration"), attr: "kdePackages.plasma-browser-integration"},
		{said: productWords("kde plasma browser integration"), attr: "kdePackages.plasma-browser-integration"},
		{said: productWords("virtualbox guest additions"), option: "virtualisation.virtualbox.guest.enable", on: "enable virtualbox guest additions",
			note: "VirtualBox's guest additions are set up through NixOS's module for machines running inside VirtualBox (virtualisation.virtualbox.guest.enable)"},
		{said: productWords("virtualbox extension pack"), why: "VirtualBox's extension pack is a setting of its NixOS module, which needs the module on: \"enable virtualbox extension pack\" sets both (virtualisation.virtualbox.host.enable and enableExtensionPack); nothing was changed",
			ss: []intent.Suggestion{sug(intent.EnableService, "enable virtualbox extension pack")}},
		{said: productWords("kde partition manager"), option: "programs.partition-manager.enable", on: "enable partition manager", note: partitionManagerNote},
		{said: productWords("partition manager"), option: "programs.partition-manager.enable", on: "enable partition manager", note: partitionManagerNote},
		{said: productWords("microsoft edge"), attr: "microsoft-edge"},
		{said: productWords("ms edge"), attr: "microsoft-edge"},
		{said: productWords("microsoft teams"), attr: "teams-for-linux", note: teamsNote},
		{said: productWords("ms teams"), attr: "teams-for-linux", note: teamsNote},
		{said: productWords("proton vpn"), attr: "protonvpn-gui", note: "Proton VPN's app is nixpkgs' protonvpn-gui"},
		{said: productWords("sublime text"), attr: "sublime4", note: "Sublime Text is nixpkgs' sublime4 (sublime is Sublime Text 2, sublime3 version 3)"},
		{said: productWords("sublime text 4"), attr: "sublime4", note: "Sublime Text is nixpkgs' sublime4 (sublime is Sublime Text 2, sublime3 version 3)"},
		{said: productWords("sublime text 3"), attr: "sublime3"},

		{said: productWords("adobe reader"), why: pdfReaderWhy, ss: pdfReaderSS},
		{said: productWords("adobe acrobat"), why: pdfReaderWhy, ss: pdfReaderSS},
		{said: productWords("acrobat reader"), why: pdfReaderWhy, ss: pdfReaderSS},
		{said: productWords("adobe pdf reader"), why: pdfReaderWhy, ss: pdfReaderSS},
		{said: productWords("acrobat"), why: pdfReaderWhy, ss: pdfReaderSS},
		{said: productWords("adobe photoshop"), why: photoshopWhy, ss: photoshopSS},
		{said: productWords("photoshop"), why: photoshopWhy, ss: photoshopSS},
		{said: productWords("adobe lightroom"), why: lightroomWhy, ss: lightroomSS},
		{said: productWords("lightroom"), why: lightroomWhy, ss: lightroomSS},
		{said: productWords("adobe illustrator"), why: "Illustrator has no Linux version: Inkscape (\"install inkscape\") draws vector graphics and opens .ai and .svg files; nothing was changed",
			ss: []intent.Suggestion{sug(intent.Install, "install inkscape")}},
		{said: productWords("adobe premiere"), why: premiereWhy, ss: premiereSS},
		{said: productWords("premiere pro"), why: premiereWhy, ss: premiereSS},

		{said: productWords("microsoft office"), why: officeWhy, ss: officeSS},
		{said: productWords("ms office"), why: officeWhy, ss: officeSS},
		{said: productWords("office 365"), why: officeWhy, ss: officeSS},
		{said: productWords("microsoft 365"), why: officeWhy, ss: officeSS},
		{said: productWords("microsoft word"), why: officeWhy, ss: officeSS},
		{said: productWords("ms word"), why: officeWhy, ss: officeSS},
		{said: productWords("microsoft excel"), why: officeWhy, ss: officeSS},
		{said: productWords("ms excel"), why: officeWhy, ss: officeSS},
		{said: productWords("microsoft powerpoint"), why: officeWhy, ss: officeSS},
		{said: productWords("microsoft outlook"), why: outlookWhy, ss: outlookSS},
		{said: productWords("ms outlook"), why: outlookWhy, ss: outlookSS},

		{said: productWords("steam deck"), why: "the Steam Deck is Valve's handheld computer, not a program: Steam is \"enable steam\" (programs.steam.enable), and the Deck's full-screen game mode is Steam in gamescope, programs.steam.gamescopeSession.enable (\"enable programs.steam.gamescopeSession.enable\"); " +
			"NixOS on a Steam Deck itself is the Jovian-NixOS project, outside nixpkgs; nothing was changed",
			ss: []intent.Suggestion{sug(intent.EnableService, "enable steam"), sug(intent.EnableService, "enable programs.steam.gamescopeSession.enable")}},
		{said: productWords("steam link"), why: "Steam Link, Valve's app that plays games streamed from a computer running Steam, is not in nixpkgs: Steam streams itself with Remote Play (\"enable steam\"; programs.steam.remotePlay.openFirewall opens its ports), " +
			"and Moonlight (\"install moonlight-qt\") plays games streamed by Sunshine (services.sunshine); nothing was changed",
			ss: []intent.Suggestion{sug(intent.EnableService, "enable steam"), sug(intent.Install, "install moonlight-qt")}},
		{said: productWords("steam proton"), why: protonWhy, ss: protonSS},
		{said: productWords("proton ge"), why: protonWhy, ss: protonSS},
		{said: productWords("proton-ge"), why: protonWhy, ss: protonSS},
		{said: productWords("ge proton"), why: protonWhy, ss: protonSS},
		{said: productWords("ge-proton"), why: protonWhy, ss: protonSS},
		{said: productWords("epic games"), why: epicWhy, ss: epicSS},
		{said: productWords("epic launcher"), why: epicWhy, ss: epicSS},
		{said: productWords("epic store"), why: epicWhy, ss: epicSS},
	}
}
