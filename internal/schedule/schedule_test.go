package schedule

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/record"
)

// The tests reproduce the worked examples and edge cases of the statutory
// guidance, "Induction for early career teachers (England)", April 2024
// (SG), and the Induction Regulations 2012 (Reg.), on a calendar of real
// English school years. Paragraph numbers are cited in each case's name.

// testYears are eight school years of term dates in the pattern English
// local authorities publish: the Christmas and Easter holidays between the
// terms (Easter Sunday falls in the Easter holiday every year), the summer
// term ending in the third week of July. Half terms are inside the terms,
// as the records' calendar has them.
var testYears = []record.Year{
	year("2024-25", "2024-09-02", "2024-12-20", "2025-01-06", "2025-04-04", "2025-04-22", "2025-07-22"),
	year("2025-26", "2025-09-01", "2025-12-19", "2026-01-05", "2026-03-27", "2026-04-13", "2026-07-21"),
	year("2026-27", "2026-09-02", "2026-12-18", "2027-01-04", "2027-03-25", "2027-04-12", "2027-07-21"),
	year("2027-28", "2027-09-01", "2027-12-17", "2028-01-04", "2028-03-31", "2028-04-18", "2028-07-20"),
	year("2028-29", "2028-09-04", "2028-12-20", "2029-01-08", "2029-03-29", "2029-04-16", "2029-07-20"),
	year("2029-30", "2029-09-03", "2029-12-19", "2030-01-07", "2030-04-05", "2030-04-23", "2030-07-19"),
	year("2030-31", "2030-09-02", "2030-12-20", "2031-01-06", "2031-04-04", "2031-04-22", "2031-07-22"),
	year("2031-32", "2031-09-01", "2031-12-19", "2032-01-05", "2032-03-25", "2032-04-12", "2032-07-21"),
}

func year(y string, d ...record.Date) record.Year {
	return record.Year{Year: y,
		Autumn: record.TermDates{Start: d[0], End: d[1]},
		Spring: record.TermDates{Start: d[2], End: d[3]},
		Summer: record.TermDates{Start: d[4], End: d[5]}}
}

var (
	testTerms    = calendar.FromYears(testYears)
	testHolidays = func() *calendar.Holidays {
		h, err := calendar.BankHolidays(2024, 2033)
		if err != nil {
			panic(err)
		}
		return h
	}()
)

func env(today string) Env {
	return Env{Terms: testTerms, Holidays: testHolidays, Policy: DefaultPolicy, Today: day(today)}
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func terms(x float64) *float64 { return &x }

// ect builds an ECT from its periods; the options add the rest.
func ect(periods ...record.Period) *record.ECT {
	return &record.ECT{TRN: "9900001", Name: "Test ECT", Periods: periods}
}

func fullTime(start string) record.Period {
	return record.Period{Start: record.Date(start), FTE: 1}
}

func partTime(start string, fte float64) record.Period {
	return record.Period{Start: record.Date(start), FTE: fte}
}

func left(p record.Period, end string, recorded *float64) record.Period {
	p.End, p.Terms, p.EndReason = record.Date(end), recorded, "moved_school"
	return p
}

func with(e *record.ECT, f func(e *record.ECT)) *record.ECT { f(e); return e }

// show writes an expected report on one line: term of induction, report,
// school term, the day its period ends, FTE terms served then.
func show(x *Expected) string {
	what := x.Assessment
	if what == "" {
		what = "review"
	}
	return fmt.Sprintf("%d %s %s %s %s", x.Number, what, x.Term, x.To.Format(time.DateOnly), FormatTerms(x.FTE))
}

func shown(s *Summary) []string {
	out := []string{}
	for _, x := range s.Reports {
		out = append(out, show(x))
	}
	return out
}

func date(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateOnly)
}

