package catalog

import (
	"bytes"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/internal/editdistance"
)

// How well one query word matches a package, best first. The order is
// the one a person expects: the name itself, the program it installs,
// the name in one of its forms (a version, a desktop app), the start of
// a name, a whole word of a name, part of a name, a word of the
// description, and only then names a typo away.
const (
	tierExactAttr     = 100 // the attribute path, exactly
	tierExactAttrFold = 98  // the attribute path, in another case
	// tierListedAs is the package a listing gives under another of its
	// nixpkgs names (nodejs listed as nodejs_22, python3 as python313):
	// the package the word names.
	tierListedAs = 97
	// tierOtherName is the package a name people use means (chrome:
	// google-chrome, java: jdk, golang: go), one less per later choice:
	// after the exact name, before every other kind of match.
	tierOtherName = 95
	tierPname     = 90
	tierProgram   = 85
	// tierVariant is the word with a version (python313, nodejs_22,
	// gcc-13), nixpkgs' "-desktop" (signal-desktop, the app of a
	// project whose plain name is taken), "-fonts" (noto-fonts,
	// dejavu_fonts: a project's fonts) or "-tools", "-utils", "-progs",
	// with or without the hyphen (vulkan-tools, btrfs-progs, nfs-utils,
	// pciutils: the programs a project gives its users, where the
	// project's name is no package or is its library): the package the
	// word names, in one of its forms.
	tierVariant = 80
	// tierPrefix: the name starts with the word. Whether the word ends
	// there as a whole word (rust-motd) or runs on (rustc) says nothing
	// of which is meant: the shorter name goes first, after a project
	// nixpkgs keeps in several versions (family: "postgre" is
	// postgresql, then postgrey and postgrest).
	tierPrefix     = 70
	tierWord       = 60
	tierSubstring  = 50
	tierSet        = 45 // names the package set: "python" in python313Packages.requests
	tierDesc       = 40
	tierDescPrefix = 30
	tierTypo1      = 20
	tierTypo2      = 15
	tierTypoDesc   = 10
	// tierNestedName is the exact name (or program) of a package inside
	// a package set (python313Packages.requests) when another word of
	// the query names its set ("python requests"): after top-level
	// programs and prefixes, before everything else. Its program is
	// tierNestedName-2, its name with a version tierNestedName-3.
	tierNestedName = 68
	// tierNestedAlone is that exact name when no word names the set
	// ("calculator", "requests"): below every top-level name that has
	// the word as a word (gnome-calculator), above names that only hold
	// its letters (pflask for "flask") and descriptions. A person who
	// types a plain word wants a program (unnamedSet).
	tierNestedAlone = 55
	// nestedPenalty lowers typo matches inside package sets.
	nestedPenalty = 8
	// stemPenalty lowers a match of a word without its ending.
	stemPenalty = 5
	// phraseBonus raises a package whose description has the words of
	// the query together, as typed: above one that matches a word by
	// name and another anywhere in its description.
	phraseBonus = 45
	// unavailablePenalty lowers a package the listing marks broken or
	// not for its platform a little: after the ones that match as well.
	unavailablePenalty = 3
)

// nestedPartial maps a partial name match of a package inside a package
// set to just below a description match of a top-level one.
var nestedPartial = map[int]int{tierPrefix: tierDesc - 2, tierWord: tierDesc - 3, tierSubstring: tierDesc - 5}

// Result is one search hit.
type Result struct {
	Package
	Score int `json:"-"`
}

// Search finds the packages matching every word of query, best first,
// at most limit (all when limit <= 0), and how many matched in all.
func (ix *Index) Search(query string, limit int) ([]Result, int) {
	words := queryWords(query)
	if len(words) == 0 || ix.n == 0 {
		return nil, 0
	}
	// "visual studio code": one name people use for vscode, which no
	// package's text holds word by word. What it names matches every
	// word, as if each were that name; the rest is found as typed.
	phraseName, phrased := ix.otherNamePhrase(words)
	// "video player": the programs whose description says so in the
	// words descriptions use ("media player", "movie player"), which
	// need not hold the words typed.
	var holders *kindHolders
	if !phrased {
		holders = ix.kindQueryHolders(words)
		if holders == nil {
			holders = ix.suiteHolders(words)
		}
	}
	matches := make([]wordMatch, len(words))
	for i, w := range words {
		matches[i] = ix.matchWord(w, false)
		ix.topLevelTypos(w, &matches[i])
		ix.wordForms(&matches[i], w)
		if phrased {
			for j, a := range otherNames()[phraseName] {
				ix.otherName(a, tierOtherName-j, &matches[i])
			}
		}
		if len(matches[i].ids) == 0 && holders == nil && !ix.addStems(&matches[i], w) {
			return nil, 0
		}
	}
	ix.serviceRole(words, matches)
	joinedName := false
	if !phrased {
		joinedName = ix.joinedPairs(words, matches)
	}
	set := setName(words)
	if ix.pluralSet(words, matches) {
		set += "s"
	}
	if holders != nil {
		holders.match(matches[max(len(matches)-2, 0):])
	}
	phrase := phraseOf(words)
	if phrased || joinedName {
		phrase = nil // the words name a package: no description says it better
	}
	if k, ok := kindPhrases[lower(words[0])]; ok && len(words) == 1 {
		phrase, holders = []byte(k), &kindHolders{same: ix.phraseHolders([]byte(k))}
	}
	hits, total := ix.rank(matches, phrase, holders, set, limit)
	if (total == 0 || holders != nil && total <= len(holders.same)+len(holders.near)) && len(words) > 1 {
		// No package has every word (but those that say the kind in
		// other words): the words without their endings too
		// ("youtube downloader" finds "download videos from YouTube",
		// "video editors" a video editor, "image editing" gimp's
		// "Image Manipulation" and imagemagick's "edit").
		stemmed := false
		for i, w := range words {
			stemmed = ix.addStems(&matches[i], w) || stemmed
		}
		if stemmed {
			if holders != nil {
				holders.match(matches[max(len(matches)-2, 0):])
			}
			hits, total = ix.rank(matches, nil, holders, set, limit)
		}
	}
	out := make([]Result, len(hits))
	for i, h := range hits {
		out[i] = Result{Package: ix.pkg(int(h.id)), Score: h.score}
	}
	return out, total
}

// serviceRoles are words that say what a service is, after its name:
// "mysql server", "tor daemon".
var serviceRoles = map[string]bool{"server": true, "service": true, "daemon": true}

// ServiceRole reports whether w (lowercase) is a word that says what a
// service is, after its name ("server" in "ssh server").
func ServiceRole(w string) bool { return serviceRoles[w] }

// serviceRole makes a word of serviceRoles after the name of a NixOS
// service (services.mysql.enable: "mysql server") match the top-level
// packages that name in one of its forms names (mysql80, mysql84), as a
// description saying it would: they are the service's programs, though
// their descriptions need not say "server" ("World's most popular open
// source database"). Other packages still need the word.
func (ix *Index) serviceRole(words []string, matches []wordMatch) {
	if len(words) != 2 || !serviceRoles[lower(words[1])] {
		return
	}
	if _, ok := ix.ServiceFor(lower(words[0])); !ok {
		return
	}
	name, role := &matches[0], &matches[1]
	for _, id := range name.ids {
		if name.score(id) >= tierVariant && !ix.nested(int(id)) {
			role.set(id, tierDesc)
		}
	}
}

// wordForms adds to m what w matches written the other ways people
// write one word of two: joined ("e-mail" as email), apart ("text-editor"
// as text editor), and apart when written joined ("webbrowser" as web
// browser, when no package is named so). Apart, a package must have
// both words, and ranks as it would for the two, once, and higher when
// its description has them together.
func (ix *Index) wordForms(m *wordMatch, w string) {
	w = lower(w)
	if strings.ContainsAny(w, ".#") {
		return
	}
	if strings.Contains(w, "-") {
		if joined := strings.ReplaceAll(w, "-", ""); len(joined) >= 3 && joined != w {
			sub := ix.matchWord(joined, false)
			if !sub.typo {
				for _, id := range sub.ids {
					m.set(id, int(sub.score(id)))
				}
			}
		}
		// Apart only when each part is a word: "e-mail" is no e and mail.
		parts := strings.FieldsFunc(w, func(r rune) bool { return r == '-' })
		if len(parts) >= 2 && len(parts) <= 4 && !slices.ContainsFunc(parts, func(p string) bool { return len(p) < 2 }) {
			ix.addApart(m, parts, false)
		}
		return
	}
	if len(w) < 5 || slices.ContainsFunc(m.ids, func(id uint32) bool { return m.score(id) >= tierPname && !ix.nested(int(id)) }) {
		return
	}
	// A name of two words written without its hyphen ("firacode":
	// fira-code), even where another name holds the word
	// (rictydiminished-with-firacode) and typoMatches, which finds
	// such names among typos, is not asked.
	for _, id := range ix.unhyphenated(w) {
		m.set(uint32(id), tierExactAttrFold-2)
	}
	// A word many texts have is a word, not two run together
	// ("manager" is no man ager).
	if len(w) < 6 || len(m.ids) > maxCompoundHits {
		return
	}
	for k := 3; k <= len(w)-3; k++ {
		a, b := w[:k], w[k:]
		if stopWords[a] || stopWords[b] || !ix.inVocab(a) || !ix.inVocab(b) {
			continue
		}
		ix.addApart(m, []string{a, b}, true)
	}
}

