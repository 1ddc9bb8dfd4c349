// Package schedule works out, from an ECT's records alone, where their
// induction stands: FTE terms served, the reports expected and when each is
// due, extensions, the expected end, the statutory deadlines after the final
// assessment, and the state of every report. It is pure: the calendar, the
// bank holidays and "today" are parameters.
package schedule

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/record"
)

// Policy is the appropriate body's practice on due dates.
type Policy struct {
	// DueAfter is how many working days after the end of the term (or the
	// assessment point) a report is due; 0 means on that day.
	DueAfter int
	// Grace is how many working days a report may be late before ect
	// validate calls it an error rather than a warning.
	Grace int
	// Window is how many working days before its due date a report counts
	// as due (before that it is "not due").
	Window int
}

// PolicyOf reads the body's policy from body.md, with the defaults for
// what it does not say.
func PolicyOf(body *record.Body) Policy {
	p := DefaultPolicy
	if body == nil {
		return p
	}
	if body.GracePeriod != nil {
		p.Grace = *body.GracePeriod
	}
	p.DueAfter = body.ReportDueDays
	return p
}

// DefaultPolicy is used where the body says nothing.
var DefaultPolicy = Policy{DueAfter: 0, Grace: 5, Window: 15}

// Env is what a schedule is worked out against.
type Env struct {
	Terms    calendar.Terms // the school's calendar
	Holidays *calendar.Holidays
	Policy   Policy
	Today    time.Time
	// Proof, when set, says which of a report's signatures and review
	// the Git history does not prove: a report with any is NotProven,
	// whatever its front matter says. Without it, states are worked out
	// from the front matter alone.
	Proof ProofFunc
	// PlanOnly skips the reports' states and the deadlines: enough to
	// check filed reports against the schedule, and faster.
	PlanOnly bool
}

// FullInduction is the length of induction in FTE terms (SG 2.30).
const FullInduction = 6.0

// YearLength is the FTE terms in a year of induction (SG 2.33, 3.6).
const YearLength = 3.0

// AbsenceThreshold is the days of absence in a year of induction that
// extend it (SG 3.6).
const AbsenceThreshold = 30

// Summary is where one ECT's induction stands.
type Summary struct {
	ECT *record.ECT
	// Served is the FTE terms served up to Today, to 1 dp (R-MIN-3).
	Served float64
	// ServedExact is Served before rounding: "the exact length of
	// induction served" (SG 2.34 footnote), e.g. 1.25 for a 0.5 FTE ECT
	// who leaves after 2.5 terms, which is 1.3 to 1 dp.
	ServedExact float64
	// Required is the FTE terms to serve: 6, less reductions, plus AB
	// extensions (R-LEN-1, R-RED-1, R-EXT-1).
	Required float64
	// Remaining is Required − Served, never below 0.
	Remaining float64
	// AbsenceDays is, per year of induction, the absence that counts
	// towards the 30 days (R-ABS-1); ExtensionDays the school days the year
	// is extended by: that absence once it reaches 30 days, plus statutory
	// family or carer's leave the ECT has chosen to extend for (R-ABS-2).
	AbsenceDays, ExtensionDays [2]float64
	// ExpectedEnd is when induction is expected to be complete; zero if
	// the calendar does not reach that far, the ECT has left or the AB has
	// decided the outcome.
	ExpectedEnd time.Time
	// Reports are the reports expected, in order, with the filed one (if
	// any) and its state.
	Reports []*Expected
	// Unplanned are filed reports that match no expected report.
	Unplanned []*record.Report
	// Deadlines are the statutory steps after the final assessment.
	Deadlines []Deadline
	// Left is set when the ECT's last period has ended without an outcome.
	Left bool
	// Outcome is the AB's decision, if made.
	Outcome *record.Outcome

	// year1End is the day FTE term 3 is reached on the period laid over
	// the calendar (zero when the calendar does not reach it); year2 is
	// true when the first year was served before that period.
	year1End time.Time
	year2    bool
}

// InductionYear returns the year of induction (1 or 2) that day d falls
// in: the first year lasts until FTE term 3 is served, pro rata for a
// part-time ECT (SG 2.20, 2.33), and every later day is in the second
// (an extension included). Beyond the calendar it stays in year 1.
func (s *Summary) InductionYear(d time.Time) int {
	if s.year2 || !s.year1End.IsZero() && d.After(s.year1End) {
		return 2
	}
	return 1
}

// Expected is one report the schedule expects.
type Expected struct {
	Number     int         // the calendar term of induction: the report's term:
	Kind       record.Kind // progress-review or formal-assessment
	Assessment string      // first, final or interim for a formal assessment
	Term       calendar.Term
	From, To   time.Time // the period covered
	// Held is when the meeting can be held: To, or the ECT's first school
	// day back when they are absent then (SG 2.49, 2.56, 3.7: the review
	// or assessment waits until they return). Due counts from it.
	Held   time.Time
	Due    time.Time
	FTE    float64 // FTE terms served at the end of the period, 1 dp
	Report *record.Report
	State  State
	// Signed and Unsigned list the roles that have and have not signed;
	// Unproven those whose signature (or "ab" for the AB's review) is in
	// the report but not proven from Git (Env.Proof), which are in
	// neither of the others.
	Signed, Unsigned, Unproven []string
}

