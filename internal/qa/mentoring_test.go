package qa_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/qa"
)

const (
	fixtureECT = "schools/990201-testwood-primary/ects/1234567/ect.md"
	fixtureLog = "schools/990201-testwood-primary/ects/1234567/mentoring.md"
	fullTime   = "    fte: 1.0\n    working_pattern: Full time\n"
)

// fixtureTerms are the fixture's terms (internal/fixture/base.txtar).
var fixtureTerms = [][2]string{
	{"2025-09-01", "2025-12-19"}, {"2026-01-05", "2026-03-27"}, {"2026-04-13", "2026-07-21"},
	{"2026-09-02", "2026-12-18"}, {"2027-01-04", "2027-03-25"}, {"2027-04-12", "2027-07-21"},
}

// The fixture's half-term weeks, as the school keeps them (the fixture's
// calendar does not list them; the "half term in the calendar" cases do).
var halfTerms = []string{"2025-10-27", "2026-02-16", "2026-05-25", "2026-10-26"}

// spring is the fixture's spring 2025-26 in body.md; spring2026HalfTerm the
// same with its half term given.
const spring = `spring: {start: "2026-01-05", end: "2026-03-27"}`

func spring2026HalfTerm(from, to string) string {
	return `spring: {start: "2026-01-05", end: "2026-03-27", half_term: {start: "` + from + `", end: "` + to + `"}}`
}

func inTerm(d time.Time) bool {
	s := d.Format(time.DateOnly)
	return slices.ContainsFunc(fixtureTerms, func(t [2]string) bool { return s >= t[0] && s <= t[1] })
}

// meetings lists a meeting on the Wednesday of every term week from the
// Monday from up to to, leaving out the half terms and the weeks in skip,
// and from the Monday fortnightly on only every other term week.
func meetings(from, to, fortnightly string, skip ...string) []string {
	var out []string
	n := 0
	for mon, _ := time.Parse(time.DateOnly, from); mon.Format(time.DateOnly) <= to; mon = mon.AddDate(0, 0, 7) {
		m := mon.Format(time.DateOnly)
		wed := mon.AddDate(0, 0, 2)
		if !inTerm(wed) || slices.Contains(halfTerms, m) {
			continue
		}
		n++
		if slices.Contains(skip, m) || fortnightly != "" && m >= fortnightly && n%2 == 0 {
			continue
		}
		out = append(out, wed.Format(time.DateOnly))
	}
	return out
}

// logOf writes a mentoring log with a meeting on each day, and the
// observing entries.
func logOf(days []string, observing ...string) string {
	var b strings.Builder
	b.WriteString("---\nkind: mentoring-log\nect: \"1234567\"\nentries:\n")
	for _, d := range days {
		b.WriteString("  - {date: \"" + d + "\", kind: meeting, minutes: 40}\n")
	}
	for _, d := range observing {
		b.WriteString("  - {date: \"" + d + "\", kind: observing, with: t-two}\n")
	}
	b.WriteString("---\n")
	return b.String()
}

