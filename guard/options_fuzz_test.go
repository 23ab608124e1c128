package guard_test

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/nix-humanity/nix-humanity/guard"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

// FuzzReadOptions feeds options.json contents as Nix writes them, or
// damaged: reading never panics, the gzip-compressed file reads as the
// plain one does, and every option read is found again by its path
// written as Nix source, with the type the file gave it last.
func FuzzReadOptions(f *testing.F) {
	// Entries of nixmodule/testdata/nixos-options.json.gz, cut to what
	// is read.
	f.Add([]byte(`{"services.openssh.enable": {"declarations": ["nixos/modules/services/networking/ssh/sshd.nix"], "description": "Whether to enable the OpenSSH secure shell daemon.", "loc": ["services", "openssh", "enable"], "readOnly": false, "type": "boolean"}}`))
	f.Add([]byte(`{"users.users.<name>.shell": {"loc": ["users", "users", "<name>", "shell"], "type": "null or package or (path, not containing newlines or colons)"},
"boot.kernel.sysctl": {"loc": ["boot", "kernel", "sysctl"], "type": "attribute set of (sysctl option value)"},
"boot.kernel.sysctl.\"net.core.rmem_max\"": {"loc": ["boot", "kernel", "sysctl", "net.core.rmem_max"], "type": "null or (unsigned integer, meaning >=0)"},
"services.nginx.virtualHosts.<name>.root": {"loc": ["services", "nginx", "virtualHosts", "<name>", "root"], "type": "null or path"},
"nixpkgs.config": {"loc": ["nixpkgs", "config"], "type": "nixpkgs config"},
"services.blocky.settings": {"loc": ["services", "blocky", "settings"], "type": "YAML value"}}`))
	f.Add([]byte(`{"time.timeZone": {"type": "null or string without spaces"}}`))
	f.Add([]byte(`{"a": {"loc": [], "type": "boolean"}}`))
	f.Add([]byte(`{"a": {"loc": ["a"], "type": 1}}`))
	f.Add([]byte(`{"a": {"loc": ["a", 2, null, ""], "type": "x"}, "a.b": {"loc": ["a"], "type": "y"}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte("\x1f\x8b"))
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := guard.ReadOptions(data)
		if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			zw.Write(data)
			zw.Close()
			oz, zerr := guard.ReadOptions(z.Bytes())
			if (err == nil) != (zerr == nil) || err != nil && err.Error() != zerr.Error() {
				t.Fatalf("plain: %v; gzip-compressed: %v", err, zerr)
			}
			if err == nil && o.Len() != oz.Len() {
				t.Fatalf("plain: %d options; gzip-compressed: %d", o.Len(), oz.Len())
			}
		}
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error that says nothing")
			}
			return
		}
		// The type each path was given last, when no path has a
		// placeholder (which answer for other paths too).
		last := map[string]string{}
		placeholders := false
		entries := 0
		gjson.ParseBytes(data).ForEach(func(key, val gjson.Result) bool {
			entries++
			var loc fragment.Path
			if l := val.Get("loc"); l.IsArray() {
				for _, e := range l.Array() {
					loc = append(loc, e.String())
				}
			} else {
				loc = strings.Split(key.String(), ".") // as ReadOptions reads a key
			}
			for _, e := range loc {
				if len(e) > 2 && e[0] == '<' && e[len(e)-1] == '>' {
					placeholders = true
				}
			}
			last[loc.String()] = val.Get("type").String()
			return true
		})
		if o.Len() > entries || o.Len() != len(last) && !placeholders {
			t.Fatalf("%d options read from %d entries, %d paths", o.Len(), entries, len(last))
		}
		for path, typ := range last {
			got, ok := o.Option(path)
			if !ok {
				t.Fatalf("option %s read, but Option(%q) finds nothing", path, path)
			}
			if !placeholders && got != typ {
				t.Fatalf("Option(%q) = %q, want %q", path, got, typ)
			}
		}
	})
}
