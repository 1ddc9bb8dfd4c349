package calendar

import (
	"slices"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/record"
)

func mustHolidays(t *testing.T) *Holidays {
	t.Helper()
	h, err := BankHolidays(2020, 2030)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestBankHolidays compares with gov.uk's England and Wales list, and the
// one-off override (19 September 2022, which the library does not know).
func TestBankHolidays(t *testing.T) {
	h := mustHolidays(t)
	want := map[int][]string{
		2022: {"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"},
		2026: {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"},
		2027: {"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"},
	}
	for year, days := range want {
		var got []string
		for d := Day(year, 1, 1); d.Year() == year; d = d.AddDate(0, 0, 1) {
			if h.Name(d) != "" {
				got = append(got, d.Format(time.DateOnly))
			}
		}
		if len(got) != len(days) {
			t.Errorf("%d: got %v, want %v", year, got, days)
			continue
		}
		for i := range got {
			if got[i] != days[i] {
				t.Errorf("%d: got %v, want %v", year, got, days)
				break
			}
		}
	}
	if h.Name(Day(2022, 9, 19)) == "" {
		t.Error("19 September 2022 (state funeral) is missing: extra-holidays.txt is not read")
	}
}

func TestAddWorkingDays(t *testing.T) {
	h := mustHolidays(t)
	for _, tc := range []struct {
		from time.Time
		n    int
		want time.Time
		why  string
	}{
		// SG 2.61: final report within 10 working days of the final
		// meeting; 25 and 28 Dec 2026 and 1 Jan 2027 are bank holidays.
		{Day(2026, 12, 18), 10, Day(2027, 1, 6), "over Christmas"},
		{Day(2026, 7, 21), 10, Day(2026, 8, 4), "summer, no bank holiday"},
		{Day(2026, 4, 2), 1, Day(2026, 4, 7), "over Easter (3 and 6 April)"},
		{Day(2022, 9, 16), 1, Day(2022, 9, 20), "over the 2022 state funeral"},
		{Day(2026, 3, 6), 0, Day(2026, 3, 6), "zero days"},
	} {
		if got := h.AddWorkingDays(tc.from, tc.n); !got.Equal(tc.want) {
			t.Errorf("%s: %s + %d working days = %s, want %s", tc.why, tc.from.Format(time.DateOnly), tc.n, got.Format(time.DateOnly), tc.want.Format(time.DateOnly))
		}
	}
}

// TestWithin: the regulations' time limits run "within N working days
// beginning with" a day, which is day 1 (Reg. 11(3), (4), (5), (7);
// Sch. 3 para. 2); a weekend or bank holiday at either end is skipped.
func TestWithin(t *testing.T) {
	h := mustHolidays(t)
	for _, tc := range []struct {
		from time.Time
		n    int
		want time.Time
		why  string
	}{
		{Day(2026, 12, 18), 10, Day(2027, 1, 5), "Friday is day 1; 25 and 28 December and 1 January are bank holidays"},
		{Day(2026, 12, 19), 10, Day(2027, 1, 6), "a Saturday: day 1 is Monday 21st"},
		{Day(2026, 12, 28), 3, Day(2026, 12, 31), "a bank holiday (Boxing Day substitute): day 1 is the 29th"},
		{Day(2026, 4, 3), 1, Day(2026, 4, 7), "Good Friday: day 1 is after Easter Monday"},
		{Day(2026, 7, 2), 3, Day(2026, 7, 6), "Thursday, Friday, then over the weekend"},
		{Day(2026, 8, 26), 3, Day(2026, 8, 28), "ends the Friday before the August bank holiday"},
		{Day(2026, 8, 26), 4, Day(2026, 9, 1), "runs over the August bank holiday"},
		{Day(2022, 9, 16), 2, Day(2022, 9, 20), "over the 2022 state funeral"},
		{Day(2026, 3, 6), 1, Day(2026, 3, 6), "one working day beginning with a working day is that day"},
		{Day(2026, 3, 7), 0, Day(2026, 3, 7), "zero days"},
	} {
		if got := h.Within(tc.from, tc.n); !got.Equal(tc.want) {
			t.Errorf("%s: %d working days beginning with %s end on %s, want %s", tc.why, tc.n, tc.from.Format(time.DateOnly), got.Format(time.DateOnly), tc.want.Format(time.DateOnly))
		}
		if got := h.WorkingDays(tc.from, tc.want); tc.n > 0 && got != tc.n {
			t.Errorf("%s: WorkingDays(%s, %s) = %d, want %d", tc.why, tc.from.Format(time.DateOnly), tc.want.Format(time.DateOnly), got, tc.n)
		}
	}
}

var years = []record.Year{
	{Year: "2025-26", Autumn: record.TermDates{Start: "2025-09-01", End: "2025-12-19"}, Spring: record.TermDates{Start: "2026-01-05", End: "2026-03-27"}, Summer: record.TermDates{Start: "2026-04-13", End: "2026-07-21"}},
	{Year: "2026-27", Autumn: record.TermDates{Start: "2026-09-02", End: "2026-12-18"}, Spring: record.TermDates{Start: "2027-01-04", End: "2027-03-25"}, Summer: record.TermDates{Start: "2027-04-12", End: "2027-07-21"}},
}

func TestTerms(t *testing.T) {
	ts := FromYears(years)
	if len(ts) != 6 || ts[0].String() != "autumn 2025-26" || ts[5].String() != "summer 2026-27" {
		t.Fatalf("terms = %v", ts)
	}
	for _, tc := range []struct {
		d    time.Time
		want string
		ok   bool
	}{
		{Day(2025, 9, 1), "autumn 2025-26", true},
		{Day(2025, 12, 25), "autumn 2025-26", true}, // a holiday belongs to the term before
		{Day(2026, 1, 5), "spring 2025-26", true},
		{Day(2027, 7, 21), "summer 2026-27", true},
		{Day(2027, 8, 1), "summer 2026-27", false}, // after the calendar
		{Day(2025, 8, 1), "", false},               // before it
	} {
		i, ok := ts.Index(tc.d)
		got := ""
		if ok || tc.want != "" {
			got = ts[i].String()
		}
		if ok != tc.ok || got != tc.want {
			t.Errorf("Index(%s) = %q, %v; want %q, %v", tc.d.Format(time.DateOnly), got, ok, tc.want, tc.ok)
		}
	}
	if n := ts.SchoolDays(Day(2025, 12, 15), Day(2026, 1, 9)); n != 10 {
		t.Errorf("SchoolDays over Christmas = %d, want 10 (15–19 Dec, 5–9 Jan)", n)
	}
	if d, ok := ts.AddSchoolDays(Day(2025, 12, 19), 3); !ok || !d.Equal(Day(2026, 1, 7)) {
		t.Errorf("AddSchoolDays(19 Dec, 3) = %s, %v; want 2026-01-07", d.Format(time.DateOnly), ok)
	}
}

// TestIsSchoolDay: a school day is a weekday in a term, outside its half
// term; holidays between terms and days outside the calendar are not.
func TestIsSchoolDay(t *testing.T) {
	ys := slices.Clone(years)
	ys[0].Autumn.HalfTerm = &record.HalfTerm{Start: "2025-10-27", End: "2025-10-31"}
	ts := FromYears(ys)
	for _, tc := range []struct {
		d    time.Time
		want bool
		why  string
	}{
		{Day(2025, 9, 1), true, "the first day of the calendar"},
		{Day(2025, 9, 6), false, "a Saturday in term"},
		{Day(2025, 10, 24), true, "the Friday before half term"},
		{Day(2025, 10, 27), false, "in half term"},
		{Day(2025, 11, 3), true, "the Monday after half term"},
		{Day(2025, 12, 22), false, "the Christmas holiday"},
		{Day(2027, 7, 21), true, "the last day of the calendar"},
		{Day(2027, 7, 22), false, "after the calendar"},
		{Day(2025, 8, 29), false, "before the calendar"},
	} {
		if got := ts.IsSchoolDay(tc.d); got != tc.want {
			t.Errorf("%s: IsSchoolDay(%s) = %v, want %v", tc.why, tc.d.Format(time.DateOnly), got, tc.want)
		}
	}
}

func TestMerge(t *testing.T) {
	own := []record.Year{{Year: "2026-27", Autumn: record.TermDates{Start: "2026-09-07", End: "2026-12-18"}, Spring: years[1].Spring, Summer: years[1].Summer}}
	got := FromYears(Merge(years, own))
	if len(got) != 6 || !got[3].Start.Equal(Day(2026, 9, 7)) || !got[0].Start.Equal(Day(2025, 9, 1)) {
		t.Errorf("merged = %v", got)
	}
}
