// Package calendar knows the school year and the working week: the term
// dates of an appropriate body (and a school's own, where it has them),
// England and Wales bank holidays, and working-day arithmetic for statutory
// deadlines ("within 10 working days"). It does no I/O and reads no clock.
package calendar

import (
	"bufio"
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/rickar/cal/v2/gb"
)

// Day is midnight UTC of a calendar date; every date here is a Day.
func Day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TermNames are the three terms of a school year, in order.
var TermNames = [3]string{"autumn", "spring", "summer"}

// Term is one school term.
type Term struct {
	Year       string // the school year, e.g. 2025-26
	Name       string // autumn, spring or summer
	Start, End time.Time
	// HalfStart and HalfEnd are the term's half-term holiday, both zero
	// when the calendar gives none.
	HalfStart, HalfEnd time.Time
}

// InHalfTerm reports whether d falls in the term's half-term holiday.
func (t Term) InHalfTerm(d time.Time) bool {
	return !t.HalfStart.IsZero() && !d.Before(t.HalfStart) && !d.After(t.HalfEnd)
}

// IsSchoolDay reports whether d is a school day of the term: a weekday
// from its first day to its last, outside its half term (bank holidays in
// term time count: see Terms.SchoolDays).
func (t Term) IsSchoolDay(d time.Time) bool {
	return IsWeekday(d) && !d.Before(t.Start) && !d.After(t.End) && !t.InHalfTerm(d)
}

// SchoolDays counts the term's school days from a to b inclusive.
func (t Term) SchoolDays(a, b time.Time) int {
	a, b = Later(a, t.Start), Earlier(b, t.End)
	n := Weekdays(a, b)
	if !t.HalfStart.IsZero() {
		n -= Weekdays(Later(a, t.HalfStart), Earlier(b, t.HalfEnd))
	}
	return n
}

// String names the term as people do: "spring 2025-26".
func (t Term) String() string { return t.Name + " " + t.Year }

// Terms is a school calendar: terms in date order.
type Terms []Term

