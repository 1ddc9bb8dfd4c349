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
		if pd.End != "" && pd.Terms == nil {
			r.errorf(f, p("periods", i, "end"), RulePeriodTerms, "the period has ended: record the FTE terms served in it, e.g. terms: 2.5 (SG 2.34)")
		}
		after := decided != nil && decided.End != "" && pd.Start > decided.End
		if after {
			if decided.Outcome.Result == "fail" {
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
			if overlaps(q.Start, q.End, pd.Start, pd.End) {
				r.errorf(f, p("periods", i, "start"), RulePeriodOverlap, "this period (from %s) overlaps the period from %s: induction periods must not overlap; end one before the next starts", pd.Start, q.Start)
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
		if schedule.FullInduction-reduced < 1-1e-9 {
			r.errorf(f, p("reductions", i, "terms"), RuleReduction, "the reductions add up to %g terms: induction may be reduced to a minimum of one term, so by at most 5 (Reg. 7(3), SG 3.2)", reduced)
		}
	}
}

// overlaps reports whether two date ranges share a day; an empty end means
// the range is still open. Dates are YYYY-MM-DD, so they compare as text.
func overlaps(s1, e1, s2, e2 record.Date) bool {
	if s1 == "" || s2 == "" {
		return false
	}
	before := func(end, start record.Date) bool { return end != "" && end < start }
	return !before(e1, s2) && !before(e2, s1)
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
