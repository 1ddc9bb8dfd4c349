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
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the CSV files DfE's services take",
	}
	cmd.AddCommand(
		newExportKindCmd(clk, "riab-claims", "the induction periods that started in the range, to claim them", export.ClaimsHeader, export.Claims),
		newExportKindCmd(clk, "riab-outcomes", "the outcomes (pass, fail, release) of the induction periods that ended in the range", export.OutcomesHeader, export.Outcomes),
	)
	return cmd
}

func newExportKindCmd(clk clock.Clock, name, what string, header []string, rows func(*record.Book, export.Range, time.Time) ([][]string, []diag.Diagnostic)) *cobra.Command {
	var from, to, on, out string
	var demo bool
	cmd := &cobra.Command{
		Use:   name + " [PATH] [--from DATE] [--to DATE] [--out FILE]",
		Short: "Write DfE's " + name + " bulk-upload CSV",
		Long: "export " + name + ` writes the CSV that DfE's "Record inductions as an appropriate
body" bulk upload takes, with ` + what + ` (default: the school year so far). Dates
are YYYY-MM-DD. Rows DfE would reject (no date of birth, dates in the future,
terms outside 0–16, …) are left out and reported as path:line:col: message, and
the exit status is then 1.`,
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
			src, book, err := openBook(args, demo)
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
