package parse

import (
	"fmt"

	"github.com/nix-humanity/nix-humanity/intent"
)

// defaultEditors are the editors ask-nix makes the default, with the
// settings that do it. vim and neovim have NixOS switches, which set
// EDITOR at the same priority, so each request also unsets the other's
// switch: both on is an evaluation error ("conflicting definition
// values"). nano is NixOS's own default (a mkDefault the two switches
// override), so making it the default unsets both. Other terminal
// editors (editorCommands) are installed and named in
// environment.variables.EDITOR, a plain definition that outranks the
// switches; so every request unsets what the others set.
var defaultEditors map[string][]intent.Intent

// editorNames are what people call the editors above.
var editorNames map[string]string

// editorCommands are the terminal editors NixOS has no switch for: the
// package, and the command EDITOR names.
var editorCommands = [][2]string{
	{"emacs", "emacs"}, {"helix", "hx"}, {"micro", "micro"}, {"kakoune", "kak"}, {"joe", "joe"},
}

// otherEditors are graphical editors: as EDITOR they need a flag to wait
// for the file to be closed, which differs from one to the next, so they
// get a hint rather than a guess.
var otherEditors map[string]bool

// editorVocab are the other words of "make vim my default editor".
var editorVocab map[string]bool

// ruleDefaultEditor: "make vim my default editor", "set the default
// editor to neovim", "use nano as my editor", "set EDITOR to nvim".
// "editor" must be said, and every other word belong to the vocabulary.
func ruleDefaultEditor(text string, ts []token) (intent.Intent, bool, error) {
	if asksQuestion(ts) {
		return intent.Intent{}, false, nil
	}
	if in, ok := editorReset(ts); ok {
		return in, true, nil
	}
	editorWord, name, other := false, "", ""
	for _, t := range ts {
		switch {
		case t.quoted:
			return intent.Intent{}, false, nil
		case t.w == "editor" || t.w == "$editor":
			editorWord = true
		case editorNames[t.w] != "":
			if name != "" && name != editorNames[t.w] {
				return intent.Intent{}, false, nil
			}
			name = editorNames[t.w]
		case otherEditors[t.w]:
			other = t.w
		case editorVocab[t.w] || stopwords[t.lem]:
		default:
			return intent.Intent{}, false, nil
		}
	}
	// "make vim default", "set nano as the default": an editor made the
	// default is the default editor, "editor" unsaid.
	madeDefault := name != "" && other == "" && has(ts, "default") && (ts[0].w == "make" || ts[0].w == "set")
	switch {
	case !editorWord && !madeDefault:
		return intent.Intent{}, false, nil
	case other != "" && name == "":
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "make vim my default editor"), sug(intent.SetOption, "make helix my default editor")},
			Hint:        fmt.Sprintf("ask-nix makes terminal editors the default (vim, neovim, nano, emacs, helix, micro, kakoune, joe); %s is a graphical one, which as EDITOR needs its own flag to wait for the file (code --wait, for one): install it and set environment.variables.EDITOR in your configuration", other)}
	case name == "" || other != "":
		return intent.Intent{}, false, nil
	}
	parts := defaultEditors[name]
	return intent.Join(append([]intent.Intent(nil), parts...)), true, nil
}

// editorReset reads "unset the default editor", "reset my default
// editor", "remove the default editor" (a package named default, before):
// NixOS's own default, nano, back, as "make nano my default editor"
// does it. ok false when ts names an editor or says more.
func editorReset(ts []token) (intent.Intent, bool) {
	if len(ts) < 2 || ts[0].quoted {
		return intent.Intent{}, false
	}
	switch ts[0].w {
	case "unset", "reset", "remove", "clear", "delete", "restore", "revert":
	default:
		return intent.Intent{}, false
	}
	editor, def := false, false
	for _, t := range ts[1:] {
		switch {
		case t.quoted:
			return intent.Intent{}, false
		case t.w == "editor" || t.w == "$editor":
			editor, def = true, def || t.w == "$editor"
		case t.w == "default" || t.w == "defaults":
			def = true
		case t.w == "the" || t.w == "my" || t.w == "back" || t.w == "to" || t.w == "system" || t.w == "global" || t.w == "variable" || t.w == "setting" || t.w == "nixos's" || t.w == "nixos":
		default:
			return intent.Intent{}, false
		}
	}
	if !editor || !def {
		return intent.Intent{}, false
	}
	in := intent.Join(append([]intent.Intent(nil), defaultEditors["nano"]...))
	in.Notes = []string{"NixOS's own default editor is nano: the settings that made another one the default are taken out of the managed fragment"}
	return in, true
}

// loadEditors builds this file's tables (see tablesOnce).
func loadEditors() {
	unset := func(option string) intent.Intent {
		return intent.Intent{Kind: intent.SetOption, Option: option, Change: intent.ChangeUnset}
	}
	const vimSwitch, neovimSwitch, editorVar = "programs.vim.defaultEditor", "programs.neovim.defaultEditor", "environment.variables.EDITOR"
	defaultEditors = map[string][]intent.Intent{
		"vim": {
			{Kind: intent.SetOption, Option: "programs.vim.enable", Value: true},
			{Kind: intent.SetOption, Option: vimSwitch, Value: true},
			unset(neovimSwitch), unset(editorVar),
		},
		"neovim": {
			{Kind: intent.SetOption, Option: "programs.neovim.enable", Value: true},
			{Kind: intent.SetOption, Option: neovimSwitch, Value: true},
			unset(vimSwitch), unset(editorVar),
		},
		"nano": {unset(vimSwitch), unset(neovimSwitch), unset(editorVar)},
	}
	editorNames = map[string]string{"vim": "vim", "vi": "vim", "neovim": "neovim", "nvim": "neovim", "nano": "nano", "hx": "helix", "kak": "kakoune"}
	for _, e := range editorCommands {
		editorNames[e[0]] = e[0]
		defaultEditors[e[0]] = []intent.Intent{
			{Kind: intent.Install, Packages: []string{e[0]}},
			{Kind: intent.SetOption, Option: editorVar, Value: e[1]},
			unset(vimSwitch), unset(neovimSwitch),
		}
	}
	otherEditors = map[string]bool{
		"code": true, "vscode": true, "gedit": true, "kate": true, "zed": true, "sublime": true,
	}
	editorVocab = map[string]bool{
		"set": true, "make": true, "use": true, "change": true, "switch": true, "as": true,
		"default": true, "system": true, "global": true, "preferred": true, "standard": true,
		"want": true, "like": true, "prefer": true, "instead": true, "from": true, "into": true,
	}
}