// Label names the report as the DfE forms do.
func (x *Expected) Label() string { return record.ReportTitle(x.Kind, x.Assessment) }

// Deadline is a statutory step after the final assessment.
type Deadline struct {
	What string
	Due  time.Time
	Rule string // the source, e.g. "SG 2.61"
}

// Round2 rounds FTE terms to two decimal places: the exact length served
// as records keep it (SG 2.34 and its footnote: 2.5 terms at 0.5 FTE is
// 1.25), without the float error of summing daily fractions.
func Round2(x float64) float64 { return math.Round(math.Round(x*1e6)/1e4) / 100 }

// FormatTerms writes FTE terms exactly, to at most 2 dp and at least 1:
// 6.0, 1.5, 1.25.
func FormatTerms(x float64) string {
	out := strconv.FormatFloat(Round2(x), 'f', -1, 64)
	if !strings.Contains(out, ".") {
		out += ".0"
	}
	return out
}

// Down1 rounds FTE terms down to one decimal place, for DfE's forms, which
// take terms to 1 dp (R-MIN-3): 1.25 is 1.2. The guidance asks for the
// exact length served (SG 2.34 footnote) and nowhere says to round in the
// ECT's favour, so a form never claims time that was not served.
func Down1(x float64) float64 { return math.Floor(math.Round(x*1e6)/1e5) / 10 }

// ForECT works out an ECT's schedule.
func ForECT(e *record.ECT, env Env) *Summary {
	s := &Summary{ECT: e, Required: FullInduction}
	for _, r := range e.Reductions {
		s.Required -= r.Terms
	}
	base := math.Max(Round2(s.Required), 1)
	for _, x := range e.Extensions {
		s.Required += x.Terms
	}
	s.Required = math.Max(Round2(s.Required), 1) // at least one term (SG 3.2)

	// The period at this school (the last one, ended or not) is laid over
	// the calendar; the others count as recorded: terms served elsewhere,
	// or earlier here.
	cur := current(e.Periods)
	var prior float64
	var last *record.Period
	for i := range e.Periods {
		p := &e.Periods[i]
		if p.Outcome != nil {
			s.Outcome = p.Outcome
		}
		if Aside(e.Periods, i) {
			continue // counted through the lead period, or not at all
		}
		last = p
		if p == cur {
			continue
		}
		if p.Terms != nil {
			prior += *p.Terms
		} else if end, ok := p.End.Time(); ok {
			// ended with no terms recorded: measured on this calendar
			if tl := newTimeline(env.Terms, p, 0, 0, alongsideOf(e.Periods, p)); tl.counts() {
				prior += tl.servedBy(end)
			}
		}
	}
	s.Left = last != nil && last.End != "" && last.Outcome == nil && last.EndReason != "completed"

	tl := newTimeline(env.Terms, cur, prior, s.Required+1, alongsideOf(e.Periods, cur))
	st := tl.scheduling(cur)
	served := tl.servedBy(env.Today)
	if !tl.end.IsZero() && !env.Today.Before(tl.end) {
		switch {
		case cur.Terms != nil:
			served = prior + *cur.Terms // as recorded when the period ended (R-MIN-3)
		case !tl.counts():
			served = prior // less than a term in post does not count (R-MIN-1)
		}
	}
	s.ServedExact = served
	s.Served = Round2(served)
	s.Remaining = math.Max(0, Round2(s.Required-s.Served))

	// Absence extends a year of induction by the days absent once they
	// reach 30 (SG 3.6). Statutory family and carer's leave does not count
	// towards the 30; the ECT decides whether induction is extended by it,
	// and a request must be granted (SG 3.7). The first year ends when FTE
	// term 3 is reached.
	year1End, inYear1 := st.dateAt(YearLength)
	if inYear1 {
		s.year1End = year1End
	}
	s.year2 = !inYear1 && prior >= YearLength
	var optedIn [2]float64
	for _, a := range e.Absences {
		from, ok := a.From.Time()
		if !ok {
			continue
		}
		y := 0
		if !inYear1 && prior >= YearLength || inYear1 && from.After(year1End) {
			y = 1
		}
		switch {
		case !a.StatutoryLeave():
			s.AbsenceDays[y] += a.Days
		case a.Extend:
			optedIn[y] += a.Days
		}
	}
	for y := range s.AbsenceDays {
		if s.AbsenceDays[y] >= AbsenceThreshold {
			s.ExtensionDays[y] = s.AbsenceDays[y]
		}
		s.ExtensionDays[y] += optedIn[y]
	}

	if tl.counts() {
		planReports(s, tl, st, base, env)
	}
	if s.Outcome != nil {
		s.ExpectedEnd = time.Time{} // induction is over
	}
	matchFiled(s, env)
	if !env.PlanOnly {
		s.Deadlines = deadlines(s, env)
	}
	return s
}

// current returns the period laid over the calendar: the last one at this
// school (no school given), or else the last one still open, of the
// periods on the ECT's line of induction (not Aside).
func current(ps []record.Period) *record.Period {
	var open *record.Period
	for i := len(ps) - 1; i >= 0; i-- {
		if Aside(ps, i) {
			continue // counted through the lead period, or not at all
		}
		if ps[i].School == 0 {
			return &ps[i]
		}
		if open == nil && ps[i].End == "" {
			open = &ps[i]
		}
	}
	return open
}
