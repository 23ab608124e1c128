package nixrun

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

// An outliving process's output goes to a file in memory, whatever the
// temporary directory is like (full, missing): a pipe would die with
// this process, and the process with it at its next line.
func TestOutliveOutputIsAFileInMemory(t *testing.T) {
	t.Setenv("TMPDIR", "/nonexistent/tmp")
	var out bytes.Buffer
	logs := &bytes.Buffer{}
	_, err := Exec{Log: slog.New(slog.NewTextHandler(logs, nil))}.Run(context.Background(), Cmd{
		Argv: []string{"sh", "-c", "readlink /proc/self/fd/1; readlink /proc/self/fd/2 >&2"}, Outlive: true, Stdout: &out, Stderr: &out})
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); strings.Count(got, "/memfd:nixrun-output") != 2 {
		t.Fatalf("the output went to %q, want two files in memory", got)
	}
	if logs.Len() > 0 {
		t.Fatalf("logged: %s", logs)
	}
}

// Where no file can be had at all, the output goes through pipes (the
// process is not refused: a rollback's activation must run), and that
// is said, since the process then dies with this one.
func TestOutliveWithoutFilesSaysSo(t *testing.T) {
	old := memfdCreate
	memfdCreate = func(string, int) (int, error) { return -1, errors.New("memfd refused (test)") }
	t.Cleanup(func() { memfdCreate = old })
	t.Setenv("TMPDIR", "/nonexistent/tmp")
	var out bytes.Buffer
	logs := &bytes.Buffer{}
	_, err := Exec{Log: slog.New(slog.NewTextHandler(logs, nil))}.Run(context.Background(), Cmd{
		Argv: []string{"sh", "-c", "readlink /proc/self/fd/1"}, Outlive: true, Stdout: &out})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "pipe:") {
		t.Fatalf("output went to %q", out.String())
	}
	for _, w := range []string{"level=WARN", "goes through pipes, not files", "its next line of output kills it", "command=sh", "memfd refused (test)", "/nonexistent/tmp"} {
		if !strings.Contains(logs.String(), w) {
			t.Errorf("the warning lacks %q:\n%s", w, logs)
		}
	}
}
