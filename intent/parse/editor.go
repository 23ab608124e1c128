package parse

import (
	"fmt"

	"github.com/nix-humanity/nix-humanity/intent"
)

// defaultEditors are the editors NixOS has a default-editor switch for,
// with the settings that make each the default. vim and neovim set
// EDITOR at the same priority, so each request also unsets the other's
// switch: both on is an evaluation error ("conflicting definition
// values"). nano is NixOS's own default (a mkDefault the two switches
// override), so making it the default unsets both.
var defaultEditors map[string][]intent.Intent

// editorNames are what people call the editors above.
var editorNames map[string]string

// otherEditors NixOS has no default-editor switch for (emacs has one,
// but only through its per-user daemon): named, they get a hint rather
// than a guess.
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
	switch {
	case !editorWord:
		return intent.Intent{}, false, nil
	case other != "" && name == "":
		return intent.Intent{}, true, &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.SetOption, "make vim my default editor"), sug(intent.SetOption, "make neovim my default editor")},
			Hint:        fmt.Sprintf("NixOS has a default-editor switch for vim, neovim and nano only; for %s, install it and set environment.variables.EDITOR in your configuration", other)}
	case name == "" || other != "":
		return intent.Intent{}, false, nil
	}
	parts := defaultEditors[name]
	return intent.Join(append([]intent.Intent(nil), parts...)), true, nil
}

// loadEditors builds this file's tables (see tablesOnce).
func loadEditors() {
	defaultEditors = map[string][]intent.Intent{
		"vim": {
			{Kind: intent.SetOption, Option: "programs.vim.enable", Value: true},
			{Kind: intent.SetOption, Option: "programs.vim.defaultEditor", Value: true},
			{Kind: intent.SetOption, Option: "programs.neovim.defaultEditor", Change: intent.ChangeUnset},
		},
		"neovim": {
			{Kind: intent.SetOption, Option: "programs.neovim.enable", Value: true},
			{Kind: intent.SetOption, Option: "programs.neovim.defaultEditor", Value: true},
			{Kind: intent.SetOption, Option: "programs.vim.defaultEditor", Change: intent.ChangeUnset},
		},
		"nano": {
			{Kind: intent.SetOption, Option: "programs.vim.defaultEditor", Change: intent.ChangeUnset},
			{Kind: intent.SetOption, Option: "programs.neovim.defaultEditor", Change: intent.ChangeUnset},
		},
	}
	editorNames = map[string]string{"vim": "vim", "vi": "vim", "neovim": "neovim", "nvim": "neovim", "nano": "nano"}
	otherEditors = map[string]bool{
		"emacs": true, "helix": true, "hx": true, "micro": true, "kakoune": true, "kak": true,
		"code": true, "vscode": true, "gedit": true, "kate": true, "zed": true, "joe": true, "ed": true,
	}
	editorVocab = map[string]bool{
		"set": true, "make": true, "use": true, "change": true, "switch": true, "as": true,
		"default": true, "system": true, "global": true, "preferred": true, "standard": true,
		"want": true, "like": true, "prefer": true, "instead": true, "from": true, "into": true,
	}
}
