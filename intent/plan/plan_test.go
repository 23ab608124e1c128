package plan

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

const start = `# Managed by ask-nix. Hand edits must keep this shape.
{ pkgs, ... }:
{
  environment.systemPackages = with pkgs; [
    firefox
    htop
  ];
  networking.firewall.allowedTCPPorts = [ 80 443 ];
  services.openssh.enable = true;
  time.timeZone = "Europe/Berlin";
}
`

func parse(t *testing.T, src string) *fragment.File {
	t.Helper()
	f, err := fragment.Parse("test.nix", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestMake(t *testing.T) {
	tests := []struct {
		name    string
		in      intent.Intent
		changed bool
		summary string
		plan    string // Headline for /f.nix
		// lines that must appear in the rendered result ("-x": must not)
		want []string
	}{
		{
			name:    "install two",
			in:      intent.Intent{Kind: intent.Install, Packages: []string{"git", "vim"}},
			changed: true,
			summary: "add 2 packages: git, vim",
			plan:    "add 2 packages to /f.nix",
			want:    []string{"    git\n", "    vim\n", "    firefox\n"},
		},
		{
			name:    "install one",
			in:      intent.Intent{Kind: intent.Install, Packages: []string{"python3Packages.requests"}},
			changed: true,
			summary: "add 1 package: python3Packages.requests",
			plan:    "add 1 package to /f.nix",
			want:    []string{"    python3Packages.requests\n"},
		},
		{
			name:    "install partly there",
			in:      intent.Intent{Kind: intent.Install, Packages: []string{"firefox", "git"}},
			changed: true,
			summary: "add 1 package: git (firefox is already installed)",
			plan:    "add 1 package to /f.nix",
		},
		{
			name:    "install all there",
			in:      intent.Intent{Kind: intent.Install, Packages: []string{"firefox", "htop"}},
			summary: "firefox, htop are already installed",
		},
		{
			name:    "remove one",
			in:      intent.Intent{Kind: intent.Remove, Packages: []string{"htop"}},
			changed: true,
			summary: "remove 1 package: htop",
			plan:    "remove 1 package from /f.nix",
			want:    []string{"-    htop\n", "    firefox\n"},
		},
		{
			name:    "remove partly there",
			in:      intent.Intent{Kind: intent.Remove, Packages: []string{"htop", "emacs"}},
			changed: true,
			summary: "remove 1 package: htop (emacs is not in the fragment)",
		},
		{
			name:    "remove absent",
			in:      intent.Intent{Kind: intent.Remove, Packages: []string{"emacs"}},
			summary: "emacs is not in the managed fragment, so there is nothing to remove (a package installed elsewhere in your configuration is not ask-nix's to remove)",
		},
		{
			name:    "enable service",
			in:      intent.Intent{Kind: intent.EnableService, Option: "virtualisation.docker.enable", Service: "docker"},
			changed: true,
			summary: "enable virtualisation.docker",
			plan:    "enable virtualisation.docker in /f.nix",
			want:    []string{"  virtualisation.docker.enable = true;\n"},
		},
		{
			name:    "enable enabled",
			in:      intent.Intent{Kind: intent.EnableService, Option: "services.openssh.enable", Service: "ssh"},
			summary: "services.openssh is already enabled",
		},
		{
			name:    "disable service",
			in:      intent.Intent{Kind: intent.DisableService, Option: "services.openssh.enable", Service: "ssh"},
			changed: true,
			summary: "disable services.openssh",
			want:    []string{"  services.openssh.enable = false;\n"},
		},
		{
			name:    "open port",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(22), Change: intent.ChangeAdd},
			changed: true,
			summary: "open TCP port 22",
			plan:    "open TCP port 22 in /f.nix",
			want:    []string{"  networking.firewall.allowedTCPPorts = [ 22 80 443 ];\n"},
		},
		{
			name:    "open open port",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(443), Change: intent.ChangeAdd},
			summary: "TCP port 443 is already open",
		},
		{
			name:    "close port",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(80), Change: intent.ChangeRemove},
			changed: true,
			summary: "close TCP port 80",
			want:    []string{"  networking.firewall.allowedTCPPorts = [ 443 ];\n"},
		},
		{
			name:    "close closed UDP port",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedUDPPorts", Value: 53, Change: intent.ChangeRemove},
			summary: "UDP port 53 is not opened by the managed fragment",
		},
		{
			name:    "open UDP port creates list",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedUDPPorts", Value: float64(53), Change: intent.ChangeAdd},
			changed: true,
			summary: "open UDP port 53",
			want:    []string{"  networking.firewall.allowedUDPPorts = [ 53 ];\n"},
		},
		{
			name:    "open two ports",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: []any{int64(22), int64(8080)}, Change: intent.ChangeAdd},
			changed: true,
			summary: "open TCP ports 22 and 8080",
			plan:    "open TCP ports 22 and 8080 in /f.nix",
			want:    []string{"  networking.firewall.allowedTCPPorts = [ 22 80 443 8080 ];\n"},
		},
		{
			name:    "open three ports",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: []any{int64(22), int64(25), int64(587)}, Change: intent.ChangeAdd},
			changed: true,
			summary: "open TCP ports 22, 25 and 587",
			plan:    "open TCP ports 22, 25 and 587 in /f.nix",
			want:    []string{"  networking.firewall.allowedTCPPorts = [ 22 25 80 443 587 ];\n"},
		},
		{
			name:    "open ports, one already open",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: []any{int64(22), int64(443)}, Change: intent.ChangeAdd},
			changed: true,
			summary: "open TCP port 22 (TCP port 443 is already open)",
			plan:    "open TCP port 22 in /f.nix",
			want:    []string{"  networking.firewall.allowedTCPPorts = [ 22 80 443 ];\n"},
		},
		{
			name:    "open ports, two already open",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: []any{int64(80), int64(443), int64(8443)}, Change: intent.ChangeAdd},
			changed: true,
			summary: "open TCP port 8443 (TCP ports 80 and 443 are already open)",
			plan:    "open TCP port 8443 in /f.nix",
		},
		{
			name:    "open open ports",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: []any{int64(80), int64(443)}, Change: intent.ChangeAdd},
			summary: "TCP ports 80 and 443 are already open",
			plan:    "nothing to change in /f.nix",
		},
		{
			name:    "close two ports",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: []any{int64(80), int64(443)}, Change: intent.ChangeRemove},
			changed: true,
			summary: "close TCP ports 80 and 443",
			plan:    "close TCP ports 80 and 443 in /f.nix",
			// The last ports closed: no empty list is left behind.
			want: []string{"-allowedTCPPorts"},
		},
		{
			name:    "close ports, one not open",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: []any{int64(80), int64(8080)}, Change: intent.ChangeRemove},
			changed: true,
			summary: "close TCP port 80 (TCP port 8080 is not opened by the managed fragment)",
			plan:    "close TCP port 80 in /f.nix",
			want:    []string{"  networking.firewall.allowedTCPPorts = [ 443 ];\n"},
		},
		{
			name:    "close closed ports",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: []any{int64(22), int64(8080)}, Change: intent.ChangeRemove},
			summary: "TCP ports 22 and 8080 are not opened by the managed fragment",
		},
		{
			name:    "open UDP ports from JSON creates list",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedUDPPorts", Value: []any{float64(53), float64(5353)}, Change: intent.ChangeAdd},
			changed: true,
			summary: "open UDP ports 53 and 5353",
			want:    []string{"  networking.firewall.allowedUDPPorts = [ 53 5353 ];\n"},
		},
		{
			name:    "a repeated port is one",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedUDPPorts", Value: []any{int64(53), int64(53)}, Change: intent.ChangeAdd},
			changed: true,
			summary: "open UDP port 53",
			want:    []string{"  networking.firewall.allowedUDPPorts = [ 53 ];\n"},
		},
		{
			name:    "add two to a string list",
			in:      intent.Intent{Kind: intent.SetOption, Option: "boot.kernelParams", Value: []any{"quiet", "splash"}, Change: intent.ChangeAdd},
			changed: true,
			summary: `add "quiet" and "splash" to boot.kernelParams`,
			want:    []string{`  boot.kernelParams = [ "quiet" "splash" ];` + "\n"},
		},
		{
			name:    "remove two from a missing list",
			in:      intent.Intent{Kind: intent.SetOption, Option: "boot.kernelParams", Value: []any{"quiet", "splash"}, Change: intent.ChangeRemove},
			summary: `boot.kernelParams does not hold "quiet" and "splash" in the managed fragment`,
		},
		{
			name:    "set timezone",
			in:      intent.Intent{Kind: intent.SetOption, Option: "time.timeZone", Value: "America/New_York"},
			changed: true,
			summary: `set time.timeZone to "America/New_York"`,
			plan:    `set time.timeZone to "America/New_York" in /f.nix`,
			want:    []string{"  time.timeZone = \"America/New_York\";\n", "-Europe/Berlin"},
		},
		{
			name:    "set same timezone",
			in:      intent.Intent{Kind: intent.SetOption, Option: "time.timeZone", Value: "Europe/Berlin"},
			summary: `time.timeZone is already "Europe/Berlin"`,
		},
		{
			name:    "hostile string is escaped",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.hostName", Value: "x\"; ${builtins.exec}"},
			changed: true,
			summary: `set networking.hostName to "x\"; \${builtins.exec}"`,
			want:    []string{`  networking.hostName = "x\"; \${builtins.exec}";` + "\n"},
		},
		{
			name:    "add to a string list",
			in:      intent.Intent{Kind: intent.SetOption, Option: "boot.kernelParams", Value: "quiet", Change: intent.ChangeAdd},
			changed: true,
			summary: `add "quiet" to boot.kernelParams`,
		},
		{
			name:    "unset",
			in:      intent.Intent{Kind: intent.SetOption, Option: "time.timeZone", Change: intent.ChangeUnset},
			changed: true,
			summary: "unset time.timeZone (the NixOS default applies again)",
			want:    []string{"-timeZone"},
		},
		{
			name:    "unset absent",
			in:      intent.Intent{Kind: intent.SetOption, Option: "networking.hostName", Change: intent.ChangeUnset},
			summary: "networking.hostName is not set in the managed fragment",
		},
		{
			name:    "bool option",
			in:      intent.Intent{Kind: intent.SetOption, Option: "boot.tmp.cleanOnBoot", Value: true},
			changed: true,
			summary: "set boot.tmp.cleanOnBoot to true",
		},
		{
			name:    "merge",
			in:      sshPasswords(false),
			changed: true,
			summary: "set services.openssh.settings: KbdInteractiveAuthentication = false and PasswordAuthentication = false",
			plan:    "set services.openssh.settings: KbdInteractiveAuthentication = false and PasswordAuthentication = false in /f.nix",
			want: []string{
				"  services.openssh.settings.KbdInteractiveAuthentication = false;\n",
				"  services.openssh.settings.PasswordAuthentication = false;\n",
				"  services.openssh.enable = true;\n",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := parse(t, start)
			before := string(f.Render())
			p, err := Make(f, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if p.Changed != tc.changed {
				t.Errorf("Changed = %v, want %v", p.Changed, tc.changed)
			}
			if p.Summary != tc.summary {
				t.Errorf("Summary = %q\nwant      %q", p.Summary, tc.summary)
			}
			if tc.plan != "" && p.Headline("/f.nix") != tc.plan {
				t.Errorf("Headline = %q, want %q", p.Headline("/f.nix"), tc.plan)
			}
			if got := string(f.Render()); got != before {
				t.Errorf("Make modified its input:\n%s", got)
			}
			after := string(p.After.Render())
			if !tc.changed && after != before {
				t.Errorf("no change, but After differs:\n%s", after)
			}
			if tc.changed && after == before {
				t.Errorf("changed, but After renders the same")
			}
			for _, w := range tc.want {
				if strings.HasPrefix(w, "-") {
					if strings.Contains(after, w[1:]) {
						t.Errorf("result still contains %q:\n%s", w[1:], after)
					}
				} else if !strings.Contains(after, w) {
					t.Errorf("result lacks %q:\n%s", w, after)
				}
			}
			// Whatever the plan writes must parse back to the same file.
			back, err := fragment.Parse("after.nix", []byte(after))
			if err != nil {
				t.Fatalf("result does not parse: %v\n%s", err, after)
			}
			if !back.Equal(p.After) {
				t.Errorf("parse(render(after)) != after")
			}
		})
	}
}

