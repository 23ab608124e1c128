package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/internal/settings"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/build"
)

// configSetting is one row of `ask-nix config --json`.
type configSetting struct {
	Key    string `json:"key"`
	Env    string `json:"env"`
	Flag   string `json:"flag,omitempty"`
	Value  string `json:"value"`
	Source string `json:"source"` // "default", "<file>:<line>", "env NAME" or "flag --name"
}

// configFile is a settings file and whether it exists.
type configFile struct {
	Path   string `json:"path"`
	Exists bool   `json:"exists"`
}

// configResult is the --json result of `ask-nix config`.
type configResult struct {
	Files    map[string]configFile `json:"files"`
	Settings []configSetting       `json:"settings"`
	// Builds is what a pass evaluates, as the system and systemAttr
	// settings resolve on this machine (an empty system: /etc/nixos's
	// flake for this host, or <nixpkgs/nixos>); BuildsError why they
	// name nothing to build.
	Builds      string `json:"builds,omitempty"`
	BuildsError string `json:"buildsError,omitempty"`
	// Unwatched is the local folder (a flake's) or file the system is
	// built from when no watch path holds it: a hand edit there (a new
	// flake.lock) starts no pass of nix-humanityd's.
	Unwatched string `json:"unwatched,omitempty"`
}

// unwatchedSystem is the folder of a flake on this machine, or the Nix
// file or folder, that t is built from when none of watchPaths is it or
// holds it; "" when one does, or when t is nothing on this machine (a
// flake elsewhere, <nixpkgs/nixos>).
func unwatchedSystem(t build.Target, watchPaths []string) string {
	var path string
	switch {
	case t.IsFlake():
		if lock := t.LockFile(); lock != "" {
			path = filepath.Dir(lock)
		}
	case filepath.IsAbs(t.File):
		path = filepath.Clean(t.File)
	}
	if path == "" {
		return ""
	}
	for _, w := range watchPaths {
		if w == path || strings.HasPrefix(path, strings.TrimSuffix(w, "/")+"/") {
			return ""
		}
	}
	return path
}

func newConfigCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "config [setting]",
		Short: "Show the effective settings and where each one came from",
		Long: `config shows every setting ask-nix and nix-humanityd use, its value, and
where the value came from. Layers, lowest first: built-in default,
/etc/nix-humanity/config.json (written by the NixOS module; another file
with NIX_HUMANITY_CONFIG), ~/.config/nix-humanity/backend.conf (KEY=VALUE
lines with the NIX_HUMANITY_* names), environment variables, flags.

With a setting name (as in config.json, or its NIX_HUMANITY_* name) it
prints only that value, for scripts.`,
		Example: `  ask-nix config
  ask-nix config --json
  ask-nix config stateDir
  NIX_HUMANITY_ACTION=boot ask-nix config NIX_HUMANITY_ACTION`,
		Args: cobra.MaximumNArgs(1),
		// Tab completes the setting names, as config.json spells them.
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []string
			for _, k := range settings.Keys() {
				names = append(names, k.Name+"\t"+k.Help)
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			key := ""
			if len(args) == 1 {
				key = args[0]
			}
			return runConfig(g, key)
		},
	}
}

