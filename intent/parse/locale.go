package parse

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// canonicalLocale writes a locale the way NixOS's i18n options expect
// it: the codeset as "UTF-8" whichever way it was typed (utf8, UTF8,
// utf-8), and UTF-8 added to a bare language_COUNTRY ("de_DE"), since
// NixOS builds only the UTF-8 form of i18n.defaultLocale by default.
// Anything else is left as typed for the guard to judge.
func canonicalLocale(v string) string {
	name, modifier, hasModifier := strings.Cut(v, "@")
	lang, codeset, hasCodeset := strings.Cut(name, ".")
	if lang == "" || strings.ContainsAny(lang, " \t") {
		return v
	}
	switch strings.ToLower(codeset) {
	case "utf8", "utf-8":
		codeset = "UTF-8"
	case "":
		if hasCodeset || !strings.Contains(lang, "_") {
			return v
		}
		codeset = "UTF-8"
	}
	out := lang + "." + codeset
	if hasModifier {
		out += "@" + modifier
	}
	return out
}

// layoutNames are what people call the XKB layouts they ask for most.
// Only unambiguous names: "english" could be us or gb, so it is left to
// the guard, which asks for the layout code.
var layoutNames map[string]string

// keyboardLayouts turns what was said into XKB's form: layout codes in
// lower case, several joined by commas ("us and de", "US, DE" ->
// "us,de"), known language names replaced by their code.
func keyboardLayouts(v string) string {
	// "english (uk)": the brackets only group.
	fields := strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '(' || r == ')' })
	var out []string
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		switch f {
		case "and", "&", "plus", "layout", "layouts", "keyboard":
			continue
		}
		if i+2 < len(fields) {
			if code, ok := layoutNames[f+" "+fields[i+1]+" "+fields[i+2]]; ok {
				out = append(out, code)
				i += 2
				continue
			}
		}
		if i+1 < len(fields) {
			if code, ok := layoutNames[f+" "+fields[i+1]]; ok {
				out = append(out, code)
				i++
				continue
			}
		}
		if code, ok := layoutNames[f]; ok {
			f = code
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return v
	}
	return strings.Join(out, ",")
}

// englishWords are what people call an English keyboard, which is one
// of two layouts: XKB has no "english" (nor "en").
var englishWords map[string]bool

// askEnglish answers a layout list (as keyboardLayouts writes it) that
// holds "english": American (us) or British (gb)? They differ in
// several keys, so neither is guessed; both lists are suggested, each
// with the other layouts said, as lead + list. nil without "english".
func askEnglish(text, layouts, lead string) error {
	return askEnglishAs(text, layouts, lead, "us", "gb", "XKB")
}

// askLetterRow answers a layout list that holds a letter row rather
// than a layout ("set keyboard to azerty"): XKB names layouts by country,
// and each row is several countries' layouts, which differ in their
// other keys. Two are suggested, each with the other layouts said, as
// lead + list. nil when none is said.
func askLetterRow(text, layouts, lead string) error {
	parts := strings.Split(layouts, ",")
	var row string
	var codes [2]string
	var names string
	for _, p := range parts {
		switch p {
		case "azerty":
			row, codes, names = "AZERTY", [2]string{"fr", "belgian"}, "the French (fr) and Belgian (be) layouts"
		case "qwertz":
			row, codes, names = "QWERTZ", [2]string{"de", "ch"}, "the German (de), Swiss (ch), Austrian (at), Czech (cz) and Hungarian (hu) layouts"
		case "qwerty":
			row, codes, names = "QWERTY", [2]string{"us", "gb"}, "most layouts, the American (us) and British (gb) among them"
		default:
			continue
		}
		break
	}
	if row == "" {
		return nil
	}
	with := func(code string) string {
		var out []string
		for _, p := range parts {
			if p == strings.ToLower(row) {
				p = code
			}
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
		return lead + strings.Join(out, ",")
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.SetOption, with(codes[0])), sug(intent.SetOption, with(codes[1]))},
		Hint:        row + " is the letter row of " + names + ", which differ in their other keys, and XKB names layouts by country: say which; nothing was changed"}
}

