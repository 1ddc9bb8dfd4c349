package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/signing"
	"github.com/ectdocs/ectdocs/internal/transfer"
	"github.com/ectdocs/ectdocs/internal/workflow"
	"github.com/ectdocs/ectdocs/internal/workspace"
	"github.com/spf13/cobra"
)

func newTransferCmd(clk clock.Clock) *cobra.Command {
	var trn, out string
	cmd := &cobra.Command{
		Use:   "transfer --ect TRN --out FILE [PATH]",
		Short: "Package one ECT's records and their history for the next appropriate body",
		Long: `transfer writes FILE, a Git bundle holding one ECT's records with their whole
history, for the appropriate body that takes the ECT on: the ECT's folder,
their school's school.md and the body's body.md, and nothing of any other ECT.
The history is rewritten to leave everyone else out, each commit keeping its
author, dates and message (a neutral message where the commit also changed
other records). A tag, ectdocs-transfer, states who, from where and when, and
lists what this repository's history proves of each signature and each of
the AB's decisions (outcome, extension); it is signed
when Git is set to sign with an SSH key (user.signingkey, gpg.format ssh).

PATH is the records folder (default ./records); it must be in Git, with no
uncommitted changes to the ECT's records. FILE must not exist.
The receiving body checks the bundle with ect verify-bundle FILE.`,
		Args:                  cobra.MaximumNArgs(1),
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if trn == "" || out == "" {
				return errors.New("give the ECT's TRN with --ect and the file to write with --out")
			}
			return runTransfer(cmd, clk, trn, out, args)
		},
	}
	cmd.Flags().StringVar(&trn, "ect", "", "the TRN of the ECT whose records are sent")
	cmd.Flags().StringVar(&out, "out", "", "the bundle file to write (it must not exist)")
	return cmd
}

func runTransfer(cmd *cobra.Command, clk clock.Clock, trn, out string, args []string) error {
	if _, err := os.Lstat(out); err == nil {
		return fmt.Errorf("%s already exists: ect transfer never overwrites a file; give another --out or remove it", out)
	}
	dir := "records"
	if len(args) == 1 {
		dir = args[0]
	}
	folder, err := workspace.Enclosing(dir)
	if err != nil {
		return err
	}
	display := folder.Display
	book, err := folder.Load()
	if err != nil {
		return err
	}
	ect := book.ECT(trn)
	if ect == nil {
		return fmt.Errorf("no ECT with TRN %s in %s: check the TRN (ect status lists every ECT)", trn, display)
	}
	repo, err := transfer.OpenSource(folder.Dir, display, ect)
	if err != nil {
		return err
	}
	c, pr, err := checkBefore(folder, book, clk.Today(), ect, transfer.Sent(ect)...)
	if err != nil {
		return err
	}
	if err := c.refuse(cmd, ect.Name+"'s induction record", "a transfer sends only records whose signatures Git proves, so that the receiving body can prove them again"); err != nil {
		return err
	}
	user, err := workflow.CurrentUser(repo, clk.Now())
	if err != nil {
		return err
	}
	signer, unsigned, err := signing.GitSigner(repo)
	if err != nil {
		return err
	}
	packed, err := transfer.Build(transfer.Source{Repo: repo, History: pr.Auditor.History, Book: book, Result: pr.Result},
		transfer.Options{TRN: trn, Tagger: history.Person{Name: user.Name, Email: user.Email, When: user.When}, Signer: signer})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := packed.Write(&buf); err != nil {
		return err
	}
	if err := frontmatter.CreateFile(out, buf.Bytes()); errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: ect transfer never overwrites a file; give another --out or remove it", out)
	} else if err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	w := cmd.OutOrStdout()
	school := ""
	if ect.School != nil {
		school = ", " + ect.School.Name
	}
	fmt.Fprintf(w, "wrote %s: the records of %s (TRN %s%s)\n", out, ect.Name, trn, school)
	fmt.Fprintf(w, "  %s (of %d in this repository), %s, %s\n", diag.Plural(packed.Commits, "commit"), packed.Walked, diag.Plural(packed.Files, "file"), transfer.Size(buf.Len()))
	proofs, decisions := transfer.Counted(ect, pr.Result)
	what := fmt.Sprintf("%d signatures and reviews", proofs)
	if decisions > 0 {
		what += " and " + diag.Plural(decisions, "AB decision")
	}
	fmt.Fprintf(w, "  tag ectdocs-transfer: from commit %s of %s, listing what this history proves of its %s\n", history.Short(packed.Source), book.Body.Name, what)
	fmt.Fprintf(w, "  the bundle's tip is commit %s\n", packed.Tip)
	if signer != nil {
		fp := packed.TagKey()
		fmt.Fprintf(w, "  the tag is signed by %s <%s> with SSH key %s: tell the receiving body this fingerprint\n", user.Name, user.Email, fp)
		keys, _ := pr.Auditor.People.ABKeys()
		if err := packed.VerifyTag(keys); err != nil {
			fmt.Fprintf(cmd.ErrOrStderr(), "warning: the key %s is not registered to appropriate body staff under keys: in %s, so ect verify-bundle will refuse the tag: register it there (committed by you or the AB) and transfer again\n", fp, path.Join(display, "body.md"))
		}
	} else {
		fmt.Fprintf(w, "  the tag is not signed: %s\n", unsigned)
	}
	fmt.Fprintf(w, "the receiving appropriate body checks it with: ect verify-bundle %s\n", filepath.Base(out))
	return nil
}

