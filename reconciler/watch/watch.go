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
	log   *slog.Logger
}

// Overflow is the path reported when the kernel dropped events: anything
// may have changed.
const Overflow = "(event overflow)"

// New watches paths. The first path is required (the fragment: its folder
// must exist); a later path whose folder is missing is skipped with a
// warning, and the periodic resync still notices its changes.
func New(log *slog.Logger, paths ...string) (*Watcher, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	fw, err := fsnotify.NewBufferedWatcher(256)
	if err != nil {
		return nil, fmt.Errorf("watching files: %w", err)
	}
	w := &Watcher{fw: fw, files: map[string]bool{}, log: log}
	for i, p := range paths {
		if err := w.add(filepath.Clean(p)); err != nil {
			if i == 0 {
				fw.Close()
				return nil, err
			}
			log.Warn("not watching a path", "path", p, "error", err)
		}
	}
	return w, nil
}

func (w *Watcher) add(p string) error {
	fi, err := os.Stat(p)
	if err == nil && fi.IsDir() {
		w.trees = append(w.trees, p)
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
	return nil
}

func (w *Watcher) addTree(root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if d.Name() == ".git" && path != root {
			return filepath.SkipDir
		}
		if err := w.fw.Add(path); err != nil {
			return fmt.Errorf("watching %s: %w", path, err)
		}
		return nil
	})
}

// relevant reports whether an event on name concerns a watched input.
func (w *Watcher) relevant(name string) bool {
	if w.files[name] {
		return true
	}
	for _, t := range w.trees {
		if name == t || strings.HasPrefix(name, t+string(filepath.Separator)) {
			rel := strings.TrimPrefix(name, t)
			return !strings.Contains(rel+string(filepath.Separator), string(filepath.Separator)+".git"+string(filepath.Separator)) &&
				!inputs.EditorScratch(filepath.Base(name))
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
			if ev.Op == fsnotify.Chmod || !w.relevant(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) && w.inTree(ev.Name) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
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
