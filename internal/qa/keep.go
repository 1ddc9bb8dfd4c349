package qa

import (
	"fmt"
	"time"

	"github.com/ectdocs/ectdocs/internal/record"
)

// Retention is how long an appropriate body keeps an ECT's records after
// the end of their induction: at least six years (SG 2.77, 5.3, 5.11;
// 2025 edition 5.3).
const (
	RetentionYears = 6
	// RetentionNoticeMonths is how long before the end of the retention
	// period ect qa starts to report it.
	RetentionNoticeMonths = 6
)

// fidelity says what is missing of the AB's fidelity checking for an ECT
// on a school-led programme in induction on day: the AB checks that the
// school's own programme covers the framework (the ITTECF; the ECF for an
// ECT who started before September 2025) in full ("Appropriate bodies
// guidance: induction and the initial teacher training and early career
// framework", May 2025). Empty when nothing is.
func fidelity(e *record.ECT, day time.Time) string {
	if e.Programme != record.SchoolLed || e.School == nil || !inInduction(e, day) {
		return ""
	}
	f := e.Framework(day)
	c, _, ok := e.School.LastFidelityCheck(f, day)
	switch {
	case !ok:
		return fmt.Sprintf("school-led programme, but no fidelity check against the %s is recorded for %s: the AB checks that a school-led programme covers the %s in full (AB guidance, May 2025); record it in school.md under fidelity_checks", f, e.School.Name, f)
	case c.Outcome == record.NotInFull:
		return fmt.Sprintf("school-led programme: the last fidelity check against the %s (%s) found it does not cover the %s in full; check it again once the school has filled the gaps", f, c.On, f)
	}
	return ""
}

// inInduction reports whether the ECT is serving induction on day: in a
// period that has started and not ended, with no outcome.
func inInduction(e *record.ECT, day time.Time) bool {
	for _, p := range e.Periods {
		if p.Outcome != nil {
			return false
		}
	}
	for _, p := range e.Periods {
		start, ok := p.Start.Time()
		if !ok || start.After(day) {
			continue
		}
		if end, ok := p.End.Time(); !ok || !end.Before(day) {
			return true
		}
	}
	return false
}

// inductionEnd returns the day the ECT's induction ended, from which their
// records are kept: the latest end of their periods, or of the AB's
// decision and its notice; false while a period is open (or none is
// dated). An ECT who left without an outcome ends with their last period.
func inductionEnd(e *record.ECT) (time.Time, bool) {
	var last time.Time
	later := func(d record.Date) {
		if t, ok := d.Time(); ok && t.After(last) {
			last = t
		}
	}
	for _, p := range e.Periods {
		if _, ok := p.End.Time(); !ok {
			return time.Time{}, false
		}
		later(p.End)
		if o := p.Outcome; o != nil {
			later(o.Decided)
			later(o.Notified)
		}
	}
	return last, !last.IsZero()
}

// retention says when the ECT's records have passed, or are within
// RetentionNoticeMonths of, the end of their retention period on day.
// Empty otherwise.
func retention(e *record.ECT, day time.Time) string {
	end, ok := inductionEnd(e)
	if !ok {
		return ""
	}
	until := end.AddDate(RetentionYears, 0, 0)
	why := fmt.Sprintf("%d years from the end of induction on %s (SG 2.77, 5.3, 5.11)", RetentionYears, end.Format(time.DateOnly))
	switch {
	case !day.Before(until):
		return fmt.Sprintf("the records' retention period ended on %s, %s: decide whether to keep them longer, as data protection law allows, or to delete them", until.Format(time.DateOnly), why)
	case !day.AddDate(0, RetentionNoticeMonths, 0).Before(until):
		return fmt.Sprintf("the records' retention period ends on %s, %s", until.Format(time.DateOnly), why)
	}
	return ""
}
