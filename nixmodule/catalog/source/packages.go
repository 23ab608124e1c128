// Package source reads what the package and option index is built from:
// nixpkgs' channel packages.json (plain, gzip or brotli), the output of
// `nix-env -qaP --json --meta` and of `nix search --json`, and NixOS's
// options.json. Everything here parses outside input, so every reader
// takes any bytes without panicking and says what was wrong with them.
package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/tidwall/gjson"

	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// Package is one package as the index keeps it.
type Package struct {
	Attr        string `json:"attr"`
	Pname       string `json:"pname"`
	Version     string `json:"version"`
	Description string `json:"description"`
	MainProgram string `json:"mainProgram,omitempty"`
	// Unfree: nixpkgs says the license is not free (meta.unfree, or a
	// license with free = false), so NixOS builds it only where unfree
	// packages are allowed. False also means "not known": nix search
	// says nothing about licenses.
	Unfree bool `json:"unfree,omitempty"`
	// Unavailable: the listing says NixOS cannot build it on the
	// system it was made for (meta.broken, meta.unsupported: another
	// platform, such as a macOS-only app; or meta.available = false).
	// False also means "not known".
	Unavailable bool `json:"unavailable,omitempty"`
}

// Format names a package list's shape.
type Format string

// The package list shapes ReadPackages understands.
const (
	FormatPackagesJSON Format = "packages.json"
	FormatNixEnv       Format = "nix-env"
	FormatNixSearch    Format = "nix-search"
)

// Limits on what one entry may carry into the index. Descriptions are
// for display; the index keeps their start.
const (
	MaxDescription = 300
	maxName        = 255
)

// ParsePackages reads a package list in any of the known formats (after
// decompression, see Decompress) and says which one it was. Entries with
// an unusable attribute path are skipped and counted in skipped. The
// packages' strings share data's memory: data must not change after.
func ParsePackages(data []byte) (pkgs []Package, format Format, skipped int, err error) {
	if nameList(data) {
		return nil, "", 0, errors.New(nameListPackages)
	}
	if err := validJSON(data); err != nil {
		return nil, "", 0, err
	}
	root := parseJSON(data)
	if !root.IsObject() {
		return nil, "", 0, errors.New("not a package list: the JSON is not an object")
	}
	// packages.json wraps the list; a nix-env listing whose nixpkgs has a
	// package called "packages" does not (that entry has a "name").
	if p := root.Get("packages"); p.IsObject() && (root.Get("version").Exists() || !p.Get("name").Exists()) {
		if v := root.Get("version"); v.Exists() && v.Int() != 2 && v.Int() != 1 {
			return nil, "", 0, fmt.Errorf("packages.json version %s is not supported (known: 1, 2)", v.Raw)
		}
		pkgs, skipped, _ = readEntries(p, FormatPackagesJSON)
		return pkgs, FormatPackagesJSON, skipped, nil
	}
	format = FormatNixEnv
	root.ForEach(func(k, v gjson.Result) bool {
		key := k.String()
		if strings.HasPrefix(key, "legacyPackages.") || strings.HasPrefix(key, "packages.") {
			if v.Get("description").Exists() && !v.Get("meta").Exists() {
				format = FormatNixSearch
			}
		}
		return false
	})
	pkgs, skipped, seen := readEntries(root, format)
	if seen.options > 0 && seen.packages == 0 {
		return nil, "", 0, errors.New("this is a NixOS options.json (option declarations with a type and a loc; no entry has a package's name or version), not a package list: give it as --options-from, and as --from a channel's packages.json or the JSON of nix-env -qaP --json --meta")
	}
	return pkgs, format, skipped, nil
}

// nameListPackages says what a list of names given for packages lacks,
// and what to give instead.
const nameListPackages = "this is a list of names, one a line, not a package list: the index needs each package's version and description too. Give a channel's packages.json (packages.json.br as https://channels.nixos.org/nixos-unstable/packages.json.br ships it, plain or compressed), or the JSON of nix-env -f <nixpkgs> -qaP --json --meta, or of nix search --json"