func runConfig(g *globals, key string) error {
	s, err := g.Settings()
	if err != nil {
		return err
	}
	res := configResult{Files: map[string]configFile{}, Settings: []configSetting{}}
	sys, user := s.Files()
	for name, p := range map[string]string{"system": sys, "user": user} {
		if p == "" {
			continue
		}
		_, statErr := os.Stat(p)
		res.Files[name] = configFile{Path: p, Exists: statErr == nil}
	}
	for _, k := range settings.Keys() {
		if key != "" && key != k.Name && key != k.Env {
			continue
		}
		res.Settings = append(res.Settings, configSetting{Key: k.Name, Env: k.Env, Flag: k.Flag, Value: s.Value(k.Name), Source: s.Source(k.Name)})
	}
	if key != "" {
		if len(res.Settings) == 0 {
			return unknownSetting(key)
		}
		one := res.Settings[0]
		if g.json {
			return g.printJSON(one)
		}
		fmt.Fprintln(g.stdout, one.Value)
		return nil
	}
	if t, err := (&reconciler.Reconciler{Settings: s}).Target(); err != nil {
		res.BuildsError = err.Error()
	} else {
		res.Builds = t.String()
		res.Unwatched = unwatchedSystem(t, s.WatchPaths)
	}
	if g.json {
		return g.printJSON(res)
	}
	for _, name := range []string{"system", "user"} {
		f, ok := res.Files[name]
		if !ok {
			continue
		}
		state := "read"
		if !f.Exists {
			state = "not present"
		}
		fmt.Fprintf(g.stdout, "%-6s settings: %s (%s)\n", name, f.Path, state)
	}
	fmt.Fprintln(g.stdout)
	tw := tabwriter.NewWriter(g.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SETTING\tVALUE\tFROM")
	help := map[string]string{}
	for _, k := range settings.Keys() {
		help[k.Name] = k.Help
	}
	for _, c := range res.Settings {
		v := c.Value
		if v == "" {
			v = emptyMeans(help[c.Key])
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Key, v, c.Source)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// What the system settings come to, as nixos-rebuild and nh say
	// which configuration they build: an empty system and a flake's
	// host are resolved here, and a flake does not use systemAttr.
	switch {
	case res.BuildsError != "":
		fmt.Fprintf(g.stdout, "\nbuilds: nothing: %s\n", res.BuildsError)
	case strings.Contains(res.Builds, "#"):
		fmt.Fprintf(g.stdout, "\nbuilds: %s (a flake: systemAttr is not used)\n", res.Builds)
	default:
		fmt.Fprintf(g.stdout, "\nbuilds: %s\n", res.Builds)
	}
	if res.Unwatched != "" {
		what := "it"
		if strings.Contains(res.Builds, "#") {
			what = "its flake.nix or flake.lock"
		}
		watched := "watchPaths is empty"
		if len(s.WatchPaths) > 0 {
			watched = "watchPaths (" + strings.Join(s.WatchPaths, ", ") + ") does not hold it"
		}
		fmt.Fprintf(g.stdout, "not watched: %s: %s, so nix-humanityd builds ask-nix's edits but not a hand edit of %s (ask-nix apply --force builds that); add it to watchPaths to have those built too\n", res.Unwatched, watched, what)
	}
	return nil
}

// unknownSetting is a setting name config does not know: a command line
// not understood (exit 2).
func unknownSetting(key string) error {
	var names, lower []string
	for _, k := range settings.Keys() {
		names = append(names, k.Name)
		lower = append(lower, strings.ToLower(k.Name))
		if strings.EqualFold(key, k.Name) || strings.EqualFold(key, k.Env) {
			return usageError{fmt.Errorf("no setting %q (did you mean %s?)", key, k.Name)}
		}
	}
	// A setting's name mistyped, as a command's or a flag's is.
	if near := closestName(strings.ToLower(key), lower); near != "" {
		return usageError{fmt.Errorf("no setting %q (did you mean %s?)", key, names[slices.Index(lower, near)])}
	}
	return usageError{fmt.Errorf("no setting %q; the settings are: %s", key, strings.Join(names, ", "))}
}

// emptyMeans is what config shows for a setting left empty: what empty
// means, as its help says ("(empty: state directory, or
// ~/.cache/nix-humanity)"), else "(none)" (no watch paths, no
// options.json).
func emptyMeans(help string) string {
	i := strings.Index(help, "(empty: ")
	if i < 0 {
		return "(none)"
	}
	depth := 0
	for j := i; j < len(help); j++ {
		switch help[j] {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return help[i : j+1]
			}
		}
	}
	return "(none)"
}
