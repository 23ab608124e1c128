// Package sysinfo gathers what `ask-nix info` shows about the machine:
// NixOS version, kernel, current and booted generation, uptime, Nix
// version, where the configuration comes from, and how full the store's
// filesystem is. It reads small files and links only (and runs
// `nix --version`); nothing here walks the store.
package sysinfo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nix-humanity/nix-humanity/nixmodule/nixrun"
	"github.com/nix-humanity/nix-humanity/reconciler/build"
	"github.com/nix-humanity/nix-humanity/reconciler/generation"
	"github.com/nix-humanity/nix-humanity/reconciler/reboot"
)

// Info is what `ask-nix info --json` prints (with the reconciler and
// index parts added by the command).
type Info struct {
	Hostname     string `json:"hostname"`
	OS           string `json:"os"`
	NixOSVersion string `json:"nixosVersion"`
	Kernel       string `json:"kernel"`
	// TimeZone is the zone /etc/localtime links to (time.timeZone on
	// NixOS); "" when it is no link into a zoneinfo directory.
	TimeZone string `json:"timeZone"`
	// CurrentGeneration is the profile's current generation;
	// BootedGeneration the one whose system the machine booted. 0: not
	// known.
	CurrentGeneration int    `json:"currentGeneration"`
	BootedGeneration  int    `json:"bootedGeneration"`
	CurrentSystem     string `json:"currentSystem,omitempty"`
	BootedSystem      string `json:"bootedSystem,omitempty"`
	// RunningDiffers: the running system is not the profile's current
	// generation (activated with `test`, or a `boot` waiting for a
	// reboot).
	RunningDiffers bool `json:"runningDiffers,omitempty"`
	// RunningGeneration is the generation whose system runs (of several
	// that share it, the current one, else the newest, as status's
	// runningGeneration); 0 when it is none of the profile's (a test
	// activation of a new system) or not known. Added later.
	RunningGeneration int `json:"runningGeneration,omitempty"`
	// RebootFor lists what only a reboot brings in: the current system's
	// kernel, initrd or kernel modules, where they differ from the
	// booted system's.
	RebootFor     []string      `json:"rebootFor,omitempty"`
	UptimeSeconds float64       `json:"uptimeSeconds"`
	NixVersion    string        `json:"nixVersion"`
	Config        Config        `json:"configuration"`
	Store         Store         `json:"store"`
	Problems      []string      `json:"problems,omitempty"`
	Took          time.Duration `json:"-"`
}

// Config is where the system configuration comes from.
type Config struct {
	Kind string `json:"kind"` // "flake", "channel" or "file"
	// Ref is the flake reference or file built.
	Ref  string `json:"ref"`
	Path string `json:"path,omitempty"` // the flake's or file's directory
	// Revision is the git commit checked out at Path (flakes), with
	// Branch when on one.
	Revision string `json:"revision,omitempty"`
	Branch   string `json:"branch,omitempty"`
	// Uncommitted: git says tracked files differ from Revision (changed,
	// or staged), so a system built now is of the working tree, which
	// Nix calls dirty, not of that commit. False when unknown (no git,
	// a repository this user may not read).
	Uncommitted bool `json:"uncommitted,omitempty"`
	// NixpkgsRevision is the nixpkgs locked in flake.lock.
	NixpkgsRevision string `json:"nixpkgsRevision,omitempty"`
	NixpkgsDate     string `json:"nixpkgsDate,omitempty"`
	// Channel is the nixos channel's URL and the store path it points
	// to (non-flake systems).
	Channel     string `json:"channel,omitempty"`
	ChannelPath string `json:"channelPath,omitempty"`
}

// Store is an estimate of the store's size from its filesystem.
type Store struct {
	Path       string `json:"path"`
	UsedBytes  uint64 `json:"usedBytes"`
	FreeBytes  uint64 `json:"freeBytes"`
	TotalBytes uint64 `json:"totalBytes"`
	// Shared: the filesystem also holds other data, so UsedBytes is an
	// upper bound for the store.
	Shared bool `json:"shared"`
}