// nameList reports whether data (as read, or decompressed) is plain text
// that reads as a list of attribute names, one a line, as
// nixmodule/testdata/nixpkgs-attrs.txt is and `nix-env -qaP` without
// --json prints (a name, then the derivation's): not JSON, and its
// first lines each a name and at most one more word. The readers name
// it rather than leave a JSON syntax error at byte 1.
func nameList(data []byte) bool {
	rest := bytes.TrimLeft(data, " \t\r\n")
	if len(rest) == 0 || rest[0] == '{' || rest[0] == '[' || !utf8.Valid(rest[:min(len(rest), 4096)]) {
		return false
	}
	lines := 0
	for len(rest) > 0 && lines < 5 {
		line, after, _ := bytes.Cut(rest, []byte("\n"))
		rest = after
		fields := strings.Fields(string(line))
		if len(fields) == 0 {
			continue
		}
		if _, ok := NormalizeAttr(fields[0]); !ok || len(fields) > 2 {
			return false
		}
		lines++
	}
	return lines > 0
}

// shape counts the entries of a JSON object that read as packages (a
// name, pname, version, meta or outputName: every package listing has
// one) and as NixOS option declarations (a type, loc or declarations,
// which no package listing has), so each reader can say it was given the
// other's file rather than index it as what it is not (an options.json
// read as 20,000 packages named services.openssh.enable and the like).
type shape struct{ packages, options int }

// shapeKey says what a key of an entry suggests it is.
func shapeKey(key string) (pkg, opt bool) {
	switch key {
	case "name", "pname", "version", "meta", "outputName":
		return true, false
	case "type", "loc", "declarations":
		return false, true
	}
	return false, false
}

// count adds one entry whose keys suggested pkg and opt.
func (s *shape) count(pkg, opt bool) {
	switch {
	case pkg && !opt:
		s.packages++
	case opt && !pkg:
		s.options++
	}
}

// parseJSON reads data in place: gjson.ParseBytes copies it to a string
// first, 100 MB for a channel's packages.json, which made the copy the
// index build's largest allocation. The input is never written after it
// is read (validJSON has checked it; nothing here or in the callers
// changes it), so a string over the same memory is sound.
func parseJSON(data []byte) gjson.Result {
	if len(data) == 0 {
		return gjson.Result{}
	}
	return gjson.Parse(unsafe.String(unsafe.SliceData(data), len(data)))
}

// validJSON checks the whole input first: gjson reads anything, so a
// truncated download would otherwise give a silently short index.
func validJSON(data []byte) error {
	if gjson.ValidBytes(data) {
		return nil
	}
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		return fmt.Errorf("not valid JSON (line %d, byte %d): %v", line, se.Offset, se)
	}
	if err != nil {
		return fmt.Errorf("not valid JSON: %v", err)
	}
	return errors.New("not valid JSON")
}

func readEntries(obj gjson.Result, format Format) ([]Package, int, shape) {
	var pkgs []Package
	skipped := 0
	var seen shape
	obj.ForEach(func(k, v gjson.Result) bool {
		raw := k.String()
		if format == FormatNixSearch {
			raw = stripFlakePrefix(raw)
		}
		attr, ok := NormalizeAttr(raw)
		if !ok || !v.IsObject() {
			skipped++
			return true
		}
		p := Package{Attr: attr}
		var name string
		var isPkg, isOpt bool
		v.ForEach(func(fk, fv gjson.Result) bool {
			pkg, opt := shapeKey(fk.Str)
			isPkg, isOpt = isPkg || pkg, isOpt || opt
			switch fk.Str {
			case "pname":
				p.Pname = fv.String()
			case "version":
				p.Version = fv.String()
			case "name":
				name = fv.String()
			case "description":
				p.Description = fv.String()
			case "meta":
				fv.ForEach(func(mk, mv gjson.Result) bool {
					switch mk.Str {
					case "description":
						if mv.Type == gjson.String {
							p.Description = mv.Str
						}
					case "mainProgram":
						if mv.Type == gjson.String {
							p.MainProgram = mv.Str
						}
					case "unfree":
						p.Unfree = p.Unfree || mv.Type == gjson.True
					case "license":
						p.Unfree = p.Unfree || unfreeLicense(mv)
					case "broken", "unsupported":
						p.Unavailable = p.Unavailable || mv.Type == gjson.True
					case "available":
						p.Unavailable = p.Unavailable || mv.Type == gjson.False
					}
					return true
				})
			}
			return true
		})
		seen.count(isPkg, isOpt)
		if p.Pname == "" && name != "" {
			p.Pname, p.Version = splitDrvName(name, p.Version)
		}
		if p.Pname == "" {
			p.Pname = raw[strings.LastIndexByte(raw, '.')+1:]
		}
		p.Pname = cleanField(p.Pname, maxName)
		p.Version = cleanField(p.Version, maxName)
		p.MainProgram = cleanField(p.MainProgram, maxName)
		p.Description = cleanField(p.Description, MaxDescription)
		pkgs = append(pkgs, p)
		return true
	})
	return pkgs, skipped, seen
}

