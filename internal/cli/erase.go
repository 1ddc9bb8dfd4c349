package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/erase"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/qa"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/spf13/cobra"
)

func newEraseCmd(clk clock.Clock) *cobra.Command {
	var trn, by, reason, branch, on, bundle string
	cmd := &cobra.Command{
		Use:   "erase --ect TRN --by STAFF-ID --reason retention|request [--bundle FILE] [PATH]",
		Short: "Write a new history without an ECT's records, for the appropriate body to review and push",
		Long: `erase removes an ECT's records from the whole Git history of the records
repository: it writes a new history on a new branch (erasure-DATE), in which
no commit, folder or file holds the ECT's records, name, TRN or e-mail
addresses (commits that only changed their records are left out; others keep
their author, date and message, with the ECT's name taken out). Its last
commit adds an erasure record (records/.erasures/DATE-COMMIT.md), made by the
appropriate body's lead given with --by: who, when, under which policy, and
what became of each commit. ect validate then proves every other signature
from the new history, and still refuses any other rewrite.

Nothing is deleted: the branch you are on, the working folder and the old
history stay as they are until the appropriate body has reviewed the new
branch and pushed it in place of the old (README: "Personal data for its
whole life"). With --bundle FILE it first writes the ECT's records with their
proven history into FILE, as ect transfer does, to hand over (to the ECT, or
their next appropriate body) before they go; ect export --subject writes a
copy a person can read.

--reason retention erases only once the retention period has ended
(retention_years in body.md from the end of induction, at least six years,
SG 2.77); --reason request erases on the ECT's request under data protection
law, at any time the appropriate body agrees to.

Refused, with nothing written, when another record holds the ECT's name, TRN
or address in some version (erasing would leave it there), or when --by is
not an AB lead.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !record.ValidTRN(trn) {
				return fmt.Errorf("--ect %q: give the ECT's TRN, 7 digits", trn)
			}
			today, err := clk.Day(on)
			if err != nil {
				return fmt.Errorf("--on: %w", err)
			}
			src, book, err := openBook(args, false)
			if err != nil {
				return err
			}
			defer src.Close()
			e := book.ECT(trn)
			if e == nil {
				return fmt.Errorf("no ECT with TRN %s in %s", trn, src.Display)
			}
			if book.Body == nil {
				return errors.New("the records have no body.md")
			}
			lead, ok := book.Body.Person(by)
			if !ok || !lead.HasRole(record.StaffABLead) {
				return fmt.Errorf("--by %q: give the staff id of the appropriate body's lead who erases (ab_lead in body.md)", by)
			}
			if reason == erase.ReasonRetention {
				ends, ended := qa.RetentionEnds(e, book.Body.Retention())
				switch {
				case !ended:
					return fmt.Errorf("%s's induction has not ended: their records are kept %d years from its end (SG 2.77). Erase before then only on their request: --reason request", e.Name, book.Body.Retention())
				case today.Before(ends):
					return fmt.Errorf("%s's records are kept until %s (%d years from the end of induction, retention_years; SG 2.77). Erase before then only on their request: --reason request", e.Name, ends.Format(time.DateOnly), book.Body.Retention())
				}
			}
			repo, err := history.Open(src.Dir)
			if errors.Is(err, history.ErrNotRepository) {
				return fmt.Errorf("%s is not in a Git repository: there is no history to erase from (delete the ECT's folder)", src.Display)
			}
			if err != nil {
				return err
			}
			if repo.Shallow() {
				return errors.New("the repository is a shallow clone: erase needs the whole history (git fetch --unshallow)")
			}
			if branch == "" {
				branch = "erasure-" + today.Format(time.DateOnly)
			}
			if bundle != "" {
				if err := runTransfer(cmd, clk, trn, bundle, args); err != nil {
					return fmt.Errorf("--bundle: %w (nothing was erased)", err)
				}
			}
			res, err := erase.Erase(repo, book, erase.Options{ECT: e, By: lead, On: clk.Now(), Reason: reason, Branch: branch})
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "ect erase: wrote the branch %s: %d commits rewritten without %s's records (%d left out, as they only changed them), and the erasure record %s by %s.\n",
				res.Branch, res.Commits, e.Name, res.Left, res.Record, lead.Name)
			fmt.Fprintf(out, "Nothing else has changed: your branch, the working folder and the old history are as they were.\n\nNext, as the README says (\"Personal data for its whole life\"):\n")
			fmt.Fprintf(out, "  1. review it: git log --stat %s; ect validate on a checkout of it;\n", res.Branch)
			fmt.Fprintf(out, "  2. under signing_policy verified, sign the erasure record's commit: git checkout %s && git commit --amend --no-edit -S;\n", res.Branch)
			fmt.Fprintf(out, "  3. put it in place of the old history: git push --force origin %s:main (branch protection allowing), and have every clone fetch it afresh;\n", res.Branch)
			fmt.Fprintf(out, "  4. remove the old history everywhere: delete old branches and tags, then git reflog expire --expire=now --all && git gc --prune=now; backups and forks too.\n")
			return nil
		},
	}
	cmd.Flags().StringVar(&trn, "ect", "", "the TRN of the ECT whose records are erased")
	cmd.Flags().StringVar(&by, "by", "", "the staff id of the appropriate body's lead who erases them (ab_lead in body.md)")
	cmd.Flags().StringVar(&reason, "reason", "", "retention (the retention period has ended) or request (the ECT's request under data protection law)")
	cmd.Flags().StringVar(&branch, "branch", "", "the new history's branch (default erasure-DATE); it must not exist")
	cmd.Flags().StringVar(&on, "on", "", "today, YYYY-MM-DD, for the retention period")
	cmd.Flags().StringVar(&bundle, "bundle", "", "first write the ECT's records and their history into this new file, as ect transfer does, to hand over")
	return cmd
}
