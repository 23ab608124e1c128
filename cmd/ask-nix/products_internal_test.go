package main

import (
	"slices"
	"strings"
	"testing"
)

// TestWordsBesideProducts: a program the parser read from several words
// (visual studio code: vscode) is taken as said, and its words are no
// other name's, so the names the request spells are still found and
// joined ("obs studio" after "visual studio code" is obs-studio, whose
// studio was found inside visual studio). A name neither spelled nor a
// product's still means nothing is joined.
func TestWordsBesideProducts(t *testing.T) {
	tests := []struct {
		text         string
		names        []string
		wantWords    []string // placed, in order; nil: none
		wantAdjacent bool     // the placed words follow each other
		wantProducts []string
	}{
		{"install visual studio code and obs studio", []string{"obs", "studio", "vscode"}, []string{"obs", "studio"}, true, []string{"vscode"}},
		{"install Visual Studio Code obs studio", []string{"obs", "studio", "vscode"}, []string{"obs", "studio"}, true, []string{"vscode"}},
		{"install google chrome, libre office", []string{"google-chrome", "libre", "office"}, []string{"libre", "office"}, true, []string{"google-chrome"}},
		{"install vscode obs studio", []string{"obs", "studio", "vscode"}, []string{"vscode", "obs", "studio"}, true, nil},
		{"install google chrome", []string{"google-chrome"}, nil, false, []string{"google-chrome"}},
		{"install python3.12 requests", []string{"python312", "requests"}, nil, false, nil},
	}
	for _, tt := range tests {
		lower := strings.ToLower(tt.text)
		words, products := wordsBesideProducts(lower, tt.names)
		var got []string
		for _, w := range words {
			got = append(got, w.name)
		}
		if !slices.Equal(got, tt.wantWords) || !slices.Equal(products, tt.wantProducts) {
			t.Errorf("%q: words %q, products %q; want %q, %q", tt.text, got, products, tt.wantWords, tt.wantProducts)
			continue
		}
		if words != nil && adjacent(lower, words) != tt.wantAdjacent {
			t.Errorf("%q: adjacent = %v, want %v", tt.text, !tt.wantAdjacent, tt.wantAdjacent)
		}
	}
}
