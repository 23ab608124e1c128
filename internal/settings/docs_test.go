package settings

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/nix-humanity/nix-humanity/internal/doctable"
)

// docSettings reads the "Every setting" table of docs/operations.md:
// key -> [variable, flag, default] as the table spells them.
func docSettings(t *testing.T) map[string][3]string {
	t.Helper()
	table, err := doctable.Rows("../../docs/operations.md", "### Every setting")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][3]string{}
	for _, c := range table {
		if len(c) < 5 {
			t.Fatalf("docs/operations.md: an Every setting row has %d cells, want 5 or more: %q", len(c), c)
		}
		rows[c[0]] = [3]string{c[1], c[2], c[3]}
	}
	return rows
}

// The table users look settings up in must list every setting, with the
// names and defaults the code has, and nothing else.
func TestOperationsDocListsEverySetting(t *testing.T) {
	rows := docSettings(t)
	for _, k := range Keys() {
		row, ok := rows[k.Name]
		if !ok {
			t.Errorf("setting %s is not in docs/operations.md's Every setting table", k.Name)
			continue
		}
		delete(rows, k.Name)
		flag := "none"
		if k.Flag != "" {
			flag = "--" + k.Flag
		}
		def := k.Def
		if def == "" {
			def = "(empty)"
		}
		if want := [3]string{k.Env, flag, def}; row != want {
			t.Errorf("docs/operations.md: %s is %q, the code has %q (variable, flag, default)", k.Name, row, want)
		}
	}
	for name := range rows {
		t.Errorf("docs/operations.md lists a setting %s the code does not have", name)
	}
}

// Every NIX_HUMANITY_* name the documentation gives a user is one the
// code reads.
func TestDocsNameOnlyRealVariables(t *testing.T) {
	known := map[string]bool{
		"NIX_HUMANITY_CONFIG":     true, // names the system settings file
		"NIX_HUMANITY_ACTIVATION": true, // set by the daemon for an activation
		"NIX_HUMANITY_CRASH_AT":   true, // read only by a -tags crashtest build (internal/crashpoint)
	}
	for _, k := range Keys() {
		known[k.Env] = true
	}
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "../../README.md")
	name := regexp.MustCompile(`NIX_HUMANITY_[A-Z_]*[A-Z]`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range name.FindAllString(string(b), -1) {
			if !known[v] {
				t.Errorf("%s names %s, which is no setting's variable", filepath.Base(f), v)
			}
		}
	}
}
