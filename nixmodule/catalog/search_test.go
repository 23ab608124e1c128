package catalog

import (
	"slices"
	"strings"
	"testing"
)

// TestSearchFirstResult asks the full-size index (124,693 real nixpkgs
// names) what a person would ask, and checks the first answer is the one
// they mean.
func TestSearchFirstResult(t *testing.T) {
	ix := fullIndex(t)
	tests := []struct {
		query string
		want  string
	}{
		// Exact names.
		{"firefox", "firefox"},
		{"Firefox", "firefox"},
		{"GIMP", "gimp"},
		{"fd", "fd"},
		{"bat", "bat"},
		{"jq", "jq"},
		{"git", "git"},
		{"vim", "vim"},
		{"emacs", "emacs"},
		{"tailscale", "tailscale"},
		{"steam", "steam"},
		{"docker", "docker"},
		{"ripgrep", "ripgrep"},
		{"neovim", "neovim"},
		{"thunderbird", "thunderbird"},
		{"obsidian", "obsidian"},
		{"spotify", "spotify"},
		{"discord", "discord"},
		{"sqlite", "sqlite"},
		{"redis", "redis"},
		{"ollama", "ollama"},
		{"yt-dlp", "yt-dlp"},
		{"mpv", "mpv"},
		{"vlc", "vlc"},
		{"the firefox", "firefox"}, // stop words drop out
		// Attribute paths.
		{"python313Packages.requests", "python313Packages.requests"},
		{"kdePackages.kate", "kdePackages.kate"},
		{"ghub+", `emacsPackages."ghub+"`},
		// Program names (meta.mainProgram).
		{"rg", "ripgrep"},
		{"nvim", "neovim"},
		{"hx", "helix"},
		{"code", "vscode"},
		{"codium", "vscodium"},
		{"magick", "imagemagick"},
		{"obs", "obs-studio"},
		{"btm", "bottom"},
		{"http", "httpie"},
		{"gpg", "gnupg"},
		{"ssh", "openssh"},
		{"make", "gnumake"},
		{"psql", "postgresql"},
		{"wg", "wireguard-tools"},
		{"borg", "borgbackup"},
		{"lspci", "pciutils"},
		{"sensors", "lm_sensors"},
		{"python3", "python313"},
		{"7z", "p7zip"},
		{"difft", "difftastic"},
		{"zeditor", "zed-editor"},
		{"subl", "sublime4"},
		{"wl-copy", "wl-clipboard"},
		{"grep", "gnugrep"},
		{"sed", "gnused"},
		{"find", "findutils"},
		// Prefixes.
		{"vscod", "vscode"},
		// Several words: all must match, names before descriptions.
		// The newest version of a set first, as of an interpreter.
		{"python requests", "python313Packages.requests"},
		{"python3 requests", "python313Packages.requests"},
		{"firefox esr", "firefox-esr"},
		{"nodejs 20", "nodejs_20"},
		{"gnome text editor", "gnome-text-editor"},
		{"text editor", "gnome-text-editor"},
		// Description words.
		{"json processor", "jq"},
		{"web browser", "firefox"},
		{"password manager", "keepassxc"},
		{"bittorrent client", "qbittorrent"},
		{"video editor", "shotcut"},
		{"fuzzy finder", "fzf"},
		{"language server nix", "nil"},
		{"nix helper", "nh"},
		// Typos.
		{"firefx", "firefox"},
		{"neovmi", "neovim"},
		{"rigrep", "ripgrep"},
		{"thunderbrid", "thunderbird"},
		{"chromum", "chromium"},
		{"gimpp", "gimp"},
		{"blendr", "blender"},
		{"inkscpe", "inkscape"},
		{"libreofice", "libreoffice"},
		{"alacrity", "alacritty"},
		{"kity", "kitty"},
		{"htpo", "htop"},
		{"dokcer", "docker"},
		// Versions of a name: the newest release, not the oldest
		// (python2) nor a preview (python314 is 3.14.0a4).
		{"python", "python313"},
		{"pyhton", "python313"},
		{"python 3", "python313"},
		{"gtk", "gtk4"},
		// A version with dots, as nixpkgs spells it.
		{"gcc 13", "gcc13"},
		{"go 1.22", "go_1_22"},
		{"go1.22", "go_1_22"},
		{"linux 6.6", "linuxKernel.kernels.linux_6_6"},
		// A project's desktop app, and a typo of it.
		{"signal", "signal-desktop"},
		{"telegram", "telegram-desktop"},
		{"telegarm", "telegram-desktop"},
		// The start of a name, whether the word ends there or not:
		// the shorter name first (rustc, not rust-motd).
		{"thunder", "thunderbird"},
		{"rust", "rustc"},
		// With the set people write it with.
		{"pkgs.firefox", "firefox"},
		{"nixpkgs.firefox", "firefox"},
		{"nixos.firefox", "firefox"},
		{"nixpkgs#firefox", "firefox"},
		{"nodePackages.typescript", "typescript"},
		// Words with an English ending, when no package has them all
		// as typed.
		{"youtube downloader", "yt-dlp"},
		// A name written without its hyphens is the name, not a typo.
		{"googlechrome", "google-chrome"},
		{"ytdlp", "yt-dlp"},
		{"gnometexteditor", "gnome-text-editor"},
		{"video editors", "shotcut"},
		// The name a person uses for a package nixpkgs names otherwise
		// (otherNames), after an exact name, before prefixes.
		{"chrome", "google-chrome"},
		{"Chrome", "google-chrome"},
		{"java", "jdk"},
		{"openjdk", "jdk"},
		{"golang", "go"},
		{"node", "nodejs_22"},
		{"node.js", "nodejs_22"},
		{"npm", "nodejs_22"},
		{"haskell", "ghc"},
		{"dotnet", "dotnet-sdk"},
		{"c#", "dotnet-sdk"},
		{"edge", "microsoft-edge"},
		{"skype", "skypeforlinux"},
		{"office", "libreoffice"},
		{"postgres", "postgresql"},
		// The start of a name: the project nixpkgs keeps in several
		// versions (postgresql_16), before shorter names.
		{"postgre", "postgresql"},
		{"postgr", "postgresql"},
		{"pip", "python313Packages.pip"},
		{"intellij", "jetbrains.idea-community"},
		{"gcloud", "google-cloud-sdk"},
		{"exa", "eza"},
		{"nvtop", "nvtopPackages.full"},
		{"numpy", "python313Packages.numpy"},
		{"aws", "awscli2"},
		{"latex", "texliveFull"},
		{"visual studio code", "vscode"},
		{"vs code", "vscode"},
		{"firefox developer edition", "firefox-devedition"},
		{"firefox developer", "firefox-devedition"},
		{"dolphin emulator", "dolphin-emu"}, // not KDE's file manager
		{"libre office", "libreoffice"},
		{"aws cli", "awscli2"},
		// Commands of a package named for the collection.
		{"ls", "coreutils"},
		{"ip", "iproute2"},
		{"tar", "gnutar"},
		{"ifconfig", "nettools"},
		// An exact attribute wins over any other name for it.
		{"teams", "teams"},
		{"dig", "dig"},
		// A name the listing gives under another of its nixpkgs names:
		// nodejs is nodejs_22, not the newest (odd, short-lived) 23.
		{"nodejs", "nodejs_22"},
		{"python312", "python312Packages.python"},
		// The current KDE's app before the Qt 5 one's.
		{"kate", "kdePackages.kate"},
		{"kdenlive", "kdePackages.kdenlive"},
		// An attribute path in another case.
		{"haskellPackages.Pandoc", "haskellPackages.pandoc"},
		{"haskellpackages.pandoc", "haskellPackages.pandoc"},
		// A project's fonts.
		{"noto", "noto-fonts"},
		{"dejavu", "dejavu_fonts"},
		// Words together as a description has them.
		{"terminal emulator", "foot"},
		// A desktop's app is ranked as a top-level one by its name; a
		// part of its name is no more than a description saying the
		// words: "file manager" is a standalone file manager (mc,
		// ranger, yazi say so) before deepin.dde-file-manager.
		{"file manager", "mc"},
		{"dolphin", "kdePackages.dolphin"},
		{"thunar", "xfce.thunar"},
		{"ark", "kdePackages.ark"},
		// Versions of the package a name means, and typos of such a name.
		{"java 21", "jdk21_headless"},
		{"golnag", "go"},
		{"nodjs", "nodejs_22"},
		// Everyday names that were right already.
		{"elixir", "beam27Packages.elixir"},
		{"r", "R"},
		{"steam run", "steam-run"},
		{"prism launcher", "prismlauncher"},
		{"docker compose", "docker-compose"},
		{"oh my zsh", "oh-my-zsh"},
		{"jetbrains mono", "jetbrains-mono"},
		{"hyprland", "hyprland"},
		{"vesktop", "vesktop"},
		// A word written joined, hyphenated or apart is one word:
		// thunderbird's "e-mail client" is an email client.
		{"email client", "thunderbird"},
		{"e-mail client", "thunderbird"},
		{"email-client", "thunderbird"},
		{"webbrowser", "firefox"},
		{"web-browser", "firefox"},
		{"text-editor", "gnome-text-editor"},
		{"filemanager", "mc"},
		{"yt-dlp", "yt-dlp"},
		// A description that says the words together before a name that
		// only holds them run together (pdfstudioviewer).
		{"pdf viewer", "zathura"},
		// The exact name first even where people mostly mean another
		// (MeantOtherwise says so when installing it).
		{"zoom", "zoom"},
		// The package people mean by a project's name, and commands
		// that come in a package named otherwise.
		{"wireguard", "wireguard-tools"},
		{"cuda", "cudaPackages.cudatoolkit"},
		{"anaconda", "conda"},
		{"winrar", "rar"},
		{"adb", "android-tools"},
		{"fastboot", "android-tools"},
		{"glxinfo", "mesa-demos"},
		{"vulkaninfo", "vulkan-tools"},
		{"pdftotext", "poppler_utils"},
		{"mkfs.vfat", "dosfstools"},
		{"mkfs.ext4", "e2fsprogs"},
		{"xdg-open", "xdg-utils"},
		{"scp", "openssh"},
		{"ssh-keygen", "openssh"},
		{"watch", "procps"},
		{"nc", "netcat"},
		{"iostat", "sysstat"},
		{"htpasswd", "apacheHttpd"},
		// Names that were right already.
		{"irc client", "irssi"},
		{"process viewer", "process-viewer"},
		{"office suite", "libreoffice"},
		{"password manager", "keepassxc"},
		{"cloud storage", "rclone"},
		{"borg", "borgbackup"},
		{"obs studio", "obs-studio"},
		{"android studio", "android-studio"},
		{"java 17", "jdk17"},
		{"python pip", "python313Packages.pip"},
		{"nodejs npm", "nodejs_22"},
		{"fastfetch", "fastfetch"},
		{"tailscale", "tailscale"},
		{"version control", "git"},
		{"key-value store", "redis"},
		{"terminal multiplexer", "tmux"},
		{"system info", "neofetch"},
		{"sql database", "sqlite"},
		{"command-line json", "jq"},
		{"vlc player", "vlc"},
		{"telegarm desktop", "telegram-desktop"},
		{"spotfy", "spotify"},
		{"discrod", "discord"},
		{"z shell", "zsh"},
		{"noto emoji", "noto-fonts-color-emoji"},
		// Joined, hyphenated: the same words.
		{"versioncontrol", "git"},
		{"keyvalue store", "redis"},
		{"json-processor", "jq"},
		{"fuzzy-finder", "fzf"},
		{"password-manager", "keepassxc"},
		{"video-editor", "shotcut"},
		// A name written without its hyphen, where another name holds
		// the word run together (rictydiminished-with-firacode).
		{"firacode", "fira-code"},
		{"obsstudio", "obs-studio"},
		{"dejavufonts", "dejavu_fonts"},
		// Words that say how good or what kind of thing, not which.
		{"the best text editor", "gnome-text-editor"},
		{"best pdf viewer program", "zathura"},
		{"secure messenger app", "signal-desktop"},
		{"pytorch", "python313Packages.torch"},
		{"clangd", "clang-tools"},
		{"nixfmt", "nixfmt-rfc-style"},
		{"home manager", "home-manager"},
		{"nom", "nom"},
		{"rust analyzer", "rust-analyzer"},
		{"python numpy", "python313Packages.numpy"},
		{"python3 pandas", "python313Packages.pandas"},
		{"microsoft teams", "teams-for-linux"},
		{"ms teams", "teams-for-linux"},
		{"open office", "libreoffice"},
		{"openoffice", "libreoffice"},
		// The start of a desktop app's name is its name, as for a
		// top-level one.
		{"kdeconnect", "kdePackages.kdeconnect-kde"},
		{"kde-connect", "kdePackages.kdeconnect-kde"},
		// A plain word is a program: a top-level name that has it as a
		// word before a library a package set names so
		// (haskellPackages.calculator, texlivePackages.calculator,
		// expidus.calculator). These rest on names: the generated
		// descriptions say nothing of calculators.
		{"calculator", "gnome-calculator"},
		// ... and before a name that only holds its letters (pflask):
		// the library, Python's before other sets' (kodiPackages).
		{"requests", "python313Packages.requests"},
		{"flask", "python313Packages.flask"},
		{"numpy", "python313Packages.numpy"},
		// A set member when nothing at the top level has the name.
		{"magit", "emacsPackages.magit"},
		// With the set's name, the set's member first.
		{"haskell calculator", "haskellPackages.calculator"},
		{"emacs magit", "emacsPackages.magit"},
		{"python flask", "python313Packages.flask"},
		// Sets of programs, not libraries: their members' names are
		// programs' names.
		{"xev", "xorg.xev"},
		{"xrandr", "xorg.xrandr"},
		{"xprop", "xorg.xprop"},
		{"erlang", "beam27Packages.erlang"},
		// A typo of a name people use before a name as far off.
		{"postgress", "postgresql"},
		// What a program does, as its description says it.
		{"image viewer", "feh"},
		{"desktop calculator", "qalculate-gtk"},
		// A word that alone names a kind of program (kindPhrases): the
		// programs whose description says so before names holding the
		// word (browsers, terminal-colors, editorconfig-checker).
		{"browser", "firefox"},
		{"terminal", "foot"},
		{"editor", "gnome-text-editor"},
		{"mail", "neomutt"},
		{"torrent", "qbittorrent"},
		{"email", "email"}, // an exact name first all the same
		// Everyday tools and their typos, as checked by hand against
		// what a person would agree with.
		{"kubectl", "kubectl"},
		{"kubctl", "kubectl"},
		{"helm", "helm"},
		{"terraform", "terraform"},
		{"terrafrom", "terraform"},
		{"ansibel", "ansible"},
		{"vscdoe", "vscode"},
		{"mysql", "mysql84"},
		{"caddy", "caddy"},
		{"slack", "slack"},
		{"cmake", "cmake"},
		{"k8s", "kubectl"},
		{"wine staging", "wine-staging"},
		{"sqlite browser", "sqlitebrowser"},
		{"nextcloud client", "nextcloud-client"},
		{"gnome tweaks", "gnome-tweaks"},
		// A qualifier and a kind of program (kindQualifiers,
		// kindForms): the programs whose description says that kind,
		// in the words typed or others for the same ("media player",
		// "movie player", "image manipulation"), before names that
		// only hold the words (sbclPackages.cl-video-player).
		{"video player", "mpv"},
		{"movie player", "mpv"},
		{"audio player", "rhythmbox"},
		{"document viewer", "evince"},
		{"pdf reader", "zathura"},
		{"photo viewer", "feh"},
		{"photo editor", "gimp"},
		{"image editor", "gimp"},
		{"image editing", "gimp"},
		{"video editing", "shotcut"},
		{"screen recorder", "simplescreenrecorder"},
		{"note taking app", "joplin-desktop"},
		{"note-taking app", "joplin-desktop"},
		// A project's tools, where its name is no package or only its
		// library: vulkan-tools (vulkaninfo), not vulkan-cts (its
		// conformance tests), the shortest name.
		{"vulkan", "vulkan-tools"},
		{"btrfs", "btrfs-progs"},
		{"nfs", "nfs-utils"},
		{"i2c", "i2c-tools"},
		{"usb", "usbutils"},
		{"pci", "pciutils"},
		// A word that alone names a kind of program descriptions say
		// by the word (kindPhrases).
		{"pdf", "zathura"},
		{"java ide", "jetbrains.idea-community"},
		{"python ide", "jetbrains.pycharm-community"},
		// Names people use for a language's compiler.
		{"c compiler", "gcc"},
		{"c++ compiler", "gcc"},
		{"c++", "gcc"},
		{"cpp", "gcc"},
		// A typo of a program before a library inside a set that only
		// has the letters (rPackages.StemAnalysis), and of a desktop's
		// app, the current KDE's first.
		{"stema", "steam"},
		{"kdenlve", "kdePackages.kdenlive"},
		// A name written apart is the name, as it would be joined.
		{"node js", "nodejs_22"},
		{"sshd", "openssh"},
		{"audio editor", "audacity"}, // "Sound editor"
		{"archive manager", "file-roller"},
		// Two letters the wrong way round before one letter for another
		// (tmsu).
		{"tmxu", "tmux"},
		{"mp3 player", "rhythmbox"}, // a music player
		// A name and the kind it is.
		{"mpv video player", "mpv"},
		{"gimp photo editor", "gimp"},
		{"vlc media player", "vlc"},
		{"ms edge", "microsoft-edge"},
	}
	if len(tests) < 60 {
		t.Fatalf("only %d ranking cases; keep at least 60", len(tests))
	}
	for _, tt := range tests {
		res, total := ix.Search(tt.query, 5)
		if len(res) == 0 {
			t.Errorf("search %q: no results, want %s first", tt.query, tt.want)
			continue
		}
		if res[0].Attr != tt.want {
			var got []string
			for _, r := range res {
				got = append(got, r.Attr)
			}
			t.Errorf("search %q: first is %s, want %s (top: %s)", tt.query, res[0].Attr, tt.want, strings.Join(got, ", "))
		}
		if total < len(res) {
			t.Errorf("search %q: total %d < %d shown", tt.query, total, len(res))
		}
	}
}

