package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/qa"
	"github.com/ectdocs/ectdocs/internal/status"
	"github.com/spf13/cobra"
)

func newQACmd(clk clock.Clock) *cobra.Command {
	var on, sample, format string
	var demo bool
	cmd := &cobra.Command{
		Use:   "qa [PATH] [--on DATE] [--sample 40%] [--format text|json]",
		Short: "List what the appropriate body checks, and draw the schools to visit",
		Long: `qa lists what an appropriate body checks: reports late, or past due and still
unsigned; ECTs not on track with no support plan shared with the AB;
entitlements not met (a report says so, no lesson observation is recorded in a
half term, no lesson of an experienced teacher observed in a term, a timetable
above 90% in year 1 or 95% in year 2); mentor meetings not regular (weekly in
year 1, fortnightly in year 2) or not recorded; reports returned and not yet
resubmitted; and the AB's own decisions due (a final assessment with no
outcome or extension yet, within 20 working days) and notices not recorded as
sent (within 3); ECTs on a school-led programme whose school has no fidelity
check recorded (fidelity_checks: in school.md) showing that the programme
covers the framework in full (the ITTECF; the ECF for ECTs who started before
1 September 2025); and ECTs whose records have passed, or are within six
months of, the end of their retention period (retention_years in body.md,
from the end of induction; at least six, SG 2.77).

--sample 40% also draws that share of the schools to visit, weighted towards
schools with findings, seeded by the school year: the same year always gives
the same sample.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			day, err := clk.Day(on)
			if err != nil {
				return fmt.Errorf("--on: %w", err)
			}
			if format != "text" && format != "json" {
				return fmt.Errorf("--format %q: use text or json", format)
			}
			src, book, board, err := openBoard(args, demo, day, status.Filter{})
			if err != nil {
				return err
			}
			defer src.Close()
			res := qa.Check(book, board, day)
			if sample != "" {
				pct, err := strconv.ParseFloat(strings.TrimSuffix(sample, "%"), 64)
				if err != nil || pct <= 0 || pct > 100 {
					return fmt.Errorf("--sample %q: give a share of the schools, e.g. 40%%", sample)
				}
				res.Sample = qa.Sample(book.Schools, res.Findings, calendar.SchoolYear(day), pct/100)
			}
			if format == "json" {
				return res.WriteJSON(cmd.OutOrStdout())
			}
			return res.WriteText(cmd.OutOrStdout(), calendar.SchoolYear(day), sample, len(book.Schools))
		},
	}
	cmd.Flags().StringVar(&on, "on", "", "the day to check, YYYY-MM-DD (default today)")
	cmd.Flags().StringVar(&sample, "sample", "", "also draw this share of the schools to visit, e.g. 40%")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	cmd.Flags().BoolVar(&demo, "demo", false, "use the built-in demo records")
	return cmd
}
