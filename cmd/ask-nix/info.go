package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/nix-humanity/nix-humanity/intent"
	"github.com/nix-humanity/nix-humanity/intent/plan"
	"github.com/nix-humanity/nix-humanity/internal/termtext"
	"github.com/nix-humanity/nix-humanity/internal/version"
	"github.com/nix-humanity/nix-humanity/nixmodule/catalog"
	"github.com/nix-humanity/nix-humanity/reconciler"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
	"github.com/nix-humanity/nix-humanity/reconciler/sysinfo"
)

func newInfoCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "info",
		Short: "Show the system: NixOS and Nix versions, generations, configuration, store, reconciler, index",
		Long: `Shows what a person asks first about a NixOS machine: NixOS version,
kernel, the current and booted generation, uptime, the Nix version, where
the configuration comes from (flake and revision, or channel), how full the
store's filesystem is (from statfs, without walking the store), what the
reconciler is doing, and how old the package index is. Also as a request:
ask-nix "show system info".`,
		Example: `  ask-nix info
  ask-nix info --json
  ask-nix "show system info"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runInfo(cmd.Context(), g)
		},
	}
}

// runInfoIntent carries out the intent when it arrives as free text.
func runInfoIntent(ctx context.Context, g *globals, _ intent.Intent) error {
	return runInfo(ctx, g)
}

// infoJSON is `ask-nix info --json`.
type infoJSON struct {
	sysinfo.Info
	// AskNixVersion is this ask-nix's own version, for a bug report
	// ("ask-nix version" is a request for info). Added later.
	AskNixVersion string         `json:"askNixVersion"`
	Reconciler    reconcilerInfo `json:"reconciler"`
	Index         indexInfo      `json:"index"`
}

type reconcilerInfo struct {
	Phase string `json:"phase"`
	// Running: a nix-humanityd runs (holds the daemon lock).
	Running bool `json:"running"`
	// DaemonRunning is Running under status's name for it (added later,
	// so a tool reads the same key in both; running stays).
	DaemonRunning bool `json:"daemonRunning"`
	// Pending: what waits for a pass (status's queue).
	Pending    []string `json:"pending,omitempty"`
	LastResult string   `json:"lastResult,omitempty"`
	LastPass   string   `json:"lastPass,omitempty"`
	LastError  string   `json:"lastError,omitempty"`
	Generation int      `json:"generation,omitempty"`
	Error      string   `json:"error,omitempty"`
}

type indexInfo struct {
	Exists     bool    `json:"exists"`
	Path       string  `json:"path,omitempty"`
	Packages   int     `json:"packages"`
	Options    int     `json:"options"`
	AgeSeconds float64 `json:"ageSeconds,omitempty"`
	Stale      bool    `json:"stale"`
	Error      string  `json:"error,omitempty"`
}

func runInfo(ctx context.Context, g *globals) error {
	s, err := g.Settings()
	if err != nil {
		return err
	}
	out := infoJSON{Info: sysinfo.Gather(ctx, sysinfo.Sources{
		Profile:       s.Profile,
		CurrentSystem: s.CurrentSystem(),
		BootedSystem:  s.BootedSystem(),
		System:        s.System,
		Runner:        g.runner,
	}), AskNixVersion: version.Version}

	if st, err := reconciler.Status(s); err != nil {
		out.Reconciler.Error = err.Error()
	} else {
		out.Reconciler.Phase, out.Reconciler.Running, out.Reconciler.Pending = string(st.Phase), st.DaemonRunning, st.Queue
		out.Reconciler.DaemonRunning = st.DaemonRunning
		out.Reconciler.Generation = st.CurrentGeneration
		if p := st.LastPass; p != nil {
			out.Reconciler.LastResult = string(p.Result)
			if !p.Finished.IsZero() {
				out.Reconciler.LastPass = p.Finished.UTC().Format(time.RFC3339)
			}
			out.Reconciler.LastError = p.Error
		}
	}

	// What `ask-nix index` would say to do about the index, in a few
	// words: past the cache lifetime, only a source that changed (or a
	// flake, which cannot be checked) is worth a word.
	var indexAdvice []string
	ix, path, err := catalog.OpenDefault(s)
	switch {
	case errors.Is(err, catalog.ErrNoIndex):
	case err != nil:
		out.Index.Error = err.Error()
	default:
		f := ix.Check(time.Now(), s.CacheTTL, s.OptionsJSON)
		out.Index = indexInfo{Exists: true, Path: path, Packages: ix.Packages(), Options: ix.Options(),
			AgeSeconds: f.Age.Round(time.Second).Seconds(), Stale: f.Stale}
		indexAdvice = indexHints(ix, f, s)
		ix.Close()
	}

	if g.json {
		return g.printJSON(out)
	}
	// As text: the last error's first line in its row (ask-nix status
	// has more), and every string read from a file (the state, the
	// system's) made safe to print.
	first, _, _ := strings.Cut(strings.TrimSpace(out.Reconciler.LastError), "\n")
	out.Reconciler.LastError = strings.TrimSuffix(first, "\r")
	out = termtext.Copy(out)
	var b strings.Builder
	row := func(label, format string, args ...any) {
		fmt.Fprintf(&b, "%-14s %s\n", label+":", fmt.Sprintf(format, args...))
	}
	i := out.Info
	nixos := i.NixOSVersion
	if nixos == "" {
		nixos = "not NixOS (no " + s.CurrentSystem() + "/nixos-version)"
		if i.OS != "" {
			nixos += ", " + i.OS
		}
	}
	row("NixOS", "%s", nixos)
	row("Host", "%s", orUnknown(i.Hostname))
	row("Kernel", "%s", orUnknown(i.Kernel))
	row("Time zone", "%s", orUnknown(i.TimeZone))
	row("Uptime", "%s", humanUptime(i.UptimeSeconds))
	row("Generation", "%s", generationLine(i))
	row("Nix", "%s", orUnknown(i.NixVersion))
	row("ask-nix", "%s", out.AskNixVersion)
	row("Configuration", "%s", configLine(i.Config))
	store := fmt.Sprintf("%s used, %s free of %s", bytesHuman(i.Store.UsedBytes), bytesHuman(i.Store.FreeBytes), bytesHuman(i.Store.TotalBytes))
	if i.Store.Shared {
		store += " (the filesystem holding " + i.Store.Path + ", shared with other data)"
	} else {
		store += " (filesystem of " + i.Store.Path + ")"
	}
	row("Store", "%s", store)
	row("Reconciler", "%s", reconcilerLine(out.Reconciler, time.Now()))
	switch x := out.Index; {
	case x.Error != "":
		row("Index", "unreadable: %s", x.Error)
	case !x.Exists:
		row("Index", "none yet (ask-nix index update); package names are unchecked")
	default:
		line := fmt.Sprintf("%s, %s, built %s ago", count(x.Packages, "package"), count(x.Options, "option"), reconciler.Ago(time.Duration(x.AgeSeconds)*time.Second))
		for _, h := range indexAdvice {
			line += "; " + h
		}
		row("Index", "%s", line)
	}
	for _, p := range i.Problems {
		row("Note", "%s", p)
	}
	_, err = fmt.Fprint(g.stdout, b.String())
	return err
}

// reconcilerLine is info's Reconciler row: the phase, then the last pass
// with when it ended as status says it ("12 min ago", and the local
// time), not as the JSON's RFC 3339 UTC stamp.
func reconcilerLine(r reconcilerInfo, now time.Time) string {
	phase := r.Phase
	if !r.Running && (phase == string(state.PhaseIdle) || phase == "") {
		phase = "not running"
	}
	pending := ""
	if len(r.Pending) > 0 {
		pending = "; pending: " + strings.Join(r.Pending, "; ")
	}
	switch {
	case r.Error != "":
		return "state unreadable: " + r.Error
	case r.LastResult == "":
		return phase + ", no pass recorded yet" + pending
	}
	line := fmt.Sprintf("%s; last pass %s", phase, strings.ReplaceAll(r.LastResult, "_", " "))
	if t, err := time.Parse(time.RFC3339, r.LastPass); err == nil {
		line += fmt.Sprintf(" %s ago (%s)", reconciler.Ago(now.Sub(t)), t.Local().Format(time.DateTime))
	}
	if r.LastError != "" {
		line += ": " + r.LastError
	}
	return line + pending
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func generationLine(i sysinfo.Info) string {
	if i.CurrentGeneration == 0 {
		return "none (no system profile)"
	}
	line := fmt.Sprintf("%d current", i.CurrentGeneration)
	switch {
	case i.BootedGeneration == i.CurrentGeneration:
		line += ", booted"
	case i.BootedGeneration > 0:
		line += fmt.Sprintf(", %d booted", i.BootedGeneration)
	case i.BootedSystem != "":
		line += ", booted system is in no generation"
	}
	switch {
	case i.RunningDiffers && i.RunningGeneration > 0:
		// As status says it: "generation 4 (running 5, booted 1)".
		line += fmt.Sprintf("; generation %d runs (after a rollback or apply with action boot or test; the current one is what the next boot starts)", i.RunningGeneration)
	case i.RunningDiffers:
		line += "; the running system is in no generation (activated with test; the current one is what the next boot starts)"
	}
	if len(i.RebootFor) > 0 {
		line += "; reboot needed for the new " + plan.AndList(i.RebootFor)
	}
	return line
}

func configLine(c sysinfo.Config) string {
	switch c.Kind {
	case "flake":
		line := "flake " + c.Ref
		if c.Revision != "" {
			rev := c.Revision
			if len(rev) > 12 {
				rev = rev[:12]
			}
			line += ", revision " + rev
			if c.Branch != "" {
				line += " (" + c.Branch + ")"
			}
			if c.Uncommitted {
				// What Nix builds then is the working tree ("Git tree
				// ... is dirty"), not that commit.
				line += " with uncommitted changes"
			}
		}
		if c.NixpkgsRevision != "" {
			line += fmt.Sprintf(", nixpkgs %.12s", c.NixpkgsRevision)
			if c.NixpkgsDate != "" {
				line += " of " + c.NixpkgsDate
			}
		}
		return line
	case "file":
		return "file " + c.Ref
	}
	line := "channel " + c.Ref
	if c.Channel != "" {
		line += " from " + c.Channel
	}
	if c.ChannelPath != "" {
		line += " (" + c.ChannelPath + ")"
	} else {
		line += " (no nixos channel found)"
	}
	return line
}

func humanUptime(sec float64) string {
	if sec <= 0 {
		return "unknown"
	}
	d := time.Duration(sec) * time.Second
	days := int(d.Hours()) / 24
	h := int(d.Hours()) % 24
	m := int(d.Minutes()) % 60
	if days > 0 {
		return fmt.Sprintf("%d days, %d h %d min", days, h, m)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

func bytesHuman(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
