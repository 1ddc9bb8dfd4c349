package cli

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/outdir"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/report"
	"github.com/ectdocs/ectdocs/internal/status"
	"github.com/ectdocs/ectdocs/internal/workspace"
	"github.com/spf13/cobra"
)

func newPDFCmd(clk clock.Clock) *cobra.Command {
	var trn, out string
	var all, demo bool
	cmd := &cobra.Command{
		Use:   "pdf [FILE...] [--ect TRN] [--all] [--out DIR]",
		Short: "Render reports, and whole induction records, as PDFs",
		Long: `pdf renders reports as PDFs laid out like the DfE's suggested forms: the header
table, every question and answer, the sections, the ECT's comments and the
signatures with what the Git history proves of each. Every page's footer names
the ECT, the report and the commit the PDF was built from; the same commit
always gives the same bytes.

FILE... are report files. --ect TRN renders that ECT's reports and their whole
induction record (a cover with the induction summary and timeline, then every
report); --all does so for every ECT. PDFs are written to DIR/<TRN>/ (default
DIR: pdf), one per report, and induction-record.pdf. DIR must be new, empty or
one ect pdf wrote before (it lists its files in DIR/.ectdocs-pdf); it is never
the records folder, inside it, or the repository's folder.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if (len(args) > 0) == (trn != "" || all) {
				return errors.New("give report FILEs, or --ect TRN, or --all")
			}
			var recordsArgs []string
			if len(args) > 0 {
				recordsArgs = []string{args[0]}
			}
			src, err := workspace.OpenOne(recordsArgs, demo)
			if err != nil {
				return err
			}
			defer src.Close()
			folder, err := outdir.Open(out, "ect pdf", outdir.PDFMarker, protectedFrom(src.Dir))
			if err != nil {
				return err
			}
			book, opt, err := loadProven(src, clk.Today(), clk.Now(), nil)
			if err != nil {
				return err
			}
			want := map[string]bool{}
			for _, a := range args {
				abs, err := filepath.Abs(a)
				if err != nil {
					return err
				}
				rel, err := filepath.Rel(src.Dir, abs)
				if src.Dir == "" || err != nil || strings.HasPrefix(rel, "..") {
					return fmt.Errorf("%s is not in the records folder %s", a, src.Display)
				}
				want[filepath.ToSlash(rel)] = true
			}
			sel := func(e *record.ECT) bool { return all || e.TRN == trn }
			if len(want) > 0 {
				sel = func(e *record.ECT) bool {
					for _, r := range e.Reports {
						if want[r.Rel] {
							return true
						}
					}
					return false
				}
			}
			p := pdfs{book: book, proofs: opt.Proofs, commit: opt.Commit, date: opt.CommitDate, reports: want, records: len(want) == 0}
			n, err := p.write(sel, folder)
			if err != nil {
				return err
			}
			if n == 0 {
				if trn != "" {
					return fmt.Errorf("no ECT with TRN %s in the records", trn)
				}
				return errors.New("no report to render")
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %d PDFs in %s (commit %s)\n", n, out, opt.Commit)
			return nil
		},
	}
	cmd.Flags().StringVar(&trn, "ect", "", "render this ECT's reports and induction record")
	cmd.Flags().BoolVar(&all, "all", false, "render every ECT's reports and induction record")
	cmd.Flags().StringVar(&out, "out", "pdf", "folder to write the PDFs into")
	cmd.Flags().BoolVar(&demo, "demo", false, "render the built-in demo records")
	return cmd
}

// pdfs renders reports and induction records.
type pdfs struct {
	book    *record.Book
	proofs  map[string][]*audit.Proof
	commit  string
	date    time.Time
	reports map[string]bool // only these report files; empty: all of the ECT's
	records bool            // also each ECT's whole induction record
}

// pdfName is where a report's PDF goes, relative to the output folder.
func pdfName(e *record.ECT, r *record.Report) string {
	return e.TRN + "/" + strings.TrimSuffix(path.Base(r.Rel), ".md") + ".pdf"
}

// pdfFolder is where PDFs are written: names are slash-separated paths
// inside it, all given to Add before any is written.
type pdfFolder interface {
	Add(names []string) error
	WriteFile(name string, data []byte) error
}

// plainDir is a new folder of ect's own (ect build's work folder).
type plainDir string

// Add does nothing: the folder is new.
func (d plainDir) Add([]string) error { return nil }

// WriteFile writes a file, making its folder.
func (d plainDir) WriteFile(name string, data []byte) error {
	target := filepath.Join(string(d), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	return os.WriteFile(target, data, 0o644)
}

// write renders the selected ECTs' PDFs into dir, on every core, and
// returns how many it wrote.
func (p pdfs) write(sel func(*record.ECT) bool, dir pdfFolder) (int, error) {
	board, err := status.Build(p.book, p.date, status.Filter{}, audit.ProofOf(p.proofs))
	if err != nil {
		return 0, err
	}
	var jobs []report.Job
	var names []string
	for _, e := range p.book.ECTs {
		if !sel(e) {
			continue
		}
		var docs []report.Doc
		for _, r := range e.Reports {
			d := report.Doc{Body: p.book.Body, ECT: e, Report: r, Proofs: p.proofs[r.Rel], Commit: p.commit, Date: p.date,
				NotProven: audit.Unproven(p.proofs, r)}
			docs = append(docs, d)
			if len(p.reports) > 0 && !p.reports[r.Rel] {
				continue
			}
			jobs, names = append(jobs, report.Job{Doc: &d}), append(names, pdfName(e, r))
		}
		if p.records {
			rec := report.Record{Body: p.book.Body, ECT: e, Summary: board.Summaries[e.TRN], Reports: docs, Commit: p.commit, Date: p.date}
			jobs, names = append(jobs, report.Job{Record: &rec}), append(names, e.TRN+"/induction-record.pdf")
		}
	}
	if len(jobs) == 0 {
		return 0, nil
	}
	if err := dir.Add(names); err != nil {
		return 0, err
	}
	err = report.RenderJobs(jobs, func(i int, pdf []byte) error {
		if err := dir.WriteFile(names[i], pdf); err != nil {
			return fmt.Errorf("%s: %w", names[i], err)
		}
		return nil
	})
	return len(jobs), err
}
