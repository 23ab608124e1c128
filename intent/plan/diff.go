package plan

import (
	"fmt"
	"strings"
)

// DiffContext is how many unchanged lines surround each change, as in
// diff -u and git diff.
const DiffContext = 3

// Diff returns a unified diff of two versions of a file, with
// "--- a/<name>" and "+++ b/<name>" headers (or /dev/null for a side that
// does not exist) and hunks with DiffContext lines of context. Equal
// inputs give "".
func Diff(name string, old, new []byte, oldExists, newExists bool) string {
	a, b := splitLines(string(old)), splitLines(string(new))
	ops := diffLines(a, b)
	hunks := group(ops, DiffContext)
	if len(hunks) == 0 {
		return ""
	}
	var out strings.Builder
	from, to := "a/"+name, "b/"+name
	if !oldExists {
		from = "/dev/null"
	}
	if !newExists {
		to = "/dev/null"
	}
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", from, to)
	for _, h := range hunks {
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(h.aStart, h.aLen), hunkRange(h.bStart, h.bLen))
		for _, op := range h.ops {
			var line string
			switch op.kind {
			case ' ':
				line = a[op.a]
			case '-':
				line = a[op.a]
			case '+':
				line = b[op.b]
			}
			out.WriteByte(op.kind)
			out.WriteString(strings.TrimSuffix(line, "\n"))
			out.WriteByte('\n')
			if !strings.HasSuffix(line, "\n") {
				out.WriteString("\\ No newline at end of file\n")
			}
		}
	}
	return out.String()
}

// hunkRange writes a hunk's line range the way diff -u does: a one-line
// range is just its start, an empty range starts before its position.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

// splitLines keeps each line's newline, so a missing final newline shows.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// op is one line of an edit script: ' ' keeps a[a], '-' drops a[a], '+'
// adds b[b].
type op struct {
	kind byte
	a, b int
}

// diffLines is Myers' O((N+M)D) shortest edit script, after trimming the
// common prefix and suffix (edits to the fragment are small and local).
func diffLines(a, b []string) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for i := 0; i < pre; i++ {
		ops = append(ops, op{' ', i, i})
	}
	ops = append(ops, myers(a[pre:len(a)-suf], b[pre:len(b)-suf], pre, pre)...)
	for i := 0; i < suf; i++ {
		ops = append(ops, op{' ', len(a) - suf + i, len(b) - suf + i})
	}
	return ops
}

// maxEdits bounds the edit distance myers searches for. Its trace keeps
// a snapshot of 2d+1 entries for every step d, so cost grows with the
// square of the distance: a fragment of thousands of lines reordered
// would take seconds and gigabytes. Beyond the bound the changed middle
// is shown as removed and added whole: a correct diff, only not the
// shortest, and as big as such a change is anyway.
const maxEdits = 1000

func myers(a, b []string, aOff, bOff int) []op {
	n, m := len(a), len(b)
	max := n + m
	if max == 0 {
		return nil
	}
	off := max
	v := make([]int, 2*max+2)
	// trace[d] is v as step d found it, for k in [-d, d] (index k+d).
	var trace [][]int
	found := false
	for d := 0; d <= max && !found; d++ {
		if d > maxEdits {
			return replaceAll(n, m, aOff, bOff)
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	// Walk the trace back from (n, m) to (0, 0).
	var rev []op
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		vd := trace[d]
		k := x - y
		var pk int
		if k == -d || (k != d && vd[k-1+d] < vd[k+1+d]) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := vd[pk+d]
		py := px - pk
		for x > px && y > py {
			x--
			y--
			rev = append(rev, op{' ', aOff + x, bOff + y})
		}
		if x == px {
			y--
			rev = append(rev, op{'+', aOff + x, bOff + y})
		} else {
			x--
			rev = append(rev, op{'-', aOff + x, bOff + y})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, op{' ', aOff + x, bOff + y})
	}
	ops := make([]op, len(rev))
	for i, o := range rev {
		ops[len(rev)-1-i] = o
	}
	return ops
}

// replaceAll is the edit script that removes all n lines of a and adds
// all m of b.
func replaceAll(n, m, aOff, bOff int) []op {
	ops := make([]op, 0, n+m)
	for i := range n {
		ops = append(ops, op{'-', aOff + i, bOff})
	}
	for j := range m {
		ops = append(ops, op{'+', aOff + n, bOff + j})
	}
	return ops
}

type hunk struct {
	aStart, aLen, bStart, bLen int
	ops                        []op
}

// group cuts the edit script into hunks: each change with up to ctx
// unchanged lines around it, hunks closer than 2*ctx merged.
func group(ops []op, ctx int) []hunk {
	var hunks []hunk
	i := 0
	for i < len(ops) {
		for i < len(ops) && ops[i].kind == ' ' {
			i++
		}
		if i == len(ops) {
			break
		}
		start := max(0, i-ctx)
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*ctx {
				end = min(run, end+ctx)
				break
			}
			end = run
		}
		h := hunk{ops: ops[start:end]}
		h.aStart, h.bStart = position(ops, start)
		for _, o := range h.ops {
			if o.kind != '+' {
				h.aLen++
			}
			if o.kind != '-' {
				h.bLen++
			}
		}
		hunks = append(hunks, h)
		i = end
	}
	return hunks
}

// position returns the 0-based line numbers in a and b where ops[i]
// starts.
func position(ops []op, i int) (int, int) {
	a, b := 0, 0
	for _, o := range ops[:i] {
		if o.kind != '+' {
			a++
		}
		if o.kind != '-' {
			b++
		}
	}
	return a, b
}
