package qa

import (
	"fmt"
	"time"

	"github.com/ectdocs/ectdocs/internal/record"
)

// RetentionNoticeMonths is how long before the end of the retention
// period (record.Body.Retention) ect qa starts to report it.
const RetentionNoticeMonths = 6

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

// RetentionEnds returns the day the ECT's records may be erased: years
// after the end of their induction; false while their induction has not
// ended.
func RetentionEnds(e *record.ECT, years int) (time.Time, bool) {
	end, ok := inductionEnd(e)
	return end.AddDate(years, 0, 0), ok
}

// retention says when the ECT's records have passed, or are within
// RetentionNoticeMonths of, the end of the body's retention period
// (years after the end of induction) on day. Empty otherwise.
func retention(e *record.ECT, years int, day time.Time) string {
	end, ok := inductionEnd(e)
	if !ok {
		return ""
	}
	until := end.AddDate(years, 0, 0)
	why := fmt.Sprintf("%d years from the end of induction on %s (the body's retention_years; at least six, SG 2.77)", years, end.Format(time.DateOnly))
	switch {
	case !day.Before(until):
		return fmt.Sprintf("the records' retention period ended on %s, %s: decide whether to keep them longer, as data protection law allows, or to erase them (ect erase --ect %s)", until.Format(time.DateOnly), why, e.TRN)
	case !day.AddDate(0, RetentionNoticeMonths, 0).Before(until):
		return fmt.Sprintf("the records' retention period ends on %s, %s", until.Format(time.DateOnly), why)
	}
	return ""
}
