package sysinfo

import (
	"encoding/json"
	"math"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// osReleaseQuote writes a value the way NixOS writes /etc/os-release
// (os-release(5)): in double quotes, with \ before $ " \ and `.
func osReleaseQuote(v string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		if strings.IndexByte("$\"\\`", v[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(v[i])
	}
	b.WriteByte('"')
	return b.String()
}

// FuzzOSRelease feeds /etc/os-release contents: reading never panics and
// gives one line; a PRETTY_NAME written as NixOS writes it reads back as
// itself.
func FuzzOSRelease(f *testing.F) {
	f.Add([]byte("NAME=NixOS\nPRETTY_NAME=\"NixOS 24.11 (Vicuna)\"\n"), "NixOS 24.11 (Vicuna)")
	f.Add([]byte("NAME='Other'\nVERSION=\"1\"\n"), `say "hi"`)
	f.Add([]byte("PRETTY_NAME=\"\"\nNAME=\"\n"), `ends in a quote"`)
	f.Add([]byte("=\n==\nPRETTY_NAME\n"), `back\slash $HOME `+"`x`")
	f.Add([]byte("PRETTY_NAME="+strings.Repeat("x", 70000)+"\n"), "'single'")
	f.Fuzz(func(t *testing.T, data []byte, pretty string) {
		if got := parseOSRelease(data); strings.ContainsAny(got, "\n") {
			t.Fatalf("name %q is more than one line", got)
		}
		if pretty == "" || strings.ContainsFunc(pretty, unicode.IsControl) {
			return
		}
		file := "NAME=NixOS\nPRETTY_NAME=" + osReleaseQuote(pretty) + "\nVERSION_ID=\"1\"\n"
		if got := parseOSRelease([]byte(file)); got != pretty {
			t.Fatalf("PRETTY_NAME %q read back as %q from\n%s", pretty, got, file)
		}
	})
}

// FuzzUptime feeds /proc/uptime contents: the seconds read are a number
// ask-nix info --json can print (finite) and not negative.
func FuzzUptime(f *testing.F) {
	for _, s := range []string{"12345.67 23456.78\n", "", "nan 1", "inf", "-5 1", "1e400", "0x1p3", "1e12 1", "9223372036 0"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v := parseUptime(data)
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || time.Duration(v)*time.Second < 0 {
			t.Fatalf("uptime %v from %q", v, data)
		}
		if _, err := json.Marshal(Info{UptimeSeconds: v}); err != nil {
			t.Fatalf("uptime %v from %q does not print: %v", v, data, err)
		}
	})
}

// FuzzNixVersion feeds `nix --version` outputs: the version read is one
// line, and a version in the usual output reads back as itself.
func FuzzNixVersion(f *testing.F) {
	f.Add([]byte("nix (Nix) 2.24.10\n"), "2.24.10")
	f.Add([]byte("nix (Nix) 2.26.0pre20250101_abcdef\n"), "2.3")
	f.Add([]byte("something\nelse\n"), "3.0.0-rc1")
	f.Add([]byte(""), "")
	f.Fuzz(func(t *testing.T, out []byte, version string) {
		if got := parseNixVersion(out); strings.Contains(got, "\n") {
			t.Fatalf("version %q from %q is more than one line", got, out)
		}
		if !regexp.MustCompile(`^\d+\.\d+(\.\d+)?\S*$`).MatchString(version) {
			return
		}
		if got := parseNixVersion([]byte("nix (Nix) " + version + "\n")); got != version {
			t.Fatalf("version %q read back as %q", version, got)
		}
	})
}

// FuzzLockedNixpkgs feeds flake.lock contents: the date read is a
// calendar date or nothing, and a lock as Nix writes it reads back its
// revision and date.
func FuzzLockedNixpkgs(f *testing.F) {
	f.Add([]byte(`{"nodes": {"nixpkgs": {"locked": {"rev": "abc", "lastModified": 1732000000}}}, "root": "root", "version": 7}`), "abc", int64(1732000000))
	f.Add([]byte(`{"nodes": {"nixpkgs": {"locked": {"lastModified": 9223372036854775807}}}}`), "", int64(253402300799))
	f.Add([]byte(`{"nodes": {"nixpkgs": {"locked": {"lastModified": -1}}}}`), "x", int64(0))
	f.Add([]byte(`{"nodes": {"nixpkgs": null}}`), "x", int64(-1))
	f.Fuzz(func(t *testing.T, data []byte, rev string, modified int64) {
		_, date := parseLockedNixpkgs(data)
		if date != "" && !regexp.MustCompile(`^\d{4}-\d\d-\d\d$`).MatchString(date) {
			t.Fatalf("date %q from %q", date, data)
		}
		if !utf8.ValidString(rev) {
			return // Nix writes JSON text
		}
		lock, err := json.Marshal(map[string]any{"nodes": map[string]any{"nixpkgs": map[string]any{"locked": map[string]any{"rev": rev, "lastModified": modified}}}})
		if err != nil {
			t.Fatal(err)
		}
		gotRev, gotDate := parseLockedNixpkgs(lock)
		if gotRev != rev {
			t.Fatalf("revision %q read back as %q", rev, gotRev)
		}
		want := ""
		if at := time.Unix(modified, 0).UTC(); modified > 0 && at.Year() <= 9999 {
			want = at.Format("2006-01-02")
		}
		if gotDate != want {
			t.Fatalf("lastModified %d read as %q, want %q", modified, gotDate, want)
		}
	})
}

// FuzzChannelURL feeds root's .nix-channels contents: the URL read is one
// word, named on a line with the channel's name, and a line as
// nix-channel writes it ("URL NAME") reads back.
func FuzzChannelURL(f *testing.F) {
	f.Add([]byte("https://nixos.org/channels/nixos-24.11 nixos\n"), "nixos", "https://nixos.org/channels/nixos-unstable")
	f.Add([]byte("a b c\n nixos\nnixos\n"), "nixos", "x")
	f.Add([]byte(""), "", "")
	f.Fuzz(func(t *testing.T, data []byte, name, url string) {
		if got := parseChannelURL(data, name); got != "" {
			if strings.ContainsFunc(got, unicode.IsSpace) {
				t.Fatalf("URL %q is more than one word", got)
			}
			found := false
			for _, l := range strings.Split(string(data), "\n") {
				if f := strings.Fields(l); len(f) == 2 && f[0] == got && f[1] == name {
					found = true
				}
			}
			if !found {
				t.Fatalf("URL %q is on no line with %q", got, name)
			}
		}
		if name == "" || url == "" || strings.ContainsFunc(name+url, unicode.IsSpace) {
			return
		}
		file := "https://example.org/other other\n" + url + " " + name + "\n"
		if got := parseChannelURL([]byte(file), name); got != url {
			t.Fatalf("channel %q at %q read back as %q", name, url, got)
		}
	})
}

// FuzzParseHead feeds a git HEAD's contents (the flake's checkout, which
// ask-nix info reads without git): a ref read is a path under refs/ that
// stays there (it names the file read next), a commit read is a commit
// id, and HEAD as git writes it reads back.
func FuzzParseHead(f *testing.F) {
	f.Add([]byte("ref: refs/heads/main\n"), "main")
	f.Add([]byte("0123456789abcdef0123456789abcdef01234567\n"), "feature/x")
	f.Add([]byte("ref: ../../../etc/shadow\n"), "a..b")
	f.Add([]byte("ref: refs/../../x"), "-")
	f.Add([]byte("ref: refs/heads/a b\n"), "")
	f.Fuzz(func(t *testing.T, data []byte, branch string) {
		rev, ref := parseHead(data)
		if rev != "" && commitID(rev) != rev {
			t.Fatalf("revision %q from %q is no commit id", rev, data)
		}
		if ref != "" && (!strings.HasPrefix(ref, "refs/") || !filepath.IsLocal(ref) || strings.Contains(filepath.Clean(ref), "..")) {
			t.Fatalf("ref %q from %q leaves refs/", ref, data)
		}
		if rev != "" && ref != "" {
			t.Fatalf("both a revision %q and a ref %q from %q", rev, ref, data)
		}
		// git check-ref-format, roughly: components that are not empty,
		// do not start with a dot, with no space, control or ".." in them.
		if branch == "" || strings.HasPrefix(branch, "/") || strings.HasSuffix(branch, "/") || strings.Contains(branch, "//") ||
			strings.Contains(branch, "..") || strings.Contains(branch, "/.") || strings.HasPrefix(branch, ".") ||
			strings.ContainsFunc(branch, func(c rune) bool { return c <= ' ' || c == 0x7f }) {
			return
		}
		want := "refs/heads/" + branch
		if _, got := parseHead([]byte("ref: " + want + "\n")); got != want {
			t.Fatalf("HEAD on branch %q read back as ref %q", branch, got)
		}
	})
}

// FuzzPackedRef feeds a packed-refs file's contents: what it reads is a
// commit id given on the ref's own line.
func FuzzPackedRef(f *testing.F) {
	f.Add([]byte("# pack-refs with: peeled fully-peeled sorted \nabababababababababababababababababababab refs/heads/main\n^cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd\n"), "refs/heads/main")
	f.Add([]byte("x refs/heads/main\r\n"), "refs/heads/main")
	f.Fuzz(func(t *testing.T, data []byte, ref string) {
		got := packedRef(data, ref)
		if got == "" {
			return
		}
		if commitID(got) != got {
			t.Fatalf("%q from %q is no commit id", got, data)
		}
		if !strings.Contains(string(data), got+" "+ref) {
			t.Fatalf("%q is not on %q's line in %q", got, ref, data)
		}
	})
}
