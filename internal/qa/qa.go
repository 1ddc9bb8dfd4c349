// Package qa lists what an appropriate body checks in its quality
// assurance: reports late or unsigned, ECTs not on track without a
// support plan shared with the AB, entitlements not met (an ECT not
// observed in a half term, not observing experienced teachers in a term,
// a timetable above 90% in year 1 or 95% in year 2, a report saying so),
// mentor meetings not regular or not recorded, reports returned and not
// resubmitted, the AB's own decisions and notices due, school-led
// programmes without a fidelity check, and records at or near the end of
// their retention period; and draws the reproducible, concern-weighted
// sample of schools to visit.
package qa

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
	"github.com/ectdocs/ectdocs/internal/status"
)

// Finding is one thing the AB should look at.
type Finding struct {
	Check  string `json:"check"` // not-proven, late, unsigned, not-on-track, entitlements, mentoring, returned, decision, fidelity, retention
	TRN    string `json:"trn"`
	ECT    string `json:"ect"`
	School string `json:"school"`
	URN    int    `json:"urn"`
	Detail string `json:"detail"`
	File   string `json:"file,omitempty"`
}

// Result is the quality-assurance list and the sample of schools.
type Result struct {
	On       string    `json:"on"`
	Findings []Finding `json:"findings"`
	// Sample is the schools to visit, by URN, with why each weighs.
	Sample []Visit `json:"sample,omitempty"`
}

// Visit is a school in the sample.
type Visit struct {
	URN      int    `json:"urn"`
	School   string `json:"school"`
	Concerns int    `json:"concerns"`
}

// Check lists the findings for the book on a day.
func Check(book *record.Book, board *status.Board, on time.Time) *Result {
	res := &Result{On: on.Format(time.DateOnly), Findings: []Finding{}}
	add := func(check string, e *record.ECT, detail, file string) {
		res.Findings = append(res.Findings, Finding{Check: check, TRN: e.TRN, ECT: e.Name, School: e.School.Name, URN: e.School.URN, Detail: detail, File: file})
	}
	calendars := map[*record.School]calendar.Terms{}
	var holidays *calendar.Holidays
	if book.Body != nil {
		// A malformed extra-holidays.txt only fails its own tests.
		holidays, _ = calendar.BankHolidaysFor(calendar.FromYears(book.Body.Calendar))
	}
	for _, e := range book.ECTs {
		sum := board.Summaries[e.TRN]
		if sum == nil {
			continue
		}
		terms, ok := calendars[e.School]
		if !ok && book.Body != nil {
			terms = calendar.FromYears(calendar.Merge(book.Body.Calendar, e.School.Calendar))
			calendars[e.School] = terms
		}
		for _, x := range sum.Reports {
			file := ""
			if x.Report != nil {
				file = x.Report.Doc.Path
			}
			switch x.State {
			case schedule.Overdue:
				add("late", e, fmt.Sprintf("%s for %s was due %s", x.Label(), x.Term, x.Due.Format(time.DateOnly)), file)
			case schedule.NeedsSignatures:
				if on.After(x.Due) {
					add("unsigned", e, fmt.Sprintf("%s for %s, due %s, still needs: %v", x.Label(), x.Term, x.Due.Format(time.DateOnly), x.Unsigned), file)
				}
			case schedule.Returned:
				add("returned", e, fmt.Sprintf("%s for %s was returned by the AB and not yet resubmitted", x.Label(), x.Term), file)
			case schedule.NotProven:
				add("not-proven", e, fmt.Sprintf("%s for %s is signed, but Git does not prove the signature of: %s (ect validate says why)", x.Label(), x.Term, strings.Join(x.Unproven, ", ")), file)
			}
			if r := x.Report; r != nil && (r.EntitlementsMet != nil && !*r.EntitlementsMet || r.ProgrammeAccessed != nil && !*r.ProgrammeAccessed) {
				add("entitlements", e, fmt.Sprintf("%s for %s says the entitlements were not met: %s", x.Label(), x.Term, r.EntitlementsExplanation), file)
			}
		}
		if onTrack := lastOnTrack(sum); onTrack != nil && !*onTrack && !planShared(e) {
			add("not-on-track", e, "not on track, and no support plan has been shared with the AB", e.Doc.Path)
		}
		if halves := unobserved(e, sum, on); len(halves) > 0 {
			add("entitlements", e, fmt.Sprintf("no lesson observation recorded in %d half term(s): %s", len(halves), strings.Join(halves, ", ")), e.Doc.Path)
		}
		if over := timetable(e, sum, on); len(over) > 0 {
			add("entitlements", e, "timetable above the most allowed: "+strings.Join(over, "; "), e.Doc.Path)
		}
		logFile := e.Doc.Path
		if e.Mentoring != nil {
			logFile = e.Mentoring.Doc.Path
		}
		if missed := notObserving(e, terms, on); len(missed) > 0 {
			add("entitlements", e, fmt.Sprintf("no lesson of an experienced teacher observed in %s: %s", diag.Plural(len(missed), "term"), strings.Join(missed, ", ")), logFile)
		}
		if detail := mentoring(e, sum, terms, on); detail != "" {
			add("mentoring", e, detail, logFile)
		}
		for _, o := range decisions(e, holidays, terms, on) {
			add("decision", e, o.detail, o.file)
		}
		if detail := fidelity(e, on); detail != "" {
			add("fidelity", e, detail, e.School.Doc.Path)
		}
		if detail := retention(e, book.Body.Retention(), on); detail != "" {
			add("retention", e, detail, e.Doc.Path)
		}
	}
	return res
}

