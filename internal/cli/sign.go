package cli

import (
	"errors"
	"fmt"
	"path"
	"time"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/workflow"
	"github.com/ectdocs/ectdocs/internal/workspace"
	"github.com/spf13/cobra"
)

// opened is one record file, its records and its repository.
type opened struct {
	book   *record.Book
	file   *record.File
	report *record.Report // when the file is a report
	ect    *record.ECT    // the report's ECT
	repo   *history.Repo
	people *identity.People
	root   string // the records folder
	folder *workspace.Folder
}

// openReport loads the records folder that holds file and finds the
// report in it.
func openReport(file string) (*opened, error) {
	o, err := openRecord(file)
	if err == nil && o.report == nil {
		err = fmt.Errorf("%s is not a progress review or formal assessment filed in an ECT's reports/ folder", file)
	}
	return o, err
}

// openRecord loads the records folder that holds file and finds the
// record in it.
func openRecord(file string) (*opened, error) {
	folder, rel, err := workspace.OpenFile(file)
	if err != nil {
		return nil, err
	}
	book, err := folder.Load()
	if err != nil {
		return nil, err
	}
	o := &opened{book: book, root: folder.Dir, folder: folder}
	// For an ECT's profile, o.ect is set: its proofs are the AB's decisions.
	if o.file, o.ect, o.report = book.Find(rel); o.file == nil {
		for _, d := range book.Diagnostics {
			if d.File == path.Join(folder.Display, rel) && d.Severity == diag.Error {
				return nil, fmt.Errorf("%s", d)
			}
		}
		return nil, fmt.Errorf("%s is not a record", file)
	}
	if o.repo, err = history.Open(folder.Dir); errors.Is(err, history.ErrNotRepository) {
		return nil, fmt.Errorf("%s is not in a Git repository: signatures are commits, so the records must be in Git", file)
	} else if err != nil {
		return nil, err
	}
	// A key that cannot be read is reported by validate; it does not stop
	// anyone signing.
	o.people, _ = identity.New(book)
	return o, nil
}

// refuseIfInvalid prints the report's errors, its history proof's
// included, and fails when it has any: nobody signs, releases or reviews a
// report that does not validate. It leaves in o.people who the history
// proves each person is.
func (o *opened) refuseIfInvalid(cmd *cobra.Command, today time.Time) error {
	c, _, err := checkBefore(o.folder, o.book, today, o.ect, o.report.Rel)
	if err != nil {
		return err
	}
	o.people = c.people
	return c.refuse(cmd, o.report.Doc.Path, "nobody signs, releases or reviews a report that does not validate")
}

// openToCommit opens a report that a workflow step will commit to: it
// must validate, and Git must know who is committing.
func openToCommit(cmd *cobra.Command, clk clock.Clock, file string) (*opened, workflow.User, error) {
	o, err := openReport(file)
	if err != nil {
		return nil, workflow.User{}, err
	}
	if err := o.refuseIfInvalid(cmd, clk.Today()); err != nil {
		return nil, workflow.User{}, err
	}
	u, err := workflow.CurrentUser(o.repo, clk.Now())
	return o, u, err
}

func newSignCmd(clk clock.Clock) *cobra.Command {
	var as string
	cmd := &cobra.Command{
		Use:   "sign FILE --as ect|tutor|headteacher",
		Short: "Sign a report: add your signature and commit it as you",
		Long: `sign adds your signature to a report's front matter and commits it, authored
by you (Git's user.email must be one of your emails in the records). When Git
is set to sign commits (commit.gpgsign), the commit is signed with your key.

The report must be released to the ECT and valid; the ECT signs after writing
their comments; the tutor and, for formal assessments, the headteacher sign
too. The file must have no uncommitted changes: the commit adds only the
signature. Nothing else in a report may change once someone has signed it.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if as == "" {
				return errors.New("say in which role you sign: --as ect, --as tutor or --as headteacher")
			}
			o, u, err := openToCommit(cmd, clk, args[0])
			if err != nil {
				return err
			}
			done, err := workflow.Sign(o.repo, o.people, o.report, o.ect, as, u)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "signed %s as %s: commit %s by %s <%s>\n", o.report.Doc.Path, as, history.Short(done.Commit), u.Name, u.Email)
			return nil
		},
	}
	cmd.Flags().StringVar(&as, "as", "", "the role you sign in: ect, tutor or headteacher")
	return cmd
}

func newABReviewCmd(clk clock.Clock) *cobra.Command {
	var accept, ret bool
	var feedback string
	cmd := &cobra.Command{
		Use:   "ab-review FILE --accept|--return --feedback TEXT",
		Short: "Record the appropriate body's review of a submitted report",
		Long: `ab-review records the appropriate body's decision on a submitted report, as a
commit authored by you (an ab_lead or ab_reviewer in body.md): --accept, or
--return with --feedback saying what must change. Every signature must be in
place first. A returned report is edited, its signatures are removed and
collected again, and it is submitted again.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if accept == ret {
				return errors.New("give either --accept or --return")
			}
			decision := record.Accepted
			if ret {
				decision = record.Returned
			}
			o, u, err := openToCommit(cmd, clk, args[0])
			if err != nil {
				return err
			}
			done, err := workflow.Review(o.repo, o.people, o.book, o.report, o.ect, decision, feedback, u)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s: commit %s by %s <%s>\n", decision, o.report.Doc.Path, history.Short(done.Commit), u.Name, u.Email)
			return nil
		},
	}
	cmd.Flags().BoolVar(&accept, "accept", false, "accept the report")
	cmd.Flags().BoolVar(&ret, "return", false, "return the report to the school, with --feedback")
	cmd.Flags().StringVar(&feedback, "feedback", "", "what the school must change (required with --return)")
	return cmd
}

func newReleaseCmd(clk clock.Clock) *cobra.Command {
	return &cobra.Command{
		Use:   "release FILE",
		Short: "Release a report to the ECT for their comments and signature",
		Long: `release marks a report ready for the ECT: it adds released: {by, on} to its
front matter and commits it, authored by you, the report's induction tutor. The
report must validate (apart from signatures, which come next). Drafts stay on a
branch until then; once released, ect status and the portal show the report as
"ECT to comment".`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o, u, err := openToCommit(cmd, clk, args[0])
			if err != nil {
				return err
			}
			done, err := workflow.Release(o.repo, o.people, o.report, o.ect, u)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "released %s to the ECT: commit %s by %s <%s>\n", o.report.Doc.Path, history.Short(done.Commit), u.Name, u.Email)
			return nil
		},
	}
}
