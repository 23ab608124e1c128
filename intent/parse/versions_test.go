package parse

import (
	"errors"
	"slices"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
)

func TestIsVersion(t *testing.T) {
	for w, want := range map[string]bool{
		"20": true, "3.12": true, "1.22.4": true, "0": true,
		"": false, ".5": false, "5.": false, "1..2": false, "v20": false, "3.12a": false,
		"1.2.3.4.5.6.7.8.9": false,
	} {
		if got := isVersion(w); got != want {
			t.Errorf("isVersion(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestCandidates(t *testing.T) {
	for _, c := range []struct {
		v    Versioned
		want []string
	}{
		{Versioned{"nodejs", "20"}, []string{"nodejs_20", "nodejs20"}},
		{Versioned{"go", "1.22"}, []string{"go_1_22", "go122", "go_122", "go1_22"}},
		{Versioned{"perl", "5.38"}, []string{"perl_5_38", "perl538", "perl_538", "perl5_38"}},
	} {
		if got := c.v.Candidates(); !slices.Equal(got, c.want) {
			t.Errorf("%+v.Candidates() = %q, want %q", c.v, got, c.want)
		}
	}
}

// TestVersionedPackages: a version after a name is held for the index to
// resolve; everything else in the request is kept.
func TestVersionedPackages(t *testing.T) {
	for _, c := range []struct {
		text      string
		kind      intent.Kind
		packages  []string
		versioned []Versioned
	}{
		{"install nodejs 20", intent.Install, nil, []Versioned{{"nodejs", "20"}}},
		{"install firefox version 120", intent.Install, nil, []Versioned{{"firefox", "120"}}},
		{"install git, htop and python 3.12", intent.Install, []string{"git", "htop"}, []Versioned{{"python", "3.12"}}},
		{"install gcc 13 and go 1.22", intent.Install, nil, []Versioned{{"gcc", "13"}, {"go", "1.22"}}},
		{"remove nodejs 20", intent.Remove, nil, []Versioned{{"nodejs", "20"}}},
		// npm's and Homebrew's spelling
		{"install node@20", intent.Install, nil, []Versioned{{"node", "20"}}},
		{"install nodejs@v20 and git", intent.Install, []string{"git"}, []Versioned{{"nodejs", "20"}}},
		{"install python@3.12", intent.Install, nil, []Versioned{{"python", "3.12"}}},
		{"brew install node@20", intent.Install, nil, []Versioned{{"node", "20"}}},
		// asked whether: was answered "is node-20 installed"
		{"is node 20 installed", intent.ListInstalled, nil, []Versioned{{"node", "20"}}},
		{"do i have java v17?", intent.ListInstalled, nil, []Versioned{{"java", "17"}}},
		{"sudo apt install nodejs 20", intent.Install, nil, []Versioned{{"nodejs", "20"}}},
	} {
		loadTables()
		_, err := Parse(c.text)
		var v *VersionedPackages
		if !errors.As(err, &v) {
			t.Errorf("Parse(%q) = %v, want *VersionedPackages", c.text, err)
			continue
		}
		if v.Kind != c.kind || !slices.Equal(v.Packages, c.packages) || !slices.Equal(v.Versioned, c.versioned) {
			t.Errorf("Parse(%q) = %+v", c.text, v)
		}
	}
	// "@" with no version after it is no version: the guard refuses
	// the name.
	for _, text := range []string{"install node@latest", "install @20", "install node@20@1", `install "node@20"`} {
		if _, err := Parse(text); errors.As(err, new(*VersionedPackages)) {
			t.Errorf("Parse(%q) = %v, want no versions", text, err)
		}
	}
	// A number after "and" is no version of what came before.
	if _, err := Parse("install git and 20"); err == nil || errors.As(err, new(*VersionedPackages)) {
		t.Errorf(`Parse("install git and 20") = %v`, err)
	}
}