// joinedPairs adds to the matches of two words side by side what they
// match written as one, as a text that has them run together says them
// both: "web server" is nginx's "lightweight webserver", "node js"
// nodejs. Only where some name or description has the joined word,
// and not as a typo of one. It reports whether the joined word is a
// top-level package's name ("node js"): the words name it, as typed
// apart, and no description saying them is the better for it.
func (ix *Index) joinedPairs(words []string, matches []wordMatch) (named bool) {
	if len(words) < 2 || len(words) > 4 {
		return false
	}
	for i := 0; i+1 < len(words); i++ {
		a, b := lower(words[i]), lower(words[i+1])
		joined := a + b
		if !letterJoint(a, b) || len(joined) < 5 || strings.ContainsAny(joined, ".#") || !ix.inVocab(joined) {
			continue
		}
		// Names and descriptions only: no typos, no attribute paths.
		sub := newWordMatch(ix.n)
		ix.nameMatches(joined, []byte(joined), &sub)
		ix.vocabMatches([]byte(joined), false, &sub)
		ix.knownNames(joined, &sub)
		for _, id := range sub.ids {
			s := int(sub.score(id))
			matches[i].set(id, s)
			matches[i+1].set(id, s)
			named = named || s >= tierVariant && !ix.nested(int(id))
		}
	}
	return named
}

