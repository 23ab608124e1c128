package source

import (
	"errors"
	"regexp"
	"strings"
	"sync"

	"github.com/tidwall/gjson"
)

// Option is one NixOS option as the index keeps it.
type Option struct {
	// Name is the option path in Nix syntax, with placeholders for
	// attribute-set members as NixOS writes them:
	// users.users.<name>.isNormalUser, boot.kernel.sysctl."net.core.rmem_max".
	Name string
	// Loc is the path one element per name (Name split, quotes removed).
	Loc         []string
	Type        string
	Description string // first paragraph, one line
	ReadOnly    bool
	// AliasOf is the option this one renames ("services.sshd.enable" is
	// an alias of "services.openssh.enable"), if its description says so.
	AliasOf string
}

// Compiled on first use, not at every ask-nix start.
var aliasRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile("^Alias of \\{option\\}`([^`]+)`") })

// ParseOptions reads a NixOS options.json (after decompression, see
// Decompress): an object of option name -> {type, description, loc,
// readOnly, ...}. Entries whose name cannot be a NixOS option path are
// skipped and counted. The options' strings share data's memory: data
// must not change after.
func ParseOptions(data []byte) (opts []Option, skipped int, err error) {
	if nameList(data) {
		return nil, 0, errors.New("this is a list of names, one a line, not an options.json: the index needs each option's type and description too. Give NixOS's options.json (under the NixOS module, the optionsJson setting names it: ask-nix config shows it)")
	}
	if err := validJSON(data); err != nil {
		return nil, 0, err
	}
	root := parseJSON(data)
	if !root.IsObject() {
		return nil, 0, errors.New("not an options.json: the JSON is not an object")
	}
	if p := root.Get("packages"); p.IsObject() && root.Get("version").Exists() {
		return nil, 0, errors.New("this is a channel's packages.json (a package list), not an options.json: give it as --from, and as --options-from NixOS's options.json")
	}
	var seen shape
	root.ForEach(func(k, v gjson.Result) bool {
		if !v.IsObject() {
			skipped++
			return true
		}
		o := Option{Name: k.String()}
		var loc []string
		var hasLoc, isPkg, isOpt bool
		v.ForEach(func(fk, fv gjson.Result) bool {
			pkg, opt := shapeKey(fk.Str)
			isPkg, isOpt = isPkg || pkg, isOpt || opt
			switch fk.Str {
			case "type":
				o.Type = fv.String()
			case "description":
				o.Description = fv.String()
				if fv.IsObject() { // older NixOS: {"_type": "mdDoc", "text": ...}
					o.Description = fv.Get("text").String()
				}
			case "readOnly":
				o.ReadOnly = fv.Bool()
			case "loc":
				hasLoc = fv.IsArray()
				fv.ForEach(func(_, e gjson.Result) bool {
					loc = append(loc, e.String())
					return true
				})
			}
			return true
		})
		seen.count(isPkg, isOpt)
		if !hasLoc {
			var err error
			loc, err = splitOptionName(o.Name)
			if err != nil {
				skipped++
				return true
			}
		}
		if !validLoc(loc) || len(o.Name) > 1024 {
			skipped++
			return true
		}
		o.Loc = loc
		if m := aliasRE().FindStringSubmatch(o.Description); m != nil {
			o.AliasOf = m[1]
		}
		o.Description = cleanField(firstParagraph(o.Description), MaxDescription)
		o.Type = cleanField(o.Type, 4096)
		opts = append(opts, o)
		return true
	})
	if seen.packages > 0 && seen.options == 0 {
		return nil, 0, errors.New("this is a package list (entries with a name, pname, version or meta, and none with an option's type or loc), not an options.json: give it as --from, and as --options-from NixOS's options.json")
	}
	if len(opts) == 0 {
		return nil, skipped, errors.New("not an options.json: it declares no options")
	}
	return opts, skipped, nil
}

func validLoc(loc []string) bool {
	if len(loc) == 0 || len(loc) > 64 {
		return false
	}
	for _, e := range loc {
		if e == "" || len(e) > 255 || strings.ContainsAny(e, "\x00\n") {
			return false
		}
	}
	return true
}

// splitOptionName splits a dotted option name whose quoted elements may
// contain dots; placeholders like <name> stay as they are.
func splitOptionName(name string) ([]string, error) {
	var out []string
	i := 0
	for {
		var b strings.Builder
		if i < len(name) && name[i] == '"' {
			i++
			for i < len(name) && name[i] != '"' {
				if name[i] == '\\' && i+1 < len(name) {
					i++
				}
				b.WriteByte(name[i])
				i++
			}
			if i >= len(name) {
				return nil, errors.New("unterminated quote")
			}
			i++
		} else {
			for i < len(name) && name[i] != '.' {
				b.WriteByte(name[i])
				i++
			}
		}
		if b.Len() == 0 {
			return nil, errors.New("empty element")
		}
		out = append(out, b.String())
		if i == len(name) {
			return out, nil
		}
		if name[i] != '.' {
			return nil, errors.New("expected '.'")
		}
		i++
	}
}

// firstParagraph keeps the description up to its first blank line, as
// one line.
func firstParagraph(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}