// TestSearchKindTop: for a qualifier and a kind of program, the
// programs of that kind come first, whether their description says it
// as typed or in other words; names holding the words still follow.
func TestSearchKindTop(t *testing.T) {
	ix := fullIndex(t)
	for _, tt := range []struct {
		query string
		top   []string // each among the first len(top) results
		also  []string // among the results, after those
	}{
		{"video player", []string{"mpv", "vlc", "totem"}, []string{"haruna", "celluloid", "sbclPackages.cl-video-player"}},
		{"movie player", []string{"mpv", "vlc", "totem"}, nil},
		// A music player says so before a media player, which plays
		// music too; a package named so first all the same.
		{"music player", []string{"music-player", "rhythmbox", "strawberry"}, []string{"vlc", "mpv"}},
		// A pdf viewer says so before a document viewer.
		{"pdf viewer", []string{"zathura"}, []string{"evince"}},
		{"document viewer", []string{"evince", "zathura"}, nil},
		{"image viewer", []string{"feh", "imv", "loupe", "nomacs"}, nil},
		{"photo viewer", []string{"feh", "imv", "loupe", "nomacs"}, nil},
		{"image editing", []string{"gimp"}, []string{"imagemagick"}},
		{"ebook reader", []string{"foliate", "mupdf"}, []string{"evince"}},
		{"e-book reader", []string{"foliate", "mupdf"}, []string{"evince"}},
		{"video editor", []string{"shotcut", "kdePackages.kdenlive"}, nil},
		{"password manager", []string{"keepassxc", "bitwarden-desktop"}, nil},
		{"file manager", []string{"mc", "yazi", "ranger", "nautilus", "xfce.thunar"}, nil},
		// Two words a description runs together: nginx's "lightweight
		// webserver", after names that have both words.
		{"web server", []string{"static-web-server", "webdav-server-rs", "nginx"}, nil},
		// IDEs: jetbrains' are programs (programSet), whose
		// descriptions say "IDE", before identity and ideogram.
		{"ide", []string{"arduino-ide", "jetbrains.idea-community", "jetbrains.pycharm-community"}, []string{"identity"}},
		{"vpn", []string{"calyx-vpn", "riseup-vpn", "tailscale"}, []string{"vpnc", "openvpn"}},
		// Programs whose description says "screenshot" (kindPhrases)
		// before names that only hold the word.
		{"screenshot", []string{"cosmic-screenshot", "ksnip", "flameshot"}, []string{"rofi-screenshot", "gnome-screenshot"}},
		// Kinds of program an office suite is (suiteKinds): the
		// program that says the kind, then the suite, whose
		// description does not.
		{"spreadsheet", []string{"gnumeric", "libreoffice"}, nil},
		{"word processor", []string{"abiword", "libreoffice"}, nil},
		// A server named for a NixOS service (services.mysql) is the
		// packages named so, whose descriptions need not say "server",
		// and the ones that say its name and the word (mariadb-server).
		{"mysql server", []string{"mysql84", "mysql80", "mariadb"}, nil},
		{"git gui", []string{"git-cola"}, []string{"gitg"}},
		// A screen recorder records video: obs-studio's "video
		// recording" after the screen recorders, and first beside its
		// name.
		{"screen recorder", []string{"simplescreenrecorder", "gpu-screen-recorder"}, []string{"obs-studio"}},
		{"obs screen recorder", []string{"obs-studio"}, nil},
		{"office suite", []string{"libreoffice"}, nil},
	} {
		res, _ := ix.Search(tt.query, 0)
		pos := map[string]int{}
		var got []string
		for i, r := range res {
			pos[r.Attr] = i
			if i < 8 {
				got = append(got, r.Attr)
			}
		}
		for _, w := range tt.top {
			if i, ok := pos[w]; !ok || i >= len(tt.top) {
				t.Errorf("search %q: %s not among the first %d (top: %s)", tt.query, w, len(tt.top), strings.Join(got, ", "))
			}
		}
		for _, w := range tt.also {
			if i, ok := pos[w]; !ok || i < len(tt.top) {
				t.Errorf("search %q: %s not found after the first %d (top: %s)", tt.query, w, len(tt.top), strings.Join(got, ", "))
			}
		}
	}
}

