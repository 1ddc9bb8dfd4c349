package rules

import (
	"strings"

	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
)

// Rule names for an ECT's profile.
const (
	RuleStartAfterQTS = "start-after-qts"  // induction starts before QTS was awarded
	RulePeriodDates   = "period-dates"     // a period ends before it starts, or changes fall outside it
	RulePeriodOverlap = "period-overlap"   // two induction periods overlap
	RulePeriodTerms   = "period-terms"     // a finished period without the terms served
	RuleOutcomeOpen   = "outcome-finished" // an outcome on a period that has not ended
	RuleOneOutcome    = "one-outcome"      // more than one outcome, or induction after an outcome
	RuleAbsenceDates  = "absence-dates"    // an absence ends before it starts
	RuleAbsenceOptIn  = "absence-extend"   // extend: true on leave that extends anyway
	RuleAbsenceDays   = "absence-days"     // more days absent than the ECT was due to work
	RuleWorkingDays   = "working-days"     // a part-time ECT's absence with no working days recorded
	RuleReduction     = "reduction"        // reductions beyond five terms
)

func checkECT(c *shared, r *reporter, e *record.ECT) {
	b, f, s := c.b, e.File, e.School
	if tutor, ok := staffRef(r, f, s, p("tutor"), e.Tutor, record.StaffInductionTutor); ok {
		needQTS(r, f, p("tutor"), tutor, "the induction tutor")
	}
	if mentor, ok := staffRef(r, f, s, p("mentor"), e.Mentor, record.StaffMentor); ok {
		needQTS(r, f, p("mentor"), mentor, "the mentor")
	}
	if e.Tutor != "" && e.Tutor == e.Mentor && e.TutorMentorJustification == "" {
		r.warnf(f, p("mentor"), RuleTutorMentor, "the induction tutor is also the mentor: that is only for exceptional cases (SG 2.45); record why in tutor_mentor_justification, or name a different mentor")
	}

	qts, qtsOK := e.QTSDate.Time()
	outcomes := 0
	var decided *record.Period // the period that has the outcome
	for i, pd := range e.Periods {
		start, okS := pd.Start.Time()
		end, okE := pd.End.Time()
		if okS && qtsOK && start.Before(qts) {
			r.errorf(f, p("periods", i, "start"), RuleStartAfterQTS, "induction starts on %s, before QTS was awarded on %s: induction can only start once the ECT holds QTS (SG 2.10)", pd.Start, e.QTSDate)
		}
		if okS && okE && end.Before(start) {
			r.errorf(f, p("periods", i, "end"), RulePeriodDates, "the period ends on %s, before it starts on %s", pd.End, pd.Start)
		}
		for j, c := range pd.FTEChanges {
			from, ok := c.From.Time()
			if ok && okS && (!from.After(start) || okE && from.After(end)) {
				r.errorf(f, p("periods", i, "fte_changes", j, "from"), RulePeriodDates, "a change of working pattern on %s must fall inside its period (%s to %s)", c.From, pd.Start, orOpen(pd.End))
			}
		}
		if pd.End != "" && pd.Terms == nil && !schedule.Alongside(e.Periods, i) {
			r.errorf(f, p("periods", i, "end"), RulePeriodTerms, "the period has ended: record the FTE terms served in it, e.g. terms: 2.5 (SG 2.34)")
		}
		after := decided != nil && decided.End != "" && pd.Start > decided.End
		if after {
			if decided.Outcome.Failed() {
				r.errorf(f, p("periods", i, "start"), RuleOneOutcome, "a period after a failed induction: an ECT who fails induction cannot serve it again (Regulation 9)")
			} else {
				r.errorf(f, p("periods", i, "start"), RuleOneOutcome, "a period after induction was passed on %s: induction is served once (Regulation 9)", decided.Outcome.Decided)
			}
		}
		if pd.Outcome != nil {
			outcomes++
			if pd.End == "" {
				r.errorf(f, p("periods", i, "outcome"), RuleOutcomeOpen, "an outcome is recorded on a period that has not ended: add the period's end date, or remove the outcome")
			}
			if outcomes > 1 && !after { // a period after the outcome is already reported
				r.errorf(f, p("periods", i, "outcome"), RuleOneOutcome, "a second outcome: induction is served once and has one outcome (Regulation 9)")
			}
			abRef(r, b, f, p("periods", i, "outcome", "by"), pd.Outcome.By)
		}
		if pd.Outcome != nil && decided == nil {
			decided = &e.Periods[i]
		}
		for j := range i {
			q := e.Periods[j]
			if schedule.Overlap(q, pd) && !schedule.Aside(e.Periods, i) && !schedule.Aside(e.Periods, j) && !(q.Lead && pd.Lead) {
				r.errorf(f, p("periods", i, "start"), RulePeriodOverlap, "this period (from %s) overlaps the period from %s: induction periods must not overlap; end one before the next starts, or, for posts held at the same time, mark the one whose headteacher leads induction lead: true (SG 3.14; Reg. 10(2))", pd.Start, q.Start)
			}
		}
	}
	for i, a := range e.Absences {
		if a.From != "" && a.To != "" && a.To < a.From {
			r.errorf(f, p("absences", i, "to"), RuleAbsenceDates, "the absence ends on %s, before it starts on %s", a.To, a.From)
		}
		if a.Extend && !a.StatutoryLeave() {
			r.warnf(f, p("absences", i, "extend"), RuleAbsenceOptIn, "extend: true only applies to statutory family and carer's leave; %s absence counts towards the 30-day extension anyway, so remove it", a.Reason)
		}
		checkAbsenceDays(c, r, e, i)
	}
	for i, x := range e.Extensions {
		abRef(r, b, f, p("extensions", i, "by"), x.By)
	}
	var reduced float64
	for i, x := range e.Reductions {
		abRef(r, b, f, p("reductions", i, "by"), x.By)
		reduced += x.Terms
		if overReduced(reduced) {
			r.errorf(f, p("reductions", i, "terms"), RuleReduction, "the reductions add up to %g terms: induction may be reduced to a minimum of one term, so by at most 5 (Reg. 7(3), SG 3.2)", reduced)
		}
		if x.Basis == record.BasisPartTime {
			checkPartTimeReduction(c, r, e, i)
		}
	}
}

