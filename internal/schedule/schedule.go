// Package schedule works out, from an ECT's records alone, where their
// induction stands: FTE terms served, the reports expected and when each is
// due, extensions, the expected end, the statutory deadlines after the final
// assessment, and the state of every report. It is pure: the calendar, the
// bank holidays and "today" are parameters.
package schedule

import (
	"math"
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

// DefaultPolicy is used where the body says nothing.
var DefaultPolicy = Policy{DueAfter: 0, Grace: 5, Window: 15}

// Env is what a schedule is worked out against.
type Env struct {
	Terms    calendar.Terms // the school's calendar
	Holidays *calendar.Holidays
	Policy   Policy
	Today    time.Time
}

// FullInduction is the length of induction in FTE terms (SG 2.30).
const FullInduction = 6.0

// YearLength is the FTE terms in a year of induction (SG 2.33, 3.6).
const YearLength = 3.0

// AbsenceThreshold is the days of absence in a year of induction that
// extend it (SG 3.6).
const AbsenceThreshold = 30

// statutoryLeave extends induction only when the ECT opts in (SG 3.7).
var statutoryLeave = map[string]bool{
	"maternity": true, "paternity": true, "adoption": true,
	"shared_parental": true, "parental_bereavement": true, "carers": true,
}

// Summary is where one ECT's induction stands.
type Summary struct {
	ECT *record.ECT
	// Served is the FTE terms served up to Today, to 1 dp (R-MIN-3).
	Served float64
	// Required is the FTE terms to serve: 6, less reductions, plus AB
	// extensions (R-LEN-1, R-RED-1, R-EXT-1).
	Required float64
	// Remaining is Required − Served, never below 0.
	Remaining float64
	// AbsenceDays is, per year of induction, the absence that counts
	// towards the 30 days; ExtensionDays the school days the year is
	// extended by (R-ABS-1).
	AbsenceDays, ExtensionDays [2]float64
	// ExpectedEnd is when induction is expected to be complete; zero if
	// the calendar does not reach that far or the ECT has left.
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
}

// Expected is one report the schedule expects.
type Expected struct {
	Number     int         // the calendar term of induction: the report's term:
	Kind       record.Kind // progress-review or formal-assessment
	Assessment string      // first, final or interim for a formal assessment
	Term       calendar.Term
	From, To   time.Time // the period covered
	Due        time.Time
	FTE        float64 // FTE terms served at the end of the period, 1 dp
	Report     *record.Report
	State      State
	// Signed and Unsigned list the roles that have and have not signed.
	Signed, Unsigned []string
}

// Label names the report as the DfE forms do.
func (x *Expected) Label() string {
	switch x.Assessment {
	case "first":
		return "First formal assessment"
	case "final":
		return "Final formal assessment"
	case "interim":
		return "Interim assessment"
	}
	return "Progress review"
}

// Deadline is a statutory step after the final assessment.
type Deadline struct {
	What string
	Due  time.Time
	Rule string // the source, e.g. "SG 2.61"
}

// Round1 rounds FTE terms to one decimal place.
func Round1(x float64) float64 { return math.Round(x*10) / 10 }

// ForECT works out an ECT's schedule.
func ForECT(e *record.ECT, env Env) *Summary {
	s := &Summary{ECT: e, Required: FullInduction}
	for _, r := range e.Reductions {
		s.Required -= r.Terms
	}
	for _, x := range e.Extensions {
		s.Required += x.Terms
	}
	s.Required = math.Max(Round1(s.Required), 1) // at least one term (SG 3.2)

	// FTE served in periods whose terms are recorded (ended, or served
	// elsewhere) count as written; the open period is measured on the
	// calendar.
	var prior float64
	var open *record.Period
	var last *record.Period
	for i := range e.Periods {
		p := &e.Periods[i]
		last = p
		if p.Outcome != nil {
			s.Outcome = p.Outcome
		}
		switch {
		case p.End != "" && p.Terms != nil:
			prior += *p.Terms
		case p.End == "" || p.School == 0:
			open = p
		}
	}
	s.Left = last != nil && last.End != "" && last.Outcome == nil && last.EndReason != "completed"

	tl := newTimeline(env.Terms, open, prior)
	s.Served = Round1(tl.servedBy(env.Today))
	s.Remaining = math.Max(0, Round1(s.Required-s.Served))

	// Absence extends a year of induction by the days absent once they
	// reach 30 (SG 3.6); statutory family leave only if the ECT opts in.
	year1End, _ := tl.dateAt(YearLength)
	for _, a := range e.Absences {
		from, ok := a.From.Time()
		if !ok || statutoryLeave[a.Reason] && !a.Extend {
			continue
		}
		y := 0
		if !year1End.IsZero() && from.After(year1End) {
			y = 1
		}
		s.AbsenceDays[y] += a.Days
	}
	for y := range s.AbsenceDays {
		if s.AbsenceDays[y] >= AbsenceThreshold {
			s.ExtensionDays[y] = s.AbsenceDays[y]
		}
	}

	planReports(s, tl, env)
	matchFiled(s, env)
	s.Deadlines = deadlines(s, env)
	return s
}
