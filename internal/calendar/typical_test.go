package calendar

import (
	"testing"
	"time"
)

// TestTypical pins the placeholder term dates ect init writes against
// years whose Easter falls early, late and in between: each term starts
// and ends on a weekday, its half term is a Monday-to-Friday week inside
// it, and the terms follow each other.
func TestTypical(t *testing.T) {
	for _, tc := range []struct {
		start int
		want  [3][4]string // start, end, half-term start, half-term end
	}{
		// Easter 5 April 2026: two weeks off around it (30 March to 10 April).
		{2025, [3][4]string{
			{"2025-09-01", "2025-12-19", "2025-10-27", "2025-10-31"},
			{"2026-01-05", "2026-03-27", "2026-02-16", "2026-02-20"},
			{"2026-04-13", "2026-07-21", "2026-05-25", "2026-05-29"},
		}},
		// Easter 28 March 2027, early.
		{2026, [3][4]string{
			{"2026-09-01", "2026-12-18", "2026-10-26", "2026-10-30"},
			{"2027-01-04", "2027-03-19", "2027-02-15", "2027-02-19"},
			{"2027-04-05", "2027-07-21", "2027-05-31", "2027-06-04"},
		}},
		// Easter 21 April 2030, late; 1 September 2029 is a Saturday.
		{2029, [3][4]string{
			{"2029-09-03", "2029-12-14", "2029-10-22", "2029-10-26"},
			{"2030-01-04", "2030-04-12", "2030-02-18", "2030-02-22"},
			{"2030-04-29", "2030-07-19", "2030-05-27", "2030-05-31"},
		}},
	} {
		terms := Typical(tc.start)
		for i, term := range terms {
			got := [4]string{term.Start.Format(time.DateOnly), term.End.Format(time.DateOnly), term.HalfStart.Format(time.DateOnly), term.HalfEnd.Format(time.DateOnly)}
			if got != tc.want[i] {
				t.Errorf("Typical(%d) %s = %v, want %v", tc.start, term, got, tc.want[i])
			}
			if !IsWeekday(term.Start) || !IsWeekday(term.End) || term.HalfStart.Weekday() != time.Monday ||
				!term.HalfStart.After(term.Start) || !term.HalfEnd.Before(term.End) {
				t.Errorf("Typical(%d) %s: %v is not a term with its half term inside it", tc.start, term, got)
			}
			if i > 0 && !terms[i-1].End.Before(term.Start) {
				t.Errorf("Typical(%d): %s starts before %s ends", tc.start, term, terms[i-1])
			}
		}
	}
}
