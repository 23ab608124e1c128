package parse

// ltsLines are the packages whose unversioned nixpkgs name is the
// release line upstream calls LTS: nixpkgs' nodejs follows Node.js's
// active LTS line, so "nodejs lts" is nodejs (with the index it was
// refused as a package named lts, "did you mean lxd-lts").
var ltsLines map[string]string

// ltsSaid drops "lts" (and "version", "release") after a name in
// ltsLines ("install nodejs lts", "install the lts version of node"),
// and says so in a note; "latest" said of it is noted too, since
// nodejs is the LTS line and not the newest. rest comes back as it was
// when it says neither.
func ltsSaid(rest []token) ([]token, []string) {
	var out []token
	var notes []string
	for i, t := range rest {
		if t.quoted {
			return rest, nil
		}
		line := ""
		switch {
		case t.w == "lts" && i > 0 && ltsLines[rest[i-1].w] != "":
			line = ltsLines[rest[i-1].w] // "nodejs lts"
		case t.w == "lts" && i+1 < len(rest) && ltsLines[rest[i+1].w] != "":
			line = ltsLines[rest[i+1].w] // "lts node"
		case t.w == "lts" && i+2 < len(rest) && (rest[i+1].w == "version" || rest[i+1].w == "release") && rest[i+2].w == "of" && i+3 < len(rest) && ltsLines[rest[i+3].w] != "":
			line = ltsLines[rest[i+3].w] // "the lts version of node"
		case (t.w == "latest" || t.w == "newest") && i+1 < len(rest) && ltsLines[rest[i+1].w] != "":
			notes = append(notes, ltsLines[rest[i+1].w]+" is the release line nixpkgs keeps as its LTS, not the newest one: a newer line is said by its number (\"install nodejs 23\"), and `ask-nix search nodejs` lists the lines there are")
		}
		if line != "" {
			notes = append(notes, "\"lts\" read as "+line+": nixpkgs' "+line+" is Node.js's LTS release line (its number is in the package's version); another line is said by its number (\"install nodejs 20\")")
			continue
		}
		out = append(out, t)
	}
	return out, notes
}

// loadLtsTables builds this file's tables, on the first request read
// rather than at program start (see loadTables).
func loadLtsTables() {
	ltsLines = map[string]string{"node": "nodejs", "nodejs": "nodejs", "node.js": "nodejs", "nodejs.": "nodejs"}
}
