// Package status builds the dashboard users ask for first — "ECT reports
// that need completing" and each ECT's induction summary — from the
// schedules of a book, and prints it as a table, JSON or CSV.
package status

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
)

// Filter picks the ECTs to show; empty fields match everything.
type Filter struct {
	Tutor  string // staff id of the induction tutor
	School int    // URN
	TRN    string
	// All lists every report filed, the done ones too ("reviewed by
	// AB", "decided by AB"), not only those that need completing.
	All bool
}

func (f Filter) match(e *record.ECT) bool {
	return (f.Tutor == "" || e.Tutor == f.Tutor) &&
		(f.School == 0 || e.School != nil && e.School.URN == f.School) &&
		(f.TRN == "" || e.TRN == f.TRN)
}

// Board is the dashboard on one day.
type Board struct {
	Body    string      `json:"appropriate_body"`
	On      time.Time   `json:"on"`
	Reports []Row       `json:"reports"`
	ECTs    []Induction `json:"ects"`
	// Summaries are the ECTs' whole schedules, by TRN, for pages that show
	// every report (the portal's timeline).
	Summaries map[string]*schedule.Summary `json:"-"`
	// All: Reports holds every report filed (Filter.All).
	All bool `json:"-"`
}

// Row is one report that needs completing (or is with the AB).
type Row struct {
	TRN        string          `json:"trn"`
	Name       string          `json:"name"`
	School     string          `json:"school"`
	Tutor      string          `json:"tutor"`
	Report     string          `json:"report"`
	Term       int             `json:"term"`
	SchoolTerm string          `json:"school_term"`
	State      schedule.State  `json:"status"`
	Due        string          `json:"due"`
	File       string          `json:"file,omitempty"`
	Signed     map[string]bool `json:"signed"`
	// NotProven lists the roles ("ab": the AB's review) whose entry is in
	// the report but not proven from Git; Signed says false for them.
	NotProven []string `json:"not_proven,omitempty"`
	needsHead bool
}

// Induction is one ECT's induction summary.
type Induction struct {
	TRN         string  `json:"trn"`
	Name        string  `json:"name"`
	School      string  `json:"school"`
	Tutor       string  `json:"tutor"`
	Served      float64 `json:"terms_served"`
	Required    float64 `json:"terms_required"`
	Remaining   float64 `json:"terms_remaining"`
	OnTrack     *bool   `json:"on_track,omitempty"`
	ExpectedEnd string  `json:"expected_end,omitempty"`
	Status      string  `json:"status"`
	Next        string  `json:"next_report,omitempty"`
}

// shown are the states listed as needing attention, most urgent first.
var urgency = map[schedule.State]int{
	schedule.NotProven: 0, schedule.Overdue: 1, schedule.Returned: 2, schedule.Due: 3, schedule.ECTToComment: 4,
	schedule.NeedsSignatures: 5, schedule.Submitted: 6,
}

// rank orders the rows: by urgency, then (Filter.All) the done ones.
func rank(s schedule.State) int {
	if u, ok := urgency[s]; ok {
		return u
	}
	return len(urgency) + int(s)
}

// Build works out the board for the ECTs that match the filter; proof,
// when set, says which signatures the Git history does not prove (their
// reports are then "signatures not proven").
func Build(b *record.Book, on time.Time, f Filter, proof schedule.ProofFunc) (*Board, error) {
	board := &Board{On: on, Reports: []Row{}, ECTs: []Induction{}, Summaries: map[string]*schedule.Summary{}, All: f.All}
	if b.Body == nil {
		return board, nil
	}
	board.Body = b.Body.Name
	envs := map[*record.School]schedule.Env{}
	hol, err := calendar.BankHolidaysFor(calendar.FromYears(b.Body.Calendar))
	if err != nil {
		return nil, err
	}
	pol := schedule.PolicyOf(b.Body)
	var ects []*record.ECT
	for _, e := range b.ECTs {
		if !f.match(e) {
			continue
		}
		if _, ok := envs[e.School]; !ok {
			envs[e.School] = schedule.Env{Terms: calendar.FromYears(calendar.Merge(b.Body.Calendar, e.School.Calendar)), Holidays: hol, Policy: pol, Today: on, Proof: proof}
		}
		ects = append(ects, e)
	}
	// Schedules are independent: work them out on every core.
	summaries := make([]*schedule.Summary, len(ects))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(ects); i = int(next.Add(1)) - 1 {
				summaries[i] = schedule.ForECT(ects[i], envs[ects[i].School])
			}
		})
	}
	wg.Wait()
	for i, s := range summaries {
		e := ects[i]
		board.Summaries[e.TRN] = s
		board.ECTs = append(board.ECTs, summarise(s, on))
		for _, x := range s.Reports {
			if _, listed := urgency[x.State]; !listed && !(f.All && x.Report != nil) {
				continue
			}
			row := Row{TRN: e.TRN, Name: e.Name, School: e.School.Name, Tutor: e.Tutor, Report: x.Label(), Term: x.Number,
				SchoolTerm: x.Term.String(), State: x.State, Due: x.Due.Format(time.DateOnly), Signed: map[string]bool{},
				needsHead: x.Kind == record.KindFormalAssessment}
			if x.Report != nil {
				row.File = x.Report.Path()
			}
			for _, r := range x.Signed {
				row.Signed[r] = true
			}
			for _, r := range x.Unsigned {
				row.Signed[r] = false
			}
			for _, r := range x.Unproven {
				row.NotProven = append(row.NotProven, r)
				if r != string(record.RoleAB) {
					row.Signed[r] = false
				}
			}
			board.Reports = append(board.Reports, row)
		}
	}
	slices.SortFunc(board.Reports, func(a, b Row) int {
		return cmp.Or(cmp.Compare(rank(a.State), rank(b.State)), cmp.Compare(a.Due, b.Due),
			cmp.Compare(a.Name, b.Name), cmp.Compare(a.TRN, b.TRN), cmp.Compare(a.Term, b.Term))
	})
	return board, nil
}

func summarise(s *schedule.Summary, on time.Time) Induction {
	e := s.ECT
	in := Induction{TRN: e.TRN, Name: e.Name, School: e.School.Name, Tutor: e.Tutor,
		Served: s.Served, Required: s.Required, Remaining: s.Remaining}
	if !s.ExpectedEnd.IsZero() {
		in.ExpectedEnd = s.ExpectedEnd.Format(time.DateOnly)
	}
	for _, x := range s.Reports {
		if x.Report != nil && x.Report.OnTrack != nil {
			in.OnTrack = x.Report.OnTrack
		}
		if in.Next == "" && !x.State.Done() && x.State != schedule.Returned {
			in.Next = x.Label() + " due " + x.Due.Format(time.DateOnly)
		}
	}
	switch {
	case s.Outcome != nil:
		in.Status = s.Outcome.Words()
		in.Next = ""
	case s.Left:
		in.Status = "left"
	case len(e.Extensions) > 0:
		in.Status = "extended"
	default:
		in.Status = "in progress"
	}
	return in
}