// askEnglishKeymap is askEnglish for the console's kbd keymap, whose
// British keymap is uk.
func askEnglishKeymap(text, keymap string) error {
	return askEnglishAs(text, strings.ToLower(strings.TrimSpace(keymap)), "set console keymap to ", "us", "uk", "kbd")
}

// kbdKeymaps are kbd's console keymaps for the language names people
// say, where kbd names them otherwise than XKB (British is uk, Swedish
// sv-latin1) or a name is no keymap at all ("german").
var kbdKeymaps map[string]string

func askEnglishAs(text, layouts, lead, american, british, names string) error {
	parts := strings.Split(layouts, ",")
	if !slices.ContainsFunc(parts, func(p string) bool { return englishWords[p] }) {
		return nil
	}
	with := func(code string) string {
		var out []string
		for _, p := range parts {
			if englishWords[p] {
				p = code
			}
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
		return lead + strings.Join(out, ",")
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.SetOption, with(american)), sug(intent.SetOption, with(british))},
		Hint: "English keyboards come in two layouts, American (" + american + ") and British (" + british + ", with £ on Shift+3 and \" and @ swapped), and " +
			names + " has no \"english\": say which; nothing was changed"}
}

// variantLayouts are XKB variants people name alone, with the layout they
// belong to.
var variantLayouts map[string]string

// variantNames are how people say variants ("international" is intl).
var variantNames map[string]string

// twoWordVariants are layouts with a variant said as two language words
// ("swiss french": ch with the fr variant, never the ch and fr layouts).
var twoWordVariants map[string][2]string

// keyboardVariant reads a layout with a variant: "dvorak" (us),
// "us dvorak", "us international", "german nodeadkeys". ok is false for
// layouts alone.
func keyboardVariant(v string) (layout, variant string, ok bool) {
	fields := strings.Fields(strings.ToLower(strings.ReplaceAll(v, ",", " ")))
	switch len(fields) {
	case 1:
		variant = variantNames[fields[0]]
		if layout = variantLayouts[variant]; layout == "" {
			return "", "", false // a variant of which layout? not said
		}
		return layout, variant, true
	case 2:
		if v, ok := twoWordVariants[fields[0]+" "+fields[1]]; ok {
			return v[0], v[1], true
		}
		variant, ok = variantNames[fields[1]]
		if !ok {
			return "", "", false
		}
		layout = keyboardLayouts(fields[0])
		if strings.Contains(layout, ",") {
			return "", "", false
		}
		return layout, variant, true
	}
	return "", "", false
}

// keyboardLead are the words before "<language> keyboard" that ask for
// that layout: "use a german keyboard", "I want a dvorak keyboard".
var keyboardLead []phrase

// variantLead are the words before a variant said alone that ask for
// it: "use dvorak", "switch to colemak".
var variantLead []phrase

func loadKeyboard() {
	keyboardLead = phrases("use", "i want", "i need", "i would like", "i prefer", "give me",
		"get me", "switch to", "change to", "set up", "make it", "i have", "i type on")
	variantLead = phrases("use", "switch to", "change to", "i type on", "i use", "type in")
	addLayoutLead = phrases("add", "also add", "i want to add", "i need to add", "i would like to add", "let me add")
}