// TestSearchVersionsNewestFirst: versions of one name that match alike
// come newest first, releases before previews, so the first is never
// an end-of-life one.
func TestSearchVersionsNewestFirst(t *testing.T) {
	ix := fullIndex(t)
	for _, tt := range []struct {
		query string
		want  []string // in this order, maybe with others between
	}{
		{"python", []string{"python313", "python311", "python310", "python39", "python2", "python314"}},
		// Python 3.12 where the listing has it: as its package set's
		// python (python312 is not listed itself; ListedAs), the
		// interpreter, not a library named so. Only the interpreters'
		// own sets' pythons: sourcehut's is a library, and
		// python313Packages.python is python313 once more.
		{"python", []string{"python313", "python312Packages.python", "python311", "python2", "sourcehut.python"}},
		{"python", []string{"python311", "python313Packages.python"}},
		// A project's tools, then its other packages, its test suite
		// ("Conformance Tests") after those.
		{"vulkan", []string{"vulkan-tools", "vulkan-loader", "vulkan-cts"}},
		// nodejs is nodejs_22 (listedUnder): it first, then the
		// others newest first, as go, then go_1_24.
		{"nodejs", []string{"nodejs_22", "nodejs_23", "nodejs_20", "nodejs_18"}},
		// A version after a separator before digits run into a name
		// (go365 is no Go).
		{"go", []string{"go", "go_1_24", "go_1_22", "go365"}},
		// The package a name people use means, then its versions.
		{"java", []string{"jdk", "jdk23", "jdk17", "jdk11", "jdk8", "javacc"}},
		{"dolphin", []string{"kdePackages.dolphin", "libsForQt5.dolphin", "dolphin-emu"}},
		// Words that say one name: it first, then the words as typed.
		{"vs code", []string{"vscode", "vscodium", "vscode-fhs"}},
		{"libre office", []string{"libreoffice", "libreoffice-fresh"}},
		// A member of a set's versions, newest first.
		{"python requests", []string{"python313Packages.requests", "python312Packages.requests"}},
		{"perl dbi", []string{"perl540Packages.DBI", "perl538Packages.DBI"}},
		{"gcc", []string{"gcc", "gcc14", "gcc13", "gcc12"}},
		{"go", []string{"go", "go_1_24", "go_1_22"}},
		{"zoom", []string{"zoom", "zoom-us"}},
		// A program whose description says it before a library whose
		// description has the words (python's matrix-client).
		{"matrix client", []string{"element-desktop", "python312Packages.matrix-client"}},
		{"email client", []string{"thunderbird", "thunderbird-bin"}},
		// Top-level names with the word before set members named so,
		// and those before names that only hold the letters and before
		// descriptions (xh: "sending HTTP requests").
		{"calculator", []string{"programmer-calculator", "haskellPackages.calculator", "deepin.deepin-calculator"}},
		{"telegram", []string{"mautrix-telegram", "haskellPackages.telegram"}},
		{"obsidian", []string{"rofi-obsidian", "emacsPackages.obsidian"}},
		{"screenshot", []string{"cosmic-screenshot", "rPackages.screenshot", "gscreenshot"}},
		{"requests", []string{"python313Packages.requests", "python312Packages.requests", "kodiPackages.requests", "xh"}},
		{"flask", []string{"python312Packages.flask", "pflask"}},
		{"xinput", []string{"xorg.xinput", "xinput_calibrator", "haskellPackages.XInput"}},
		// Programs whose description says what was asked before an
		// extension named so, a set's script and whatever has the words
		// apart.
		{"markdown editor", []string{"apostrophe", "vscode-extensions.zaaack.markdown-editor"}},
		{"screenshot tool", []string{"ksnip", "gnomeExtensions.screenshot-tool"}},
		{"image viewer", []string{"nomacs", "mpvScripts.mpv-image-viewer.ruler"}},
		{"screen recorder", []string{"simplescreenrecorder", "gpu-screen-recorder"}},
		{"email", []string{"email", "thunderbird", "bluemail"}},
		{"player", []string{"vlc", "playerctl"}},
		{"terminal", []string{"alacritty", "terminal-colors"}},
		// Other programs before more builds of one already listed.
		{"web browser", []string{"firefox", "chromium", "google-chrome", "firefox-bin"}},
		{"web browser", []string{"google-chrome", "firefox-esr"}},
		{"web browser", []string{"google-chrome", "firefox-unwrapped"}},
	} {
		res, _ := ix.Search(tt.query, 0)
		pos := map[string]int{}
		for i, r := range res {
			pos[r.Attr] = i
		}
		last := -1
		for _, w := range tt.want {
			i, ok := pos[w]
			if !ok {
				t.Errorf("search %q: %s not found", tt.query, w)
				continue
			}
			if i < last {
				t.Errorf("search %q: %s at #%d, before the one it should follow", tt.query, w, i)
			}
			last = i
		}
	}
}