// letterJoint reports whether a and b, written as one, join two
// letters: "web" "server" is webserver, but "python" "3" is no word
// run together (a version).
func letterJoint(a, b string) bool {
	return a != "" && b != "" && isLetter(a[len(a)-1]) && isLetter(b[0])
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// saysPhrase reports whether desc has phrase (containsFold), or, for
// two words, has them run together as one ("web server": nginx's
// "lightweight webserver").
func saysPhrase(desc, phrase []byte) bool {
	if containsFold(desc, phrase) {
		return true
	}
	a, b, ok := bytes.Cut(phrase, []byte{' '})
	if !ok || bytes.IndexByte(b, ' ') >= 0 || !letterJoint(string(a), string(b)) {
		return false
	}
	return containsFold(desc, append(slices.Clip(a), b...))
}

// maxCompoundHits is how many packages a word written as one may match
// and still be read as two words run together.
const maxCompoundHits = 100

// unhyphenated are the top-level packages named w (lowercase) with a
// hyphen or underscore put back between two of its words: "firacode" is
// fira-code, "dejavufonts" dejavu_fonts.
func (ix *Index) unhyphenated(w string) []int {
	var out []int
	if len(w) < 5 || strings.ContainsAny(w, ".-_") {
		return nil
	}
	for k := 2; k <= len(w)-2; k++ {
		for _, sep := range []string{"-", "_"} {
			if id := ix.findAttr(w[:k] + sep + w[k:]); id >= 0 {
				out = append(out, id)
			}
		}
	}
	return out
}

// inVocab reports whether w is a word of some name or description.
func (ix *Index) inVocab(w string) bool {
	i := ix.findWord([]byte(w))
	return i < ix.masks.len() && string(ix.word(i)) == w
}

// addApart adds to m the packages that match every one of parts, as
// one word: the mean of their scores, with phraseBonus when the
// description has them together.
// With said, only the packages whose description says them together:
// a word that is two run together is that phrase, not its words
// anywhere ("webbrowser").
func (ix *Index) addApart(m *wordMatch, parts []string, said bool) {
	sub := make([]wordMatch, len(parts))
	driver := 0
	for i, p := range parts {
		sub[i] = ix.matchText(p, false)
		if len(sub[i].ids) == 0 || sub[i].typo {
			return // a part that is in no text: not written apart
		}
		if len(sub[i].ids) < len(sub[driver].ids) {
			driver = i
		}
	}
	phrase := []byte(strings.Join(parts, " "))
	for _, id := range sub[driver].ids {
		score := 0
		for i := range sub {
			s := int(sub[i].score(id))
			if s == 0 {
				score = 0
				break
			}
			score += s
		}
		if score == 0 {
			continue
		}
		score /= len(parts)
		switch {
		case int(m.score(id)) < score+phraseBonus && containsFold(ix.descBytes(int(id)), phrase):
			score += phraseBonus
		case said:
			continue // "webbrowser" is web browser said, not web and browser anywhere
		}
		if ix.nested(int(id)) {
			// A library whose text says the words (python's yt-dlp-light,
			// "based on yt-dlp") stays below a program named with them.
			score = min(score, tierNestedName-1)
		}
		m.set(id, min(score, 255))
	}
}

// otherNamePhrase is the name several words say together when it is
// one of otherNames the index has ("visual studio code",
// "firefox developer edition").
func (ix *Index) otherNamePhrase(words []string) (string, bool) {
	if len(words) < 2 || len(words) > 4 {
		return "", false
	}
	for _, sep := range []string{"-", ""} {
		name := lower(strings.Join(words, sep))
		if _, ok := otherNames()[name]; ok && ix.IsOtherName(name) {
			return name, true
		}
	}
	return "", false
}

// kindPhrases are words that, alone, name a kind of program, with the
// words descriptions say it in: "browser" is a web browser (firefox,
// "Web browser built from Firefox source tree") before names holding
// the word (browsers, browserpass), "terminal" a terminal emulator
// (kitty) before terminal-colors. A program whose description has the
// phrase ranks as if the phrase had been typed (phraseBonus); names
// still match as typed.
var kindPhrases = map[string]string{
	"browser":  "web browser",
	"terminal": "terminal emulator",
	"editor":   "text editor",
	"player":   "media player",
	"email":    "email client",
	"mail":     "mail client",
	"torrent":  "bittorrent client",
	// Descriptions say these kinds by the word alone: "Java, Kotlin,
	// Groovy and Scala IDE" (not identity, ideogram), "a mesh VPN"
	// (tailscale, before vpnc and vpn-slice), "PDF viewer".
	"ide":        "ide",
	"vpn":        "vpn",
	"pdf":        "pdf viewer",
	"screenshot": "screenshot", // flameshot: "screenshot software"
}

// kindQualifiers are the words that, before a word of kindForms, say
// which kind of program (video player, image viewer, note taking),
// each with the qualifiers a description may say the same kind with
// (same): a "video player" is a "movie player" or a "media player"
// (vlc: "Cross-platform media player and streaming server"), an "image
// viewer" a "photo viewer". near are qualifiers of a kind that holds
// this one or that this one holds, ranked a little lower (nearBonus):
// a music player is a media player, but one that says "music player"
// (strawberry) is likelier meant; a pdf viewer is a document viewer
// (evince: "GNOME's document viewer"), but zathura's "PDF viewer" says
// it.
var kindQualifiers = map[string]kindQualifier{
	"video":    {same: []string{"video", "movie", "media"}},
	"movie":    {same: []string{"movie", "video", "media"}},
	"media":    {same: []string{"media", "video", "movie"}, near: []string{"music", "audio"}},
	"music":    {same: []string{"music", "audio"}, near: []string{"media"}},
	"audio":    {same: []string{"audio", "sound", "music"}, near: []string{"media"}},
	"sound":    {same: []string{"sound", "audio"}, near: []string{"media"}},
	"mp3":      {same: []string{"mp3", "music", "audio"}, near: []string{"media"}},
	"image":    {same: []string{"image", "photo", "picture"}},
	"photo":    {same: []string{"photo", "image", "picture"}},
	"picture":  {same: []string{"picture", "image", "photo"}},
	"pdf":      {same: []string{"pdf"}, near: []string{"document"}},
	"document": {same: []string{"document"}, near: []string{"pdf"}},
	"ebook":    {same: []string{"ebook", "epub"}, near: []string{"document"}},
	"epub":     {same: []string{"epub", "ebook"}, near: []string{"document"}},
	"note":     {same: []string{"note", "notes"}},
	"notes":    {same: []string{"notes", "note"}},
	"screen":   {same: []string{"screen"}, near: []string{"video"}}, // obs-studio: "video recording"
	"password": {same: []string{"password"}},
}

// suiteKinds are kinds of program a query may name whole that an
// office suite is, with the words descriptions say them in (same,
// phraseBonus) and the suites' own words (near, nearBonus): a
// spreadsheet is gnumeric ("GNOME Office Spreadsheet"), then
// libreoffice ("Comprehensive, professional-quality productivity
// suite"), which has one, though its description does not say so.
var suiteKinds = map[string]kindQualifier{
	"spreadsheet":        {same: []string{"spreadsheet"}, near: officeSuite},
	"word processor":     {same: []string{"word processor", "word processing"}, near: officeSuite},
	"word processing":    {same: []string{"word processor", "word processing"}, near: officeSuite},
	"office suite":       {same: officeSuite},
	"productivity suite": {same: officeSuite},
}

var officeSuite = []string{"office suite", "productivity suite"}

// suiteHolders are the programs whose description says the kind the
// whole query names (suiteKinds), or nil when it names none.
func (ix *Index) suiteHolders(words []string) *kindHolders {
	q, ok := suiteKinds[lower(strings.Join(words, " "))]
	if !ok {
		return nil
	}
	var k kindHolders
	for _, p := range q.same {
		k.same = append(k.same, ix.phraseHolders([]byte(p))...)
	}
	for _, p := range q.near {
		k.near = append(k.near, ix.phraseHolders([]byte(p))...)
	}
	k.sortIDs()
	return &k
}

type kindQualifier struct {
	same, near []string
}

// kindForms are the words after a qualifier that name a kind of
// program, each with the ways descriptions say it: the agent noun and
// its -ing form ("video editor", "video editing"), and the few other
// words they use for the same ("GNU Image Manipulation Program" is an
// image editor, a "pdf reader" a pdf viewer). Any of a group, typed,
// finds the others.
var kindForms = func() map[string][]string {
	m := map[string][]string{}
	for _, g := range [][]string{
		{"player", "playing"},
		{"viewer", "viewing", "reader"},
		{"editor", "editing", "manipulation"},
		{"recorder", "recording"},
		{"manager"},
		{"taking"},
	} {
		for _, w := range g {
			m[w] = g
		}
	}
	return m
}()

// nearBonus is the bonus of a program whose description says a near
// kind (a media player, for "music player"): below one that says the
// kind asked for, above one that only has the words apart.
const nearBonus = phraseBonus - 10

// kindHolders are the programs whose description says the kind of
// program a query names, by id, sorted: in the words typed or others
// for the same (same, phraseBonus) or a near kind (near, nearBonus).
type kindHolders struct {
	same, near []uint32
	byDesc     []uint32 // the holders that lack a word typed (match)
}

// ids are the holders, same and near.
// sortIDs sorts both lists and drops repeats (bonus searches them).
func (k *kindHolders) sortIDs() {
	slices.Sort(k.same)
	k.same = slices.Compact(k.same)
	slices.Sort(k.near)
	k.near = slices.Compact(k.near)
}

func (k *kindHolders) ids() []uint32 {
	return append(slices.Clip(k.same), k.near...)
}

// match makes each holder match the kind's words (matches, the last
// two) as a description that has them would: vlc's "media player" says
// video player. A holder that lacks one of them ranks by its
// description alone, its name no better: jellyfin-media-player's
// "player" is no more a video player than vlc is. Called again after
// more matches were added (stems), it keeps those holders so.
func (k *kindHolders) match(matches []wordMatch) {
	if k.byDesc == nil {
		k.byDesc = []uint32{}
		for _, id := range k.ids() {
			for i := range matches {
				if matches[i].score(id) == 0 {
					k.byDesc = append(k.byDesc, id)
					break
				}
			}
		}
	}
	for _, id := range k.ids() {
		for i := range matches {
			matches[i].set(id, tierDesc)
		}
	}
	for _, id := range k.byDesc {
		for i := range matches {
			matches[i].put(id, tierDesc)
		}
	}
}

// bonus is what package id gets for saying the kind.
func (k *kindHolders) bonus(id uint32) int {
	if _, ok := slices.BinarySearch(k.same, id); ok {
		return phraseBonus
	}
	if _, ok := slices.BinarySearch(k.near, id); ok {
		return nearBonus
	}
	return 0
}

// kindQueryHolders are the programs whose description says the kind of
// program the last two words name, a qualifier and a kind ("video
// player", "pdf viewer", "photo editor"; "mpv video player" is mpv,
// a video player), in any of the words descriptions say it with
// (kindQualifiers, kindForms); nil when the words are no such pair, or
// are the whole query and no description says it otherwise than as
// typed, which the phrase bonus finds.
func (ix *Index) kindQueryHolders(words []string) *kindHolders {
	if len(words) < 2 || len(words) > 4 {
		return nil
	}
	typedAlone := len(words) == 2 // the phrase bonus finds what says them as typed
	words = words[len(words)-2:]
	q, ok := kindQualifiers[strings.ReplaceAll(lower(words[0]), "-", "")] // e-book: ebook
	forms := kindForms[lower(words[1])]
	if !ok || forms == nil {
		return nil
	}
	typed := lower(words[0] + " " + words[1])
	var k kindHolders
	other := false
	add := func(to *[]uint32, phrase string) {
		ids := ix.phraseHolders([]byte(phrase))
		if phrase != typed && len(ids) > 0 {
			other = true
		}
		*to = append(*to, ids...)
	}
	for _, w := range q.same {
		for _, f := range forms {
			add(&k.same, w+" "+f)
		}
	}
	for _, w := range q.near {
		for _, f := range forms {
			add(&k.near, w+" "+f)
		}
	}
	if !other && typedAlone {
		return nil
	}
	k.sortIDs()
	return &k
}

// phraseHolders are the programs whose description has phrase
// (lowercase words), by id: the packages whose description has each of
// its words, each read.
func (ix *Index) phraseHolders(phrase []byte) []uint32 {
	var out []uint32
	for k, w := range bytes.Fields(phrase) {
		i := ix.findWord(w)
		if i >= ix.masks.len() || !bytes.Equal(ix.word(i), w) {
			return []uint32{} // a word no description has: none has the phrase
		}
		// Postings are sorted by package: keep those of out that this
		// word's have too, in one pass over both.
		posts := ix.posts(i)
		var ids []uint32
		o := 0
		for j := 0; j < posts.len(); j++ {
			p := posts.at(j)
			id := p >> whereBits
			if p&inDesc == 0 || int(id) >= ix.n || len(ids) > 0 && ids[len(ids)-1] == id {
				continue
			}
			if k > 0 {
				for o < len(out) && out[o] < id {
					o++
				}
				if o == len(out) {
					break
				}
				if out[o] != id {
					continue
				}
			}
			ids = append(ids, id)
		}
		out = ids
	}
	kept := out[:0]
	for _, id := range out {
		if containsFold(ix.descBytes(int(id)), phrase) && ix.program(int(id)) {
			kept = append(kept, id)
		}
	}
	if kept == nil {
		return []uint32{}
	}
	return kept
}

// phraseOf is the words of a query of several, lowercase, as one
// phrase to look for in descriptions; nil for one word.
func phraseOf(words []string) []byte {
	if len(words) < 2 {
		return nil
	}
	return []byte(lower(strings.Join(words, " ")))
}

// rank keeps the packages every word matched, best first, at most
// limit, and says how many there were. A description that has the
// words together as typed (phrase, lowercase; nil for none) adds
// phraseBonus: "terminal emulator" is kitty's "terminal emulator"
// before a terminal-something whose description says "emulator"
// somewhere.
//
// A package that every word matches only by the name of its set counts
// tierDescPrefix a word, as a description with words starting so would,
// unless the words are that set's name (set, from setName): "image
// viewer" is not each script of mpvScripts.mpv-image-viewer, "nerd
// fonts" is each of nerd-fonts.
//
// holders, when not nil, are the programs whose description has phrase
// (phraseHolders) or says the kind of program the words name in other
// words (kindQueryHolders), which take their bonus in place of
// phrase's: a word that alone names a kind of program (kindPhrases)
// matches thousands of names, whose descriptions are not read one by
// one.
func (ix *Index) rank(matches []wordMatch, phrase []byte, holders *kindHolders, set string, limit int) ([]hit, int) {
	driver := 0
	for i := range matches {
		if len(matches[i].ids) < len(matches[driver].ids) {
			driver = i
		}
	}
	top := topK{ix: ix, limit: limit}
	total := 0
	for _, id := range matches[driver].ids {
		score, named, setOnly := 0, false, len(matches) > 1
		for i := range matches {
			s := matches[i].score(id)
			if s == 0 {
				score = 0
				break
			}
			score += int(s)
			named = named || s >= tierNestedName-5 && s <= tierNestedName
			setOnly = setOnly && (s == tierSet || s == tierSet-1)
		}
		switch {
		case score == 0:
		case setOnly && !ix.setNamed(id, set):
			score = len(matches) * tierDescPrefix
		case named:
			score = ix.unnamedSet(matches, id, score)
		}
		if score > 0 {
			total++
			h := hit{id: id, score: score}
			// Only programs: a library in a package set whose
			// description says the words ("matrix client": a Python
			// SDK) is not what they describe.
			if holders != nil {
				h.score += holders.bonus(id)
			} else if phrase != nil && top.wouldTake(hit{id: id, score: score + phraseBonus}) && ix.program(int(id)) && saysPhrase(ix.descBytes(int(id)), phrase) {
				h.score += phraseBonus
			}
			if !top.wouldTake(h) {
				continue // a penalty could only lower it further
			}
			// What NixOS cannot build here (broken, or a macOS-only
			// app) after what it can, when they match about as well:
			// "whatsapp" is whatsapp-chat-exporter before
			// whatsapp-for-mac.
			if ix.unavailable(int(id)) {
				h.score = max(h.score-unavailablePenalty, 1)
			}
			// A test suite (vulkan-cts: "Khronos Vulkan Conformance
			// Tests") after the project's packages that match as well
			// (vulkan-loader), as a set of tests is (testSet).
			if testSuite(ix.descBytes(int(id))) {
				h.score = max(h.score-unavailablePenalty, 1)
			}
			top.add(h)
		}
	}
	return top.sorted(), total
}

// testSuite reports whether a description says its package is a test
// suite: it ends in "tests" or "test suite" ("Khronos Vulkan
// Conformance Tests").
func testSuite(desc []byte) bool {
	desc = bytes.TrimRight(desc, " .")
	for _, end := range []string{" tests", " test suite", " testsuite"} {
		if len(desc) >= len(end) && bytes.EqualFold(desc[len(desc)-len(end):], []byte(end)) {
			return true
		}
	}
	return false
}

// setName is the words of a query of several, lowercase and joined,
// as setNamed compares them with a set's name ("nerd fonts":
// nerdfonts); "" for one word.
func setName(words []string) string {
	if len(words) < 2 {
		return ""
	}
	return lower(strings.Join(words, ""))
}

// pluralSet scores, for every word, the members of the package set
// the words name with the last one in the plural, as people say one of
// them ("nerd font": nerd-fonts). The words are the start of the set's
// name (tierPrefix): its members come before a name that holds the
// words as typed (nerd-font-patcher, a tool for the fonts), as they
// would for the set's whole name. It reports whether they name such a
// set. Only a set's whole name is
// looked up (nerd-fonts, nerd_fonts, nerdfonts), so "python package"
// walks none of the many members of the sets named ...Packages.
func (ix *Index) pluralSet(words []string, matches []wordMatch) bool {
	if len(words) < 2 {
		return false
	}
	last := lower(words[len(words)-1])
	if len(last) < 3 || strings.HasSuffix(last, "s") {
		return false
	}
	found := false
	for _, sep := range []string{"-", "_", ""} {
		name := []byte(lower(strings.Join(words, sep)) + "s")
		i := ix.findWord(name)
		if i >= ix.masks.len() || !bytes.Equal(ix.word(i), name) {
			continue
		}
		posts := ix.posts(i)
		for j := 0; j < posts.len(); j++ {
			p := posts.at(j)
			if id := p >> whereBits; p&inSet != 0 && int(id) < ix.n {
				for k := range matches {
					matches[k].set(id, tierPrefix)
				}
				found = true
			}
		}
	}
	return found
}

// setNamed reports whether set (from setName) is the name of the
// package set package id is in, its first element without case, - or _
// (nerd-fonts, gnomeExtensions, mpvScripts).
func (ix *Index) setNamed(id uint32, set string) bool {
	first, _, ok := bytes.Cut(ix.attrBytes(int(id)), []byte{'.'})
	if !ok || set == "" {
		return false
	}
	j := 0
	for _, c := range first {
		switch {
		case c == '-' || c == '_':
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		if j >= len(set) || set[j] != c {
			return false
		}
		j++
	}
	return j == len(set)
}

// unnamedSet is score, the sum of matches' scores of package id, with
// the exact name of a library in a package set (tierNestedName and the
// tiers just below it) lowered to tierNestedAlone when no other word
// names its set: "calculator" is gnome-calculator before
// haskellPackages.calculator, "python requests" still
// python313Packages.requests first. A word names the set when its
// score is tierSet or tierSet-1, which nothing else gives a package in
// a set. A desktop's apps (kdePackages.kate) and the members of a set
// of programs (xorg.xev) are programs, and kept.
func (ix *Index) unnamedSet(matches []wordMatch, id uint32, score int) int {
	if !ix.nested(int(id)) || setKindOf(ix.attrBytes(int(id)))&(desktopSet|programSet) != 0 {
		return score
	}
	for i := range matches {
		s := int(matches[i].score(id))
		if s < tierNestedName-5 || s > tierNestedName {
			continue
		}
		named := false
		for j := range matches {
			if t := matches[j].score(id); j != i && (t == tierSet || t == tierSet-1) {
				named = true
			}
		}
		if !named {
			score -= tierNestedName - tierNestedAlone
		}
	}
	return score
}

// containsFold reports whether s holds phrase (lowercase), ASCII
// letters in any case, starting at a word. A space or hyphen of the
// phrase matches spaces and hyphens ("web browser": "web-browser"), and
// a hyphen inside a word of s may be left out ("email client":
// "e-mail client").
func containsFold(s, phrase []byte) bool {
	first := phrase[0]
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != first && c+'a'-'A' != first || i > 0 && isAlnum(s[i-1]) {
			continue
		}
		if foldAt(s[i:], phrase) {
			return true
		}
	}
	return false
}

// foldAt reports whether s starts with phrase as containsFold matches it.
func foldAt(s, phrase []byte) bool {
	j, k := 0, 0
	for j < len(phrase) {
		if isSep(phrase[j]) {
			for j < len(phrase) && isSep(phrase[j]) {
				j++
			}
			k0 := k
			for k < len(s) && isSep(s[k]) {
				k++
			}
			if k == k0 {
				return false
			}
			continue
		}
		if k >= len(s) {
			return false
		}
		c := s[k]
		if c == '-' && k > 0 && isAlnum(s[k-1]) && k+1 < len(s) && isAlnum(s[k+1]) {
			k++ // e-mail read as email
			c = s[k]
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != phrase[j] {
			return false
		}
		j++
		k++
	}
	// The last word does not run on into another by a hyphen: "matrix
	// client" is not said by "Matrix Client-Server SDK".
	return k+1 >= len(s) || s[k] != '-' || !isAlnum(s[k+1])
}

func isSep(c byte) bool { return c == ' ' || c == '-' }

// QueryWords are the words Search looks for in query: split at spaces,
// without stop words and words that say how good or what kind of thing
// ("best", "app") when others remain, each once.
func QueryWords(query string) []string { return queryWords(query) }

// queryWords splits a query into words, drops stop words when others
// remain, and removes duplicates.
func queryWords(query string) []string {
	var words []string
	for _, f := range strings.Fields(query) {
		f = strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x7f {
				return -1
			}
			return r
		}, f)
		f = strings.Trim(f, ".")
		if f != "" && len(f) <= 255 && !slices.Contains(words, f) {
			words = append(words, f)
		}
	}
	for _, drop := range []map[string]bool{fillerWords, nil} {
		var kept []string
		for _, w := range words {
			if lw := lower(w); !stopWords[lw] && !drop[lw] {
				kept = append(kept, w)
			}
		}
		if len(kept) > 0 {
			return kept
		}
	}
	return words
}

