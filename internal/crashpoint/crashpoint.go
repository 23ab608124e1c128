// Package crashpoint names the steps of the writes that must survive a
// crash (internal/atomicfile's temporary file and rename, the fragment
// write's history steps, the index update), so the crash tests can kill
// a real process at each of them and check what the next run sees.
//
// It is gated twice. A normal build (no build tag: `go build`, `make
// build`, the Nix package) compiles Reach to an empty function: nothing
// any user sets, no environment variable or flag, can reach a kill. Only
// a binary built with `-tags crashtest` (testbin.BuildTags, in the crash
// tests) reads NIX_HUMANITY_CRASH_AT, and kills itself with SIGKILL when
// it reaches the step that names ("renamed state.json", or
// "renamed state.json#3" for the third time), and lists every step it
// reaches in the file NIX_HUMANITY_CRASH_TRACE names (see on.go).
package crashpoint

// Step names, each followed by a space and the base name of the file
// being written ("renamed nix-humanity.nix", "temp-synced state.json").
const (
	// TempSynced: the temporary file is written and synced, not yet
	// renamed over the target.
	TempSynced = "temp-synced"
	// Renamed: the rename happened, the directory is not synced yet.
	Renamed = "renamed"
	// IndexBuilt: the index is built in memory, not yet written.
	IndexBuilt = "index-built"
)
