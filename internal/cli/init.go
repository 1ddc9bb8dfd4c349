package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/setup"
	"github.com/ectdocs/ectdocs/internal/version"
	"github.com/ectdocs/ectdocs/internal/workspace"
	"github.com/spf13/cobra"
)

func newInitCmd(clk clock.Clock) *cobra.Command {
	var d setup.Details
	var body, noInput bool
	var urn int
	var ectVersion string
	cmd := &cobra.Command{
		Use:   "init [DIR] (--body [--school URN] | --school URN) [flags]",
		Short: "Start a new records repository: records, workflows, CODEOWNERS",
		Long: `init starts a records repository in DIR (default: here), for the appropriate
body (--body: all its schools, with --school URN its first one) or for one
school (--school URN alone: a body that keeps one repository per school, so that
schools cannot see each other's records). It writes:

  records/body.md (and records/schools/<URN>-<name>/school.md)
      the body, its lead and placeholder term dates for this school year and
      the next (replace them: England has no national term dates);
  .github/workflows/validate.yml, publish.yml, remind.yml
      checks on every pull request, the portals, the weekday reminders, run
      with ectdocs' GitHub Action at the version named once in
      .github/actions/ect/action.yml;
  .github/CODEOWNERS, .github/pull_request_template.md,
  docs/repository-settings.md, README.md (what to do next).

What body.md and school.md need is taken from the flags; what they do not give
is asked for, one line each (on standard input: with --no-input, or when the
input ends, ect init names the flags missing instead). Each answer is checked
as ect validate would check it. The records written validate.

init never overwrites a file: if any of those files is there already it lists
them and writes nothing. When DIR is not in a Git repository it makes one
(branch main, no commit). The workflows use the Action at this ect's release
(or its commit); --ect-version names another.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			switch {
			case body:
				d.Shape = setup.BodyRepository
			case cmd.Flags().Changed("school"):
				d.Shape = setup.SchoolRepository
			default:
				return errors.New("say whose repository: --body (the appropriate body's, for all its schools) or --school URN (one school's)")
			}
			if cmd.Flags().Changed("school") {
				d.URN = strconv.Itoa(urn)
			}
			ref, warning, err := setup.Ref(version.Read(""), ectVersion)
			if err != nil {
				return err
			}
			schemas, err := workspace.Schemas()
			if err != nil {
				return err
			}
			check := setup.NewChecker(schemas)
			if err := check.Check(&d); err != nil {
				return err
			}
			if !noInput {
				if err := check.Ask(&d, cmd.InOrStdin(), cmd.ErrOrStderr(), !(isTerminal(os.Stdin) && cmd.InOrStdin() == os.Stdin)); err != nil {
					return err
				}
			}
			if err := d.Missing(); err != nil {
				return err
			}
			files, err := setup.Files(d, clk.Today(), ref, schemas, setup.Docs{
				RepositorySettings:  ectdocs.RepositorySettings(),
				PullRequestTemplate: ectdocs.PullRequestTemplate(),
			})
			if err != nil {
				return err
			}
			done, err := setup.Write(dir, files)
			if err != nil {
				return err
			}
			if warning != "" {
				fmt.Fprintf(cmd.ErrOrStderr(), "ect init: warning: %s\n", warning)
			}
			out := cmd.OutOrStdout()
			for _, f := range done.Files {
				fmt.Fprintf(out, "wrote %s\n", f)
			}
			if done.NewRepository {
				fmt.Fprintf(out, "made %s a Git repository (branch %s, nothing committed yet)\n", workspace.Shown(mustAbs(dir)), setup.Branch)
			}
			fmt.Fprintf(out, "the workflows run ect %s (named once, in .github/actions/ect/action.yml)\n", ref)
			fmt.Fprintf(out, `next:
  1. replace the placeholder term dates in records/body.md with your schools' own
  2. ect validate %s
  3. commit everything, push it to a new private GitHub repository, and set it up as
     docs/repository-settings.md says (README.md lists every step)
`, workspace.Shown(filepath.Join(mustAbs(dir), setup.RecordsDir)))
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&body, "body", false, "the appropriate body's repository, for all its schools")
	f.IntVar(&urn, "school", 0, "the school's URN: one school's repository, or with --body the body's first school")
	f.StringVar(&d.BodyName, "body-name", "", "the appropriate body's name")
	f.StringVar(&d.BodyType, "body-type", "", "teaching_school_hub, local_authority, istip or esp")
	f.StringVar(&d.BodyEmail, "body-email", "", "the appropriate body's e-mail address")
	f.StringVar(&d.LeadName, "lead-name", "", "the name of the AB's lead")
	f.StringVar(&d.LeadEmail, "lead-email", "", "the e-mail address the AB's lead commits with")
	f.StringVar(&d.ContactName, "contact-name", "", "the ECTs' named contact at the AB (SG 2.28; optional)")
	f.StringVar(&d.ContactEmail, "contact-email", "", "the named contact's e-mail address")
	f.StringVar(&d.SchoolName, "school-name", "", "the school's name")
	f.StringVar(&d.HeadName, "head-name", "", "the headteacher's name (the school's induction lead)")
	f.StringVar(&d.HeadEmail, "head-email", "", "the e-mail address the headteacher commits with")
	f.StringVar(&d.TutorName, "tutor-name", "", "the induction tutor's name")
	f.StringVar(&d.TutorEmail, "tutor-email", "", "the e-mail address the induction tutor commits with (the headteacher's if they are the tutor)")
	f.StringVar(&ectVersion, "ect-version", "", "the ectdocs release the workflows run, e.g. v1.4.0 (default: this ect's)")
	f.BoolVar(&noInput, "no-input", false, "never ask: refuse, naming the flags missing")
	return cmd
}

// mustAbs returns p made absolute, or p when it cannot be.
func mustAbs(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}
