package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
)

// Rule names for checks against the induction schedule.
const (
	RuleSchedule = "schedule" // a report of the wrong kind or term for the statutory schedule
	RuleOverdue  = "overdue"  // a report past its due date and not filed (with --on)
)

// checkSchedule: each filed report is the report the statutory cadence
// expects in its school term (R-CAD-1 to R-CAD-4): the right kind, the
// right assessment, the right term number; a final assessment only once
// the required FTE terms are served (SG 2.30–2.38). checkTime calls it once
// the periods' terms agree with their dates.
func checkSchedule(c *shared, r *reporter, e *record.ECT) {
	if c.b.Body == nil || c.holidays == nil || e.School == nil || !c.calendarOK[e.School] {
		return
	}
	if !periodsOK(e) || !reductionsOK(e) {
		return // the periods' own errors come first; a schedule from them would mislead
	}
	// Due dates matter only for rule overdue; states and deadlines never.
	env := schedule.Env{Terms: c.terms[e.School], Holidays: c.holidays, Policy: schedule.PolicyOf(c.b.Body), Today: c.today, PlanOnly: true}
	s := schedule.ForECT(e, env)
	// A report whose kind, assessment or term the file already gets an
	// error about is not checked against the schedule too.
	doubtful := func(rep *record.Report) bool {
		return rep.Assessment != rep.Place.Assessment || rep.FailedWithin(p("assessment")) || rep.FailedWithin(p("term"))
	}
	// The schedule is laid over the last induction period; reports from
	// earlier periods are not checked against it.
	lastStart, _ := e.Periods[len(e.Periods)-1].Start.Time()
	for _, rep := range s.Unplanned {
		if to, ok := rep.Period.To.Time(); doubtful(rep) || ok && to.Before(lastStart) {
			continue
		}
		r.warnf(rep.File, p("kind"), RuleSchedule, "no %s is expected in the %s term %s for this ECT: %s", label(rep), rep.Place.Term, rep.Place.Year, expectedNear(s, rep))
	}
	for _, x := range s.Reports {
		rep := x.Report
		if rep == nil || doubtful(rep) {
			continue
		}
		if rep.Kind != x.Kind || rep.Assessment != x.Assessment {
			msg := fmt.Sprintf("the schedule expects a %s in the %s term %s (term %d, %s FTE terms served), not %s", lower(x.Label()), x.Term.Name, x.Term.Year, x.Number, schedule.FormatTerms(x.FTE), withArticle(label(rep)))
			if rep.Assessment == "final" && x.FTE < s.Required-0.05 {
				// Statutory: induction is not complete before the required
				// terms are served (SG 2.30–2.38).
				r.errorf(rep.File, p("kind"), RuleSchedule, "%s: the final assessment comes when %s FTE terms are served (6, less reductions, plus AB extensions)", msg, schedule.FormatTerms(s.Required))
				continue
			}
			if days := s.ExtensionDays[0] + s.ExtensionDays[1]; rep.Assessment == "final" && days > 0 {
				msg += fmt.Sprintf(": %g days of absence extend induction (SG 3.6, 3.7)", days)
			}
			// The cadence leaves room for local agreement (SG 2.55: exact
			// dates are agreed locally), so this is a warning.
			r.warnf(rep.File, p("kind"), RuleSchedule, "%s", msg)
			continue
		}
		if rep.Term != 0 && rep.Term != x.Number {
			r.warnf(rep.File, p("term"), RuleSchedule, "term: %d, but this is the ECT's term %d report by the calendar (%s): write term: %d", rep.Term, x.Number, x.Term, x.Number)
		}
	}
	if !c.dueBy.IsZero() {
		checkOverdue(c, r, e, s)
	}
	// A report's period lies within the ECT's induction.
	for _, rep := range e.Reports {
		from, ok1 := rep.Period.From.Time()
		to, ok2 := rep.Period.To.Time()
		if ok1 && ok2 && !e.InPeriod(from, to) {
			r.errorf(rep.File, p("period"), RuleReportDates, "the period %s to %s is not within the ECT's induction periods in ect.md", rep.Period.From, rep.Period.To)
		}
	}
}

// periodsOK reports whether the ECT's induction periods are sound enough to
// plan from: dates that parse, in order, not overlapping, FTE given.
func periodsOK(e *record.ECT) bool {
	if len(e.Periods) == 0 || e.FailedWithin(p("periods")) {
		return false
	}
	var prevEnd time.Time
	last := -1 // the last period on the ECT's line of induction
	for i := range e.Periods {
		if !schedule.Aside(e.Periods, i) {
			last = i
		}
	}
	for i, pd := range e.Periods {
		start, ok := pd.Start.Time()
		aside := schedule.Aside(e.Periods, i)
		if !ok || pd.FTE <= 0 || !aside && !prevEnd.IsZero() && !start.After(prevEnd) {
			return false
		}
		end, hasEnd := pd.End.Time()
		if pd.End != "" && (!hasEnd || end.Before(start) || pd.Terms == nil && !schedule.Alongside(e.Periods, i)) {
			return false
		}
		for _, c := range pd.FTEChanges {
			from, ok := c.From.Time()
			if !ok || !from.After(start) || hasEnd && from.After(end) {
				return false
			}
		}
		if aside {
			continue // held alongside the lead, or short-term supply: may overlap
		}
		if !hasEnd && i < last || pd.Outcome != nil && i < last {
			return false // only the last period may be open or decided
		}
		prevEnd = end
	}
	return true
}

// checkOverdue: a report past its due date that is not filed is a warning,
// and an error once it is later than the body's grace period.
func checkOverdue(c *shared, r *reporter, e *record.ECT, s *schedule.Summary) {
	grace := schedule.PolicyOf(c.b.Body).Grace
	for _, x := range s.Reports {
		if x.Report != nil || !c.dueBy.After(x.Due) {
			continue
		}
		file := fmt.Sprintf("reports/%s-%s-", x.Term.Year, x.Term.Name)
		if x.Kind == record.KindProgressReview {
			file += "progress-review.md"
		} else {
			file += x.Assessment + "-assessment.md"
		}
		msg := fmt.Sprintf("the %s for term %d (%s) was due on %s and is not filed: write %s", lower(x.Label()), x.Number, x.Term, x.Due.Format(time.DateOnly), file)
		if c.dueBy.After(c.holidays.AddWorkingDays(x.Due, grace)) {
			r.errorf(e.File, p("trn"), RuleOverdue, "%s (more than %d working days late)", msg, grace)
		} else {
			r.warnf(e.File, p("trn"), RuleOverdue, "%s", msg)
		}
	}
}

// expectedNear says what the schedule expects around a misfiled report.
func expectedNear(s *schedule.Summary, rep *record.Report) string {
	for _, x := range s.Reports {
		if x.Report == nil {
			return fmt.Sprintf("the next report expected is the %s in the %s term %s; rename the file if that is this report", lower(x.Label()), x.Term.Name, x.Term.Year)
		}
	}
	return "check the term in the file name and the ECT's induction periods"
}

func label(rep *record.Report) string {
	if rep.Kind == record.KindProgressReview {
		return "progress review"
	}
	return rep.Assessment + " assessment"
}

func withArticle(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

func lower(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}

// reductionsOK reports whether the reductions leave at least one term to
// serve (Reg. 7(3), SG 3.2); rule reduction reports them otherwise.
func reductionsOK(e *record.ECT) bool {
	var reduced float64
	for _, x := range e.Reductions {
		reduced += x.Terms
	}
	return !overReduced(reduced)
}
