package schedule

import (
	"testing"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/record"
)

// halfTermYears is testYears with the half terms English local authorities
// publish for 2025-26 to 2027-28.
var halfTermYears = func() []record.Year {
	ys := append([]record.Year(nil), testYears...)
	half := map[string][3][2]record.Date{
		"2025-26": {{"2025-10-27", "2025-10-31"}, {"2026-02-16", "2026-02-20"}, {"2026-05-25", "2026-05-29"}},
		"2026-27": {{"2026-10-26", "2026-10-30"}, {"2027-02-15", "2027-02-19"}, {"2027-05-31", "2027-06-04"}},
		"2027-28": {{"2027-10-25", "2027-10-29"}, {"2028-02-14", "2028-02-18"}, {"2028-05-29", "2028-06-02"}},
	}
	for i, y := range ys {
		if h, ok := half[y.Year]; ok {
			for j, td := range []*record.TermDates{&ys[i].Autumn, &ys[i].Spring, &ys[i].Summer} {
				td.HalfTerm = &record.HalfTerm{Start: h[j][0], End: h[j][1]}
			}
		}
	}
	return ys
}()

func halfTermEnv(today string) Env {
	e := env(today)
	e.Terms = calendar.FromYears(halfTermYears)
	return e
}

// TestAbsenceExtension: an absence extension runs over the days the ECT is
// due to work: school days outside half terms and bank holidays, on their
// working days (Reg. 8(1); SG 3.6, "extended by the aggregate total of days
// absent").
func TestAbsenceExtension(t *testing.T) {
	mon2wed := []record.Weekday{"monday", "tuesday", "wednesday"}
	for _, tc := range []struct {
		name string
		ect  *record.ECT
		end  string
	}{
		{
			// Induction would end on 2027-07-21; 45 days absent in the
			// second year move the end on by 45 school days from 1 September
			// 2027, past the October half term (25-29 October), not into it.
			name: "SG 3.6: 45 days absent, the extension skips the October half term",
			ect: with(ect(fullTime("2025-09-01")), func(e *record.ECT) {
				e.Absences = []record.Absence{{From: "2026-09-07", To: "2026-11-13", Days: 45, Reason: "sickness"}}
			}),
			end: "2027-11-09",
		},
		{
			// A 0.6 FTE ECT who works Monday to Wednesday: 30 days absent
			// extend induction by 30 of their working days, ten weeks of
			// term (to 14 March 2029), not 30 school days (six weeks).
			name: "SG 3.6: a part-timer's 30 days are 30 of their working days",
			ect: with(ect(record.Period{Start: "2025-09-01", FTE: 0.6, WorkingDays: mon2wed}), func(e *record.ECT) {
				e.Absences = []record.Absence{{From: "2026-01-05", To: "2026-03-06", Days: 30, Reason: "sickness"}}
			}),
			end: "2029-03-14",
		},
		{
			// The same ECT without working days recorded: a day absent
			// stands for 1/0.6 school days, 50 school days.
			name: "SG 3.6: a part-timer without working days: 30 days at 0.6 FTE are 50 school days",
			ect: with(ect(partTime("2025-09-01", 0.6)), func(e *record.ECT) {
				e.Absences = []record.Absence{{From: "2026-01-05", To: "2026-03-06", Days: 30, Reason: "sickness"}}
			}),
			end: "2029-03-16",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ForECT(tc.ect, halfTermEnv("2026-01-01"))
			if got := date(s.ExpectedEnd); got != tc.end {
				t.Errorf("expected end %s, want %s", got, tc.end)
			}
		})
	}
}

// TestDueDays: the days an ECT was due to work (Reg. 8(1), SG 3.6).
func TestDueDays(t *testing.T) {
	e := ect(fullTime("2025-09-01"))
	pt := ect(record.Period{Start: "2025-09-01", FTE: 0.6, WorkingDays: []record.Weekday{"monday", "tuesday", "wednesday"}})
	terms := calendar.FromYears(halfTermYears)
	for _, tc := range []struct {
		name     string
		ect      *record.ECT
		from, to string
		want     int
	}{
		{"a week of term", e, "2025-11-03", "2025-11-07", 5},
		{"a week and the October half term", e, "2025-10-20", "2025-10-31", 5},
		{"the early May bank holiday", e, "2026-05-04", "2026-05-08", 4},
		{"the Christmas holiday", e, "2025-12-15", "2026-01-09", 10},
		{"a Monday-to-Wednesday part-timer's fortnight", pt, "2025-11-03", "2025-11-14", 6},
		{"before induction started", e, "2025-08-25", "2025-09-05", 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := DueDays(tc.ect, terms, testHolidays, day(tc.from), day(tc.to))
			if !ok || got != tc.want {
				t.Errorf("DueDays %s to %s = %d, %v; want %d", tc.from, tc.to, got, ok, tc.want)
			}
		})
	}
}
