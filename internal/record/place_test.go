package record

import (
	"strings"
	"testing"
)

func TestPlaceOf(t *testing.T) {
	const (
		sch = "schools/990201-testwood-primary"
		dir = sch + "/ects/1234567"
	)
	school := Place{SchoolDir: sch, SchoolURN: 990201}
	ect := Place{SchoolDir: sch, SchoolURN: 990201, ECTDir: dir, TRN: "1234567"}
	with := func(p Place, f func(*Place)) Place { f(&p); return p }
	for _, tc := range []struct {
		path    string
		want    Place
		problem string // a substring of want.Problem; want.Problem is then not compared
	}{
		// Every layout, valid.
		{path: "body.md", want: Place{Kind: KindBody}},
		{path: sch + "/school.md", want: with(school, func(p *Place) { p.Kind = KindSchool })},
		{path: "schools/990201/school.md", want: Place{Kind: KindSchool, SchoolDir: "schools/990201", SchoolURN: 990201}},
		{path: "schools/100001-st-mary-s-ce-2/school.md", want: Place{Kind: KindSchool, SchoolDir: "schools/100001-st-mary-s-ce-2", SchoolURN: 100001}},
		{path: dir + "/ect.md", want: with(ect, func(p *Place) { p.Kind = KindECT })},
		{path: dir + "/reports/2025-26-autumn-progress-review.md", want: with(ect, func(p *Place) {
			p.Kind, p.Year, p.Term = KindProgressReview, "2025-26", "autumn"
		})},
		{path: dir + "/reports/2025-26-summer-first-assessment.md", want: with(ect, func(p *Place) {
			p.Kind, p.Year, p.Term, p.Assessment = KindFormalAssessment, "2025-26", "summer", "first"
		})},
		{path: dir + "/reports/2026-27-spring-final-assessment.md", want: with(ect, func(p *Place) {
			p.Kind, p.Year, p.Term, p.Assessment = KindFormalAssessment, "2026-27", "spring", "final"
		})},
		{path: dir + "/reports/2025-26-autumn-interim-assessment.md", want: with(ect, func(p *Place) {
			p.Kind, p.Year, p.Term, p.Assessment = KindFormalAssessment, "2025-26", "autumn", "interim"
		})},
		{path: dir + "/observations/2025-10-15.md", want: with(ect, func(p *Place) { p.Kind, p.Date = KindObservation, "2025-10-15" })},
		{path: dir + "/observations/2025-10-15-year-3-maths.md", want: with(ect, func(p *Place) { p.Kind, p.Date = KindObservation, "2025-10-15" })},
		{path: dir + "/support-plans/2026-01-12.md", want: with(ect, func(p *Place) { p.Kind, p.Date = KindSupportPlan, "2026-01-12" })},
		{path: dir + "/mentoring.md", want: with(ect, func(p *Place) { p.Kind = KindMentoringLog })},
		{path: dir + "/documents/2025-10-15-feedback.pdf", want: with(ect, func(p *Place) { p.Evidence = true })},
		{path: dir + "/documents/2025/scan.md", want: with(ect, func(p *Place) { p.Evidence = true })},

		// Bad places, with what is wrong.
		{path: "notes.md", want: Place{}, problem: "only body.md belongs at the top of the records folder"},
		{path: "Body.md", want: Place{}, problem: "only body.md belongs at the top"},
		{path: "docs/readme.md", want: Place{}, problem: "records belong in body.md or under schools/"},
		{path: "school/990201-x/school.md", want: Place{}, problem: "records belong in body.md or under schools/"},
		{path: "schools/school.md", want: Place{}, problem: "a school needs its own folder: schools/<URN>-<name>/school.md"},
		{path: "schools/testwood/school.md", want: Place{SchoolDir: "schools/testwood"}, problem: `school folder "testwood" must be named <URN>-<name>, e.g. 100001-oakfield-primary`},
		{path: "schools/99020-testwood/school.md", want: Place{SchoolDir: "schools/99020-testwood"}, problem: "must be named <URN>-<name>"},
		{path: "schools/990201-Testwood/school.md", want: Place{SchoolDir: "schools/990201-Testwood"}, problem: "(lower case, digits and hyphens)"},
		{path: "schools/990201-testwood-/school.md", want: Place{SchoolDir: "schools/990201-testwood-"}, problem: "must be named <URN>-<name>"},
		{path: sch + "/staff.md", want: school, problem: "a school folder holds school.md and ects/; ECT records go in ects/<TRN>/"},
		{path: sch + "/ects/ect.md", want: school, problem: "ECT records go in " + sch + "/ects/<TRN>/"},
		{path: sch + "/staff/a/ect.md", want: school, problem: "ECT records go in " + sch + "/ects/<TRN>/"},
		{path: sch + "/ects/123456/ect.md", want: Place{SchoolDir: sch, SchoolURN: 990201, ECTDir: sch + "/ects/123456"}, problem: `ECT folder "123456" must be the ECT's 7-digit TRN`},
		{path: sch + "/ects/erin/ect.md", want: Place{SchoolDir: sch, SchoolURN: 990201, ECTDir: sch + "/ects/erin"}, problem: "7-digit TRN"},
		{path: dir + "/profile.md", want: ect, problem: "an ECT folder holds ect.md, mentoring.md, reports/, observations/, support-plans/ and documents/"},
		{path: dir + "/Mentoring.md", want: ect, problem: "an ECT folder holds ect.md, mentoring.md, reports/"},
		{path: dir + "/mentoring/2025-10-15.md", want: ect, problem: "not mentoring/"},
		{path: dir + "/notes/2025-10-15.md", want: ect, problem: "an ECT folder holds ect.md, mentoring.md, reports/, observations/, support-plans/ and documents/, not notes/"},
		{path: dir + "/reports/2025-26/autumn-progress-review.md", want: ect, problem: "reports/ has no sub-folders"},
		{path: dir + "/reports/2025-26-winter-progress-review.md", want: ect, problem: "a report's file name is <YYYY-YY>-<autumn|spring|summer>-progress-review.md"},
		{path: dir + "/reports/2025-26-autumn-formal-assessment.md", want: ect, problem: "<first|final|interim>-assessment.md"},
		{path: dir + "/reports/2025-autumn-progress-review.md", want: ect, problem: "a report's file name is"},
		{path: dir + "/reports/2025-26-autumn-progress-review.txt", want: ect, problem: "a report's file name is"},
		{path: dir + "/reports/2025-26-Autumn-progress-review.md", want: ect, problem: "a report's file name is"},
		{path: dir + "/observations/15-10-2025.md", want: ect, problem: "a file in observations/ is named by its date: <YYYY-MM-DD>.md or <YYYY-MM-DD>-<words>.md"},
		{path: dir + "/observations/2025-10-15_maths.md", want: ect, problem: "a file in observations/ is named by its date"},
		{path: dir + "/support-plans/plan.md", want: ect, problem: "a file in support-plans/ is named by its date"},
		{path: dir + "/observations/autumn/2025-10-15.md", want: ect, problem: "observations/ has no sub-folders"},
	} {
		got := PlaceOf(tc.path)
		want := tc.want
		if tc.problem != "" {
			if !strings.Contains(got.Problem, tc.problem) {
				t.Errorf("PlaceOf(%q).Problem = %q, want it to contain %q", tc.path, got.Problem, tc.problem)
			}
			if got.Kind != "" {
				t.Errorf("PlaceOf(%q).Kind = %q for a bad place", tc.path, got.Kind)
			}
			want.Problem = got.Problem
		}
		if got != want {
			t.Errorf("PlaceOf(%q)\n got  %+v\n want %+v", tc.path, got, want)
		}
	}
}