// fillerWords say what any package is, or how good, not which: "the
// best text editor", "chat app", "pdf viewer program" are a text
// editor, chat and a pdf viewer. They are left out of a query that has
// other words (descriptions rarely say them, and "app" would find
// apptainer).
var fillerWords = map[string]bool{
	"best": true, "good": true, "great": true, "nice": true, "popular": true, "recommended": true,
	"app": true, "apps": true, "application": true, "applications": true,
	"program": true, "programs": true, "software": true, "package": true, "packages": true,
}

// scoreBlock is how many packages' scores a wordMatch keeps together.
// Blocks are made when one of their packages first matches: a search
// holds several wordMatches, and in a fresh ask-nix process every byte
// of new heap is a page the kernel must fault in and zero. A dense table
// (one byte for each of 125k packages, per word) made a cold "python
// requests" touch 150 new pages (1.7 ms here) for a few hundred matches.
const scoreBlockBits = 9

const scoreBlock = 1 << scoreBlockBits

type wordMatch struct {
	blocks []*[scoreBlock]uint8 // per block of packages, nil: none matched
	ids    []uint32
	typo   bool // no name holds the word: names a typo away were tried
}

// newWordMatch is an empty match over n packages.
func newWordMatch(n int) wordMatch {
	return wordMatch{blocks: make([]*[scoreBlock]uint8, (n+scoreBlock-1)>>scoreBlockBits)}
}

// score is package id's tier, 0 when it does not match.
func (m *wordMatch) score(id uint32) uint8 {
	if b := m.blocks[id>>scoreBlockBits]; b != nil {
		return b[id&(scoreBlock-1)]
	}
	return 0
}

// put sets package id's tier as it is, lower or higher: set only raises.
func (m *wordMatch) put(id uint32, tier uint8) {
	s := &m.block(id)[id&(scoreBlock-1)]
	if *s == 0 && tier != 0 {
		m.ids = append(m.ids, id)
	}
	*s = tier
}

// block is the block that holds package id's score, made if need be.
func (m *wordMatch) block(id uint32) *[scoreBlock]uint8 {
	b := m.blocks[id>>scoreBlockBits]
	if b == nil {
		b = new([scoreBlock]uint8)
		m.blocks[id>>scoreBlockBits] = b
	}
	return b
}

func (m *wordMatch) set(id uint32, tier int) {
	// The common case inline (a score raised or kept); a package's first
	// score, which appends, in setNew.
	if b := m.blocks[id>>scoreBlockBits]; b != nil && tier > 0 {
		if s := &b[id&(scoreBlock-1)]; *s != 0 {
			if uint8(tier) > *s {
				*s = uint8(tier)
			}
			return
		}
	}
	m.setNew(id, tier)
}

// setNew gives package id its first score (or none, for tier <= 0).
func (m *wordMatch) setNew(id uint32, tier int) {
	if tier <= 0 {
		return
	}
	s := &m.block(id)[id&(scoreBlock-1)]
	if *s == 0 {
		m.ids = append(m.ids, id)
	}
	if uint8(tier) > *s {
		*s = uint8(tier)
	}
}

// matchWord scores every package against one query word; namesOnly
// leaves descriptions out (for "did you mean").
func (ix *Index) matchWord(orig string, namesOnly bool) wordMatch {
	m := ix.matchText(orig, namesOnly)
	ix.knownNames(orig, &m)
	return m
}