// overReduced reports whether reductions of induction add up to more than
// it may be reduced by: to a minimum of one term (Reg. 7(3), SG 3.2).
func overReduced(reduced float64) bool { return schedule.FullInduction-reduced < 1-1e-9 }

// checkPartTimeReduction: a part-time ECT's induction may be reduced only
// "on completion of a minimum period covering but not equivalent to two
// full years" (SG 3.5, 2.38): six school terms in post, whatever the FTE,
// by the day it is decided; and only for an ECT serving part time.
func checkPartTimeReduction(c *shared, r *reporter, e *record.ECT, i int) {
	x, f := e.Reductions[i], e.File
	partTime := false
	for _, pd := range e.Periods {
		partTime = partTime || pd.FTE < 1
		for _, ch := range pd.FTEChanges {
			partTime = partTime || ch.FTE < 1
		}
	}
	if !partTime {
		r.errorf(f, p("reductions", i, "basis"), RuleReduction, "basis: part_time, but the ECT has served induction full time: this reduction is for ECTs serving induction part time (SG 3.5, 2.38); a reduction for experience is basis: experience (SG 3.2)")
		return
	}
	decided, ok := x.Decided.Time()
	if !ok || e.School == nil || !c.calendarOK[e.School] || !periodsOK(e) {
		return
	}
	in, ok := schedule.InPostBy(e, c.terms[e.School], decided)
	if ok && in < 2*schedule.YearLength-1e-6 {
		r.errorf(f, p("reductions", i, "decided"), RuleReduction, "a part-time reduction decided on %s, after %.1f school terms in post: a part-time ECT's induction may be reduced only on completion of a period covering two full school years (6 terms in post, whatever the FTE), once they meet the Teachers' Standards (SG 3.5, 2.38)", x.Decided, in)
	}
}

func orOpen(d record.Date) string {
	if d == "" {
		return "open"
	}
	return string(d)
}

// checkAbsenceDays: an absence's days: are at most the days the ECT was due
// to work from its first day to its last (Reg. 8(1), SG 3.6): school days
// of the term dates, outside half terms and bank holidays, that are among
// their working days. A part-time ECT's absence needs their working days.
func checkAbsenceDays(c *shared, r *reporter, e *record.ECT, i int) {
	a, f := e.Absences[i], e.File
	from, ok1 := a.From.Time()
	to, ok2 := a.To.Time()
	if !ok1 || !ok2 || to.Before(from) || e.School == nil || !c.calendarOK[e.School] || !periodsOK(e) {
		return
	}
	pat := schedule.PatternOn(e, from)
	if pat.InPost && pat.FTE < 1 && len(pat.Days) == 0 {
		r.warnf(f, p("absences", i, "days"), RuleWorkingDays, "a part-time ECT's absence is counted in the days they were due to work (SG 3.6): record their working pattern in the period, e.g. working_days: [monday, tuesday, wednesday]; until then every weekday is counted")
	}
	due, ok := schedule.DueDays(e, c.terms[e.School], c.holidays, from, to)
	if !ok || a.Days <= float64(due) {
		return
	}
	days := "every weekday"
	if len(pat.Days) > 0 {
		ds := make([]string, len(pat.Days))
		for k, d := range pat.Days {
			ds[k] = string(d)
		}
		days = strings.Join(ds, ", ")
	}
	r.errorf(f, p("absences", i, "days"), RuleAbsenceDays, "days: %g, but from %s to %s the ECT was due to work on %d days (school days of the term dates, outside half terms and bank holidays, on their working days: %s): absence counts only the days they were due to work (Reg. 8(1), SG 3.6)", a.Days, a.From, a.To, due, days)
}