func lastOnTrack(sum *schedule.Summary) *bool {
	var v *bool
	for _, x := range sum.Reports {
		if x.Report != nil && x.Report.OnTrack != nil {
			v = x.Report.OnTrack
		}
	}
	return v
}

func planShared(e *record.ECT) bool {
	return slices.ContainsFunc(e.SupportPlans, func(p *record.SupportPlan) bool { return p.SharedWithAB != "" })
}

// unobserved lists the completed half terms of the ECT's induction with no
// observation (each term split at its middle).
func unobserved(e *record.ECT, sum *schedule.Summary, on time.Time) []string {
	var out []string
	for _, x := range sum.Reports {
		t := x.Term
		if t.Start.IsZero() || t.End.After(on) || t.Start.Before(x.From) && t.End.Before(x.From) {
			continue
		}
		mid := t.Start.Add(t.End.Sub(t.Start) / 2)
		for i, half := range [][2]time.Time{{calendar.Later(t.Start, x.From), mid}, {mid.AddDate(0, 0, 1), calendar.Earlier(t.End, x.To)}} {
			if half[1].Before(half[0]) {
				continue
			}
			seen := slices.ContainsFunc(e.Observations, func(o *record.Observation) bool {
				d, ok := o.Date.Time()
				return ok && !d.Before(half[0]) && !d.After(half[1])
			})
			if !seen {
				out = append(out, fmt.Sprintf("%s (%s half)", t, [2]string{"first", "second"}[i]))
			}
		}
	}
	return out
}

// Sample draws fraction (0–1) of the schools to visit, weighted towards
// schools with findings (weight 1 + 2 × findings), reproducibly: the same
// academic year always gives the same sample of the same schools
// (weighted sampling without replacement, Efraimidis–Spirakis, seeded by
// the year).
func Sample(schools []*record.School, findings []Finding, year string, fraction float64) []Visit {
	concerns := map[int]int{}
	for _, f := range findings {
		concerns[f.URN]++
	}
	h := fnv.New64a()
	h.Write([]byte("ectdocs qa sample " + year))
	rng := rand.New(rand.NewPCG(h.Sum64(), 0x5eed))
	type keyed struct {
		v   Visit
		key float64
	}
	ordered := slices.Clone(schools)
	slices.SortFunc(ordered, func(a, b *record.School) int { return a.URN - b.URN })
	var ks []keyed
	for _, s := range ordered {
		w := 1 + 2*float64(concerns[s.URN])
		u := rng.Float64()
		ks = append(ks, keyed{Visit{s.URN, s.Name, concerns[s.URN]}, math.Pow(u, 1/w)})
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		switch {
		case a.key > b.key:
			return -1
		case a.key < b.key:
			return 1
		}
		return 0
	})
	n := int(math.Ceil(fraction * float64(len(ks))))
	out := make([]Visit, 0, n)
	for _, k := range ks[:min(n, len(ks))] {
		out = append(out, k.v)
	}
	slices.SortFunc(out, func(a, b Visit) int { return a.URN - b.URN })
	return out
}
