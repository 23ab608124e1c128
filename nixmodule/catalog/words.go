package catalog

import "math/bits"

// lower returns s with ASCII letters lowercased; names in nixpkgs are
// ASCII, and other bytes are kept as they are.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// stopWords are left out of the description index: they match nearly
// everything and would only slow a query down.
var stopWords = map[string]bool{
	"a": true, "an": true, "and": true, "the": true, "of": true, "for": true,
	"to": true, "in": true, "on": true, "with": true, "is": true, "that": true,
	"it": true, "as": true, "by": true, "from": true, "or": true, "be": true,
	"this": true, "its": true, "at": true, "into": true, "your": true, "you": true,
}

// descWords splits a (lowercased) description into the words the index
// keeps.
func descWords(desc string, emit func(string)) {
	for i := 0; i < len(desc); {
		for i < len(desc) && !isAlnum(desc[i]) {
			i++
		}
		j := i
		for j < len(desc) && isAlnum(desc[j]) {
			j++
		}
		if j > i && j-i <= maxToken {
			w := desc[i:j]
			if len(w) > 1 && !stopWords[w] {
				emit(w)
			}
			// Two words joined by a hyphen are also the one word
			// people type: "e-mail client" is found by email.
			if k := j + 1; k < len(desc) && desc[j] == '-' && isAlnum(desc[k]) && (i == 0 || desc[i-1] != '-') {
				for k < len(desc) && isAlnum(desc[k]) {
					k++
				}
				if (k == len(desc) || desc[k] != '-') && k-i-1 <= maxToken {
					emit(w + desc[j+1:k])
				}
			}
		}
		i = j
	}
}

// maxToken bounds indexed words; longer runs are noise (hashes, URLs).
const maxToken = 48

// nameWords splits a name (attribute element, pname or program) into
// the words it is made of, the whole name first: "gnome-text-editor"
// gives gnome, text and editor; "python313Packages" gives
// python313packages, python, 313, packages and python313; "nodejs_20"
// gives nodejs and 20.
func nameWords(name string, emit func(string)) {
	if name == "" {
		return
	}
	whole := lower(name)
	if len(whole) <= maxToken {
		emit(whole)
	}
	// Runs between punctuation; atoms inside a run at lower-to-upper
	// case changes and between letters and digits.
	for i := 0; i < len(name); {
		for i < len(name) && !isAlnum(name[i]) {
			i++
		}
		j := i
		for j < len(name) && isAlnum(name[j]) {
			j++
		}
		if j == i {
			break
		}
		run := name[i:j]
		if r := lower(run); r != whole && len(r) <= maxToken {
			emit(r)
		}
		prevAtom := ""
		for a := 0; a < len(run); {
			b := a + 1
			for b < len(run) && !atomBreak(run[b-1], run[b]) {
				b++
			}
			atom := lower(run[a:b])
			if len(atom) <= maxToken && (a > 0 || b < len(run)) {
				emit(atom)
				if prevAtom != "" && isDigit(atom[0]) && !isDigit(prevAtom[0]) {
					emit(prevAtom + atom)
				}
			}
			prevAtom = atom
			a = b
		}
		i = j
	}
}

// atomBreak reports whether a name's atom ends between bytes x and y.
func atomBreak(x, y byte) bool {
	switch {
	case x >= 'a' && x <= 'z' && y >= 'A' && y <= 'Z':
		return true
	case isDigit(x) != isDigit(y):
		return true
	}
	return false
}

// letterMask has bit b set when the word holds a byte that maps to b:
// two words within edit distance k differ in at most k bits each way, so
// most of the vocabulary is ruled out by two popcounts.
func letterMask(w string) uint32 {
	var m uint32
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z':
			m |= 1 << (c - 'a')
		case c >= '0' && c <= '9':
			m |= 1 << 26
		default:
			m |= 1 << 27
		}
	}
	return m
}

func maskClose(a, b uint32, k int) bool {
	return bits.OnesCount32(a&^b) <= k && bits.OnesCount32(b&^a) <= k
}

// typoBudget is how many edits a query word may be away from a name:
// none for one or two letters, one for short words, two for long ones.
func typoBudget(w string) int {
	switch {
	case len(w) <= 2:
		return 0
	case len(w) <= 7:
		return 1
	}
	return 2
}

// trigram packs the first three bytes of b.
func trigram(b []byte) uint32 { return uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2]) }