// ruleKeyboardNamed: "use a german keyboard", "I want a dvorak keyboard
// layout", "us keyboard please": a layout by its language or variant
// name before "keyboard". Only names ask-nix knows (layoutNames,
// variants); anything else goes on to the other rules, so "I want a
// keyboard" is not a layout.
func ruleKeyboardNamed(text string, ts []token) (intent.Intent, bool, error) {
	i := prefix(ts, keyboardLead)
	for i < len(ts) && !ts[i].quoted && (ts[i].w == "a" || ts[i].w == "an" || ts[i].w == "the" || ts[i].w == "my") {
		i++
	}
	k := i
	for k < len(ts) && !ts[k].quoted && ts[k].w != "keyboard" {
		k++
	}
	if k == len(ts) && i > 0 && i < len(ts) && prefix(ts, variantLead) == i {
		// "use dvorak", "switch to colemak layout": a layout's variant
		// names a keyboard by itself (no package bears its name);
		// language names do not ("use german" may be the locale).
		end := len(ts)
		if ts[end-1].w == "layout" && !ts[end-1].quoted {
			end--
		}
		if end == i+1 && !ts[i].quoted {
			if layout, variant, ok := keyboardVariant(ts[i].w); ok {
				return intent.Intent{Kind: intent.SetOption, Option: "services.xserver.xkb", Change: intent.ChangeMerge,
					Value: map[string]any{"layout": layout, "variant": variant}}, true, nil
			}
		}
	}
	if k == i || k-i > 2 || k == len(ts) {
		return intent.Intent{}, false, nil
	}
	for _, t := range ts[k+1:] {
		if t.quoted || (t.w != "layout" && t.w != "layouts") {
			return intent.Intent{}, false, nil
		}
	}
	name := joinW(ts[i:k])
	if englishWords[name] {
		return intent.Intent{}, true, askEnglish(text, name, "set keyboard layout to ")
	}
	if err := askLetterRow(text, name, "set keyboard layout to "); err != nil {
		return intent.Intent{}, true, err
	}
	layout, variant, ok := keyboardVariant(name)
	if !ok {
		code, known := layoutNames[name]
		if !known {
			// A code ("us keyboard") is known when a name maps to it.
			for _, c := range layoutNames {
				if c == name {
					code, known = c, true
					break
				}
			}
		}
		if !known {
			return intent.Intent{}, false, nil
		}
		layout = code
	}
	return intent.Intent{Kind: intent.SetOption, Option: "services.xserver.xkb", Change: intent.ChangeMerge,
		Value: map[string]any{"layout": layout, "variant": variant}}, true, nil
}

// addLayoutLead are the words that ask for one more layout beside those
// set: "add a german keyboard layout".
var addLayoutLead []phrase

// ruleAddLayout: "add a german keyboard layout", "add the french
// layout too". XKB's layouts are one list whose first is the default,
// and the parser does not see what is set now, so the whole list is
// asked for rather than guessed (or "german keyboard layout" taken for
// three packages to install).
func ruleAddLayout(text string, ts []token) (intent.Intent, bool, error) {
	i := prefix(ts, addLayoutLead)
	if i == 0 || i == len(ts) {
		return intent.Intent{}, false, nil
	}
	for i < len(ts) && !ts[i].quoted && (ts[i].w == "a" || ts[i].w == "an" || ts[i].w == "the") {
		i++
	}
	k := i
	for k < len(ts) && !ts[k].quoted && ts[k].w != "keyboard" && ts[k].w != "layout" && ts[k].w != "layouts" {
		k++
	}
	if k == i && len(ts)-i >= 2 && len(ts)-i <= 3 && !ts[len(ts)-1].quoted && layoutCode(ts[len(ts)-1].w) {
		// "add keyboard layout us": the layout's code after the words.
		if slices.ContainsFunc(ts[i:len(ts)-1], func(t token) bool { return t.w != "keyboard" && t.w != "layout" }) {
			return intent.Intent{}, false, nil
		}
		return intent.Intent{}, true, addLayoutAnswer(text, ts[len(ts)-1].w)
	}
	if k == i || k-i > 3 || k == len(ts) {
		return intent.Intent{}, false, nil
	}
	for _, t := range ts[k:] {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case t.w == "keyboard", t.w == "layout", t.w == "layouts", t.w == "too", t.w == "also", t.w == "as", t.w == "well":
		default:
			return intent.Intent{}, false, nil
		}
	}
	name := joinW(ts[i:k])
	if _, known := layoutNames[name]; !known && !englishWords[name] && !layoutCode(name) {
		return intent.Intent{}, false, nil
	}
	return intent.Intent{}, true, addLayoutAnswer(text, name)
}

// layoutCode: w is the XKB code of a layout layoutNames names ("us",
// "de"), said as the code ("add a us keyboard layout").
func layoutCode(w string) bool {
	return layoutCodes[w]
}

var layoutCodes map[string]bool

// addLayoutAnswer asks for the whole list of layouts, name among them.
func addLayoutAnswer(text, name string) error {
	example, note := "set keyboard to us and "+name, ""
	if name == "us" {
		example = "set keyboard to de and us"
		note = ", with your own in place of de"
	}
	if englishWords[name] {
		// English is us or gb, and the other layout is not known here.
		example, note = "set keyboard to de and us", ", with your own in place of de (English is us, American, or gb, British)"
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.SetOption, example), sug(intent.ShowOption, "what keyboard layout do i have")},
		Hint: "the keyboard layouts are one list, the first of them the default: say them all, in order, as in \"" + example + "\"" + note + "; " +
			"\"what keyboard layout do i have\" shows the list set now; nothing was changed"}
}

