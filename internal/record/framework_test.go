package record

import (
	"testing"
	"time"
)

// TestFrameworkFor: induction is based on the ITTECF from 1 September
// 2025 (statutory guidance, 2025 edition, 2.40); an ECT who started
// before keeps the ECF until August 2027 and moves to the ITTECF from
// September 2027 if not finished (DfE, "Changes to early career teacher
// training from September 2025").
func TestFrameworkFor(t *testing.T) {
	day := func(s string) time.Time {
		t.Helper()
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tc := range []struct {
		start, on string
		want      Framework
	}{
		{"2021-09-01", "2022-01-10", ECF},
		{"2024-09-02", "2025-10-01", ECF},    // started before: keeps the ECF
		{"2025-08-31", "2025-09-01", ECF},    // the day before the change
		{"2025-09-01", "2025-09-01", ITTECF}, // the first day of the ITTECF
		{"2026-01-05", "2026-03-01", ITTECF}, // started after
		{"2024-09-02", "2027-08-31", ECF},    // the last day of the ECF
		{"2024-09-02", "2027-09-01", ITTECF}, // not finished by August 2027
		{"2023-01-09", "2028-01-01", ITTECF}, // an extended induction
		{"", "2024-01-01", ITTECF},           // start not known: recent
	} {
		var start time.Time
		if tc.start != "" {
			start = day(tc.start)
		}
		if got := FrameworkFor(start, day(tc.on)); got != tc.want {
			t.Errorf("FrameworkFor(%s, %s) = %s, want %s", tc.start, tc.on, got, tc.want)
		}
	}
	e := &ECT{Periods: []Period{{Start: "2025-09-01"}, {Start: "2024-09-02"}, {Start: "not a date"}}}
	if got := e.Framework(day("2026-01-01")); got != ECF {
		t.Errorf("the framework of an ECT whose first period started 2024-09-02 = %s, want ECF", got)
	}
	if got := ITTECF.Name(); got != "Initial Teacher Training and Early Career Framework (ITTECF)" {
		t.Errorf("ITTECF.Name() = %q", got)
	}
	if got, want := SchoolLed.Words()+" "+ProviderLed.Words(), "school-led provider-led"; got != want {
		t.Errorf("Words() = %q, want %q", got, want)
	}
}

// TestLastFidelityCheck: the latest check of the framework made by the
// day, whatever order the checks are listed in.
func TestLastFidelityCheck(t *testing.T) {
	s := &School{FidelityChecks: []FidelityCheck{
		{On: "2025-07-10", Framework: ITTECF, Outcome: NotInFull},
		{On: "2025-08-20", Framework: ITTECF, Outcome: CoversInFull},
		{On: "2024-07-01", Framework: ECF, Outcome: CoversInFull},
		{On: "2026-07-01", Framework: ITTECF, Outcome: NotInFull},
	}}
	for _, tc := range []struct {
		f    Framework
		on   time.Time
		at   int
		want bool
	}{
		{ITTECF, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), -1, false},
		{ITTECF, time.Date(2025, 7, 10, 0, 0, 0, 0, time.UTC), 0, true},
		{ITTECF, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), 1, true},
		{ITTECF, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), 3, true},
		{ECF, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), 2, true},
	} {
		_, at, ok := s.LastFidelityCheck(tc.f, tc.on)
		if at != tc.at || ok != tc.want {
			t.Errorf("LastFidelityCheck(%s, %s) = %d, %v; want %d, %v", tc.f, tc.on.Format(time.DateOnly), at, ok, tc.at, tc.want)
		}
	}
}

// TestReportFramework: a report asks about the framework of its period's
// end (its meeting when the period has no end), so an ECF starter's
// report of summer 2027 names the ECF and one of autumn 2027 the ITTECF.
func TestReportFramework(t *testing.T) {
	e := &ECT{Periods: []Period{{Start: "2025-01-06"}}}
	for _, tc := range []struct {
		r    Report
		want string
	}{
		{Report{Period: DateRange{From: "2027-04-12", To: "2027-07-21"}}, "Has the ECT accessed a programme of training based on the ECF?"},
		{Report{Period: DateRange{From: "2027-09-01", To: "2027-12-17"}}, "Has the ECT accessed a programme of training based on the ITTECF?"},
		{Report{Meeting: "2027-09-10"}, "Has the ECT accessed a programme of training based on the ITTECF?"},
		{Report{Meeting: "2027-07-10"}, "Has the ECT accessed a programme of training based on the ECF?"},
	} {
		if got := e.ReportFramework(&tc.r).ProgrammeQuestion(); got != tc.want {
			t.Errorf("period %v, meeting %s: %q, want %q", tc.r.Period, tc.r.Meeting, got, tc.want)
		}
	}
}
