//go:build tools

// Package deps pins the modules the design card names while the packages
// that use them are being written; remove once every one is imported.
package deps

import (
	_ "github.com/andybalholm/brotli"
	_ "github.com/fsnotify/fsnotify"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/prometheus/client_golang/prometheus/promhttp"
	_ "github.com/prometheus/client_golang/prometheus/testutil/promlint"
	_ "github.com/prometheus/common/expfmt"
	_ "github.com/rogpeppe/go-internal/testscript"
	_ "github.com/spf13/cobra"
	_ "github.com/tidwall/gjson"
	_ "golang.org/x/term"
)