func newVerifyBundleCmd(clk clock.Clock) *cobra.Command {
	var trust, format string
	cmd := &cobra.Command{
		Use:   "verify-bundle FILE [--trust KEY] [--format text|github|json]",
		Short: "Check a transfer bundle from another appropriate body: its records, signatures and tag",
		Long: `verify-bundle checks FILE, a bundle made by ect transfer, as it arrives: that
it is whole (every object and the pack's checksum), that the records in it are
valid, that every signature and AB review is proven by the bundle's own history
(added by the signer's own commit, nothing edited after signing, in order) and
every outcome or extension was added by appropriate body staff, and
that its ectdocs-transfer tag names that history and, when signed, is signed
with a key that the bundle's body.md registers to appropriate body staff.

The commits were rewritten to leave out other ECTs' records, so their
original commit signatures cannot be checked; the sending body's proofs are in
the tag. Compare the tag's key fingerprint with the sending body, or give
their key with --trust (a public key line, or a file holding one).

The last line says what was proven and no more: "everything is proven"
only when every signature is proven from the bundle's history (none
imported) and the tag is signed with the key given with --trust.

Exit status: 0 nothing wrong found (an unsigned tag, or a key not checked
with --trust, is not an error: the last line says what is still unproven;
with --trust, a tag not signed with that key is an error), 1 anything wrong,
2 usage error.`,
		Args:                  cobra.ExactArgs(1),
		DisableFlagsInUseLine: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := diag.ParseFormat(format)
			if err != nil {
				return err
			}
			var key *signing.Key
			if trust != "" {
				k, err := signing.KeyFrom(trust)
				if err != nil {
					return fmt.Errorf("--trust: %w", err)
				}
				key = &k
			}
			return runVerifyBundle(cmd, args[0], f, key, clk.Today())
		},
	}
	cmd.Flags().StringVar(&trust, "trust", "", "the sending body's public key (an SSH key line or a file holding one): the tag must be signed with it")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, github (workflow annotations) or json")
	return cmd
}

func runVerifyBundle(cmd *cobra.Command, file string, f diag.Format, trust *signing.Key, today time.Time) error {
	data, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no such file or directory", file)
	}
	if err != nil {
		return err
	}
	schemas, err := workspace.Schemas()
	if err != nil {
		return err
	}
	fail := func(err error) error {
		ds := []diag.Diagnostic{diag.Errorf(diag.Position{File: file}, transfer.RuleBundle, "%v", err)}
		sum := diag.Summary{Errors: 1, Notes: []string{"result: NOT proven: this file cannot be trusted; ask the sending appropriate body to send it again"}}
		if werr := diag.Write(cmd.OutOrStdout(), f, ds, sum); werr != nil {
			return werr
		}
		return &ExitError{ExitInvalid}
	}
	b, err := history.ReadBundle(data)
	if err != nil {
		return fail(err)
	}
	c, err := transfer.Verify(b, schemas, file, trust, today)
	if err != nil {
		return fail(err)
	}
	sum := diag.Summary{Files: c.Book.Files}
	sum.Errors, sum.Warnings = diag.Count(c.Diagnostics)
	sum.Notes = c.Summary(b, file, sum.Errors)
	if err := diag.Write(cmd.OutOrStdout(), f, c.Diagnostics, sum); err != nil {
		return err
	}
	if sum.Errors > 0 {
		return &ExitError{ExitInvalid}
	}
	return nil
}
