package guard_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun/nixruntest"
)

// hostileStrings are pieces of shell, Nix and Unicode trouble, placed
// into every slot of a request by TestHostileStringsReachNixSafely.
var hostileStrings = []string{
	`"`, `\`, `\"`, `"; rm -rf /; "`, `${x}`, `$x`, `$`, `$$`, `$${x}`, `\${x}`, `''`, `'`, `''${x}''`,
	`'''`, `"${`, `#`, `# comment`, `/*`, `*/`, `/* x */`, `{`, `}`, `[`, `]`, `(`, `)`, `=`, `:`, `,`,
	`.`, `..`, `...`, `a.b`, `a..b`, `.a`, `a.`, `"a"."b"`, `a."b"`, `a"b`, `x" + builtins.toString 1 + "`,
	`x"; }`, `import`, `builtins`, `true`, `false`, `null`, `or`, `if`, `rec`, `with`, `let`, `in`,
	`inherit`, `pkgs`, `lib`, `config`, `__curPos`, `__currentTime`, `__flattenIncludeHackHook`, `-`, `+`,
	`++`, `//`, `->`, `?`, `!`, `@`, `%`, `^`, `~`, `*`, `&`, `\n`, `\t`, `\\`, `\\\"`, `~/.ssh/id_rsa`,
	`/etc/passwd`, `./x`, `https://evil.example/x.sh?a=1&b=2`, `1e3`, `-1`, `0x10`, `1.5`,
	`9999999999999999999999`, `ä`, `日本`, `😀`, "e\u0301", `İ`, `ß`, "\u00a0", `a b`, `  spaced  `, ``,
	`"quoted"`, `'single'`, `“curly”`, strings.Repeat("x", 150), `%s`, `%!v`, `{{.}}`, `<script>`, "nul\x00",
	"cr\r", "a\tb", `ｆｕｌｌｗｉｄｔｈ`, `ǅ`, `emacsPackages.clang-format+`, `_1password-gui`, `a-b.c_d`,
	`x'y`, `a\b`, `@{x}`, `%{x}`, `$(x`, "`", `"\${x}"`, `''\${x}''`, `\\${x}`, `$\{x}`,
}

// slots are the places a string can sit in a request.
var slots = []string{
	"install %s", "remove %s", "install git %s vim", `install "%s"`, "install pkgs.%s",
	"set hostname to %s", `set hostname to "%s"`, "set timezone to %s",
	"set services.getty.greetingLine to %s", `set services.getty.greetingLine to "%s"`,
	`set services.getty.greetingLine to '%s'`, "set users.motd to %s", "set services.foo.%s to 1",
	"set %s to 1", "set services.foo.bar to %s", "enable %s", "enable services.%s", "search %s",
	"find %s please", "unset services.%s", "open port %s", "go back to generation %s", "keep %s generations",
	"set locale to %s", "set keyboard layout to %s", "set console keymap to %s", "allow %s through the firewall",
	"disable ssh password login %s", "delete generations older than %s every week",
}

// survivor is a request the guard let through, with what it must become
// in Nix.
type survivor struct {
	text   string
	in     intent.Intent
	expr   string // Nix expression
	expect any    // what it must evaluate to (JSON-decoded)
}

// TestHostileStringsReachNixSafely: a hostile string anywhere in a
// request is either refused, or becomes a value that the fragment
// renderer (and fragment.Quote) writes as Nix that `nix-instantiate
// --parse` accepts and `nix-instantiate --eval` evaluates to exactly the
// string the intent holds. Everything that got through runs in one Nix
// evaluation.
func TestHostileStringsReachNixSafely(t *testing.T) {
	nixruntest.RequireNix(t)
	opts := loadOptions(t)
	var survivors []survivor
	refused := 0
	var pkgPaths []fragment.Path
	for _, h := range hostileStrings {
		for _, slot := range slots {
			text := strings.ReplaceAll(slot, "%s", h)
			var cat guard.Catalog = opts
			if strings.Contains(slot, "services.foo") || slot == "set %s to 1" {
				cat = nil // made-up options: grammar only
			}
			got, in := judge(t, text, cat)
			if got != "" {
				refused++
				continue
			}
			ss, paths := survivorsOf(t, text, in)
			survivors = append(survivors, ss...)
			pkgPaths = append(pkgPaths, paths...)
		}
	}
	if len(survivors) < 100 {
		t.Fatalf("only %d requests got through; the test would prove little", len(survivors))
	}
	t.Logf("%d requests: %d refused or not understood, %d Nix values checked", len(hostileStrings)*len(slots), refused, len(survivors))

	expect := make([]any, len(survivors))
	for i, s := range survivors {
		expect[i] = s.expect
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := evalSurvivors(ctx, dir, pkgPaths, survivors)
	if err != nil {
		// Find the first request Nix refuses, to name it.
		lo, hi := 0, len(survivors)
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if _, err := evalSurvivors(ctx, dir, pkgPaths, survivors[lo:mid]); err != nil {
				hi = mid
			} else {
				lo = mid
			}
		}
		_, err1 := evalSurvivors(ctx, dir, pkgPaths, survivors[lo:lo+1])
		t.Fatalf("%v\nfirst failing request: %q (%+v): %v\n%s", err, survivors[lo].text, survivors[lo].in, err1, survivors[lo].expr)
	}
	var got []any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("reading Nix's JSON: %v", err)
	}
	if len(got) != len(expect) {
		t.Fatalf("Nix returned %d values for %d requests", len(got), len(expect))
	}
	want, _ := json.Marshal(expect)
	var wantJSON []any
	if err := json.Unmarshal(want, &wantJSON); err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], wantJSON[i]) {
			t.Errorf("request %q (%+v):\n Nix gave %#v\n want     %#v", survivors[i].text, survivors[i].in, got[i], wantJSON[i])
		}
	}
}

