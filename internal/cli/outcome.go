package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
	"github.com/ectdocs/ectdocs/internal/status"
	"github.com/ectdocs/ectdocs/internal/workflow"
	"github.com/spf13/cobra"
)

func newOutcomeCmd(clk clock.Clock) *cobra.Command {
	var trn, date, notified, reason, notice, reps string
	var terms float64
	cmd := &cobra.Command{
		Use:   "outcome --ect TRN pass|fail|extend --date YYYY-MM-DD [--representations made|waived] [--terms X --reason TEXT] [PATH]",
		Short: "Record the appropriate body's decision on an ECT's induction, and write its notice",
		Long: `outcome records the appropriate body's decision on an ECT's induction in their
ect.md, as a commit authored by you (an ab_lead or ab_reviewer in body.md), the
way ect sign records a signature: validate proves it from Git history.

  pass, fail  end the ECT's induction period (on the last day the final
              assessment covers, with the FTE terms served then, unless it
              has ended already) and record the outcome on it. Induction is
              served once: after a fail no further induction is accepted.
  extend      add an extension of --terms FTE terms (0.1 to 16, one decimal
              place) with --reason; the schedule then expects a final
              assessment at the end of the extension.

The decision is taken on the newest final assessment signed by the ECT, the
tutor and the headteacher after its meeting, once the period it covers has
ended (Reg. 11(1), 11(3)). The ECT may make written representations on the
recommendation within 10 working days beginning with the day it was signed
(Reg. 11(4)), and the AB must have regard to them (Reg. 11(6)): a decision
within those days says --representations made (the AB has them) or waived
(the ECT said in writing they make none). A decision the law does not allow
yet is refused as path:line:col: message [outcome-early], pointing at the
record that shows why. outcome says whether it came within 20 working days
of that recommendation (Reg. 11(5)), when the notice is due (3 working days),
and prints the notice to the ECT, the headteacher and the employer — with the
right of appeal, to whom and by when, for a fail or an extension — or writes
it to --notice FILE. --notified gives the day the notice goes out (default:
the day of the decision).`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			result := args[0]
			if !slices.Contains([]string{workflow.Pass, workflow.Fail, workflow.Extend}, result) {
				return fmt.Errorf("the decision is pass, fail or extend, not %q", result)
			}
			if date == "" {
				return errors.New("say when the decision was taken: --date YYYY-MM-DD")
			}
			d := workflow.Decision{Result: result, Terms: terms, Reason: reason, Representations: record.Representations(reps)}
			var err error
			if d.On, err = clk.Day(date); err != nil {
				return err
			}
			if notified != "" {
				if d.Notified, err = clk.Day(notified); err != nil {
					return err
				}
			}
			if notice != "" {
				if _, err := os.Lstat(notice); err == nil {
					return fmt.Errorf("%s already exists: ect outcome never overwrites a file", notice)
				}
			}
			n, err := openNew(args[1:], trn)
			if err != nil {
				return err
			}
			defer n.src.Close()
			book, e := n.book, n.ect
			repo, err := history.Open(n.src.Dir)
			if errors.Is(err, history.ErrNotRepository) {
				return fmt.Errorf("%s is not in a Git repository: the AB's decisions are commits, so the records must be in Git", n.src.Display)
			} else if err != nil {
				return err
			}
			// The decision is taken on the ECT's record and reports as Git
			// proves them.
			files := []string{e.Rel}
			for _, r := range e.Reports {
				files = append(files, r.Rel)
			}
			c, _, err := checkBefore(n.src, book, clk.Today(), e, files...)
			if err != nil {
				return err
			}
			if err := c.refuse(cmd, e.Name+"'s induction record", "the appropriate body decides on records that validate, their signatures proven"); err != nil {
				return err
			}
			u, err := workflow.CurrentUser(repo, clk.Now())
			if err != nil {
				return err
			}
			hol, err := calendar.BankHolidaysFor(calendar.FromYears(book.Body.Calendar))
			if err != nil {
				return err
			}
			served := func(day time.Time) float64 {
				board, err := status.Build(book, day, status.Filter{TRN: e.TRN}, nil)
				if err != nil || board.Summaries[e.TRN] == nil {
					return 0
				}
				return board.Summaries[e.TRN].ServedExact
			}
			done, err := workflow.Decide(repo, c.people, book, e, d, u, hol, served)
			var refused *workflow.Refused
			if errors.As(err, &refused) {
				fmt.Fprintln(cmd.ErrOrStderr(), refused.Diagnostic)
				fmt.Fprintln(cmd.ErrOrStderr(), "ect: the decision is not recorded")
				return &ExitError{ExitUsage}
			} else if err != nil {
				return err
			}
			sayDecided(cmd, done)
			text := workflow.Notice(book, e, done)
			if notice == "" {
				fmt.Fprintf(cmd.OutOrStdout(), "\n%s", text)
				return nil
			}
			if err := frontmatter.CreateFile(notice, []byte(text)); errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("the decision is recorded (commit %s), but %s appeared meanwhile and ect outcome never overwrites a file: the notice is not written", history.Short(done.Commit), notice)
			} else if err != nil {
				return fmt.Errorf("the decision is recorded (commit %s), but the notice could not be written: %w", history.Short(done.Commit), err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "notice: written to %s\n", notice)
			return nil
		},
	}
	cmd.Flags().StringVar(&trn, "ect", "", "the ECT's TRN")
	cmd.Flags().StringVar(&date, "date", "", "the day the decision was taken, YYYY-MM-DD")
	cmd.Flags().Float64Var(&terms, "terms", 0, "extend: the FTE terms of the extension, 0.1 to 16")
	cmd.Flags().StringVar(&reason, "reason", "", "extend: why, and what the ECT must show (it goes in the notice)")
	cmd.Flags().StringVar(&notified, "notified", "", "the day the notice goes out, YYYY-MM-DD (default: the day decided)")
	cmd.Flags().StringVar(&notice, "notice", "", "write the notice to this new file instead of printing it")
	cmd.Flags().StringVar(&reps, "representations", "", "made or waived: the ECT's representations on the recommendation, when deciding within their 10 working days (Reg. 11(4))")
	return cmd
}

