package check

import (
	"path"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// Gate is what an action (release, sign, ab-review, outcome, new
// mentoring, transfer) finds before it changes anything: nothing is done
// on records that Git does not prove.
type Gate struct {
	// Errors are the errors ect validate, history proof included, reports
	// in the records the action touches, and in who may sign for the ECT.
	Errors []diag.Diagnostic
	// People are who the history proves each person is.
	People *identity.People
}

// Before checks the records folder f as ect validate does on day today and
// keeps, in the Gate, the errors in files (paths relative to the records
// folder; a folder covers what is in it) and any identity error in who may
// sign for the ECT e (their ect.md, their school's school.md, body.md).
func Before(f *workspace.Folder, book *record.Book, today time.Time, e *record.ECT, files ...string) (*Gate, *Result, error) {
	res, err := Run(f, book, rules.Options{Today: today}, "")
	if err != nil {
		return nil, nil, err
	}
	g := &Gate{Errors: errorsIn(res.Diagnostics, f.Display, e, files)}
	if res.Auditor != nil {
		g.People = res.Auditor.People
	} else {
		g.People, _ = identity.New(book)
	}
	return g, res, nil
}

// errorsIn keeps the errors in files (paths relative to the records
// folder shown as display; a folder covers what is in it) and the identity
// errors in who may sign for the ECT e (in their ect.md, their school's
// school.md and body.md).
func errorsIn(ds []diag.Diagnostic, display string, e *record.ECT, files []string) []diag.Diagnostic {
	identities := []string{"body.md"}
	if e != nil {
		identities = append(identities, e.Rel)
		if e.School != nil {
			identities = append(identities, e.School.Rel)
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
		if d.Severity == diag.Error && (in(d, files) || d.Rule == audit.RuleIdentity && in(d, identities)) {
			out = append(out, d)
		}
	}
	diag.Sort(out)
	return out
}
