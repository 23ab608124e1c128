// Package editdistance measures how far apart two words are, for typo
// tolerance: "firefx" is one edit from "firefox", "neovmi" one swap from
// "neovim".
package editdistance

// OSA is the optimal-string-alignment distance (insertions,
// deletions, substitutions and swaps of neighbours each cost one), or
// k+1 once it is certain to exceed k.
func OSA(a, b string, k int) int {
	if d := len(a) - len(b); d > k || -d > k {
		return k + 1
	}
	if len(a) > 64 || len(b) > 64 {
		return k + 1
	}
	var rows [3][65]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > k {
			return k + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[len(b)] > k {
		return k + 1
	}
	return prev[len(b)]
}
