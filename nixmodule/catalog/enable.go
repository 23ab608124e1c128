package catalog

import (
	"bytes"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/internal/editdistance"
)

// EnableChoice is an `*.enable` option a word may mean, with how well it
// matches (higher is better).
type EnableChoice struct {
	Option      string `json:"option"`
	Description string `json:"description,omitempty"`
	Score       int    `json:"-"`
	// nested: a feature inside another module (services.zfs.trim), not a
	// whole service or program; exact: named by the word itself (or its
	// daemon, or a synonym); pathNamed: the words name the option's
	// path from its owner down ("docker rootless", "zfs trim"). See
	// EnableOption.
	nested, exact, pathNamed bool
}

// wholeThings are option paths whose children are whole services or
// programs though they sit deeper than services.<name>: desktops,
// window managers and display managers.
var wholeThings = map[string]bool{
	"services.xserver.desktopManager": true, "services.xserver.windowManager": true,
	"services.xserver.displayManager": true, "services.displayManager": true,
	"services.desktopManager": true,
}

// isNested reports whether the enable option name switches on a part of
// another module rather than a thing of its own.
func isNested(name string) bool {
	owner := strings.TrimSuffix(name, ".enable")
	if strings.Count(owner, ".") < 2 {
		return false
	}
	return !wholeThings[owner[:strings.LastIndexByte(owner, '.')]]
}

// Namespaces whose direct children are whole services or programs: the
// usual meaning of "enable X".
var primaryNamespaces = map[string]bool{
	"services": true, "programs": true, "virtualisation": true,
	"hardware": true, "networking": true, "security": true,
}