// Sources says where to look; the zero value is a real NixOS machine.
type Sources struct {
	Profile       string // system profile link
	CurrentSystem string // /run/current-system
	BootedSystem  string // /run/booted-system
	System        string // settings.System: "" default, flake ref with #, or a file
	OSRelease     string // /etc/os-release
	Uptime        string // /proc/uptime
	LocalTime     string // /etc/localtime
	EtcNixos      string // /etc/nixos
	Channels      string // root's channels profile
	ChannelsFile  string // root's .nix-channels
	Store         string // /nix/store
	Hostname      func() (string, error)
	Runner        nixrun.Runner
}

func (s *Sources) defaults() {
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def(&s.Profile, "/nix/var/nix/profiles/system")
	def(&s.CurrentSystem, "/run/current-system")
	def(&s.BootedSystem, "/run/booted-system")
	def(&s.OSRelease, "/etc/os-release")
	def(&s.Uptime, "/proc/uptime")
	def(&s.LocalTime, "/etc/localtime")
	def(&s.EtcNixos, "/etc/nixos")
	def(&s.Channels, "/nix/var/nix/profiles/per-user/root/channels")
	def(&s.ChannelsFile, "/root/.nix-channels")
	def(&s.Store, "/nix/store")
	if s.Hostname == nil {
		s.Hostname = os.Hostname
	}
	if s.Runner == nil {
		s.Runner = nixrun.Exec{}
	}
}

// Gather collects everything it can; what cannot be read is left empty
// and said in Problems, never an error.
func Gather(ctx context.Context, src Sources) Info {
	start := time.Now()
	src.defaults()
	var info Info
	problem := func(format string, args ...any) {
		info.Problems = append(info.Problems, fmt.Sprintf(format, args...))
	}
	info.Hostname, _ = src.Hostname()
	info.OS = osRelease(src.OSRelease)
	if v, err := os.ReadFile(filepath.Join(src.CurrentSystem, "nixos-version")); err == nil {
		info.NixOSVersion = strings.TrimSpace(string(v))
	}
	var uts unix.Utsname
	if err := unix.Uname(&uts); err == nil {
		info.Kernel = unix.ByteSliceToString(uts.Release[:])
	}
	info.UptimeSeconds = uptime(src.Uptime)
	info.TimeZone = timeZone(src.LocalTime)

	info.CurrentSystem, _ = filepath.EvalSymlinks(src.CurrentSystem)
	info.BootedSystem, _ = filepath.EvalSymlinks(src.BootedSystem)
	sum, err := generation.Summarize(src.Profile, src.BootedSystem)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		problem("generations: %v", err)
	}
	info.CurrentGeneration, info.BootedGeneration = sum.Current, sum.Booted
	var currentTarget string
	if sum.Current > 0 {
		currentTarget, _ = filepath.EvalSymlinks(generation.LinkPath(src.Profile, sum.Current))
	}
	if currentTarget != "" && info.CurrentSystem != "" && currentTarget != info.CurrentSystem {
		info.RunningDiffers = true
	}
	switch {
	case !info.RunningDiffers && currentTarget != "" && info.CurrentSystem != "":
		info.RunningGeneration = sum.Current
	case info.RunningDiffers:
		// Which generation has the running system: found as the booted
		// one is, with the running system's link in its place.
		if run, err := generation.Summarize(src.Profile, src.CurrentSystem); err == nil {
			info.RunningGeneration = run.Booted
		}
	}
	info.RebootFor = reboot.Between(src.BootedSystem, src.CurrentSystem)

	info.NixVersion = nixVersion(ctx, src.Runner)
	if info.NixVersion == "" {
		problem("nix --version did not run: is Nix on PATH?")
	}
	info.Config = configSource(src, info.Hostname)
	if c := &info.Config; c.Kind == "flake" && c.Revision != "" {
		c.Uncommitted = uncommitted(ctx, src.Runner, c.Path)
	}
	st, err := storeUsage(src.Store)
	if err != nil {
		problem("store: %v", err)
	}
	info.Store = st
	info.Took = time.Since(start)
	return info
}

