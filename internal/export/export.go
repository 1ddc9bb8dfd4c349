// Package export writes the CSV files that DfE's Register early career
// teachers service takes from appropriate bodies as bulk uploads (from
// the 2026-27 registration period it replaces "Record inductions as an
// appropriate body"): claims of new induction periods ("Upload a CSV to
// claim multiple new ECTs") and the outcomes of completed or ended ones
// ("Upload a CSV to record outcomes for multiple ECTs"). The files follow
// DfE's templates exactly (testdata/ keeps a copy of each, with its
// source). Rows DfE would reject are left out and reported, each with its
// reason and where in the records to fix it.
package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
)

// Rule names the problems that keep a row out of an export.
const Rule = "export"

// The files' headers, as DfE's templates have them
// (public/bulk-claims-template.csv and public/bulk-actions-template.csv of
// DFE-Digital/register-early-career-teachers-public).
var (
	ClaimsHeader   = []string{"TRN", "Date of birth", "Induction programme", "Induction period start date"}
	OutcomesHeader = []string{"TRN", "Date of birth", "Induction period end date", "Number of terms", "Outcome"}
)

// ECFRollout is the day before the first induction period DfE's service
// takes a claim for: it rejects a start date on or before 1 September
// 2021 ("Induction start date must be after 1 September 2021").
var ECFRollout = time.Date(2021, 9, 1, 0, 0, 0, 0, time.UTC)

// The outcomes DfE's bulk upload takes. A fail cannot be uploaded: DfE
// records it on the ECT's own page of the service.
const (
	OutcomePass    = record.ResultPass
	OutcomeRelease = "release"
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
	return collect(book, r, today, "claim", "start", func(e *record.ECT, at func(string) []string, p record.Period) ([]string, *diag.Diagnostic) {
		switch t, _ := p.Start.Time(); {
		case t.After(today):
			return nil, problemAt(e, at("start"), "the induction period starts on %s, in the future: DfE takes claims for periods that have started", p.Start)
		case !t.After(ECFRollout):
			return nil, problemAt(e, at("start"), "the induction period starts on %s: DfE's service takes claims of periods that start after 1 September 2021", p.Start)
		case e.Programme != record.ProviderLed && e.Programme != record.SchoolLed:
			return nil, problemAt(e, []string{"programme"}, "programme %q: DfE takes provider-led or school-led", e.Programme)
		}
		return []string{e.TRN, string(e.DateOfBirth), e.Programme.Words(), string(p.Start)}, nil
	})
}

// Outcomes returns the outcomes of the induction periods that ended within
// the range: pass where the AB decided it, release where the ECT left
// without an outcome, with the FTE terms served; and the problems that
// kept any out (a fail among them: DfE's bulk upload does not take it).
func Outcomes(book *record.Book, r Range, today time.Time) ([][]string, []diag.Diagnostic) {
	return collect(book, r, today, "outcome", "end", func(e *record.ECT, at func(string) []string, p record.Period) ([]string, *diag.Diagnostic) {
		outcome := OutcomeRelease
		if p.Outcome != nil {
			outcome = p.Outcome.Result
		}
		end, _ := p.End.Time()
		start, _ := p.Start.Time()
		switch {
		case outcome != OutcomePass && outcome != OutcomeRelease:
			return nil, problemAt(e, at("outcome"), "outcome %s: DfE's bulk upload takes pass or release only; record a fail on the ECT's own page of the Register early career teachers service", outcome)
		case p.Terms == nil:
			return nil, problemAt(e, at("end"), "the period ended on %s but has no terms: write the FTE terms served in it (terms: 2.5)", p.End)
		case *p.Terms < 0 || *p.Terms > 16:
			return nil, problemAt(e, at("terms"), "%v terms: DfE takes 0 to 16", *p.Terms)
		case end.After(today):
			return nil, problemAt(e, at("end"), "the period ends on %s, in the future: record the outcome once it has ended", p.End)
		case end.Before(start):
			return nil, problemAt(e, at("end"), "the period ends on %s, before it starts on %s", p.End, p.Start)
		}
		return []string{e.TRN, string(e.DateOfBirth), string(p.End), strconv.FormatFloat(schedule.Down1(*p.Terms), 'f', 1, 64), outcome}, nil
	})
}

// collect builds one export: for each valid ECT's period with this body
// whose field (start for a claim, end for an outcome) is in the range, the
// row that row makes of it, or the problem that keeps it out. An ECT with
// an unusable date of birth is refused, and a TRN has one row a file,
// since DfE refuses a file with a TRN twice.
func collect(book *record.Book, r Range, today time.Time, what, field string, row func(e *record.ECT, at func(string) []string, p record.Period) ([]string, *diag.Diagnostic)) ([][]string, []diag.Diagnostic) {
	var rows [][]string
	var ds []diag.Diagnostic
	seen := map[string]bool{} // TRNs with a row
	for _, e := range book.ECTs {
		if !e.Valid {
			continue
		}
		for i, p := range e.Periods {
			date := p.Start
			if field == "end" {
				date = p.End
			}
			if !r.has(date) || !ours(book, p) {
				continue
			}
			at := func(f string) []string { return []string{"periods", strconv.Itoa(i), f} }
			if d := checkPerson(e, today); d != nil {
				ds = append(ds, *d)
				continue
			}
			cells, d := row(e, at, p)
			if d == nil && seen[e.TRN] {
				d = problemAt(e, at(field), "a second %s for TRN %s in one file: DfE refuses a file with a TRN twice; export this period with --from and --to on its own", what, e.TRN)
			}
			if d != nil {
				ds = append(ds, *d)
				continue
			}
			seen[e.TRN] = true
			rows = append(rows, cells)
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
		return problemAt(e, []string{"trn"}, "no date_of_birth: DfE matches the TRN with the date of birth")
	case !ok:
		return problemAt(e, []string{"date_of_birth"}, "date_of_birth %q is not a date", e.DateOfBirth)
	case today.Year()-dob.Year() < 18 || today.Year()-dob.Year() > 99:
		// DfE counts the age in years of birth: 18 to 99.
		return problemAt(e, []string{"date_of_birth"}, "date_of_birth %s: DfE takes an ECT born %d to %d (18 to 99 by year of birth)", e.DateOfBirth, today.Year()-99, today.Year()-18)
	}
	return nil
}

// problemAt is why a row is not exported, at the ECT's field path.
func problemAt(e *record.ECT, path []string, format string, args ...any) *diag.Diagnostic {
	d := diag.Errorf(e.Doc.Locate(path, false), Rule, "not exported: "+format, args...)
	return &d
}

// Write writes a header and rows as DfE's templates and the files DfE's
// service writes have them: every field in double quotes (a quote in a
// field doubled), separated by commas, each line ended by a line feed.
func Write(w io.Writer, header []string, rows [][]string) error {
	var b strings.Builder
	line := func(fields []string) {
		for i, f := range fields {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
		}
		b.WriteByte('\n')
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}
