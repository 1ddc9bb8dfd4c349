package cli

import (
	"fmt"
	"os"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/status"
	"github.com/spf13/cobra"
)

func newStatusCmd(clk clock.Clock) *cobra.Command {
	var f status.Filter
	var on, format string
	var demo bool
	cmd := &cobra.Command{
		Use:   "status [PATH]",
		Short: "Show which reports are due, overdue or waiting, and where each induction stands",
		Long: `status lists the ECT reports that need completing — overdue, returned by the
appropriate body, due, waiting for the ECT's comments or for signatures, and
submitted to the AB — most urgent first, with who has signed; then each ECT's
induction summary: FTE terms served and still to serve, on track, expected
end. Everything is worked out from the records and the calendar in body.md,
and a signature counts only when the Git history proves it: a report with one
that it does not is NOT PROVEN (? marks the signature; ect validate says why).

PATH is a records folder (default ./records, or the built-in demo).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fm, err := status.ParseFormat(format)
			if err != nil {
				return err
			}
			day, err := clk.Day(on)
			if err != nil {
				return fmt.Errorf("--on: %w", err)
			}
			src, book, board, err := openBoard(args, demo, day, f)
			if err != nil {
				return err
			}
			defer src.Close()
			if src.Note != "" {
				fmt.Fprintln(cmd.ErrOrStderr(), src.Note)
			}
			if n, _ := diag.Count(book.Diagnostics); n > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "ect: warning: the records have errors (%d; see ect validate), so the status may be incomplete\n", n)
			}
			return board.Write(cmd.OutOrStdout(), fm, isTerminal(cmd.OutOrStdout()))
		},
	}
	cmd.Flags().StringVar(&f.Tutor, "tutor", "", "only the ECTs of this induction tutor (staff id)")
	cmd.Flags().IntVar(&f.School, "school", 0, "only the ECTs of this school (URN)")
	cmd.Flags().StringVar(&f.TRN, "ect", "", "only this ECT (TRN)")
	cmd.Flags().BoolVar(&f.All, "all", false, "list every report filed, those reviewed by the AB too, not only those that need completing")
	cmd.Flags().StringVar(&on, "on", "", "the day to work it out for, YYYY-MM-DD (default today)")
	cmd.Flags().StringVar(&format, "format", "table", "output format: table, json or csv")
	cmd.Flags().BoolVar(&demo, "demo", false, "use the built-in demo records")
	return cmd
}

// isTerminal reports whether w is a terminal: where colour helps, and
// where ect new ect asks for what its flags do not give.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
