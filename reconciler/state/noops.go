package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"

	"github.com/nix-humanity/nix-humanity/internal/atomicfile"
)

// NoopsFileName, in the state directory, counts the no-op passes that
// ran no Nix ("inputs unchanged"): they are not kept in the state file
// (no history entry, no id), yet counted across restarts, so that the
// no-op counter never goes down. Written without fsync, as the request
// counts are: the state file's fsyncs would cost each no-op pass
// milliseconds, ten times what the pass costs, and a machine crash may
// lose only the newest counts. A daemon that restarts loses none.
const NoopsFileName = "noops.json"

// noopsFile is the file's content.
type noopsFile struct {
	Noops int64 `json:"noops"`
}

// Noops reads the count of no-ops that ran no Nix in dir; a missing file
// is 0.
func Noops(dir string) (int64, error) {
	data, err := os.ReadFile(filepath.Join(dir, NoopsFileName))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("reading the no-op count: %w", err)
	}
	var f noopsFile
	if err := json.Unmarshal(data, &f); err != nil || f.Noops < 0 {
		return 0, fmt.Errorf("reading the no-op count %s: not a count (%v)", filepath.Join(dir, NoopsFileName), err)
	}
	return f.Noops, nil
}

// AddNoops adds n to the count in dir. The caller holds the pass lock.
// A file that cannot be read (damaged) is replaced, counting from 0.
func AddNoops(dir string, n int64) error {
	_, err := AddNoopsFrom(dir, n, 0)
	return err
}

// AddNoopsFrom is AddNoops counting on from from when the file holds
// less (from: the count this process last wrote, so that a file deleted,
// damaged or put back from an older copy while a daemon runs does not
// make the count fall). It returns the count written.
func AddNoopsFrom(dir string, n, from int64) (int64, error) {
	have, _ := Noops(dir)
	have = max(have, from)
	// A count at the largest stays there rather than wrap to a negative
	// one, which reads as damaged and would count from 0 again.
	count := have + min(n, math.MaxInt64-have)
	data, err := json.Marshal(noopsFile{Noops: count})
	if err != nil {
		return have, err
	}
	if err := atomicfile.WriteUnsynced(filepath.Join(dir, NoopsFileName), append(data, '\n'), 0o644); err != nil {
		return have, err
	}
	return count, nil
}