// FromYears lists the terms of a calendar as records write it, skipping
// terms whose dates do not parse (ect validate reports those).
func FromYears(years []record.Year) Terms {
	var out Terms
	for _, y := range years {
		for i, td := range [3]record.TermDates{y.Autumn, y.Spring, y.Summer} {
			s, ok1 := td.Start.Time()
			e, ok2 := td.End.Time()
			if ok1 && ok2 && !e.Before(s) {
				t := Term{Year: y.Year, Name: TermNames[i], Start: s, End: e}
				if h := td.HalfTerm; h != nil {
					hs, ok1 := h.Start.Time()
					he, ok2 := h.End.Time()
					if ok1 && ok2 && !he.Before(hs) {
						t.HalfStart, t.HalfEnd = hs, he
					}
				}
				out = append(out, t)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

// Merge returns the body's years with a school's own dates for the years it
// lists (a school may differ, e.g. an academy with its own holidays).
func Merge(body, school []record.Year) []record.Year {
	if len(school) == 0 {
		return body
	}
	own := map[string]record.Year{}
	for _, y := range school {
		own[y.Year] = y
	}
	out := make([]record.Year, 0, len(body)+len(school))
	for _, y := range body {
		if o, ok := own[y.Year]; ok {
			out = append(out, o)
			delete(own, y.Year)
			continue
		}
		out = append(out, y)
	}
	for _, y := range school {
		if _, ok := own[y.Year]; ok {
			out = append(out, y)
		}
	}
	return out
}

// Index returns the index of the term a date falls in; a date in a holiday
// belongs to the term before it. ok is false before the first term or after
// the last one ends.
func (ts Terms) Index(d time.Time) (int, bool) {
	i := sort.Search(len(ts), func(i int) bool { return ts[i].Start.After(d) }) - 1
	if i < 0 {
		return 0, false
	}
	if d.After(ts[i].End) && i == len(ts)-1 {
		return i, false
	}
	return i, true
}

// SchoolDays counts the weekdays from a to b inclusive that fall in a term
// and outside its half term (bank holidays in term time count: the school
// year is what matters here, not the working week).
func (ts Terms) SchoolDays(a, b time.Time) int {
	n := 0
	for _, t := range ts {
		n += t.SchoolDays(a, b)
	}
	return n
}

// Term returns the term d falls in (half term included), and false when d
// is in a holiday between terms or outside the calendar.
func (ts Terms) Term(d time.Time) (Term, bool) {
	i := sort.Search(len(ts), func(i int) bool { return ts[i].Start.After(d) }) - 1
	if i < 0 || d.After(ts[i].End) {
		return Term{}, false
	}
	return ts[i], true
}

// IsSchoolDay reports whether d is a school day of the calendar: a weekday
// in a term, outside its half term.
func (ts Terms) IsSchoolDay(d time.Time) bool {
	t, ok := ts.Term(d)
	return ok && t.IsSchoolDay(d)
}

// AddSchoolDays returns the date n school days after d (n ≥ 0), skipping
// half terms, and false when the calendar ends first.
func (ts Terms) AddSchoolDays(d time.Time, n int) (time.Time, bool) {
	return ts.AddDays(d, n, func(time.Time) bool { return true })
}

// AddDays returns the date n days after d (n ≥ 0) that are school days
// (outside half terms) on which due is true, and false when the calendar
// ends first: an ECT's extension for absence runs over the days they are
// due to work (SG 3.6).
func (ts Terms) AddDays(d time.Time, n int, due func(time.Time) bool) (time.Time, bool) {
	for _, t := range ts {
		if t.End.Before(d) {
			continue
		}
		s := Later(t.Start, d.AddDate(0, 0, 1))
		if n == 0 {
			return d, true
		}
		for day := s; !day.After(t.End); day = day.AddDate(0, 0, 1) {
			if t.IsSchoolDay(day) && due(day) {
				n--
				if n == 0 {
					return day, true
				}
			}
		}
		d = t.End
	}
	return time.Time{}, false
}

// Weekdays counts the weekdays (Monday to Friday) from a to b inclusive.
func Weekdays(a, b time.Time) int {
	if b.Before(a) {
		return 0
	}
	days := int(b.Sub(a).Hours()/24+0.5) + 1
	n := days / 7 * 5
	w := int(a.Weekday())
	for i := range days % 7 {
		if d := (w + i) % 7; d != int(time.Saturday) && d != int(time.Sunday) {
			n++
		}
	}
	return n
}

// IsWeekday reports whether d is Monday to Friday.
func IsWeekday(d time.Time) bool { return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday }

// SchoolYearStart returns the first day of the school year day falls in:
// 1 September 2026 for every day from then to 31 August 2027.
func SchoolYearStart(day time.Time) time.Time {
	y := day.Year()
	if day.Month() < time.September {
		y--
	}
	return Day(y, time.September, 1)
}

// SchoolYear names the school year day falls in, as term dates do:
// "2026-27" for every day from 1 September 2026 to 31 August 2027.
func SchoolYear(day time.Time) string {
	y := SchoolYearStart(day).Year()
	return fmt.Sprintf("%d-%02d", y, (y+1)%100)
}

// Later returns the later of two dates.
func Later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Earlier returns the earlier of two dates.
func Earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

//go:embed extra-holidays.txt
var extraHolidays string

// Holidays are England and Wales bank holidays: the observed dates from
// github.com/rickar/cal/v2/gb plus the one-offs in extra-holidays.txt. A
// Holidays is read-only once made, so safe to share.
type Holidays struct {
	days map[int64]string // by dayNumber
}

// dayNumber numbers days from 1970-01-01, a cheap map key.
func dayNumber(d time.Time) int64 { return d.Unix() / 86400 }

// BankHolidaysFor returns the bank holidays of the years a calendar covers,
// with a year's margin before and two after for deadlines that run on.
func BankHolidaysFor(ts Terms) (*Holidays, error) {
	if len(ts) == 0 {
		return BankHolidays(2000, 2040)
	}
	return BankHolidays(ts[0].Start.Year()-1, ts[len(ts)-1].End.Year()+2)
}

// BankHolidays returns the bank holidays of the years from first to last.
func BankHolidays(first, last int) (*Holidays, error) {
	h := &Holidays{days: map[int64]string{}}
	for y := first; y <= last; y++ {
		for _, hol := range gb.Holidays {
			_, observed := hol.Calc(y)
			if !observed.IsZero() && hol.Name != "" {
				d := Day(observed.Year(), observed.Month(), observed.Day())
				h.days[dayNumber(d)] = hol.Name
			}
		}
	}
	sc := bufio.NewScanner(strings.NewReader(extraHolidays))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		date, name, _ := strings.Cut(line, " ")
		d, err := time.Parse(time.DateOnly, date)
		if err != nil {
			return nil, fmt.Errorf("extra-holidays.txt:%d: %q is not a date (YYYY-MM-DD)", n, date)
		}
		h.days[dayNumber(d)] = strings.TrimSpace(name)
	}
	return h, nil
}

// Name returns the bank holiday on a date, or "".
func (h *Holidays) Name(d time.Time) string { return h.days[dayNumber(d)] }

// IsWorkingDay reports whether d is a working day: Monday to Friday, and
// not a bank holiday in England and Wales (Christmas Day and Good Friday
// included).
func (h *Holidays) IsWorkingDay(d time.Time) bool { return IsWeekday(d) && h.days[dayNumber(d)] == "" }

// AddWorkingDays returns the date n working days after d, not counting d:
// 10 working days after 18 December 2026 is 6 January 2027. Statutory time
// limits count from d itself: use Within for those.
func (h *Holidays) AddWorkingDays(d time.Time, n int) time.Time {
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if h.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// Within returns the last day of a time limit of n working days
// "beginning with" d, as the induction regulations count every one of
// theirs (Reg. 11(3), (4), (5), (7); Sch. 3 para. 2): d is day 1 when it is
// a working day, so "within 10 working days beginning with Friday 18
// December 2026" ends on Tuesday 5 January 2027. When d is not a working
// day, day 1 is the next working day. The regulations do not define
// "working day" (Reg. 3 defines other words only); it is read in its
// ordinary sense, as IsWorkingDay does. n ≤ 0 gives d.
func (h *Holidays) Within(d time.Time, n int) time.Time {
	if n <= 0 {
		return d
	}
	return h.AddWorkingDays(d.AddDate(0, 0, -1), n)
}

// WorkingDays counts the working days from a to b inclusive: the day of a
// time limit that b is, counting a as day 1 (0 when b is before a).
func (h *Holidays) WorkingDays(a, b time.Time) int {
	n := 0
	for d := a; !d.After(b); d = d.AddDate(0, 0, 1) {
		if h.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// SubWorkingDays returns the date n working days before d.
func (h *Holidays) SubWorkingDays(d time.Time, n int) time.Time {
	for n > 0 {
		d = d.AddDate(0, 0, -1)
		if h.IsWorkingDay(d) {
			n--
		}
	}
	return d
}