func TestSchedule(t *testing.T) {
	for _, tc := range []struct {
		name     string
		ect      *record.ECT
		today    string
		served   float64 // on today, 1 dp
		exact    float64 // ServedExact, checked where given (and where served is 0)
		required float64
		end      string // ExpectedEnd, "-" for none
		left     bool
		reports  []string
		absence  [2]float64 // AbsenceDays
		extended [2]float64 // ExtensionDays
	}{
		{
			name:  "SG 2.30, 2.48, 2.55: full time from September, reviews in terms 1, 2, 4, 5, assessments at the end of terms 3 and 6",
			ect:   ect(fullTime("2025-09-01")),
			today: "2026-11-22", served: 3.74, required: 6, end: "2027-07-21",
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 1.0",
				"2 review spring 2025-26 2026-03-27 2.0",
				"3 first summer 2025-26 2026-07-21 3.0",
				"4 review autumn 2026-27 2026-12-18 4.0",
				"5 review spring 2026-27 2027-03-25 5.0",
				"6 final summer 2026-27 2027-07-21 6.0",
			},
		},
		{
			// 71 of the 80 school days of autumn 2025-26: 0.9 a term.
			name:  "SG 2.55: a start in the first two weeks of term keeps the assessments in terms 3 and 6; FTE is still exact (R-MIN-3)",
			ect:   ect(fullTime("2025-09-12")),
			today: "2027-08-01", served: 5.89, required: 6, end: "2027-07-21",
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 0.89",
				"2 review spring 2025-26 2026-03-27 1.89",
				"3 first summer 2025-26 2026-07-21 2.89",
				"4 review autumn 2026-27 2026-12-18 3.89",
				"5 review spring 2026-27 2027-03-25 4.89",
				"6 final summer 2026-27 2027-07-21 5.89",
			},
		},
		{
			name:  "SG 2.36, 2.48: 0.5 FTE serves 12 calendar terms, assessed after terms 6 and 12, reviewed in every other term",
			ect:   ect(partTime("2025-09-01", 0.5)),
			today: "2026-11-22", served: 1.87, required: 6, end: "2029-07-20",
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 0.5",
				"2 review spring 2025-26 2026-03-27 1.0",
				"3 review summer 2025-26 2026-07-21 1.5",
				"4 review autumn 2026-27 2026-12-18 2.0",
				"5 review spring 2026-27 2027-03-25 2.5",
				"6 first summer 2026-27 2027-07-21 3.0",
				"7 review autumn 2027-28 2027-12-17 3.5",
				"8 review spring 2027-28 2028-03-31 4.0",
				"9 review summer 2027-28 2028-07-20 4.5",
				"10 review autumn 2028-29 2028-12-20 5.0",
				"11 review spring 2028-29 2029-03-29 5.5",
				"12 final summer 2028-29 2029-07-20 6.0",
			},
		},
		{
			name:  "SG 2.37, 2.48, 2.55: 0.6 FTE is assessed when FTE terms reach 3 and 6, after calendar terms 5 and 10",
			ect:   ect(partTime("2025-09-01", 0.6)),
			today: "2026-11-22", served: 2.25, required: 6, end: "2028-12-20",
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 0.6",
				"2 review spring 2025-26 2026-03-27 1.2",
				"3 review summer 2025-26 2026-07-21 1.8",
				"4 review autumn 2026-27 2026-12-18 2.4",
				"5 first spring 2026-27 2027-03-25 3.0",
				"6 review summer 2026-27 2027-07-21 3.6",
				"7 review autumn 2027-28 2027-12-17 4.2",
				"8 review spring 2027-28 2028-03-31 4.8",
				"9 review summer 2027-28 2028-07-20 5.4",
				"10 final autumn 2028-29 2028-12-20 6.0",
			},
		},
		{
			// 0.7 FTE reaches 3 FTE terms on the 17th of the 59 school
			// days of spring 2026-27 (2.8 + 0.7 × 17/59), and 6 on the
			// 39th of the 68 of summer 2027-28 (5.6 + 0.7 × 39/68): each
			// less than a term after the review before would be, so only
			// the assessment.
			name:  "SG 2.49: a review and an assessment less than a term apart (part-time, 0.7 FTE): only the assessment",
			ect:   ect(partTime("2025-09-01", 0.7)),
			today: "2026-11-22", served: 2.62, required: 6, end: "2028-06-09",
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 0.7",
				"2 review spring 2025-26 2026-03-27 1.4",
				"3 review summer 2025-26 2026-07-21 2.1",
				"5 first spring 2026-27 2027-01-26 3.0",
				"6 review summer 2026-27 2027-07-21 4.2",
				"7 review autumn 2027-28 2027-12-17 4.9",
				"9 final summer 2027-28 2028-06-09 6.0",
			},
		},
		{
			name:  "SG 2.36: part-time at any point: full time for a year, then 0.5 FTE",
			ect:   ect(record.Period{Start: "2025-09-01", FTE: 1, FTEChanges: []record.FTEChange{{From: "2026-09-02", FTE: 0.5}}}),
			today: "2026-11-22", served: 3.37, required: 6, end: "2028-07-20",
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 1.0",
				"2 review spring 2025-26 2026-03-27 2.0",
				"3 first summer 2025-26 2026-07-21 3.0",
				"4 review autumn 2026-27 2026-12-18 3.5",
				"5 review spring 2026-27 2027-03-25 4.0",
				"6 review summer 2026-27 2027-07-21 4.5",
				"7 review autumn 2027-28 2027-12-17 5.0",
				"8 review spring 2027-28 2028-03-31 5.5",
				"9 final summer 2027-28 2028-07-20 6.0",
			},
		},
		{
			name:  "SG 2.55: a January start is assessed at the end of its third and sixth terms (autumn)",
			ect:   ect(fullTime("2026-01-05")),
			today: "2026-11-22", served: 2.74, required: 6, end: "2027-12-17",
			reports: []string{
				"1 review spring 2025-26 2026-03-27 1.0",
				"2 review summer 2025-26 2026-07-21 2.0",
				"3 first autumn 2026-27 2026-12-18 3.0",
				"4 review spring 2026-27 2027-03-25 4.0",
				"5 review summer 2026-27 2027-07-21 5.0",
				"6 final autumn 2027-28 2027-12-17 6.0",
			},
		},
		{
			// Started on the 41st of the 80 school days of autumn
			// 2025-26: reviewed on the 30th of the 60 of spring (13 Feb
			// 2026), and at the same point of every term after (the 36th
			// of 72, the 39th of 78, the 30th of 59, the 37th of 73); the
			// assessments fall at that point too, when FTE terms reach 3
			// and 6.
			name:  "SG 2.49: joined halfway through term one, reviewed by halfway through term two, and at that point each term",
			ect:   ect(fullTime("2025-10-27")),
			today: "2026-11-22", served: 3.24, required: 6, end: "2027-10-25",
			reports: []string{
				"2 review spring 2025-26 2026-02-13 1.0",
				"3 review summer 2025-26 2026-06-01 2.0",
				"4 first autumn 2026-27 2026-10-26 3.0",
				"5 review spring 2026-27 2027-02-12 4.01",
				"6 review summer 2026-27 2027-06-01 5.01",
				"7 final autumn 2027-28 2027-10-25 6.0",
			},
		},
		{
			// Left on 1 June 2026, the 36th of the 72 school days of
			// summer 2025-26, with 2.5 terms recorded.
			name:  "SG 2.34, 2.62: full time, leaves after 2.5 terms: interim assessment on leaving, 2.5 recorded, 3.5 to go",
			ect:   ect(left(fullTime("2025-09-01"), "2026-06-01", terms(2.5))),
			today: "2026-06-10", served: 2.5, required: 6, end: "-", left: true,
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 1.0",
				"2 review spring 2025-26 2026-03-27 2.0",
				"3 interim summer 2025-26 2026-06-01 2.5",
			},
		},
		{
			name:  "SG 2.34: 0.5 FTE, leaves after 2.5 terms: 1.25 served (1.3 to 1 dp), interim on leaving",
			ect:   ect(left(partTime("2025-09-01", 0.5), "2026-06-01", nil)),
			today: "2026-06-10", served: 1.25, exact: 1.25, required: 6, end: "-", left: true,
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 0.5",
				"2 review spring 2025-26 2026-03-27 1.0",
				"3 interim summer 2025-26 2026-06-01 1.25",
			},
		},
		{
			name:  "SG 2.62: leaves during the final term: interim assessment, not the final",
			ect:   ect(left(fullTime("2025-09-01"), "2027-05-28", terms(5.5))),
			today: "2027-06-01", served: 5.5, required: 6, end: "-", left: true,
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 1.0",
				"2 review spring 2025-26 2026-03-27 2.0",
				"3 first summer 2025-26 2026-07-21 3.0",
				"4 review autumn 2026-27 2026-12-18 4.0",
				"5 review spring 2026-27 2027-03-25 5.0",
				"6 interim summer 2026-27 2027-05-28 5.5",
			},
		},
		{
			// 0.7 FTE is assessed on 26 January 2027 (see above) and
			// leaves on 12 March: both reports are in spring 2026-27.
			name:  "SG 2.62: leaves after the first assessment, in the same term: interim as well",
			ect:   ect(left(partTime("2025-09-01", 0.7), "2027-03-12", nil)),
			today: "2027-03-12", served: 3.39, required: 6, end: "-", left: true,
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 0.7",
				"2 review spring 2025-26 2026-03-27 1.4",
				"3 review summer 2025-26 2026-07-21 2.1",
				"5 first spring 2026-27 2027-01-26 3.0",
				"5 interim spring 2026-27 2027-03-12 3.39",
			},
		},
		{
			name:  "SG 2.62: leaves on the day of the first assessment: no interim, the assessment covers it",
			ect:   ect(left(fullTime("2025-09-01"), "2026-07-21", terms(3))),
			today: "2026-09-01", served: 3, required: 6, end: "-", left: true,
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 1.0",
				"2 review spring 2025-26 2026-03-27 2.0",
				"3 first summer 2025-26 2026-07-21 3.0",
			},
		},
		{
			// Reviewed on 1 June 2026 (the same point of summer as the
			// start was of autumn), left on 10 July: 0.5 + 1 + 65/72.
			name:  "SG 2.49, 2.62: a mid-term starter who leaves after the term's review point: review, then interim",
			ect:   ect(left(fullTime("2025-10-27"), "2026-07-10", nil)),
			today: "2026-07-10", served: 2.4, required: 6, end: "-", left: true,
			reports: []string{
				"2 review spring 2025-26 2026-02-13 1.0",
				"3 review summer 2025-26 2026-06-01 2.0",
				"3 interim summer 2025-26 2026-07-10 2.4",
			},
		},
		{
			name:  "SG 2.49, 2.62: a mid-term starter who leaves before the term's review point: the interim instead",
			ect:   ect(left(fullTime("2025-10-27"), "2026-05-15", nil)),
			today: "2026-05-15", served: 1.85, required: 6, end: "-", left: true,
			reports: []string{
				"2 review spring 2025-26 2026-02-13 1.0",
				"3 interim summer 2025-26 2026-05-15 1.85",
			},
		},
		{
			name:  "SG 2.33, 2.62: leaves within the first term: nothing counts, no interim assessment",
			ect:   ect(left(fullTime("2025-09-01"), "2025-11-14", nil)),
			today: "2025-12-01", served: 0, exact: 0, required: 6, end: "-", left: true,
			reports: []string{},
		},
		{
			// In post 40/80 of autumn and 20/60 of spring: 0.83 of a term.
			name:  "SG 2.33: a mid-term starter who leaves in the next term, before a term in post: nothing counts",
			ect:   ect(left(fullTime("2025-10-27"), "2026-01-30", nil)),
			today: "2026-02-02", served: 0, exact: 0, required: 6, end: "-", left: true,
			reports: []string{},
		},
		{
			// 35 school days after 21 July 2027: 19 October 2027.
			name: "SG 3.6: 35 days' sickness in year 1 extends induction by 35 school days; the first assessment stays",
			ect: with(ect(fullTime("2025-09-01")), func(e *record.ECT) {
				e.Absences = []record.Absence{{From: "2026-01-12", To: "2026-02-27", Days: 35, Reason: "sickness"}}
			}),
			today: "2026-11-22", served: 3.74, required: 6, end: "2027-10-19",
			absence: [2]float64{35, 0}, extended: [2]float64{35, 0},
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 1.0",
				"2 review spring 2025-26 2026-03-27 2.0",
				"3 first summer 2025-26 2026-07-21 3.0",
				"4 review autumn 2026-27 2026-12-18 4.0",
				"5 review spring 2026-27 2027-03-25 5.0",
				// no review in summer 2026-27: the final is less than a
				// term later (SG 2.49)
				"7 final autumn 2027-28 2027-10-19 6.45",
			},
		},
		{
			name: "SG 3.6: 29 days' absence in a year of induction does not extend it",
			ect: with(ect(fullTime("2025-09-01")), func(e *record.ECT) {
				e.Absences = []record.Absence{
					{From: "2025-11-03", To: "2025-11-21", Days: 15, Reason: "sickness"},
					{From: "2026-05-04", To: "2026-05-21", Days: 14, Reason: "other"},
				}
			}),
			today: "2026-11-22", served: 3.74, required: 6, end: "2027-07-21",
			absence: [2]float64{29, 0},
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 1.0",
				"2 review spring 2025-26 2026-03-27 2.0",
				"3 first summer 2025-26 2026-07-21 3.0",
				"4 review autumn 2026-27 2026-12-18 4.0",
				"5 review spring 2026-27 2027-03-25 5.0",
				"6 final summer 2026-27 2027-07-21 6.0",
			},
		},
		{
			// 20 days in year 1 and 12 in year 2: no year reaches 30.
			name: "SG 3.6: the 30 days are counted per year of induction",
			ect: with(ect(fullTime("2025-09-01")), func(e *record.ECT) {
				e.Absences = []record.Absence{
					{From: "2026-03-02", To: "2026-03-27", Days: 20, Reason: "sickness"},
					{From: "2026-09-14", To: "2026-09-29", Days: 12, Reason: "sickness"},
				}
			}),
			today: "2026-11-22", served: 3.74, required: 6, end: "2027-07-21",
			absence: [2]float64{20, 12},
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 1.0",
				"2 review spring 2025-26 2026-03-27 2.0",
				"3 first summer 2025-26 2026-07-21 3.0",
				"4 review autumn 2026-27 2026-12-18 4.0",
				"5 review spring 2026-27 2027-03-25 5.0",
				"6 final summer 2026-27 2027-07-21 6.0",
			},
		},
		{
			name: "SG 3.7: 40 days' statutory maternity leave does not extend induction",
			ect: with(ect(fullTime("2025-09-01")), func(e *record.ECT) {
				e.Absences = []record.Absence{{From: "2026-01-12", To: "2026-03-06", Days: 40, Reason: "maternity"}}
			}),
			today: "2026-11-22", served: 3.74, required: 6, end: "2027-07-21",
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 1.0",
				"2 review spring 2025-26 2026-03-27 2.0",
				"3 first summer 2025-26 2026-07-21 3.0",
				"4 review autumn 2026-27 2026-12-18 4.0",
				"5 review spring 2026-27 2027-03-25 5.0",
				"6 final summer 2026-27 2027-07-21 6.0",
			},
		},
		{
			// 40 school days after 21 July 2027: 26 October 2027.
			name: "SG 3.7: 40 days' maternity leave extends induction when the ECT chooses (extend: true)",
			ect: with(ect(fullTime("2025-09-01")), func(e *record.ECT) {
				e.Absences = []record.Absence{{From: "2026-01-12", To: "2026-03-06", Days: 40, Reason: "maternity", Extend: true}}
			}),
			today: "2026-11-22", served: 3.74, required: 6, end: "2027-10-26",
			extended: [2]float64{40, 0},
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 1.0",
				"2 review spring 2025-26 2026-03-27 2.0",
				"3 first summer 2025-26 2026-07-21 3.0",
				"4 review autumn 2026-27 2026-12-18 4.0",
				"5 review spring 2026-27 2027-03-25 5.0",
				"7 final autumn 2027-28 2027-10-26 6.51",
			},
		},
		{
			// The 30-day threshold is for ad hoc absence (SG 3.6); leave
			// the ECT chooses to extend for extends induction by its own
			// days ("any such request must be granted"), here 10 days of
			// paternity leave in year 2: 14 September 2027 is 10 school
			// days after 21 July.
			name: "SG 3.7: 10 days' paternity leave with extend: true extends by 10 days, below the 30-day threshold",
			ect: with(ect(fullTime("2025-09-01")), func(e *record.ECT) {
				e.Absences = []record.Absence{{From: "2026-10-05", To: "2026-10-16", Days: 10, Reason: "paternity", Extend: true}}
			}),
			today: "2026-11-22", served: 3.74, required: 6, end: "2027-09-14",
			extended: [2]float64{0, 10},
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 1.0",
				"2 review spring 2025-26 2026-03-27 2.0",
				"3 first summer 2025-26 2026-07-21 3.0",
				"4 review autumn 2026-27 2026-12-18 4.0",
				"5 review spring 2026-27 2027-03-25 5.0",
				"7 final autumn 2027-28 2027-09-14 6.13",
			},
		},
		{
			// 7.5 FTE terms are reached on the 30th of the 59 school days
			// of spring 2026-27, 12 February 2027.
			name: "SG 3.8, R-EXT-1: an AB extension of 1.5 terms: 7.5 required, a final assessment at its end",
			ect: with(ect(fullTime("2024-09-02")), func(e *record.ECT) {
				e.Extensions = []record.Extension{{Terms: 1.5, Decided: "2026-08-07", By: "ab", Reason: "insufficient evidence"}}
			}),
			today: "2026-11-22", served: 6.74, required: 7.5, end: "2027-02-12",
			reports: []string{
				"1 review autumn 2024-25 2024-12-20 1.0",
				"2 review spring 2024-25 2025-04-04 2.0",
				"3 first summer 2024-25 2025-07-22 3.0",
				"4 review autumn 2025-26 2025-12-19 4.0",
				"5 review spring 2025-26 2026-03-27 5.0",
				"6 final summer 2025-26 2026-07-21 6.0", // the one that led to the extension
				// no review in autumn 2026-27: less than a term before
				// the extension's final assessment (SG 2.49)
				"8 final spring 2026-27 2027-02-12 7.51",
			},
		},
		{
			name: "SG 3.2-3.4: induction reduced to 3 terms: reviews in terms 1 and 2, then only the final assessment",
			ect: with(ect(fullTime("2025-09-01")), func(e *record.ECT) {
				e.Reductions = []record.Reduction{{Terms: 3, Decided: "2025-07-10", Basis: "experience", ECTConsent: true}}
			}),
			today: "2026-01-10", served: 1.08, required: 3, end: "2026-07-21",
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 1.0",
				"2 review spring 2025-26 2026-03-27 2.0",
				"3 final summer 2025-26 2026-07-21 3.0",
			},
		},
		{
			name: "SG 3.4: induction reduced to one term: only the final assessment",
			ect: with(ect(fullTime("2025-09-01")), func(e *record.ECT) {
				e.Reductions = []record.Reduction{{Terms: 5, Decided: "2025-07-10", Basis: "experience", ECTConsent: true}}
			}),
			today: "2025-10-01", served: 0.29, required: 1, end: "2025-12-19",
			reports: []string{
				"1 final autumn 2025-26 2025-12-19 1.0",
			},
		},
		{
			name: "SG 3.5: a part-time reduction brings the final assessment forward",
			ect: with(ect(partTime("2025-09-01", 0.5)), func(e *record.ECT) {
				e.Reductions = []record.Reduction{{Terms: 1.5, Decided: "2028-05-02", Basis: "part_time", ECTConsent: true}}
			}),
			today: "2028-05-02", served: 4.08, required: 4.5, end: "2028-07-20",
			reports: []string{
				"1 review autumn 2025-26 2025-12-19 0.5",
				"2 review spring 2025-26 2026-03-27 1.0",
				"3 review summer 2025-26 2026-07-21 1.5",
				"4 review autumn 2026-27 2026-12-18 2.0",
				"5 review spring 2026-27 2027-03-25 2.5",
				"6 first summer 2026-27 2027-07-21 3.0",
				"7 review autumn 2027-28 2027-12-17 3.5",
				"8 review spring 2027-28 2028-03-31 4.0",
				"9 final summer 2027-28 2028-07-20 4.5",
			},
		},
		{
			name: "SG 2.34, 2.75, 3.14: transfer with 2.0 terms recorded elsewhere, then a September start: first assessment at the end of the first term here (term 3)",
			ect: ect(
				record.Period{Start: "2025-01-06", End: "2025-07-22", FTE: 1, Terms: terms(2), School: 990150, EndReason: "moved_school"},
				fullTime("2025-09-01"),
			),
			today: "2025-11-14", served: 2.69, required: 6, end: "2026-12-18",
			reports: []string{
				"3 first autumn 2025-26 2025-12-19 3.0",
				"4 review spring 2025-26 2026-03-27 4.0",
				"5 review summer 2025-26 2026-07-21 5.0",
				"6 final autumn 2026-27 2026-12-18 6.0",
			},
		},
		{
			name: "SG 2.65-2.67: induction completed and passed: the reports as planned, no expected end",
			ect: ect(record.Period{Start: "2024-09-02", End: "2026-07-21", FTE: 1, Terms: terms(6), EndReason: "completed",
				Outcome: &record.Outcome{Result: "pass", Decided: "2026-07-24", By: "ab"}}),
			today: "2026-11-22", served: 6, required: 6, end: "-",
			reports: []string{
				"1 review autumn 2024-25 2024-12-20 1.0",
				"2 review spring 2024-25 2025-04-04 2.0",
				"3 first summer 2024-25 2025-07-22 3.0",
				"4 review autumn 2025-26 2025-12-19 4.0",
				"5 review spring 2025-26 2026-03-27 5.0",
				"6 final summer 2025-26 2026-07-21 6.0",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ForECT(tc.ect, env(tc.today))
			if got := shown(s); strings.Join(got, "\n") != strings.Join(tc.reports, "\n") {
				t.Errorf("reports:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.reports, "\n  "))
			}
			if s.Served != tc.served {
				t.Errorf("served on %s = %v, want %v", tc.today, s.Served, tc.served)
			}
			exact := tc.exact
			if exact == 0 && tc.served != 0 {
				exact = s.ServedExact // not given
			}
			if d := s.ServedExact - exact; d > 1e-9 || d < -1e-9 {
				t.Errorf("served exactly = %v, want %v", s.ServedExact, exact)
			}
			if s.Required != tc.required {
				t.Errorf("required = %v, want %v", s.Required, tc.required)
			}
			if want := Round2(max(0, tc.required-tc.served)); s.Remaining != want {
				t.Errorf("remaining = %v, want %v", s.Remaining, want)
			}
			if got := date(s.ExpectedEnd); got != tc.end {
				t.Errorf("expected end = %s, want %s", got, tc.end)
			}
			if s.Left != tc.left {
				t.Errorf("left = %v, want %v", s.Left, tc.left)
			}
			if s.AbsenceDays != tc.absence || s.ExtensionDays != tc.extended {
				t.Errorf("absence %v, extension %v; want %v, %v", s.AbsenceDays, s.ExtensionDays, tc.absence, tc.extended)
			}
		})
	}
}

