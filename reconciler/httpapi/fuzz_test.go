package httpapi

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// FuzzHandler sends the daemon's endpoint any request a client on the
// machine can write: none panics; each endpoint answers only GET (and
// HEAD) of its own path, so /status is evaluated, and /metrics gathered,
// for nothing else; every answer has a status the endpoints give, and a
// JSON answer is one JSON document.
func FuzzHandler(f *testing.F) {
	for _, s := range []string{
		"GET /status HTTP/1.1\r\nHost: 127.0.0.1:9090\r\n\r\n",
		"GET /healthz HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n",
		"GET /metrics HTTP/1.1\r\nHost: localhost\r\nAccept: application/openmetrics-text; version=1.0.0\r\n\r\n",
		"GET / HTTP/1.0\r\n\r\n",
		"HEAD /status HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST /status HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
		"DELETE /metrics HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /status/ HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET //status HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /a/../status HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /%73tatus?x=1 HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET http://x/healthz HTTP/1.1\r\nHost: y\r\n\r\n",
		"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
		"CONNECT 127.0.0.1:9090 HTTP/1.1\r\nHost: x\r\n\r\n",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, raw []byte, statusFails bool) {
		req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
		if err != nil {
			return // the server answers 400 before any handler
		}
		var statusCalls, metricsCalls int
		h := Handler(Options{
			Metrics: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				metricsCalls++
				w.Write([]byte("nix_humanity_up 1\n"))
			}),
			Health: NewHealth(""),
			Status: func(context.Context) (any, error) {
				statusCalls++
				if statusFails {
					return nil, errors.New("reading the state: \x1b[31m\"bad\"")
				}
				return map[string]any{"phase": "idle", "fragment": "/etc/nixos/nix-humanity.nix"}, nil
			},
		})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		readOnly := req.Method == http.MethodGet || req.Method == http.MethodHead
		if statusCalls > 0 && (!readOnly || req.URL.Path != "/status") {
			t.Fatalf("%s %q evaluated /status", req.Method, req.URL.Path)
		}
		if metricsCalls > 0 && (!readOnly || req.URL.Path != "/metrics") {
			t.Fatalf("%s %q gathered /metrics", req.Method, req.URL.Path)
		}
		if statusCalls > 1 || metricsCalls > 1 {
			t.Fatalf("%s %q: /status evaluated %d times, /metrics gathered %d times", req.Method, req.URL.Path, statusCalls, metricsCalls)
		}
		code := rec.Code
		if !slices.Contains([]int{200, 301, 307, 308, 400, 404, 405, 500, 503}, code) {
			t.Fatalf("%s %q: status %d", req.Method, req.URL.Path, code)
		}
		if code == 200 && !readOnly {
			t.Fatalf("%s %q answered 200", req.Method, req.URL.Path)
		}
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			var v any
			dec := json.NewDecoder(rec.Body)
			if err := dec.Decode(&v); err != nil || dec.More() {
				t.Fatalf("%s %q: JSON answer %q: %v", req.Method, req.URL.Path, rec.Body.String(), err)
			}
		}
	})
}
