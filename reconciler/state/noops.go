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
	have, _ := Noops(dir)
	// A count at the largest stays there rather than wrap to a negative
	// one, which reads as damaged and would count from 0 again.
	data, err := json.Marshal(noopsFile{Noops: have + min(n, math.MaxInt64-have)})
	if err != nil {
		return err
	}
	return atomicfile.WriteUnsynced(filepath.Join(dir, NoopsFileName), append(data, '\n'), 0o644)
}
