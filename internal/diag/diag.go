// Package diag carries every problem found in the records as a Diagnostic:
// where it is (a Position, path:line:col), how bad it is, which rule found
// it, and what to do about it. It also prints diagnostics as text, as GitHub
// workflow annotations and as JSON.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
)

// Position is a place in a file. Line and Column count from 1; 0 means
// unknown (the whole file, or the whole line).
type Position struct {
	File   string `json:"path"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

// String formats the position as path:line:col, leaving out what is unknown.
func (p Position) String() string {
	s := p.File
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
		if p.Column > 0 {
			s += ":" + strconv.Itoa(p.Column)
		}
	}
	return s
}

// Severity says whether a diagnostic fails validation.
type Severity int

const (
	// Error makes the records invalid.
	Error Severity = iota
	// Warning is worth fixing but does not fail validation.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText makes a Severity print as its name in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one problem in the records.
type Diagnostic struct {
	Position
	Severity Severity `json:"severity"`
	// Rule names the check that found the problem, e.g. "schema",
	// "yaml" or "tutor-qts"; docs/rules.md lists them all.
	Rule string `json:"rule"`
	// Message says what is wrong and how to fix it.
	Message string `json:"message"`
}

// String formats the diagnostic the way compilers do:
// "path:line:col: message [rule]", with "warning: " before the message of a
// warning.
func (d Diagnostic) String() string {
	sev := ""
	if d.Severity == Warning {
		sev = "warning: "
	}
	return fmt.Sprintf("%s: %s%s [%s]", d.Position, sev, d.Message, d.Rule)
}

// Errorf makes an error-level diagnostic.
func Errorf(pos Position, rule, format string, args ...any) Diagnostic {
	return Diagnostic{Position: pos, Severity: Error, Rule: rule, Message: fmt.Sprintf(format, args...)}
}

// Warnf makes a warning-level diagnostic.
func Warnf(pos Position, rule, format string, args ...any) Diagnostic {
	return Diagnostic{Position: pos, Severity: Warning, Rule: rule, Message: fmt.Sprintf(format, args...)}
}

// Sort orders diagnostics by file, line and column, then rule and message,
// so that output is stable whatever order the workers finished in.
func Sort(ds []Diagnostic) {
	slices.SortFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Count returns the number of errors and of warnings in ds.
func Count(ds []Diagnostic) (errors, warnings int) {
	for _, d := range ds {
		if d.Severity == Warning {
			warnings++
		} else {
			errors++
		}
	}
	return errors, warnings
}