// TestSearchSetWords: words that are a package set's name find its
// members; words that are only part of a set's name (mpvScripts'
// mpv-image-viewer) do not put every member of it first.
func TestSearchSetWords(t *testing.T) {
	ix := fullIndex(t)
	for _, tt := range []struct {
		query, prefix   string
		atLeast, atMost int // of the first five, in the set
	}{
		{"nerd fonts", "nerd-fonts.", 5, 5},
		{"nerd font", "nerd-fonts.", 5, 5}, // one of them
		{"Nerd Font", "nerd-fonts.", 5, 5},
		{"mpv script", "mpvScripts.", 5, 5},
		// gnome-extensions-cli and gnome-shell-extensions have the words
		// in their own names.
		{"gnome extensions", "gnomeExtensions.", 3, 3},
		{"mpv scripts", "mpvScripts.", 5, 5},
		{"image viewer", "mpvScripts.", 0, 0},
	} {
		res, _ := ix.Search(tt.query, 5)
		if len(res) < 5 {
			t.Errorf("search %q: only %d results", tt.query, len(res))
			continue
		}
		in := 0
		var got []string
		for _, r := range res {
			if strings.HasPrefix(r.Attr, tt.prefix) {
				in++
			}
			got = append(got, r.Attr)
		}
		if in < tt.atLeast || in > tt.atMost {
			t.Errorf("search %q: %d of the first five in %s, want %d to %d: %s", tt.query, in, tt.prefix, tt.atLeast, tt.atMost, strings.Join(got, ", "))
		}
	}
}