// knownNames scores the packages the word names in ways no text of
// theirs shows: a nixpkgs name the listing gives under another one
// (listedUnder), and a name people use for a package nixpkgs names
// otherwise (otherNames).
func (ix *Index) knownNames(orig string, m *wordMatch) {
	w := lower(orig)
	if strings.Contains(w, ".") && otherNames()[w] == nil {
		return // an attribute path: matchText had it exactly or not at all
	}
	if ix.findAttr(w) < 0 {
		if id := ix.listedAs(w); id >= 0 {
			m.set(uint32(id), tierListedAs)
		}
	}
	for i, a := range otherNames()[w] {
		ix.otherName(a, tierOtherName-i, m)
	}
	if m.typo && otherNames()[w] == nil {
		// A typo of such a name ("golnag", "nodjs") is scored as a typo
		// of the whole name of a package is (typoMatches).
		k := typoBudget(w)
		typo := func(name string) int {
			d := editdistance.OSA(w, name, k)
			if d == 0 || d > k {
				return 0
			}
			t := tierTypo1 + 4
			if d > 1 {
				t = tierTypo2 + 4
			}
			if name[0] == w[0] {
				t++
				if name[1] == w[1] {
					t++
				}
			}
			return t
		}
		for name, as := range otherNames() {
			if t := typo(name); t > 0 {
				// One more than a name as far: a name people use is
				// the likelier one ("postgress": postgresql, not
				// postgrest).
				for i, a := range as {
					ix.otherName(a, t+1-i, m)
				}
			}
		}
		for name := range listedUnder {
			if t := typo(name); t > 0 {
				if id := ix.listedAs(name); id >= 0 {
					m.set(uint32(id), t)
				}
			}
		}
	}
}

// otherName scores attr, which a word people use means, at tier, and
// its versions (java: jdk23, jdk21_headless) as versions of the word.
func (ix *Index) otherName(attr string, tier int, m *wordMatch) {
	id := ix.findAttr(attr)
	if id < 0 {
		id = ix.listedAs(attr)
	}
	if id >= 0 {
		m.set(uint32(id), tier)
	}
	if id < 0 || strings.Contains(attr, ".") || tier < tierOtherName-2 {
		return
	}
	// Attribute paths sort: the ones starting with attr follow it, each
	// package set jumped over whole. Where its versions have a separator
	// (go_1_24), digits run into the name are another name (go365);
	// where none does (jdk23), they are versions.
	var glued []int
	separate := false
	for i := ix.searchAttr(attr); i < ix.n; {
		a := ix.attrBytes(i)
		if !bytes.HasPrefix(a, []byte(attr)) {
			break
		}
		if set, _, ok := bytes.Cut(a, []byte{'.'}); ok {
			i = ix.searchAttr(string(set) + "/") // '/' sorts right after '.'
			continue
		}
		i++
		rest := bytes.TrimLeft(a[len(attr):], "_-")
		digits := 0
		for digits < len(rest) && isDigit(rest[digits]) {
			digits++
		}
		// A version, alone or before a variant's name (jdk21_headless);
		// not a name going on (stack2nix). Below the same match of the
		// word typed.
		if digits > 0 && (digits == len(rest) || rest[digits] == '_' || rest[digits] == '-') {
			if len(rest) < len(a)-len(attr) {
				separate = true
				m.set(uint32(i-1), tierVariant-1)
			} else {
				glued = append(glued, i-1)
			}
		}
	}
	if !separate {
		for _, id := range glued {
			m.set(uint32(id), tierVariant-1)
		}
	}
}

// listedAs is the one package of ListedAs(attr) a search puts first, as
// it would order them (python3Packages.pip: python313Packages.pip), or
// -1. Only that one: nodejs is nodejs_22, and nodejs_20 (there for an
// older listing) is one more version of it, ranked as such.
func (ix *Index) listedAs(attr string) int {
	best := -1
	t := topK{ix: ix}
	for _, a := range ix.ListedAs(attr) {
		if id := ix.findAttr(a); id >= 0 && (best < 0 || t.better(hit{id: uint32(id)}, hit{id: uint32(best)})) {
			best = id
		}
	}
	return best
}

// matchText is matchWord for what the index holds of each package:
// its attribute path, names and description.
func (ix *Index) matchText(orig string, namesOnly bool) wordMatch {
	m := newWordMatch(ix.n)
	// A flake's installable (nixpkgs#firefox) names the attribute after
	// the #.
	if _, attr, ok := strings.Cut(orig, "#"); ok {
		if attr == "" {
			return m
		}
		orig = attr
	}
	w := lower(orig)
	if strings.Contains(w, ".") {
		ix.matchAttrPath(orig, &m)
		if !slices.ContainsFunc(m.ids, func(id uint32) bool { return m.score(id) == tierExactAttr }) {
			ix.matchAttrPathFold(orig, &m)
		}
		if len(m.ids) > 0 {
			return m
		}
		// pkgs.firefox (configuration.nix), nixos.firefox and
		// nixpkgs.firefox (nix-env -iA): the attribute after the
		// package set's own name.
		for _, scope := range scopePrefixes {
			if rest, ok := strings.CutPrefix(orig, scope); ok && rest != "" {
				return ix.matchWord(rest, namesOnly)
			}
		}
		// A version with dots (3.12, python3.12, go1.22): nixpkgs
		// writes it without them (python312, go_1_22, linux_6_6).
		if forms := versionForms(w); forms != nil {
			for _, f := range forms {
				sub := ix.matchWord(f, namesOnly)
				for _, id := range sub.ids {
					m.set(id, int(sub.score(id)))
				}
			}
			return m
		}
		// Not an attribute path: take the words between the dots as one
		// ("python3Packages.requests" finds python313Packages.requests).
		w = strings.ReplaceAll(w, ".", " ")
		parts := strings.Fields(w)
		if len(parts) == 0 {
			return m
		}
		sub := make([]wordMatch, len(parts))
		for i, p := range parts {
			sub[i] = ix.matchWord(p, namesOnly)
		}
		for _, id := range sub[len(sub)-1].ids {
			score := 0
			for i := range sub {
				if sub[i].score(id) == 0 {
					score = 0
					break
				}
				score += int(sub[i].score(id))
			}
			m.set(id, min(score/len(sub), 255))
		}
		// A set the index does not have under that name
		// (linuxPackages.nvidia_x11 is listed in linuxKernel.packages.*,
		// nodePackages.typescript moved to the top level): the name
		// after the dot alone, members of sets of the same family first
		// (python4Packages.x means python313Packages.x before
		// kodiPackages.x). Only for set.name: in a longer path
		// (services.openssh.enable, a NixOS option) the last word alone
		// is no name.
		if len(m.ids) == 0 && len(parts) == 2 {
			last := sub[len(sub)-1]
			stem := parts[0]
			if i := strings.IndexFunc(stem, func(r rune) bool { return r < 'a' || r > 'z' }); i >= 0 {
				stem = stem[:i]
			}
			stem = strings.TrimSuffix(stem, "packages")
			for _, id := range last.ids {
				score := int(last.score(id))
				if stem != "" && strings.HasPrefix(lower(string(ix.attrBytes(int(id)))), stem) {
					score += 2
				}
				m.set(id, min(score, 255))
			}
		}
		return m
	}
	wb := []byte(w)
	names := ix.nameMatches(orig, wb, &m)
	ix.vocabMatches(wb, namesOnly, &m)
	if names == 0 {
		ix.typoMatches(wb, namesOnly, &m)
		m.typo = true
	}
	return m
}

// topLevelTypos adds to m, the match of a query word that no name
// lacks (no typos were tried) but that has no top-level package, the
// top-level packages whose whole name or program is a typo away:
// "stema" is steam before rPackages.StemAnalysis, which only has the
// letters. Just above such a partial match inside a set
// (nestedPartial), below descriptions.
func (ix *Index) topLevelTypos(w string, m *wordMatch) {
	// Short words only (one typo): a long one inside a set's names is
	// that name ("webbrowser": python's webbrowser-ish libraries), and
	// looking two typos away costs the most.
	if m.typo || typoBudget(w) != 1 || strings.ContainsAny(w, ".#") || slices.ContainsFunc(m.ids, func(id uint32) bool { return !ix.nested(int(id)) }) {
		return
	}
	sub := newWordMatch(ix.n)
	ix.typoMatches([]byte(lower(w)), true, &sub)
	// A whole name two typos away, or better (one away, or the start
	// of a name one away); lifted so that the best, a whole name one
	// swap away (tierTypo1+7), is just below descriptions.
	const whole = tierTypo2 + 4
	lift := tierDesc - 1 - (tierTypo1 + 7)
	for _, id := range sub.ids {
		if s := int(sub.score(id)); s >= whole && !ix.nested(int(id)) {
			m.set(id, s+lift)
		}
	}
}

// addStems adds to m, a little lower, what w matches without an English
// ending ("downloader": download, "editors": editor), and reports
// whether it added any.
func (ix *Index) addStems(m *wordMatch, w string) bool {
	w = lower(w)
	if strings.ContainsAny(w, ".#") {
		return false
	}
	for _, end := range []string{"ers", "er", "ing", "es", "s", "ed"} {
		stem, ok := strings.CutSuffix(w, end)
		if !ok || len(stem) < 4 {
			continue
		}
		sub := ix.matchWord(stem, false)
		added := false
		for _, id := range sub.ids {
			if m.score(id) == 0 {
				added = true
			}
			m.set(id, int(sub.score(id))-stemPenalty)
		}
		if added {
			return true
		}
	}
	return false
}

// scopePrefixes are how people write a package with the set it comes
// from: pkgs.firefox in configuration.nix, nixos.firefox and
// nixpkgs.firefox for nix-env -iA.
var scopePrefixes = []string{"pkgs.", "nixpkgs.", "nixos."}