func sshPasswords(on bool) intent.Intent {
	return intent.Intent{Kind: intent.SetOption, Option: "services.openssh.settings", Change: intent.ChangeMerge,
		Value: map[string]any{"PasswordAuthentication": on, "KbdInteractiveAuthentication": on}}
}

// TestMakeMerge: a merge is one edit of all its options; asked again, or
// with some already so, only what changes is written and said.
func TestMakeMerge(t *testing.T) {
	p, err := Make(parse(t, start), sshPasswords(false))
	if err != nil {
		t.Fatal(err)
	}
	again, err := Make(p.After, sshPasswords(false))
	if err != nil {
		t.Fatal(err)
	}
	if again.Changed || again.Summary != "services.openssh.settings already has KbdInteractiveAuthentication = false and PasswordAuthentication = false" {
		t.Errorf("again: Changed %v, Summary %q", again.Changed, again.Summary)
	}
	// One of the two already so.
	half := parse(t, strings.Replace(start, "  services.openssh.enable = true;\n",
		"  services.openssh.enable = true;\n  services.openssh.settings.PasswordAuthentication = false;\n", 1))
	p, err = Make(half, sshPasswords(false))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Changed || p.Summary != "set services.openssh.settings: KbdInteractiveAuthentication = false (PasswordAuthentication = false already)" {
		t.Errorf("half: Changed %v, Summary %q", p.Changed, p.Summary)
	}
	// Turned back on: both written true, in place.
	back, err := Make(p.After, sshPasswords(true))
	if err != nil {
		t.Fatal(err)
	}
	out := string(back.After.Render())
	for _, w := range []string{"settings.PasswordAuthentication = true;", "settings.KbdInteractiveAuthentication = true;"} {
		if strings.Count(out, w) != 1 {
			t.Errorf("want %q once in:\n%s", w, out)
		}
	}
	// A value that collides with what the fragment has is an error that
	// says so, and nothing is half done.
	clash := parse(t, strings.Replace(start, "  services.openssh.enable = true;\n",
		"  services.openssh.enable = true;\n  services.openssh.settings = \"x\";\n", 1))
	if _, err := Make(clash, sshPasswords(false)); err == nil || !strings.Contains(err.Error(), "cannot set services.openssh.settings.KbdInteractiveAuthentication: services.openssh.settings is already set to string") {
		t.Errorf("clash: err = %v", err)
	}
}

func TestMakeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   intent.Intent
		want string
	}{
		{"not a write", intent.Intent{Kind: intent.Search, Query: "x"}, `"search" does not edit the fragment`},
		{"no packages", intent.Intent{Kind: intent.Install}, "no package named"},
		{"bad package", intent.Intent{Kind: intent.Install, Packages: []string{"a b"}}, `package name "a b"`},
		{"list change on a string", intent.Intent{Kind: intent.SetOption, Option: "time.timeZone", Value: "x", Change: intent.ChangeAdd}, "cannot add \"x\" to time.timeZone: time.timeZone is set to string, not a list"},
		{"set below a value", intent.Intent{Kind: intent.EnableService, Option: "time.timeZone.enable"}, "cannot enable time.timeZone"},
		{"no option", intent.Intent{Kind: intent.SetOption, Value: 1}, "no option named"},
		{"fraction", intent.Intent{Kind: intent.SetOption, Option: "a.b", Value: 1.5}, "1.5 is not a whole number"},
		{"odd type", intent.Intent{Kind: intent.SetOption, Option: "a.b", Value: []string{"x"}}, "values of type []string cannot be written"},
		{"list to set", intent.Intent{Kind: intent.SetOption, Option: "a.b", Value: []any{int64(1), int64(2)}}, "values of type []interface {} cannot be written"},
		{"empty list", intent.Intent{Kind: intent.SetOption, Option: "a.b", Value: []any{}, Change: intent.ChangeAdd}, "value for a.b: no item given"},
		{"null item", intent.Intent{Kind: intent.SetOption, Option: "a.b", Value: []any{int64(1), nil}, Change: intent.ChangeAdd}, "null is not a list item"},
		{"nested list", intent.Intent{Kind: intent.SetOption, Option: "a.b", Value: []any{[]any{int64(1)}}, Change: intent.ChangeRemove}, "values of type []interface {} cannot be written"},
		{"nested range", intent.Intent{Kind: intent.SetOption, Option: "a.b", Value: map[string]any{"from": map[string]any{"x": int64(1)}}, Change: intent.ChangeAdd}, "from: nested attribute sets cannot be written"},
		{"list in a range", intent.Intent{Kind: intent.SetOption, Option: "a.b", Value: map[string]any{"to": []any{int64(1)}}, Change: intent.ChangeAdd}, "to: lists inside attribute sets cannot be written"},
		{"odd range end", intent.Intent{Kind: intent.SetOption, Option: "a.b", Value: map[string]any{"to": 1.5}, Change: intent.ChangeAdd}, "to: 1.5 is not a whole number"},
		{"merge of a scalar", intent.Intent{Kind: intent.SetOption, Option: "a.b", Value: true, Change: intent.ChangeMerge}, "value for a.b: not a set of options to merge"},
		{"merge of a list", intent.Intent{Kind: intent.SetOption, Option: "a.b", Value: map[string]any{"c": []any{int64(1)}}, Change: intent.ChangeMerge}, "value for a.b.c: values of type []interface {} cannot be written"},
		{"ports on a string", intent.Intent{Kind: intent.SetOption, Option: "time.timeZone", Value: []any{int64(80), int64(443)}, Change: intent.ChangeAdd}, "cannot add 80 and 443 to time.timeZone: time.timeZone is set to string, not a list"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Make(parse(t, start), tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// The first example, exactly.
func TestDiffOfFirstInstall(t *testing.T) {
	f := fragment.New()
	p, err := Make(f, intent.Intent{Kind: intent.Install, Packages: []string{"firefox", "htop"}})
	if err != nil {
		t.Fatal(err)
	}
	got := Diff("nix-humanity.nix", f.Render(), p.After.Render(), true, true)
	want := `--- a/nix-humanity.nix
+++ b/nix-humanity.nix
@@ -2,5 +2,7 @@
 { pkgs, ... }:
 {
   environment.systemPackages = with pkgs; [
+    firefox
+    htop
   ];
 }
`
	if got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestDiff(t *testing.T) {
	lines := func(n int, change map[int]string) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			if s, ok := change[i]; ok {
				b.WriteString(s)
				continue
			}
			b.WriteString("line")
			b.WriteString(strings.Repeat("x", i))
			b.WriteByte('\n')
		}
		return b.String()
	}
	tests := []struct {
		name      string
		old, new  string
		oldExists bool
		want      string
	}{
		{name: "equal", old: "a\nb\n", new: "a\nb\n", oldExists: true, want: ""},
		{
			name: "new file", old: "", new: "a\nb\n",
			want: "--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+a\n+b\n",
		},
		{
			name: "one change in the middle", oldExists: true,
			old:  lines(10, nil),
			new:  lines(10, map[int]string{5: "five\n"}),
			want: "--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n linexx\n linexxx\n linexxxx\n-linexxxxx\n+five\n linexxxxxx\n linexxxxxxx\n linexxxxxxxx\n",
		},
		{
			name: "two far changes make two hunks", oldExists: true,
			old: lines(20, nil),
			new: lines(20, map[int]string{2: "two\n", 18: ""}),
			want: "--- a/f\n+++ b/f\n@@ -1,5 +1,5 @@\n linex\n-linexx\n+two\n linexxx\n linexxxx\n linexxxxx\n" +
				"@@ -15,6 +15,5 @@\n " + strings.Repeat("x", 15) + "\n",
		},
		{
			name: "no final newline", oldExists: true, old: "a\n", new: "a\nb",
			want: "--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Diff("f", []byte(tc.old), []byte(tc.new), tc.oldExists, true)
			if tc.name == "two far changes make two hunks" {
				// Check the shape rather than every context line.
				if strings.Count(got, "@@ -") != 2 || !strings.Contains(got, "@@ -1,5 +1,5 @@\n") || !strings.Contains(got, "@@ -15,6 +15,5 @@\n") || !strings.Contains(got, "-line"+strings.Repeat("x", 18)+"\n") {
					t.Fatalf("got:\n%s", got)
				}
				return
			}
			if got != tc.want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// A diff applied to the old text must give the new text: check with a
// tiny patcher over many random edits.
func TestDiffApplies(t *testing.T) {
	seed := uint32(1)
	rnd := func(n int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % n
	}
	for iter := 0; iter < 500; iter++ {
		var a []string
		for i := rnd(30); i > 0; i-- {
			a = append(a, string(rune('a'+rnd(5)))+"\n")
		}
		b := append([]string(nil), a...)
		for e := rnd(6); e > 0; e-- {
			switch pos := rnd(len(b) + 1); rnd(3) {
			case 0:
				b = append(b[:pos], append([]string{string(rune('a'+rnd(5))) + "\n"}, b[pos:]...)...)
			case 1:
				if pos < len(b) {
					b = append(b[:pos], b[pos+1:]...)
				}
			default:
				if pos < len(b) {
					b[pos] = "z\n"
				}
			}
		}
		old, new := strings.Join(a, ""), strings.Join(b, "")
		d := Diff("f", []byte(old), []byte(new), true, true)
		if got := applyDiff(t, old, d); got != new {
			t.Fatalf("iteration %d: patch gives\n%q\nwant\n%q\ndiff:\n%s", iter, got, new, d)
		}
	}
}

func applyDiff(t *testing.T, old, d string) string {
	t.Helper()
	if d == "" {
		return old
	}
	src := splitLines(old)
	var out []string
	pos := 0
	var last byte
	// The first two lines are the ---/+++ headers.
	for _, l := range strings.SplitAfter(d, "\n")[2:] {
		switch {
		case l == "":
		case strings.HasPrefix(l, "@@"):
			var as, al, bs, bl int
			if _, err := fmtSscanRange(l, &as, &al, &bs, &bl); err != nil {
				t.Fatalf("bad hunk header %q: %v", l, err)
			}
			start := as - 1
			if al == 0 {
				start = as
			}
			out = append(out, src[pos:start]...)
			pos = start
		case l[0] == ' ':
			if strings.TrimSuffix(src[pos], "\n") != strings.TrimSuffix(l[1:], "\n") {
				t.Fatalf("context mismatch at %d: %q vs %q", pos, src[pos], l[1:])
			}
			out = append(out, src[pos])
			pos++
		case l[0] == '-':
			pos++
		case l[0] == '+':
			out = append(out, l[1:])
			last = '+'
			continue
		case l[0] == '\\':
			// "\ No newline at end of file" after an added line.
			if last == '+' {
				out[len(out)-1] = strings.TrimSuffix(out[len(out)-1], "\n")
			}
		}
		last = 0
	}
	out = append(out, src[pos:]...)
	return strings.Join(out, "")
}

// fmtSscanRange reads "@@ -a[,b] +c[,d] @@"; a missing length is 1.
func fmtSscanRange(l string, as, al, bs, bl *int) (int, error) {
	f := strings.Fields(l)
	if len(f) < 4 {
		return 0, fmt.Errorf("short header")
	}
	read := func(s string, start, n *int) error {
		*n = 1
		if i := strings.IndexByte(s, ','); i >= 0 {
			v, err := strconv.Atoi(s[i+1:])
			if err != nil {
				return err
			}
			*n = v
			s = s[:i]
		}
		v, err := strconv.Atoi(s)
		*start = v
		return err
	}
	if err := read(f[1][1:], as, al); err != nil {
		return 0, err
	}
	return 4, read(f[2][1:], bs, bl)
}

// Opening several ports is one edit: the diff replaces the list's line
// once, with every new port in it, and closing them gives it back.
func TestDiffOfTwoPorts(t *testing.T) {
	f := parse(t, start)
	open := intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: []any{int64(22), int64(8080)}, Change: intent.ChangeAdd}
	p, err := Make(f, open)
	if err != nil {
		t.Fatal(err)
	}
	got := Diff("nix-humanity.nix", f.Render(), p.After.Render(), true, true)
	want := `--- a/nix-humanity.nix
+++ b/nix-humanity.nix
@@ -5,7 +5,7 @@
     firefox
     htop
   ];
-  networking.firewall.allowedTCPPorts = [ 80 443 ];
+  networking.firewall.allowedTCPPorts = [ 22 80 443 8080 ];
   services.openssh.enable = true;
   time.timeZone = "Europe/Berlin";
 }
`
	if got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
	closeBoth := open
	closeBoth.Change = intent.ChangeRemove
	back, err := Make(p.After, closeBoth)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Changed || back.Summary != "close TCP ports 22 and 8080" || !back.After.Equal(f) {
		t.Fatalf("closing them again: changed %v, %q, same as before: %v\n%s", back.Changed, back.Summary, back.After.Equal(f), back.After.Render())
	}
}

// A port range is one { from; to; } item of allowedTCPPortRanges or
// allowedUDPPortRanges, added or removed whole, and worded as ports.
func TestMakePortRanges(t *testing.T) {
	const withRange = `# Managed by ask-nix. Hand edits must keep this shape.
{ pkgs, ... }:
{
  environment.systemPackages = with pkgs; [
  ];
  networking.firewall.allowedTCPPortRanges = [
    {
      from = 2000;
      to = 2010;
    }
  ];
}
`
	tcp, udp := "networking.firewall.allowedTCPPortRanges", "networking.firewall.allowedUDPPortRanges"
	rng := func(option string, change intent.Change, from, to any) intent.Intent {
		return intent.Intent{Kind: intent.SetOption, Option: option, Value: map[string]any{"from": from, "to": to}, Change: change}
	}
	tests := []struct {
		name, start string
		in          intent.Intent
		changed     bool
		summary     string
		after       string // the whole result, when changed
	}{
		{"open the first", start, rng(tcp, intent.ChangeAdd, int64(1714), int64(1764)), true, "open TCP ports 1714 to 1764",
			"  networking.firewall.allowedTCPPortRanges = [\n    {\n      from = 1714;\n      to = 1764;\n    }\n  ];\n"},
		{"open another", withRange, rng(tcp, intent.ChangeAdd, int64(1714), int64(1764)), true, "open TCP ports 1714 to 1764",
			"  networking.firewall.allowedTCPPortRanges = [\n    {\n      from = 2000;\n      to = 2010;\n    }\n    {\n      from = 1714;\n      to = 1764;\n    }\n  ];\n"},
		// as encoding/json decodes {"from":2000,"to":2010}
		{"already open", withRange, rng(tcp, intent.ChangeAdd, float64(2000), float64(2010)), false, "TCP ports 2000 to 2010 are already open", ""},
		// The last range closed: no empty list is left behind.
		{"close", withRange, rng(tcp, intent.ChangeRemove, int64(2000), int64(2010)), true, "close TCP ports 2000 to 2010",
			"  environment.systemPackages = with pkgs; [\n  ];\n}\n"},
		// only the very range: a range inside an open one is not it
		{"close a part", withRange, rng(tcp, intent.ChangeRemove, int64(2000), int64(2005)), false, "TCP ports 2000 to 2005 are not opened as a range by the managed fragment", ""},
		{"close absent", start, rng(udp, intent.ChangeRemove, int64(60000), int64(61000)), false, "UDP ports 60000 to 61000 are not opened as a range by the managed fragment", ""},
		{"open udp", withRange, rng(udp, intent.ChangeAdd, int64(60000), int64(61000)), true, "open UDP ports 60000 to 61000",
			"  networking.firewall.allowedUDPPortRanges = [\n    {\n      from = 60000;\n      to = 61000;\n    }\n  ];\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := parse(t, tc.start)
			p, err := Make(f, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if p.Changed != tc.changed || p.Summary != tc.summary {
				t.Fatalf("Changed %v, Summary %q; want %v, %q", p.Changed, p.Summary, tc.changed, tc.summary)
			}
			if !tc.changed {
				if p.Headline("/f.nix") != "nothing to change in /f.nix" {
					t.Errorf("Headline = %q", p.Headline("/f.nix"))
				}
				return
			}
			if p.Headline("/f.nix") != tc.summary+" in /f.nix" {
				t.Errorf("Headline = %q", p.Headline("/f.nix"))
			}
			after := string(p.After.Render())
			if !strings.Contains(after, tc.after) {
				t.Errorf("result lacks\n%s\nin\n%s", tc.after, after)
			}
			back, err := fragment.Parse("after.nix", []byte(after))
			if err != nil || !back.Equal(p.After) {
				t.Fatalf("parse(render(after)) != after: %v\n%s", err, after)
			}
			// Undoing the change by its opposite gives the file back.
			undo := tc.in
			undo.Change = map[intent.Change]intent.Change{intent.ChangeAdd: intent.ChangeRemove, intent.ChangeRemove: intent.ChangeAdd}[tc.in.Change]
			q, err := Make(p.After, undo)
			if err != nil {
				t.Fatal(err)
			}
			// (A list the first range made goes with the last, as for
			// ports.)
			path, _ := fragment.ParsePath(tc.in.Option)
			was, had := f.Get(path)
			now, has := q.After.Get(path)
			if !q.Changed || had != has || !now.Equal(was) {
				t.Errorf("the opposite change does not give the list back:\n%s", q.After.Render())
			}
		})
	}
}

// What a changing request asks for that needs nothing is kept as an
// aside, so the plan can say it: each part once, with its own intent.
func TestAsides(t *testing.T) {
	f := parse(t, start)
	install := intent.Intent{Kind: intent.Install, Packages: []string{"htop", "git"}}
	remove := intent.Intent{Kind: intent.Remove, Packages: []string{"htop", "vim"}}
	ports := intent.Intent{Kind: intent.SetOption, Option: "networking.firewall.allowedTCPPorts", Value: []any{443, 8080}, Change: intent.ChangeAdd}
	removeVim := intent.Intent{Kind: intent.Remove, Packages: []string{"vim"}}
	ssh := intent.Intent{Kind: intent.EnableService, Option: "services.openssh.enable", Service: "ssh"}
	docker := intent.Intent{Kind: intent.EnableService, Option: "virtualisation.docker.enable", Service: "docker"}
	tests := []struct {
		name string
		ins  []intent.Intent
		want []string // Kind: Text
	}{
		{"install, one already there", []intent.Intent{install}, []string{"install: htop is already installed"}},
		{"remove, one not there", []intent.Intent{remove}, []string{"remove: vim is not in the fragment"}},
		{"ports, one already open", []intent.Intent{ports}, []string{"set-option: TCP port 443 is already open"}},
		{"a part that needs nothing", []intent.Intent{removeVim, docker, ssh}, []string{
			"remove: vim is not in the managed fragment, so there is nothing to remove (a package installed elsewhere in your configuration is not ask-nix's to remove)",
			"enable-service: services.openssh is already enabled",
		}},
		{"all changing", []intent.Intent{{Kind: intent.Install, Packages: []string{"git"}}, docker}, nil},
		// Nothing changes at all: the summary says it, no asides.
		{"nothing changes", []intent.Intent{removeVim, ssh}, nil},
	}
	for _, tt := range tests {
		p, err := MakeAll(f, tt.ins)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []string
		for _, a := range p.Asides {
			got = append(got, string(a.Intent.Kind)+": "+a.Text)
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s: asides\n%s\nwant\n%s", tt.name, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
}

// A name to remove that is not there but close to one that is: said.
func TestRemoveTypo(t *testing.T) {
	f := parse(t, start)
	p, err := MakeAll(f, []intent.Intent{{Kind: intent.Install, Packages: []string{"htop"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		names []string
		want  string
	}{
		{[]string{"htpo"}, "htpo is not in the managed fragment, so there is nothing to remove (a package installed elsewhere in your configuration is not ask-nix's to remove); the fragment has htop"},
		{[]string{"htop", "firefx"}, "remove 1 package: htop (firefx is not in the fragment; the fragment has firefox)"},
		{[]string{"zzzz"}, "zzzz is not in the managed fragment, so there is nothing to remove (a package installed elsewhere in your configuration is not ask-nix's to remove)"},
		{[]string{"HTOP"}, "remove 1 package: htop"},
	} {
		q, err := MakeAll(p.After, []intent.Intent{{Kind: intent.Remove, Packages: tt.names}})
		if err != nil {
			t.Fatal(err)
		}
		if q.Summary != tt.want {
			t.Errorf("remove %v: %q\nwant %q", tt.names, q.Summary, tt.want)
		}
	}
}