// sayDecided says what ect outcome recorded and the statutory dates around it.
func sayDecided(cmd *cobra.Command, d workflow.Decided) {
	w, day := cmd.OutOrStdout(), func(t time.Time) string { return t.Format(time.DateOnly) }
	what := map[string]string{workflow.Pass: "passed induction", workflow.Fail: "failed induction", workflow.Extend: fmt.Sprintf("induction extended by %.1f terms", d.Terms)}[d.Result]
	fmt.Fprintf(w, "recorded: %s, decided %s by %s: commit %s\n", what, day(d.On), d.By.Name, history.Short(d.Commit))
	fmt.Fprintf(w, "recommendation: %s (%s), received %s; decision due by %s", d.Recommendation.Doc.Path, orWord(d.Recommendation.Recommendation, "no recommendation given"), day(d.Received), day(d.DecideBy))
	if d.Late > 0 {
		fmt.Fprintf(w, ": %d working days late\n", d.Late)
		fmt.Fprintf(cmd.ErrOrStderr(), "warning: the decision came %d working days after the 20 the regulations give (Reg. 11(5); SG 2.67); it is recorded as taken\n", d.Late)
	} else {
		fmt.Fprintln(w, ": in time")
	}
	if rec := d.Recommendation.Recommendation; rec != "" && !workflow.Follows(d.Result, rec) {
		fmt.Fprintf(w, "note: the headteacher recommended %s; the appropriate body decided otherwise\n", workflow.RecommendationWords(rec))
	}
	if d.End != "" {
		fmt.Fprintf(w, "induction period: ended %s after %s FTE terms\n", d.End, schedule.FormatTerms(d.PeriodTerms))
	}
	fmt.Fprintf(w, "notice: to the ECT, the headteacher and the employer by %s; dated %s\n", day(d.NoticeBy), day(d.Notified))
	if d.Notified.After(d.NoticeBy) {
		fmt.Fprintf(cmd.ErrOrStderr(), "warning: the notice is dated %s, after the %d working days the regulations give (Reg. 11(7); SG 2.69)\n", day(d.Notified), schedule.NoticeDays)
	}
	if !d.AppealBy.IsZero() {
		fmt.Fprintf(w, "appeal: the ECT may appeal to the Secretary of State (Teaching Regulation Agency) by %s\n", day(d.AppealBy))
	}
	if !d.TRABy.IsZero() {
		fmt.Fprintf(w, "tra: tell the Teaching Regulation Agency of the decision by %s, and record the day as notified_tra: in ect.md (Reg. 11(7)(d); SG 2.69)\n", day(d.TRABy))
	} else {
		fmt.Fprintln(w, "tra: tell the Teaching Regulation Agency of the decision in the termly return, and record the day as notified_tra: in ect.md (Reg. 11(7)(d); SG 2.69)")
	}
}

func orWord(s, or string) string {
	if s == "" {
		return or
	}
	return s
}
