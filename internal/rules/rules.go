// Package rules checks what a schema cannot: the statutory rules of
// induction and the links between records (people, roles, paths, dates).
// Each check has a rule name that appears in its diagnostics and in
// docs/rules.md.
package rules

import (
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/record"
)

// bookChecks are the rules over the whole book.
var bookChecks = []func(b *record.Book, r *reporter){
	checkLayout,
	checkBody,
	checkSchools,
	checkLogins,
}

// ectChecks are the rules over one ECT and their records; they only read
// the book, so ECTs are checked in parallel.
var ectChecks = []func(c *shared, r *reporter, e *record.ECT){
	checkECT,
	checkTime,
	checkReports,
	checkObservations,
	checkSupportPlans,
	checkMentoring,
	checkExtraQuestions,
	checkDecisions,
}

// shared is what the per-ECT rules share, worked out once.
type shared struct {
	b          *record.Book
	calendarOK map[*record.School]bool // the school's calendar has no errors
	terms      map[*record.School]calendar.Terms
	holidays   *calendar.Holidays
	today      time.Time // for the schedule
	dueBy      time.Time // the day due dates are checked on; zero for none
}

// Options says which day the records are checked on.
type Options struct {
	// Today is the day the records are checked on (the schedule's "now";
	// nothing recorded as done, such as a mentor meeting, may be later).
	// It is required: the caller's clock gives it.
	Today time.Time
	// DueBy, when not zero, adds the rules about reports due by that day
	// (rule "overdue").
	DueBy time.Time
}

// Check runs every rule over a loaded book and returns the diagnostics, in
// no particular order (diag.Sort orders them).
func Check(b *record.Book, opt Options) []diag.Diagnostic {
	if opt.Today.IsZero() {
		panic("rules.Check: no day to check on (Options.Today)")
	}
	r := &reporter{}
	for _, check := range bookChecks {
		check(b, r)
	}
	c := &shared{b: b, calendarOK: map[*record.School]bool{}, terms: map[*record.School]calendar.Terms{}, today: opt.Today, dueBy: opt.DueBy}
	if b.Body != nil {
		// Only a malformed extra-holidays.txt, caught by its tests, fails.
		c.holidays, _ = calendar.BankHolidaysFor(calendar.FromYears(b.Body.Calendar))
	}
	for _, s := range b.Schools {
		c.calendarOK[s] = b.Body != nil && calendarOK(b.Body, s)
		if b.Body != nil {
			c.terms[s] = calendar.FromYears(calendar.Merge(b.Body.Calendar, s.Calendar))
		}
	}
	var next atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			own := &reporter{}
			for {
				i := int(next.Add(1)) - 1
				if i >= len(b.ECTs) {
					break
				}
				if b.ECTs[i].ProfileOnly {
					continue // only its ect.md was read: its book-wide rules ran
				}
				for _, check := range ectChecks {
					check(c, own, b.ECTs[i])
				}
			}
			mu.Lock()
			r.out = append(r.out, own.out...)
			mu.Unlock()
		})
	}
	wg.Wait()
	return r.out
}

type reporter struct {
	out []diag.Diagnostic
}

// errorf reports an error at the value found at path in f's front matter.
func (r *reporter) errorf(f *record.File, path []string, rule, format string, args ...any) {
	if f.Failed(path) {
		return
	}
	r.out = append(r.out, diag.Errorf(f.Doc.Locate(path, false), rule, format, args...))
}

// warnf reports a warning at the value found at path in f's front matter.
func (r *reporter) warnf(f *record.File, path []string, rule, format string, args ...any) {
	if f.Failed(path) {
		return
	}
	r.out = append(r.out, diag.Warnf(f.Doc.Locate(path, false), rule, format, args...))
}

// errorAt reports an error at a given position.
func (r *reporter) errorAt(pos diag.Position, rule, format string, args ...any) {
	r.out = append(r.out, diag.Errorf(pos, rule, format, args...))
}

// p builds a front-matter path from field names and list indexes.
func p(parts ...any) []string {
	out := make([]string, len(parts))
	for i, x := range parts {
		switch v := x.(type) {
		case string:
			out[i] = v
		case int:
			out[i] = strconv.Itoa(v)
		}
	}
	return out
}

// errAtKey makes an error at the field name found at path.
func errAtKey(f *record.File, path []string, rule, msg string) diag.Diagnostic {
	return diag.Errorf(f.Doc.Locate(path, true), rule, "%s", msg)
}