// fixtureQA runs the checks on the fixture with edits: file → old → new
// (old "" writes the whole file).
func fixtureQA(t *testing.T, edits map[string][2]string) *qa.Result {
	t.Helper()
	files := fixture.Base()
	for name, e := range edits {
		if e[0] == "" {
			files[name] = e[1]
			continue
		}
		if strings.Count(files[name], e[0]) != 1 {
			t.Fatalf("%q is not once in %s", e[0], name)
		}
		files[name] = strings.Replace(files[name], e[0], e[1], 1)
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	_, res := check(t, fsys)
	return res
}

func findings(res *qa.Result, check string) []string {
	var out []string
	for _, f := range res.Findings {
		if f.Check == check && f.TRN == "1234567" {
			out = append(out, f.Detail)
		}
	}
	return out
}

// TestMentoring: a meeting every term week in year 1 and every other in
// year 2 (the AB's practice), up to the QA day, 22 November 2026.
func TestMentoring(t *testing.T) {
	const start, end = "2025-09-01", "2026-11-20"
	weekly := meetings(start, end, "")
	for _, tc := range []struct {
		name  string
		edits map[string][2]string
		want  string // a substring of the finding; "" for none
	}{
		{"weekly meetings, none in the holidays or half terms", map[string][2]string{fixtureLog: {"", logOf(weekly)}}, ""},
		{"weekly meetings, in the half terms too", map[string][2]string{fixtureLog: {"", logOf(meetings(start, end, "", "x"))}}, ""},
		{"entries in any order, some twice", map[string][2]string{fixtureLog: {"", logOf(append(reversed(weekly), weekly[:5]...))}}, ""},
		{"holidays do not count: last meeting of autumn on 17 December, first of spring on 7 January",
			map[string][2]string{fixtureLog: {"", logOf(weekly)}}, ""},
		{"the first week back missed", map[string][2]string{fixtureLog: {"", logOf(meetings(start, end, "", "2026-01-05"))}},
			"1 gap without a meeting, the longest 1 term week from 2026-01-05"},
		{"a three-week gap in year 1", map[string][2]string{fixtureLog: {"", logOf(meetings(start, end, "", "2026-01-12", "2026-01-19", "2026-01-26"))}},
			"1 gap without a meeting, the longest 3 term weeks from 2026-01-12"},
		{"two missed weeks in one term: neither is the half term", map[string][2]string{fixtureLog: {"", logOf(meetings(start, end, "", "2026-03-02", "2026-03-16"))}},
			"2 gaps without a meeting, the longest 1 term week from 2026-03-02"},
		{"half term in the calendar: the week without a meeting is a gap, not taken for the half term",
			map[string][2]string{fixtureLog: {"", logOf(weekly)}, "body.md": {spring, spring2026HalfTerm("2026-02-09", "2026-02-13")}},
			"1 gap without a meeting, the longest 1 term week from 2026-02-16"},
		{"half term in the calendar: no meeting is expected in it",
			map[string][2]string{fixtureLog: {"", logOf(weekly)}, "body.md": {spring, spring2026HalfTerm("2026-02-16", "2026-02-20")}},
			""},
		{"fortnightly in year 2", map[string][2]string{fixtureLog: {"", logOf(meetings(start, end, "2026-09-01"))}}, ""},
		{"fortnightly in year 1", map[string][2]string{fixtureLog: {"", logOf(meetings(start, end, "2026-01-05"))}},
			"gaps without a meeting"},
		{"fortnightly in the summer term of year 1", map[string][2]string{fixtureLog: {"", logOf(meetings(start, end, "2026-04-13"))}},
			"gaps without a meeting"},
		{"three weeks without a meeting in year 2", map[string][2]string{fixtureLog: {"", logOf(meetings(start, end, "", "2026-11-02", "2026-11-09", "2026-11-16"))}},
			"1 gap without a meeting, the longest 3 term weeks from 2026-11-02"},
		{"the weeks since the last meeting count", map[string][2]string{fixtureLog: {"", logOf(meetings(start, "2026-10-30", ""))}},
			"1 gap without a meeting, the longest 3 term weeks from 2026-11-02"},
		{"part time: autumn 2026 is still year 1 at 0.5 FTE, so fortnightly is not enough",
			map[string][2]string{fixtureLog: {"", logOf(meetings(start, end, "2026-09-01"))}, fixtureECT: {fullTime, "    fte: 0.5\n    working_pattern: Mornings\n"}},
			"gaps without a meeting"},
		{"part time: weekly passes", map[string][2]string{fixtureLog: {"", logOf(weekly)}, fixtureECT: {fullTime, "    fte: 0.5\n    working_pattern: Mornings\n"}}, ""},
		{"absence: no meeting is expected while the ECT is away",
			map[string][2]string{fixtureLog: {"", logOf(meetings(start, end, "", "2026-03-02", "2026-03-09", "2026-03-16"))},
				fixtureECT: {"    reason: sickness\n", "    reason: sickness\n  - from: \"2026-03-02\"\n    to: \"2026-03-20\"\n    days: 15\n    reason: sickness\n"}}, ""},
		{"no log", nil, "no mentor meeting recorded: there is no mentoring log (ect new mentoring --ect 1234567 starts one)"},
		{"a log with no meetings", map[string][2]string{fixtureLog: {"", logOf(nil, "2025-10-08")}}, "no mentor meeting recorded in the mentoring log"},
		{"not started by the QA day", map[string][2]string{fixtureECT: {`start: "2025-09-01"`, `start: "2027-01-04"`}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := findings(fixtureQA(t, tc.edits), "mentoring")
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("want no mentoring finding, got %q", got)
			case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
				t.Errorf("want one mentoring finding saying %q, got %q", tc.want, got)
			}
		})
	}
}

