package cli

import (
	"errors"
	"fmt"
	"os"
	"path"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/draft"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/status"
	"github.com/ectdocs/ectdocs/internal/workspace"
	"github.com/spf13/cobra"
)

func newNewCmd(clk clock.Clock) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "new",
		Short: "Start a record from its template",
		Long: `new starts a record from its template in templates/, filled in with what the
records already know. It never overwrites a file (new mentoring adds one line
to an ECT's mentoring log and changes nothing else in it). ect validate then
lists what is left to write.`,
	}
	cmd.AddCommand(newNewReviewCmd(clk), newNewDatedCmd(clk, record.KindObservation, "observation", "a lesson observation"),
		newNewDatedCmd(clk, record.KindSupportPlan, "support-plan", "a support plan for an ECT not on track"), newNewMentoringCmd(clk), newNewECTCmd(clk))
	return cmd
}

// newTarget is the ECT a new record is for, in its records folder.
type newTarget struct {
	src  *workspace.Folder
	book *record.Book
	ect  *record.ECT
}

func openNew(args []string, trn string) (*newTarget, error) {
	if trn == "" {
		return nil, errors.New("say whose record: --ect TRN")
	}
	src, err := workspace.OpenOne(args, false)
	if err != nil {
		return nil, err
	}
	n := &newTarget{src: src}
	if src.Dir == "" || src.Demo() {
		src.Close()
		return nil, workspace.ErrNoFolder
	}
	if n.book, err = src.Load(); err != nil {
		src.Close()
		return nil, err
	}
	if n.ect = n.book.ECT(trn); n.ect == nil {
		src.Close()
		return nil, fmt.Errorf("no ECT with TRN %s in the records", trn)
	}
	return n, nil
}

// induction refuses a new record for an ECT whose induction the AB has
// decided: it is over (and after a fail, closed for good).
func (n *newTarget) induction() error {
	for _, p := range n.ect.Periods {
		if o := p.Outcome; o != nil {
			return fmt.Errorf("%s's induction is over: the appropriate body decided on %s that they %s (%s): no more induction records are written", n.ect.Name, o.Decided, o.Words(), n.ect.Doc.Path)
		}
	}
	return nil
}

// writeNew writes a new record for the ECT with the TRN trn, on the day
// the flag named gives (default today): draft drafts it, returning where
// it goes, its text, and what to say once it is written to FILE.
// It refuses a record for an ECT whose induction is over.
func writeNew(cmd *cobra.Command, clk clock.Clock, args []string, trn, flag, value string, draft func(n *newTarget, day time.Time) (string, []byte, func(file string) string, error)) error {
	day, err := clk.Day(value)
	if err != nil {
		return fmt.Errorf("%s: %w", flag, err)
	}
	n, err := openNew(args, trn)
	if err != nil {
		return err
	}
	defer n.src.Close()
	if err := n.induction(); err != nil {
		return err
	}
	rel, content, say, err := draft(n, day)
	if err != nil {
		return err
	}
	file, err := n.src.Create(rel, content)
	if err != nil {
		return err
	}
	fmt.Fprintln(cmd.OutOrStdout(), say(file))
	return nil
}

func newNewReviewCmd(clk clock.Clock) *cobra.Command {
	var trn, on string
	var term int
	cmd := &cobra.Command{
		Use:   "review --ect TRN [--term N] [PATH]",
		Short: "Start the next report the schedule expects for an ECT",
		Long: `new review starts the report the schedule expects next for the ECT (or the one
for --term N): a progress review or a first, final or interim formal
assessment, named and filed where it belongs, with what the records already
know filled in (the ECT, the period, term, tutor, mentor, headteacher, FTE and
days absent in the period) and guidance on what to write. ect validate then
lists exactly what is still to write. It never overwrites a file.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return writeNew(cmd, clk, args, trn, "--on", on, func(n *newTarget, day time.Time) (string, []byte, func(file string) string, error) {
				board, err := status.Build(n.book, day, status.Filter{TRN: trn}, nil)
				if err != nil {
					return "", nil, nil, err
				}
				sum := board.Summaries[trn]
				if sum == nil {
					return "", nil, nil, fmt.Errorf("%s's schedule cannot be worked out: ect validate says why", n.ect.Name)
				}
				r, err := draft.NewReport(ectdocs.Templates(), n.book.Body, n.ect, sum, term)
				if err != nil {
					return "", nil, nil, err
				}
				return r.Rel, r.Content, func(file string) string {
					return fmt.Sprintf("wrote %s: %s, %s (term %d), due %s\nnext: write the answers (ect validate %s lists them), then ect release it",
						file, r.Expected.Label(), r.Expected.Term, r.Expected.Number, r.Expected.Due.Format(time.DateOnly), file)
				}, nil
			})
		},
	}
	cmd.Flags().StringVar(&trn, "ect", "", "the ECT's TRN")
	cmd.Flags().IntVar(&term, "term", 0, "the term of induction the report is for (default: the next one not filed)")
	cmd.Flags().StringVar(&on, "on", "", "work out the schedule as on this day, YYYY-MM-DD (default today)")
	return cmd
}

func newNewDatedCmd(clk clock.Clock, kind record.Kind, use, what string) *cobra.Command {
	var trn, date string
	cmd := &cobra.Command{
		Use:   use + " --ect TRN [--date YYYY-MM-DD] [PATH]",
		Short: "Start " + what,
		Long: "new " + use + " starts " + what + ` for the ECT, dated --date (default
today), filed in their folder and owned by their induction tutor. ect validate
then lists what is left to write. It never overwrites a file.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return writeNew(cmd, clk, args, trn, "--date", date, func(n *newTarget, day time.Time) (string, []byte, func(file string) string, error) {
				d, err := draft.NewDated(ectdocs.Templates(), kind, n.ect, day)
				if err != nil {
					return "", nil, nil, err
				}
				return d.Rel, d.Content, func(file string) string {
					return fmt.Sprintf("wrote %s\nnext: write it (ect validate %s lists what is left)", file, file)
				}, nil
			})
		},
	}
	cmd.Flags().StringVar(&trn, "ect", "", "the ECT's TRN")
	cmd.Flags().StringVar(&date, "date", "", "the date, YYYY-MM-DD (default today)")
	return cmd
}

