package schedule

import (
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/record"
)

// timeline is the open induction period laid over the calendar: the FTE
// terms each school term adds.
type timeline struct {
	terms   calendar.Terms
	prior   float64 // FTE terms recorded in earlier periods
	start   time.Time
	end     time.Time // zero while the period is open
	entries []entry
}

// entry is one school term of the period.
type entry struct {
	index    int // into terms
	from, to time.Time
	days     int       // school days of the whole term
	perDay   []float64 // FTE of each school day from..to
	cumStart float64
	cumEnd   float64
}

func newTimeline(terms calendar.Terms, p *record.Period, prior float64) *timeline {
	tl := &timeline{terms: terms, prior: prior}
	if p == nil {
		return tl
	}
	start, ok := p.Start.Time()
	if !ok {
		return tl
	}
	tl.start = start
	tl.end, _ = p.End.Time()
	cum := prior
	for i, t := range terms {
		if t.End.Before(start) {
			continue
		}
		if !tl.end.IsZero() && t.Start.After(tl.end) {
			break
		}
		e := entry{index: i, from: later(t.Start, start), to: t.End, days: terms.SchoolDays(t.Start, t.End)}
		if !tl.end.IsZero() && tl.end.Before(e.to) {
			e.to = tl.end
		}
		for d := e.from; !d.After(e.to); d = d.AddDate(0, 0, 1) {
			if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
				e.perDay = append(e.perDay, fteOn(p, d))
			}
		}
		e.cumStart = cum
		for _, f := range e.perDay {
			cum += f / float64(max(e.days, 1))
		}
		e.cumEnd = cum
		tl.entries = append(tl.entries, e)
	}
	return tl
}

// fteOn is the FTE on a day, after any change of working pattern.
func fteOn(p *record.Period, d time.Time) float64 {
	fte := p.FTE
	for _, c := range p.FTEChanges {
		if from, ok := c.From.Time(); ok && !from.After(d) {
			fte = c.FTE
		}
	}
	return fte
}

// servedBy returns the FTE terms served by the end of day d.
func (tl *timeline) servedBy(d time.Time) float64 {
	served := tl.prior
	for _, e := range tl.entries {
		if e.from.After(d) {
			break
		}
		day := e.from
		for _, f := range e.perDay {
			for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
				day = day.AddDate(0, 0, 1)
			}
			if day.After(d) {
				break
			}
			served += f / float64(max(e.days, 1))
			day = day.AddDate(0, 0, 1)
		}
	}
	return served
}

// dateAt returns the school day on which the FTE terms served reach x, and
// false when the period or the calendar ends first. Reaching it on the last day of a term gives that day.
func (tl *timeline) dateAt(x float64) (time.Time, bool) {
	const eps = 1e-6
	if tl.prior >= x-eps {
		return time.Time{}, false
	}
	for _, e := range tl.entries {
		if e.cumEnd < x-eps {
			continue
		}
		cum := e.cumStart
		day := e.from
		for _, f := range e.perDay {
			for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
				day = day.AddDate(0, 0, 1)
			}
			cum += f / float64(max(e.days, 1))
			if cum >= x-eps {
				if cum >= e.cumEnd-eps {
					return e.to, true
				}
				return day, true
			}
			day = day.AddDate(0, 0, 1)
		}
		return e.to, true
	}
	return time.Time{}, false
}

// at returns the timeline entry of the school term with the given index.
func (tl *timeline) at(termIndex int) (entry, bool) {
	for _, e := range tl.entries {
		if e.index == termIndex {
			return e, true
		}
	}
	return entry{}, false
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
