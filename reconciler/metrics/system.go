package metrics

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/nix-humanity/nix-humanity/reconciler/generation"
	"github.com/nix-humanity/nix-humanity/reconciler/reboot"
	"github.com/nix-humanity/nix-humanity/reconciler/state"
)

// systemView knows the generation numbers and whether a reboot is needed,
// from the profile directory and the current/booted system links. A
// scrape costs four syscalls (a stat of the profile directory and three
// readlinks); the directory is listed again only when one of those
// changed (a generation added, removed or switched, a new system
// activated) or a pass finished. Like git's "racy" index entries, a
// listing taken within racyWindow of the directory's last change is taken
// again at the next scrape, in case a second change came within the
// timestamp's resolution.
type systemView struct {
	profile string // e.g. /nix/var/nix/profiles/system
	runDir  string // holds current-system and booted-system

	mu      sync.Mutex
	key     viewKey
	racy    bool
	vals    systemValues
	haveFS  bool         // the profile could be read at least once
	initial systemValues // from the state file, until the disk says more
	// booted and running cache which generation the booted and the
	// running system are: generation links never change their target,
	// so one readlink confirms a hit, and a miss needs looking only at
	// generations made since.
	booted, running genCache
}

// genCache remembers which generation a system (a store path) is.
type genCache struct {
	store string
	gen   int // 0: none of the generations up to upTo
	upTo  int // the newest generation looked at
}

type viewKey struct {
	dirMtime, dirIno int64
	profileTarget    string
	current, booted  string
}

type systemValues struct {
	current, booted, running, count int
	needReboot                      bool
}

// racyWindow is longer than any file system's timestamp resolution that
// matters here (ext4, btrfs, xfs, tmpfs: nanoseconds to a jiffy).
const racyWindow = 2 * time.Second

// setInitial takes the state's generation numbers, used while the
// profile cannot be read.
func (v *systemView) setInitial(st *state.State) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.initial = systemValues{current: st.CurrentGeneration, booted: st.BootedGeneration, running: st.RunningGeneration, count: st.Generations}
}

func (v *systemView) get(force bool) systemValues {
	v.mu.Lock()
	defer v.mu.Unlock()
	k, ok := v.readKey()
	if !ok {
		// No profile yet (a fresh machine or playground): the state
		// file's numbers are the best we know.
		return v.initial
	}
	if !force && v.haveFS && k == v.key && !v.racy {
		return v.vals
	}
	v.vals = v.list(k)
	v.key, v.haveFS = k, true
	v.racy = time.Since(time.Unix(0, k.dirMtime)) < racyWindow
	return v.vals
}

func (v *systemView) readKey() (viewKey, bool) {
	var k viewKey
	fi, err := os.Stat(filepath.Dir(v.profile))
	if err != nil {
		return k, false
	}
	k.dirMtime = fi.ModTime().UnixNano()
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		k.dirIno = int64(st.Ino)
	}
	k.profileTarget, err = os.Readlink(v.profile)
	if err != nil {
		return k, false
	}
	k.current, _ = os.Readlink(filepath.Join(v.runDir, "current-system"))
	k.booted, _ = os.Readlink(filepath.Join(v.runDir, "booted-system"))
	return k, true
}

// list reads the profile directory: how many generations, which one the
// profile is, and which ones the booted and the running system are
// (when generations share a system, the current one, else the newest,
// as ask-nix status says it).
func (v *systemView) list(k viewKey) systemValues {
	var out systemValues
	dir, base := filepath.Dir(v.profile), filepath.Base(v.profile)
	out.current, _ = genNumber(base, filepath.Base(k.profileTarget))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return out
	}
	var nums []int
	for _, e := range entries {
		if n, ok := genNumber(base, e.Name()); ok {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums)
	out.count = len(nums)
	target := func(n int) string {
		t, err := os.Readlink(filepath.Join(dir, base+"-"+strconv.Itoa(n)+"-link"))
		if err != nil {
			return ""
		}
		return storePath(t)
	}
	curStore := ""
	if out.current > 0 && (k.booted != "" || k.current != "") {
		curStore = target(out.current)
	}
	find := func(c *genCache, link string) int {
		if link == "" {
			*c = genCache{}
			return 0
		}
		store := storePath(link)
		if store == curStore {
			return out.current
		}
		// Generations newer than the last look come first (the newest
		// wins); the older ones were looked at already, and a miss
		// among them stays a miss. (nix-env reuses a number only after
		// the newest generation was deleted: seen at a listing between,
		// that resets the look.)
		from := 0
		if c.store == store && len(nums) > 0 && nums[len(nums)-1] >= c.upTo {
			from = c.upTo
		}
		found := 0
		for i := len(nums) - 1; i >= 0 && nums[i] > from; i-- {
			if target(nums[i]) == store {
				found = nums[i]
				break
			}
		}
		if found == 0 && from > 0 && c.gen > 0 {
			if target(c.gen) == store {
				found = c.gen // one readlink confirms it
			} else {
				// The generation is gone: look at the older ones again.
				for i := len(nums) - 1; i >= 0; i-- {
					if nums[i] <= from && target(nums[i]) == store {
						found = nums[i]
						break
					}
				}
			}
		}
		upTo := 0
		if len(nums) > 0 {
			upTo = nums[len(nums)-1]
		}
		*c = genCache{store: store, gen: found, upTo: upTo}
		return found
	}
	out.booted = find(&v.booted, k.booted)
	out.running = find(&v.running, k.current)
	out.needReboot = len(reboot.Needed(v.runDir)) > 0
	return out
}

// genNumber parses "<base>-<N>-link" as ask-nix generations does: only
// the name Nix gives generation N ("system-05-link" is a copy, no
// generation), so the metrics and ask-nix agree on the count.
func genNumber(base, name string) (int, bool) {
	return generation.LinkNumber(name, base)
}

// storePath trims a link target to its /nix/store/<hash>-<name> part, so
// /run/booted-system -> /nix/store/x-nixos and a generation link to the
// same path compare equal.
func storePath(target string) string {
	target = filepath.Clean(target)
	if !filepath.IsAbs(target) {
		return target
	}
	parts := strings.SplitN(strings.TrimPrefix(target, "/"), "/", 4)
	if len(parts) >= 3 && parts[0] == "nix" && parts[1] == "store" {
		return "/nix/store/" + parts[2]
	}
	return target
}
