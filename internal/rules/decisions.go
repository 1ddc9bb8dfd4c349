package rules

import (
	"time"

	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
)

// RuleOutcomeDeadline: the AB's decision on induction came more than 20
// working days after the recommendation, its notice more than 3 after the
// decision, or there is no recommendation to decide on.
const RuleOutcomeDeadline = "outcome-deadline"

// RuleOutcomeEarly: the AB decided before the law allows: before the
// induction period ended, on a final assessment whose period had not
// ended, or within the ECT's time for representations without saying they
// were made or waived (Reg. 11(1), (3)-(6)).
const RuleOutcomeEarly = schedule.RuleOutcomeEarly

// checkDecisions checks the statutory time limits of the AB's outcomes
// and extensions (Reg. 11(5), 11(7); SG 2.67, 2.69).
func checkDecisions(c *shared, r *reporter, e *record.ECT) {
	if c.holidays == nil {
		return
	}
	for i, pd := range e.Periods {
		if o := pd.Outcome; o != nil {
			path := p("periods", i, "outcome")
			if end, ok := pd.End.Time(); ok {
				if decided, ok := o.Decided.Time(); ok && decided.Before(end) {
					r.errorf(e.File, append(path, "decided"), RuleOutcomeEarly, "the outcome was decided on %s, before the induction period ends on %s: the AB decides once induction is complete (Reg. 11(1), 11(3), 11(5))", o.Decided, pd.End)
				}
			}
			checkDecision(c, r, e, path, "the outcome", o.Decided, o.Notified, o.Imported, o.Representations)
		}
	}
	for i, x := range e.Extensions {
		checkDecision(c, r, e, p("extensions", i), "the extension", x.Decided, x.Notified, x.Imported, x.Representations)
	}
}

func checkDecision(c *shared, r *reporter, e *record.ECT, path []string, what string, decidedOn, notifiedOn record.Date, imported bool, reps record.Representations) {
	f, h := e.File, c.holidays
	decided, ok := decidedOn.Time()
	if !ok {
		return
	}
	notified, told := notifiedOn.Time()
	if told && notified.Before(decided) {
		r.errorf(f, append(path, "notified"), RuleOutcomeDeadline, "notified on %s, before %s was decided on %s: the notice follows the decision", notifiedOn, what, decidedOn)
		return
	}
	if imported {
		return // taken before the records came into Git: the reports may be elsewhere
	}
	rep, received := schedule.Recommendation(e, decided)
	switch {
	case rep == nil:
		r.warnf(f, path, RuleOutcomeDeadline, "%s was decided on %s, but there is no final assessment signed by the ECT, the tutor and the headteacher by then: the AB decides on the headteacher's recommendation in the final assessment (Reg. 11(5)). File it, or mark the decision imported: true if it was taken before the records came into Git", what, decidedOn)
	case decided.After(schedule.DecideBy(h, received)):
		r.warnf(f, path, RuleOutcomeDeadline, "%s was decided on %s, working day %d of those beginning with the day the recommendation reached the AB, %s (%s): the AB decides within %d working days beginning with that day, by %s (Reg. 11(5); SG 2.67)",
			what, decidedOn, h.WorkingDays(received, decided), received.Format(time.DateOnly), rep.Doc.Path, schedule.DecisionDays, schedule.DecideBy(h, received).Format(time.DateOnly))
	}
	if rep != nil {
		if err := schedule.DecidableOn(h, rep, received, decided, reps); err != nil {
			r.errorf(f, append(path, "decided"), RuleOutcomeEarly, "%s was decided on %s, %s", what, decidedOn, err.Msg)
		}
	}
	noticeBy := schedule.NoticeBy(h, decided)
	switch {
	case told && notified.After(noticeBy):
		r.warnf(f, append(path, "notified"), RuleOutcomeDeadline, "the notice of %s went out on %s, working day %d beginning with the day of the decision: it is due within %d, by %s (Reg. 11(7); SG 2.69)",
			what, notifiedOn, h.WorkingDays(decided, notified), schedule.NoticeDays, noticeBy.Format(time.DateOnly))
	case !told && c.today.After(noticeBy):
		r.warnf(f, path, RuleOutcomeDeadline, "record when the notice of %s went to the ECT, the headteacher and the employer (notified: \"YYYY-MM-DD\"): it was due by %s (Reg. 11(7); SG 2.69)", what, noticeBy.Format(time.DateOnly))
	}
}