// loadLocaleNames builds this file's tables (see tablesOnce).
func loadLocaleNames() {
	localeLastWords = map[string]bool{}
	for k := range localeNames {
		localeLastWords[k[strings.LastIndexByte(k, ' ')+1:]] = true
	}
	for k := range localeAsk {
		localeLastWords[k[strings.LastIndexByte(k, ' ')+1:]] = true
	}
	layoutNames = map[string]string{
		"german": "de", "deutsch": "de", "french": "fr", "spanish": "es",
		"italian": "it", "portuguese": "pt", "brazilian": "br", "dutch": "nl",
		"swedish": "se", "norwegian": "no", "danish": "dk", "finnish": "fi",
		"polish": "pl", "czech": "cz", "hungarian": "hu", "russian": "ru",
		"ukrainian": "ua", "greek": "gr", "turkish": "tr", "japanese": "jp",
		"korean": "kr", "american": "us", "us english": "us", "british": "gb",
		"uk": "gb", "swiss": "ch", "belgian": "be", "icelandic": "is",
		"american english": "us", "english us": "us", "british english": "gb", "uk english": "gb",
		"english uk": "gb", "english gb": "gb",
		// Two words, one layout: Swiss German is ch (whose default is
		// German), not ch and de; Canadian French is ca.
		"swiss german": "ch", "canadian": "ca", "canadian french": "ca", "french canadian": "ca",
		"brazilian portuguese": "br", "latin american": "latam", "latin american spanish": "latam",
	}
	layoutCodes = map[string]bool{}
	for _, c := range layoutNames {
		layoutCodes[c] = true
	}
	variantLayouts = map[string]string{"dvorak": "us", "colemak": "us", "colemak_dh": "us", "workman": "us", "intl": "us"}
	variantNames = map[string]string{
		"dvorak": "dvorak", "colemak": "colemak", "colemak-dh": "colemak_dh", "colemak_dh": "colemak_dh",
		"workman": "workman", "intl": "intl", "international": "intl", "nodeadkeys": "nodeadkeys",
		"mac": "mac",
	}
}

// localeNames are the languages people name for i18n.defaultLocale whose
// locale is plain: the language of one country, or of one country far
// more than of the others. The others are said in a note, so the person
// sees what was taken (German: Germany's de_DE, not Austria's de_AT).
// Languages spoken as widely in several countries (English, Spanish,
// Portuguese, Chinese, Arabic) are in localeAsk instead.
var localeNames map[string]struct{ locale, others string }

// localeLastWords are the last words of localeNames' and localeAsk's
// keys: a request ending in none names no language.
var localeLastWords map[string]bool

// localeAsk are languages with two (or more) locales used as widely:
// which is meant is asked, with the two most asked for suggested, as
// the English keyboard is.
var localeAsk map[string][2]string

// localeByName reads a language said for the system locale ("german",
// "German", "brazilian portuguese") as its locale. ok is false for
// anything else; err asks which one where the language has several.
func localeByName(text, v string) (in intent.Intent, ok bool, err error) {
	name := strings.Join(strings.Fields(strings.ToLower(strings.TrimSuffix(v, "."))), " ")
	if both, ask := localeAsk[name]; ask {
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "set locale to "+both[0]+".UTF-8"), sug(intent.SetOption, "set locale to "+both[1]+".UTF-8")},
			Hint:        fmt.Sprintf("%s is the language of several countries, each with its own locale (dates, numbers, currency): say which, as language_COUNTRY; nothing was changed", strings.ToUpper(name[:1])+name[1:])}
	}
	l, found := localeNames[name]
	if !found {
		return intent.Intent{}, false, nil
	}
	in = intent.Intent{Kind: intent.SetOption, Option: "i18n.defaultLocale", Value: l.locale + ".UTF-8"}
	if l.others != "" {
		in.Notes = []string{fmt.Sprintf("%s is taken as %s.UTF-8; for another country, say its locale: %s", name, l.locale, l.others)}
	}
	return in, true, nil
}

// loadLocaleTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadLocaleTables() {
	englishWords = map[string]bool{"english": true, "en": true, "eng": true}
	kbdKeymaps = map[string]string{
		"german": "de", "french": "fr", "spanish": "es", "italian": "it", "american": "us", "british": "uk",
		"dutch": "nl", "norwegian": "no", "finnish": "fi", "polish": "pl", "russian": "ru", "greek": "gr",
		"danish": "dk", "swedish": "sv-latin1", "portuguese": "pt-latin1",
	}
	twoWordVariants = map[string][2]string{"swiss french": {"ch", "fr"}, "french swiss": {"ch", "fr"}}
	localeNames = map[string]struct{ locale, others string }{
		"german": {"de_DE", "de_AT (Austria), de_CH (Switzerland)"}, "deutsch": {"de_DE", "de_AT (Austria), de_CH (Switzerland)"},
		"french":  {"fr_FR", "fr_CA (Canada), fr_BE (Belgium), fr_CH (Switzerland)"},
		"italian": {"it_IT", "it_CH (Switzerland)"}, "dutch": {"nl_NL", "nl_BE (Belgium)"},
		"polish": {"pl_PL", ""}, "czech": {"cs_CZ", ""}, "slovak": {"sk_SK", ""}, "hungarian": {"hu_HU", ""},
		"romanian": {"ro_RO", ""}, "bulgarian": {"bg_BG", ""}, "croatian": {"hr_HR", ""}, "slovenian": {"sl_SI", ""},
		"swedish": {"sv_SE", "sv_FI (Finland)"}, "finnish": {"fi_FI", ""}, "danish": {"da_DK", ""},
		"norwegian": {"nb_NO", "nn_NO (Nynorsk)"}, "icelandic": {"is_IS", ""}, "estonian": {"et_EE", ""},
		"latvian": {"lv_LV", ""}, "lithuanian": {"lt_LT", ""}, "greek": {"el_GR", ""}, "turkish": {"tr_TR", ""},
		"russian": {"ru_RU", ""}, "ukrainian": {"uk_UA", ""}, "japanese": {"ja_JP", ""}, "korean": {"ko_KR", ""},
		"hebrew": {"he_IL", ""}, "vietnamese": {"vi_VN", ""}, "thai": {"th_TH", ""}, "indonesian": {"id_ID", ""},
		"hindi": {"hi_IN", ""}, "catalan": {"ca_ES", ""}, "basque": {"eu_ES", ""}, "galician": {"gl_ES", ""},
		"persian": {"fa_IR", ""}, "farsi": {"fa_IR", ""}, "serbian": {"sr_RS", ""},
		// Said with the country.
		"american english": {"en_US", ""}, "us english": {"en_US", ""}, "english us": {"en_US", ""},
		"british english": {"en_GB", ""}, "uk english": {"en_GB", ""}, "english uk": {"en_GB", ""},
		"australian english": {"en_AU", ""}, "canadian english": {"en_CA", ""}, "irish english": {"en_IE", ""},
		"indian english": {"en_IN", ""}, "new zealand english": {"en_NZ", ""},
		"austrian german": {"de_AT", ""}, "swiss german": {"de_CH", ""}, "canadian french": {"fr_CA", ""},
		"french canadian": {"fr_CA", ""}, "belgian french": {"fr_BE", ""}, "swiss french": {"fr_CH", ""},
		"brazilian portuguese": {"pt_BR", ""}, "european portuguese": {"pt_PT", ""},
		"mexican spanish": {"es_MX", ""}, "argentinian spanish": {"es_AR", ""}, "castilian spanish": {"es_ES", ""},
		"simplified chinese": {"zh_CN", ""}, "traditional chinese": {"zh_TW", ""}, "flemish": {"nl_BE", ""},
	}
	localeAsk = map[string][2]string{
		"english":    {"en_US", "en_GB"},
		"spanish":    {"es_ES", "es_MX"},
		"portuguese": {"pt_PT", "pt_BR"},
		"chinese":    {"zh_CN", "zh_TW"},
		"arabic":     {"ar_EG", "ar_SA"},
	}
}
