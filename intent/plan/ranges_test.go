package plan

import (
	"strings"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
)

const withRanges = `# Managed by ask-nix. Hand edits must keep this shape.
{ ... }:
{
  networking.firewall.allowedTCPPortRanges = [ { from = 8000; to = 8010; } ];
  networking.firewall.allowedTCPPorts = [ 22 ];
  networking.firewall.allowedUDPPortRanges = [ { from = 60000; to = 60002; } ];
}
`

// A port a range in the fragment opens is open already, and closing it
// is refused (taking it out of the port list would leave it open) with
// the requests that do it; the last port or range closed leaves no
// empty list behind.
func TestPortsInRanges(t *testing.T) {
	ports := func(option string, change intent.Change, v ...any) intent.Intent {
		in := intent.Intent{Kind: intent.SetOption, Option: "networking.firewall." + option, Change: change, Value: v}
		if len(v) == 1 {
			in.Value = v[0]
		}
		return in
	}
	rng := func(from, to int64) map[string]any { return map[string]any{"from": from, "to": to} }
	tests := []struct {
		name    string
		in      intent.Intent
		changed bool
		summary string
		err     string
		want    []string // lines the result has ("-x": has not)
	}{
		{
			name:    "open a port a range opens",
			in:      ports("allowedTCPPorts", intent.ChangeAdd, int64(8005)),
			summary: "TCP port 8005 is already open, by the managed fragment's range 8000 to 8010",
		},
		{
			name:    "open ports, one in a range",
			in:      ports("allowedTCPPorts", intent.ChangeAdd, int64(80), int64(8005)),
			changed: true,
			summary: "open TCP port 80 (TCP port 8005 is already open, by the managed fragment's range 8000 to 8010)",
			want:    []string{"  networking.firewall.allowedTCPPorts = [ 22 80 ];\n"},
		},
		{
			name:    "open ports, one listed, one in a range",
			in:      ports("allowedTCPPorts", intent.ChangeAdd, int64(22), int64(8010)),
			summary: "TCP ports 22 and 8010 are already open, 8010 by the managed fragment's range 8000 to 8010",
		},
		{
			name:    "a UDP range does not open TCP",
			in:      ports("allowedTCPPorts", intent.ChangeAdd, int64(60001)),
			changed: true,
			summary: "open TCP port 60001",
		},
		{
			name: "close a port in a range",
			in:   ports("allowedTCPPorts", intent.ChangeRemove, int64(8005)),
			err:  `TCP port 8005 is opened by the range 8000 to 8010 in the managed fragment (networking.firewall.allowedTCPPortRanges), which ask-nix does not split: close the whole range with "close ports 8000-8010", then open the parts you want again ("open ports 8000-8004" and "open ports 8006-8010")`,
		},
		{
			name: "close ports at a range's ends",
			in:   ports("allowedTCPPorts", intent.ChangeRemove, int64(22), int64(8000), int64(8009)),
			err:  `TCP ports 8000 and 8009 are opened by the range 8000 to 8010 in the managed fragment (networking.firewall.allowedTCPPortRanges), which ask-nix does not split: close the whole range with "close ports 8000-8010", then open the parts you want again ("open ports 8001-8008" and "open port 8010")`,
		},
		{
			name: "close a UDP port in a range",
			in:   ports("allowedUDPPorts", intent.ChangeRemove, int64(60000)),
			err:  `UDP port 60000 is opened by the range 60000 to 60002 in the managed fragment (networking.firewall.allowedUDPPortRanges), which ask-nix does not split: close the whole range with "close udp ports 60000-60002", then open the parts you want again ("open udp ports 60001-60002")`,
		},
		{
			name:    "close the last port",
			in:      ports("allowedTCPPorts", intent.ChangeRemove, int64(22)),
			changed: true,
			summary: "close TCP port 22",
			want:    []string{"-allowedTCPPorts ", "  networking.firewall.allowedTCPPortRanges = [\n"},
		},
		{
			name:    "close the last range",
			in:      ports("allowedUDPPortRanges", intent.ChangeRemove, rng(60000, 60002)),
			changed: true,
			summary: "close UDP ports 60000 to 60002",
			want:    []string{"-allowedUDPPortRanges", "  networking.firewall.allowedTCPPorts = [ 22 ];\n"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := parse(t, withRanges)
			p, err := Make(f, tc.in)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error %v\nwant  %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Changed != tc.changed || p.Summary != tc.summary {
				t.Errorf("Changed %v, Summary %q\nwant    %v,         %q", p.Changed, p.Summary, tc.changed, tc.summary)
			}
			after := string(p.After.Render())
			for _, w := range tc.want {
				if strings.HasPrefix(w, "-") {
					if strings.Contains(after, w[1:]) {
						t.Errorf("result still has %q:\n%s", w[1:], after)
					}
				} else if !strings.Contains(after, w) {
					t.Errorf("result lacks %q:\n%s", w, after)
				}
			}
		})
	}
}
