// Package spell suggests the nearest known word for a misspelt one, so that
// "unknown field ontrack" can say "did you mean on_track?".
package spell

import "strings"

// Nearest returns the candidate closest to word by edit distance, ignoring
// case, hyphens and underscores, if it is close enough to be a plausible
// typo: at most a third of the word's length, and at least 1.
func Nearest(word string, candidates []string) (string, bool) {
	w := normalize(word)
	best, bestDist := "", -1
	for _, c := range candidates {
		d := distance(w, normalize(c))
		if bestDist < 0 || d < bestDist || d == bestDist && c < best {
			best, bestDist = c, d
		}
	}
	limit := max(1, len([]rune(w))/3)
	if bestDist < 0 || bestDist > limit {
		return "", false
	}
	return best, true
}

func normalize(s string) string {
	return strings.NewReplacer("-", "", "_", "", " ", "").Replace(strings.ToLower(s))
}

// distance is the Damerau–Levenshtein (optimal string alignment) distance,
// so that a swapped pair of letters counts as one edit.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
