package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/demo"
	"github.com/ectdocs/ectdocs/internal/workspace"
	"github.com/spf13/cobra"
)

func newDemoCmd(clk clock.Clock) *cobra.Command {
	var n int
	var out, until string
	var history, replay bool
	cmd := &cobra.Command{
		Use:   "demo --ects N --out DIR [--history [--until DATE]] | demo --replay --out DIR",
		Short: "Write a synthetic, valid appropriate body of N ECTs",
		Long: `demo writes a synthetic appropriate body with N fictional ECTs (and schools and
staff in proportion, six ECTs a school) into DIR, for benchmarks and scale
tests. DIR must be new or empty: nothing is overwritten. The same N always
gives the same files. Check the result with: ect validate DIR

With --history, DIR becomes a Git repository (branch main, checked out) with
the records in DIR/records, built up commit by commit over two school years
(2025-26 and 2026-27) the way the work is done: tutors draft and release
reports, ECTs comment and sign, tutors and headteachers sign, the AB reviews
and now and then returns a report; every commit is by the person acting, on
the day. Some ECT steps are made on a branch and merged. The same N always
gives the same commits. --until DATE stops the history at the end of that
day. Check the result with: ect validate DIR/records

With --replay, DIR becomes a Git repository of the built-in demo records (the
Fenmoor body in records/), replayed commit by commit by their authors as
ect validate --demo does, to explore with ect audit and ect validate.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return fmt.Errorf("--out DIR is required")
			}
			if replay {
				if history || until != "" || cmd.Flags().Changed("ects") {
					return fmt.Errorf("--replay writes the built-in demo: give it only --out")
				}
				if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
					return fmt.Errorf("%s is not empty: give a new folder, so that nothing is overwritten", out)
				}
				st, err := workspace.ReplayDemo(out)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "wrote the demo records (%d files) with %d commits in %s\n", st.Files, st.Commits, out)
				return nil
			}
			if !history {
				if until != "" {
					return fmt.Errorf("--until goes with --history")
				}
				files, err := demo.Write(out, n)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "wrote %d files for %d ECTs in %s\n", files, n, out)
				return nil
			}
			opt := demo.HistoryOptions{Progress: cmd.ErrOrStderr(), Now: clk.Now}
			if until != "" {
				d, err := time.Parse(time.DateOnly, until)
				if err != nil {
					return fmt.Errorf("--until %q: give a date as YYYY-MM-DD", until)
				}
				opt.Until = d
			}
			st, err := demo.WriteHistory(out, n, opt)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %d files for %d ECTs with %d commits in %s\n", st.Files, n, st.Commits, out)
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "ects", 100, "number of ECTs")
	cmd.Flags().StringVar(&out, "out", "", "folder to write the records into (new or empty)")
	cmd.Flags().BoolVar(&history, "history", false, "write a Git repository of two school years of commits, records in DIR/records")
	cmd.Flags().BoolVar(&replay, "replay", false, "write the built-in demo records as a Git repository, replayed commit by commit by their authors")
	cmd.Flags().StringVar(&until, "until", "", "with --history: stop the history at the end of this day (YYYY-MM-DD)")
	return cmd
}
