package rules

import (
	"time"

	"github.com/ectdocs/ectdocs/internal/record"
)

// Rule names for the mentoring log.
const (
	RuleMentoringDates = "mentoring-dates" // an entry outside the ECT's induction, or in the future
)

// checkMentoring: each entry of the ECT's mentoring log names someone on
// the school's staff and falls within their induction, not after the day
// of the check. Entries may be in any order, and two on one day are fine.
func checkMentoring(c *shared, r *reporter, e *record.ECT) {
	m := e.Mentoring
	if m == nil {
		return
	}
	f := m.File
	// A day's grace: a meeting logged this evening in England may already
	// be tomorrow where the check runs, or yesterday (UTC).
	latest := c.today.AddDate(0, 0, 1)
	periods := periodsOK(e) // else the periods have errors of their own
	for i, x := range m.Entries {
		staffRef(r, f, e.School, p("entries", i, "with"), x.With, "")
		d, ok := x.Date.Time()
		if !ok {
			continue
		}
		what := "the meeting"
		if x.Kind == record.EntryObserving {
			what = "the lesson observed"
		}
		switch {
		case d.After(latest):
			r.errorf(f, p("entries", i, "date"), RuleMentoringDates, "%s on %s is after today (%s): the log records what has happened; check the date", what, x.Date, c.today.Format(time.DateOnly))
		case periods && !e.InPeriod(d, d):
			r.errorf(f, p("entries", i, "date"), RuleMentoringDates, "%s on %s is not within the ECT's induction periods in ect.md (from %s): check the date", what, x.Date, e.Periods[0].Start)
		}
	}
}