// TestSearchUnknownSet: a set the index lacks under the name written
// finds the name in the sets it is listed in, its family first.
func TestSearchUnknownSet(t *testing.T) {
	ix := fullIndex(t)
	res, _ := ix.Search("linuxPackages.nvidia_x11", 5)
	if len(res) == 0 || !strings.HasPrefix(res[0].Attr, "linuxKernel.packages.") || !strings.HasSuffix(res[0].Attr, ".nvidia_x11") {
		t.Errorf("search linuxPackages.nvidia_x11 = %v, want a linuxKernel.packages.*.nvidia_x11 first", res)
	}
	if res, n := ix.Search("python3Packages.zzqqxxyyww", 5); n != 0 {
		t.Errorf("a name nowhere still found %v", res)
	}
}

// TestSearchUnavailableLast: what the listing says NixOS cannot build
// here (whatsapp-for-mac, macOS only) comes after what it can that
// matches as well, and says so.
func TestSearchUnavailableLast(t *testing.T) {
	ix := fullIndex(t)
	res, _ := ix.Search("whatsapp", 0)
	mac := slices.IndexFunc(res, func(r Result) bool { return r.Attr == "whatsapp-for-mac" })
	if mac < 0 {
		t.Fatalf("search whatsapp: no whatsapp-for-mac in %v", res)
	}
	if !res[mac].Unavailable {
		t.Error("whatsapp-for-mac is not marked unavailable")
	}
	for _, a := range []string{"whatsapp-emoji-font", "whatsapp-chat-exporter"} {
		if i := slices.IndexFunc(res, func(r Result) bool { return r.Attr == a }); i < 0 || i > mac {
			t.Errorf("search whatsapp: %s at #%d, whatsapp-for-mac at #%d", a, i, mac)
		}
	}
}

