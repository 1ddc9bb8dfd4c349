package rules

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
)

// Rule names for the time an ECT's periods count.
const (
	RuleSupplyLimit = "supply-limit" // short-term supply more than 5 years after QTS
	RuleLeadPost    = "lead-post"    // posts held at the same time without one lead
)

// termsSlack is how far a period's recorded terms may be from what its
// dates and FTE give: records written to 1 dp before the exact figure was
// kept (SG 2.34 footnote) stay within it.
const termsSlack = 0.05

// checkTime checks what each period counts, then the schedule worked out
// from the periods when their terms agree with their dates: each period is
// measured once for both.
func checkTime(c *shared, r *reporter, e *record.ECT) {
	if checkPeriodTime(c, r, e) {
		checkSchedule(c, r, e)
	}
}

// checkPeriodTime: what each ended period counts (SG 2.33-2.34): less than
// one term in post counts 0, and otherwise the terms recorded are what the
// dates and the FTE give; short-term supply within 5 years of QTS only
// (SG 2.14, 2.17); posts held at the same time have one lead (SG 3.14-3.16).
// termsOK is false when a period's terms: do not agree with its dates, or a
// post held alongside a lead lasts less than a term (SG 3.16): a schedule
// from such periods would mislead.
func checkPeriodTime(c *shared, r *reporter, e *record.ECT) (termsOK bool) {
	f, ps := e.File, e.Periods
	qts, qtsOK := e.QTSDate.Time()
	termsOK = true
	for i, pd := range ps {
		t := measure(c, e, i)
		if t.problem != "" || t.short && schedule.Alongside(ps, i) {
			termsOK = false
		}
		if t.problem != "" {
			r.errorf(f, p("periods", i, "terms"), RulePeriodTerms, "%s", t.problem)
		}
		// Short-term supply: less than one term, within five years of QTS,
		// or alongside a part-time induction post after them.
		end, ended := pd.End.Time()
		if pd.Supply && ended && qtsOK && (t.short || pd.Terms != nil && *pd.Terms == 0) {
			limit := qts.AddDate(5, 0, 0) // the five years starting on the day of QTS end the day before
			if !end.Before(limit) && !beside(ps, i) {
				r.errorf(f, p("periods", i, "supply"), RuleSupplyLimit, "short-term supply (less than one term) until %s, but the 5 years from QTS on %s ended on %s: a teacher who has not completed induction may do short-term supply only within 5 years of QTS, a fixed limit (SG 2.14; Sch. 1 para 4), or after them alongside a part-time induction post (SG 2.17; Sch. 1 para 5)", pd.End, e.QTSDate, limit.AddDate(0, 0, -1).Format(time.DateOnly))
			}
		}
		checkLead(r, e, i, t.short)
	}
	return termsOK
}

// periodTime is what an ended period counts, measured on its calendar.
type periodTime struct {
	short   bool   // less than one term in post (SG 2.33)
	problem string // what is wrong with its terms:, or ""
}

// measure works out what period i counts and whether its terms: agree.
func measure(c *shared, e *record.ECT, i int) periodTime {
	ps, pd := e.Periods, e.Periods[i]
	alongside := schedule.Alongside(ps, i)
	var out periodTime
	var m schedule.Measure
	measured := false
	if terms, known := periodCalendar(c, e, pd); known {
		m, measured = schedule.MeasurePeriod(ps, i, terms)
	}
	out.short = measured && m.Short()
	switch {
	case alongside && pd.Terms != nil:
		out.problem = "this post is held alongside the lead post, whose headteacher records the terms of every post held at the same time (SG 3.16): remove terms: here and count them in the lead period's"
	case pd.Terms == nil || !measured:
	case out.short && *pd.Terms > 0:
		what := "the period"
		if pd.Supply {
			what = "short-term supply"
		}
		out.problem = fmt.Sprintf("terms: %g, but %s from %s to %s lasted less than one term (%.2f of a term in post): it does not count towards induction (SG 2.33; SG 2.14 for supply): write terms: 0", *pd.Terms, what, pd.Start, pd.End, m.InPost)
	case !out.short && math.Abs(*pd.Terms-m.Terms) > termsSlack+1e-9:
		out.problem = fmt.Sprintf("terms: %g, but from %s to %s the dates and the FTE give %.2f FTE terms (school days of the term dates, outside half terms, times the FTE%s): record the exact length served, terms: %.2f (SG 2.33-2.34)", *pd.Terms, pd.Start, pd.End, m.Terms, leadNote(pd), m.Terms)
	}
	return out
}