// versionForms spells a word holding a dotted version the ways nixpkgs
// names versions: "python3.12" as python312, python3_12 and
// python_3_12; "3.12" as 312 and 3_12. Nil when w is no such word.
func versionForms(w string) []string {
	i := len(w)
	for i > 0 && (isDigit(w[i-1]) || w[i-1] == '.') {
		i--
	}
	// The version starts at a digit: python3.12 is python, 3.12.
	for i < len(w) && w[i] == '.' {
		i++
	}
	name, ver := w[:i], w[i:]
	if ver == "" || !strings.Contains(ver, ".") || strings.Contains(ver, "..") || ver[len(ver)-1] == '.' {
		return nil
	}
	// The name's letters, and a - or _ before the version.
	for _, c := range []byte(name) {
		if !(c >= 'a' && c <= 'z' || isDigit(c) || c == '-' || c == '_') {
			return nil
		}
	}
	name = strings.TrimRight(name, "-_")
	nums := strings.Split(ver, ".")
	forms := []string{name + strings.Join(nums, ""), name + strings.Join(nums, "_")}
	if name != "" {
		forms = append(forms, name+"_"+strings.Join(nums, "_"))
	}
	return forms
}

// matchAttrPath finds attribute paths equal to or starting with w.
func (ix *Index) matchAttrPath(w string, m *wordMatch) {
	lo := ix.searchAttr(w)
	for id := lo; id < ix.n; id++ {
		a := ix.attrBytes(id)
		if !bytes.HasPrefix(a, []byte(w)) {
			break
		}
		if len(a) == len(w) {
			m.set(uint32(id), tierExactAttr)
		} else {
			m.set(uint32(id), tierPrefix)
		}
	}
}

// matchAttrPathFold finds the attribute paths equal to w in another
// case (haskellPackages.Pandoc: haskellPackages.pandoc). Paths sort by
// case, so the candidates come from the names index, by the last
// element.
func (ix *Index) matchAttrPathFold(w string, m *wordMatch) {
	last := w[strings.LastIndexByte(w, '.')+1:]
	if last == "" {
		return
	}
	cand := newWordMatch(ix.n)
	ix.nameMatches(last, []byte(lower(strings.Trim(last, `"`))), &cand)
	for _, id := range cand.ids {
		if strings.EqualFold(string(ix.attrBytes(int(id))), w) {
			m.set(id, tierExactAttrFold)
		}
	}
}

