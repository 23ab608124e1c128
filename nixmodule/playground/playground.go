// Package playground sets up a folder where the whole nix-humanity
// pipeline runs with real Nix on a machine without NixOS: its own
// fragment, system profile, state directory and run directory, and a
// system to build that is a STAND-IN for NixOS (nixos.nix, pkgs.nix,
// embedded here). The stand-in evaluates the real fragment and builds a
// toplevel laid out like NixOS's with /bin/sh; only NixOS itself is
// faked. The same stand-in is what the real-Nix tests build.
package playground

import (
	"bufio"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
	"github.com/nix-humanity/nix-humanity/nixmodule/fragment"
)

//go:embed nixos.nix pkgs.nix options.json.gz
var standin embed.FS

// Layout is where everything lives inside a playground folder.
type Layout struct {
	Dir string
	// Config is the settings file; point NIX_HUMANITY_CONFIG at it.
	Config        string
	Fragment      string
	Profile       string
	StateDir      string
	RunDir        string
	SystemDir     string // the stand-in system: default.nix, nixos.nix, pkgs.nix
	ActivationLog string // what the stand-in switch-to-configuration was asked to do
	// OptionsJSON is part of NixOS's real options.json (options.go), for
	// `ask-nix index update` to index as it would on NixOS.
	OptionsJSON string
}

// LayoutOf returns the layout of a playground in dir.
func LayoutOf(dir string) (Layout, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Layout{}, err
	}
	return Layout{
		Dir:           abs,
		Config:        filepath.Join(abs, "config.json"),
		Fragment:      filepath.Join(abs, "nix-humanity.nix"),
		Profile:       filepath.Join(abs, "profiles", "system"),
		StateDir:      filepath.Join(abs, "state"),
		RunDir:        filepath.Join(abs, "run"),
		SystemDir:     filepath.Join(abs, "system"),
		ActivationLog: filepath.Join(abs, "activation.log"),
		OptionsJSON:   filepath.Join(abs, "options.json.gz"),
	}, nil
}

// Options adjust a playground's settings.
type Options struct {
	// Debounce for the daemon; "" keeps 200ms.
	Debounce string
	// HealthCheck runs the stand-in system's own health check after
	// every activation (it fails when standin.failHealthCheck = true).
	HealthCheck bool
}

// Write creates (or refreshes) a playground in dir: the stand-in system
// files and the settings are written every time, the fragment only when
// there is none, so edits survive. It builds nothing; the first pass
// does.
func Write(dir string, opts Options) (Layout, error) {
	l, err := LayoutOf(dir)
	if err != nil {
		return l, err
	}
	for _, d := range []string{l.Dir, l.SystemDir, filepath.Dir(l.Profile), l.StateDir, l.RunDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return l, fmt.Errorf("playground: %w", err)
		}
	}
	for _, name := range []string{"nixos.nix", "pkgs.nix"} {
		data, err := standin.ReadFile(name)
		if err != nil {
			return l, err
		}
		if err := writeIfChanged(filepath.Join(l.SystemDir, name), data); err != nil {
			return l, err
		}
	}
	if err := writeIfChanged(filepath.Join(l.SystemDir, "default.nix"), defaultNix(l)); err != nil {
		return l, err
	}
	// Outside the system folder, which the daemon watches.
	options, err := standin.ReadFile("options.json.gz")
	if err != nil {
		return l, err
	}
	if err := writeIfChanged(l.OptionsJSON, options); err != nil {
		return l, err
	}
	if _, err := os.Stat(l.Fragment); errors.Is(err, os.ErrNotExist) {
		if err := atomicfile.Write(l.Fragment, fragment.New().Render(), 0o644); err != nil {
			return l, fmt.Errorf("playground: %w", err)
		}
	}
	cfg, err := configJSON(l, opts)
	if err != nil {
		return l, err
	}
	if err := writeIfChanged(l.Config, cfg); err != nil {
		return l, err
	}
	return l, nil
}

// writeIfChanged leaves an unchanged file alone, so a watcher on the
// folder sees no event.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && string(old) == string(data) {
		return nil
	}
	if err := atomicfile.Write(path, data, 0o644); err != nil {
		return fmt.Errorf("playground: %w", err)
	}
	return nil
}

// defaultNix calls the stand-in with this playground's paths. Every path
// is a quoted Nix string, whatever characters the folder's name has.
func defaultNix(l Layout) []byte {
	return []byte(`# nix-humanity playground: the system the reconciler builds in this folder.
# It is a STAND-IN for NixOS (see nixos.nix), built from the real fragment.
# Written by nix-humanityd --playground; rewritten on every set-up.
import ./nixos.nix {
  fragment = /. + ` + fragment.Quote(l.Fragment) + `;
  runDir = ` + fragment.Quote(l.RunDir) + `;
  activationLog = ` + fragment.Quote(l.ActivationLog) + `;
}
`)
}

