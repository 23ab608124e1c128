package playground

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"testing"
)

// The committed options.json.gz is what genoptions makes of the real
// NixOS options in nixmodule/testdata: regenerate it when either changes.
func TestOptionsFileIsCurrent(t *testing.T) {
	real, err := os.ReadFile("../testdata/nixos-options.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	want, err := SelectOptions(real)
	if err != nil {
		t.Fatal(err)
	}
	gz, err := standin.ReadFile("options.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("nixmodule/playground/options.json.gz is stale: run go run ./nixmodule/playground/genoptions")
	}
	var opts map[string]map[string]any
	if err := json.Unmarshal(got, &opts); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"services.openssh.enable", "networking.firewall.allowedTCPPorts", "time.timeZone", "nixpkgs.config", "boot.supportedFilesystems", "programs.vim.defaultEditor"} {
		if opts[name]["type"] == nil {
			t.Errorf("the playground's options lack %s", name)
		}
	}
}