// Every kind has a layout, and each layout example is a valid place for it.
func TestLayoutCoversEveryKind(t *testing.T) {
	example := strings.NewReplacer("<URN>-<name>", "990201-testwood", "<TRN>", "1234567",
		"<YYYY-YY>-<autumn|spring|summer>-<first|final|interim>", "2025-26-summer-first",
		"<YYYY-YY>-<autumn|spring|summer>", "2025-26-autumn", "<YYYY-MM-DD>", "2025-10-15")
	for _, k := range Kinds {
		l, ok := Layout[k]
		if !ok {
			t.Errorf("no Layout for %s", k)
			continue
		}
		p := example.Replace(l)
		if got := PlaceOf(p); got.Kind != k {
			t.Errorf("PlaceOf(%q) = %+v, want kind %s", p, got, k)
		}
	}
}

// Messages about a record's kind use the right article: "an observation",
// "an ect", "a school".
func TestWithArticle(t *testing.T) {
	want := map[Kind]string{
		KindBody:             "an appropriate-body",
		KindSchool:           "a school",
		KindECT:              "an ect",
		KindProgressReview:   "a progress-review",
		KindFormalAssessment: "a formal-assessment",
		KindObservation:      "an observation",
		KindSupportPlan:      "a support-plan",
		KindMentoringLog:     "a mentoring-log",
	}
	for _, k := range Kinds {
		w, ok := want[k]
		if !ok {
			t.Errorf("no expected article for kind %q", k)
			continue
		}
		if got := withArticle(string(k)); got != w {
			t.Errorf("withArticle(%q) = %q, want %q", k, got, w)
		}
	}
}
