package cli

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/check"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/workspace"
	"github.com/spf13/cobra"
)

// checked is what an action (release, sign, ab-review, outcome, new
// mentoring, transfer) finds before it changes anything: the errors that
// ect validate, history proof included, reports in the records it acts
// on, and the people as the history proves them.
type checked struct {
	errs   []diag.Diagnostic
	people *identity.People
}

// checkBefore checks the records folder f as ect
// validate does on day today, and keeps the errors in the files it acts on
// (paths relative to the records folder; a folder covers what is in it)
// and any error in who may sign for that ECT (their ect.md, their school's
// school.md, body.md): nothing is done on records that Git does not prove.
func checkBefore(f *workspace.Folder, book *record.Book, today time.Time, e *record.ECT, files ...string) (*checked, *check.Result, error) {
	res, err := check.Run(f, book, rules.Options{Today: today}, "")
	if err != nil {
		return nil, nil, err
	}
	c := &checked{errs: errorsIn(res.Diagnostics, f.Display, e, files)}
	if res.Auditor != nil {
		c.people = res.Auditor.People
	} else {
		c.people, _ = identity.New(book)
	}
	return c, res, nil
}

// errorsIn keeps the errors in files (paths relative to the records
// folder shown as display; a folder covers what is in it) and the errors
// in who may sign for the ECT e (in their ect.md, their school's
// school.md and body.md).
func errorsIn(ds []diag.Diagnostic, display string, e *record.ECT, files []string) []diag.Diagnostic {
	identity := []string{"body.md"}
	if e != nil {
		identity = append(identity, e.Rel)
		if e.School != nil {
			identity = append(identity, e.School.Rel)
		}
	}
	in := func(d diag.Diagnostic, rels []string) bool {
		for _, rel := range rels {
			p := path.Join(display, rel)
			if d.File == p || strings.HasPrefix(d.File, p+"/") {
				return true
			}
		}
		return false
	}
	var out []diag.Diagnostic
	for _, d := range ds {
		if d.Severity == diag.Error && (in(d, files) || d.Rule == audit.RuleIdentity && in(d, identity)) {
			out = append(out, d)
		}
	}
	diag.Sort(out)
	return out
}

// refuse prints the errors and fails when there are any, saying what was
// not done: "nobody signs, releases or reviews a report that does not
// validate".
func (c *checked) refuse(cmd *cobra.Command, what, rule string) error {
	if len(c.errs) == 0 {
		return nil
	}
	for _, d := range c.errs {
		fmt.Fprintln(cmd.ErrOrStderr(), d)
	}
	them := map[bool]string{true: "it", false: "them"}[len(c.errs) == 1]
	fmt.Fprintf(cmd.ErrOrStderr(), "ect: %s has %s: fix %s (ect validate lists %s) first: %s\n",
		what, diag.Plural(len(c.errs), "error"), them, them, rule)
	return &ExitError{ExitInvalid}
}
