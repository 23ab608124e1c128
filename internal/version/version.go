// Package version holds the build's version, stamped at link time
// (-X .../internal/version.Version=...; the flake stamps it too).
package version

// Version is the release or git description of this build.
var Version = "dev"
