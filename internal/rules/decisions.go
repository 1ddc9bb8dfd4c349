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
			if decided, ok := o.Decided.Time(); ok {
				if early := schedule.EndedBy(pd, decided); early != nil {
					r.errorf(e.File, append(path, "decided"), RuleOutcomeEarly, "the outcome was decided on %s, %s", o.Decided, early.Msg)
				}
			}
			checkDecision(c, r, e, path, "the outcome", o.Decided, o.Notified, o.Imported, o.Representations)
			checkTRA(c, r, e, path, "the outcome", o.Passed(), o.Decided, o.NotifiedTRA, o.Imported)
		}
	}
	for i, x := range e.Extensions {
		checkDecision(c, r, e, p("extensions", i), "the extension", x.Decided, x.Notified, x.Imported, x.Representations)
		checkTRA(c, r, e, p("extensions", i), "the extension", false, x.Decided, x.NotifiedTRA, x.Imported)
	}
}

// checkTRA: the AB notifies the Secretary of State, through the Teaching
// Regulation Agency, of each decision (Reg. 11(7)(d)): within 3 working
// days of a fail or an extension, by the termly return for a pass (SG
// 2.69). A notice before the decision is an error; none recorded after
// its deadline (not for imported decisions), a warning.
func checkTRA(c *shared, r *reporter, e *record.ECT, path []string, what string, pass bool, decidedOn, notifiedOn record.Date, imported bool) {
	decided, ok := decidedOn.Time()
	if !ok {
		return
	}
	if notified, ok := notifiedOn.Time(); ok {
		if notified.Before(decided) {
			r.errorf(e.File, append(path, "notified_tra"), RuleOutcomeDeadline, "notified_tra: %s is before %s was decided on %s: the Teaching Regulation Agency is told of a decision once it is taken", notifiedOn, what, decidedOn)
		}
		return
	}
	if imported || c.today.IsZero() {
		return
	}
	by, ok := schedule.TRANoticeBy(c.holidays, c.terms[e.School], pass, decided)
	if ok && c.today.After(by) {
		r.warnf(e.File, path, RuleOutcomeDeadline, "record when the AB notified the Teaching Regulation Agency of %s for the Secretary of State (notified_tra: \"YYYY-MM-DD\"): it was due by %s (Reg. 11(7)(d); SG 2.69)", what, by.Format(time.DateOnly))
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
