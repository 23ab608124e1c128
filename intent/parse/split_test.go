package parse_test

import (
	"slices"
	"testing"

	"github.com/nix-humanity/nix-humanity/intent/parse"
)

func TestSplitRequests(t *testing.T) {
	tests := []struct {
		text string
		want []string // nil: no split
	}{
		{"install firefox and enable ssh", []string{"install firefox", "enable ssh"}},
		{"install git, then open port 80", []string{"install git", "open port 80"}},
		{"remove htop and install btop", []string{"remove htop", "install btop"}},
		{"please install firefox and htop and then enable ssh, thanks", []string{"please install firefox and htop", "enable ssh, thanks"}},
		{"open ports 80 and 443 and set timezone to UTC", []string{"open ports 80 and 443", "set timezone to UTC"}},
		{"open 80, 443 and 8080 and enable ssh", []string{"open 80, 443 and 8080", "enable ssh"}},
		{"open udp 53 and 5353, then install htop", []string{"open udp 53 and 5353", "install htop"}},
		{`install "foo bar" and enable ssh`, []string{`install "foo bar"`, "enable ssh"}},
		// Every quote tokenize opens with starts a part: „German“, «French».
		{"enable ssh and „docker“", []string{"enable ssh", "enable „docker“"}},
		{"enable ssh and «docker»", []string{"enable ssh", "enable «docker»"}},
		{"enable ssh and ‘docker’", []string{"enable ssh", "enable ‘docker’"}},
		{"enable ssh and disable bluetooth and allow ping", []string{"enable ssh", "disable bluetooth", "allow ping"}},
		// The verb carries over to a part without one.
		{"enable ssh and docker", []string{"enable ssh", "enable docker"}},
		{"please turn on bluetooth and sound", []string{"please turn on bluetooth", "turn on sound"}},
		{"turn off bluetooth and printing, then install htop", []string{"turn off bluetooth", "turn off printing", "install htop"}},
		{"install firefox and enable ssh and docker", []string{"install firefox", "enable ssh", "enable docker"}},
		{"open tcp port 80 and udp port 53", []string{"open tcp port 80", "open udp port 53"}},
		{"install firefox but remove htop", []string{"install firefox", "remove htop"}},
		// A verb no package has starts a part ("configure" was a package).
		{"install firefox and activate ssh", []string{"install firefox", "activate ssh"}},
		{"install firefox, activate ssh", []string{"install firefox", "activate ssh"}},
		{"install firefox and configure ssh", nil},
		{"install git but not vim", nil},
		{"install everything but vim", nil},
		// The last part may ask for the pass now.
		{"install htop and rebuild", []string{"install htop", "rebuild"}},
		{"install htop and switch", []string{"install htop", "switch"}},
		{"install htop then switch", []string{"install htop", "switch"}},
		{"install htop and test it", []string{"install htop", "test it"}},
		{"install htop, then build it but don't switch", []string{"install htop", "build it but don't switch"}},
		{"enable ssh and docker, then apply", []string{"enable ssh", "enable docker", "apply"}},
		// A full stop ends a request; "after that" joins.
		{"install firefox. enable ssh.", []string{"install firefox", "enable ssh"}},
		{"install firefox after that enable ssh", []string{"install firefox", "enable ssh"}},
		{"install python3 and enable ssh", []string{"install python3", "enable ssh"}},
		// A comma joins as "and" does.
		{"enable ssh, bluetooth and docker", []string{"enable ssh", "enable bluetooth", "enable docker"}},
		{"enable ssh, docker", []string{"enable ssh", "enable docker"}},
		{"install firefox, enable ssh", []string{"install firefox", "enable ssh"}},
		{"enable ssh, open port 22, install htop and set timezone to UTC", []string{"enable ssh", "open port 22", "install htop", "set timezone to UTC"}},
		// One request, or parts that are not edits on their own.
		{"install git and vim", nil},
		{"enable ssh and frobnicate", nil},
		{"install git and roll back", nil},
		{"apply and install git", nil},
		{"rebuild and rebuild", nil},
		{"install git and show the status", nil},
		{"enable ssh and disable passwords", nil},
		{"and enable ssh", nil},
		{"install git and", nil},
		// A pronoun names what the part before it installs or turns
		// on: "it" one name, "them" any.
		{"install steam and enable it", []string{"install steam", "enable steam"}},
		{"install docker and turn it on", []string{"install docker", "turn docker on"}},
		{"add tailscale and start it on boot", []string{"add tailscale", "start tailscale on boot"}},
		{"install docker and have it start at boot", []string{"install docker", "have docker start at boot"}},
		{"install docker and make it start on boot", []string{"install docker", "make docker start on boot"}},
		{"install docker and run it at startup", []string{"install docker", "run docker at startup"}},
		{"install docker and get it to start at boot", []string{"install docker", "get docker to start at boot"}},
		{"install podman and enable it", []string{"install podman", "enable podman"}},
		{"install virtualbox and turn it on", []string{"install virtualbox", "turn virtualbox on"}},
		{"install tailscale and have it start on boot", []string{"install tailscale", "have tailscale start on boot"}},
		{"install nginx, then enable it", []string{"install nginx", "enable nginx"}},
		{"install docker and podman and enable them", []string{"install docker and podman", "enable docker", "enable podman"}},
		{"install steam and enable it and open port 22", []string{"install steam", "enable steam", "open port 22"}},
		{"enable docker and open port 2375, then disable it", nil}, // "it" follows no install or switch
		{"install docker and podman and enable it", nil},           // which one?
		{"install htop and enable it", nil},                        // no service htop
		{"install steam and enable it and it", nil},
		{"install jellyfin and enable its service", []string{"install jellyfin", "enable jellyfin service"}},
		{"remove steam and disable it", []string{"remove steam", "disable steam"}},
		{"uninstall docker and turn it off", []string{"uninstall docker", "turn docker off"}},
		{"install tailscale and enable the service", []string{"install tailscale", "enable tailscale service"}},
		{"install syncthing, then start the daemon on boot", []string{"install syncthing", "start syncthing daemon on boot"}},
		{"install docker and podman and enable the service", nil}, // whose?
		{"enable the service", nil},
		{"install neovim and make it my default editor", []string{"install neovim", "make neovim my default editor"}},
		{"install steam, then enable it please", []string{"install steam", "enable steam please"}},
		{"disable bluetooth and then enable it", []string{"disable bluetooth", "enable bluetooth"}}, // refused later: both change it
		// At most four.
		{"install a and enable b and open port 1 and set timezone to UTC and install c", nil},
	}
	for _, tt := range tests {
		got, ok := parse.SplitRequests(tt.text)
		if ok != (tt.want != nil) || !slices.Equal(got, tt.want) {
			t.Errorf("SplitRequests(%q) = %q, %v; want %q", tt.text, got, ok, tt.want)
		}
	}
}

// TestSplitRequestsOwnVerb: a part with a verb of its own ("then
// reboot") is never given the one said before ("enable reboot"), even
// where the option index would know the word as a switch.
func TestSplitRequestsOwnVerb(t *testing.T) {
	anything := func(*parse.UnknownService) bool { return true }
	for _, text := range []string{"enable docker, then reboot", "enable docker and reboot", "disable bluetooth and update"} {
		if got, ok := parse.SplitRequestsKnowing(text, anything); ok {
			t.Errorf("SplitRequestsKnowing(%q) = %q; want no split", text, got)
		}
	}
}