// unfreeLicense reads meta.license as nixpkgs' check-meta.nix does: one
// license or a list of them, unfree when any says "free": false. A
// license given only by name (spdxId, shortName, or a bare string) says
// nothing either way.
func unfreeLicense(l gjson.Result) bool {
	if l.IsArray() {
		unfree := false
		l.ForEach(func(_, e gjson.Result) bool {
			unfree = e.IsObject() && e.Get("free").Type == gjson.False
			return !unfree
		})
		return unfree
	}
	return l.IsObject() && l.Get("free").Type == gjson.False
}

// stripFlakePrefix turns nix search's "legacyPackages.x86_64-linux.firefox"
// into the attribute path a configuration uses, "firefox".
func stripFlakePrefix(attr string) string {
	for _, top := range []string{"legacyPackages.", "packages."} {
		if rest, ok := strings.CutPrefix(attr, top); ok {
			if i := strings.IndexByte(rest, '.'); i >= 0 {
				return rest[i+1:]
			}
		}
	}
	return attr
}

// NormalizeAttr turns an attribute path as Nix tools print it
// ("emacsPackages.ghub+", elements joined by dots) into Nix syntax, the
// form the fragment writes and the index keys on: elements that are not
// plain identifiers are quoted (emacsPackages."ghub+"). Paths with empty
// elements, or with bytes that have no business in a name (controls,
// quotes, backslashes, '$', spaces), are refused.
func NormalizeAttr(attr string) (string, bool) {
	if attr == "" || len(attr) > maxName {
		return "", false
	}
	var p fragment.Path
	for seg := range strings.SplitSeq(attr, ".") {
		if seg == "" {
			return "", false
		}
		for i := 0; i < len(seg); i++ {
			if c := seg[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\\' || c == '$' {
				return "", false
			}
		}
		p = append(p, seg)
	}
	return p.String(), true
}

// CanonicalAttr accepts an attribute path in Nix syntax
// (emacsPackages."ghub+") or as Nix tools print it (emacsPackages.ghub+)
// and returns the Nix syntax form.
func CanonicalAttr(attr string) (string, bool) {
	if p, err := fragment.ParsePath(attr); err == nil && len(attr) <= maxName {
		for _, e := range p {
			if e == "" || strings.ContainsAny(e, "\"\\$. \t\n\r") {
				return "", false
			}
		}
		return p.String(), true
	}
	return NormalizeAttr(attr)
}

// splitDrvName splits a derivation name the way Nix does: the version
// starts at the first dash that is followed by something other than a
// letter.
func splitDrvName(name, version string) (string, string) {
	for i := 0; i+1 < len(name); i++ {
		if name[i] == '-' {
			c := name[i+1]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				if version == "" {
					version = name[i+1:]
				}
				return name[:i], version
			}
		}
	}
	return name, version
}

// cleanField makes one line of valid UTF-8 without control characters,
// cut at max bytes on a character boundary.
func cleanField(s string, max int) string {
	s = strings.TrimSpace(s)
	clean := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f || s[i] >= 0x80 {
			clean = false
			break
		}
	}
	if !clean {
		var b strings.Builder
		space := false
		for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
			if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
				if !space {
					b.WriteByte(' ')
				}
				space = true
				continue
			}
			space = r == ' '
			b.WriteRune(r)
		}
		s = strings.TrimSpace(b.String())
	}
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = strings.TrimSpace(s[:cut]) + "…"
	}
	return s
}
