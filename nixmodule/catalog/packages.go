package catalog

import (
	"slices"
	"strings"
	"sync"

	"github.com/nix-humanity/nix-humanity/nixmodule/catalog/source"
)

// MaxSuggestions is how many close names "did you mean" offers.
const MaxSuggestions = 3

// HasPackages reports whether the index knows any packages; without
// them, package names cannot be checked.
func (ix *Index) HasPackages() bool { return ix != nil && ix.n > 0 }

// HasOptions reports whether the index knows NixOS options.
func (ix *Index) HasOptions() bool { return ix != nil && ix.m > 0 }

// findAttr is the package with exactly this attribute path (in Nix
// syntax or as Nix tools print it), or -1.
func (ix *Index) findAttr(attr string) int {
	attr, ok := source.CanonicalAttr(attr)
	if !ok {
		return -1
	}
	i := ix.searchAttr(attr)
	if i < ix.n && string(ix.attrBytes(i)) == attr {
		return i
	}
	return -1
}

// Lookup returns the package with exactly this attribute path.
func (ix *Index) Lookup(attr string) (Package, bool) {
	if ix == nil {
		return Package{}, false
	}
	i := ix.findAttr(attr)
	if i < 0 {
		return Package{}, false
	}
	return ix.pkg(i), true
}

// Package reports whether attr is a package (an exact attribute path)
// and, if not, up to three close names: the same name in another case,
// packages whose pname or program it is, then names a typo away. With no
// packages indexed, every name counts as found (unchecked): callers that
// care ask HasPackages. It is guard.Catalog's package check.
func (ix *Index) Package(attr string) (found bool, suggestions []string) {
	if !ix.HasPackages() {
		return true, nil
	}
	if ix.findAttr(attr) >= 0 || len(ix.ListedAs(attr)) > 0 {
		return true, nil
	}
	return false, ix.Suggest(attr, MaxSuggestions)
}

// DottedVersion is the package name meant by a name with a dotted
// version ("python3.12", "go1.22", "python-3.12"), as nixpkgs spells it
// (python312, go_1_22) and the index has it (Package), or false.
func (ix *Index) DottedVersion(name string) (string, bool) {
	if !ix.HasPackages() || ix.findAttr(name) >= 0 {
		return "", false
	}
	for _, f := range VersionForms(name) {
		if found, _ := ix.Package(f); found {
			return f, true
		}
	}
	return "", false
}

// VersionForms are the names nixpkgs may give a name written with a
// dotted version ("python3.12": python312, python3_12, python_3_12), in
// the order they are tried; nil when name is no such name (a version
// alone, "3.12", names nothing).
func VersionForms(name string) []string {
	forms := versionForms(strings.ToLower(name))
	if len(forms) == 0 || isDigit(forms[0][0]) {
		return nil
	}
	return forms
}

