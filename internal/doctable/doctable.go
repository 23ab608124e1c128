// Package doctable reads the Markdown tables our documentation keeps in
// step with the code, so tests can check the two agree.
package doctable

import (
	"fmt"
	"os"
	"strings"
)

// Rows returns the cells of each body row of the first table in the
// section under the line heading in the Markdown file path: the header row and its rule
// are left out, cells are trimmed of spaces and surrounding backquotes.
func Rows(path, heading string) ([][]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	text := "\n" + string(b)
	_, after, ok := strings.Cut(text, "\n"+heading+"\n")
	if !ok {
		return nil, fmt.Errorf("%s has no %q heading; did it move?", path, heading)
	}
	var rows [][]string
	started, header := false, true
	for _, line := range strings.Split(after, "\n") {
		if !strings.HasPrefix(line, "|") {
			if started || strings.HasPrefix(line, "#") {
				break // a table ends at its last row, a section at the next heading
			}
			continue
		}
		started = true
		if header {
			header = false
			continue
		}
		if strings.Trim(line, "|-: ") == "" {
			continue // the rule under the header
		}
		// " | " and not "|": a cell may hold `a|b` in code.
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), " | ")
		for i, c := range cells {
			cells[i] = strings.Trim(strings.TrimSpace(c), "`")
		}
		rows = append(rows, cells)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: the table under %q has no rows", path, heading)
	}
	return rows, nil
}