// checkLead: of posts held at the same time, one is the lead (SG 3.14;
// Reg. 10(2)); a post held alongside it lies within it, since the lead
// headteacher records both (SG 3.16), and lasts a term or more to count
// (SG 3.16, 2.33); the posts add up to no more than full time (SG 3.16);
// the decision is recorded on the lead period (SG 3.15).
// short says the period, ended, lasted less than a term.
func checkLead(r *reporter, e *record.ECT, i int, short bool) {
	f, ps, pd := e.File, e.Periods, e.Periods[i]
	if pd.Lead {
		others := 0
		for j := range ps {
			if j == i || schedule.ShortSupply(ps[j]) || !schedule.Overlap(ps[i], ps[j]) {
				continue
			}
			others++
			if ps[j].Lead && j < i {
				r.errorf(f, p("periods", i, "lead"), RuleLeadPost, "this period and the one from %s are both marked lead: true: of posts held at the same time, one headteacher leads induction (SG 3.14; Reg. 10(2))", ps[j].Start)
			}
		}
		if fte, on := schedule.CombinedFTE(ps, i); others > 0 && fte > 1+1e-9 {
			r.errorf(f, p("periods", i, "fte"), RuleLeadPost, "the posts held at the same time add up to %s FTE from %s, more than full time: the separate contracts are added together (SG 3.16), so check each post's fte: and its fte_changes:", strconv.FormatFloat(fte, 'f', -1, 64), on.Format(time.DateOnly))
		}
		if others == 0 && !schedule.ShortSupply(pd) {
			r.warnf(f, p("periods", i, "lead"), RuleLeadPost, "lead: true, but no other post is held at the same time: the lead is for induction served in more than one institution at once (SG 3.14); remove it")
		}
	}
	if !schedule.Alongside(ps, i) {
		return
	}
	for _, q := range ps {
		if !q.Lead || !schedule.Overlap(pd, q) {
			continue
		}
		if pd.Start < q.Start || q.End != "" && (pd.End == "" || pd.End > q.End) {
			r.errorf(f, p("periods", i, "start"), RuleLeadPost, "this post (%s to %s) is held alongside the lead post (%s to %s), whose headteacher records the time of both (SG 3.16): it must lie within the lead period; split the lead period, or end this one by %s", pd.Start, orOpen(pd.End), q.Start, orOpen(q.End), orOpen(q.End))
		}
		break
	}
	if pd.Outcome != nil {
		r.errorf(f, p("periods", i, "outcome"), RuleLeadPost, "this post is held alongside the lead post: one appropriate body decides, on the lead headteacher's recommendation (SG 3.15), so the outcome is recorded on the lead period")
	}
	if short {
		r.errorf(f, p("periods", i, "end"), RuleLeadPost, "this post held alongside the lead post lasted less than one term: each post held at the same time must meet the minimum of one term to count (SG 3.16, 2.33); end the lead: true or remove this period")
	}
}

// beside reports whether short-term supply period i is held alongside a
// part-time induction post (SG 2.17).
func beside(ps []record.Period, i int) bool {
	for j, q := range ps {
		if j != i && !schedule.ShortSupply(q) && !q.Supply && q.FTE < 1 && schedule.Overlap(ps[i], q) {
			return true
		}
	}
	return false
}

// periodCalendar returns the term dates a period was served on: those of
// the ECT's school, or of another school in these records; false for a
// school outside them, whose dates the AB judges (SG 2.31).
func periodCalendar(c *shared, e *record.ECT, pd record.Period) (calendar.Terms, bool) {
	s := e.School
	if pd.School != 0 && (s == nil || pd.School != s.URN) {
		s = nil
		for _, o := range c.b.Schools {
			if o.URN == pd.School {
				s = o
			}
		}
	}
	if s == nil || !c.calendarOK[s] {
		return nil, false
	}
	return c.terms[s], true
}

// leadNote says, for a lead period, that its FTE includes the posts held
// alongside it.
func leadNote(pd record.Period) string {
	if pd.Lead {
		return ", with the posts held alongside it (SG 3.16)"
	}
	return ""
}
