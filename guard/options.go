package guard

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"github.com/nix-humanity/nix-humanity/nixmodule/optiontype"
	"io"
	"os"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// Options is a Catalog of NixOS options read from an options.json (the
// file `nixos-option`/the NixOS manual build writes: name -> {type, loc,
// ...}). It knows no packages: Package always reports found, so with
// Options alone package names are checked for grammar only.
type Options struct {
	root  optNode
	count int
}

type optNode struct {
	children map[string]*optNode
	// wild is the child for a placeholder element (<name>, <config-name>,
	// ...): users.users.<name>.shell answers users.users.alice.shell.
	wild     *optNode
	typ      string
	isOption bool
}

// LoadOptions reads a NixOS options.json, plain or gzip-compressed.
func LoadOptions(path string) (*Options, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading NixOS options: %w", err)
	}
	o, err := ReadOptions(data)
	if err != nil {
		return nil, fmt.Errorf("reading NixOS options from %s: %w", path, err)
	}
	return o, nil
}

// ReadOptions reads options.json content, plain or gzip-compressed.
func ReadOptions(data []byte) (*Options, error) {
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		data, err = io.ReadAll(zr)
		if err != nil {
			return nil, fmt.Errorf("decompressing: %w", err)
		}
	}
	if !gjson.ValidBytes(data) {
		return nil, errors.New("not valid JSON")
	}
	doc := gjson.ParseBytes(data)
	if !doc.IsObject() {
		return nil, errors.New("not a JSON object of options")
	}
	o := &Options{}
	var bad error
	doc.ForEach(func(key, val gjson.Result) bool {
		var loc []string
		if l := val.Get("loc"); l.IsArray() {
			for _, e := range l.Array() {
				loc = append(loc, e.String())
			}
		} else {
			loc = strings.Split(key.String(), ".")
		}
		typ := val.Get("type")
		if len(loc) == 0 || typ.Type != gjson.String {
			bad = fmt.Errorf("option %q has no loc or type", key.String())
			return false
		}
		o.add(loc, typ.String())
		return true
	})
	if bad != nil {
		return nil, bad
	}
	return o, nil
}

func isPlaceholder(e string) bool {
	return len(e) > 2 && e[0] == '<' && e[len(e)-1] == '>'
}

func (o *Options) add(loc []string, typ string) {
	n := &o.root
	for _, e := range loc {
		if isPlaceholder(e) {
			if n.wild == nil {
				n.wild = &optNode{}
			}
			n = n.wild
			continue
		}
		if n.children == nil {
			n.children = map[string]*optNode{}
		}
		c := n.children[e]
		if c == nil {
			c = &optNode{}
			n.children[e] = c
		}
		n = c
	}
	if !n.isOption {
		o.count++
	}
	n.typ, n.isOption = typ, true
}

// Len is the number of options read.
func (o *Options) Len() int { return o.count }

// Package reports found: Options knows no packages.
func (o *Options) Package(string) (bool, []string) { return true, nil }

// Option returns the declared type of the option at path. A path below
// an attribute-set option (boot.kernel.sysctl."vm.swappiness") takes the
// attribute set's element type.
func (o *Options) Option(path string) (string, bool) {
	p, err := fragment.ParsePath(path)
	if err != nil {
		return "", false
	}
	if t, ok := o.root.lookup(p); ok {
		return t, true
	}
	if m, ok := freeformMembers[path]; ok {
		if t, ok := o.Option(m.parent); ok && t == m.parentType {
			return m.typ, true
		}
	}
	return "", false
}

// freeformMember is a setting NixOS does not declare as an option of its
// own, because it lives inside a freeform one, but that people set by
// name: nixpkgs.config is "nixpkgs config", any attribute set, and
// nixpkgs.config.allowUnfree is the boolean nixpkgs reads from it
// (nvidia.acceptLicense another, which NVIDIA's legacy and data-center
// drivers want before they build). Only
// the members listed are let in: nixpkgs.config.* in general stays
// unknown, so a typo there is still refused.
type freeformMember struct {
	parent, parentType, typ string
}

var freeformMembers = map[string]freeformMember{
	"nixpkgs.config.allowUnfree":          {"nixpkgs.config", "nixpkgs config", "boolean"},
	"nixpkgs.config.nvidia.acceptLicense": {"nixpkgs.config", "nixpkgs config", "boolean"},
}

// HasOptionsUnder reports whether options are declared below path (a
// group such as services.xserver.xkb, which is no option itself).
func (o *Options) HasOptionsUnder(path string) bool {
	p, err := fragment.ParsePath(path)
	if err != nil {
		return false
	}
	n := &o.root
	for _, e := range p {
		if n = n.children[e]; n == nil {
			return false
		}
	}
	return len(n.children) > 0 || n.wild != nil
}

func (n *optNode) lookup(p fragment.Path) (string, bool) {
	if len(p) == 0 {
		return n.typ, n.isOption
	}
	if c := n.children[p[0]]; c != nil {
		if t, ok := c.lookup(p[1:]); ok {
			return t, true
		}
	}
	if n.wild != nil {
		if t, ok := n.wild.lookup(p[1:]); ok {
			return t, true
		}
	}
	if n.isOption {
		if freeformValue[n.typ] {
			// settings = { ... } in a JSON/YAML/TOML file's shape: any
			// key below takes the same kind of value.
			return n.typ, true
		}
		return optiontype.Member(n.typ, len(p))
	}
	return "", false
}

// freeformValue are the types of settings options that hold a whole
// configuration file's data; keys below them are not declared.
var freeformValue = map[string]bool{"JSON value": true, "YAML value": true, "TOML value": true, "anything": true}
