package parse

import (
	"github.com/nix-humanity/nix-humanity/intent"
)

// devLanguages are the requests that install a language's usual tools,
// by the words people use for the language.
var devLanguages map[string]string

// devLanguage answers "i want to develop in rust", "set up a python
// development environment", "programming in go": a language's tools,
// installed for trying, and the NixOS way of a shell per project. They
// suggested "install firefox". nil when ts is no such request.
func devLanguage(text string, ts []token) *intent.NotUnderstood {
	if len(ts) < 2 || len(ts) > 9 || !has(ts, "develop", "development", "developing", "program", "programming", "coding", "code", "dev", "learn", "learning") {
		return nil
	}
	install := ""
	for _, t := range ts {
		if t.quoted || t.lem == "install" || t.lem == "remove" || t.lem == "enable" || t.lem == "search" {
			return nil
		}
		if s, ok := devLanguages[t.w]; ok {
			if install != "" && install != s {
				return nil // two languages: said apart
			}
			install = s
		}
	}
	if install == "" {
		return nil
	}
	return &intent.NotUnderstood{Request: text,
		Suggestions: []intent.Suggestion{sug(intent.Install, install), sug(intent.EnableService, "enable direnv")},
		Hint: "\"" + install + "\" puts the language's tools on every user's PATH, which is enough to try it; on NixOS a project usually keeps its own tools in a shell.nix (`nix-shell`) or a flake's devShell (`nix develop`), " +
			"entered by itself in the project's folder with direnv (\"enable direnv\"); editors and libraries then come from there too; nothing was changed"}
}

// loadDevlangTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadDevlangTables() {
	devLanguages = map[string]string{
		"rust": "install rustc and cargo", "python": "install python3", "go": "install go", "golang": "install go",
		"javascript": "install nodejs", "typescript": "install nodejs", "node": "install nodejs", "nodejs": "install nodejs",
		"java": "install jdk", "kotlin": "install kotlin", "c": "install gcc and gnumake", "c++": "install gcc and gnumake", "cpp": "install gcc and gnumake",
		"haskell": "install ghc and cabal-install", "zig": "install zig", "ruby": "install ruby", "php": "install php", "elixir": "install elixir",
	}
}
