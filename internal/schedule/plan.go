package schedule

import (
	"math"
	"sort"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/record"
)

// planReports lists the reports the statutory cadence expects (R-CAD-1 to
// R-CAD-4): a progress review every school term without a formal
// assessment, formal assessments at the end of FTE terms 3 and 6 (moved on
// by absence extensions), a further final assessment at the end of each AB
// extension, an interim assessment when the ECT leaves after a term or more,
// no review less than a term before an assessment, and a mid-term starter
// reviewed at the same point of each following term.
//
// Each calendar term of the period is a slot ending at its review point:
// the end of the term, or for a mid-term starter the same point of the term
// as the start (SG 2.49), so that the ECT's own terms run from start to
// start. An assessment takes the slot it falls in; when it falls before the
// slot's review point it is less than a term after the review before it,
// and that review is not held (SG 2.49).
func planReports(s *Summary, tl, st *timeline, base float64, env Env) {
	if len(tl.entries) == 0 {
		return
	}
	extension := s.ExtensionDays[0] + s.ExtensionDays[1]
	var as []planned
	// Only the final assessment when induction is a year or less (SG 3.4).
	if base > YearLength {
		if d, ok := st.dateAt(YearLength); ok {
			as = append(as, planned{"first", d})
		}
	}
	// The final assessment at the end of induction; absence extensions move
	// it, and the end, on by the days absent, counted in the days the ECT is
	// due to work (SG 3.6; Reg. 8(1)), while the
	// first stays at the end of FTE term 3, as ABs practise it. Each AB
	// extension (SG 3.8) ends with a final assessment of its own; the one
	// before it is the final assessment that led to the extension.
	points := []float64{base}
	for _, x := range s.ECT.Extensions {
		points = append(points, Round2(points[len(points)-1]+x.Terms))
	}
	for i, x := range points {
		d, ok := st.dateAt(x)
		if !ok {
			break
		}
		d = extendBy(s.ECT, env, d, extension)
		if s.Left && d.After(tl.end) {
			break
		}
		as = append(as, planned{"final", d})
		if i == len(points)-1 && !s.Left {
			s.ExpectedEnd = d
		}
	}
	// An interim assessment when the ECT leaves before the next formal
	// assessment, even in the final term (SG 2.62); tl.counts() has made
	// sure they were in post for a term or more.
	if s.Left {
		if n := len(as); n == 0 || as[n-1].at.Before(tl.end) {
			as = append(as, planned{"interim", tl.end})
		}
	}

	// The slots: one a term, but a mid-term starter's first part-term
	// belongs to the next term's slot.
	offset := tl.startOffset()
	midTerm := offset >= MidTermDays
	var slots []slot
	for k, e := range tl.entries {
		if k == 0 && midTerm {
			continue
		}
		t := env.Terms[e.index]
		at := t.End
		if midTerm {
			// the same fraction of this term as had passed of the first
			n := int(math.Ceil(float64(offset)/float64(tl.entries[0].days)*float64(e.days) - 1e-6))
			at, _ = env.Terms.AddSchoolDays(t.Start.AddDate(0, 0, -1), min(max(n, 1), e.days))
		}
		slots = append(slots, slot{review: at})
	}
	for _, a := range as {
		j := sort.Search(len(slots), func(j int) bool { return !slots[j].review.Before(a.at) })
		if j == len(slots) {
			if i, ok := env.Terms.Index(a.at); !ok || i != tl.entries[len(tl.entries)-1].index {
				continue // past the calendar
			}
			// after the review point of the period's last term (a mid-term
			// starter's): a slot of its own
			slots = append(slots, slot{review: a.at, dropped: true})
		}
		slots[j].as = append(slots[j].as, a)
		if a.kind != "interim" && a.at.Before(slots[j].review) && j > 0 {
			slots[j-1].dropped = true // less than a term apart: only the assessment
		}
	}

	prior := priorTerms(s.ECT, env.Terms, tl)
	from := tl.start
	add := func(x *Expected) {
		i, _ := env.Terms.Index(x.To)
		x.Term = env.Terms[i]
		for k, e := range tl.entries {
			if e.index <= i {
				x.Number = prior + k + 1
			}
		}
		x.From = from
		x.FTE = Round2(tl.servedBy(x.To))
		if x.To.Equal(tl.end) && tl.recorded != nil {
			x.FTE = Round2(tl.prior + *tl.recorded) // as recorded when the period ended
		}
		x.Held = returnDay(s.ECT.Absences, x.To, env.Terms)
		x.Due = env.Holidays.AddWorkingDays(x.Held, env.Policy.DueAfter)
		s.Reports = append(s.Reports, x)
		from = x.To.AddDate(0, 0, 1)
	}
	// The schedule ends with the last assessment once induction is complete
	// or the ECT has left; otherwise it runs to the end of the calendar.
	var last *planned
	if n := len(as); n > 0 && (s.Left || !s.ExpectedEnd.IsZero()) {
		last = &as[n-1]
	}
	for _, sl := range slots {
		if len(sl.as) == 0 {
			if !sl.dropped {
				add(&Expected{Kind: record.KindProgressReview, To: sl.review})
			}
			continue
		}
		for _, a := range sl.as {
			add(&Expected{Kind: record.KindFormalAssessment, Assessment: a.kind, To: a.at})
			if last != nil && a == *last {
				return
			}
		}
	}
}

