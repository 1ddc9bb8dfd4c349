package calendar

import (
	"testing"
	"time"
)

func TestSchoolYear(t *testing.T) {
	for _, tc := range []struct {
		day   time.Time
		year  string
		start time.Time
	}{
		{Day(2026, time.September, 1), "2026-27", Day(2026, time.September, 1)},
		{Day(2027, time.August, 31), "2026-27", Day(2026, time.September, 1)},
		{Day(2026, time.August, 31), "2025-26", Day(2025, time.September, 1)},
		{Day(2099, time.December, 25), "2099-00", Day(2099, time.September, 1)},
	} {
		if got := SchoolYear(tc.day); got != tc.year {
			t.Errorf("SchoolYear(%s) = %s, want %s", tc.day.Format(time.DateOnly), got, tc.year)
		}
		if got := SchoolYearStart(tc.day); !got.Equal(tc.start) {
			t.Errorf("SchoolYearStart(%s) = %s, want %s", tc.day.Format(time.DateOnly), got.Format(time.DateOnly), tc.start.Format(time.DateOnly))
		}
	}
}
