// Package rules checks what a schema cannot: the statutory rules of
// induction and the links between records (people, roles, paths, dates).
// Each check has a rule name that appears in its diagnostics and in
// docs/rules.md.
package rules

import (
	"strconv"

	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/record"
)

// check is one rule (or a family of closely related rules) over the book.
type check func(b *record.Book, r *reporter)

// checks lists every rule, in the order they are documented.
var checks = []check{
	checkLayout,
	checkBody,
	checkSchools,
	checkECTs,
	checkReports,
	checkObservations,
	checkSupportPlans,
	checkExtraQuestions,
}

// Check runs every rule over a loaded book and returns the diagnostics.
func Check(b *record.Book) []diag.Diagnostic {
	r := &reporter{}
	for _, c := range checks {
		c(b, r)
	}
	return r.out
}

type reporter struct {
	out []diag.Diagnostic
}

// errorf reports an error at the value found at path in f's front matter.
func (r *reporter) errorf(f *record.File, path []string, rule, format string, args ...any) {
	if f.Failed(path) {
		return
	}
	r.out = append(r.out, diag.Errorf(f.Doc.Locate(path, false), rule, format, args...))
}

// warnf reports a warning at the value found at path in f's front matter.
func (r *reporter) warnf(f *record.File, path []string, rule, format string, args ...any) {
	if f.Failed(path) {
		return
	}
	r.out = append(r.out, diag.Warnf(f.Doc.Locate(path, false), rule, format, args...))
}

// errorAt reports an error at a given position.
func (r *reporter) errorAt(pos diag.Position, rule, format string, args ...any) {
	r.out = append(r.out, diag.Errorf(pos, rule, format, args...))
}

// p builds a front-matter path from field names and list indexes.
func p(parts ...any) []string {
	out := make([]string, len(parts))
	for i, x := range parts {
		switch v := x.(type) {
		case string:
			out[i] = v
		case int:
			out[i] = strconv.Itoa(v)
		}
	}
	return out
}

// errAtKey makes an error at the field name found at path.
func errAtKey(f *record.File, path []string, rule, msg string) diag.Diagnostic {
	return diag.Errorf(f.Doc.Locate(path, true), rule, "%s", msg)
}