func TestSearchResultsCarryPackage(t *testing.T) {
	ix := fullIndex(t)
	res, _ := ix.Search("rg", 1)
	want := Package{Attr: "ripgrep", Pname: "ripgrep", Version: "14.1.1",
		Description: "Utility that combines the usability of The Silver Searcher with the raw speed of grep", MainProgram: "rg"}
	if len(res) != 1 || res[0].Package != want {
		t.Fatalf("search rg = %+v, want %+v", res, want)
	}
}

func TestSearchAllWordsMustMatch(t *testing.T) {
	ix := fullIndex(t)
	if res, total := ix.Search("firefox zzqqxx", 10); len(res) != 0 || total != 0 {
		t.Errorf("a word matching nothing still gave %d results: %v", total, res)
	}
	res, _ := ix.Search("web browser", 0)
	for _, r := range res {
		text := strings.ToLower(r.Attr + " " + r.Pname + " " + r.Description)
		if !strings.Contains(text, "web") || !strings.Contains(text, "browser") {
			t.Errorf("%s matches only part of \"web browser\": %q", r.Attr, text)
		}
	}
}

func TestSearchLimitAndOrder(t *testing.T) {
	ix := fullIndex(t)
	all, total := ix.Search("firefox", 0)
	if len(all) != total || total < 10 {
		t.Fatalf("limit 0 gave %d of %d", len(all), total)
	}
	five, total5 := ix.Search("firefox", 5)
	if len(five) != 5 || total5 != total {
		t.Fatalf("limit 5 gave %d (total %d, want %d)", len(five), total5, total)
	}
	for i := range five {
		if five[i].Attr != all[i].Attr {
			t.Errorf("limit changes the order: #%d is %s with limit 5, %s without", i, five[i].Attr, all[i].Attr)
		}
	}
	for i := 1; i < len(all); i++ {
		if all[i].Score > all[i-1].Score {
			t.Errorf("%s (%d) after %s (%d)", all[i].Attr, all[i].Score, all[i-1].Attr, all[i-1].Score)
		}
	}
	// Top-level packages before package-set members of the same score.
	for i := 1; i < len(all); i++ {
		if all[i].Score == all[i-1].Score && !strings.Contains(all[i].Attr, ".") && strings.Contains(all[i-1].Attr, ".") {
			t.Errorf("nested %s before top-level %s at the same score", all[i-1].Attr, all[i].Attr)
		}
	}
}

func TestSearchNothing(t *testing.T) {
	ix := fullIndex(t)
	for _, q := range []string{"", "   ", "\x00\x01", "zzqqxxyyww"} {
		if res, n := ix.Search(q, 10); len(res) != 0 || n != 0 {
			t.Errorf("search %q gave %d results", q, n)
		}
	}
}