func osRelease(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return parseOSRelease(data)
}

// parseOSRelease reads the system's name from os-release's content.
func parseOSRelease(data []byte) string {
	vals := map[string]string{}
	for _, l := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(strings.TrimSuffix(l, "\r"), "=")
		if ok {
			vals[k] = osReleaseValue(v)
		}
	}
	if v := vals["PRETTY_NAME"]; v != "" {
		return v
	}
	return strings.TrimSpace(vals["NAME"] + " " + vals["VERSION"])
}

// osReleaseValue is an os-release value without its quotes
// (os-release(5)): in single quotes as it is, in double quotes with a
// backslash before $ " \ and ` taken away, as NixOS writes it.
func osReleaseValue(v string) string {
	if len(v) < 2 || v[0] != v[len(v)-1] || v[0] != '"' && v[0] != '\'' {
		return strings.Trim(v, `"'`) // unquoted, or quotes that do not pair
	}
	q, v := v[0], v[1:len(v)-1]
	if q == '\'' {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) && strings.IndexByte("$\"\\`", v[i+1]) >= 0 {
			i++
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

// timeZone reads the zone name from where the localtime link points:
// /etc/zoneinfo/Europe/Berlin on NixOS, /usr/share/zoneinfo/Etc/UTC
// elsewhere.
func timeZone(localtime string) string {
	target, err := os.Readlink(localtime)
	if err != nil {
		return ""
	}
	i := strings.LastIndex(target, "zoneinfo/")
	if i < 0 {
		return ""
	}
	return target[i+len("zoneinfo/"):]
}

func uptime(path string) float64 {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	return parseUptime(data)
}

// maxUptime is the most seconds a time.Duration holds.
const maxUptime = float64(math.MaxInt64 / int64(time.Second))

// parseUptime reads the seconds since boot from /proc/uptime's content
// ("12345.67 23456.78").
func parseUptime(data []byte) float64 {
	f, _, _ := strings.Cut(strings.TrimSpace(string(data)), " ")
	v, err := strconv.ParseFloat(f, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v >= maxUptime {
		// Not a time since boot ("nan", "inf", "-5", 1e400): unknown,
		// where NaN or an infinity made ask-nix info --json fail whole,
		// and one past a Duration's ~292 years was shown as negative days.
		return 0
	}
	return v
}

// Compiled on first use, not at every ask-nix start.
var nixVersionRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\d+\.\d+(\.\d+)?\S*`) })

func nixVersion(ctx context.Context, r nixrun.Runner) string {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	res, err := r.Run(ctx, nixrun.Cmd{Argv: []string{"nix", "--version"}})
	if err != nil {
		return ""
	}
	return parseNixVersion(res.Stdout)
}

// parseNixVersion reads the version from `nix --version`'s output ("nix
// (Nix) 2.24.10").
func parseNixVersion(out []byte) string {
	if v := nixVersionRE().FindString(string(out)); v != "" {
		return v
	}
	// No version number: its first line as it is (a wrapper's words),
	// not lines that would break ask-nix info's table.
	first, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return strings.TrimSpace(first)
}

// configSource works out where the configuration comes from, as the
// reconciler will build it (DESIGN.md): a flake reference with '#', a
// file, or by default /etc/nixos's flake or the nixos channel.
func configSource(src Sources, host string) Config {
	sys := src.System
	if sys == "" {
		if _, err := os.Stat(filepath.Join(src.EtcNixos, "flake.nix")); err == nil {
			sys = src.EtcNixos + "#" + host
		}
	}
	var c Config
	switch {
	case strings.Contains(sys, "#"):
		c.Kind, c.Ref = "flake", sys
		ref, _, _ := strings.Cut(sys, "#")
		// The folder as the reconciler reads its lock (with ?dir=).
		if lock := (build.Target{Flake: ref}).LockFile(); lock != "" {
			c.Path = filepath.Dir(lock)
			// path: and file: flakes are copied as they are, git or
			// not: no commit says what they build.
			if !strings.HasPrefix(ref, "path:") && !strings.HasPrefix(ref, "file:") {
				c.Revision, c.Branch = gitHead(c.Path)
			}
			c.NixpkgsRevision, c.NixpkgsDate = lockedNixpkgs(lock)
		}
	case sys != "":
		c.Kind, c.Ref, c.Path = "file", sys, sys
	default:
		c.Kind, c.Ref = "channel", "<nixpkgs/nixos>"
	}
	if c.Kind != "flake" {
		c.Channel = channelURL(src.ChannelsFile, "nixos")
		if p, err := filepath.EvalSymlinks(filepath.Join(src.Channels, "nixos")); err == nil {
			c.ChannelPath = p
		}
	}
	return c
}

// uncommitted reports whether git says the repository at dir has
// changes to tracked files, committed or not staged (untracked files,
// which a flake does not see, do not count); false when git cannot say.
func uncommitted(ctx context.Context, r nixrun.Runner, dir string) bool {
	// core.fsmonitor off: a repository's own config may name a command
	// for git status to run, which info has no reason to run.
	res, err := r.Run(ctx, nixrun.Cmd{Argv: []string{"git", "-c", "core.fsmonitor=false", "-C", dir, "status", "--porcelain", "--untracked-files=no"}})
	return err == nil && len(bytes.TrimSpace(res.Stdout)) > 0
}

// gitHead reads the checked-out commit without running git.
func gitHead(dir string) (rev, branch string) {
	gitDir := filepath.Join(dir, ".git")
	if data, err := os.ReadFile(gitDir); err == nil { // a worktree: "gitdir: PATH"
		if p, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir: "); ok {
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			gitDir = p
		}
	}
	head, err := os.ReadFile(filepath.Join(gitDir, "HEAD"))
	if err != nil {
		return "", ""
	}
	rev, ref := parseHead(head)
	if ref == "" {
		return rev, ""
	}
	branch = strings.TrimPrefix(ref, "refs/heads/")
	common := gitDir
	if c, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		if common = strings.TrimSpace(string(c)); !filepath.IsAbs(common) {
			common = filepath.Join(gitDir, common)
		}
	}
	for _, d := range []string{gitDir, common} {
		if r, err := os.ReadFile(filepath.Join(d, ref)); err == nil {
			return commitID(strings.TrimSpace(string(r))), branch
		}
	}
	if packed, err := os.ReadFile(filepath.Join(common, "packed-refs")); err == nil {
		return packedRef(packed, ref), branch
	}
	return "", branch
}

// parseHead reads a git HEAD file: the commit checked out (a detached
// HEAD), or the branch's ref ("ref: refs/heads/main"). A ref is a path
// under refs/ and no other (HEAD names the file read next: "ref:
// ../../../etc/shadow" must not show that file's first line as a
// revision), with no "..", which git refuses in a ref; anything else is
// neither. Only ASCII blanks are trimmed: a branch may end in any other.
func parseHead(data []byte) (rev, ref string) {
	h := strings.Trim(string(data), " \t\r\n")
	r, ok := strings.CutPrefix(h, "ref: ")
	if !ok {
		return commitID(h), ""
	}
	r = strings.Trim(r, " \t")
	if !strings.HasPrefix(r, "refs/") || strings.Contains(r, "..") || !filepath.IsLocal(r) || filepath.Clean(r) != r ||
		strings.ContainsFunc(r, func(c rune) bool { return c <= ' ' || c == 0x7f }) {
		return "", ""
	}
	return "", r
}

// commitID is s when it is a git commit id (40 hex digits, or 64 in a
// SHA-256 repository), "" otherwise.
func commitID(s string) string {
	if len(s) != 40 && len(s) != 64 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return ""
		}
	}
	return s
}

// packedRef reads ref's commit from a packed-refs file's content ("ID
// REF" lines, after a "# pack-refs" header, with "^ID" lines for tags).
func packedRef(data []byte, ref string) string {
	for _, l := range strings.Split(string(data), "\n") {
		if r, name, ok := strings.Cut(strings.TrimSuffix(l, "\r"), " "); ok && name == ref {
			return commitID(r)
		}
	}
	return ""
}

// lockedNixpkgs reads nixpkgs's locked revision from a flake.lock.
func lockedNixpkgs(lockFile string) (rev, date string) {
	data, err := os.ReadFile(lockFile)
	if err != nil {
		return "", ""
	}
	return parseLockedNixpkgs(data)
}

// parseLockedNixpkgs reads nixpkgs's locked revision and its date from a
// flake.lock's content. The node is the one the root's nixpkgs input
// names ("nixpkgs_2" where another input's nixpkgs took "nixpkgs", or a
// follows path such as ["home-manager", "nixpkgs"]); a lock whose root
// names none is read at the node called nixpkgs.
func parseLockedNixpkgs(data []byte) (rev, date string) {
	var lock struct {
		Root  string `json:"root"`
		Nodes map[string]struct {
			Inputs map[string]json.RawMessage `json:"inputs"`
			Locked struct {
				Rev          string `json:"rev"`
				LastModified int64  `json:"lastModified"`
			} `json:"locked"`
		} `json:"nodes"`
	}
	if json.Unmarshal(data, &lock) != nil {
		return "", ""
	}
	root := lock.Root
	if root == "" {
		root = "root"
	}
	// input is the node a node's input leads to: a node name, or a path
	// of input names from the root (flake.lock's "follows"). The steps
	// taken are bounded: a damaged lock's follows may go round in a
	// circle, or branch into each other.
	steps := 0
	var input func(node, name string) (string, bool)
	input = func(node, name string) (string, bool) {
		raw, ok := lock.Nodes[node].Inputs[name]
		if steps++; !ok || steps > 256 {
			return "", false
		}
		var target string
		if json.Unmarshal(raw, &target) == nil {
			return target, true
		}
		var path []string
		if json.Unmarshal(raw, &path) != nil {
			return "", false
		}
		at := root
		for _, step := range path {
			if at, ok = input(at, step); !ok {
				return "", false
			}
		}
		return at, true
	}
	name, ok := input(root, "nixpkgs")
	if !ok {
		name = "nixpkgs"
	}
	n, ok := lock.Nodes[name]
	if !ok {
		return "", ""
	}
	// A time past year 9999 (a damaged lock) is no date to show.
	if at := time.Unix(n.Locked.LastModified, 0).UTC(); n.Locked.LastModified > 0 && at.Year() <= 9999 {
		date = at.Format("2006-01-02")
	}
	return n.Locked.Rev, date
}

// channelURL reads a channel's URL from a .nix-channels file.
func channelURL(file, name string) string {
	data, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	return parseChannelURL(data, name)
}

// parseChannelURL reads a channel's URL from a .nix-channels file's
// content: "URL NAME" lines.
func parseChannelURL(data []byte, name string) string {
	for _, l := range strings.Split(string(data), "\n") {
		f := strings.Fields(l)
		if len(f) == 2 && f[1] == name {
			return f[0]
		}
	}
	return ""
}

// storeUsage asks the filesystem holding the store how full it is: an
// estimate of the store's size without reading a single store path.
func storeUsage(store string) (Store, error) {
	st := Store{Path: store}
	var fs unix.Statfs_t
	if err := unix.Statfs(store, &fs); err != nil {
		return st, err
	}
	bs := uint64(fs.Bsize)
	st.TotalBytes = fs.Blocks * bs
	st.FreeBytes = fs.Bavail * bs
	st.UsedBytes = (fs.Blocks - fs.Bfree) * bs
	var a, b unix.Stat_t
	if unix.Stat(store, &a) == nil && unix.Stat(filepath.Dir(filepath.Dir(store)), &b) == nil {
		st.Shared = a.Dev == b.Dev
	}
	return st, nil
}
