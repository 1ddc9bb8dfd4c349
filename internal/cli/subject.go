package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/outdir"
	"github.com/ectdocs/ectdocs/internal/subject"
	"github.com/ectdocs/ectdocs/internal/workflow"
	"github.com/ectdocs/ectdocs/internal/workspace"
	"github.com/spf13/cobra"
)

// subjectLong is ect export's help: its CSVs, and --subject.
const subjectLong = `export writes DfE's bulk-upload CSVs (its commands, below), or, with
--subject, everything the records hold about one person, to answer a subject
access request under UK GDPR (docs/subject-access.md says how).

ect export --subject TRN|STAFF-ID [PATH] --out DIR writes into DIR, a new or
empty folder, everything held about an ECT (by their TRN) or a member of staff
(by their id in school.md or body.md; in every school that lists that id under
the same name):

  - for an ECT: every file in their folder, copied as it is (their records, and
    their evidence in documents/: regular files only, never through a
    symbolic link), each report and the whole induction record as PDFs (as ect
    pdf makes them), their signatures with what Git proves of each, the audit
    trail of each report, and the AB's decisions;
  - for staff: where the records list them, every signature, review and
    decision they made with what Git proves of each, and every field of a
    record that names them (tutor:, mentor:, by:, with:, …), with its line;
  - for both: their identity (e-mail addresses, GitHub login, keys) and who
    changed the record that holds it, and every other line of the records that
    holds their full name (in any case) or an ECT's TRN;
  - index.html, a page that says what each file is, and subject.json, the same
    for a computer.

The export is confidential (SG 2.79): its folder and files are readable by you
only. It says who made it (Git's user.name and user.email) and when (today, or
ECTDOCS_TODAY). An id that names nobody, or could be two people, is refused:
give the folder (or school.md) the request is about as PATH to choose. DIR is
never the records folder, inside it, the repository's folder or the folder you
are in, and never a folder that holds anything: the export never overwrites or
deletes a file.`

// subjectFlags are ect export's flags for --subject.
type subjectFlags struct {
	id, out string
	demo    bool
}

func (f *subjectFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.id, "subject", "", "write everything held about this person: an ECT's TRN or a staff id")
	cmd.Flags().StringVar(&f.out, "out", "", "with --subject: the new or empty folder to write into")
	cmd.Flags().BoolVar(&f.demo, "demo", false, "with --subject: use the built-in demo records")
}

// runSubject runs ect export: the export of --subject, or, without it,
// the command's help.
func runSubject(clk clock.Clock, f *subjectFlags) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if f.id == "" {
			if f.out != "" || f.demo {
				return errors.New("--out and --demo go with --subject TRN|STAFF-ID, or with a command: riab-claims, riab-outcomes (see 'ect export --help')")
			}
			return cmd.Help()
		}
		if err := subject.CheckID("--subject", f.id); err != nil {
			return err
		}
		if f.out == "" {
			return errors.New("--subject: give --out DIR, a new or empty folder to write the export into")
		}
		src, err := workspace.OpenOne(args, f.demo)
		if err != nil {
			return err
		}
		defer src.Close()
		const command = "ect export --subject"
		folder, err := outdir.Open(f.out, command, subject.Marker, protectedFrom(src.Dir,
			outdir.Protected{Dir: ".", What: "the folder you are working in"}))
		if err != nil {
			return err
		}
		if err := emptyOrNew(f.out); err != nil {
			return err
		}
		name, email := gitUser(src.Dir, clk)
		x, err := subject.Gather(src, subject.Options{ID: f.id, On: clk.Today(), ByName: name, ByEmail: email})
		if err != nil {
			return err
		}
		defer x.Close()
		var n int
		if err := folder.Replace(func(dir string) error {
			var err error
			n, err = x.Write(dir)
			return err
		}); err != nil {
			return err
		}
		w := cmd.ErrOrStderr()
		if !x.Produced.Proven {
			fmt.Fprintf(w, "%s %s: %s\n", command, f.id, x.Produced.Note)
		}
		fmt.Fprintf(w, "%s %s: %s written to %s\n", command, f.id, diag.Plural(n, "file"), f.out)
		return nil
	}
}

// emptyOrNew refuses an output folder that holds anything, an earlier
// export included: one person's records are never mixed with anything
// else, and nothing is overwritten or deleted.
func emptyOrNew(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("--out %s: %w", dir, err)
	case len(entries) > 0:
		return fmt.Errorf("--out %s is not empty: ect export --subject writes only into a new or empty folder, so that nothing is overwritten and one person's records are never mixed with anything else (an earlier export included); give a new folder", dir)
	}
	return nil
}

// gitUser is who is making the export, as Git would name them in a
// commit: user.name and user.email of the records' repository (or
// GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL); empty when Git does not know.
func gitUser(dir string, clk clock.Clock) (name, email string) {
	repo, err := history.Open(dir)
	if err != nil {
		return os.Getenv("GIT_AUTHOR_NAME"), os.Getenv("GIT_AUTHOR_EMAIL")
	}
	u, err := workflow.CurrentUser(repo, clk.Now())
	if err != nil {
		return "", ""
	}
	return u.Name, u.Email
}
