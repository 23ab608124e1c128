package state

import (
	"os"
	"path/filepath"
	"testing"
)

func TestNoops(t *testing.T) {
	dir := t.TempDir()
	for _, step := range []struct {
		name    string
		do      func() error
		want    int64
		wantErr bool
	}{
		{"none yet", nil, 0, false},
		{"one", func() error { return AddNoops(dir, 1) }, 1, false},
		{"three more", func() error { return AddNoops(dir, 3) }, 4, false},
		{"damaged", func() error { return os.WriteFile(filepath.Join(dir, NoopsFileName), []byte("{\"noops\": -3}"), 0o644) }, 0, true},
		{"counted again from nothing", func() error { return AddNoops(dir, 1) }, 1, false},
	} {
		if step.do != nil {
			if err := step.do(); err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
		}
		n, err := Noops(dir)
		if n != step.want || (err != nil) != step.wantErr {
			t.Errorf("%s: %d %v, want %d (error %v)", step.name, n, err, step.want, step.wantErr)
		}
	}
}