// ListedAs is where the index lists a package that nixpkgs has under
// attr too, when attr itself is not listed: a listing (nix-env -qa, a
// channel's packages.json) gives each package once, under one of its
// names, so python3Packages.numpy is there only as python312Packages.numpy
// (and python313Packages.numpy), python3 as python313, nodejs as
// nodejs_22. Nil when attr is listed itself, or the index has no such
// evidence for it. Three readings only, all sure: a member of a package
// set the index has nothing under, found in every set of the same
// family whose version continues the set's, since which of them the set
// is only nixpkgs says (python3Packages: python312Packages and
// python313Packages; not python4Packages, nor perlPackages, which names
// no version to continue); an interpreter with a version, listed in its
// own package set (python312 as python312Packages.python); and the few
// top-level names nixpkgs defines as one of its versions (listedUnder).
func (ix *Index) ListedAs(attr string) []string {
	if !ix.HasPackages() {
		return nil
	}
	attr, ok := source.CanonicalAttr(attr)
	if !ok || ix.findAttr(attr) >= 0 {
		return nil
	}
	var out []string
	for _, a := range listedUnder[attr] {
		if ix.findAttr(a) >= 0 {
			out = append(out, a)
		}
	}
	set, member, nested := strings.Cut(attr, ".")
	if len(out) == 0 && !nested {
		// An interpreter with a version is its package set's own:
		// python312 is listed as python312Packages.python. Only where
		// nixpkgs names both alike (not lua5_4 and lua54Packages, nor
		// python3_12).
		stem := strings.TrimRight(attr, "0123456789")
		if v := attr[len(stem):]; v != "" && interpreterSets[stem] {
			if own := attr + "Packages." + stem; ix.findAttr(own) >= 0 {
				out = append(out, own)
			}
		}
	}
	if len(out) > 0 || !nested || member == "" || ix.IsSet(set) {
		return out
	}
	base, ok := strings.CutSuffix(set, "Packages")
	if !ok {
		return nil
	}
	stem := strings.TrimRight(base, "0123456789_")
	version := base[len(stem):]
	if stem == "" || version == "" {
		// pythonPackages, perlPackages: any of the family, listed or
		// not (pythonPackages is python27Packages), could be it.
		return nil
	}
	// Every set whose name starts with the stem, each jumped over whole.
	// The set is one of its family's, but which one only nixpkgs says:
	// the member must be in each of them.
	siblings := 0
	for i := ix.searchAttr(stem); i < ix.n; {
		a := string(ix.attrBytes(i))
		if !strings.HasPrefix(a, stem) {
			break
		}
		other, _, isSet := strings.Cut(a, ".")
		if !isSet {
			i++
			continue
		}
		if ob, ok := strings.CutSuffix(other, "Packages"); ok && other != set {
			ov := ob[len(stem):]
			if strings.Trim(ov, "0123456789_") == "" && strings.HasPrefix(strings.ReplaceAll(ov, "_", ""), strings.ReplaceAll(version, "_", "")) {
				siblings++
				if ix.findAttr(other+"."+member) >= 0 {
					out = append(out, other+"."+member)
				}
			}
		}
		i = ix.searchAttr(other + "/") // '/' sorts right after '.'
	}
	if len(out) < siblings {
		return nil
	}
	return out
}

// interpreterSets are the interpreters whose every version N (python312)
// is the top-level name of the interpreter of package set NPackages.
var interpreterSets = map[string]bool{"python": true}

// listedUnder are top-level names nixpkgs defines as one of its
// versions of a package, which a listing then gives only under the
// version's name: python3 is python312 or python313 (listed, for
// python312, as python312Packages.python), nodejs is nodejs_22, openjdk
// is jdk. Each counts as found only when the index has one of them.
var listedUnder = map[string][]string{
	"python3": {"python313", "python312", "python313Packages.python", "python312Packages.python"},
	"nodejs":  {"nodejs_22", "nodejs_20", "nodePackages.nodejs"},
	"openjdk": {"jdk"},
}

