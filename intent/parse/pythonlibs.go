package parse

import (
	"strings"

	"github.com/nix-humanity/nix-humanity/intent"
)

// libraryWords say that the names next to a Python are its libraries
// ("install the python package requests", "python module numpy").
var libraryWords map[string]bool

// pythonLibsAsked answers a Python said with its libraries: "install
// python with numpy", "install the python library requests", "install
// numpy for python3". Read as a list these were the packages python and
// numpy (no index has numpy at the top): a library beside Python is not
// importable by it, and the Python built with it is a function, which
// the fragment does not hold. nil when ts says no such thing.
func pythonLibsAsked(text string, kind intent.Kind, ts []token) error {
	if kind != intent.Install {
		return nil
	}
	for p, t := range ts {
		set, ok := pythonSet(t)
		if !ok {
			continue
		}
		if p+1 < len(ts) && !ts[p+1].quoted && (set == "python3Packages" && t.w == "python") {
			// "numpy for python 3.12"
			if maj, min, ok := strings.Cut(ts[p+1].w, "."); ok && maj == "3" && digits(min) {
				set = "python3" + min + "Packages"
			}
		}
		var libs []string
		switch {
		case p+1 < len(ts) && !ts[p+1].quoted && (ts[p+1].w == "with" || libraryWords[ts[p+1].w]):
			libs = libNames(ts[p+2:])
		case p >= 2 && !ts[p-1].quoted && ts[p-1].w == "for":
			libs = libNames(ts[:p-1])
		}
		if len(libs) == 0 {
			continue
		}
		attrs := make([]string, len(libs))
		for i, l := range libs {
			attrs[i] = set + "." + l
		}
		return &intent.NotUnderstood{Request: text,
			Suggestions: []intent.Suggestion{sug(intent.Install, "install "+strings.Join(attrs, " "))},
			Hint: "Python libraries come with a Python from nixpkgs or live in a project's own virtual environment (python3 -m venv); " +
				intent.PythonNote(attrs) + "; nothing was changed"}
	}
	return nil
}

// pythonSet is the nixpkgs set of the Python t names ("python" and
// "python3" are python3Packages, "python312" python312Packages).
func pythonSet(t token) (string, bool) {
	if t.quoted {
		return "", false
	}
	v, ok := strings.CutPrefix(t.w, "python")
	if !ok || !digits(v) && v != "" || v == "2" || strings.HasPrefix(v, "2") {
		return "", false
	}
	if v == "" || v == "3" {
		return "python3Packages", true
	}
	return "python" + v + "Packages", true
}

// libNames are the names in ts, fillers and library words left out;
// nil when a word there is no name (a later request, "for my user").
func libNames(ts []token) []string {
	var out []string
	for _, t := range ts {
		if t.quoted {
			return nil
		}
		if packageFillers[t.w] || libraryWords[t.w] || t.w == "python" {
			continue
		}
		if notPackages[t.w] || !isPackageLike(t.raw) || strings.Contains(t.w, ".") {
			return nil
		}
		out = append(out, strings.ToLower(t.raw))
	}
	return out
}

// loadPythonlibsTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadPythonlibsTables() {
	libraryWords = map[string]bool{
		"package": true, "packages": true, "library": true, "libraries": true,
		"lib": true, "libs": true, "module": true, "modules": true,
	}
}
