// Package export writes the CSV files that DfE's "Record inductions as an
// appropriate body" service takes as bulk uploads: claims of new induction
// periods and the outcomes of completed or ended ones. Rows DfE would
// reject are left out and reported, each with its reason and where in the
// records to fix it.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
)

// Rule names the problems that keep a row out of an export.
const Rule = "export"

// The files' headers, as DfE's templates have them.
var (
	ClaimsHeader   = []string{"TRN", "Date of birth", "Induction programme", "Induction period start date"}
	OutcomesHeader = []string{"TRN", "Date of birth", "Induction period end date", "Number of terms", "Outcome"}
)

// Range is the dates an export covers, both included.
type Range struct{ From, To time.Time }

func (r Range) has(d record.Date) bool {
	t, ok := d.Time()
	return ok && !t.Before(r.From) && !t.After(r.To)
}

// Claims returns the claims of the induction periods that started within
// the range, and the problems that kept any out.
func Claims(book *record.Book, r Range, today time.Time) ([][]string, []diag.Diagnostic) {
	var rows [][]string
	var ds []diag.Diagnostic
	for _, e := range book.ECTs {
		if !e.Valid {
			continue
		}
		for i, p := range e.Periods {
			if !r.has(p.Start) || !ours(book, p) {
				continue
			}
			if d := checkPerson(e, today); d != nil {
				ds = append(ds, *d)
				continue
			}
			if t, _ := p.Start.Time(); t.After(today) {
				ds = append(ds, problem(e, []string{"periods", strconv.Itoa(i), "start"}, "the induction period starts on %s, in the future: DfE takes claims for periods that have started", p.Start))
				continue
			}
			rows = append(rows, []string{e.TRN, string(e.DateOfBirth), e.Programme, string(p.Start)})
		}
	}
	return rows, ds
}

// Outcomes returns the outcomes of the induction periods that ended within
// the range: pass or fail where the AB decided, release where the ECT left
// without one, with the FTE terms served; and the problems that kept any
// out.
func Outcomes(book *record.Book, r Range, today time.Time) ([][]string, []diag.Diagnostic) {
	var rows [][]string
	var ds []diag.Diagnostic
	for _, e := range book.ECTs {
		if !e.Valid {
			continue
		}
		for i, p := range e.Periods {
			if !r.has(p.End) || !ours(book, p) {
				continue
			}
			at := func(f string) []string { return []string{"periods", strconv.Itoa(i), f} }
			if d := checkPerson(e, today); d != nil {
				ds = append(ds, *d)
				continue
			}
			outcome := "release"
			if p.Outcome != nil {
				outcome = p.Outcome.Result
			}
			if p.Terms == nil {
				ds = append(ds, problem(e, at("end"), "the period ended on %s but has no terms: write the FTE terms served in it (terms: 2.5)", p.End))
				continue
			}
			if *p.Terms < 0 || *p.Terms > 16 {
				ds = append(ds, problem(e, at("terms"), "%v terms: DfE takes 0 to 16", *p.Terms))
				continue
			}
			end, _ := p.End.Time()
			start, _ := p.Start.Time()
			switch {
			case end.After(today):
				ds = append(ds, problem(e, at("end"), "the period ends on %s, in the future: record the outcome once it has ended", p.End))
				continue
			case end.Before(start):
				ds = append(ds, problem(e, at("end"), "the period ends on %s, before it starts on %s", p.End, p.Start))
				continue
			}
			rows = append(rows, []string{e.TRN, string(e.DateOfBirth), string(p.End), strconv.FormatFloat(schedule.Down1(*p.Terms), 'f', 1, 64), outcome})
		}
	}
	return rows, ds
}

// ours reports whether a period was served with this appropriate body:
// a period with another body (before a transfer) is theirs to report.
func ours(book *record.Book, p record.Period) bool {
	return p.AppropriateBody == "" || book.Body != nil && p.AppropriateBody == book.Body.Name
}

// checkPerson checks what both files need of the ECT.
func checkPerson(e *record.ECT, today time.Time) *diag.Diagnostic {
	dob, ok := e.DateOfBirth.Time()
	switch {
	case e.DateOfBirth == "":
		d := problem(e, []string{"trn"}, "no date_of_birth: DfE matches the TRN with the date of birth")
		return &d
	case !ok:
		d := problem(e, []string{"date_of_birth"}, "date_of_birth %q is not a date", e.DateOfBirth)
		return &d
	case dob.AddDate(18, 0, 0).After(today) || dob.AddDate(100, 0, 0).Before(today):
		d := problem(e, []string{"date_of_birth"}, "date_of_birth %s would make the ECT under 18 or over 100: DfE rejects it", e.DateOfBirth)
		return &d
	}
	return nil
}

func problem(e *record.ECT, path []string, format string, args ...any) diag.Diagnostic {
	return diag.Errorf(e.Doc.Locate(path, false), Rule, "not exported: "+format, args...)
}

// Write writes a header and rows as CSV, CRLF line ends as DfE's
// templates have them.
func Write(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}
