package guard

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// moduleArgs are the arguments a NixOS module is called with; the
// fragment's `{ pkgs, ... }:` (or a hand-edited `{ config, lib, ... }:`)
// binds them, and they too shadow `with pkgs`.
var moduleArgs = map[string]bool{
	"pkgs": true, "lib": true, "config": true, "options": true,
	"modulesPath": true, "specialArgs": true, "utils": true,
}

// CheckPackageName checks one package name: a nixpkgs attribute path
// such as firefox, python3Packages.requests, nerd-fonts.fira-code,
// _1password-gui or emacsPackages."clang-format+" (the quotes may be left
// out: emacsPackages.clang-format+). Every name in nixpkgs passes; shell
// and Nix syntax does not.
func CheckPackageName(name string) error {
	if r := checkPackageName(name); r != nil {
		return r
	}
	return nil
}

func checkPackageName(name string) *Rejection {
	if name == "" {
		return reject(CodeBadPackageName, "empty package name")
	}
	if r := checkText(name, "package name", MaxName); r != nil {
		return r
	}
	var first string
	for i, elem := 0, 0; i <= len(name); elem++ {
		var e string
		if i < len(name) && name[i] == '"' {
			j := strings.IndexByte(name[i+1:], '"')
			if j < 0 {
				return reject(CodeBadPackageName, "%q is not a package name: a quote is not closed", name)
			}
			e = name[i+1 : i+1+j]
			if e == "" {
				return reject(CodeBadPackageName, "%q is not a package name: empty quoted name", name)
			}
			for k := 0; k < len(e); k++ {
				if !quotedAttrByte(e[k]) {
					return reject(CodeBadPackageName, "%q is not a package name: %s is not allowed in a package name", name, showByte(e, k))
				}
			}
			i += j + 2
		} else {
			j := strings.IndexByte(name[i:], '.')
			if j < 0 {
				j = len(name) - i
			}
			e = name[i : i+j]
			if e == "" {
				if i == 0 {
					return reject(CodeBadPackageName, "%q is not a package name: it starts with a dot", name)
				}
				return reject(CodeBadPackageName, "%q is not a package name: empty name between dots", name)
			}
			c := e[0]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
				if bareAttrByte(c) {
					return reject(CodeBadPackageName, "%q is not a package name: a name starts with a letter or _, not %s", name, showByte(e, 0))
				}
				return reject(CodeBadPackageName, "%q is not a package name: %s is not allowed in a package name", name, showByte(e, 0))
			}
			for k := 1; k < len(e); k++ {
				if !bareAttrByte(e[k]) {
					return reject(CodeBadPackageName, "%q is not a package name: %s is not allowed in a package name", name, showByte(e, k))
				}
			}
			i += j
		}
		if elem == 0 {
			first = e
		}
		if i == len(name) {
			break
		}
		if name[i] != '.' {
			return reject(CodeBadPackageName, "%q is not a package name: expected a dot after %q", name, e)
		}
		i++
		if i == len(name) {
			return reject(CodeBadPackageName, "%q is not a package name: it ends with a dot", name)
		}
	}
	if fragment.IsNixGlobal(first) || (strings.HasPrefix(first, "__") && builtinNames()[first[2:]]) {
		return reject(CodeBadPackageName, "%q is not a package name: %s is a Nix builtin", name, first)
	}
	if moduleArgs[first] {
		return reject(CodeBadPackageName, "%q is not a package name: %s is a NixOS module argument", name, first)
	}
	return nil
}

// bareAttrByte: what nixpkgs attribute names are made of. '+' is not
// valid bare Nix, but nixpkgs has names like clang-format+; the fragment
// renderer quotes them.
func bareAttrByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c == '+'
}

func quotedAttrByte(c byte) bool { return bareAttrByte(c) || c == '.' }

// showByte names the offending character at s[k] for a reason.
func showByte(s string, k int) string {
	r, _ := utf8.DecodeRuneInString(s[k:])
	if r == ' ' {
		return "a space"
	}
	if r == utf8.RuneError {
		return "a byte that is not UTF-8"
	}
	return strconv.Quote(string(r))
}

// reservedOptionRoots are module-system names, not options: setting them
// from a request would change what the module is, not what it configures.
var reservedOptionRoots = map[string]bool{
	"imports": true, "disabledModules": true, "_module": true, "_file": true,
	"key": true, "options": true, "config": true, "freeformType": true,
}

// CheckOptionPath checks a NixOS option path's grammar:
// services.openssh.enable, boot.kernel.sysctl."net.ipv4.ip_forward".
func CheckOptionPath(path string) error {
	if r := checkOptionPath(path); r != nil {
		return r
	}
	return nil
}

func checkOptionPath(path string) *Rejection {
	if path == "" {
		return reject(CodeBadOption, "empty option name")
	}
	if r := checkText(path, "option name", MaxOption); r != nil {
		return r
	}
	p, err := fragment.ParsePath(path)
	if err != nil {
		return reject(CodeBadOption, "%q is not a NixOS option name: write it as in Nix, like services.openssh.enable", path)
	}
	for _, e := range p {
		if e == "" {
			// Nix allows a."" but no NixOS option has an empty name, and
			// the fragment writes none.
			return reject(CodeBadOption, "%q is not a NixOS option name: a part of it is empty", path)
		}
		for k := 0; k < len(e); k++ {
			if c := e[k]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '$' || c == '`' {
				return reject(CodeBadOption, "%q is not a NixOS option name: %s is not allowed in an option name", path, showByte(e, k))
			}
		}
	}
	if reservedOptionRoots[p[0]] {
		return reject(CodeBadOption, "%s is part of the module system, not a NixOS option", p[0])
	}
	return nil
}
