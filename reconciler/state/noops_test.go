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

// A count file deleted or put back older while a daemon runs: counting
// goes on from what the daemon last wrote, not from what the file holds.
func TestAddNoopsFrom(t *testing.T) {
	dir := t.TempDir()
	for _, step := range []struct {
		name string
		file string // written first ("" leaves the file as it is, "-" deletes it)
		from int64
		want int64
	}{
		{"first", "", 0, 1},
		{"deleted", "-", 7, 8},
		{"older copy", `{"noops": 3}`, 8, 9},
		{"newer file", `{"noops": 20}`, 9, 21},
		{"damaged", "{", 21, 22},
	} {
		path := filepath.Join(dir, NoopsFileName)
		switch step.file {
		case "":
		case "-":
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		default:
			if err := os.WriteFile(path, []byte(step.file), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := AddNoopsFrom(dir, 1, step.from)
		if err != nil || got != step.want {
			t.Fatalf("%s: %d, %v; want %d", step.name, got, err, step.want)
		}
		if n, err := Noops(dir); n != step.want || err != nil {
			t.Fatalf("%s: the file says %d, %v", step.name, n, err)
		}
	}
}