// searchAttr is the first package whose attribute path is >= attr.
func (ix *Index) searchAttr(attr string) int {
	lo, hi := 0, ix.n
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if string(ix.attrBytes(mid)) < attr {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// family reports whether top-level package id heads a family of
// versions nixpkgs keeps side by side: an attribute named as it with an
// underscore and a number follows it (postgresql_16 after postgresql,
// mariadb_114 after mariadb). A project packaged in several releases at
// once is one many people use: among names that start with what was
// typed, it is the one a prefix most likely means.
func (ix *Index) family(id int) bool {
	a := ix.attrBytes(id)
	// below is whether attribute j sorts before a+"_". Only a's
	// extensions by a byte below '_' (a-foo, aPackages) lie between a
	// and a+"_", seldom many: a search galloping from id finds the spot
	// in a few steps where a binary search over every package took
	// seventeen (it is asked of each prefix match, thousands for "lib").
	below := func(j int) bool {
		b := ix.attrBytes(j)
		if len(b) <= len(a) || !bytes.HasPrefix(b, a) {
			return bytes.Compare(b, a) < 0 || len(b) <= len(a) && bytes.HasPrefix(a, b)
		}
		return b[len(a)] < '_'
	}
	lo, hi, step := id+1, id+1, 1
	for hi < ix.n && below(hi) {
		lo = hi + 1
		hi += step
		step *= 2
	}
	hi = min(hi, ix.n)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if below(mid) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo >= ix.n {
		return false
	}
	b := ix.attrBytes(lo)
	return len(b) > len(a)+1 && bytes.HasPrefix(b, a) && b[len(a)] == '_' && b[len(a)+1] >= '0' && b[len(a)+1] <= '9'
}

// nameMatches scores the packages whose names (last attribute element,
// pname, program) hold w. Candidates come from the trigram index (words
// of three letters or more) or from the name words that start with w
// (shorter ones: one or two letters inside a name mean nothing), and
// each is checked against its names line. It returns how many packages
// matched.
func (ix *Index) nameMatches(orig string, w []byte, m *wordMatch) int {
	if len(w) == 0 || bytes.ContainsAny(w, "\x01\n") {
		return 0
	}
	count := 0
	check := func(id uint32) {
		if int(id) >= ix.n || m.score(id) != 0 {
			return
		}
		tier := nameTier(ix.nameLine(int(id)), w)
		if tier == 0 {
			return
		}
		if tier == tierExactAttrFold && string(ix.attrBytes(int(id))) == orig && !ix.nested(int(id)) {
			tier = tierExactAttr
		}
		if tier == tierPrefix && !ix.nested(int(id)) && ix.family(int(id)) {
			// "postgre" is postgresql, whose versions nixpkgs keeps
			// (postgresql_16), before postgrey and postgrest.
			tier = tierPrefix + 1
		}
		m.set(id, ix.nestTier(id, tier))
		count++
	}
	if len(w) < 3 {
		v := ix.masks.len()
		for i := ix.findWord(w); i < v; i++ {
			if !bytes.HasPrefix(ix.word(i), w) {
				break
			}
			posts := ix.posts(i)
			for j := 0; j < posts.len(); j++ {
				if p := posts.at(j); p&inName != 0 {
					check(p >> whereBits)
				}
			}
		}
		return count
	}
	// The two rarest trigrams of w narrow the candidates; the names line
	// decides.
	var a, b u32s
	for i := 0; i+2 < len(w); i++ {
		l := ix.triPostings(trigram(w[i:]))
		switch {
		case l.len() == 0:
			return 0
		case a == nil:
			a = l
		case l.len() < a.len():
			a, b = l, a
		case b == nil || l.len() < b.len():
			b = l
		}
	}
	if b == nil {
		for j := 0; j < a.len(); j++ {
			check(a.at(j))
		}
		return count
	}
	for i, j := 0, 0; i < a.len() && j < b.len(); {
		x, y := a.at(i), b.at(j)
		switch {
		case x < y:
			i++
		case x > y:
			j++
		default:
			check(x)
			i++
			j++
		}
	}
	return count
}

// nestTier is where a name tier of package id ranks: as it is for a
// top-level package, lower inside a package set.
func (ix *Index) nestTier(id uint32, tier int) int {
	if !ix.nested(int(id)) {
		return tier
	}
	kind := setKindOf(ix.attrBytes(int(id)))
	t := nestedPartial[tier]
	switch {
	case kind&desktopSet != 0 && tier >= tierPrefix:
		// A desktop's apps are programs a person installs by name, as
		// top-level ones (their exact name as a pname): "dolphin" is
		// kdePackages.dolphin before dolphin-emu, "kdeconnect"
		// kdePackages.kdeconnect-kde before emacsPackages.kdeconnect.
		t = min(tier, tierPname)
	case kind&programSet != 0 && tier >= tierProgram:
		// A set of programs' member is the program its name says:
		// "xev" is xorg.xev before xevd.
		t = min(tier, tierPname)
	case kind&desktopSet != 0:
		// A word inside its name is no more than its description saying
		// the word: "file manager" is the file managers a description
		// says it of (ranger, yazi) as much as deepin.dde-file-manager.
		t = tierDesc
	case tier >= tierPname:
		// The exact name of a library in a package set comes after
		// top-level packages whose name starts with the word: "signal"
		// means signal-desktop before rPackages.signal.
		t = tierNestedName
	case tier == tierProgram:
		t = tierNestedName - 2
	case tier == tierVariant:
		t = tierNestedName - 3
	}
	if kind&testSet != 0 {
		// A component's tests are no package people install: after
		// what matches as well elsewhere, whatever they are named.
		return min(t, tierDescPrefix+2)
	}
	// Part of a name inside a package set (a library) ranks below a
	// description match of a top-level package (nestedPartial).
	if t > 0 && kind&supersededSet != 0 {
		t-- // kdePackages.kate before libsForQt5.kate
	}
	return t
}

// program reports whether package id is one people install as a
// program: a top-level one, a desktop's app or a member of a set of
// programs (xorg.xev), not a library of a package set.
func (ix *Index) program(id int) bool {
	return !ix.nested(id) || setKindOf(ix.attrBytes(id))&(desktopSet|programSet) != 0
}

// Kinds of package sets whose members rank otherwise than libraries.
const (
	// desktopSet: a desktop environment's applications (kdePackages,
	// xfce), which people install by their names.
	desktopSet = 1 << iota
	// supersededSet: a set nixpkgs keeps for software not yet moved to
	// its successor (libsForQt5: Qt 5 and Plasma 5 beside kdePackages;
	// gnome2): its members rank just after the same match elsewhere.
	supersededSet
	// testSet: a set of test suites (home-assistant-component-tests),
	// which nobody installs for a program.
	testSet
	// programSet: a set of programs, not libraries (xorg.xev,
	// haskell.compiler.ghc98, beam27Packages.elixir): its
	// members' exact names rank as top-level ones' (nestTier).
	programSet
)

// setKinds are the package sets of desktopSet, supersededSet and
// programSet kinds, with the dot after their names, by their first
// letter.
var setKinds = func() (byFirst [256][]setKind) {
	for _, s := range []setKind{
		{[]byte("kdePackages."), desktopSet},
		{[]byte("libsForQt5."), desktopSet | supersededSet},
		{[]byte("plasma5Packages."), desktopSet | supersededSet},
		{[]byte("xfce."), desktopSet},
		{[]byte("pantheon."), desktopSet},
		{[]byte("mate."), desktopSet},
		{[]byte("lxqt."), desktopSet},
		{[]byte("deepin."), desktopSet},
		{[]byte("lomiri."), desktopSet},
		{[]byte("enlightenment."), desktopSet},
		{[]byte("gnome2."), supersededSet},
		{[]byte("xorg."), programSet},
		// jetbrains.idea-community, jetbrains.pycharm-community: IDEs.
		{[]byte("jetbrains."), programSet},
		{[]byte("haskell.compiler."), programSet},
		{[]byte("linuxKernel.kernels."), programSet},
		// beam27Packages, beamMinimal26Packages: Erlang's and Elixir's
		// compilers and tools (setKindOf is asked only of nested names).
		{[]byte("beam"), programSet},
	} {
		byFirst[s.prefix[0]] = append(byFirst[s.prefix[0]], s)
	}
	return byFirst
}()

type setKind struct {
	prefix []byte
	kind   int
}

// setKindOf is the kind of the package set attr is a member of; 0 for
// most.
func setKindOf(attr []byte) int {
	if len(attr) == 0 {
		return 0
	}
	for _, s := range setKinds[attr[0]] {
		if bytes.HasPrefix(attr, s.prefix) {
			return s.kind
		}
	}
	if set, _, ok := bytes.Cut(attr, []byte{'.'}); ok && (bytes.HasSuffix(set, []byte("-tests")) || bytes.HasSuffix(set, []byte("Tests"))) {
		return testSet
	}
	return 0
}

// nameTier is how well w matches a names line: segment, pname, program.
func nameTier(line, w []byte) int {
	seg, rest, _ := bytes.Cut(line, []byte{1})
	pname, prog, _ := bytes.Cut(rest, []byte{1})
	if len(pname) == 0 {
		pname = seg
	}
	best := 0
	for i, f := range [3][]byte{seg, pname, prog} {
		if len(f) == 0 {
			continue
		}
		t := 0
		switch {
		case bytes.Equal(f, w):
			t = [3]int{tierExactAttrFold, tierPname, tierProgram}[i]
		case bytes.HasPrefix(f, w):
			t = tierPrefix
			if isVariant(f[len(w):]) {
				t = tierVariant
			}
		default:
			j := bytes.Index(f, w)
			switch {
			case j < 0:
			case wholeWordAt(f, j, len(w)):
				t = tierWord
			default:
				t = tierSubstring
			}
		}
		if i == 0 && t == tierVariant {
			// The attribute says which version this is: python2 (pname
			// python) is one version of python among others, not the
			// python.
			return t
		}
		best = max(best, t)
	}
	return best
}

// isVariant reports whether rest, what a name has after a query word,
// makes it that word's package in one of its forms: a version
// ("313", "_22", "-13", "_1_22"), "-desktop", "-fonts" or a project's
// tools ("-tools", "utils"). A number of four digits or more is part of
// a name, not a version (lib60870).
func isVariant(rest []byte) bool {
	if len(rest) == 0 || !isDigit(rest[len(rest)-1]) {
		switch string(rest) {
		case "-desktop", "-fonts", "_fonts",
			"-tools", "-utils", "-progs", "tools", "utils", "progs":
			return true
		}
		return false
	}
	if rest[0] == '_' || rest[0] == '-' {
		rest = rest[1:]
	}
	if len(rest) == 0 || !isDigit(rest[0]) {
		return false
	}
	run := 0
	for _, c := range rest {
		switch {
		case isDigit(c):
			run++
			if run > 3 {
				return false
			}
		case c == '_' && run > 0:
			run = 0
		default:
			return false
		}
	}
	return true
}

// wholeWordAt reports whether f[j:j+n] is a word of f, or starts one
// (later occurrences are looked at too). Digits after letters start a
// word, as they end one: 13 is a word of gcc13.
func wholeWordAt(f []byte, j, n int) bool {
	w := f[j : j+n]
	for j >= 0 {
		before := j == 0 || !isAlnum(f[j-1]) || isDigit(f[j]) && !isDigit(f[j-1])
		after := j+n == len(f) || !isAlnum(f[j+n]) || isDigit(f[j+n]) && !isDigit(f[j+n-1])
		if before && after {
			return true
		}
		k := bytes.Index(f[j+1:], w)
		if k < 0 {
			return false
		}
		j += 1 + k
	}
	return false
}

// findWord is the first vocabulary word >= w.
func (ix *Index) findWord(w []byte) int {
	lo, hi := 0, ix.masks.len()
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if bytes.Compare(ix.word(mid), w) < 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// vocabMatches scores description words and package-set names: the word
// itself, then (for three letters or more) words it starts.
func (ix *Index) vocabMatches(w []byte, namesOnly bool, m *wordMatch) {
	// Only a word ending in a digit starts a set's version: "python"
	// names its sets itself, and the postings of python312, python313
	// ... would be walked for nothing.
	versionStart := len(w) > 0 && isDigit(w[len(w)-1])
	v := ix.masks.len()
	i := ix.findWord(w)
	for ; i < v; i++ {
		word := ix.word(i)
		if !bytes.HasPrefix(word, w) {
			break
		}
		exact := len(word) == len(w)
		if !exact && len(w) < 3 {
			break
		}
		posts := ix.posts(i)
		// Room for them all at once: "python" alone is in thousands of
		// texts, and growing ids by doubling copied it over and over.
		m.ids = slices.Grow(m.ids, posts.len())
		for j := 0; j < posts.len(); j++ {
			p := posts.at(j)
			id := p >> whereBits
			if int(id) >= ix.n {
				continue
			}
			if p&inDesc != 0 && !namesOnly {
				if exact {
					m.set(id, tierDesc)
				} else {
					m.set(id, tierDescPrefix)
				}
			}
			switch {
			case p&inSet == 0:
			case exact:
				m.set(id, tierSet)
			case versionStart && isVariant(word[len(w):]):
				// "python3 numpy": python3 is the start of
				// python312 and python313, their sets' names.
				m.set(id, tierSet-1)
			}
		}
	}
}

// typoMatches scores names and description words a few edits from w.
func (ix *Index) typoMatches(w []byte, namesOnly bool, m *wordMatch) {
	k := typoBudget(string(w))
	if k == 0 || ix.lenStart.len() != maxToken+2 {
		return
	}
	ws := string(w)
	mask := letterMask(ws)
	for L := max(len(w)-k, 1); L <= min(len(w)+k, maxToken); L++ {
		s, e := int(ix.lenStart.at(L)), int(ix.lenStart.at(L+1))
		for j := s; j < e && j < ix.byLen.len(); j++ {
			wid := int(ix.byLen.at(j))
			if !ix.masks.ok(wid) || !maskClose(ix.masks.at(wid), mask, k) {
				continue
			}
			word := ix.word(wid)
			d := editdistance.OSA(ws, string(word), k)
			if d == 0 || d > k {
				continue
			}
			// The name written without its hyphens ("nerdfonts",
			// "googlechrome", "ytdlp") is no typo: it is the name.
			joined := unpunctuated(word) == ws
			posts := ix.posts(wid)
			for p := 0; p < posts.len(); p++ {
				e := posts.at(p)
				id := e >> whereBits
				if int(id) >= ix.n {
					continue
				}
				switch {
				case joined && e&inName != 0:
					if nt := nameTier(ix.nameLine(int(id)), word); nt > 0 {
						m.set(id, ix.nestTier(id, nt)-2)
					}
				case joined && e&inSet != 0:
					m.set(id, tierSet-1)
				case e&inName != 0:
					t := tierTypo2
					if d == 1 {
						t = tierTypo1
					}
					// Then as the word spelled right would match: the
					// whole name before the start of one before a word
					// inside one ("telegarm": telegram-desktop, then
					// telegram-bot-api, then mautrix-telegram; a nearer
					// typo in part of a name beats a farther one of a
					// whole name).
					switch nt := nameTier(ix.nameLine(int(id)), word); {
					case nt >= tierProgram:
						t += 4
					case nt == tierVariant:
						t += 3
					case nt == tierPrefix:
						t += 2
					}
					// People rarely get the first letters wrong.
					if word[0] == w[0] {
						t++
						if len(word) > 1 && len(w) > 1 && word[1] == w[1] {
							t++
						}
					}
					// Two letters typed the wrong way round keep every
					// letter: likelier than one letter for another
					// ("tmxu" is tmux before tmsu).
					if d == 1 && swapped(w, word) {
						t++
					}
					if ix.nested(int(id)) {
						t -= nestedPenalty / 2
						if setKindOf(ix.attrBytes(int(id)))&supersededSet != 0 {
							t-- // kdePackages.kdenlive before libsForQt5.kdenlive
						}
					}
					m.set(id, t)
				case e&inSet != 0 || e&inDesc != 0 && !namesOnly:
					m.set(id, tierTypoDesc-(d-1))
				}
			}
		}
	}
}

// swapped reports whether a and b differ only by two letters side by
// side the other way round.
func swapped(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && bytes.Equal(a[i+2:], b[i+2:])
}

// unpunctuated is word without - _ and . (nerd-fonts: nerdfonts), as
// a string for comparing.
func unpunctuated(word []byte) string {
	if !bytes.ContainsAny(word, "-_.") {
		return ""
	}
	out := make([]byte, 0, len(word))
	for _, c := range word {
		if c != '-' && c != '_' && c != '.' {
			out = append(out, c)
		}
	}
	return string(out)
}

// hit is a scored package.
type hit struct {
	id    uint32
	score int
}

// topK keeps the best limit hits in a heap whose root is the worst.
type topK struct {
	ix    *Index
	limit int
	h     []hit
}

// better orders hits: score, then top-level before nested, Python's set
// before other sets (preferredSet), versions of one name newest first
// (releases before previews), shorter attribute paths, then
// alphabetical.
func (t *topK) better(a, b hit) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	na, nb := t.ix.nested(int(a.id)), t.ix.nested(int(b.id))
	if na != nb {
		return !na
	}
	aa, ab := t.ix.attrBytes(int(a.id)), t.ix.attrBytes(int(b.id))
	if na {
		if pa, pb := preferredSet(aa), preferredSet(ab); pa != pb {
			return pa
		}
	}
	// Another program before one more build of a program already
	// there: "web browser" is firefox, chromium, google-chrome, then
	// firefox-bin and firefox-esr.
	if va, vb := t.ix.variant(int(a.id)), t.ix.variant(int(b.id)); va != vb {
		return !va
	}
	if c := t.ix.versionOrder(int(a.id), int(b.id), aa, ab); c != 0 {
		return c < 0
	}
	if na {
		if c := setVersionOrder(aa, ab); c != 0 {
			return c < 0
		}
	}
	if len(aa) != len(ab) {
		return len(aa) < len(ab)
	}
	return bytes.Compare(aa, ab) < 0
}

// preferredSet reports whether attr is a member of Python 3's package
// set (python313Packages.requests), the one people most often mean by a
// library's bare name: among members of sets that match alike,
// "requests" is Python's before kodiPackages.requests.
func preferredSet(attr []byte) bool {
	if len(attr) < 8 || attr[0] != 'p' {
		return false // most, told cheaply
	}
	set, _, ok := bytes.Cut(attr, []byte{'.'})
	return ok && bytes.HasPrefix(set, []byte("python3")) && bytes.HasSuffix(set, []byte("Packages"))
}

// variant reports whether package id is another build of a top-level
// package named for the same program: its attribute is the program's
// name, a hyphen and more (firefox-bin, firefox-esr, firefox-unwrapped),
// and the package named so runs that program too (firefox).
func (ix *Index) variant(id int) bool {
	prog, a := ix.programBytes(id), ix.attrBytes(id)
	if len(prog) == 0 || len(a) <= len(prog)+1 || a[len(prog)] != '-' || !bytes.HasPrefix(a, prog) {
		return false
	}
	base := ix.searchAttr(string(prog))
	return base < ix.n && bytes.Equal(ix.attrBytes(base), prog) && bytes.Equal(ix.programBytes(base), prog)
}

// wouldTake reports whether add would keep x.
func (t *topK) wouldTake(x hit) bool {
	return t.limit <= 0 || len(t.h) < t.limit || t.better(x, t.h[0])
}

func (t *topK) add(x hit) {
	if t.limit <= 0 || len(t.h) < t.limit {
		t.h = append(t.h, x)
		if t.limit > 0 {
			t.up(len(t.h) - 1)
		}
		return
	}
	if !t.better(x, t.h[0]) {
		return
	}
	t.h[0] = x
	t.down(0)
}

// The heap keeps the worst hit at the root.
func (t *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.better(t.h[p], t.h[i]) {
			break
		}
		t.h[p], t.h[i] = t.h[i], t.h[p]
		i = p
	}
}

func (t *topK) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(t.h) {
			return
		}
		worst := l
		if r := l + 1; r < len(t.h) && t.better(t.h[l], t.h[r]) {
			worst = r
		}
		if !t.better(t.h[i], t.h[worst]) {
			return
		}
		t.h[i], t.h[worst] = t.h[worst], t.h[i]
		i = worst
	}
}