func TestPackageAndSuggestions(t *testing.T) {
	ix := fullIndex(t)
	tests := []struct {
		name      string
		found     bool
		wantFirst string   // first suggestion, "" for none
		wantAlso  []string // must be among the suggestions
	}{
		{"firefox", true, "", nil},
		{"python313Packages.requests", true, "", nil},
		{`emacsPackages."ghub+"`, true, "", nil},
		{"emacsPackages.ghub+", true, "", nil}, // as nix-env prints it
		{"firefx", false, "firefox", nil},
		{"Firefox", false, "firefox", nil},
		{"neovmi", false, "neovim", nil},
		{"nvim", false, "neovim", []string{"neovim-unwrapped"}},
		{"rg", false, "ripgrep", nil},
		{"rigrep", false, "ripgrep", nil},
		{"thunderbrid", false, "thunderbird", nil},
		{"dokcer", false, "docker", nil},
		{"vscod", false, "vscode", []string{"vscodium"}},
		// Listed as python312Packages.requests and python313Packages.requests,
		// one of which python3Packages is (ListedAs).
		{"python3Packages.requests", true, "", nil},
		// No such set: the name in the sets of its family.
		{"python4Packages.requests", false, "python313Packages.requests", []string{"python312Packages.requests"}},
		{"zzqqxxyyww", false, "", nil},
		// Other names people use for a package.
		{"golang", false, "go", nil},
		{"telegram", false, "telegram-desktop", nil},
		{"signal", false, "signal-desktop", nil},
		{"Chrome", false, "google-chrome", nil},
		{"rust", false, "rustc", []string{"cargo", "rustup"}},
		// packages.json lists python3 as python313 and nodejs as nodejs_22,
		// which are nixpkgs' names all the same (ListedAs).
		{"python", false, "python3", []string{"python313", "python312"}},
		{"node", false, "nodejs", []string{"nodejs_22"}},
		{"make", false, "gnumake", nil},
		{"intellij", false, "jetbrains.idea-community", []string{"jetbrains.idea-ultimate"}},
		{"pycharm", false, "jetbrains.pycharm-community", nil},
		{"7zip", false, "p7zip", []string{"_7zz"}},
		{"1password", false, "_1password-gui", []string{"_1password-cli"}},
		// A set's exact name before top-level names that only hold
		// the letters (skate, libkate); the current KDE's before the
		// Qt 5 one's (supersededSets).
		{"kate", false, "kdePackages.kate", []string{"libsForQt5.kate"}},
		// An attribute path in another case.
		{"haskellPackages.Pandoc", false, "haskellPackages.pandoc", nil},
		{"Haskellpackages.pandoc", false, "haskellPackages.pandoc", nil},
		// A product's name in several words.
		{"visual studio code", false, "vscode", []string{"vscodium"}},
		{"java", false, "jdk", []string{"jdk23"}},
		{"c#", false, "dotnet-sdk", nil},
		{"winrar", false, "rar", []string{"unrar"}},
		{"adb", false, "android-tools", nil},
		{"mkfs.vfat", false, "dosfstools", nil},
		{"wireguard", false, "wireguard-tools", nil},
		{"firacode", false, "fira-code", nil},
		{"obsstudio", false, "obs-studio", nil},
		{"pytorch", false, "python3Packages.torch", nil},
		{"clangd", false, "clang-tools", nil},
		{"microsoft teams", false, "teams-for-linux", nil},
		{"openoffice", false, "libreoffice", nil},
		{"ls", false, "coreutils", nil},
		// A typo of such a name, or of a name listed under another.
		{"golnag", false, "go", nil},
		{"nodjs", false, "nodejs_22", nil},
		// A desktop's app by its name, the current desktop's first.
		{"dolphin", false, "kdePackages.dolphin", []string{"libsForQt5.dolphin"}},
		// The set's name without its hyphen (nixpkgs' old nerdfonts):
		// its members, not inter-nerdfont.
		{"nerdfonts", false, "nerd-fonts.hack", []string{"nerd-fonts.noto"}},
		// A plain word: a top-level name with it before a library of
		// that name; a library before a name that only holds the
		// letters (pflask); Python's set before kodiPackages.
		{"calculator", false, "gnome-calculator", nil},
		{"requests", false, "python313Packages.requests", nil},
		{"flask", false, "python313Packages.flask", nil},
		{"xev", false, "xorg.xev", nil},
		{"postgress", false, "postgresql", nil},
	}
	for _, tt := range tests {
		found, sugg := ix.Package(tt.name)
		if found != tt.found {
			t.Errorf("Package(%q) found = %v, want %v", tt.name, found, tt.found)
			continue
		}
		if found {
			if len(sugg) != 0 {
				t.Errorf("Package(%q) found, but suggests %v", tt.name, sugg)
			}
			continue
		}
		if len(sugg) > MaxSuggestions {
			t.Errorf("Package(%q): %d suggestions, at most %d", tt.name, len(sugg), MaxSuggestions)
		}
		first := ""
		if len(sugg) > 0 {
			first = sugg[0]
		}
		if first != tt.wantFirst {
			t.Errorf("Package(%q) suggests %v, want %q first", tt.name, sugg, tt.wantFirst)
		}
		for _, w := range tt.wantAlso {
			if !slices.Contains(sugg, w) {
				t.Errorf("Package(%q) suggests %v, want %s among them", tt.name, sugg, w)
			}
		}
		for _, s := range sugg {
			if f, _ := ix.Package(s); !f {
				t.Errorf("Package(%q) suggests %q, which does not exist", tt.name, s)
			}
		}
	}
}

// TestOtherNameVersions: the versions of the package a name people use
// means are its versions only; go365 (digits run into another name,
// where go's versions are go_1_N) is no Go.
func TestOtherNameVersions(t *testing.T) {
	ix := fullIndex(t)
	res, _ := ix.Search("golang", 0)
	for i, r := range res {
		if r.Attr == "go365" && (i < 5 || r.Score >= tierPrefix) {
			t.Errorf("search golang: go365 at #%d (score %d), as a version of go", i, r.Score)
		}
	}
	res, _ = ix.Search("java", 10)
	if !slices.ContainsFunc(res, func(r Result) bool { return r.Attr == "jdk23" }) {
		t.Errorf("search java: no jdk23 among %v", res)
	}
}

