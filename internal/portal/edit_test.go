package portal_test

import (
	"testing"

	"github.com/ectdocs/ectdocs/internal/portal"
	"github.com/ectdocs/ectdocs/internal/record"
)

// TestEditURL pins the addresses of the editor's forms: the contract with
// the configuration internal/cms writes.
func TestEditURL(t *testing.T) {
	for rel, want := range map[string]string{
		"schools/990101-oakfield-primary/ects/9900101/reports/2025-26-autumn-progress-review.md":  "/admin/#/collections/990101-progress-review/entries/9900101/reports/2025-26-autumn-progress-review",
		"schools/990101-oakfield-primary/ects/9900101/reports/2025-26-summer-first-assessment.md": "/admin/#/collections/990101-formal-assessment/entries/9900101/reports/2025-26-summer-first-assessment",
		"schools/990102-brackenridge-academy/ects/9900108/ect.md":                                 "/admin/#/collections/990102-ect/entries/9900108/ect",
		"schools/990101-oakfield-primary/ects/9900101/mentoring.md":                               "/admin/#/collections/990101-mentoring-log/entries/9900101/mentoring",
		"schools/990101-oakfield-primary/ects/9900101/observations/2025-10-15.md":                 "/admin/#/collections/990101-observation/entries/9900101/observations/2025-10-15",
		"schools/990101-oakfield-primary/school.md":                                               "/admin/#/collections/990101-school/entries/school",
		"body.md": "/admin/#/collections/body/entries/appropriate-body",
		// Not a record's place: no form.
		"schools/990101-oakfield-primary/ects/9900101/documents/plan.pdf": "",
		"notes.md": "",
	} {
		if got := portal.EditURL(rel); got != want {
			t.Errorf("EditURL(%s) = %s; want %s", rel, got, want)
		}
	}
	if got, want := portal.NewURL(record.KindProgressReview, 990101), "/admin/#/collections/990101-progress-review"; got != want {
		t.Errorf("NewURL = %s; want %s", got, want)
	}
}
