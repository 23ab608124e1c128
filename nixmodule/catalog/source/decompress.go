package source

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"

	"github.com/dsnet/compress/brotli"
)

// MaxInput bounds what a package or option list may expand to, so a
// corrupt or hostile compressed file cannot fill memory.
const MaxInput = 1 << 30

// Decompress returns the JSON inside data: as is when it already looks
// like JSON, else gunzipped (gzip has a magic number) or, failing that,
// brotli-decoded (channels ship packages.json.br; brotli has no magic
// number, so it is the last guess).
func Decompress(data []byte) ([]byte, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && (trimmed[0] == '{' && trimmed[len(trimmed)-1] == '}' || trimmed[0] == '[' && trimmed[len(trimmed)-1] == ']') {
		return data, nil
	}
	switch {
	case len(data) == 0:
		return nil, errors.New("the file is empty")
	case bytes.HasPrefix(data, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("reading gzip: %w", err)
		}
		out, err := readLimited(zr)
		if err != nil {
			return nil, fmt.Errorf("reading gzip: %w", err)
		}
		return out, nil
	case bytes.HasPrefix(data, []byte{0xfd, '7', 'z', 'X', 'Z', 0}):
		return nil, errors.New("xz-compressed input is not supported: decompress it first (xz -d FILE)")
	case bytes.HasPrefix(data, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return nil, errors.New("zstd-compressed input is not supported: decompress it first (zstd -d FILE)")
	}
	if nameList(data) {
		// Plain text (a list of names): the readers say what it is.
		return data, nil
	}
	// Brotli output may start with '{' by chance, and JSON may be cut
	// short: whatever starts like JSON and is no brotli is handed on as
	// JSON, so the reader says where it breaks.
	looksJSON := len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[')
	// dsnet's decoder rather than andybalholm's (which the tests use to
	// write brotli): that package also holds an HTTP handler, and
	// importing it put net/http, TLS and x509 into ask-nix, 1.6 MB and
	// 0.2 ms of start-up on every run of a command that never speaks HTTP.
	out, err := readBrotli(data)
	if err != nil {
		if looksJSON {
			return data, nil
		}
		return nil, fmt.Errorf("not JSON, gzip or brotli (%v)", err)
	}
	trimmed = bytes.TrimLeft(out, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		if looksJSON {
			return data, nil
		}
		return nil, errors.New("not JSON, gzip or brotli")
	}
	return out, nil
}

func readBrotli(data []byte) ([]byte, error) {
	br, err := brotli.NewReader(bytes.NewReader(data), nil)
	if err != nil {
		return nil, err
	}
	defer br.Close()
	return readLimited(br)
}

func readLimited(r io.Reader) ([]byte, error) {
	out, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, err
	}
	if len(out) > MaxInput {
		return nil, fmt.Errorf("expands to more than %d MiB", MaxInput>>20)
	}
	return out, nil
}