// EnableOptions ranks the `*.enable` options word may mean, among all
// options: the option's own name (services.tailscale for "tailscale"),
// the daemon spelling (services.sshd, an alias of services.openssh, for
// "ssh"), names ending or starting with the word, its description, then
// names a typo away. Options of whole services and programs come before
// parts of them (virtualisation.docker before
// virtualisation.docker.rootless); an alias counts as the option it
// stands for. At most n (all when n <= 0).
func (ix *Index) EnableOptions(word string, n int) []EnableChoice {
	if !ix.HasOptions() {
		return nil
	}
	word = strings.ToLower(strings.Join(strings.Fields(word), "-"))
	if word == "" {
		return nil
	}
	best := map[int]int{} // option id -> score
	if opt, ok := enableSynonyms[word]; ok {
		if id := ix.findOption(strings.ReplaceAll(opt, ".", "\x00")); id >= 0 {
			best[id] = synonymScore
		}
	}
	if name, ok := exporterName(word); ok {
		// "node exporter", "prometheus postgres exporter": the metrics
		// exporter of that name, which a bare "postgres" never means.
		if id := ix.findOption("services\x00prometheus\x00exporters\x00" + name + "\x00enable"); id >= 0 {
			best[id] = synonymScore
		}
	}
	joined := strings.ReplaceAll(word, "-", "")
	// A typo is made in one word: "home manager" is no typo of
	// nodemanager, two letters off in a four-letter word. Several words
	// said allow the budget of the shortest.
	budget := typoBudget(word)
	for _, w := range strings.Split(word, "-") {
		budget = min(budget, typoBudget(w))
	}
	for j := 0; j < ix.optEnable.len(); j++ {
		id := int(ix.optEnable.at(j))
		r := ix.optRecord(id)
		if r == nil || r[28]&optReadOnly != 0 {
			continue
		}
		key := ix.optKey(id)
		owner, ok := bytes.CutSuffix(key, []byte("\x00enable"))
		if !ok {
			continue
		}
		score := ix.enableScore(id, owner, word, budget)
		if joined != word {
			// "network manager" is networkmanager.
			score = max(score, ix.enableScore(id, owner, joined, budget))
		}
		if score <= 0 {
			continue
		}
		target := id
		if a := int(le.Uint32(r[12:])); a > 0 && a-1 < ix.m {
			target = a - 1 // an alias counts for the option it stands for
		}
		best[target] = max(best[target], score)
	}
	out := make([]EnableChoice, 0, len(best))
	for id, s := range best {
		o := ix.opt(id)
		owner := strings.TrimSuffix(o.Name, ".enable")
		last := strings.ToLower(owner[strings.LastIndexByte(owner, '.')+1:])
		// Named outright: by its path's last elements, or by a synonym
		// ("node exporter"), so a part of a module is no guess.
		pathNamed := namesPath([]byte(owner), '.', word) || s >= synonymScore
		exact := s >= synonymScore || last == word || last == word+"d" || last == strings.ReplaceAll(word, "-", "") || pathNamed
		out = append(out, EnableChoice{Option: o.Name, Description: o.Description, Score: s, nested: isNested(o.Name), exact: exact, pathNamed: pathNamed})
	}
	slices.SortFunc(out, func(a, b EnableChoice) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		if len(a.Option) != len(b.Option) {
			return len(a.Option) - len(b.Option)
		}
		return strings.Compare(a.Option, b.Option)
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// enableScore is how well word names the thing enable option id (whose
// path without ".enable" is owner, elements joined by \x00) switches on;
// 0 for not at all. budget is the edit distance a typo may take.
func (ix *Index) enableScore(id int, owner []byte, word string, budget int) int {
	lastB := owner[bytes.LastIndexByte(owner, 0)+1:]
	first, _, _ := bytes.Cut(owner, []byte{0})
	depth := bytes.Count(owner, []byte{0}) + 1
	last := lower(string(lastB))
	m := 0
	switch {
	case last == word, strings.IndexByte(word, '-') > 0 && namesPath(owner, 0, word):
		m = 100
	case last == word+"d":
		m = 95 // the daemon: sshd for ssh
	case len(word) >= 3 && strings.HasSuffix(last, word):
		m = 70 // openssh for ssh: asked about, since tarsnap is not snap
	case len(word) >= 4 && strings.HasPrefix(last, word) && shortEnding(last[len(word):]):
		m = 85 // a short ending: postgresql for postgres, mongodb for mongo
	case len(word) >= 3 && strings.HasPrefix(last, word):
		// gnome-disks for gnome: a thing of its own; not protonmail for
		// proton, a word that only begins with the same letters.
		if wordEnds(lastB, len(word)) {
			m = 60
		}
	case len(word) >= 4 && strings.Contains(last, word):
		m = 35 // apcupsd for cups: weaker than the description
	}
	if m == 0 && len(word) >= 3 {
		if hasWordFold(ix.optDesc(id), word) {
			m = 40
		} else if d := editdistance.OSA(last, word, budget); d <= budget {
			m = 30 - 5*d
		}
	}
	if m == 0 {
		return 0
	}
	score := m - 5*(depth-2)
	if depth == 2 && primaryNamespaces[string(first)] {
		score += 5
	}
	if m < autoPick && score >= autoPick {
		// Only a name that is the word (or its daemon, or the word with
		// a short ending) is taken without asking, whatever its depth or
		// namespace: services.tarsnap is no answer to "enable snap", and
		// zramSwap is a guess for "swap".
		score = autoPick - 1
	}
	if depth > 3 && bytes.HasPrefix(owner, []byte("services\x00prometheus\x00")) {
		// The hundred-odd metrics exporters share their names with the
		// services they watch; "enable postgres" means the database.
		score -= 15
	}
	if depth >= 2 {
		// A part of something that has its own switch
		// (virtualisation.docker.rootless): the whole thing first.
		parent := owner[:len(owner)-len(lastB)-1]
		if ix.findOption(string(parent)+"\x00enable") >= 0 {
			score -= 10
		}
	}
	return score
}

// wordEnds reports whether a word of the name s ends at i: at a
// separator, a digit, a capital or a plural's end (gnome-disks, influxdb2,
// gnomeKeyring, games),
// not inside a longer word (protonmail).
func wordEnds(s []byte, i int) bool {
	if i >= len(s) || string(s[i:]) == "s" || string(s[i:]) == "es" {
		return true // the end, or a plural: games for game
	}
	c := s[i]
	return c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

// exporterName is X in "X-exporter" or "prometheus-X-exporter" (the words
// joined by '-'), the name of a Prometheus exporter module.
func exporterName(word string) (string, bool) {
	name, ok := strings.CutSuffix(word, "-exporter")
	if !ok {
		return "", false
	}
	name = strings.TrimPrefix(name, "prometheus-")
	return name, name != "" && !strings.Contains(name, "-")
}

// namesPath reports whether the words of word (joined by '-') are the
// last elements of the option path owner (elements separated by sep), in
// order or reversed, in any case: "docker rootless" and "rootless docker"
// name virtualisation.docker.rootless, "zfs trim" services.zfs.trim. It
// runs for every enable option when several words are said, so it
// allocates nothing.
func namesPath(owner []byte, sep byte, word string) bool {
	n := strings.Count(word, "-") + 1
	if n < 2 || n > 4 {
		return false
	}
	// Most options end in neither the first word nor the last: out first.
	last := owner[bytes.LastIndexByte(owner, sep)+1:]
	if !equalFoldBytes(last, word[strings.LastIndexByte(word, '-')+1:]) && !equalFoldBytes(last, word[:strings.IndexByte(word, '-')]) {
		return false
	}
	var tail [4][]byte // the last n elements of owner, in order
	end := len(owner)
	for k := n - 1; k >= 0; k-- {
		i := bytes.LastIndexByte(owner[:end], sep)
		if i < 0 && k > 0 {
			return false // fewer elements than words
		}
		tail[k] = owner[i+1 : end]
		end = max(i, 0)
	}
	same := func(reversed bool) bool {
		rest := word
		for k := 0; k < n; k++ {
			w, after, _ := strings.Cut(rest, "-")
			rest = after
			e := tail[k]
			if reversed {
				e = tail[n-1-k]
			}
			if !equalFoldBytes(e, w) {
				return false
			}
		}
		return true
	}
	return same(false) || same(true)
}

// equalFoldBytes is strings.EqualFold for ASCII option names, without
// converting b.
func equalFoldBytes(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// shortEnding reports whether a name's ending beyond the word is one
// people leave off when they say it: a database or queue suffix or a
// version (postgresql, mongodb, rabbitmq, influxdb2). Other endings of a
// word or two (rustus for rust, parallels for parallel, startx for star)
// make another name, asked about rather than taken.
func shortEnding(end string) bool {
	switch end {
	case "ql", "db", "mq":
		return true
	}
	if end == "" || len(end) > 2 {
		return false
	}
	for _, c := range []byte(end) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// hasWordFold reports whether word (lowercase) occurs in s, in any
// case, as a whole word.
func hasWordFold(s []byte, word string) bool {
	for i := 0; i+len(word) <= len(s); i++ {
		if i > 0 && isAlnum(s[i-1]) {
			continue
		}
		j := 0
		for j < len(word) {
			c := s[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != word[j] {
				break
			}
			j++
		}
		if j == len(word) && (i+j == len(s) || !isAlnum(s[i+j])) {
			return true
		}
	}
	return false
}

// EnableOption is the `*.enable` option word means when one clearly
// stands out; otherwise option is empty and choices lists the candidates
// to ask about (none at all: nothing matches). choices always holds the
// ranked candidates, the chosen one first.
func (ix *Index) EnableOption(word string) (option string, choices []string) {
	ranked := ix.EnableOptions(word, 5)
	for _, c := range ranked {
		choices = append(choices, c.Option)
	}
	switch {
	case len(ranked) == 0:
		return "", nil
	case ranked[0].Score < autoPick:
		return "", choices
	case ranked[0].nested && (!ranked[0].exact || !ranked[0].pathNamed && !systemPart(ranked[0].Option)):
		// services.gnome.games for "game": a part of another module is
		// taken only when it is named exactly, and only a part of the
		// system as a whole (services.netdata.python is no answer to
		// "enable python", nor a metrics exporter to "enable restic")
		// unless the words name its owner too ("netdata python").
		return "", choices
	case ranked[0].nested && !ranked[0].pathNamed && len(ranked) > 1 && ranked[1].Score >= plausible:
		// "enable trim": services.zfs.trim is named exactly, but
		// services.fstrim is a service of its own that fits too. A part
		// of another module is taken only when nothing else fits.
		return "", choices
	case len(ranked) == 1 || ranked[0].Score-ranked[1].Score >= 3:
		return ranked[0].Option, choices
	}
	return "", choices
}

// systemPart reports whether the nested enable option is a part of the
// system as a whole, or of a hub of such parts (documentation.man,
// hardware.sane.brscan4, networking.wireless.iwd, services.gnome.*,
// services.pipewire.wireplumber), rather than a feature of one
// application's module (services.sourcehut.todo, programs.nh.clean,
// services.movim.precompressStaticFiles.gzip): only the first may be
// taken for a bare word.
func systemPart(option string) bool {
	owner := strings.TrimSuffix(option, ".enable")
	if strings.Count(owner, ".") > 2 {
		return false // a part of a part
	}
	parent := owner[:strings.LastIndexByte(owner, '.')]
	if systemHubs[parent] {
		return true
	}
	ns, _, _ := strings.Cut(parent, ".")
	return ns != "services" && ns != "programs"
}

// systemHubs are services.* and programs.* paths whose children are parts
// of the desktop or the machine, not of one application.
var systemHubs = map[string]bool{
	"services.gnome": true, "services.pipewire": true, "services.xserver": true,
	"services.hardware": true, "programs.wayland": true,
}

// autoPick is the score from which the best option is taken without
// asking: the word is the option's own name (or its daemon's, or the end
// of it), not just the start of another name, a description word or a
// typo.
const autoPick = 75

// plausible is the score from which another candidate makes a part of
// a module (services.gitlab.registry) a question rather than the answer:
// a whole service whose name ends in the word (services.dockerRegistry).
const plausible = 65

// synonymScore puts an option named by enableSynonyms first.
const synonymScore = 200

// enableSynonyms are words people use for a service whose option has
// another name; everything else is found by ranking. Each is used only
// when the option exists in the index.
var enableSynonyms = map[string]string{
	"x11":        "services.xserver.enable",
	"xorg":       "services.xserver.enable",
	"x":          "services.xserver.enable",
	"printer":    "services.printing.enable",
	"printers":   "services.printing.enable",
	"cups":       "services.printing.enable",
	"sound":      "services.pipewire.enable",
	"audio":      "services.pipewire.enable",
	"wifi":       "networking.networkmanager.enable",
	"wi-fi":      "networking.networkmanager.enable",
	"wireless":   "networking.networkmanager.enable",
	"kde":        "services.desktopManager.plasma6.enable",
	"plasma":     "services.desktopManager.plasma6.enable",
	"virtualbox": "virtualisation.virtualbox.host.enable",
	"scanner":    "hardware.sane.enable",
	"scanning":   "hardware.sane.enable",
	"postgres":   "services.postgresql.enable",
	// virtualisation.tpm is the test VM's (qemu-vm.nix), not this machine's.
	"tpm":                "security.tpm2.enable",
	"fingerprint":        "services.fprintd.enable",
	"fingerprint-reader": "services.fprintd.enable",
	"fingerprint-login":  "services.fprintd.enable",
	"trim":               "services.fstrim.enable",
	"ssd-trim":           "services.fstrim.enable",
}

// needsModule are packages whose NixOS module does what installing the
// package alone cannot (udev rules, 32-bit graphics, setcap wrappers,
// groups, sessions): asked to install one, propose the module's switch.
var needsModule = []string{
	"steam", "gamemode", "gamescope", "wireshark", "adb", "kdeconnect",
	"firejail", "corectrl", "noisetorch", "droidcam", "weylus", "virt-manager",
	"hyprland", "sway", "niri", "wayfire", "river", "appimage", "nix-ld",
	"singularity", "sysdig", "captive-browser", "alvr", "coolercontrol",
	// Shells: NixOS refuses a login shell whose programs.<shell>.enable
	// is off, and only the module hooks the shell into NixOS's
	// environment (/etc/zshenv, completions).
	"zsh", "fish",
	// A backlight tool with udev rules, ydotool's daemon and uinput,
	// hyprlock's PAM service, a wayland compositor's session, 1Password's
	// setgid helper for the browser and system unlock.
	"light", "ydotool", "hyprlock", "labwc", "_1password-gui",
}

// needsService are packages that do nothing without their daemon, which
// only services.<pkg>.enable runs: the package alone installs a client
// with nothing to talk to (flatpak's system helper and portals,
// tailscaled, fwupd for fwupdmgr, the VPN daemons).
var needsService = []string{
	"flatpak", "tailscale", "fwupd", "netbird", "zerotierone", "mullvad-vpn",
}

// moduleOf are packages whose module has another name than the package:
// VirtualBox's host module (kernel modules, setuid wrappers, the
// vboxusers group), libvirt's daemon, ...
var moduleOf = map[string]string{
	"virtualbox": "virtualisation.virtualbox.host.enable",
	"libvirt":    "virtualisation.libvirtd.enable",
	// mullvad is the daemon and CLI of mullvad-vpn: nothing without
	// the service. cups is the print server, which services.printing runs.
	"mullvad": "services.mullvad-vpn.enable",
	"cups":    "services.printing.enable",
	// NetworkManager's daemon, its D-Bus and polkit rules and the
	// networkmanager group come with the module; the package alone
	// runs nothing, next to the network NixOS configures already.
	"networkmanager": "networking.networkmanager.enable",
}

// desktopNamespaces hold the desktops, which are no package (xfce and
// gnome are package sets): their module makes a session to log in to.
// The same namespaces hold programs that are packages too (kodi, xterm,
// retroarch): for those, the package is what "install" means.
var desktopNamespaces = []string{"services.desktopManager", "services.xserver.desktopManager"}

// windowManagers are packages that are only ever a session: installed
// alone, none is one to log in to; services.xserver.windowManager.<name>
// makes it one. Listed, since that namespace also holds names people
// mean otherwise ("notion" is a window manager there).
var windowManagers = []string{
	"i3", "awesome", "bspwm", "dwm", "qtile", "xmonad", "herbstluftwm", "spectrwm",
	"openbox", "fluxbox", "icewm", "leftwm", "ratpoison", "stumpwm",
}

// ModuleOption reports whether pkg is really a NixOS module to switch on
// rather than a package to install, and which option: every
// virtualisation.<pkg>.enable (docker, podman, libvirtd: daemons and
// host set-up), a desktop or window manager (xfce, i3: a session),
// programs.<pkg>.enable for programs whose module does what the package
// alone cannot (steam, wireshark, zsh, ...), services.<pkg>.enable for
// clients of a daemon (flatpak, tailscale), the modules of other names
// in moduleOf (virtualbox), and a module of that name when no package
// has it.
func (ix *Index) ModuleOption(pkg string) (option string, ok bool) {
	option, ok = ix.moduleOption(pkg)
	return ix.unalias(option), ok
}

// unalias is the option an alias stands for ("services.sshd.enable" is
// services.openssh.enable), or option itself: a fragment that names one
// thing by two names gets conflicting definitions when they disagree.
func (ix *Index) unalias(option string) string {
	if option == "" {
		return ""
	}
	if o, ok := ix.LookupOption(option); ok && o.AliasOf != "" {
		return o.AliasOf
	}
	return option
}

func (ix *Index) moduleOption(pkg string) (option string, ok bool) {
	if !ix.HasOptions() || pkg == "" || strings.ContainsAny(pkg, ". \t") {
		return "", false
	}
	has := func(ns string) bool {
		return ix.findOption(ns+"\x00"+pkg+"\x00enable") >= 0
	}
	isPackage := ix.HasPackages() && ix.findAttr(pkg) >= 0
	for _, ns := range desktopNamespaces {
		if ix.HasPackages() && !isPackage && has(strings.ReplaceAll(ns, ".", "\x00")) {
			return ns + "." + pkg + ".enable", true
		}
	}
	if slices.Contains(windowManagers, pkg) && has("services\x00xserver\x00windowManager") {
		return "services.xserver.windowManager." + pkg + ".enable", true
	}
	switch {
	case has("virtualisation"):
		return "virtualisation." + pkg + ".enable", true
	case slices.Contains(needsModule, pkg) && has("programs"):
		return "programs." + pkg + ".enable", true
	case slices.Contains(needsService, pkg) && has("services"):
		return "services." + pkg + ".enable", true
	}
	if o, ok := moduleOf[pkg]; ok && ix.findOption(strings.ReplaceAll(o, ".", "\x00")) >= 0 {
		return o, true
	}
	if isPackage {
		return "", false
	}
	var found []string
	for _, ns := range []string{"programs", "services", "hardware"} {
		if has(ns) {
			found = append(found, ns+"."+pkg+".enable")
		}
	}
	if len(found) == 1 && ix.HasPackages() {
		return found[0], true
	}
	return "", false
}

// ServiceFor is the services.<pkg>.enable option when pkg is also a
// NixOS service ("install nginx" installs the program; "enable nginx"
// runs it): worth a hint, not a replacement.
func (ix *Index) ServiceFor(pkg string) (option string, ok bool) {
	if !ix.HasOptions() || pkg == "" || strings.ContainsAny(pkg, ". \t") {
		return "", false
	}
	if ix.findOption("services\x00"+pkg+"\x00enable") >= 0 {
		return ix.unalias("services." + pkg + ".enable"), true
	}
	return "", false
}

// KnownModule is ModuleOption from the tables alone, for when no option
// index is there to look in: the module's switch of a package listed as
// needing it (steam: programs.steam.enable; flatpak:
// services.flatpak.enable; virtualbox; i3), unchecked against options.
func KnownModule(pkg string) (option string, ok bool) {
	switch {
	case slices.Contains(needsModule, pkg):
		return "programs." + pkg + ".enable", true
	case slices.Contains(needsService, pkg):
		return "services." + pkg + ".enable", true
	case slices.Contains(windowManagers, pkg):
		return "services.xserver.windowManager." + pkg + ".enable", true
	}
	option, ok = moduleOf[pkg]
	return option, ok
}
