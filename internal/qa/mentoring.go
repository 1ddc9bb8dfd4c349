package qa

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
)

// The AB's practice on regular mentoring (SG 2.39 and 5.7 set no
// frequency): a mentor meeting every term week in the first year of
// induction and at least one in every two term weeks in the second. Half
// terms are holidays: where the body's calendar gives a term's half term
// (half_term:), its days are not school days; where it does not, the week
// without a meeting that best explains the log, then the one nearest the
// middle of the term, is taken to be the half-term holiday.
const (
	// WeekDays is how many school days of the ECT's induction a Monday to
	// Friday week needs to count as a term week that should have a
	// meeting: the first days of a term, a week cut by the start or end of
	// induction, or by the ECT's absence, need none.
	WeekDays = 3
	// TimetableYear1 and TimetableYear2 are the most an ECT may teach, as
	// a percentage of a normal teacher's timetable (SG 2.20–2.21).
	TimetableYear1 = 90
	TimetableYear2 = 95
)

// week is one Monday-to-Friday week of an ECT's induction.
type week struct {
	monday  time.Time
	first   time.Time // its first school day in the ECT's induction
	days    int       // school days in the ECT's induction, not absent
	year    int       // the year of induction of its first such day
	term    int       // the index of the term of its first such day
	meeting bool      // a mentor meeting was logged in it
	// halfTerm marks the week taken to be the term's half-term holiday.
	halfTerm bool
}

// termWeek reports whether the week should have had a meeting.
func (w week) termWeek() bool { return w.days >= WeekDays && !w.halfTerm }

// here returns the ECT's induction periods at their school: a period
// served elsewhere had another school's mentoring.
func here(e *record.ECT) []record.Period {
	var out []record.Period
	for _, p := range e.Periods {
		if p.School == 0 || e.School != nil && p.School == e.School.URN {
			out = append(out, p)
		}
	}
	return out
}

// window is the part of the ECT's induction at this school up to the day
// of the check: from, to inclusive; ok is false before it starts.
func window(e *record.ECT, on time.Time) (from, to time.Time, ok bool) {
	for _, p := range here(e) {
		s, okS := p.Start.Time()
		if !okS || s.After(on) {
			continue
		}
		end := on
		if t, okE := p.End.Time(); okE && t.Before(on) {
			end = t
		}
		if !ok || s.Before(from) {
			from = s
		}
		if !ok || end.After(to) {
			to = end
		}
		ok = true
	}
	return from, to, ok
}

// weeks lays the ECT's induction at this school, up to the last week
// that has ended by the day of the check, out in term weeks.
func weeks(e *record.ECT, sum *schedule.Summary, terms calendar.Terms, on time.Time) []week {
	from, to, ok := window(e, on)
	if !ok {
		return nil
	}
	// Spans of days, parsed once: the periods at this school (an open
	// period ends never) and the absences.
	type span struct{ from, to time.Time }
	in := func(spans []span, d time.Time) bool {
		return slices.ContainsFunc(spans, func(s span) bool { return !d.Before(s.from) && (s.to.IsZero() || !d.After(s.to)) })
	}
	var periods, absences []span
	for _, p := range here(e) {
		if s, ok := p.Start.Time(); ok {
			end, _ := p.End.Time()
			periods = append(periods, span{s, end})
		}
	}
	for _, a := range e.Absences {
		f, ok1 := a.From.Time()
		t, ok2 := a.To.Time()
		if ok1 && ok2 {
			absences = append(absences, span{f, t})
		}
	}
	var meetings []time.Time
	if e.Mentoring != nil {
		for _, x := range e.Mentoring.Entries {
			if d, ok := x.Date.Time(); ok && x.Kind == record.EntryMeeting {
				meetings = append(meetings, d)
			}
		}
	}
	out := make([]week, 0, int(to.Sub(from).Hours()/24/7)+2)
	monday := from.AddDate(0, 0, -((int(from.Weekday()) + 6) % 7))
	for ; !monday.After(to); monday = monday.AddDate(0, 0, 7) {
		friday := monday.AddDate(0, 0, 4)
		if friday.After(on) {
			break // not over yet
		}
		w := week{monday: monday}
		for d := monday; !d.After(friday); d = d.AddDate(0, 0, 1) {
			if d.Before(from) || d.After(to) || !terms.IsSchoolDay(d) || !in(periods, d) || in(absences, d) {
				continue
			}
			if w.days == 0 {
				w.first = d
				w.year = sum.InductionYear(d)
				w.term, _ = terms.Index(d)
			}
			w.days++
		}
		sunday := monday.AddDate(0, 0, 6)
		w.meeting = slices.ContainsFunc(meetings, func(d time.Time) bool { return !d.Before(monday) && !d.After(sunday) })
		out = append(out, w)
	}
	// The half terms: in each term, the week without a meeting that best
	// explains the log as the holiday (the fewest gaps, then the fewest
	// weeks in them), then the one nearest the middle of the term.
	// A term whose half term the calendar gives has none to guess: its
	// half-term days are not school days.
	best := map[int]int{} // term → index into out
	for i, w := range out {
		if w.meeting || !w.termWeek() || !terms[w.term].HalfStart.IsZero() {
			continue
		}
		if _, ok := best[w.term]; !ok {
			best[w.term] = i
		}
	}
	for t, first := range best {
		mid := terms[t].Start.Add(terms[t].End.Sub(terms[t].Start) / 2)
		score := func(i int) [3]int64 {
			out[i].halfTerm = true
			gs := gaps(out)
			out[i].halfTerm = false
			var weeks int64
			for _, g := range gs {
				weeks += int64(g.weeks)
			}
			return [3]int64{int64(len(gs)), weeks, int64(distance(out[i].monday.AddDate(0, 0, 2), mid))}
		}
		pick, least := first, score(first)
		for i := first + 1; i < len(out); i++ {
			if out[i].term != t || out[i].meeting || !out[i].termWeek() {
				continue
			}
			if sc := score(i); slices.Compare(sc[:], least[:]) < 0 {
				pick, least = i, sc
			}
		}
		best[t] = pick
	}
	for _, i := range best {
		out[i].halfTerm = true
	}
	return out
}