// TestServedOn follows a full-time September starter through induction:
// FTE terms served are the school days served over the school days of each
// term, to 2 dp (SG 2.34 and its footnote: the exact figure).
func TestServedOn(t *testing.T) {
	e := ect(fullTime("2025-09-01"))
	for _, tc := range []struct {
		today  string
		served float64
		why    string
	}{
		{"2025-08-20", 0, "before the start"},
		{"2025-09-01", 0.01, "1 of the 80 days of autumn 2025-26: 0.0125"},
		{"2025-10-24", 0.5, "40 of 80"},
		{"2025-12-19", 1, "the last day of term 1"},
		{"2025-12-25", 1, "the Christmas holiday adds nothing"},
		{"2026-02-13", 1.5, "30 of the 60 days of spring 2025-26"},
		{"2026-07-21", 3, "the first assessment"},
		{"2026-11-22", 3.74, "58 of the 78 days of autumn 2026-27 (Sunday: up to Friday 20 November)"},
		{"2027-07-21", 6, "the final assessment"},
		{"2027-09-30", 6.28, "past the end: the period is still open, so time in post still counts"},
	} {
		if got := ForECT(e, env(tc.today)).Served; got != tc.served {
			t.Errorf("%s (%s): served %v, want %v", tc.today, tc.why, got, tc.served)
		}
	}
}

