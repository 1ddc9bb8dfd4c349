package editform_test

import (
	"testing"

	"github.com/ectdocs/ectdocs/internal/editform"
	"github.com/ectdocs/ectdocs/internal/record"
)

// TestEntry pins the addresses of the editor's forms: the contract with
// the configuration internal/cms writes.
func TestEntry(t *testing.T) {
	for _, tc := range []struct{ rel, want string }{
		{"schools/990101-oakfield-primary/ects/9900101/reports/2025-26-autumn-progress-review.md", "/admin/#/collections/990101-progress-review/entries/9900101/reports/2025-26-autumn-progress-review"},
		{"schools/990101-oakfield-primary/ects/9900101/reports/2025-26-summer-first-assessment.md", "/admin/#/collections/990101-formal-assessment/entries/9900101/reports/2025-26-summer-first-assessment"},
		{"schools/990102-brackenridge-academy/ects/9900108/ect.md", "/admin/#/collections/990102-ect/entries/9900108/ect"},
		{"schools/990101-oakfield-primary/ects/9900101/mentoring.md", "/admin/#/collections/990101-mentoring-log/entries/9900101/mentoring"},
		{"schools/990101-oakfield-primary/ects/9900101/observations/2025-10-15.md", "/admin/#/collections/990101-observation/entries/9900101/observations/2025-10-15"},
		{"schools/990101-oakfield-primary/ects/9900101/support-plans/2026-01-12.md", "/admin/#/collections/990101-support-plan/entries/9900101/support-plans/2026-01-12"},
		{"schools/990101-oakfield-primary/school.md", "/admin/#/collections/990101-school/entries/school"},
		{"body.md", "/admin/#/collections/body/entries/appropriate-body"},
		// Not a record's place: no form.
		{"schools/990101-oakfield-primary/ects/9900101/documents/plan.pdf", ""},
		{"notes.md", ""},
	} {
		if got := editform.Entry(tc.rel); got != tc.want {
			t.Errorf("Entry(%s) = %s; want %s", tc.rel, got, tc.want)
		}
	}
}

// TestNew pins the addresses of the forms that start a record.
func TestNew(t *testing.T) {
	for _, tc := range []struct {
		kind record.Kind
		urn  int
		want string
	}{
		{record.KindProgressReview, 990101, "/admin/#/collections/990101-progress-review"},
		{record.KindFormalAssessment, 990102, "/admin/#/collections/990102-formal-assessment"},
		{record.KindMentoringLog, 990101, "/admin/#/collections/990101-mentoring-log"},
		{record.KindBody, 990101, "/admin/#/collections/body"},
	} {
		if got := editform.New(tc.kind, tc.urn); got != tc.want {
			t.Errorf("New(%s, %d) = %s; want %s", tc.kind, tc.urn, got, tc.want)
		}
	}
}

// TestStart pins the addresses of the forms that start a report the
// schedule expects: one collection per report, named for its file.
func TestStart(t *testing.T) {
	for _, tc := range []struct{ rel, collection string }{
		{"schools/990101-oakfield-primary/ects/9900101/reports/2026-27-spring-progress-review.md", "990101-start-9900101-2026-27-spring-progress-review"},
		{"schools/990102-brackenridge-academy/ects/9900108/reports/2026-27-summer-final-assessment.md", "990102-start-9900108-2026-27-summer-final-assessment"},
	} {
		if got := editform.StartCollection(tc.rel); got != tc.collection {
			t.Errorf("StartCollection(%s) = %s; want %s", tc.rel, got, tc.collection)
		}
		if got, want := editform.Start(tc.rel), "/admin/#/collections/"+tc.collection+"/new"; got != want {
			t.Errorf("Start(%s) = %s; want %s", tc.rel, got, want)
		}
	}
}