func newNewMentoringCmd(clk clock.Clock) *cobra.Command {
	var trn, date string
	var m draft.MentoringEntry
	cmd := &cobra.Command{
		Use:   "mentoring --ect TRN [--date YYYY-MM-DD] [--observing] [--with ID] [--minutes N] [--note TEXT] [PATH]",
		Short: "Add a mentor meeting (or a lesson observed) to an ECT's mentoring log",
		Long: `new mentoring adds one entry to the ECT's mentoring log, mentoring.md in their
folder, starting the log from its template when there is none: a mentor
meeting on --date (default today) with their mentor, or with --with, another
member of the school's staff; or with --observing, a lesson of an experienced
teacher (--with) that the ECT observed. The entry is added as one line at the
end of the entries; nothing else in the file changes.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			day, err := clk.Day(date)
			if err != nil {
				return fmt.Errorf("--date: %w", err)
			}
			m.Date = day
			n, err := openNew(args, trn)
			if err != nil {
				return err
			}
			defer n.src.Close()
			if err := m.Check(n.ect, clk.Today()); err != nil {
				return err
			}
			start, err := draft.NewMentoringLog(ectdocs.Templates(), n.ect)
			if err != nil {
				return err
			}
			c, _, err := checkBefore(n.src, n.book, clk.Today(), n.ect, start.Rel)
			if err != nil {
				return err
			}
			if err := c.refuse(cmd, path.Join(n.src.Display, start.Rel), "nothing is added to a mentoring log that does not validate"); err != nil {
				return err
			}
			file, created, err := n.src.Update(start.Rel, start.Content, func(shown string, src []byte) ([]byte, error) {
				return draft.AddMentoring(shown, src, m)
			})
			if err != nil {
				return err
			}
			verb := "added to"
			if created {
				verb = "started"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s: %s on %s\n", verb, file, m.Describe(n.ect.School), m.Date.Format(time.DateOnly))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&trn, "ect", "", "the ECT's TRN")
	f.StringVar(&date, "date", "", "the day of the meeting or lesson, YYYY-MM-DD (default today)")
	f.BoolVar(&m.Observing, "observing", false, "the ECT observed an experienced teacher's lesson (default: a mentor meeting)")
	f.StringVar(&m.With, "with", "", "the staff id of whoever it was with (default for a meeting: the ECT's mentor)")
	f.IntVar(&m.Minutes, "minutes", 0, "how long it lasted, in minutes")
	f.StringVar(&m.Note, "note", "", "a short note: what was discussed, or whose lesson and what for")
	return cmd
}

func newNewECTCmd(clk clock.Clock) *cobra.Command {
	var r draft.Registration
	var interactive bool
	cmd := &cobra.Command{
		Use:   "ect --school URN --trn TRN --name NAME --email EMAIL --start DATE --tutor ID --mentor ID [PATH]",
		Short: "Register an ECT at a school",
		Long: `new ect registers an ECT at a school: it writes schools/<URN>-<name>/ects/<TRN>/ect.md
from the template, with their first induction period. ect validate then lists
what is left (date of birth, QTS date). It never overwrites a file.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if interactive || isTerminal(os.Stdin) && cmd.InOrStdin() == os.Stdin {
				if err := r.Ask(cmd.InOrStdin(), cmd.ErrOrStderr()); err != nil {
					return err
				}
			}
			if err := r.Check(); err != nil {
				return err
			}
			src, book, err := openBook(args, false)
			if err != nil {
				return err
			}
			defer src.Close()
			d, err := draft.Register(ectdocs.Templates(), book, r)
			if err != nil {
				return err
			}
			file, err := src.Create(d.Rel, d.Content)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s\nnext: ect validate %s lists what is left to write\n", file, file)
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&r.School, "school", 0, "the school's URN")
	f.StringVar(&r.TRN, "trn", "", "the ECT's teacher reference number (7 digits)")
	f.StringVar(&r.Name, "name", "", "the ECT's name")
	f.StringVar(&r.Email, "email", "", "the e-mail address the ECT commits with")
	f.StringVar(&r.Start, "start", "", "the first day of their induction, YYYY-MM-DD")
	f.StringVar(&r.Tutor, "tutor", "", "their induction tutor's staff id")
	f.StringVar(&r.Mentor, "mentor", "", "their mentor's staff id")
	f.Float64Var(&r.FTE, "fte", 1.0, "full-time equivalent, e.g. 0.6 for three days a week")
	f.StringVar(&r.Programme, "programme", "provider_led", "provider_led or school_led")
	f.StringVar(&r.DOB, "dob", "", "date of birth, YYYY-MM-DD")
	f.StringVar(&r.QTS, "qts", "", "date QTS was awarded, YYYY-MM-DD")
	f.BoolVarP(&interactive, "interactive", "i", false, "ask for what the flags do not give (the default on a terminal)")
	return cmd
}