// TestAbsentAtAssessment: a review or assessment that falls while the ECT
// is absent waits until they return (SG 2.49, 2.56; SG 3.7 for family
// leave), so it is not overdue meanwhile.
func TestAbsentAtAssessment(t *testing.T) {
	e := ect(fullTime("2025-09-01"))
	e.Absences = []record.Absence{{From: "2026-06-01", To: "2026-10-16", Days: 60, Reason: "maternity"}}
	for _, tc := range []struct {
		today string
		want  State
	}{
		{"2026-09-01", NotDue},
		{"2026-09-28", Due}, // 15 working days before Monday 19 October
		{"2026-10-19", Due},
		{"2026-10-20", Overdue},
	} {
		s := ForECT(e, env(tc.today))
		x := s.Reports[2]
		if show(x) != "3 first summer 2025-26 2026-07-21 3.0" {
			t.Fatalf("report 3 is %s", show(x))
		}
		if date(x.Held) != "2026-10-19" || date(x.Due) != "2026-10-19" {
			t.Errorf("held %s, due %s; want 2026-10-19, her first day back", date(x.Held), date(x.Due))
		}
		if x.State != tc.want {
			t.Errorf("%s: %s, want %s", tc.today, x.State, tc.want)
		}
		if s.ExtensionDays != [2]float64{} || date(s.ExpectedEnd) != "2027-07-21" {
			t.Errorf("maternity leave without extend: extension %v, end %s", s.ExtensionDays, date(s.ExpectedEnd))
		}
	}
}

