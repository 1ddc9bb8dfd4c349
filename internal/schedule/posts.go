package schedule

import (
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/record"
)

// Posts held at the same time and short-term supply.
//
// Induction served in more than one institution at the same time is led by
// one headteacher (SG 3.14; Reg. 10(2)): the period marked lead: true. The
// separate contracts are added together and recorded by the lead
// headteacher (SG 3.16), so the lead period is laid over the calendar at
// the FTE of every post held that day, and its terms: are those of all of
// them; a post held alongside it counts through it, never on its own.
//
// Short-term supply (less than one term) never counts (SG 2.14, 2.33): a
// supply period recorded with terms: 0 may be held alongside a part-time
// induction post (SG 2.17) and counts nothing.

// Alongside reports whether period i is held alongside a lead period: not
// itself the lead, and sharing a day with a period marked lead: true.
// Short-term supply never is: it is not a post of induction, and counts
// nothing, even beside posts held under a lead (SG 2.17).
func Alongside(ps []record.Period, i int) bool {
	if ps[i].Lead || ShortSupply(ps[i]) {
		return false
	}
	for j := range ps {
		if j != i && ps[j].Lead && Overlap(ps[i], ps[j]) {
			return true
		}
	}
	return false
}

// ShortSupply reports whether a period is short-term supply that counts
// nothing: supply: true, ended, with terms: 0 (SG 2.14, 2.33).
func ShortSupply(p record.Period) bool {
	return p.Supply && p.End != "" && p.Terms != nil && *p.Terms == 0
}

// Aside reports whether period i is not on the ECT's line of induction
// periods: held alongside the lead post, or short-term supply. Such
// periods may overlap others; the schedule never lays them over the
// calendar on their own nor adds their terms.
func Aside(ps []record.Period, i int) bool {
	return Alongside(ps, i) || ShortSupply(ps[i])
}

// Overlap reports whether two periods share a day; an open period runs on.
// Dates are YYYY-MM-DD, so they compare as text.
func Overlap(a, b record.Period) bool {
	if a.Start == "" || b.Start == "" {
		return false
	}
	before := func(end, start record.Date) bool { return end != "" && end < start }
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

// alongsideOf returns the periods held alongside p, the lead: their FTE
// adds to its own each day they cover (SG 3.16).
func alongsideOf(ps []record.Period, p *record.Period) []*record.Period {
	if p == nil || !p.Lead {
		return nil
	}
	var out []*record.Period
	for i := range ps {
		if &ps[i] != p && Alongside(ps, i) && Overlap(ps[i], *p) {
			out = append(out, &ps[i])
		}
	}
	return out
}

// fteOn returns the FTE of period p on day d: its own, or that of its
// latest change of working pattern by then; 0 outside the period.
func fteOn(p *record.Period, d time.Time) float64 {
	start, ok := p.Start.Time()
	if !ok || d.Before(start) {
		return 0
	}
	if end, ok := p.End.Time(); ok && d.After(end) {
		return 0
	}
	fte := p.FTE
	for _, c := range p.FTEChanges {
		if from, ok := c.From.Time(); ok && !from.After(d) {
			fte = c.FTE
		}
	}
	return fte
}

// postsFTEOn returns the FTE of posts held at the same time on day d,
// added together (SG 3.16): what a lead period serves that day, with the
// posts alongside it.
func postsFTEOn(posts []*record.Period, d time.Time) float64 {
	var sum float64
	for _, p := range posts {
		sum += fteOn(p, d)
	}
	return sum
}

// covers reports whether the calendar covers the days from a to b: from the
// start of its first school year to the end of its last term.
func covers(terms calendar.Terms, a, b time.Time) bool {
	return len(terms) > 0 && !a.Before(calendar.SchoolYearStart(terms[0].Start)) && !b.After(terms[len(terms)-1].End)
}

// Measure is an ended period measured on a calendar.
type Measure struct {
	// Terms are the FTE terms the dates and the FTE give, exactly (the
	// lead period's include the posts held alongside it, SG 3.16).
	Terms float64
	// InPost are the school terms in post, whatever the FTE: less than 1
	// and the period does not count (SG 2.33).
	InPost float64
}

// Short reports whether the period lasted less than one term in post, and
// so counts nothing (SG 2.33).
func (m Measure) Short() bool { return lessThanATerm(m.InPost) }

// lessThanATerm reports whether school terms in post fall short of the one
// term a period needs to count (SG 2.33-2.34), float error aside.
func lessThanATerm(inPost float64) bool { return inPost < 1-1e-6 }

// MeasurePeriod lays the ended period i over the calendar; ok is false when
// it is open, its dates are not valid, or the calendar does not cover it.
func MeasurePeriod(ps []record.Period, i int, terms calendar.Terms) (m Measure, ok bool) {
	p := &ps[i]
	start, ok1 := p.Start.Time()
	end, ok2 := p.End.Time()
	if !ok1 || !ok2 || end.Before(start) || !covers(terms, start, end) {
		return m, false
	}
	tl := newTimeline(terms, p, 0, 0, alongsideOf(ps, p))
	return Measure{Terms: tl.servedBy(end), InPost: tl.inPostBy(end)}, true
}

// InPostBy returns the school terms the ECT had been in post by the end of
// day d, whatever the FTE, over the periods on their line of induction
// (SG 2.33, 3.5); ok is false when the calendar does not cover them.
func InPostBy(e *record.ECT, terms calendar.Terms, d time.Time) (float64, bool) {
	var n float64
	for i := range e.Periods {
		p := &e.Periods[i]
		start, ok := p.Start.Time()
		if !ok {
			return 0, false
		}
		if Aside(e.Periods, i) || start.After(d) {
			continue
		}
		end, ok := p.End.Time()
		if !ok {
			end = d
		}
		if !covers(terms, start, calendar.Earlier(end, d)) {
			return 0, false
		}
		n += newTimeline(terms, p, 0, 0, nil).inPostBy(calendar.Earlier(end, d))
	}
	return n, true
}

// CombinedFTE returns the highest FTE of lead period i and the posts held
// alongside it added together, the contracts being added together (SG
// 3.16), and the first day it is reached. The sum changes only where a
// post starts or changes its working pattern, so only those days are
// looked at.
func CombinedFTE(ps []record.Period, i int) (highest float64, on time.Time) {
	lead := &ps[i]
	posts := append([]*record.Period{lead}, alongsideOf(ps, lead)...)
	for _, p := range posts {
		days := []record.Date{p.Start}
		for _, c := range p.FTEChanges {
			days = append(days, c.From)
		}
		for _, d := range days {
			t, ok := d.Time()
			if !ok {
				continue
			}
			if sum := postsFTEOn(posts, t); sum > highest+1e-9 || sum > highest-1e-9 && t.Before(on) {
				highest, on = sum, t
			}
		}
	}
	return highest, on
}
