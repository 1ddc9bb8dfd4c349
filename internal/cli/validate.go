package cli

import (
	"fmt"

	"github.com/ectdocs/ectdocs/internal/check"
	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/workspace"
	"github.com/spf13/cobra"
)

func newValidateCmd(clk clock.Clock) *cobra.Command {
	var format, on, since string
	var demo bool
	cmd := &cobra.Command{
		Use:   "validate [PATH...]",
		Short: "Check records against their schemas and the statutory rules",
		Long: `validate checks every record in a records folder: its YAML, its schema, where
it is filed, the people it names, and the statutory rules of induction.

PATH is a records folder (the one holding body.md), or a file or folder inside
one: the whole records folder is checked, and only the problems in PATH are
shown. Without PATH, ./records is checked; if there is none, the built-in demo
records are.

With --on DATE, reports due by that day and not filed are reported too: a
warning, and an error once later than the body's grace period. (Without it, a
pull request is never failed by another ECT's late report; ect status shows
what is late.)

Problems are printed as path:line:col: message [rule]. Warnings do not fail.
Exit status: 0 valid, 1 invalid, 2 usage or internal error.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := diag.ParseFormat(format)
			if err != nil {
				return err
			}
			day := rules.Options{Today: clk.Today()}
			if on != "" {
				if day.DueBy, err = clock.ParseDay(on); err != nil {
					return fmt.Errorf("--on: %w", err)
				}
				day.Today = day.DueBy
			}
			folders, err := workspace.Open(args, demo)
			if err != nil {
				return err
			}
			var all []diag.Diagnostic
			var sum diag.Summary
			for _, folder := range folders {
				defer folder.Close()
				if folder.Note != "" {
					fmt.Fprintln(cmd.ErrOrStderr(), folder.Note)
				}
				ds, files, notes, err := check.Folder(folder, day, since)
				if err != nil {
					return err
				}
				all = append(all, ds...)
				sum.Files += files
				sum.Notes = append(sum.Notes, notes...)
			}
			diag.Sort(all)
			sum.Errors, sum.Warnings = diag.Count(all)
			if err := diag.Write(cmd.OutOrStdout(), f, all, sum); err != nil {
				return err
			}
			if sum.Errors > 0 {
				return &ExitError{ExitInvalid}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, github (workflow annotations) or json")
	cmd.Flags().BoolVar(&demo, "demo", false, "check the built-in demo records")
	cmd.Flags().StringVar(&on, "on", "", "also check which reports are overdue on this day, YYYY-MM-DD")
	cmd.Flags().StringVar(&since, "since", "", "take the history up to this commit (a pull request's base) as proven, and read only the commits after it")
	return cmd
}