// Suggest returns up to n attribute paths close to name, best first,
// matched on names only (attribute, pname, program; never descriptions).
func (ix *Index) Suggest(name string, n int) []string {
	if !ix.HasPackages() || n <= 0 {
		return nil
	}
	var out []string
	key := strings.ToLower(name)
	if phrase, ok := ix.otherNamePhrase(strings.Fields(name)); ok {
		key = phrase // "visual studio code"
	}
	// Names people use that nixpkgs spells otherwise come first, where
	// the index has them: "golang" is go.
	for _, a := range otherNames()[key] {
		if len(out) < n && (ix.findAttr(a) >= 0 || len(ix.ListedAs(a)) > 0) {
			out = append(out, a)
		}
	}
	// The name written without its hyphen: "firacode" is fira-code.
	for _, id := range ix.unhyphenated(key) {
		if a := string(ix.attrBytes(id)); len(out) < n && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	words := queryWords(name)
	if len(words) == 0 {
		return out
	}
	matches := make([]wordMatch, len(words))
	for i, w := range words {
		matches[i] = ix.matchWord(w, true)
		if len(matches[i].ids) == 0 {
			return out
		}
	}
	hits, _ := ix.rank(matches, nil, nil, setName(words), 4*n)
	// Among names that match about as well, top-level packages first:
	// "python" should suggest an interpreter before sourcehut.python.
	if len(hits) > 0 {
		cut := 0
		// Within a word match of the best: a top-level name that only
		// holds the letters (skate, libkate) does not go before
		// kdePackages.kate, nor pflask before python313Packages.flask
		// (a library's name alone, tierNestedAlone, ranks so already).
		lo := hits[0].score - tierNestedName + tierWord
		if hits[0].score >= tierNestedAlone {
			lo = max(lo, tierNestedAlone)
		}
		for cut < len(hits) && hits[cut].score >= lo {
			cut++
		}
		slices.SortStableFunc(hits[:cut], func(a, b hit) int {
			na, nb := ix.nested(int(a.id)), ix.nested(int(b.id))
			switch {
			case na == nb:
				return 0
			case !na:
				return -1
			}
			return 1
		})
	}
	first := len(out)
	for _, h := range hits {
		if len(out) == n {
			break
		}
		// Only names that match about as well as the best one: a typo
		// match after an exact program match would only confuse.
		if len(out) > first && h.score < hits[0].score/2 {
			break
		}
		a := string(ix.attrBytes(int(h.id)))
		if a != name && a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// otherNames are names people say for packages that nixpkgs names
// otherwise, with the attributes meant, most likely first: the common
// name of a program (chrome, java, golang), a language's name for its
// compiler or runtime (haskell: ghc, c#: dotnet-sdk), a product's name
// in several words (visual-studio-code). An attribute the listing gives
// under another name (nodejs as nodejs_22) is found through listedUnder.
// Search ranks these just after an exact name (tierOtherName), and
// suggestions offer them first; a name that does not exist is never
// replaced on its own, except by install where it stands for one
// attribute that is also the first suggestion (ask-nix says so). Kept small on purpose: only names a person
// would be surprised not to find, each with its nixpkgs attribute.
//
// Built on first use: its 130 lists are 128 allocations and 13 KB that
// a run which never looks a name up (explain, an edit without an index,
// status) paid in its start-up, in fresh heap pages (BENCHMARKS.md).
var otherNames = sync.OnceValue(func() map[string][]string {
	return map[string][]string{
		// Languages and their toolchains.
		"golang":        {"go"},
		"java":          {"jdk"},
		"openjdk":       {"jdk"},
		"node":          {"nodejs"},
		"node.js":       {"nodejs"},
		"npm":           {"nodejs"},
		"python":        {"python3", "python313", "python312"},
		"pip":           {"python3Packages.pip"},
		"pytorch":       {"python3Packages.torch"},
		"nixfmt":        {"nixfmt-rfc-style"},
		"rust":          {"rustc", "cargo", "rustup"},
		"rust-compiler": {"rustc"},
		"c-compiler":    {"gcc", "clang"},
		"c++":           {"gcc", "clang"},
		"cpp":           {"gcc", "clang"},
		"haskell":       {"ghc", "cabal-install", "stack"},
		"dotnet":        {"dotnet-sdk"},
		".net":          {"dotnet-sdk"},
		"c#":            {"dotnet-sdk"},
		"csharp":        {"dotnet-sdk"},
		"make":          {"gnumake"},
		"gnu-make":      {"gnumake"},
		"nvim":          {"neovim"},
		// Programs by the name people know them by.
		"chrome":                    {"google-chrome", "chromium"},
		"google-chrome-stable":      {"google-chrome"},
		"edge":                      {"microsoft-edge"},
		"ms-edge":                   {"microsoft-edge"},
		"microsoft-edge-stable":     {"microsoft-edge"},
		"brave-browser":             {"brave"},
		"firefox-developer-edition": {"firefox-devedition"},
		"firefox-dev":               {"firefox-devedition"},
		"firefox-developer":         {"firefox-devedition"},
		"dolphin-emulator":          {"dolphin-emu"},
		"code":                      {"vscode", "vscodium"},
		"vs-code":                   {"vscode", "vscodium"},
		"visual-studio-code":        {"vscode", "vscodium"},
		"intellij":                  {"jetbrains.idea-community", "jetbrains.idea-ultimate"},
		"intellij-idea":             {"jetbrains.idea-community", "jetbrains.idea-ultimate"},
		"idea":                      {"jetbrains.idea-community", "jetbrains.idea-ultimate"},
		"jetbrains-idea":            {"jetbrains.idea-community", "jetbrains.idea-ultimate"},
		"pycharm":                   {"jetbrains.pycharm-community", "jetbrains.pycharm-professional"},
		"7zip":                      {"p7zip", "_7zz"},
		"7-zip":                     {"p7zip", "_7zz"},
		"7z":                        {"p7zip", "_7zz"},
		"1password":                 {"_1password-gui", "_1password-cli"},
		"bitwarden":                 {"bitwarden-desktop"},
		"whatsapp":                  {"zapzap", "whatsapp-for-linux"},
		"telegram":                  {"telegram-desktop"},
		"signal":                    {"signal-desktop"},
		"skype":                     {"skypeforlinux"},
		"teams":                     {"teams-for-linux"},
		"microsoft-teams":           {"teams-for-linux"},
		"ms-teams":                  {"teams-for-linux"},
		"obs":                       {"obs-studio"},
		"github-cli":                {"gh"},
		"gitlab-cli":                {"glab"},
		"office":                    {"libreoffice"},
		"libre-office":              {"libreoffice"},
		"openoffice":                {"libreoffice"}, // its successor; Apache OpenOffice is not in nixpkgs
		"open-office":               {"libreoffice"},
		"postgres":                  {"postgresql"},
		"aws":                       {"awscli2"},
		"aws-cli":                   {"awscli2"},
		"gcloud":                    {"google-cloud-sdk"},
		"k8s":                       {"kubectl", "kubernetes"},
		"exa":                       {"eza"}, // renamed when its fork took over
		"nvtop":                     {"nvtopPackages.full"},
		"latex":                     {"texliveFull", "texliveMedium"},
		"wireguard":                 {"wireguard-tools"},
		"cuda":                      {"cudaPackages.cudatoolkit"},
		"anaconda":                  {"conda"},
		"miniconda":                 {"conda"},
		"winrar":                    {"rar", "unrar"},
		"pdflatex":                  {"texliveFull", "texliveMedium"},
		// Commands that come in a package named for the collection, which
		// a listing's mainProgram (one per package) does not show.
		"ls":         {"coreutils"},
		"cat":        {"coreutils"},
		"du":         {"coreutils"},
		"df":         {"coreutils"},
		"ip":         {"iproute2"},
		"ss":         {"iproute2"},
		"ping":       {"iputils"},
		"dig":        {"dnsutils"},
		"nslookup":   {"dnsutils"},
		"ifconfig":   {"nettools"},
		"netstat":    {"nettools"},
		"lsblk":      {"util-linux"},
		"fdisk":      {"util-linux"},
		"blkid":      {"util-linux"},
		"tar":        {"gnutar"},
		"top":        {"procps"},
		"free":       {"procps"},
		"pkill":      {"procps"},
		"telnet":     {"inetutils"},
		"watch":      {"procps"},
		"pstree":     {"psmisc"},
		"fuser":      {"psmisc"},
		"readlink":   {"coreutils"},
		"realpath":   {"coreutils"},
		"nc":         {"netcat"},
		"strings":    {"binutils"},
		"objdump":    {"binutils"},
		"iostat":     {"sysstat"},
		"sar":        {"sysstat"},
		"htpasswd":   {"apacheHttpd"},
		"xdg-open":   {"xdg-utils"},
		"scp":        {"openssh"},
		"sshd":       {"openssh"},
		"ssh-keygen": {"openssh"},
		"glxinfo":    {"mesa-demos"},
		"vulkaninfo": {"vulkan-tools"},
		"pdftotext":  {"poppler_utils"},
		"pdfinfo":    {"poppler_utils"},
		"adb":        {"android-tools"},
		"fastboot":   {"android-tools"},
		"mkfs.vfat":  {"dosfstools"},
		"mkfs.fat":   {"dosfstools"},
		"mkfs.ext4":  {"e2fsprogs"},
		"mkfs.exfat": {"exfatprogs"},
		"mkfs.ntfs":  {"ntfs3g"},
		"clangd":     {"clang-tools"},
		// Exact attributes of another program than the one the name is
		// known for (namedOtherwise): after the exact name, and said when
		// it is installed.
		"zoom":    {"zoom-us"},
		"element": {"element-desktop"},
		"wire":    {"wire-desktop"},
		"warp":    {"warp-terminal"},
		"notion":  {"notion-app-enhanced"},
	}
})

// namedOtherwise are names nixpkgs gives, as an exact attribute, to
// another program than the one most people mean by them: zoom is a
// player for interactive fiction (the video calls are zoom-us), element
// a periodic table (the Matrix client is element-desktop), wire a code
// generator, warp a file transfer app, notion a window manager. The
// name still installs what nixpkgs calls so; MeantOtherwise lets the
// install say which other package the name is known for.
var namedOtherwise = map[string]bool{"zoom": true, "element": true, "wire": true, "warp": true, "notion": true}

// MeantOtherwise is, for an exact attribute most people take for
// another program (namedOtherwise), the package it is and the packages
// the name is known for, which the index has; ok is false otherwise.
func (ix *Index) MeantOtherwise(name string) (named Package, meant []Package, ok bool) {
	if !ix.HasPackages() || !namedOtherwise[name] {
		return Package{}, nil, false
	}
	named, ok = ix.Lookup(name)
	if !ok {
		return Package{}, nil, false
	}
	for _, a := range otherNames()[name] {
		if p, found := ix.Lookup(a); found {
			meant = append(meant, p)
		}
	}
	return named, meant, len(meant) > 0
}

// OtherNames returns the attributes people mean by name when nixpkgs
// names the package otherwise (node: nodejs, java: jdk, golang: go),
// most likely first; nil for any other name. Versions are looked up
// through them too: "java 21" is jdk21.
func OtherNames(name string) []string {
	return slices.Clone(otherNames()[strings.ToLower(name)])
}

// attrsToo are names of otherNames that nixpkgs also has as attributes
// of their own, beside namedOtherwise's: dig and pstree (the programs'
// own packages), teams (Microsoft's discontinued client), openjdk
// (jdk's other name, which a listing gives under jdk: listedUnder).
var attrsToo = map[string]bool{"dig": true, "pstree": true, "teams": true, "openjdk": true}

// UnlistedName returns, for a name people say for a package that
// nixpkgs names otherwise and has no attribute of that name ("python",
// "node", "chrome", "libre-office"), the attributes meant, most likely
// first; nil for any other name. With no package index to look a name
// up in, it is what tells "install python" from a name nixpkgs has.
func UnlistedName(name string) []string {
	key := strings.ToLower(name)
	if namedOtherwise[key] || attrsToo[key] {
		return nil
	}
	return slices.Clone(otherNames()[key])
}

// IsOtherName reports whether name is one people use for a package
// nixpkgs names otherwise, and the index has that package: "golang",
// "visual-studio-code".
func (ix *Index) IsOtherName(name string) bool {
	for _, a := range otherNames()[strings.ToLower(name)] {
		if ix.findAttr(a) >= 0 {
			return true
		}
	}
	return false
}

// IsSet reports whether name is a set of packages rather than one: the
// index has packages below it (nerd-fonts.fira-code) but not name itself.
func (ix *Index) IsSet(name string) bool {
	if !ix.HasPackages() {
		return false
	}
	attr, ok := source.CanonicalAttr(name)
	if !ok || ix.findAttr(attr) >= 0 {
		return false
	}
	prefix := attr + "."
	i := ix.searchAttr(prefix)
	return i < ix.n && strings.HasPrefix(string(ix.attrBytes(i)), prefix)
}

// Programs lists the packages whose main program is prog, top-level
// first: "rg" is ripgrep's.
func (ix *Index) Programs(prog string) []string {
	if !ix.HasPackages() || prog == "" || strings.ContainsAny(prog, " \t") {
		return nil
	}
	m := ix.matchWord(prog, true)
	var progs []wordMatch
	progs = append(progs, m)
	hits, _ := ix.rank(progs, nil, nil, "", 0)
	var out []string
	for _, h := range hits {
		p := ix.pkg(int(h.id))
		if p.MainProgram == prog {
			out = append(out, p.Attr)
		}
	}
	return out
}
