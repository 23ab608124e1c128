// Package watch reports changes to the reconciler's inputs with
// fsnotify. A file is watched through its folder, because editors and
// ask-nix replace files by renaming a new one over them, which a watch
// on the file itself would lose; a folder is watched with every folder
// below it. Events are only hints: the reconciler re-reads and hashes
// the inputs, so a lost or repeated event costs nothing.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/nix-humanity/nix-humanity/reconciler/inputs"
)

// Watcher watches files and folders.
type Watcher struct {
	// Beat, when set, is called every BeatEvery from inside Run's event
	// loop. A watcher has no events while nothing changes, so this is its
	// proof that it still runs: a Run that stops selecting stops beating.
	Beat      func()
	BeatEvery time.Duration

	fw    *fsnotify.Watcher
	files map[string]bool
	trees []string
	// missing are the paths whose folder did not exist when last tried:
	// their nearest folder that does is watched, and when a folder on
	// the way to them appears they are watched again.
	missing []string
	// skip are folders inside watched folders that are no input (see
	// NewSkipping): not watched, their events not reported.
	skip []string
	log  *slog.Logger
}

// Overflow is the path reported when the kernel dropped events: anything
// may have changed.
const Overflow = "(event overflow)"

// New watches paths. The first path is required (the fragment: its folder
// must exist); a later path whose folder is missing is watched from the
// nearest folder that exists, and watched itself once it appears (with a
// warning meanwhile; the periodic resync notices its changes too). A
// path that is no folder yet and becomes one (a watch path created
// later, a watched folder removed and made again) is watched inside.
func New(log *slog.Logger, paths ...string) (*Watcher, error) {
	return NewSkipping(log, nil, paths...)
}

// NewSkipping is New leaving out the folders skip names where a watched
// folder holds them (the daemon's state directory, which each pass
// writes: reported, each pass would start the next).
func NewSkipping(log *slog.Logger, skip []string, paths ...string) (*Watcher, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	fw, err := fsnotify.NewBufferedWatcher(256)
	if err != nil {
		return nil, fmt.Errorf("watching files: %w", err)
	}
	w := &Watcher{fw: fw, files: map[string]bool{}, log: log}
	for _, p := range skip {
		if p != "" {
			w.skip = append(w.skip, filepath.Clean(p))
		}
	}
	for i, p := range paths {
		p = filepath.Clean(p)
		if i == 0 {
			if err := w.add(p); err != nil {
				fw.Close()
				return nil, err
			}
			continue
		}
		watched, err := w.track(p)
		switch {
		case err != nil:
			log.Warn("not watching a path", "path", p, "error", err)
		case !watched:
			w.missing = append(w.missing, p)
			log.Warn("not watching a path yet: its folder is missing; it is watched once it appears", "path", p)
		}
	}
	return w, nil
}

// track watches p or, while its folder is missing, the nearest folder
// above it that exists (watched false), for retryMissing to watch p once
// the folders between appear. A folder made on the way after the watch
// of p failed, before the one above was watched, is told of by no
// event: it is looked for, and p tried again. err: neither could be
// watched.
func (w *Watcher) track(p string) (watched bool, err error) {
	for range 64 { // more than the folders on the way, made meanwhile
		if err = w.add(p); err == nil {
			return true, nil
		}
		above, ok := w.watchAncestor(p)
		if !ok {
			return false, err
		}
		if next := nextBelow(above, filepath.Dir(p)); !isDir(next) {
			return false, nil
		}
	}
	return false, err
}

// watchAncestor watches the nearest folder above p that exists, and
// returns it; false when none can be watched.
func (w *Watcher) watchAncestor(p string) (string, bool) {
	for dir := filepath.Dir(p); ; dir = filepath.Dir(dir) {
		if isDir(dir) {
			return dir, w.fw.Add(dir) == nil
		}
		if dir == filepath.Dir(dir) {
			return "", false
		}
	}
}

// nextBelow is the folder one step below dir on the way to target (target
// itself when dir is it, or its parent).
func nextBelow(dir, target string) string {
	next := target
	for filepath.Dir(next) != dir && filepath.Dir(next) != next && next != dir {
		next = filepath.Dir(next)
	}
	return next
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// retryMissing watches again the missing paths below the folder created
// (and that folder's own missing paths), and returns those that exist
// now: made with their folder before the watch could see them.
func (w *Watcher) retryMissing(created string) (appeared []string) {
	var still []string
	for _, p := range w.missing {
		if !within(created, p) {
			still = append(still, p)
			continue
		}
		watched, err := w.track(p)
		if err != nil {
			w.log.Warn("not watching a path", "path", p, "error", err)
			continue
		}
		if !watched {
			still = append(still, p)
			continue
		}
		if _, err := os.Lstat(p); err == nil {
			appeared = append(appeared, p)
		}
	}
	w.missing = still
	return appeared
}

// orphaned watches again the watched paths whose folder was dir, or
// inside it, which is gone (removed, moved away: their watch died with
// it): from the nearest folder that is left until it is back (or as they
// are, when it is back already). It returns them. Paths inside watched
// trees need nothing: the tree's root is watched from its own folder.
func (w *Watcher) orphaned(dir string) []string {
	var gone []string
	for p := range w.files {
		if w.inTree(p) || !within(dir, filepath.Dir(p)) || slices.Contains(w.missing, p) {
			continue
		}
		if watched, err := w.track(p); err == nil && !watched {
			w.missing = append(w.missing, p)
		}
		gone = append(gone, p)
	}
	slices.Sort(gone)
	return gone
}

// within reports whether p is dir or inside it.
func within(dir, p string) bool {
	return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator))
}