func configJSON(l Layout, opts Options) ([]byte, error) {
	debounce := opts.Debounce
	if debounce == "" {
		debounce = "200ms"
	}
	cfg := map[string]any{
		"fragment":    l.Fragment,
		"profile":     l.Profile,
		"stateDir":    l.StateDir,
		"runDir":      l.RunDir,
		"system":      l.SystemDir,
		"systemAttr":  "system",
		"systemdRun":  "never",
		"debounce":    debounce,
		"watchPaths":  []string{l.SystemDir},
		"nixpkgs":     filepath.Join(l.SystemDir, "pkgs.nix"),
		"optionsJson": l.OptionsJSON,
	}
	if opts.HealthCheck {
		cfg["healthChecks"] = []map[string]any{{
			"argv":    []string{filepath.Join(l.RunDir, "current-system", "bin", "standin-health-check")},
			"timeout": "10s",
		}}
	}
	data, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// Boot makes the playground look freshly booted into the running system:
// run/booted-system points where run/current-system does, as after a
// reboot of a real machine.
func Boot(l Layout) error {
	target, err := os.Readlink(filepath.Join(l.RunDir, "current-system"))
	if err != nil {
		return fmt.Errorf("playground: nothing is running yet to boot into: %w", err)
	}
	tmp := filepath.Join(l.RunDir, ".booted-system.tmp")
	_ = os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(l.RunDir, "booted-system"))
}

// Activation is one call of the stand-in switch-to-configuration.
type Activation struct {
	Action            string
	Toplevel          string
	InstallBootloader bool
}

// ReadActivations reads the stand-in's activation log, oldest first; a
// missing log is an empty list.
func ReadActivations(l Layout) ([]Activation, error) {
	f, err := os.Open(l.ActivationLog)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Activation
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		out = append(out, Activation{Action: fields[0], Toplevel: fields[1], InstallBootloader: len(fields) > 2 && fields[2] == "install-bootloader"})
	}
	return out, sc.Err()
}

// WriteFlake writes, in dir, the stand-in system as a NixOS flake would
// have it: flake.nix with nixosConfigurations.<host>.config (the whole
// configuration, with config.system.build.toplevel in it) built from
// dir/nix-humanity.nix, which the caller makes the fragment. For tests
// and trials of flake systems; l gives the run directory and activation
// log. The flake names x86_64-linux, as flakes must name a system.
// inputs, if any, are declared in flake.nix and passed to its outputs, in
// the order given: inputs for an update to move.
func WriteFlake(dir string, l Layout, host string, inputs ...FlakeInput) error {
	decl, args := "", "self"
	for _, in := range inputs {
		if !fragment.IsIdent(in.Name) || in.Name == "self" {
			return fmt.Errorf("playground: a flake input named %q cannot be passed to the flake's outputs: name it as a Nix identifier other than self; nothing was written", in.Name)
		}
		decl += "inputs." + in.Name + " = { url = " + fragment.Quote("path:"+in.Path) + "; flake = false; };\n  "
		args += ", " + in.Name
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("playground: %w", err)
	}
	for _, name := range []string{"nixos.nix", "pkgs.nix"} {
		data, err := standin.ReadFile(name)
		if err != nil {
			return err
		}
		if err := writeIfChanged(filepath.Join(dir, name), data); err != nil {
			return err
		}
	}
	flake := `{
  ` + decl + `outputs = { ` + args + ` }: {
    nixosConfigurations.` + fragment.Quote(host) + ` = let
      s = import ./nixos.nix {
        system = "x86_64-linux";
        hostName = ` + fragment.Quote(host) + `;
        fragment = ./nix-humanity.nix;
        runDir = ` + fragment.Quote(l.RunDir) + `;
        activationLog = ` + fragment.Quote(l.ActivationLog) + `;
      };
    in { config = s.config // { system = s.config.system // { build.toplevel = s.system; }; }; };
  };
}
`
	return writeIfChanged(filepath.Join(dir, "flake.nix"), []byte(flake))
}

// FlakeInput is an input of the playground's flake that is a folder of
// this machine and no flake itself (flake = false): its content is all
// there is to lock.
type FlakeInput struct {
	Name string // how flake.nix names it: a Nix identifier
	Path string // the folder, absolute
}
