package cli

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/export"
	"github.com/ectdocs/ectdocs/internal/outdir"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/spf13/cobra"
)

func newExportCmd(clk clock.Clock) *cobra.Command {
	var sf subjectFlags
	cmd := &cobra.Command{
		Use:   "export [--subject TRN|STAFF-ID [PATH] --out DIR]",
		Short: "Write the CSV files DfE's Register early career teachers service takes, or everything held about one person",
		Long:  subjectLong,
		Args:  cobra.MaximumNArgs(1),
		RunE:  runSubject(clk, &sf),
	}
	sf.add(cmd)
	cmd.AddCommand(
		newExportKindCmd(clk, "riab-claims", "claims", `"Upload a CSV to claim multiple new ECTs"`, "the induction periods that started in the range, to claim them", export.ClaimsHeader, export.Claims),
		newExportKindCmd(clk, "riab-outcomes", "outcomes", `"Upload a CSV to record outcomes for multiple ECTs"`, "the outcomes (pass, release) of the induction periods that ended in the range", export.OutcomesHeader, export.Outcomes),
	)
	return cmd
}

func newExportKindCmd(clk clock.Clock, name, alias, page, what string, header []string, rows func(*record.Book, export.Range, time.Time) ([][]string, []diag.Diagnostic)) *cobra.Command {
	var from, to, on, out string
	var demo bool
	cmd := &cobra.Command{
		Use:     name + " [PATH] [--from DATE] [--to DATE] [--out FILE]",
		Aliases: []string{alias},
		Short:   "Write DfE's bulk-upload CSV of " + alias,
		Long: "export " + name + ` writes the CSV that DfE's Register early career teachers
service takes from appropriate bodies (` + page + `; it replaces
"Record inductions as an appropriate body" from the 2026-27 registration
period), with ` + what + ` (default: the school year so far). It follows DfE's
template exactly: its headings, every field quoted, LF line ends, dates
YYYY-MM-DD, programmes provider-led or school-led. Rows DfE would reject (no
date of birth, dates in the future, a fail, a TRN twice, terms outside 0–16,
…) are left out and reported as path:line:col: message, and the exit status is
then 1.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			today, err := clk.Day(on)
			if err != nil {
				return fmt.Errorf("--on: %w", err)
			}
			r := export.Range{From: calendar.SchoolYearStart(today), To: today}
			if from != "" {
				if r.From, err = clock.ParseDay(from); err != nil {
					return fmt.Errorf("--from: %w", err)
				}
			}
			if to != "" {
				if r.To, err = clock.ParseDay(to); err != nil {
					return fmt.Errorf("--to: %w", err)
				}
			}
			if r.To.Before(r.From) {
				return errors.New("--to is before --from")
			}
			src, book, err := openJoined(args, demo)
			if err != nil {
				return err
			}
			defer src.Close()
			rs, problems := rows(book, r, today)
			var b bytes.Buffer
			if err := export.Write(&b, header, rs); err != nil {
				return err
			}
			if out == "" {
				if _, err := cmd.OutOrStdout().Write(b.Bytes()); err != nil {
					return err
				}
			} else if err := outdir.ReplaceOwnFile(out, b.Bytes(), "ect export "+name); err != nil {
				return err
			}
			diag.Sort(problems)
			for _, d := range problems {
				fmt.Fprintln(cmd.ErrOrStderr(), d)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "ect export %s: %s written, %s left out, %s to %s\n", name, diag.Plural(len(rs), "row"), diag.Plural(len(problems), "row"),
				r.From.Format(time.DateOnly), r.To.Format(time.DateOnly))
			if len(problems) > 0 {
				return &ExitError{ExitInvalid}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "first day of the range, YYYY-MM-DD (default 1 September of this school year)")
	cmd.Flags().StringVar(&to, "to", "", "last day of the range, YYYY-MM-DD (default today)")
	cmd.Flags().StringVar(&on, "on", "", "today, for what counts as the future, YYYY-MM-DD")
	cmd.Flags().StringVar(&out, "out", "", "write the CSV to FILE instead of standard output (a new file, or one this export wrote before)")
	cmd.Flags().BoolVar(&demo, "demo", false, "use the built-in demo records")
	return cmd
}