// evalSurvivors writes the rendered values into one Nix file, has
// nix-instantiate parse it, then evaluates it to JSON.
func evalSurvivors(ctx context.Context, dir string, pkgPaths []fragment.Path, survivors []survivor) ([]byte, error) {
	var src strings.Builder
	src.WriteString("let\n  stub = ")
	writeStub(&src, pkgPaths)
	src.WriteString(";\n  call = f: f { pkgs = stub; };\n")
	src.WriteString("  get = s: path: builtins.foldl' (a: k: builtins.getAttr k a) s path;\n")
	src.WriteString("  names = l: map (p: p.\" name\") l;\nin [\n")
	for i, s := range survivors {
		fmt.Fprintf(&src, "# %d: %s\n(%s)\n", i, strings.Map(func(r rune) rune {
			if r < 0x20 || r == 0x2028 || r == 0x2029 || r == 0x85 {
				return ' '
			}
			return r
		}, s.text), s.expr)
	}
	src.WriteString("]\n")
	file := filepath.Join(dir, "hostile.nix")
	if err := os.WriteFile(file, []byte(src.String()), 0o644); err != nil {
		return nil, err
	}
	if out, err := exec.CommandContext(ctx, "nix-instantiate", "--parse", file).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("nix-instantiate --parse refused the rendered values: %v\n%s", err, tail(out))
	}
	out, err := exec.CommandContext(ctx, "nix-instantiate", "--eval", "--strict", "--json", file).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		return nil, fmt.Errorf("nix-instantiate --eval: %v\n%s", err, tail(stderr))
	}
	return out, nil
}

func tail(b []byte) string {
	if len(b) > 3000 {
		b = b[len(b)-3000:]
	}
	return string(b)
}

