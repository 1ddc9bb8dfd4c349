package cli

import (
	"errors"
	"fmt"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/outdir"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/report"
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
			set := report.Set{Book: book, Proofs: opt.Proofs, Commit: opt.Commit, Date: opt.CommitDate, Reports: map[string]bool{}, Records: len(args) == 0}
			for _, a := range args {
				rel, err := src.Rel(a)
				if err != nil {
					return err
				}
				set.Reports[rel] = true
			}
			sel := func(e *record.ECT) bool { return all || e.TRN == trn }
			if len(args) > 0 {
				sel = set.HoldsReport
			}
			n, err := set.Write(sel, folder)
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