// TestObserving: a term with no lesson of an experienced teacher observed
// is an entitlement not met (SG 2.39); terms not over yet are not.
func TestObserving(t *testing.T) {
	weekly := meetings("2025-09-01", "2026-11-20", "")
	res := fixtureQA(t, map[string][2]string{fixtureLog: {"", logOf(weekly, "2025-10-08", "2026-05-06", "2026-07-20")}})
	var got []string
	for _, d := range findings(res, "entitlements") {
		if strings.Contains(d, "experienced teacher") {
			got = append(got, d)
		}
	}
	want := "no lesson of an experienced teacher observed in 1 term: spring 2025-26"
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestTimetable: at most 90% of a normal teacher's timetable in year 1 and
// 95% in year 2 (SG 2.20–2.21), pro rata for part-time ECTs.
func TestTimetable(t *testing.T) {
	weekly := logOf(meetings("2025-09-01", "2026-11-20", ""))
	for _, tc := range []struct {
		name, timetable, fte, want string
	}{
		{"92% in year 1", `  - {from: "2025-09-01", percent: 92}`, "", "92% from 2025-09-01 in year 1 of induction (at most 90%)"},
		{"90% in year 1, 92% in year 2", "  - {from: \"2025-09-01\", percent: 90}\n  - {from: \"2026-09-02\", percent: 92}", "", ""},
		{"92% in year 2, listed first", "  - {from: \"2026-09-02\", percent: 92}\n  - {from: \"2025-09-01\", percent: 90}", "", ""},
		{"97% in year 2", "  - {from: \"2025-09-01\", percent: 90}\n  - {from: \"2026-09-02\", percent: 97}", "", "97% from 2026-09-02 in year 2 of induction (at most 95%)"},
		{"92% from September 2026 is still year 1 at 0.5 FTE", "  - {from: \"2025-09-01\", percent: 90}\n  - {from: \"2026-09-02\", percent: 92}", "0.5",
			"92% from 2026-09-02 in year 1 of induction (at most 90%)"},
		{"92% from after the QA day", "  - {from: \"2025-09-01\", percent: 90}\n  - {from: \"2027-01-04\", percent: 100}", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ect := [2]string{"    reason: sickness\n", "    reason: sickness\ntimetable:\n" + tc.timetable + "\n"}
			edits := map[string][2]string{fixtureLog: {"", weekly}, fixtureECT: ect}
			res := fixtureQA(t, edits)
			if tc.fte != "" {
				files := fixture.Base()[fixtureECT]
				files = strings.Replace(files, ect[0], ect[1], 1)
				files = strings.Replace(files, "fte: 1.0", "fte: "+tc.fte, 1)
				res = fixtureQA(t, map[string][2]string{fixtureLog: {"", weekly}, fixtureECT: {"", files}})
			}
			var got []string
			for _, d := range findings(res, "entitlements") {
				if strings.HasPrefix(d, "timetable") {
					got = append(got, d)
				}
			}
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("want no timetable finding, got %q", got)
			case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
				t.Errorf("want one timetable finding saying %q, got %q", tc.want, got)
			}
		})
	}
}

func reversed(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}
