package schedule

import (
	"sort"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/record"
)

// timeline is an induction period laid over the calendar: the FTE terms
// each school term adds. A school day is a weekday in term outside its half
// term; each adds FTE/(school days of the term), so a term served in full
// adds the FTE, whatever its length, and a day of half term adds nothing.
type timeline struct {
	upTo  float64 // see newTimeline
	terms calendar.Terms
	prior float64 // FTE terms recorded in other periods
	start time.Time
	end   time.Time // zero while the period is open
	// recorded is the FTE terms recorded for the period when it ended
	recorded *float64
	entries  []entry
	// alongside are the posts held alongside a lead period: their FTE adds
	// to the period's each day they cover (SG 3.16)
	alongside []*record.Period
}

// entry is one school term of the period.
type entry struct {
	index    int // into terms
	from, to time.Time
	days     int       // school days of the whole term
	first    time.Time // the first school day from..to
	cum      []float64 // cum[i]: FTE terms added by the end of the entry's school day i (from 0)
	cumStart float64
	cumEnd   float64
}

// upTo, when more than 0, stops the timeline at the term in which that many
// FTE terms are served: nothing later is ever asked of it, and laying out
// every term to the end of the calendar is most of the cost.
func newTimeline(terms calendar.Terms, p *record.Period, prior, upTo float64, alongside []*record.Period) *timeline {
	tl := &timeline{terms: terms, prior: prior, upTo: upTo, alongside: alongside}
	if p == nil {
		return tl
	}
	start, ok := p.Start.Time()
	if !ok {
		return tl
	}
	return layOut(tl, p, start)
}

// MidTermDays is how many school days of a term must have passed before an
// ECT's start for it to count as a mid-term start (SG 2.49). A start in the
// first two weeks of a term counts as a start of the term: the reports fall
// where they would had the ECT started on its first day.
const MidTermDays = 10

// startOffset returns the school days of the start term that passed before
// the period started.
func (tl *timeline) startOffset() int {
	if len(tl.entries) == 0 {
		return 0
	}
	t := tl.terms[tl.entries[0].index]
	return tl.terms.SchoolDays(t.Start, tl.start.AddDate(0, 0, -1))
}

// scheduling returns the timeline the reports are planned on: the period's
// own, except that a start in the first MidTermDays school days of a term
// is moved back to the term's first day, so that a September starter who
// began on the 3rd still has the first assessment at the end of the summer
// term (SG 2.55: "in the final term of the first year"). FTE served is
// always measured on the period's own timeline.
func (tl *timeline) scheduling(p *record.Period) *timeline {
	n := tl.startOffset()
	if n == 0 || n >= MidTermDays {
		return tl
	}
	st := &timeline{terms: tl.terms, prior: tl.prior, alongside: tl.alongside}
	return layOut(st, p, tl.terms[tl.entries[0].index].Start)
}

func layOut(tl *timeline, p *record.Period, start time.Time) *timeline {
	tl.start = start
	tl.end, _ = p.End.Time()
	tl.recorded = p.Terms
	type change struct {
		from time.Time
		fte  float64
	}
	var changes []change
	for _, c := range p.FTEChanges {
		if from, ok := c.From.Time(); ok {
			changes = append(changes, change{from, c.FTE})
		}
	}
	cum := tl.prior
	for i, t := range tl.terms {
		if t.End.Before(start) {
			continue
		}
		if !tl.end.IsZero() && t.Start.After(tl.end) {
			break
		}
		e := entry{index: i, from: calendar.Later(t.Start, start), to: t.End, days: max(t.SchoolDays(t.Start, t.End), 1)}
		if !tl.end.IsZero() && tl.end.Before(e.to) {
			e.to = tl.end
		}
		e.first = e.from
		for !calendar.IsWeekday(e.first) {
			e.first = e.first.AddDate(0, 0, 1)
		}
		n := calendar.Weekdays(e.from, e.to)
		e.cum = make([]float64, n)
		var sum float64
		for k := range n {
			fte := p.FTE
			if len(changes) > 0 || !t.HalfStart.IsZero() || len(tl.alongside) > 0 {
				d := nthWeekday(e.first, k)
				if t.InHalfTerm(d) {
					e.cum[k] = sum // nobody is due to work in half term
					continue
				}
				for _, c := range changes {
					if !c.from.After(d) {
						fte = c.fte
					}
				}
				fte += postsFTEOn(tl.alongside, d)
			}
			sum += fte / float64(e.days)
			e.cum[k] = sum
		}
		e.cumStart = cum
		cum += sum
		e.cumEnd = cum
		tl.entries = append(tl.entries, e)
		if tl.upTo > 0 && cum >= tl.upTo {
			break
		}
	}
	return tl
}

// servedBy returns the FTE terms served by the end of day d.
func (tl *timeline) servedBy(d time.Time) float64 {
	served := tl.prior
	for _, e := range tl.entries {
		if e.from.After(d) {
			break
		}
		if !d.Before(e.to) {
			served = e.cumEnd
			continue
		}
		served = e.cumStart
		if k := calendar.Weekdays(e.from, d); k > 0 {
			served += e.cum[k-1]
		}
	}
	return served
}

// dateAt returns the school day on which the FTE terms served reach x, and
// false when the period or the calendar ends first. Reaching it on the
// last school day of a term (or of the period) gives the term's (or the
// period's) last day.
func (tl *timeline) dateAt(x float64) (time.Time, bool) {
	const eps = 1e-6
	if tl.prior >= x-eps {
		return time.Time{}, false
	}
	for _, e := range tl.entries {
		if e.cumEnd < x-eps {
			continue
		}
		k := sort.Search(len(e.cum), func(k int) bool { return e.cumStart+e.cum[k] >= x-eps })
		if k == len(e.cum) || e.cumStart+e.cum[k] >= e.cumEnd-eps {
			return e.to, true
		}
		return nthWeekday(e.first, k), true
	}
	return time.Time{}, false
}

// inPostBy returns the school terms in post by the end of day d, whatever
// the FTE: a part-time ECT in post for a whole term has one (SG 2.33).
func (tl *timeline) inPostBy(d time.Time) float64 {
	var n float64
	for _, e := range tl.entries {
		if e.from.After(d) {
			break
		}
		n += float64(tl.terms[e.index].SchoolDays(e.from, calendar.Earlier(d, e.to))) / float64(e.days)
	}
	return n
}

// counts reports whether the period counts towards induction: an ended
// period counts only if the ECT was in post for a term or more (R-MIN-1;
// SG 2.33-2.34); an open one counts as it goes.
func (tl *timeline) counts() bool {
	return tl.end.IsZero() || !lessThanATerm(tl.inPostBy(tl.end))
}

// nthWeekday returns the weekday k weekdays after first, a weekday.
func nthWeekday(first time.Time, k int) time.Time {
	mon := (int(first.Weekday()) + 6) % 7 // Monday 0 … Friday 4
	days := k/5*7 + k%5
	if mon+k%5 > 4 {
		days += 2
	}
	return first.AddDate(0, 0, days)
}