func (t *topK) sorted() []hit {
	slices.SortFunc(t.h, func(a, b hit) int {
		if t.better(a, b) {
			return -1
		}
		if t.better(b, a) {
			return 1
		}
		return 0
	})
	return t.h
}

// versionOrder orders two versions of one name (python39, python313;
// nodejs_20, nodejs_22; go_1_22, go_1_24): the name without a version
// first (nixpkgs' default), then releases before previews
// (python314 at 3.14.0a4), then the newest. An old version first would
// offer python2 for "python" and nodejs_18 for "nodejs". 0 when a and b
// are not versions of one name.
func (ix *Index) versionOrder(ida, idb int, a, b []byte) int {
	if len(a) == 0 || len(b) == 0 || a[0] != b[0] || !isDigit(a[len(a)-1]) && !isDigit(b[len(b)-1]) {
		return 0 // not two versions of one name: most pairs, told cheaply
	}
	baseA, verA := splitVersion(a)
	baseB, verB := splitVersion(b)
	if !bytes.Equal(baseA, baseB) || len(verA) == 0 && len(verB) == 0 {
		return 0
	}
	switch {
	case len(verA) == 0:
		return -1
	case len(verB) == 0:
		return 1
	}
	preA, preB := preRelease(ix.versionBytes(ida)), preRelease(ix.versionBytes(idb))
	if preA != preB {
		if preA {
			return 1
		}
		return -1
	}
	// A version after a separator (go_1_24, nodejs_22) is surely one;
	// digits run into a name may be part of it (go365 is no Go). Where
	// a name has both, the separated ones first.
	if sa, sb := separated(a, verA), separated(b, verB); sa != sb {
		if sa {
			return -1
		}
		return 1
	}
	return newerFirst(verA, verB)
}

// separated reports whether ver, the version splitVersion cut from
// attr, follows a - or _ there.
func separated(attr, ver []byte) bool {
	i := len(attr) - len(ver) - 1
	return i >= 0 && (attr[i] == '_' || attr[i] == '-')
}

// setVersionOrder orders one member of two versions of a package set
// newest first, as versionOrder does the sets' own packages:
// python313Packages.requests before python312Packages.requests,
// perl540Packages.X before perl538Packages.X. 0 when a and b are not
// one member of two versions of a set.
func setVersionOrder(a, b []byte) int {
	if a[0] != b[0] || a[len(a)-1] != b[len(b)-1] {
		return 0 // not one member of one family: most pairs, told cheaply
	}
	setA, memA, okA := bytes.Cut(a, []byte{'.'})
	setB, memB, okB := bytes.Cut(b, []byte{'.'})
	if !okA || !okB || !bytes.Equal(memA, memB) || bytes.Equal(setA, setB) {
		return 0
	}
	baseA, verA := splitVersion(bytes.TrimSuffix(setA, []byte("Packages")))
	baseB, verB := splitVersion(bytes.TrimSuffix(setB, []byte("Packages")))
	if len(verA) == 0 || len(verB) == 0 || !bytes.Equal(baseA, baseB) {
		return 0
	}
	return newerFirst(verA, verB)
}

// newerFirst compares two _-separated versions, the newer first.
func newerFirst(verA, verB []byte) int {
	// Compare the numbers one by one.
	for len(verA) > 0 && len(verB) > 0 {
		var x, y []byte
		x, verA = nextNumber(verA)
		y, verB = nextNumber(verB)
		x, y = bytes.TrimLeft(x, "0"), bytes.TrimLeft(y, "0")
		if len(x) != len(y) {
			return len(y) - len(x)
		}
		if c := bytes.Compare(x, y); c != 0 {
			return -c
		}
	}
	return len(verB) - len(verA)
}

// splitVersion cuts an attribute path's trailing version (digits, with
// _ between numbers) from the name before it: nodejs_22 is nodejs and
// 22, go_1_22 is go and 1_22, python313 is python and 313.
func splitVersion(attr []byte) (base, ver []byte) {
	i := len(attr)
	for i > 0 && (isDigit(attr[i-1]) || attr[i-1] == '_') {
		i--
	}
	ver = bytes.TrimLeft(attr[i:], "_")
	if len(ver) == 0 || ver[len(ver)-1] == '_' {
		return attr, nil
	}
	return bytes.TrimRight(attr[:i], "_-"), ver
}

// nextNumber splits the first number off an _-separated version.
func nextNumber(v []byte) (num, rest []byte) {
	num, rest, _ = bytes.Cut(v, []byte{'_'})
	return num, rest
}

var preTags = [][]byte{[]byte("alpha"), []byte("beta"), []byte("rc"), []byte("pre"), []byte("dev")}

// preRelease reports whether a version is a preview: 3.14.0a4, 2.0rc1,
// 1.0-beta. A letter alone after the numbers is a release (tmux 3.5a).
func preRelease(v []byte) bool {
	for i := 1; i < len(v); i++ {
		if !isDigit(v[i-1]) {
			continue
		}
		rest := v[i:]
		if len(rest) > 0 && (rest[0] == '-' || rest[0] == '.') {
			rest = rest[1:]
		}
		for _, tag := range preTags {
			if len(rest) >= len(tag) && bytes.EqualFold(rest[:len(tag)], tag) {
				return true
			}
		}
		if len(rest) > 1 && (rest[0] == 'a' || rest[0] == 'b') && isDigit(rest[1]) {
			return true
		}
	}
	return false
}
