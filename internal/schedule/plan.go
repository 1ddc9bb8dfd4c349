package schedule

import (
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/record"
)

// planReports lists the reports the statutory cadence expects (R-CAD-1 to
// R-CAD-4): a progress review every school term without a formal
// assessment, formal assessments at the end of FTE terms 3 and 6 (moved on
// by absence extensions), an interim assessment when the ECT leaves after a
// term or more, no review less than a term before an assessment, and a
// mid-term starter reviewed at the same point of the next term.
func planReports(s *Summary, tl *timeline, env Env) {
	if len(tl.entries) == 0 {
		return
	}
	extension := int(s.ExtensionDays[0] + s.ExtensionDays[1])
	var first, final time.Time
	// Absence extensions lengthen induction: they move its end, and the
	// final assessment, on by the school days absent; the first formal
	// assessment stays at the end of FTE term 3, as ABs practise it.
	if d, ok := tl.dateAt(YearLength); ok {
		first = d
	}
	if d, ok := tl.dateAt(s.Required); ok {
		final = addSchoolDays(env.Terms, d, extension)
		if !s.Left {
			s.ExpectedEnd = final
		}
	}
	if s.Required <= YearLength {
		first = time.Time{} // a reduced induction of a year or less: only the final (SG 3.4)
	}
	termOf := func(d time.Time) int {
		if d.IsZero() {
			return -1
		}
		i, ok := env.Terms.Index(d)
		if !ok {
			return -1
		}
		return i
	}
	firstTerm, finalTerm := termOf(first), termOf(final)
	leaveTerm := -1
	if s.Left && !tl.end.IsZero() {
		leaveTerm = termOf(tl.end)
	}

	// A mid-term start: reviewed at the same point of the next term.
	e0 := tl.entries[0]
	startOffset := 0
	if t := env.Terms[e0.index]; env.Terms.SchoolDays(t.Start, tl.start) > 10 {
		startOffset = env.Terms.SchoolDays(t.Start, tl.start)
	}

	number := priorTerms(s.ECT, env.Terms)
	from := tl.start
	for k, e := range tl.entries {
		number++
		t := env.Terms[e.index]
		x := &Expected{Number: number, Kind: record.KindProgressReview, Term: t, From: from}
		switch {
		case e.index == firstTerm && e.index != finalTerm:
			x.Kind, x.Assessment, x.To = record.KindFormalAssessment, "first", first
		case e.index == finalTerm:
			x.Kind, x.Assessment, x.To = record.KindFormalAssessment, "final", final
		case e.index == leaveTerm:
			if k == 0 {
				return // left within the first term: no report (R-CAD-4 needs a term or more)
			}
			x.Kind, x.Assessment, x.To = record.KindFormalAssessment, "interim", tl.end
		case k == 0 && startOffset > 0:
			continue // reviewed next term, at the same point
		case k == 1 && startOffset > 0:
			x.To = addSchoolDays(env.Terms, t.Start.AddDate(0, 0, -1), startOffset)
		default:
			x.To = t.End
			// Only the assessment when a review would fall less than a
			// term before it (R-CAD-3).
			next := firstTerm
			if e.index > firstTerm {
				next = finalTerm
			}
			if next == e.index+1 {
				if a := map[int]time.Time{firstTerm: first, finalTerm: final}[next]; a.Before(env.Terms[next].End) {
					continue
				}
			}
		}
		x.FTE = Round1(tl.servedBy(x.To))
		x.Due = env.Holidays.AddWorkingDays(x.To, env.Policy.DueAfter)
		s.Reports = append(s.Reports, x)
		from = x.To.AddDate(0, 0, 1)
		if x.Assessment == "final" || x.Assessment == "interim" {
			return
		}
	}
}

// priorTerms counts the school terms of the ECT's earlier periods, those
// before the open one, as calendar terms of induction.
func priorTerms(e *record.ECT, terms calendar.Terms) int {
	n := 0
	for _, p := range e.Periods {
		start, ok1 := p.Start.Time()
		end, ok2 := p.End.Time()
		if !ok1 || !ok2 || p.Terms == nil {
			continue
		}
		i, okA := terms.Index(start)
		j, okB := terms.Index(end)
		if okA && okB {
			n += j - i + 1
		} else {
			n += int(*p.Terms + 0.5) // outside the calendar: count whole terms
		}
	}
	return n
}

func addSchoolDays(terms calendar.Terms, d time.Time, n int) time.Time {
	if n == 0 {
		return d
	}
	if out, ok := terms.AddSchoolDays(d, n); ok {
		return out
	}
	return d.AddDate(0, 0, n*7/5) // past the calendar: weeks of five days
}

// matchFiled pairs filed reports with expected ones by the term in their
// file name, and works out each report's state.
func matchFiled(s *Summary, env Env) {
	byTerm := map[string]*Expected{}
	for _, x := range s.Reports {
		byTerm[x.Term.Year+"/"+x.Term.Name] = x
	}
	for _, r := range s.ECT.Reports {
		x := byTerm[r.Place.Year+"/"+r.Place.Term]
		if x == nil || x.Report != nil {
			s.Unplanned = append(s.Unplanned, r)
			continue
		}
		x.Report = r
	}
	for _, x := range s.Reports {
		x.State, x.Signed, x.Unsigned = stateOf(x, env)
	}
}

// deadlines lists the statutory steps that follow the final assessment
// meeting (SG 2.61, 2.67, 2.69, 2.70; Regulations 11 and 18).
func deadlines(s *Summary, env Env) []Deadline {
	var final *Expected
	for _, x := range s.Reports {
		if x.Assessment == "final" {
			final = x
		}
	}
	if final == nil {
		return nil
	}
	meeting := final.To
	if final.Report != nil {
		if m, ok := final.Report.Meeting.Time(); ok {
			meeting = m
		}
	}
	h := env.Holidays
	toAB := h.AddWorkingDays(meeting, 10)
	decision := h.AddWorkingDays(toAB, 20)
	if s.Outcome != nil {
		if d, ok := s.Outcome.Decided.Time(); ok {
			decision = d
		}
	}
	notice := h.AddWorkingDays(decision, 3)
	received := notice.AddDate(0, 0, 2) // an e-mailed notice is received on the second day after sending (Reg. 18)
	return []Deadline{
		{"Final assessment report and recommendation to the AB", toAB, "SG 2.61; Reg. 11(3)"},
		{"ECT's representations to the AB", h.AddWorkingDays(toAB, 10), "Reg. 11(4)"},
		{"AB decision", h.AddWorkingDays(toAB, 20), "Reg. 11(5); SG 2.67"},
		{"AB notice to ECT, headteacher and employer", notice, "Reg. 11(7); SG 2.69"},
		{"ECT's appeal to the Secretary of State", h.AddWorkingDays(received, 20), "Reg. 11(8), Sch. 3; SG 2.70"},
	}
}