func (w *Watcher) add(p string) error {
	fi, err := os.Stat(p)
	if err == nil && fi.IsDir() {
		w.addRoot(p)
		return w.addTree(p)
	}
	dir := filepath.Dir(p)
	if err := w.fw.Add(dir); err != nil {
		return fmt.Errorf("watching %s (the folder of %s): %w", dir, p, err)
	}
	w.files[p] = true
	// A file that is a symlink changes where it points to: watch there
	// too (the link itself stays as it is when the target is edited).
	if resolved, err := filepath.EvalSymlinks(p); err == nil && resolved != p {
		if err := w.fw.Add(filepath.Dir(resolved)); err != nil {
			return fmt.Errorf("watching %s (where %s points): %w", filepath.Dir(resolved), p, err)
		}
		w.files[resolved] = true
	}
	w.follow(p)
	return nil
}

// maxLinks bounds a chain of symlinks followed (a loop ends there).
const maxLinks = 40

// follow watches where the symlink p leads, link by link, should p be
// one: a link made (or pointed elsewhere) while the watcher runs, or one
// whose target is missing (a dangling link, where the file appears
// later) is not followed by EvalSymlinks, and an edit of its target,
// which changes nothing at p, would go unseen until the resync. Each
// target's folder is watched when it exists.
func (w *Watcher) follow(p string) {
	at := p
	for range maxLinks {
		fi, err := os.Lstat(at)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return
		}
		to, err := os.Readlink(at)
		if err != nil {
			return
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(at), to)
		}
		to = filepath.Clean(to)
		if !w.files[to] {
			if err := w.fw.Add(filepath.Dir(to)); err != nil {
				w.log.Debug("not watching where a symlink points", "link", at, "target", to, "error", err)
				return
			}
			w.files[to] = true
		}
		at = to
	}
}

// addRoot notes a watched folder, and watches the folder it is in: its
// removal and making again are seen there (a watch dies with its folder),
// and so is its being replaced by a file.
func (w *Watcher) addRoot(p string) {
	for _, t := range w.trees {
		if t == p {
			return
		}
	}
	w.trees = append(w.trees, p)
	w.files[p] = true
	if parent := filepath.Dir(p); parent != p {
		if err := w.fw.Add(parent); err != nil {
			w.log.Debug("not watching the folder a watched folder is in", "path", parent, "error", err)
		}
	}
}

func (w *Watcher) addTree(root string) error {
	return filepath.WalkDir(inputs.WalkRoot(root), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		path = filepath.Clean(path)
		if d.Name() == ".git" && path != root || path != root && w.skipped(path) {
			return filepath.SkipDir
		}
		if err := w.fw.Add(path); err != nil {
			return fmt.Errorf("watching %s: %w", path, err)
		}
		return nil
	})
}

// skipped reports whether path is, or is inside, a skipped folder.
func (w *Watcher) skipped(path string) bool {
	for _, s := range w.skip {
		if within(s, path) && !slices.Contains(w.trees, s) {
			return true
		}
	}
	return false
}

// relevant reports whether an event on name concerns a watched input.
func (w *Watcher) relevant(name string) bool {
	if w.files[name] {
		return true
	}
	if w.skipped(name) {
		return false
	}
	for _, t := range w.trees {
		if name == t || strings.HasPrefix(name, t+string(filepath.Separator)) {
			rel := strings.TrimPrefix(name, t)
			return !strings.Contains(rel+string(filepath.Separator), string(filepath.Separator)+".git"+string(filepath.Separator)) &&
				!inputs.EditorScratch(filepath.Base(name)) && !inputs.ResultLink(name)
		}
	}
	return false
}

// Run reports each relevant change to notify until ctx ends, then closes
// the watcher. notify must not block for long.
func (w *Watcher) Run(ctx context.Context, notify func(path string)) error {
	defer w.fw.Close()
	var beat <-chan time.Time
	if w.Beat != nil && w.BeatEvery > 0 {
		t := time.NewTicker(w.BeatEvery)
		defer t.Stop()
		beat = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-beat:
			w.Beat()
		case ev, ok := <-w.fw.Events:
			if !ok {
				return errors.New("file watcher stopped")
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				// The folder of a watched file gone (its watch with it):
				// watched from above until it is back.
				for _, p := range w.orphaned(ev.Name) {
					w.log.Warn("the folder of a watched path went away; it is watched again once the folder is back", "path", p, "folder", ev.Name)
					notify(p)
				}
			}
			if ev.Has(fsnotify.Create) && len(w.missing) > 0 {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					for _, p := range w.retryMissing(ev.Name) {
						w.log.Info("watching a path that appeared", "path", p)
						notify(p)
					}
				}
			}
			if !w.relevant(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) && w.files[ev.Name] && !w.inTree(ev.Name) {
				// Made again, perhaps as a symlink now (or to elsewhere).
				w.follow(ev.Name)
			}
			if ev.Has(fsnotify.Create) && (w.inTree(ev.Name) || w.files[ev.Name]) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					if !w.inTree(ev.Name) {
						// A watched path that became a folder, or a watched
						// folder made again.
						w.addRoot(ev.Name)
					}
					if err := w.addTree(ev.Name); err != nil {
						w.log.Warn("not watching a new folder", "path", ev.Name, "error", err)
					}
				}
			}
			notify(ev.Name)
		case err, ok := <-w.fw.Errors:
			if !ok {
				return errors.New("file watcher stopped")
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				notify(Overflow)
				continue
			}
			w.log.Warn("file watcher", "error", err)
		}
	}
}

func (w *Watcher) inTree(name string) bool {
	for _, t := range w.trees {
		if strings.HasPrefix(name, t+string(filepath.Separator)) {
			return true
		}
	}
	return false
}
