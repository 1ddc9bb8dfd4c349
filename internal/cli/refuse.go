package cli

import (
	"fmt"
	"time"

	"github.com/ectdocs/ectdocs/internal/check"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/workspace"
	"github.com/spf13/cobra"
)

// checked is what an action finds before it changes anything (check.Gate):
// the errors in the records it acts on, and the people as the history
// proves them.
type checked struct {
	errs   []diag.Diagnostic
	people *identity.People
}

// checkBefore checks the records folder f as ect validate does on day
// today, keeping the errors in files and in who may sign for e.
func checkBefore(f *workspace.Folder, book *record.Book, today time.Time, e *record.ECT, files ...string) (*checked, *check.Result, error) {
	g, res, err := check.Before(f, book, today, e, files...)
	if err != nil {
		return nil, nil, err
	}
	return &checked{errs: g.Errors, people: g.People}, res, nil
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
