package cli

import (
	"encoding/json"
	"fmt"

	"github.com/ectdocs/ectdocs/internal/access"
	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/spf13/cobra"
)

func newAccessCmd(clock.Clock) *cobra.Command {
	var trn, format string
	var demo bool
	cmd := &cobra.Command{
		Use:   "access --ect TRN [PATH]",
		Short: "List who can see and change an ECT's records, and why",
		Long: `access lists everyone who can see or change an ECT's induction records, and
why: the ECT, their school's staff by role, the appropriate body's staff by
role, the portals that show the records, who approves changes in the records
repository (CODEOWNERS) and who else may be given them. ECTs must be told who
has access to their assessments (SG 2.79); their own portal has the same list
on its "Who can see your records" page.

It is worked out from the records (school.md's and body.md's staff); who can
read the Git repository itself is set on the Git host, and it says so.

PATH is a records folder (default ./records, or the built-in demo).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !record.ValidTRN(trn) {
				return fmt.Errorf("--ect %q: give the ECT's TRN, 7 digits", trn)
			}
			if format != "text" && format != "json" {
				return fmt.Errorf("--format %q: give text or json", format)
			}
			src, book, err := openJoined(args, demo)
			if err != nil {
				return err
			}
			defer src.Close()
			e := book.ECT(trn)
			if e == nil {
				return fmt.Errorf("no ECT with TRN %s in %s", trn, src.Display)
			}
			l := access.For(book, e)
			if format == "json" {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(l)
			}
			return l.Write(cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&trn, "ect", "", "the ECT's TRN")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	cmd.Flags().BoolVar(&demo, "demo", false, "use the built-in demo records")
	return cmd
}