// TestDueAfter: the AB's policy puts due dates a number of working days
// after the end of term: 5 after Friday 19 December 2025, over Christmas,
// is Tuesday 30 December.
func TestDueAfter(t *testing.T) {
	en := env("2025-12-05")
	en.Policy.DueAfter = 5
	x := ForECT(ect(fullTime("2025-09-01")), en).Reports[0]
	if date(x.To) != "2025-12-19" || date(x.Due) != "2025-12-30" || x.State != Due {
		t.Errorf("term 1 review: to %s, due %s, %s; want 2025-12-19, 2025-12-30, due (window from 5 December)", date(x.To), date(x.Due), x.State)
	}
}

// TestPlanOnly: validation plans reports and due dates but skips states and
// deadlines.
func TestPlanOnly(t *testing.T) {
	en := env("2027-08-01")
	full, plan := ForECT(ect(fullTime("2025-09-01")), en), func() *Summary {
		en.PlanOnly = true
		return ForECT(ect(fullTime("2025-09-01")), en)
	}()
	if len(plan.Reports) != len(full.Reports) || len(plan.Reports) != 6 {
		t.Fatalf("plan has %d reports, full %d; want 6", len(plan.Reports), len(full.Reports))
	}
	for i, x := range plan.Reports {
		if !x.Due.Equal(full.Reports[i].Due) || x.State != NotDue || x.Unsigned != nil {
			t.Errorf("report %d: due %s (full %s), state %s: want the same due date and no state", i, date(x.Due), date(full.Reports[i].Due), x.State)
		}
	}
	if plan.Deadlines != nil || full.Deadlines == nil {
		t.Errorf("deadlines: plan %v, full %v", plan.Deadlines, full.Deadlines)
	}
}

