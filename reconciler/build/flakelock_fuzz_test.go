package build_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/guard/flakeinput"
	"github.com/nix-humanity/nix-humanity/reconciler/build"
)

// FuzzLockRootInputs: whatever a flake.lock holds, the root inputs read
// from it are sorted, each once, and those a plain reading of its JSON
// finds; an update of one of them alone passes the check before Nix
// runs, and a valid name it lacks is refused, saying nothing ran; the
// inputs kept by an update of one are the others.
func FuzzLockRootInputs(f *testing.F) {
	// As Nix 2.8 writes it (nix flake lock, two path inputs).
	f.Add([]byte(`{ "nodes": { "a": { "flake": false, "locked": { "lastModified": 1795767107, "narHash": "sha256-GNrF1Q8V/oesCDOKAgryEFdrgEpEXMrsAuPpmJXnY08=", "path": "/tmp/fz10/lk/a", "type": "path" }, "original": { "path": "/tmp/fz10/lk/a", "type": "path" } }, "home-manager": { "flake": false, "locked": { "lastModified": 1795767107, "narHash": "sha256-GNrF1Q8V/oesCDOKAgryEFdrgEpEXMrsAuPpmJXnY08=", "path": "/tmp/fz10/lk/b", "type": "path" }, "original": { "path": "/tmp/fz10/lk/b", "type": "path" } }, "root": { "inputs": { "a": "a", "home-manager": "home-manager" } } }, "root": "root", "version": 7}`), "a")
	f.Add([]byte(`{"nodes": {"root": {"inputs": {"nixpkgs": "nixpkgs", "hm": "home-manager"}}, "home-manager": {"inputs": {"nixpkgs": ["nixpkgs"]}}}, "root": "root", "version": 7}`), "Nixpkgs")
	f.Add([]byte(`{"nodes": {"top": {"inputs": {"x": "x"}}}, "root": "top"}`), "x")
	f.Add([]byte(`{"nodes": {"root": {}}, "version": 7}`), "nixpkgs")
	f.Add([]byte(`{"nodes": {"root": {"inputs": {"a b": "a", "-x": "x", "a/b": "y"}}}}`), "a")
	f.Add([]byte(`{"nodes": {"root": {"inputs": {"my.input": "a", "\u212a": "b"}}}}`), "k")
	f.Add([]byte(`{"Nodes": {"root": {"Inputs": {"x": 1}}}, "ROOT": "root"}`), "x")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		names, ok := build.LockRootInputs(data)
		if !ok {
			return
		}
		for i := 1; i < len(names); i++ {
			if names[i-1] >= names[i] {
				t.Fatalf("inputs %q: not sorted, or one twice", names)
			}
		}
		if plain, ok := plainRootInputs(data); ok && !slices.Equal(plain, names) {
			t.Fatalf("inputs %q, a plain reading finds %q", names, plain)
		}
		// Not t.TempDir: its name holds the seed's "#", which a flake
		// reference reads as the start of an attribute.
		dir, err := os.MkdirTemp("", "lock")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		if err := os.WriteFile(filepath.Join(dir, "flake.lock"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		target := build.Target{Flake: "path:" + dir, FlakeAttr: "x"}
		for _, n := range names {
			if flakeinput.Valid(n) {
				if err := target.CheckUpdateInputs([]string{n}); err != nil {
					t.Fatalf("inputs %q: updating %q alone refused: %v", names, n, err)
				}
				if kept := build.KeptInputs(data, []string{n}, nil); slices.Contains(kept, n) || len(kept) != len(names)-1 {
					t.Fatalf("inputs %q: update of %q keeps %q", names, n, kept)
				}
			}
		}
		if flakeinput.Valid(name) && !slices.Contains(names, name) {
			err := target.CheckUpdateInputs([]string{name})
			if err == nil || !strings.Contains(err.Error(), "nothing was run") || !strings.Contains(err.Error(), "has no input named "+name) {
				t.Fatalf("inputs %q: %q not refused as missing: %v", names, name, err)
			}
			// A command it offers names an input ask-nix takes.
			if _, cmd, ok := strings.Cut(err.Error(), "ask-nix update "); ok {
				offered := strings.FieldsFunc(cmd, func(r rune) bool { return r == ')' || r == ';' || r == ' ' })
				if len(offered) == 0 || !flakeinput.Valid(offered[0]) || !slices.Contains(names, offered[0]) {
					t.Fatalf("inputs %q: refusing %q offers %q: %v", names, name, offered, err)
				}
			}
		}
	})
}

// plainRootInputs reads a flake.lock's root inputs with no struct: the
// keys of nodes[root].inputs, sorted. False when the file has keys that
// differ from Nix's only in case (which encoding/json matches too), or
// is not a lock.
func plainRootInputs(data []byte) ([]string, bool) {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil || !exactKeys(top, "root", "nodes") {
		return nil, false
	}
	root := "root"
	if r, ok := top["root"]; ok && string(r) != "null" {
		if json.Unmarshal(r, &root) != nil {
			return nil, false
		}
		if root == "" {
			root = "root"
		}
	}
	var nodes map[string]json.RawMessage
	if json.Unmarshal(top["nodes"], &nodes) != nil || nodes == nil {
		return nil, false
	}
	var node map[string]json.RawMessage
	if json.Unmarshal(nodes[root], &node) != nil || !exactKeys(node, "inputs") {
		return nil, false
	}
	var inputs map[string]json.RawMessage
	if json.Unmarshal(node["inputs"], &inputs) != nil {
		return nil, false
	}
	names := make([]string, 0, len(inputs))
	for n := range inputs {
		names = append(names, n)
	}
	slices.Sort(names)
	return names, true
}

// exactKeys reports whether m has no key that is one of want in another
// case.
func exactKeys(m map[string]json.RawMessage, want ...string) bool {
	for k := range m {
		for _, w := range want {
			if k != w && strings.EqualFold(k, w) {
				return false
			}
		}
	}
	return true
}
