package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoNetworkStack keeps the HTTP and TLS packages out of ask-nix. It
// never speaks HTTP (the daemon does), and every package in the binary
// costs start-up time on every run: net/http and crypto/tls came in once
// through a compression library and added 1.6 MB and about 0.2 ms to
// each command, `ask-nix generations` included.
func TestNoNetworkStack(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list ask-nix's packages: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		switch dep {
		case "net/http", "crypto/tls", "crypto/x509":
			why, _ := exec.Command(goTool, "list", "-deps", "-f", `{{.ImportPath}}: {{join .Imports " "}}`, ".").Output()
			var importers []string
			for _, line := range strings.Split(string(why), "\n") {
				if name, imports, ok := strings.Cut(line, ": "); ok && strings.Contains(" "+imports+" ", " "+dep+" ") {
					importers = append(importers, name)
				}
			}
			t.Errorf("ask-nix depends on %s (imported by %s); keep it out of the CLI", dep, strings.Join(importers, ", "))
		}
	}
}