func distance(a, b time.Time) time.Duration {
	if a.After(b) {
		return a.Sub(b)
	}
	return b.Sub(a)
}

// gap is a run of term weeks without a mentor meeting.
type gap struct {
	from  time.Time // the first school day of its first week
	weeks int
}

// gaps finds the runs of term weeks without a meeting that break the AB's
// practice: any such week in year 1, two or more in a row in year 2.
// Holidays neither break a run nor add to it.
func gaps(ws []week) []gap {
	var out []gap
	var run gap
	year1 := false
	end := func() {
		if run.weeks > 0 && (year1 || run.weeks >= 2) {
			out = append(out, run)
		}
		run, year1 = gap{}, false
	}
	for _, w := range ws {
		switch {
		case w.meeting:
			end()
		case !w.termWeek():
			// a holiday, the half term, or too little of a week
		default:
			if run.weeks == 0 {
				run.from = w.first
			}
			run.weeks++
			year1 = year1 || w.year == 1
		}
	}
	end()
	return out
}

// mentoring reports an ECT whose mentor meetings were not regular, or
// who has none recorded at all. It returns "" when there is nothing to
// say.
func mentoring(e *record.ECT, sum *schedule.Summary, terms calendar.Terms, on time.Time) string {
	ws := weeks(e, sum, terms, on)
	if !slices.ContainsFunc(ws, func(w week) bool { return w.days >= WeekDays }) {
		return "" // not started, or no term week over yet
	}
	if !slices.ContainsFunc(ws, func(w week) bool { return w.meeting }) {
		if e.Mentoring == nil {
			return fmt.Sprintf("no mentor meeting recorded: there is no mentoring log (ect new mentoring --ect %s starts one)", e.TRN)
		}
		return "no mentor meeting recorded in the mentoring log"
	}
	gs := gaps(ws)
	if len(gs) == 0 {
		return ""
	}
	longest := gs[0]
	for _, g := range gs {
		if g.weeks > longest.weeks {
			longest = g
		}
	}
	return fmt.Sprintf("mentor meetings not regular (weekly in year 1, fortnightly in year 2): %s without a meeting, the longest %s from %s",
		diag.Plural(len(gs), "gap"), diag.Plural(longest.weeks, "term week"), longest.from.Format(time.DateOnly))
}