// survivorsOf renders an allowed intent the way ask-nix will write it.
func survivorsOf(t *testing.T, text string, in intent.Intent) ([]survivor, []fragment.Path) {
	t.Helper()
	quoted := func(s string) survivor {
		return survivor{text: text, in: in, expr: fragment.Quote(s), expect: s}
	}
	switch in.Kind {
	case intent.Search:
		return []survivor{quoted(in.Query)}, nil
	case intent.Install, intent.Remove:
		f := fragment.New()
		var refs []fragment.Path
		for _, p := range in.Packages {
			ref, err := fragment.ParsePath(p)
			if err != nil {
				t.Fatalf("%q: guard allowed %q, which the fragment cannot read: %v", text, p, err)
			}
			refs = append(refs, ref)
		}
		if _, err := f.AddPackages(refs...); err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		// The list keeps the order the renderer gives it.
		var order []any
		for _, r := range f.Packages() {
			order = append(order, r.String())
		}
		return []survivor{{text: text, in: in, expect: order,
			expr: fmt.Sprintf("names (get (call (%s)) [ \"environment\" \"systemPackages\" ])", f.Render())}}, refs
	case intent.EnableService, intent.DisableService, intent.SetOption:
		if in.Change == intent.ChangeUnset {
			return nil, nil
		}
		path, err := fragment.ParsePath(in.Option)
		if err != nil {
			t.Fatalf("%q: guard allowed option %q, which the fragment cannot read: %v", text, in.Option, err)
		}
		f := fragment.New()
		var v fragment.Value
		var expect any
		switch x := in.Value.(type) {
		case nil:
			v, expect = fragment.Bool(in.Kind == intent.EnableService), in.Kind == intent.EnableService
		case bool:
			v, expect = fragment.Bool(x), x
		case int64:
			v, expect = fragment.Int(x), x
		case string:
			v, expect = fragment.String(x), x
		case map[string]any:
			// A merge: each name under the option, set on its own.
			if in.Change != intent.ChangeMerge {
				t.Fatalf("%q: an object value with change %q", text, in.Change)
			}
			for name, item := range x {
				var iv fragment.Value
				switch item := item.(type) {
				case bool:
					iv = fragment.Bool(item)
				case int64:
					iv = fragment.Int(item)
				case string:
					iv = fragment.String(item)
				default:
					t.Fatalf("%q: merged value %T", text, item)
				}
				if _, _, err := f.Set(append(slices.Clip(path), name), iv); err != nil {
					t.Fatalf("%q: %v", text, err)
				}
			}
			expect = x
		default:
			t.Fatalf("%q: value %T", text, in.Value)
		}
		switch in.Change {
		case intent.ChangeMerge: // set above, name by name
		case intent.ChangeAdd, intent.ChangeRemove:
			if _, err := f.AddToList(path, v); err != nil {
				t.Fatalf("%q: %v", text, err)
			}
			expect = []any{expect}
		default:
			if _, _, err := f.Set(path, v); err != nil {
				t.Fatalf("%q: %v", text, err)
			}
		}
		var elems []string
		for _, e := range path {
			elems = append(elems, fragment.Quote(e))
		}
		ss := []survivor{{text: text, in: in, expect: expect,
			expr: fmt.Sprintf("get (call (%s)) [ %s ]", f.Render(), strings.Join(elems, " "))}}
		if s, ok := in.Value.(string); ok {
			ss = append(ss, quoted(s))
		}
		if in.Service != "" {
			ss = append(ss, quoted(in.Service))
		}
		return ss, nil
	}
	return nil, nil
}

// writeStub writes a stand-in for pkgs: every package path leads to an
// attribute set whose " name" (a key no package name can have) is the
// path itself, so the test sees which attribute the fragment really
// refers to.
func writeStub(b *strings.Builder, paths []fragment.Path) {
	type node struct {
		name     string
		children map[string]*node
	}
	root := &node{children: map[string]*node{}}
	for _, p := range paths {
		n := root
		for _, e := range p {
			c := n.children[e]
			if c == nil {
				c = &node{children: map[string]*node{}}
				n.children[e] = c
			}
			n = c
		}
		n.name = p.String()
	}
	var write func(n *node)
	write = func(n *node) {
		b.WriteString("{ ")
		if n.name != "" {
			fmt.Fprintf(b, "%s = %s; ", fragment.Quote(" name"), fragment.Quote(n.name))
		}
		keys := make([]string, 0, len(n.children))
		for k := range n.children {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.WriteString(fragment.Quote(k))
			b.WriteString(" = ")
			write(n.children[k])
			b.WriteString("; ")
		}
		b.WriteString("}")
	}
	write(root)
}

// TestBuiltinNamesCoverNix asks the installed Nix which builtins it has:
// each must be refused as a package name under its global __ name, and
// each unprefixed global the guard refuses must really be bound.
func TestBuiltinNamesCoverNix(t *testing.T) {
	nixruntest.RequireNix(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "nix-instantiate", "--eval", "--json", "-E", "builtins.attrNames builtins").Output()
	if err != nil {
		t.Fatalf("nix-instantiate: %v", err)
	}
	var names []string
	if err := json.Unmarshal(out, &names); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if err := guard.CheckPackageName("__" + n); err == nil {
			t.Errorf("__%s is bound by Nix but passes as a package name", n)
		}
	}
	globals := []string{"abort", "baseNameOf", "builtins", "derivation", "dirOf", "false", "fetchGit",
		"fetchMercurial", "fetchTarball", "fromTOML", "import", "isNull", "map", "null", "placeholder",
		"removeAttrs", "scopedImport", "throw", "toString", "true", "__curPos"}
	expr := "[ " + strings.Join(globals, " ") + " ]"
	if out, err := exec.CommandContext(ctx, "nix-instantiate", "--parse", "-E", expr).CombinedOutput(); err != nil {
		t.Fatalf("a name the guard takes for a Nix global is not one: %v\n%s", err, out)
	}
	for _, g := range globals {
		if err := guard.CheckPackageName(g); err == nil {
			t.Errorf("%s is a Nix global but passes as a package name", g)
		}
	}
}
