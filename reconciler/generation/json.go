package generation

import (
	"io"
	"strconv"
	"time"
	"unicode/utf8"
	"unsafe"
)

// WriteJSON writes gens to w as AppendJSON does, followed by a newline,
// through one small buffer: a process listing a thousand generations then
// touches 32 KiB of fresh memory for it instead of a third of a megabyte.
func WriteJSON(w io.Writer, gens []Generation) error {
	const flushAt = 32 << 10
	buf := make([]byte, 0, flushAt+4<<10)
	if gens == nil {
		buf = append(buf, "null"...)
	} else {
		buf = append(buf, '[')
		for i := range gens {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendGeneration(buf, &gens[i])
			if len(buf) >= flushAt {
				if _, err := w.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
		buf = append(buf, ']')
	}
	_, err := w.Write(append(buf, '\n'))
	return err
}

// WriteJSON writes the listing as WriteJSON writes its Generations,
// byte for byte, without building them: one Generation is filled per
// link in turn, its date formatted into a small buffer.
func (l *Listing) WriteJSON(w io.Writer) error {
	const flushAt = 32 << 10
	buf := make([]byte, 0, flushAt+4<<10)
	buf = append(buf, '[')
	f := dateFormatter{loc: time.Local}
	var date, rfc [40]byte
	var g Generation
	for i, link := range l.links {
		if i > 0 {
			buf = append(buf, ',')
		}
		l.fill(&g, i)
		g.Date, g.DateRFC3339 = "", ""
		if link.mtime != 0 {
			sec := floorDiv(link.mtime, int64(time.Second))
			d := f.append(date[:0], sec)
			r := f.appendRFC3339(rfc[:0], sec)
			// Only appendGeneration below reads them, before d and r
			// change.
			g.Date = unsafe.String(unsafe.SliceData(d), len(d))
			g.DateRFC3339 = unsafe.String(unsafe.SliceData(r), len(r))
		}
		buf = appendGeneration(buf, &g)
		if len(buf) >= flushAt {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	buf = append(buf, ']', '\n')
	_, err := w.Write(buf)
	return err
}

// AppendJSON appends gens as a JSON array, byte for byte what
// encoding/json writes with HTML escaping off (a test holds it to that),
// in a fraction of the time: on a 1000-generation listing the encoder's
// reflection costs as much as reading the generations from a warm cache.
func AppendJSON(dst []byte, gens []Generation) []byte {
	if gens == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i := range gens {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendGeneration(dst, &gens[i])
	}
	return append(dst, ']')
}

func appendGeneration(dst []byte, g *Generation) []byte {
	dst = append(dst, `{"generation":`...)
	dst = strconv.AppendInt(dst, int64(g.Number), 10)
	dst = append(dst, `,"date":`...)
	dst = appendString(dst, g.Date)
	dst = append(dst, `,"time":`...)
	dst = appendString(dst, g.DateRFC3339)
	dst = append(dst, `,"nixosVersion":`...)
	dst = appendString(dst, g.NixosVersion)
	dst = append(dst, `,"kernelVersion":`...)
	dst = appendString(dst, g.KernelVersion)
	dst = append(dst, `,"configurationRevision":`...)
	dst = appendString(dst, g.ConfigurationRevision)
	dst = append(dst, `,"specialisations":`...)
	if g.Specialisations == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for j, s := range g.Specialisations {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, s)
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"current":`...)
	dst = strconv.AppendBool(dst, g.Current)
	dst = append(dst, `,"booted":`...)
	dst = strconv.AppendBool(dst, g.Booted)
	dst = append(dst, `,"running":`...)
	dst = strconv.AppendBool(dst, g.Running)
	dst = append(dst, `,"storePath":`...)
	dst = appendString(dst, g.StorePath)
	if g.Missing {
		dst = append(dst, `,"missing":true`...)
	}
	dst = append(dst, '}')
	return dst
}

const hexDigits = "0123456789abcdef"

// plain marks the bytes a JSON string holds as they are: printable ASCII
// other than quote and backslash.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// plainWord reports whether all 8 bytes of x are plain (see plain),
// testing them at once: none at or above 0x80, none below 0x20, none a
// quote or a backslash. (x-n*ones)&^x&highs has the top bit of a byte set
// when the byte is below n (for the lowest such byte; bytes above it may
// be marked wrongly, which only sends the word to the byte loop); with x
// xor-ed with c in every byte, n = 1 finds the bytes equal to c.
func plainWord(x uint64) bool {
	q, b := x^('"'*ones), x^('\\'*ones)
	return (x|(x-0x20*ones)&^x|(q-ones)&^q|(b-ones)&^b)&highs == 0
}

const ones, highs = 0x0101010101010101, 0x8080808080808080

// load64 reads s[:8] as a little-endian word (one load on amd64 and
// arm64).
func load64(s string) uint64 {
	s = s[:8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// appendString writes s as a JSON string the way encoding/json does:
// quote, backslash and control characters escaped (\b \f \n \r \t by
// name), U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight plain bytes at a time: store paths and versions rarely
		// hold anything to escape.
		if i+8 <= len(s) && plainWord(load64(s[i:])) {
			i += 8
			continue
		}
		c := s[i]
		if plain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
