// Package clock is the one place ectdocs reads the time. The command line
// makes one Clock when it starts and passes it down; no package below it
// asks the system for the time, so that every test, and every run with
// ECTDOCS_TODAY set, works on a day it chose.
package clock

import (
	"fmt"
	"time"
	_ "time/tzdata" // England's dates on a machine without a zoneinfo database
)

// EnvToday names the environment variable that sets "today" for every
// command that has no --on or --date flag, or is run without one:
// ECTDOCS_TODAY=2026-03-20.
const EnvToday = "ECTDOCS_TODAY"

// England is the time zone whose calendar days the records are kept in.
var England = mustLoad("Europe/London")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is linked in: this cannot fail
	}
	return loc
}

// Clock tells the time: the system's, or the system's moved to another day.
type Clock struct {
	now   func() time.Time
	shift time.Duration // added to the system's time (ECTDOCS_TODAY)
}

// System is the computer's clock.
func System() Clock { return Clock{now: time.Now} }

// Fixed is a clock stopped at t, for tests.
func Fixed(t time.Time) Clock { return Clock{now: func() time.Time { return t }} }

// FromEnv is the system clock, moved to the day getenv(EnvToday) names
// when it is set (at the same time of day in England, so that durations
// still measure real time and today is the day named whatever the hour).
func FromEnv(getenv func(string) string) (Clock, error) {
	return fromEnv(time.Now, getenv)
}

func fromEnv(now func() time.Time, getenv func(string) string) (Clock, error) {
	c := Clock{now: now}
	v := getenv(EnvToday)
	if v == "" {
		return c, nil
	}
	day, err := ParseDay(v)
	if err != nil {
		return c, fmt.Errorf("%s: %w", EnvToday, err)
	}
	// The same wall-clock time in England on the day named: adding the
	// days between would put 23:30 UTC in winter on the next day in
	// summer time.
	t := now().In(England)
	at := time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), England)
	c.shift = at.Sub(t)
	return c, nil
}

// Now returns the current time.
func (c Clock) Now() time.Time {
	if c.now == nil {
		panic("clock: the zero Clock has no time; use clock.System or clock.Fixed")
	}
	return c.now().Add(c.shift)
}

// Today returns the current day in England, as dates in the records are
// read: midnight UTC of that calendar day.
func (c Clock) Today() time.Time { return DayOf(c.Now()) }

// DayOf returns the calendar day in England of an instant, at midnight UTC.
func DayOf(t time.Time) time.Time {
	y, m, d := t.In(England).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDay reads a date written YYYY-MM-DD.
func ParseDay(s string) (time.Time, error) {
	day, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return day, fmt.Errorf("give a date as YYYY-MM-DD, not %q", s)
	}
	return day, nil
}

// Day returns the day a flag gives (YYYY-MM-DD), or today when the flag is
// empty.
func (c Clock) Day(flag string) (time.Time, error) {
	if flag == "" {
		return c.Today(), nil
	}
	return ParseDay(flag)
}
