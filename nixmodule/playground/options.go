package playground

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// optionPrefixes are the parts of NixOS's real options.json the
// playground's option index keeps, beside every *.enable option: the
// settings ask-nix's own words reach (ssh, firewall, time, locale,
// keyboard, nix, nixpkgs, upgrades, file systems, editors, EDITOR, sleep
// and the lid, the CPU governor, the boot loader, hardware, touchpads,
// the ssh agent, auto login, docker at boot, OBS's virtual camera); TestPlaygroundOptionsCoverThePhrasings
// finds what is missing. The stand-in
// accepts any option; the index makes ask-nix check names and types in
// the playground as it does on NixOS.
var optionPrefixes = []string{
	"services.openssh.", "networking.", "time.", "i18n.", "console.",
	"nix.gc.", "nix.optimise.", "nix.settings.", "nixpkgs.",
	"system.autoUpgrade.", "services.xserver.xkb.", "boot.supportedFilesystems",
	"programs.vim.", "programs.neovim.", "services.automatic-timezoned.",
	"environment.variables", "systemd.targets.", "services.logind.", "boot.kernel.sysctl",
	"powerManagement.cpuFreqGovernor", "nix.settings", "boot.loader.", "hardware.",
	"services.libinput.", "programs.ssh.", "services.displayManager.autoLogin.",
	"virtualisation.docker.enableOnBoot", "programs.obs-studio.enableVirtualCamera",
}

// optionFields are the fields of an option the index reads.
var optionFields = []string{"type", "loc", "description", "default", "readOnly"}

// SelectOptions cuts a NixOS options.json (plain or gzip) down to the
// options the playground indexes, as compact JSON with sorted keys:
// cmd genoptions writes it to options.json.gz, and a test holds the
// committed file to this.
func SelectOptions(data []byte) ([]byte, error) {
	if len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		if data, err = io.ReadAll(zr); err != nil {
			return nil, err
		}
	}
	var all map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, fmt.Errorf("options.json: %w", err)
	}
	out := map[string]map[string]json.RawMessage{}
	for name, o := range all {
		if !keepOption(name) {
			continue
		}
		kept := map[string]json.RawMessage{}
		for _, f := range optionFields {
			if v, ok := o[f]; ok {
				kept[f] = v
			}
		}
		out[name] = kept
	}
	return json.Marshal(out) // map keys come out sorted
}

func keepOption(name string) bool {
	if strings.HasSuffix(name, ".enable") {
		return true
	}
	for _, p := range optionPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
