package qa

import (
	"fmt"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
)

// decisions says what the AB itself still owes an ECT on day: a decision
// on a final assessment that reached it (due within 20 working days,
// Reg. 11(5)), and the written notice of each decision taken (within 3,
// Reg. 11(7)). Decisions imported from before the records came into Git
// are not chased.
func decisions(e *record.ECT, h *calendar.Holidays, terms calendar.Terms, day time.Time) []owed {
	if h == nil {
		return nil
	}
	var out []owed
	if rep, received := schedule.Recommendation(e, day); rep != nil && !rep.Returned() && !decidedSince(e, received) {
		by := schedule.DecideBy(h, received)
		detail := fmt.Sprintf("the final assessment reached the AB on %s and awaits its decision (ect outcome): decide by %s (Reg. 11(5))",
			received.Format(time.DateOnly), by.Format(time.DateOnly))
		if day.After(by) {
			detail += fmt.Sprintf(", %d working days ago", h.WorkingDays(by.AddDate(0, 0, 1), day))
		}
		out = append(out, owed{detail, rep.Doc.Path})
	}
	notice := func(what string, decided, notified record.Date, imported bool) {
		on, ok := decided.Time()
		if !ok || imported || notified != "" {
			return
		}
		if by := schedule.NoticeBy(h, on); day.After(by) {
			out = append(out, owed{fmt.Sprintf("no notice of %s (decided %s) is recorded as sent: it was due by %s (Reg. 11(7)); record the day it went as notified:", what, decided, by.Format(time.DateOnly)), e.Doc.Path})
		}
	}
	// The Secretary of State is told through the Teaching Regulation
	// Agency (Reg. 11(7)(d); SG 2.69).
	tra := func(what string, pass bool, decided, notified record.Date, imported bool) {
		on, ok := decided.Time()
		if !ok || imported || notified != "" {
			return
		}
		if by, ok := schedule.TRANoticeBy(h, terms, pass, on); ok && day.After(by) {
			out = append(out, owed{fmt.Sprintf("the Teaching Regulation Agency is not recorded as told of %s (decided %s): it was due by %s (Reg. 11(7)(d); SG 2.69); record the day as notified_tra:", what, decided, by.Format(time.DateOnly)), e.Doc.Path})
		}
	}
	for _, p := range e.Periods {
		if o := p.Outcome; o != nil {
			notice("the outcome", o.Decided, o.Notified, o.Imported)
			tra("the outcome", o.Passed(), o.Decided, o.NotifiedTRA, o.Imported)
		}
	}
	for _, x := range e.Extensions {
		notice("the extension", x.Decided, x.Notified, x.Imported)
		tra("the extension", false, x.Decided, x.NotifiedTRA, x.Imported)
	}
	return out
}

// owed is a decision or notice the AB owes, and the file it concerns.
type owed struct{ detail, file string }

// decidedSince reports whether the AB decided on the ECT's induction (an
// outcome or an extension) on or after day.
func decidedSince(e *record.ECT, day time.Time) bool {
	after := func(d record.Date) bool {
		t, ok := d.Time()
		return ok && !t.Before(day)
	}
	for _, p := range e.Periods {
		if p.Outcome != nil && after(p.Outcome.Decided) {
			return true
		}
	}
	for _, x := range e.Extensions {
		if after(x.Decided) {
			return true
		}
	}
	return false
}
