package schedule

import (
	"fmt"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/record"
)

// The statutory time limits around the AB's decision, in working days.
// Every one runs "within N working days beginning with" a day, which is
// day 1 of the N (calendar.Holidays.Within).
const (
	// RecommendationDays: the headteacher's written recommendation goes
	// to the AB, copied to the ECT, within 10 working days beginning with
	// the day induction was completed (Reg. 11(3)); the final assessment
	// report carries it (SG 2.60) within 10 working days of the final
	// assessment meeting (SG 2.61).
	RecommendationDays = 10
	// RepresentationDays: the ECT may make written representations to the
	// AB within 10 working days beginning with the day they received the
	// recommendation (Reg. 11(4)).
	RepresentationDays = 10
	// DecisionDays: the AB decides within 20 working days beginning with
	// the day it received the headteacher's recommendation (Reg. 11(5);
	// SG 2.67).
	DecisionDays = 20
	// NoticeDays: its notice goes to the ECT, the headteacher and the
	// employer within 3 working days beginning with the day of the
	// decision (Reg. 11(7); SG 2.69).
	NoticeDays = 3
	// AppealDays: the ECT may appeal a fail or an extension to the
	// Secretary of State (the Teaching Regulation Agency) within 20
	// working days beginning with the day they are deemed to have
	// received the notice (Reg. 11(8), Sch. 3 para. 2; SG 2.70).
	AppealDays = 20
)

// RecommendationBy is the last day for the headteacher's recommendation
// on an induction completed (or a final assessment meeting held) on day
// (Reg. 11(3); SG 2.61).
func RecommendationBy(h *calendar.Holidays, day time.Time) time.Time {
	return h.Within(day, RecommendationDays)
}

// RepresentationsBy is the last day for the ECT's representations on a
// recommendation received on day (Reg. 11(4)).
func RepresentationsBy(h *calendar.Holidays, received time.Time) time.Time {
	return h.Within(received, RepresentationDays)
}

// DecideBy is the last day for the AB's decision on a recommendation it
// received on day (Reg. 11(5); SG 2.67).
func DecideBy(h *calendar.Holidays, received time.Time) time.Time {
	return h.Within(received, DecisionDays)
}

// NoticeBy is the last day for the notice of a decision taken on day
// (Reg. 11(7); SG 2.69).
func NoticeBy(h *calendar.Holidays, decided time.Time) time.Time {
	return h.Within(decided, NoticeDays)
}

// Recommendation finds the final assessment the AB decides on: the newest
// one signed by the ECT, the tutor and the headteacher by day (any day,
// when day is zero). received is when its last signature went on: the
// day the recommendation reached the AB, since a report is submitted by
// being signed. It returns nil when there is none.
func Recommendation(e *record.ECT, day time.Time) (rep *record.Report, received time.Time) {
	for _, r := range e.Reports {
		if r.Assessment != "final" || len(r.Signatures) == 0 {
			continue
		}
		var last time.Time
		for _, s := range r.Signatures {
			if d, ok := s.On.Time(); ok && d.After(last) {
				last = d
			}
		}
		if !r.Signed(record.RoleECT) || !r.Signed(record.RoleTutor) || !r.Signed(record.RoleHeadteacher) || last.IsZero() || !day.IsZero() && last.After(day) {
			continue
		}
		if rep == nil || last.After(received) {
			rep, received = r, last
		}
	}
	return rep, received
}

// Received is when a notice sent by e-mail on day is taken to be received:
// the second day after sending (Reg. 18).
func Received(sent time.Time) time.Time { return sent.AddDate(0, 0, 2) }

// AppealBy is the last day for the ECT's appeal against a notice sent on
// day: 20 working days beginning with the day it is deemed received
// (Sch. 3 para. 2; Reg. 18).
func AppealBy(h *calendar.Holidays, sent time.Time) time.Time {
	return h.Within(Received(sent), AppealDays)
}

// RuleOutcomeEarly is the rule a decision taken before the law allows it
// breaks (Reg. 11(1), (3)-(6)).
const RuleOutcomeEarly = "outcome-early"

// Early says why the AB may not yet decide on a final assessment, and
// where in its front matter the reason is.
type Early struct {
	Path []string // the field of the final assessment
	Msg  string   // what is wrong, with its paragraph
}

// DecidableOn says why the AB may not decide on rep (the final assessment,
// received when its last signature went on) on day, or nil when it may.
// The AB decides once induction is complete (Reg. 11(1), 11(3)): not before
// the period the final assessment covers has ended. It must have regard
// to the ECT's written representations (Reg. 11(6)), which they may make
// within 10 working days beginning with the day they received the
// recommendation (Reg. 11(4)); the copy goes to them when it goes to the
// AB (Reg. 11(3)), so the window runs from received. Within it the AB says
// whether representations were made or waived.
func DecidableOn(h *calendar.Holidays, rep *record.Report, received, day time.Time, reps record.Representations) *Early {
	if to, ok := rep.Period.To.Time(); ok && day.Before(to) {
		return &Early{[]string{"period", "to"}, fmt.Sprintf("before the period the final assessment covers ends on %s: %s", rep.Period.To, onceComplete)}
	}
	if by := RepresentationsBy(h, received); reps == "" && !day.After(by) {
		return &Early{[]string{"recommendation"}, fmt.Sprintf("while the ECT may still make written representations on the recommendation they received on %s, until %s (Reg. 11(4)), which the AB must have regard to (Reg. 11(6)): decide after %s, or say the ECT has made them or waived them (--representations made|waived; representations: in the record)",
			received.Format(time.DateOnly), by.Format(time.DateOnly), by.Format(time.DateOnly))}
	}
	return nil
}

// onceComplete is why no outcome comes before induction is complete.
const onceComplete = "the AB decides once induction is complete (Reg. 11(1), 11(3), 11(5))"

// EndedBy says why the AB may not decide the outcome of induction period
// pd on day, or nil when it may: not before the end the period records,
// since it decides once induction is complete (Reg. 11(1), 11(3), 11(5)).
// The Path is the period's end. An extension is decided on the final
// assessment alone (DecidableOn).
func EndedBy(pd record.Period, day time.Time) *Early {
	if end, ok := pd.End.Time(); ok && day.Before(end) {
		return &Early{[]string{"end"}, fmt.Sprintf("before the induction period ends on %s: %s", pd.End, onceComplete)}
	}
	return nil
}

// TRANoticeBy is the last day for notifying the Secretary of State (the
// Teaching Regulation Agency) of a decision taken on decided. Reg. 11(7)
// asks for it "as soon as practicable"; the guidance asks for it within 3
// working days of a decision to fail or extend, and by the termly return
// for other decisions (SG 2.69): read as the end of the term the decision
// falls in, or of the next term when it is taken in a holiday. ok is false
// when the calendar has no such term.
func TRANoticeBy(h *calendar.Holidays, terms calendar.Terms, pass bool, decided time.Time) (by time.Time, ok bool) {
	if !pass {
		return NoticeBy(h, decided), true
	}
	for _, t := range terms {
		if !t.End.Before(decided) {
			return t.End, true
		}
	}
	return time.Time{}, false
}
