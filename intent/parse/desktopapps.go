package parse

import (
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// desktopAppsRemoved answers "remove gnome games", "get rid of the gnome
// bloat", "uninstall kde's default apps", "remove gnome tour": the
// programs a desktop brings along, which its module installs and which
// are no package in the managed fragment. Read as "remove gnome" (the
// word after it dropped as a kind of program, or read as a package) they
// turned the whole desktop off when the fragment turns it on. NixOS
// takes them out with the desktop's excludePackages list, which holds
// packages ask-nix does not write. nil when rest names no desktop's
// programs ("remove gnome", "remove gnome and htop", "remove the gnome
// desktop").
func desktopAppsRemoved(text string, rest []token) *intent.NotUnderstood {
	i := 0
	var said []string
	for i < len(rest) && !rest[i].quoted && rest[i].w != "and" && (packageFillers[rest[i].w] || rest[i].w == "my" || rest[i].w == "all" || rest[i].w == "those" || rest[i].w == "these" || desktopAppWords[rest[i].w]) {
		if desktopAppWords[rest[i].w] {
			said = append(said, rest[i].w) // "the default gnome apps"
		}
		i++
	}
	if i >= len(rest) || rest[i].quoted {
		return nil
	}
	name := strings.TrimSuffix(strings.TrimSuffix(rest[i].w, "'s"), "’s")
	if name == "kde" && i+1 < len(rest) && strings.TrimSuffix(rest[i+1].w, "'s") == "plasma" {
		i++ // "kde plasma's apps"
	}
	excluded, ok := desktopExcludes[name]
	if !ok || i+1 >= len(rest) {
		return nil
	}
	for j, t := range rest[i+1:] {
		switch {
		case j == 0 && t.w == "is" && !t.quoted:
			// "gnome's apps", the 's spelled out as "is"
		case t.quoted:
			return nil
		case t.w == "and" || t.w == "or" || t.w == "plus" || t.w == "also":
			return nil // "remove gnome and htop": a list
		case desktopWords[t.w] || packageFillers[t.w]:
		case desktopAppWords[t.w]:
			said = append(said, t.w)
		default:
			return nil // "remove gnome tweaks": gnome-tweaks, which the fragment may list
		}
	}
	if len(said) == 0 {
		return nil // "remove the gnome desktop": desktopRemoved's
	}
	games := slices.Contains(said, "games") || slices.Contains(said, "game")
	var ss []intent.Suggestion
	why := ""
	if name == "gnome" && games {
		ss = append(ss, sug(intent.DisableService, "disable services.gnome.games.enable"))
		why = "GNOME's games are installed only while services.gnome.games.enable is true, which NixOS leaves off: \"disable services.gnome.games.enable\" sets it false (if your configuration.nix turns it on, take it out there instead); a game installed on its own is a package, removed by its name (\"remove gnome-mines\"); "
	}
	ss = append(ss, sug(intent.ListInstalled, "list installed"))
	d := desktopLabel[name]
	why += "the programs " + d + " brings along are installed by its NixOS module, not listed in the managed fragment, so ask-nix has none of them to remove (\"remove " + name + "\" is the whole desktop, turned off when the fragment turns it on); " +
		"NixOS leaves them out with " + excluded + " = with pkgs; [ " + desktopExcludeExample[name] + " ]; in configuration.nix, a list of packages ask-nix does not write"
	if name == "gnome" {
		why += ", or all of GNOME's own apps at once with services.gnome.core-utilities.enable = false"
	}
	why += "; \"list installed\" shows what ask-nix installed; nothing was changed"
	return &intent.NotUnderstood{Request: text, Suggestions: ss, Hint: why}
}

// desktopExcludes are the desktops whose modules take an excludePackages
// list, by the name said, with that list's option.
var (
	// desktopAppWords say the programs a desktop brings, or one of them
	// that is no package of its own name (gnome-tour is, but no one
	// lists it: "remove gnome tour" is the tour GNOME installs).
	desktopAppWords       map[string]bool
	desktopExcludes       map[string]string
	desktopLabel          map[string]string
	desktopExcludeExample map[string]string
)

// loadDesktopappsTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadDesktopappsTables() {
	desktopAppWords = set("games", "game", "apps", "app", "applications", "application", "programs", "bloat", "bloatware",
		"default", "defaults", "extra", "extras", "preinstalled", "pre-installed", "built-in", "builtin", "bundled", "included",
		"utilities", "software", "junk", "stuff", "tour", "web", "core", "own", "standard")
	desktopExcludes = map[string]string{
		"gnome": "environment.gnome.excludePackages", "kde": "environment.plasma6.excludePackages", "plasma": "environment.plasma6.excludePackages",
		"plasma6": "environment.plasma6.excludePackages", "plasma5": "environment.plasma5.excludePackages", "xfce": "environment.xfce.excludePackages",
		"cinnamon": "environment.cinnamon.excludePackages", "mate": "environment.mate.excludePackages", "budgie": "environment.budgie.excludePackages",
		"pantheon": "environment.pantheon.excludePackages", "lxqt": "environment.lxqt.excludePackages", "deepin": "environment.deepin.excludePackages",
	}
	desktopLabel = map[string]string{"gnome": "GNOME", "kde": "KDE Plasma", "plasma": "KDE Plasma", "plasma6": "KDE Plasma", "plasma5": "Plasma 5",
		"xfce": "Xfce", "cinnamon": "Cinnamon", "mate": "MATE", "budgie": "Budgie", "pantheon": "Pantheon", "lxqt": "LXQt", "deepin": "Deepin"}
	desktopExcludeExample = map[string]string{"gnome": "gnome-tour epiphany geary", "kde": "kdePackages.elisa kdePackages.khelpcenter", "plasma": "kdePackages.elisa kdePackages.khelpcenter",
		"plasma6": "kdePackages.elisa kdePackages.khelpcenter", "plasma5": "libsForQt5.elisa", "xfce": "xfce.parole", "cinnamon": "hexchat", "mate": "mate.pluma",
		"budgie": "budgie-screensaver", "pantheon": "pantheon.epiphany", "lxqt": "lxqt.qterminal", "deepin": "deepin.deepin-music"}
}
