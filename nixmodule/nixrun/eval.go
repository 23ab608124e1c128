package nixrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Derivation is an evaluated system: the .drv in the store and the path
// its "out" output will have once built. Knowing the output before
// building is what lets a pass stop when the system is already current.
type Derivation struct {
	DrvPath string
	OutPath string
	// WroteLock is the flake.lock the evaluation of a flake wrote, as
	// Nix said ("warning: creating lock file '...'", "updating lock
	// file"): a flake locked for the first time, or an input added.
	WroteLock string
}

// InstantiateRequest evaluates a non-flake Nix file or folder.
type InstantiateRequest struct {
	// File is a file, a folder with default.nix, or a lookup path such
	// as "<nixpkgs/nixos>".
	File string
	// Attr is the attribute path to evaluate; "" takes the file's value.
	Attr string
	// Root, if set, becomes a GC root (a symlink) for the .drv, so a
	// garbage collection between evaluation and build cannot take it.
	Root string
}

// Instantiate runs nix-instantiate and returns the derivation.
func Instantiate(ctx context.Context, r Runner, req InstantiateRequest) (Derivation, error) {
	if req.File == "" {
		return Derivation{}, errors.New("nix-instantiate: no file to evaluate")
	}
	argv := []string{"nix-instantiate", req.File}
	if req.Attr != "" {
		argv = append(argv, "-A", req.Attr)
	}
	if req.Root != "" {
		argv = append(argv, "--add-root", req.Root)
	}
	res, err := r.Run(ctx, Cmd{Argv: argv})
	if err != nil {
		return Derivation{}, err
	}
	var drv string
	if req.Root != "" {
		// With --add-root, Nix prints the root; the root points at the
		// derivation.
		drv, err = os.Readlink(req.Root)
		if err != nil {
			return Derivation{}, fmt.Errorf("nix-instantiate left no GC root at %s: %w", req.Root, err)
		}
	} else {
		drv = lastLine(res.Stdout)
	}
	return derivation(drv)
}

// EvalFlakeDrv evaluates a flake output's derivation with `nix eval --raw
// <installable>.drvPath`. Evaluating drvPath writes the .drv to the store.
func EvalFlakeDrv(ctx context.Context, r Runner, installable string) (Derivation, error) {
	if !strings.Contains(installable, "#") {
		return Derivation{}, fmt.Errorf("%q is not a flake output (flake#attribute)", installable)
	}
	res, err := r.Run(ctx, Cmd{Argv: []string{"nix", "eval", "--raw", installable + ".drvPath"}})
	if err != nil {
		return Derivation{}, err
	}
	d, err := derivation(strings.TrimSpace(string(res.Stdout)))
	d.WroteLock = wroteLock(res.Stderr)
	return d, err
}

// wroteLock is the lock file Nix says it created or updated as it
// evaluated a flake ("warning: creating lock file '/etc/nixos/flake.lock'",
// "warning: updating lock file '...':"), "" when it says none.
func wroteLock(stderr []byte) string {
	for _, line := range strings.Split(string(stderr), "\n") {
		line = strings.TrimSpace(line)
		for _, verb := range []string{"creating", "updating"} {
			rest, ok := strings.CutPrefix(line, "warning: "+verb+" lock file '")
			if !ok {
				continue
			}
			if path, _, ok := strings.Cut(rest, "'"); ok && strings.HasSuffix(path, "flake.lock") {
				return path
			}
		}
	}
	return ""
}

