package report

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/status"
)

// Set is the PDFs of a book's reports and induction records, as ect pdf
// and ect build write them.
type Set struct {
	Book   *record.Book
	Proofs map[string][]*audit.Proof // the audit's, by report path
	// Commit and Date are the commit the records were built from and its
	// date, printed on every page.
	Commit string
	Date   time.Time
	// Reports lists the only report files rendered; empty: all of each
	// selected ECT's.
	Reports map[string]bool
	// Records is true when each selected ECT's whole induction record is
	// rendered too.
	Records bool
}

// Name is where a report's PDF goes, relative to the output folder.
func Name(e *record.ECT, r *record.Report) string {
	return e.TRN + "/" + strings.TrimSuffix(path.Base(r.Rel), ".md") + ".pdf"
}

// Folder is where PDFs are written: names are slash-separated paths
// inside it, all given to Add before any is written.
type Folder interface {
	Add(names []string) error
	WriteFile(name string, data []byte) error
}

// NewDir is a Folder that is a new folder of ect's own (ect build's work
// folder).
func NewDir(dir string) Folder { return newDir(dir) }

type newDir string

// Add does nothing: the folder is new.
func (d newDir) Add([]string) error { return nil }

// WriteFile writes a file, making its folder.
func (d newDir) WriteFile(name string, data []byte) error {
	target := filepath.Join(string(d), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	return os.WriteFile(target, data, 0o644)
}

// HoldsReport says whether one of the ECT's reports is in p.Reports.
func (p Set) HoldsReport(e *record.ECT) bool {
	for _, r := range e.Reports {
		if p.Reports[r.Rel] {
			return true
		}
	}
	return false
}

// Write renders the selected ECTs' PDFs into dir, on every core, and
// returns how many it wrote.
func (p Set) Write(sel func(*record.ECT) bool, dir Folder) (int, error) {
	board, err := status.Build(p.Book, p.Date, status.Filter{}, audit.ProofOf(p.Proofs))
	if err != nil {
		return 0, err
	}
	var jobs []Job
	var names []string
	for _, e := range p.Book.ECTs {
		if !sel(e) {
			continue
		}
		var docs []Doc
		for _, r := range e.Reports {
			d := Doc{Body: p.Book.Body, ECT: e, Report: r, Proofs: p.Proofs[r.Rel], Commit: p.Commit, Date: p.Date,
				NotProven: audit.Unproven(p.Proofs, r)}
			docs = append(docs, d)
			if len(p.Reports) > 0 && !p.Reports[r.Rel] {
				continue
			}
			jobs, names = append(jobs, Job{Doc: &d}), append(names, Name(e, r))
		}
		if p.Records {
			rec := Record{Body: p.Book.Body, ECT: e, Summary: board.Summaries[e.TRN], Reports: docs, Commit: p.Commit, Date: p.Date}
			jobs, names = append(jobs, Job{Record: &rec}), append(names, e.TRN+"/induction-record.pdf")
		}
	}
	if len(jobs) == 0 {
		return 0, nil
	}
	if err := dir.Add(names); err != nil {
		return 0, err
	}
	err = RenderJobs(jobs, func(i int, pdf []byte) error {
		if err := dir.WriteFile(names[i], pdf); err != nil {
			return fmt.Errorf("%s: %w", names[i], err)
		}
		return nil
	})
	return len(jobs), err
}
