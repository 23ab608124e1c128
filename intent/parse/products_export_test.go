package parse

import "github.com/nix-humanity/nix-humanity/intent"

// ProductName is one of productNames, for the test that holds them to
// the real nixpkgs attributes and NixOS options.
type ProductName struct {
	Said         []string
	Attr, Option string
	On           string // the request that turns Option on
	Suggestions  []intent.Suggestion
}

// ProductNames are the products an install reads whole (products.go).
func ProductNames() []ProductName {
	loadTables()
	out := make([]ProductName, len(productNames))
	for i, p := range productNames {
		out[i] = ProductName{Said: p.said, Attr: p.attr, Option: p.option, On: p.on, Suggestions: p.ss}
	}
	return out
}
