package parse_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/parse"
)

// TestOtherSwitchesMatchOptions: otherSwitches is exactly what the real
// NixOS options give by its rule (see otherSwitches), so it cannot drift
// from them: every path there is a boolean switch, and none is left out.
func TestOtherSwitchesMatchOptions(t *testing.T) {
	zr := openOptionsData(t)
	var opts map[string]struct {
		Type        string `json:"type"`
		Description string `json:"description"`
	}
	if err := json.NewDecoder(zr).Decode(&opts); err != nil {
		t.Fatal(err)
	}
	namespaces := []string{"boot", "hardware", "networking", "programs", "security", "virtualisation"}
	name := regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	services := map[string]bool{}
	byName := map[string][]string{}
	for path, o := range opts {
		p := strings.Split(path, ".")
		if len(p) != 3 || p[2] != "enable" {
			continue
		}
		if p[0] == "services" {
			services[p[1]] = true
			continue
		}
		if !slices.Contains(namespaces, p[0]) || o.Type != "boolean" || strings.HasPrefix(o.Description, "Alias of") || !name.MatchString(p[1]) {
			continue
		}
		byName[p[1]] = append(byName[p[1]], p[0]+"."+p[1])
	}
	var want []string
	for n, paths := range byName {
		if !services[n] && len(paths) == 1 {
			want = append(want, paths[0])
		}
	}
	nameOf := func(p string) string { _, n, _ := strings.Cut(p, "."); return n }
	slices.SortFunc(want, func(a, b string) int { return strings.Compare(nameOf(a), nameOf(b)) })
	got := parse.OtherSwitches()
	if len(want) < 200 {
		t.Fatalf("only %d switches in %s", len(want), optionsData)
	}
	for _, p := range want {
		if !slices.Contains(got, p) {
			t.Errorf("otherSwitches lacks %q", p)
		}
	}
	for _, p := range got {
		if !slices.Contains(want, p) {
			t.Errorf("otherSwitches has %q, which the options data does not give", p)
		}
	}
	if !slices.Equal(got, want) && !t.Failed() {
		t.Errorf("otherSwitches is not sorted by name")
	}
}

// TestOtherSwitchesSuggested: a name of otherSwitches the service
// table does not know ("enable sudo"), asked for or asked about, is
// answered with its path ("enable security.sudo"), never a guessed
// services.sudo.enable; the path suggested is understood as that
// switch, which the guard takes with the real options.
func TestOtherSwitchesSuggested(t *testing.T) {
	opts := realOptions(t)
	known := parse.Services()
	// Words the parser reads otherwise: politeness, "share a folder",
	// the kernel asked about. None is answered with a guess either.
	otherwise := map[string]bool{"please": true, "sharing": true, "kernel": true}
	for _, path := range parse.OtherSwitches() {
		_, name, _ := strings.Cut(path, ".")
		if _, ok := known[name]; ok {
			continue
		}
		for _, tt := range []struct{ text, want string }{
			{"enable " + name, "enable " + path},
			{"disable " + name, "disable " + path},
			{"how do I enable " + name, "enable " + path},
			{"can I disable " + name, "disable " + path},
			{"is " + name + " enabled", "is " + path + " enabled"},
		} {
			_, err := parse.Parse(tt.text)
			var nu *intent.NotUnderstood
			if err == nil || !errors.As(err, &nu) {
				continue // a reading of its own
			}
			var found bool
			for _, s := range nu.Suggestions {
				if strings.Contains(s.Example, "services."+name+".") {
					t.Errorf("Parse(%q) suggests %q, no NixOS option", tt.text, s.Example)
				}
				found = found || s.Example == tt.want
			}
			if !found && !otherwise[name] {
				t.Errorf("Parse(%q) suggests %v, not %q", tt.text, nu.Suggestions, tt.want)
				continue
			}
			in, err := parse.Parse(tt.want)
			if err != nil || in.Option != path+".enable" {
				t.Errorf("Parse(%q) = %+v, %v; want %s", tt.want, in, err, path+".enable")
				continue
			}
			if err := guard.CheckIntent(in, opts); err != nil {
				t.Errorf("Parse(%q): guard: %v", tt.want, err)
			}
		}
	}
}
