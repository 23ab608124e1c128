package parse_test

import (
	"testing"

	"github.com/nix-humanity/nix-humanity/intent"
)

// TestWhatHoldsAPort: a program that holds a port is found and stopped
// by commands ask-nix names; closing the port in the firewall is offered
// as a request of its own; "kill port 80" once suggested "open port 80".
func TestWhatHoldsAPort(t *testing.T) {
	close80 := []string{"close port 80", "is port 80 open"}
	asked80 := []string{"is port 80 open", "close port 80"}
	checkReadings(t, []reading{
		{text: "kill port 80", sugs: close80, hintHas: "`sudo ss -ltnp 'sport = :80'`"},
		{text: "Kill port 80!", sugs: close80, hintHas: "`sudo fuser -k 80/tcp`"},
		{text: "kill whatever is on port 80", sugs: close80, hintHas: "the program keeps listening"},
		{text: "kill the process on port 80", sugs: close80, hintHas: "fuser"},
		{text: "free up port 3000", sugs: []string{"close port 3000", "is port 3000 open"}, hintHas: "'sport = :3000'"},
		{text: "stop whatever is listening on port 80", sugs: close80, hintHas: "\"disable <service>\""},
		{text: "kill udp port 53", sugs: []string{"close udp port 53", "is udp port 53 open"}, hintHas: "`sudo ss -lunp 'sport = :53'`"},
		{text: "what is using port 80", sugs: asked80, hintHas: "ss -ltnp"},
		{text: "what's listening on port 80?", sugs: asked80, hintHas: "ss -ltnp"},
		{text: "which process uses port 80", sugs: asked80, hintHas: "ss -ltnp"},
		{text: "port 80 is already in use", sugs: close80, hintHas: "ss -ltnp"},
		// The firewall's own words are read as before.
		{text: "stop port 22", sugs: []string{"close port 22"}, hintHas: "a port is closed in the firewall"},
		{text: "close port 80", want: closePort("tcp", 80)},
	})
}

// TestPortSaidClosed: a port said closed or open is what the person
// sees: the question first, then the change that would undo it ("port
// 22 is closed" suggested "close port 22").
func TestPortSaidClosed(t *testing.T) {
	checkReadings(t, []reading{
		{text: "port 22 is closed", sugs: []string{"is port 22 open", "open port 22"}, hintHas: "a router"},
		{text: "port 80 is blocked", sugs: []string{"is port 80 open", "open port 80"}, hintHas: "ss -lntup"},
		{text: "port 8080 is not open", sugs: []string{"is port 8080 open", "open port 8080"}, hintHas: "firewall"},
		{text: "port 443 is still open", sugs: []string{"is port 443 open", "close port 443"}, hintHas: "firewall"},
		{text: "udp port 53 is blocked", sugs: []string{"is udp port 53 open", "open udp port 53"}, hintHas: "firewall"},
		{text: "why can't I access port 8080", sugs: []string{"is port 8080 open", "open port 8080"}, hintHas: "a router"},
		{text: "I can't connect to port 22", sugs: []string{"is port 22 open", "open port 22"}, hintHas: "listens on it"},
		{text: "nginx is not reachable", sugs: []string{"is nginx enabled"}, hintHas: "systemctl status"},
		{text: "is port 22 open", want: intent.Intent{Kind: intent.ShowOption, Option: "networking.firewall.allowedTCPPorts", Value: int64(22)}},
	})
}

// TestBackOnAndReEnabled: "re-enable bluetooth", "turn the firewall back
// on" are the switch said again.
func TestBackOnAndReEnabled(t *testing.T) {
	checkReadings(t, []reading{
		{text: "re-enable bluetooth", want: on("hardware.bluetooth.enable", "bluetooth")},
		{text: "turn the firewall back on", want: on("networking.firewall.enable", "firewall")},
		{text: "turn bluetooth back off", want: off("hardware.bluetooth.enable", "bluetooth")},
	})
}

// TestFirewallOnlyThis: "only allow ssh", "close all ports except 22"
// are what the firewall does already; the listing and the request that
// opens what was said are offered ("close port 443" was).
func TestFirewallOnlyThis(t *testing.T) {
	checkReadings(t, []reading{
		{text: "only allow ssh", sugs: []string{"which ports are open", "open the ssh port"}, hintHas: "already blocks every incoming port"},
		{text: "allow only port 22", sugs: []string{"which ports are open", "open port 22"}, hintHas: "openFirewall"},
		{text: "close all ports except 22 and 443", sugs: []string{"which ports are open", "open ports 22 and 443"}, hintHas: "close the others by number"},
		{text: "block all incoming connections", sugs: []string{"which ports are open", "enable the firewall"}, hintHas: "already blocks"},
		{text: "close all ports", sugs: []string{"which ports are open", "enable the firewall"}, hintHas: "closes every port"},
		{text: "open port 8080 for alice only", sugs: []string{"open port 443", "open udp port 53"}},
	})
}

// TestSSHOnAnotherPort: "open ssh on port 2222" is sshd's port list, as
// "enable ssh on port 2222" is answered ("open port 443" was suggested).
func TestSSHOnAnotherPort(t *testing.T) {
	checkReadings(t, []reading{
		{text: "open ssh on port 2222", sugs: []string{}, hintHas: "services.openssh.ports = [ 2222 ]"},
		{text: "enable ssh on port 2222", sugs: []string{}, hintHas: "services.openssh.ports = [ 2222 ]"},
		{text: "open the ssh port", want: openPort("tcp", 22)},
	})
}
