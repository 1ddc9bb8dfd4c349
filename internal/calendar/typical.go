package calendar

import (
	"time"

	"github.com/rickar/cal/v2/gb"
)

// Typical returns a typical English school year starting in September of
// start, with its half terms: a placeholder, not anyone's term dates.
// England has no national term dates (each local authority, academy trust
// or independent school sets its own), so ect init writes these for a
// body to replace with its own. They follow the usual pattern: autumn from
// the first weekday of September to the last Friday on or before 20
// December, with the last full week of October off; spring from the first
// weekday on or after 4 January to the Friday a week before Good Friday,
// with the week of the third Monday of February off; summer from the
// Monday a week after Easter Monday to the last weekday on or before 21
// July, with the week of the late May bank holiday off.
func Typical(start int) Terms {
	next := start + 1
	_, goodFriday := gb.GoodFriday.Calc(next)
	easterMonday := Day(next, goodFriday.Month(), goodFriday.Day()).AddDate(0, 0, 3)
	year := SchoolYear(Day(start, time.September, 1))
	week := func(monday time.Time) (time.Time, time.Time) { return monday, monday.AddDate(0, 0, 4) }
	autumnHalf, autumnHalfEnd := week(lastWeekday(Day(start, time.October, 27), time.Monday))
	springHalf, springHalfEnd := week(firstWeekday(Day(next, time.February, 15), time.Monday))
	summerHalf, summerHalfEnd := week(lastWeekday(Day(next, time.May, 31), time.Monday))
	return Terms{
		{Year: year, Name: TermNames[0], Start: nextWeekday(Day(start, time.September, 1)), End: lastWeekday(Day(start, time.December, 20), time.Friday),
			HalfStart: autumnHalf, HalfEnd: autumnHalfEnd},
		{Year: year, Name: TermNames[1], Start: nextWeekday(Day(next, time.January, 4)), End: easterMonday.AddDate(0, 0, -10),
			HalfStart: springHalf, HalfEnd: springHalfEnd},
		{Year: year, Name: TermNames[2], Start: easterMonday.AddDate(0, 0, 7), End: previousWeekday(Day(next, time.July, 21)),
			HalfStart: summerHalf, HalfEnd: summerHalfEnd},
	}
}

// nextWeekday returns d, or the Monday after it when it falls at a weekend.
func nextWeekday(d time.Time) time.Time {
	for !IsWeekday(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// previousWeekday returns d, or the Friday before it when it falls at a
// weekend.
func previousWeekday(d time.Time) time.Time {
	for !IsWeekday(d) {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// firstWeekday returns the first day on or after d that is a w.
func firstWeekday(d time.Time, w time.Weekday) time.Time {
	return d.AddDate(0, 0, (int(w)-int(d.Weekday())+7)%7)
}

// lastWeekday returns the last day on or before d that is a w.
func lastWeekday(d time.Time, w time.Weekday) time.Time {
	return d.AddDate(0, 0, -((int(d.Weekday()) - int(w) + 7) % 7))
}