// notObserving lists the completed terms of the ECT's induction at this
// school in which the mentoring log records no lesson of an experienced
// teacher observed (SG 2.39). ECTs without a log are left to the
// mentoring finding.
func notObserving(e *record.ECT, terms calendar.Terms, on time.Time) []string {
	if e.Mentoring == nil {
		return nil
	}
	from, to, ok := window(e, on)
	if !ok {
		return nil
	}
	var out []string
	for _, t := range terms {
		if t.End.After(on) || t.End.Before(from) || t.Start.After(to) {
			continue
		}
		a, b := calendar.Later(t.Start, from), calendar.Earlier(t.End, to)
		if terms.SchoolDays(a, b) < 2*5 {
			continue // less than two weeks of the term in induction
		}
		seen := slices.ContainsFunc(e.Mentoring.Entries, func(x record.MentoringEntry) bool {
			d, ok := x.Date.Time()
			return ok && x.Kind == record.EntryObserving && !d.Before(a) && !d.After(b)
		})
		if !seen {
			out = append(out, t.String())
		}
	}
	return out
}

// timetable reports the spells of the ECT's induction at this school, up
// to the day of the check, in which their timetable was above the most
// allowed in that year of induction.
func timetable(e *record.ECT, sum *schedule.Summary, on time.Time) []string {
	from, to, ok := window(e, on)
	if !ok || len(e.Timetable) == 0 {
		return nil
	}
	tt := slices.Clone(e.Timetable)
	slices.SortStableFunc(tt, func(a, b record.Timetable) int { return strings.Compare(string(a.From), string(b.From)) })
	var out []string
	for i, x := range tt {
		start, ok := x.From.Time()
		if !ok {
			continue
		}
		end := to
		if i+1 < len(tt) {
			if next, ok := tt[i+1].From.Time(); ok {
				end = calendar.Earlier(end, next.AddDate(0, 0, -1))
			}
		}
		start = calendar.Later(start, from)
		if end.Before(start) {
			continue
		}
		switch {
		case x.Percent > TimetableYear1 && sum.InductionYear(start) == 1:
			out = append(out, fmt.Sprintf("%g%% from %s in year 1 of induction (at most %d%%)", x.Percent, x.From, TimetableYear1))
		case x.Percent > TimetableYear2 && sum.InductionYear(end) == 2:
			out = append(out, fmt.Sprintf("%g%% from %s in year 2 of induction (at most %d%%)", x.Percent, x.From, TimetableYear2))
		}
	}
	return out
}

// MeetingDue is the day by which the ECT's next mentor meeting is due
// under the AB's practice (a meeting every term week in year 1, one in
// every two in year 2; SG 2.39 and 5.7 set no frequency): the Friday of
// the week one (year 1) or two (year 2) weeks after the week of the last
// meeting logged, or of the first week of induction at this school when
// none is; a Friday out of term moves to the Friday of the next week with
// a school day. last is the last meeting logged on or before on, if any.
// ok is false when the ECT is not in induction at this school on on, or
// their induction is over.
func MeetingDue(e *record.ECT, sum *schedule.Summary, terms calendar.Terms, on time.Time) (due time.Time, last record.Date, ok bool) {
	if sum == nil || sum.Outcome != nil || sum.Left {
		return time.Time{}, "", false
	}
	from, to, ok := window(e, on)
	if !ok || to.Before(on) {
		return time.Time{}, "", false
	}
	friday := func(d time.Time) time.Time { return d.AddDate(0, 0, (int(time.Friday)-int(d.Weekday())+7)%7) }
	due = friday(from)
	if e.Mentoring != nil {
		var lastDay time.Time
		for _, x := range e.Mentoring.Entries {
			if d, ok := x.Date.Time(); ok && x.Kind == record.EntryMeeting && !d.After(on) && d.After(lastDay) {
				lastDay, last = d, x.Date
			}
		}
		if last != "" {
			weeks := 1
			if sum.InductionYear(lastDay) == 2 {
				weeks = 2
			}
			due = friday(lastDay).AddDate(0, 0, 7*weeks)
		}
	}
	// Out of term (a holiday, or the half term the calendar gives): the
	// next week with a school day.
	for i := 0; i < 26 && !weekInTerm(terms, due); i++ {
		due = due.AddDate(0, 0, 7)
	}
	return due, last, true
}

// weekInTerm reports whether the Monday-to-Friday week ending on friday
// has a school day.
func weekInTerm(terms calendar.Terms, friday time.Time) bool {
	for d := friday.AddDate(0, 0, -4); !d.After(friday); d = d.AddDate(0, 0, 1) {
		if terms.IsSchoolDay(d) {
			return true
		}
	}
	return len(terms) == 0
}
