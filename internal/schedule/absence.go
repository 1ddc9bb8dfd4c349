package schedule

import (
	"math"
	"slices"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/record"
)

// Absence is counted in the days the ECT was due to work (Reg. 8(1): "absent
// from work on 30 or more days"; SG 3.6: the year "must be extended by the
// aggregate total of days absent"): school days of the calendar, outside
// half terms and bank holidays, that are among the ECT's working days in the
// period in force that day. The extension runs over the same kind of days
// after the point it extends. See docs/rules.md, "Counting absence".

// Pattern is the working pattern in force on a day: the period's FTE and
// working days, or those of its latest change of working pattern.
type Pattern struct {
	FTE float64
	// Days are the days of the week the ECT is due to work; empty when the
	// record does not say (every weekday is then taken as a working day).
	Days []record.Weekday
	// InPost is false when no induction period covers the day.
	InPost bool
}

// PatternOn returns the ECT's working pattern on day d. Posts held at the
// same time (SG 3.14-3.16) add up: their FTE, and the days of the week
// of either; short-term supply, which counts nothing, is left out.
func PatternOn(e *record.ECT, d time.Time) Pattern {
	var out Pattern
	every := false // a post covering d gives no working days
	for i := range e.Periods {
		p := &e.Periods[i]
		if ShortSupply(*p) {
			continue
		}
		fte := fteOn(p, d)
		if fte == 0 {
			continue
		}
		days := p.WorkingDays
		for _, c := range p.FTEChanges {
			if from, ok := c.From.Time(); ok && !from.After(d) && len(c.WorkingDays) > 0 {
				days = c.WorkingDays
			}
		}
		out.InPost = true
		out.FTE += fte
		if len(days) == 0 {
			every = true
		}
		for _, w := range days {
			if !slices.Contains(out.Days, w) {
				out.Days = append(out.Days, w)
			}
		}
	}
	if every {
		out.Days = nil
	}
	return out
}

// works reports whether the pattern has d's day of the week as a working
// day.
func (p Pattern) works(d time.Time) bool {
	if !p.InPost {
		return false
	}
	if len(p.Days) == 0 {
		return true
	}
	for _, w := range p.Days {
		if w.Is(d) {
			return true
		}
	}
	return false
}

// DueToWork reports whether the ECT was due to work on d: a school day of
// the calendar (in term, outside its half term), not a bank holiday, in an
// induction period and one of their working days then. h may be nil.
func DueToWork(e *record.ECT, terms calendar.Terms, h *calendar.Holidays, d time.Time) bool {
	if !terms.IsSchoolDay(d) || h != nil && !h.IsWorkingDay(d) {
		return false
	}
	return PatternOn(e, d).works(d)
}

// DueDays counts the days from a to b inclusive that the ECT was due to
// work; ok is false when the calendar does not cover a to b.
func DueDays(e *record.ECT, terms calendar.Terms, h *calendar.Holidays, a, b time.Time) (n int, ok bool) {
	if len(terms) == 0 || a.Before(terms[0].Start) || b.After(terms[len(terms)-1].End) {
		return 0, false
	}
	for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
		if DueToWork(e, terms, h, d) {
			n++
		}
	}
	return n, true
}

// extendBy returns the day on which an extension of days absence after d
// ends: days counted as the ECT's working days (SG 3.6). When the record
// gives no working days for a part-time ECT, a day absent stands for 1/FTE
// school days. Past the calendar it runs on in weeks of five days.
func extendBy(e *record.ECT, env Env, d time.Time, days float64) time.Time {
	if days <= 0 {
		return d
	}
	pat := PatternOn(e, d)
	if !pat.InPost {
		pat = PatternOn(e, lastDay(e))
	}
	n := int(math.Ceil(days - 1e-9))
	due := func(day time.Time) bool {
		return (env.Holidays == nil || env.Holidays.IsWorkingDay(day)) && (len(pat.Days) == 0 || pat.works(day))
	}
	if len(pat.Days) == 0 && pat.FTE > 0 && pat.FTE < 1 {
		n = int(math.Ceil(days/pat.FTE - 1e-9))
	}
	if out, ok := env.Terms.AddDays(d, n, due); ok {
		return out
	}
	return d.AddDate(0, 0, n*7/5)
}

// lastDay is the start of the ECT's last period: the pattern to extend by
// when the day extended from is past every period.
func lastDay(e *record.ECT) time.Time {
	if len(e.Periods) == 0 {
		return time.Time{}
	}
	t, _ := e.Periods[len(e.Periods)-1].Start.Time()
	return t
}
