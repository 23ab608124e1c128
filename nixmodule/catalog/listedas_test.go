package catalog

import (
	"slices"
	"testing"
)

// A listing gives each package once, under one of its names: the real
// attribute list has no python3, nodejs or python3Packages.*, which are
// nixpkgs' names all the same (nix-env dropped them as duplicates of
// python312Packages.python, nodePackages.nodejs, python312Packages.*).
// "install python3" was refused as "there is no package named python3".
func TestListedAs(t *testing.T) {
	ix := fullIndex(t)
	for _, tt := range []struct {
		attr string
		want []string // nil: not a package the index vouches for
	}{
		{"python3", []string{"python313", "python313Packages.python", "python312Packages.python"}},
		{"nodejs", []string{"nodejs_22", "nodejs_20", "nodePackages.nodejs"}},
		{"openjdk", []string{"jdk"}},
		// python312 is the interpreter of python312Packages, which the
		// listing holds instead ("install python 3.12" was refused).
		{"python312", []string{"python312Packages.python"}},
		{"python311", nil}, // listed itself
		{"python399", nil},
		// Not nixpkgs names, whatever the listing holds.
		{"python_3_12", nil},
		{"python3_12", nil},
		{"lua54", nil},
		{"python3Packages.numpy", []string{"python312Packages.numpy", "python313Packages.numpy"}},
		{"php8Packages.composer", []string{"php81Packages.composer", "php82Packages.composer", "php83Packages.composer", "php84Packages.composer"}},
		// Listed itself: nothing to vouch for.
		{"firefox", nil},
		{"python313Packages.numpy", nil},
		// A family the set is not of, or a version none continues.
		{"python4Packages.numpy", nil},
		{"python27Packages.numpy", nil},
		// A set that names no version could be any of its family's,
		// listed or not (pythonPackages is python27Packages).
		{"pythonPackages.numpy", nil},
		{"perlPackages.JSON", nil},
		{"python3Packages.nosuchpackageanywhere", nil},
		// Names a listing lacks for other reasons stay refused.
		{"python", nil},
		{"mysql", nil},
		{"transmission", nil},
		{"haskellPackages.nosuch", nil},
	} {
		got := ix.ListedAs(tt.attr)
		if !slices.Equal(got, tt.want) {
			t.Errorf("ListedAs(%q) = %q, want %q", tt.attr, got, tt.want)
		}
		found, _ := ix.Package(tt.attr)
		if inIndex := ix.findAttr(tt.attr) >= 0; found != (inIndex || tt.want != nil) {
			t.Errorf("Package(%q) found = %v", tt.attr, found)
		}
	}
	// "python" suggests the name people install, python3, first.
	if _, sugg := ix.Package("python"); len(sugg) == 0 || sugg[0] != "python3" {
		t.Errorf("Package(python) suggests %v, want python3 first", sugg)
	}
}