// TestDeadlines checks the statutory steps after the final assessment in
// working days (no weekends, no England and Wales bank holidays), each
// counted as the regulations do, "within N working days beginning with"
// the day of the event, which is day 1 (Reg. 11(3), (4), (5), (7); Sch. 3
// para. 2).
func TestDeadlines(t *testing.T) {
	// A January 2025 starter's sixth term is autumn 2026-27, which ends on
	// Friday 18 December 2026.
	spring2025 := func() *record.ECT { return ect(fullTime("2025-01-06")) }
	for _, tc := range []struct {
		name  string
		ect   *record.ECT
		final string // the final assessment's date
		want  []string
	}{
		{
			// 25 and 28 December 2026 and 1 January 2027 are bank
			// holidays; the e-mailed notice of Wednesday 3 February is
			// deemed received on Friday 5th (Reg. 18).
			name:  "Reg. 11(3); SG 2.61: final meeting Friday 18 December 2026 (day 1), report due to the AB Tuesday 5 January 2027",
			ect:   spring2025(),
			final: "2026-12-18",
			want: []string{
				"2027-01-05 Final assessment report and recommendation to the AB (SG 2.61; Reg. 11(3))",
				"2027-01-18 ECT's representations to the AB (Reg. 11(4))",
				"2027-02-01 AB decision (Reg. 11(5); SG 2.67)",
				"2027-02-03 AB notice to ECT, headteacher and employer (Reg. 11(7); SG 2.69)",
				"2027-03-04 ECT's appeal to the Teaching Regulation Agency (Reg. 11(8), Sch. 3 para. 2; SG 2.70)",
			},
		},
		{
			// The notice of Monday 1 February is deemed received on
			// Wednesday 3rd, day 1 of the 20. The law's limit still runs
			// from the completion of induction, Friday 18 December.
			name: "SG 2.61, Reg. 11(3): the final meeting date on the report, Wednesday 16 December 2026, counts for the report; completion for the law",
			ect: with(spring2025(), func(e *record.ECT) {
				e.Reports = []*record.Report{{File: file(record.KindFormalAssessment, "2026-27", "autumn", "final"), Meeting: "2026-12-16"}}
			}),
			final: "2026-12-18",
			want: []string{
				"2026-12-31 Final assessment report to the AB (SG 2.61)",
				"2027-01-05 Headteacher's recommendation to the AB at the latest (Reg. 11(3))",
				"2027-01-14 ECT's representations to the AB (Reg. 11(4))",
				"2027-01-28 AB decision (Reg. 11(5); SG 2.67)",
				"2027-02-01 AB notice to ECT, headteacher and employer (Reg. 11(7); SG 2.69)",
				"2027-03-02 ECT's appeal to the Teaching Regulation Agency (Reg. 11(8), Sch. 3 para. 2; SG 2.70)",
			},
		},
		{
			// Decided Friday 15 January 2027: notice by Tuesday 19th,
			// deemed received Thursday 21st, appeal by Wednesday 17
			// February.
			name: "Reg. 11(7), Sch. 3 para. 2; SG 2.69-2.70: a decision to fail: notice within 3 working days beginning with it, appeal within 20 beginning with deemed receipt",
			ect: ect(record.Period{Start: "2025-01-06", End: "2026-12-18", FTE: 1, Terms: terms(6), EndReason: "completed",
				Outcome: &record.Outcome{Result: "fail", Decided: "2027-01-15", By: "ab"}}),
			final: "2026-12-18",
			want: []string{
				"2027-01-05 Final assessment report and recommendation to the AB (SG 2.61; Reg. 11(3))",
				"2027-01-18 ECT's representations to the AB (Reg. 11(4))",
				"2027-02-01 AB decision (Reg. 11(5); SG 2.67)",
				"2027-01-19 AB notice to ECT, headteacher and employer (Reg. 11(7); SG 2.69)",
				"2027-02-17 ECT's appeal to the Teaching Regulation Agency (Reg. 11(8), Sch. 3 para. 2; SG 2.70)",
			},
		},
		{
			name: "SG 2.70: a pass cannot be appealed",
			ect: ect(record.Period{Start: "2025-01-06", End: "2026-12-18", FTE: 1, Terms: terms(6), EndReason: "completed",
				Outcome: &record.Outcome{Result: "pass", Decided: "2027-01-15", By: "ab"}}),
			final: "2026-12-18",
			want: []string{
				"2027-01-05 Final assessment report and recommendation to the AB (SG 2.61; Reg. 11(3))",
				"2027-01-18 ECT's representations to the AB (Reg. 11(4))",
				"2027-02-01 AB decision (Reg. 11(5); SG 2.67)",
				"2027-01-19 AB notice to ECT, headteacher and employer (Reg. 11(7); SG 2.69)",
			},
		},
		{
			// The summer bank holiday, Monday 30 August 2027, is skipped;
			// the notice of Thursday 2 September is deemed received on
			// Saturday 4th, so day 1 of the appeal is Monday 6th.
			name:  "Reg. 11: a July final assessment, over the August bank holiday",
			ect:   ect(fullTime("2025-09-01")),
			final: "2027-07-21",
			want: []string{
				"2027-08-03 Final assessment report and recommendation to the AB (SG 2.61; Reg. 11(3))",
				"2027-08-16 ECT's representations to the AB (Reg. 11(4))",
				"2027-08-31 AB decision (Reg. 11(5); SG 2.67)",
				"2027-09-02 AB notice to ECT, headteacher and employer (Reg. 11(7); SG 2.69)",
				"2027-10-01 ECT's appeal to the Teaching Regulation Agency (Reg. 11(8), Sch. 3 para. 2; SG 2.70)",
			},
		},
		{
			name:  "SG 2.62: an ECT who left has an interim assessment and no final deadlines",
			ect:   ect(left(fullTime("2025-09-01"), "2026-06-01", terms(2.5))),
			final: "-",
			want:  []string{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ForECT(tc.ect, env("2026-11-22"))
			final := "-"
			for _, x := range s.Reports {
				if x.Assessment == "final" {
					final = date(x.To)
					if !x.Due.Equal(x.To) {
						t.Errorf("final assessment due %s, want %s (DueAfter 0)", date(x.Due), date(x.To))
					}
				}
			}
			if final != tc.final {
				t.Errorf("final assessment on %s, want %s", final, tc.final)
			}
			got := []string{}
			for _, d := range s.Deadlines {
				got = append(got, fmt.Sprintf("%s %s (%s)", date(d.Due), d.What, d.Rule))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("deadlines:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

// file is a report's file as the loader makes it: kind and place from
// its name (2026-27-autumn-progress-review.md), and its sections.
func file(kind record.Kind, year, term, assessment string, sections ...record.Section) *record.File {
	return &record.File{Kind: kind, Valid: true, Sections: sections,
		Place: record.Place{Kind: kind, TRN: "9900001", Year: year, Term: term, Assessment: assessment}}
}

var (
	noComments = record.Section{Heading: "ECT comments", Empty: true}
	comments   = record.Section{Heading: "ECT comments", Source: "I agree with the targets."}
	released   = &record.Released{By: "t-tutor", On: "2026-12-10"}
)

func signed(roles ...string) []record.Signature {
	var out []record.Signature
	for _, r := range roles {
		out = append(out, record.Signature{Role: record.Role(r), By: r + "-id", On: "2026-12-14"})
	}
	return out
}

// TestStates produces each state of a report (DESIGN §4) from an ECT's
// files and the day: the full-time September 2025 starter's term 4
// progress review (autumn 2026-27, due Friday 18 December 2026, due from
// 27 November, 15 working days before) and first formal assessment
// (summer 2025-26, due Tuesday 21 July 2026).
func TestStates(t *testing.T) {
	review := func(sections ...record.Section) *record.Report {
		return &record.Report{File: file(record.KindProgressReview, "2026-27", "autumn", "", sections...)}
	}
	first := func(sigs ...string) *record.Report {
		return &record.Report{File: file(record.KindFormalAssessment, "2025-26", "summer", "first", comments),
			Assessment: "first", Released: released, Signatures: signed(sigs...)}
	}
	for _, tc := range []struct {
		name     string
		today    string
		report   *record.Report
		term     string // of the expected report: "autumn 2026-27" unless given
		want     State
		signed   []string
		unsigned []string
	}{
		{name: "no report, before the window", today: "2026-11-26", want: NotDue, unsigned: []string{"ect", "tutor"}},
		{name: "no report, first day of the window", today: "2026-11-27", want: Due, unsigned: []string{"ect", "tutor"}},
		{name: "no report, on the due date", today: "2026-12-18", want: Due, unsigned: []string{"ect", "tutor"}},
		{name: "no report, the day after", today: "2026-12-19", want: Overdue, unsigned: []string{"ect", "tutor"}},
		{name: "written, not released", today: "2026-12-01", report: review(noComments), want: Due, unsigned: []string{"ect", "tutor"}},
		{name: "written, not released, late", today: "2027-01-04", report: review(noComments), want: Overdue, unsigned: []string{"ect", "tutor"}},
		{name: "released, ECT comments empty", today: "2026-12-11",
			report: with1(review(noComments), func(r *record.Report) { r.Released = released }),
			want:   ECTToComment, unsigned: []string{"ect", "tutor"}},
		{name: "released after the due date: with the ECT, not overdue", today: "2027-01-04",
			report: with1(review(), func(r *record.Report) { r.Released = released }),
			want:   ECTToComment, unsigned: []string{"ect", "tutor"}},
		{name: "released, tutor signed, ECT still to comment", today: "2026-12-11",
			report: with1(review(noComments), func(r *record.Report) { r.Released, r.Signatures = released, signed("tutor") }),
			want:   ECTToComment, signed: []string{"tutor"}, unsigned: []string{"ect"}},
		{name: "released, ECT has commented, nobody signed", today: "2026-12-11",
			report: with1(review(comments), func(r *record.Report) { r.Released = released }),
			want:   NeedsSignatures, unsigned: []string{"ect", "tutor"}},
		{name: "ECT signed, tutor not", today: "2026-12-15",
			report: with1(review(comments), func(r *record.Report) { r.Released, r.Signatures = released, signed("ect") }),
			want:   NeedsSignatures, signed: []string{"ect"}, unsigned: []string{"tutor"}},
		{name: "progress review signed by ECT and tutor", today: "2026-12-15",
			report: with1(review(comments), func(r *record.Report) { r.Released, r.Signatures = released, signed("ect", "tutor") }),
			want:   Submitted, signed: []string{"ect", "tutor"}},
		{name: "SG 2.61: formal assessment without the headteacher's signature", today: "2026-07-20", term: "summer 2025-26",
			report: first("ect", "tutor"), want: NeedsSignatures, signed: []string{"ect", "tutor"}, unsigned: []string{"headteacher"}},
		{name: "SG 2.61: formal assessment signed by ECT, tutor and headteacher", today: "2026-07-20", term: "summer 2025-26",
			report: first("tutor", "headteacher", "ect"), want: Submitted, signed: []string{"ect", "tutor", "headteacher"}},
		{name: "no formal assessment: three to sign", today: "2026-07-22", term: "summer 2025-26",
			want: Overdue, unsigned: []string{"ect", "tutor", "headteacher"}},
		{name: "returned by the AB", today: "2027-01-08",
			report: with1(review(comments), func(r *record.Report) {
				r.Released, r.Signatures = released, signed("ect", "tutor")
				r.ABReview = &record.ABReview{By: "ab", On: "2027-01-07", Decision: "returned", Feedback: "Targets need linking to the Teachers' Standards."}
			}),
			want: Returned, signed: []string{"ect", "tutor"}},
		{name: "reviewed by the AB", today: "2027-01-08",
			report: with1(review(comments), func(r *record.Report) {
				r.Released, r.Signatures = released, signed("ect", "tutor")
				r.ABReview = &record.ABReview{By: "ab", On: "2027-01-07", Decision: "accepted"}
			}),
			want: Reviewed, signed: []string{"ect", "tutor"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ect(fullTime("2025-09-01"))
			if tc.report != nil {
				e.Reports = []*record.Report{tc.report}
			}
			term := tc.term
			if term == "" {
				term = "autumn 2026-27"
			}
			s := ForECT(e, env(tc.today))
			var x *Expected
			for _, r := range s.Reports {
				if r.Term.String() == term {
					x = r
				}
			}
			if x == nil {
				t.Fatalf("no report expected in %s", term)
			}
			if tc.report != nil && x.Report != tc.report {
				t.Fatalf("the filed report was not paired with the %s report (unplanned: %d)", term, len(s.Unplanned))
			}
			if x.State != tc.want {
				t.Errorf("state = %q, want %q", x.State, tc.want)
			}
			if strings.Join(x.Signed, ",") != strings.Join(tc.signed, ",") || strings.Join(x.Unsigned, ",") != strings.Join(tc.unsigned, ",") {
				t.Errorf("signed %v, unsigned %v; want %v, %v", x.Signed, x.Unsigned, tc.signed, tc.unsigned)
			}
		})
	}
	if got, _ := NotDue.MarshalText(); string(got) != "not due" || Returned.String() != "returned by AB" || !Reviewed.Done() || Returned.Done() {
		t.Error("state names")
	}
}

func with1(r *record.Report, f func(r *record.Report)) *record.Report { f(r); return r }

// TestMatchFiled pairs filed reports with expected ones by the term and
// assessment in their file names.
func TestMatchFiled(t *testing.T) {
	interim := &record.Report{File: file(record.KindFormalAssessment, "2026-27", "spring", "interim")}
	first := &record.Report{File: file(record.KindFormalAssessment, "2026-27", "spring", "first")}
	before := &record.Report{File: file(record.KindProgressReview, "2024-25", "summer", "")}
	twice := &record.Report{File: file(record.KindProgressReview, "2025-26", "autumn", "")}
	autumn := &record.Report{File: file(record.KindProgressReview, "2025-26", "autumn", "")}
	e := ect(left(partTime("2025-09-01", 0.7), "2027-03-12", nil))
	e.Reports = []*record.Report{autumn, twice, interim, first, before}
	s := ForECT(e, env("2027-03-12"))
	got := map[string]*record.Report{}
	for _, x := range s.Reports {
		got[show(x)] = x.Report
	}
	for what, want := range map[string]*record.Report{
		"1 review autumn 2025-26 2025-12-19 0.7":   autumn,
		"5 first spring 2026-27 2027-01-26 3.0":    first,
		"5 interim spring 2026-27 2027-03-12 3.39": interim,
	} {
		if got[what] != want {
			t.Errorf("%s: paired with %v (expected: %v)", what, got[what], slices.Collect(maps.Keys(got)))
		}
	}
	if len(s.Unplanned) != 2 || s.Unplanned[0] != twice || s.Unplanned[1] != before {
		t.Errorf("unplanned = %v, want the second autumn 2025-26 review and the one before the start", s.Unplanned)
	}
}

// BenchmarkForECT works out the schedule of one typical ECT: full time,
// in the second year, some absence, three reports filed.
func BenchmarkForECT(b *testing.B) {
	e := ect(fullTime("2025-09-01"))
	e.Absences = []record.Absence{{From: "2026-01-12", To: "2026-01-16", Days: 5, Reason: "sickness"}}
	for _, p := range [][3]string{{"2025-26", "autumn", ""}, {"2025-26", "spring", ""}, {"2025-26", "summer", "first"}} {
		k := record.KindProgressReview
		if p[2] != "" {
			k = record.KindFormalAssessment
		}
		e.Reports = append(e.Reports, &record.Report{File: file(k, p[0], p[1], p[2], comments), Released: released, Signatures: signed("ect", "tutor", "headteacher"),
			ABReview: &record.ABReview{By: "ab", On: "2026-08-01", Decision: "accepted"}})
	}
	en := env("2026-11-22")
	b.ReportAllocs()
	for b.Loop() {
		if s := ForECT(e, en); len(s.Reports) != 6 {
			b.Fatal(len(s.Reports))
		}
	}
}

// TestInductionYear: the first year of induction lasts until FTE term 3 is
// served (SG 2.20: "terms 1–3 or equivalent"), pro rata for a part-time
// ECT; after a transfer the terms served elsewhere count.
func TestInductionYear(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    *record.ECT
		day  string
		want int
	}{
		{"full time, first day", ect(fullTime("2025-09-01")), "2025-09-01", 1},
		{"full time, last day of year 1", ect(fullTime("2025-09-01")), "2026-07-21", 1},
		{"full time, summer holiday", ect(fullTime("2025-09-01")), "2026-08-10", 2},
		{"full time, autumn of year 2", ect(fullTime("2025-09-01")), "2026-10-01", 2},
		{"half time, a calendar year in", ect(partTime("2025-09-01", 0.5)), "2026-10-01", 1},
		{"half time, two years in", ect(partTime("2025-09-01", 0.5)), "2027-07-21", 1},
		{"half time, third year", ect(partTime("2025-09-01", 0.5)), "2027-09-10", 2},
		{"0.6 FTE, five calendar terms in", ect(partTime("2025-09-01", 0.6)), "2027-03-25", 1},
		{"0.6 FTE, five calendar terms and a day", ect(partTime("2025-09-01", 0.6)), "2027-04-13", 2},
		{"three terms served elsewhere", ect(left(record.Period{Start: "2024-09-02", FTE: 1, School: 990150}, "2025-07-22", terms(3)), fullTime("2025-09-01")), "2025-09-10", 2},
		{"one term served elsewhere", ect(left(record.Period{Start: "2025-01-06", FTE: 1, School: 990150}, "2025-04-04", terms(1)), fullTime("2025-09-01")), "2026-03-20", 1},
		{"one term served elsewhere, then two here", ect(left(record.Period{Start: "2025-01-06", FTE: 1, School: 990150}, "2025-04-04", terms(1)), fullTime("2025-09-01")), "2026-04-20", 2},
	} {
		s := ForECT(tc.e, env("2026-11-22"))
		if got := s.InductionYear(day(tc.day)); got != tc.want {
			t.Errorf("%s: %s is in year %d, want %d", tc.name, tc.day, got, tc.want)
		}
	}
}

// TestStatutoryTimeLimits pins each time limit of the regulations, all
// "within N working days beginning with" a day: that day is day 1 when it
// is a working day, and the next working day is otherwise. Weekends and
// England and Wales bank holidays fall at both ends.
func TestStatutoryTimeLimits(t *testing.T) {
	h, err := calendar.BankHolidays(2025, 2028)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rule     string
		by       func(*calendar.Holidays, time.Time) time.Time
		from, to string
	}{
		// Reg. 11(3): the headteacher's recommendation, 10 working days
		// beginning with the day induction was completed.
		{"Reg. 11(3), Friday, over Christmas", RecommendationBy, "2026-12-18", "2027-01-05"},
		{"Reg. 11(3), Monday: two whole weeks", RecommendationBy, "2027-08-16", "2027-08-27"},
		{"Reg. 11(3), ends on the August bank holiday: the next day", RecommendationBy, "2027-08-17", "2027-08-31"},
		// Reg. 11(4): the ECT's representations, 10 working days beginning
		// with the day the recommendation was received.
		{"Reg. 11(4), received on a Saturday: day 1 is Monday", RepresentationsBy, "2027-01-02", "2027-01-15"},
		{"Reg. 11(4), Christmas Eve", RepresentationsBy, "2026-12-24", "2027-01-11"},
		// Reg. 11(5); SG 2.67: the AB's decision, 20 working days beginning
		// with the day it received the recommendation.
		{"Reg. 11(5), a Tuesday", DecideBy, "2027-01-05", "2027-02-01"},
		{"Reg. 11(5), received on Good Friday: day 1 is after Easter Monday", DecideBy, "2027-03-26", "2027-04-26"},
		// Reg. 11(7); SG 2.69: the notice, 3 working days beginning with
		// the day of the decision.
		{"Reg. 11(7), a Monday", NoticeBy, "2027-02-01", "2027-02-03"},
		{"Reg. 11(7), Christmas Eve, over Christmas", NoticeBy, "2026-12-24", "2026-12-30"},
		{"Reg. 11(7), a Sunday", NoticeBy, "2027-01-03", "2027-01-06"},
		{"Reg. 11(7), Friday before a bank holiday Monday", NoticeBy, "2027-08-27", "2027-09-01"},
		// Sch. 3 para. 2; SG 2.70: the appeal, 20 working days beginning
		// with the day the e-mailed notice is deemed received, the second
		// day after it was sent (Reg. 18); the argument is the day sent.
		{"Sch. 3 para. 2, sent Wednesday, received Friday", AppealBy, "2027-02-03", "2027-03-04"},
		{"Sch. 3 para. 2, sent Thursday, received Saturday", AppealBy, "2027-02-04", "2027-03-05"},
		{"Sch. 3 para. 2, received on Christmas Day", AppealBy, "2026-12-23", "2027-01-26"},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			from, _ := time.Parse(time.DateOnly, tc.from)
			if got := tc.by(h, from).Format(time.DateOnly); got != tc.to {
				t.Errorf("%s: from %s the last day is %s, want %s", tc.rule, tc.from, got, tc.to)
			}
		})
	}
}

// TestTRANoticeBy: the Secretary of State is told through the TRA of a
// fail or an extension within 3 working days beginning with the decision,
// and of a pass by the termly return, read as the end of the term it was
// decided in, or of the next term when decided in a holiday (Reg.
// 11(7)(d); SG 2.69).
func TestTRANoticeBy(t *testing.T) {
	h, err := calendar.BankHolidays(2025, 2028)
	if err != nil {
		t.Fatal(err)
	}
	terms := env("2026-12-04").Terms
	for _, tc := range []struct {
		why      string
		pass     bool
		decided  string
		want     string
		wantNone bool
	}{
		{why: "SG 2.69: a fail on Christmas Eve, 3 working days", decided: "2026-12-24", want: "2026-12-30"},
		{why: "SG 2.69: a pass in term time: the end of that term", pass: true, decided: "2026-10-05", want: "2026-12-18"},
		{why: "SG 2.69: a pass in the summer holiday: the end of the autumn term", pass: true, decided: "2026-07-24", want: "2026-12-18"},
		{why: "a pass after the calendar ends: no deadline known", pass: true, decided: "2040-01-06", wantNone: true},
	} {
		d, _ := time.Parse(time.DateOnly, tc.decided)
		by, ok := TRANoticeBy(h, terms, tc.pass, d)
		if ok == tc.wantNone || ok && by.Format(time.DateOnly) != tc.want {
			t.Errorf("%s: %s, %v; want %s", tc.why, by.Format(time.DateOnly), ok, tc.want)
		}
	}
}

// TestTermsFigures: records keep the exact length served (SG 2.34 and its
// footnote: 2.5 terms at 0.5 FTE "would show that they have completed 1.25
// terms"); DfE's forms take 1 dp and get it rounded down, since the guidance
// nowhere says to round in the ECT's favour.
func TestTermsFigures(t *testing.T) {
	for _, tc := range []struct {
		x            float64
		exact        string
		round2, down float64
	}{
		{2.5 * 0.5, "1.25", 1.25, 1.2},
		{1.2499999999, "1.25", 1.25, 1.2},
		{6, "6.0", 6, 6},
		{5.9999999997, "6.0", 6, 6},
		{1.55, "1.55", 1.55, 1.5},
		{0.333333, "0.33", 0.33, 0.3},
	} {
		if got := FormatTerms(tc.x); got != tc.exact {
			t.Errorf("FormatTerms(%v) = %s, want %s", tc.x, got, tc.exact)
		}
		if got := Round2(tc.x); got != tc.round2 {
			t.Errorf("Round2(%v) = %v, want %v", tc.x, got, tc.round2)
		}
		if got := Down1(tc.x); got != tc.down {
			t.Errorf("Down1(%v) = %v, want %v", tc.x, got, tc.down)
		}
	}
}