func derivation(drv string) (Derivation, error) {
	if !strings.HasSuffix(drv, ".drv") || !strings.HasPrefix(drv, "/") {
		return Derivation{}, fmt.Errorf("evaluation gave %q, not a derivation (does the attribute name a system?)", drv)
	}
	data, err := os.ReadFile(drv)
	if err != nil {
		return Derivation{}, fmt.Errorf("reading %s: %w", drv, err)
	}
	outs, err := ParseDrvOutputs(data)
	if err != nil {
		return Derivation{}, fmt.Errorf("%s: %w", drv, err)
	}
	out, ok := outs["out"]
	if !ok || out == "" {
		return Derivation{}, fmt.Errorf("%s has no fixed \"out\" output", drv)
	}
	return Derivation{DrvPath: drv, OutPath: out}, nil
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// ParseDrvOutputs reads the outputs of a .drv file (Nix's ATerm form,
// `Derive([("out","/nix/store/...","",""),...],...)`): name to path.
// Reading the file directly saves a nix-store process per pass.
func ParseDrvOutputs(data []byte) (map[string]string, error) {
	p := aterm{s: string(data)}
	if !p.eat("Derive([") {
		return nil, errors.New("not a derivation file")
	}
	outs := map[string]string{}
	for !p.eat("]") {
		if len(outs) > 0 && !p.eat(",") {
			return nil, p.fail("expected , or ]")
		}
		if !p.eat("(") {
			return nil, p.fail("expected (")
		}
		var fields [4]string
		for i := range fields {
			if i > 0 && !p.eat(",") {
				return nil, p.fail("expected ,")
			}
			s, err := p.str()
			if err != nil {
				return nil, err
			}
			fields[i] = s
		}
		if !p.eat(")") {
			return nil, p.fail("expected )")
		}
		outs[fields[0]] = fields[1]
		if len(outs) > 1024 {
			return nil, errors.New("too many outputs")
		}
	}
	return outs, nil
}

type aterm struct {
	s   string
	pos int
}

func (p *aterm) eat(lit string) bool {
	if strings.HasPrefix(p.s[p.pos:], lit) {
		p.pos += len(lit)
		return true
	}
	return false
}

func (p *aterm) fail(msg string) error {
	return fmt.Errorf("derivation file at byte %d: %s", p.pos, msg)
}

// str reads a quoted ATerm string with \" \\ \n \r \t escapes.
func (p *aterm) str() (string, error) {
	if !p.eat(`"`) {
		return "", p.fail("expected a string")
	}
	var b strings.Builder
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		p.pos++
		switch c {
		case '"':
			return b.String(), nil
		case '\\':
			if p.pos >= len(p.s) {
				return "", p.fail("unfinished escape")
			}
			e := p.s[p.pos]
			p.pos++
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", p.fail("unfinished string")
}

// EvalJSON evaluates values strictly and returns Nix's JSON output:
// attributes Attrs of a non-flake File (`nix-instantiate --eval --strict
// --json FILE -A a -A b`: one process, the values printed one after
// another), or the flake output Installable (`nix eval --json`), with
// Apply applied to it when set.
func EvalJSON(ctx context.Context, r Runner, req EvalJSONRequest) ([]byte, error) {
	var argv []string
	switch {
	case req.Installable != "":
		if !strings.Contains(req.Installable, "#") {
			return nil, fmt.Errorf("%q is not a flake output (flake#attribute)", req.Installable)
		}
		argv = []string{"nix", "eval", "--json", req.Installable}
		if req.Apply != "" {
			argv = append(argv, "--apply", req.Apply)
		}
	case req.File != "":
		argv = []string{"nix-instantiate", "--eval", "--strict", "--json", req.File}
		for _, a := range req.Attrs {
			argv = append(argv, "-A", a)
		}
	default:
		return nil, errors.New("nothing to evaluate: no file and no flake output")
	}
	res, err := r.Run(ctx, Cmd{Argv: argv})
	if err != nil {
		return nil, err
	}
	return bytes.TrimSpace(res.Stdout), nil
}

// EvalJSONRequest names what EvalJSON evaluates: a flake output, or
// attributes of a file (none: the file's value).
type EvalJSONRequest struct {
	Installable string
	// Apply is a Nix function applied to the flake output (nix eval
	// --apply). It is never made from user text.
	Apply string
	File  string
	Attrs []string
}