// TestSearchTestSetsLast: a set of test suites
// (home-assistant-component-tests) holds nothing people install, so its
// members come after what matches as well elsewhere.
func TestSearchTestSetsLast(t *testing.T) {
	ix := fullIndex(t)
	for _, q := range []string{"backup", "voip", "spotify"} {
		res, _ := ix.Search(q, 0)
		tests := slices.IndexFunc(res, func(r Result) bool { return strings.HasPrefix(r.Attr, "home-assistant-component-tests.") })
		if tests < 0 {
			t.Errorf("search %q: no home-assistant-component-tests member at all; the test asks nothing", q)
			continue
		}
		for _, r := range res[tests+1:] {
			if !strings.Contains(r.Attr, ".") && r.Score >= tierWord {
				t.Errorf("search %q: %s (score %d) after %s", q, r.Attr, r.Score, res[tests].Attr)
			}
		}
	}
	if res, _ := ix.Search("home-assistant-component-tests.backup", 1); len(res) == 0 || res[0].Attr != "home-assistant-component-tests.backup" {
		t.Errorf("its exact path must still find it first: %v", res)
	}
}

func TestMeantOtherwise(t *testing.T) {
	ix := fullIndex(t)
	named, meant, ok := ix.MeantOtherwise("zoom")
	if !ok || named.Attr != "zoom" || len(meant) == 0 || meant[0].Attr != "zoom-us" {
		t.Errorf("MeantOtherwise(zoom) = %v, %v, %v; want zoom, [zoom-us]", named, meant, ok)
	}
	for _, name := range []string{"zoom-us", "firefox", "teams", "zzqqxx"} {
		if _, _, ok := ix.MeantOtherwise(name); ok {
			t.Errorf("MeantOtherwise(%q) is ok", name)
		}
	}
	var nilIx *Index
	if _, _, ok := nilIx.MeantOtherwise("zoom"); ok {
		t.Error("nil index: MeantOtherwise(zoom) is ok")
	}
}

func TestContainsFold(t *testing.T) {
	for _, tt := range []struct {
		s, phrase string
		want      bool
	}{
		{"Full-featured e-mail client", "email client", true},
		{"Full-featured E-Mail client", "email client", true},
		{"Mozilla web-browser", "web browser", true},
		{"Text editor", "text-editor", true},
		{"Terminal emulator", "terminal emulator", true},
		{"Python 3 interpreter", "python3", false},
		{"python3 bindings", "python 3", false},
		{"nonterminal emulator", "terminal emulator", false},
		{"web", "web browser", false},
		{"e-", "e", true},
		{"Matrix Client-Server SDK", "matrix client", false},
		{"Matrix client-", "matrix client", true},
	} {
		if got := containsFold([]byte(tt.s), []byte(tt.phrase)); got != tt.want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", tt.s, tt.phrase, got, tt.want)
		}
	}
}

func TestDottedVersion(t *testing.T) {
	ix := fullIndex(t)
	for _, tt := range []struct{ name, want string }{
		{"python3.12", "python312"}, // listed as python312Packages.python
		{"Python3.13", "python313"},
		{"python-3.11", "python311"},
		{"go1.22", "go_1_22"},
		{"gcc.13", ""}, // not a dotted version of a name
		{"python3.99", ""},
		{"3.12", ""},
		{"firefox", ""},
		{"python313Packages.requests", ""},
	} {
		got, ok := ix.DottedVersion(tt.name)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("DottedVersion(%q) = %q, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
}

func TestPrograms(t *testing.T) {
	ix := fullIndex(t)
	if got := ix.Programs("nvim"); !slices.Equal(got, []string{"neovim", "neovim-unwrapped"}) {
		t.Errorf("Programs(nvim) = %v", got)
	}
	if got := ix.Programs("firefox")[0]; got != "firefox" {
		t.Errorf("Programs(firefox) starts with %s", got)
	}
	if got := ix.Programs("zzqqxx"); len(got) != 0 {
		t.Errorf("Programs(zzqqxx) = %v", got)
	}
}

func TestNilAndEmptyIndexChecksNothing(t *testing.T) {
	var ix *Index
	if found, s := ix.Package("anything"); !found || s != nil {
		t.Errorf("nil index: Package = %v, %v; want found (unchecked)", found, s)
	}
	if typ, found := ix.Option("any.option"); !found || typ != "" {
		t.Errorf("nil index: Option = %q, %v; want found, no type (unchecked)", typ, found)
	}
	if o, ok := ix.ModuleOption("steam"); ok {
		t.Errorf("nil index: ModuleOption = %q", o)
	}
	if o, c := ix.EnableOption("ssh"); o != "" || c != nil {
		t.Errorf("nil index: EnableOption = %q, %v", o, c)
	}
	data, err := Build(nil, nil, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	empty, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if found, _ := empty.Package("anything"); !found || empty.HasPackages() {
		t.Error("an index without packages must leave package names unchecked")
	}
	if res, n := empty.Search("firefox", 5); len(res) != 0 || n != 0 {
		t.Errorf("empty index found %v", res)
	}
}

func TestPreRelease(t *testing.T) {
	for v, want := range map[string]bool{
		"3.14.0a4": true, "2.0rc1": true, "1.0-beta": true, "1.0.dev3": true, "6.0-RC2": true, "1.2-pre": true,
		"3.13.1": false, "3.5a": false, "128.7.0esr": false, "0-unstable-2025-01-03": false, "7.1.1-43": false, "": false, "b1": false,
	} {
		if got := preRelease([]byte(v)); got != want {
			t.Errorf("preRelease(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestSplitVersion(t *testing.T) {
	for _, tt := range []struct{ attr, base, ver string }{
		{"python313", "python", "313"},
		{"nodejs_22", "nodejs", "22"},
		{"go_1_22", "go", "1_22"},
		{"gcc-13", "gcc", "13"},
		{"firefox", "firefox", ""},
		{"gcc13Stdenv", "gcc13Stdenv", ""},
		{"foo_", "foo_", ""},
		{"123", "", "123"},
	} {
		b, v := splitVersion([]byte(tt.attr))
		if string(b) != tt.base || string(v) != tt.ver {
			t.Errorf("splitVersion(%q) = %q, %q; want %q, %q", tt.attr, b, v, tt.base, tt.ver)
		}
	}
}
