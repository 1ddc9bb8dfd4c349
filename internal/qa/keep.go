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