// planned is a formal assessment the schedule expects.
type planned struct {
	kind string // first, final or interim
	at   time.Time
}

// slot is one term's report: the review at its review point, or the
// assessments that fall in it.
type slot struct {
	review  time.Time
	as      []planned
	dropped bool // no review: an assessment follows within a term
}

// priorTerms counts the school terms of the ECT's other periods, those with
// terms recorded, as calendar terms of induction.
func priorTerms(e *record.ECT, terms calendar.Terms, tl *timeline) int {
	n := 0
	for i, p := range e.Periods {
		if s, ok := p.Start.Time(); ok && s.Equal(tl.start) || Aside(e.Periods, i) {
			continue // the period laid over the calendar, or one counted through it
		}
		start, ok1 := p.Start.Time()
		end, ok2 := p.End.Time()
		if !ok1 || !ok2 || p.Terms == nil || *p.Terms == 0 {
			continue // a period that counts nothing adds no term of induction (SG 2.33)
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

// returnDay is d, or when the ECT is absent on d, the first school day
// after the absence (and any absence that follows on from it).
func returnDay(absences []record.Absence, d time.Time, terms calendar.Terms) time.Time {
	for moved := true; moved; {
		moved = false
		for _, a := range absences {
			from, ok1 := a.From.Time()
			to, ok2 := a.To.Time()
			if ok1 && ok2 && !d.Before(from) && !d.After(to) {
				if back, ok := terms.AddSchoolDays(to, 1); ok {
					d, moved = back, true
				}
			}
		}
	}
	return d
}

// matchFiled pairs filed reports with expected ones by the term in their
// file name (and, where a term expects more than one report, by the
// assessment it names), and works out each report's state.
func matchFiled(s *Summary, env Env) {
	byTerm := map[string][]*Expected{}
	for _, x := range s.Reports {
		k := x.Term.Year + "/" + x.Term.Name
		byTerm[k] = append(byTerm[k], x)
	}
	for _, r := range s.ECT.Reports {
		var x *Expected
		for _, c := range byTerm[r.Place.Year+"/"+r.Place.Term] {
			if c.Report == nil && (x == nil || c.Assessment == r.Place.Assessment && x.Assessment != r.Place.Assessment) {
				x = c
			}
		}
		if x == nil {
			s.Unplanned = append(s.Unplanned, r)
			continue
		}
		x.Report = r
	}
	if env.PlanOnly {
		return
	}
	for _, x := range s.Reports {
		x.State, x.Signed, x.Unsigned, x.Unproven = stateOf(x, env)
		if (x.State == Submitted || x.State == Reviewed) && x.Assessment == "final" && decidedOn(s, x.Report) {
			x.State = Decided
		}
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
	meeting := final.Held
	if final.Report != nil {
		if m, ok := final.Report.Meeting.Time(); ok {
			meeting = m
		}
	}
	h := env.Holidays
	// The report goes to the AB within 10 working days of the final
	// meeting (SG 2.61); the law counts the headteacher's recommendation
	// from the day the induction period was completed, the end of the
	// final assessment's period (Reg. 11(3)). The AB's and the ECT's time
	// limits run from when the AB receives it: by the guidance's day.
	toAB := RecommendationBy(h, meeting)
	byLaw := RecommendationBy(h, final.To)
	decision := DecideBy(h, toAB)
	if s.Outcome != nil {
		if d, ok := s.Outcome.Decided.Time(); ok {
			decision = d
		}
	}
	notice := NoticeBy(h, decision)
	out := []Deadline{{"Final assessment report and recommendation to the AB", toAB, "SG 2.61; Reg. 11(3)"}}
	if byLaw.After(toAB) {
		out = []Deadline{
			{"Final assessment report to the AB", toAB, "SG 2.61"},
			{"Headteacher's recommendation to the AB at the latest", byLaw, "Reg. 11(3)"},
		}
	}
	out = append(out, []Deadline{
		{"ECT's representations to the AB", RepresentationsBy(h, toAB), "Reg. 11(4)"},
		{"AB decision", DecideBy(h, toAB), "Reg. 11(5); SG 2.67"},
		{"AB notice to ECT, headteacher and employer", notice, "Reg. 11(7); SG 2.69"},
	}...)
	// Only a decision to extend or fail can be appealed (SG 2.70; Reg. 11(8)).
	if !s.Outcome.Passed() {
		out = append(out, Deadline{"ECT's appeal to the Teaching Regulation Agency", AppealBy(h, notice), "Reg. 11(8), Sch. 3 para. 2; SG 2.70"})
	}
	return out
}

// decidedOn reports whether the AB has decided on a final assessment: an
// outcome or an extension decided on or after its last signature.
func decidedOn(s *Summary, r *record.Report) bool {
	last := ""
	for _, sig := range r.Signatures {
		last = max(last, string(sig.On))
	}
	if s.Outcome != nil && string(s.Outcome.Decided) >= last {
		return true
	}
	for _, x := range s.ECT.Extensions {
		if string(x.Decided) >= last {
			return true
		}
	}
	return false
}
