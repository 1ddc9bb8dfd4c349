// Package schema compiles the embedded JSON Schemas once and validates the
// front matter of each record against the schema for its kind, turning every
// failure into a positioned, actionable diagnostic.
package schema

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/spell"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Rule is the rule name of every schema diagnostic.
const Rule = "schema"

const base = "file:///ectdocs/schemas/"

var printer = message.NewPrinter(language.English)

// Set is the compiled schemas, one per record kind. It is safe for
// concurrent use.
type Set struct {
	byKind map[string]*jsonschema.Schema
	byLoc  map[string]*jsonschema.Schema
}

// Compile reads every *.schema.json in fsys and compiles one schema per
// record kind; defs.schema.json holds shared definitions and is not a kind.
func Compile(fsys fs.FS) (*Set, error) {
	names, err := fs.Glob(fsys, "*.schema.json")
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.UseLoader(refuseLoader{})
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", name, err)
		}
		if err := c.AddResource(base+name, doc); err != nil {
			return nil, fmt.Errorf("schema %s: %w", name, err)
		}
	}
	s := &Set{byKind: map[string]*jsonschema.Schema{}, byLoc: map[string]*jsonschema.Schema{}}
	for _, name := range names {
		k := strings.TrimSuffix(name, ".schema.json")
		sch, err := c.Compile(base + name)
		if err != nil {
			return nil, fmt.Errorf("compile schema %s: %w", name, err)
		}
		if k != "defs" {
			s.byKind[k] = sch
		}
		s.index(sch)
	}
	if len(s.byKind) == 0 {
		return nil, errors.New("no *.schema.json files found")
	}
	return s, nil
}

type refuseLoader struct{}

func (refuseLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("schema %s is not embedded: schemas may only refer to each other", url)
}

// index records every subschema by location, for error messages.
func (s *Set) index(sch *jsonschema.Schema) {
	if sch == nil || s.byLoc[sch.Location] == sch {
		return
	}
	s.byLoc[sch.Location] = sch
	for _, p := range sch.Properties {
		s.index(p)
	}
	for _, x := range append(slices.Clone(sch.AllOf), sch.AnyOf...) {
		s.index(x)
	}
	for _, x := range []*jsonschema.Schema{sch.Ref, sch.If, sch.Then, sch.Else, sch.Items2020, sch.PropertyNames, sch.Not} {
		s.index(x)
	}
	if ap, ok := sch.AdditionalProperties.(*jsonschema.Schema); ok {
		s.index(ap)
	}
}

// Kinds returns the record kinds there is a schema for, sorted.
func (s *Set) Kinds() []string {
	ks := make([]string, 0, len(s.byKind))
	for k := range s.byKind {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Has reports whether there is a schema for kind.
func (s *Set) Has(kind string) bool { return s.byKind[kind] != nil }

// Validate checks a document's front matter against the schema for kind.
// Besides the diagnostics it returns the front-matter paths of the values
// that failed (joined with "/"), so that later checks can stay quiet about
// a value the schema already complained of.
func (s *Set) Validate(doc *frontmatter.Document, recordKind string) (ds []diag.Diagnostic, failed []string) {
	sch := s.byKind[recordKind]
	if sch == nil {
		return nil, nil
	}
	err := sch.Validate(doc.Values())
	if err == nil {
		return nil, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []diag.Diagnostic{diag.Errorf(doc.Pos(1, 1), Rule, "%v", err)}, []string{""}
	}
	all := leaves(ve, nil)
	// A misspelt required field is one mistake, not two: when an unknown
	// field's nearest name is a missing required one, say only "did you
	// mean".
	missing := map[string]bool{}
	for _, leaf := range all {
		if k, ok := leaf.ErrorKind.(*kind.Required); ok {
			for _, m := range k.Missing {
				missing[join(strings.Join(leaf.InstanceLocation, "/"), m)] = true
			}
		}
	}
	misspelt := map[string]bool{}
	for _, leaf := range all {
		if k, ok := leaf.ErrorKind.(*kind.AdditionalProperties); ok {
			loc := strings.Join(leaf.InstanceLocation, "/")
			for _, p := range k.Properties {
				if near, ok := spell.Nearest(p, s.known(leaf)); ok && missing[join(loc, near)] {
					misspelt[join(loc, near)] = true
				}
			}
		}
	}
	for _, leaf := range all {
		for _, d := range s.explain(doc, leaf) {
			if d.suppressKey == "" || !misspelt[d.suppressKey] {
				ds = append(ds, d.Diagnostic)
			}
		}
		loc := strings.Join(leaf.InstanceLocation, "/")
		switch k := leaf.ErrorKind.(type) {
		case *kind.Required:
			for _, m := range k.Missing {
				failed = append(failed, join(loc, m))
			}
		case *kind.AdditionalProperties:
			for _, m := range k.Properties {
				failed = append(failed, join(loc, m))
				// A misspelling of a known field stands for that field:
				// rules should not also call it missing.
				if near, ok := spell.Nearest(m, s.known(leaf)); ok {
					failed = append(failed, join(loc, near))
				}
			}
		default:
			failed = append(failed, loc)
		}
	}
	return dedupe(ds), failed
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "/" + b
}

// leaves returns the errors that have no causes: the specific failures.
func leaves(e *jsonschema.ValidationError, acc []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return append(acc, e)
	}
	for _, c := range e.Causes {
		acc = leaves(c, acc)
	}
	return acc
}

func dedupe(ds []diag.Diagnostic) []diag.Diagnostic {
	seen := map[string]bool{}
	out := ds[:0]
	for _, d := range ds {
		if k := d.String(); !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}

// known returns the property names of the object schema an error is about.
func (s *Set) known(e *jsonschema.ValidationError) []string {
	here := s.byLoc[e.SchemaURL]
	if here == nil {
		return nil
	}
	known := make([]string, 0, len(here.Properties))
	for p := range here.Properties {
		known = append(known, p)
	}
	sort.Strings(known)
	return known
}

// explained is a diagnostic about a missing field, with the key that lets
// Validate drop it in favour of a "did you mean".
type explained struct {
	diag.Diagnostic
	suppressKey string
}

func (s *Set) explain(doc *frontmatter.Document, e *jsonschema.ValidationError) []explained {
	loc := e.InstanceLocation
	at := doc.Locate(loc, false)
	name := frontmatter.FieldName(loc)
	errf := func(pos diag.Position, format string, args ...any) []explained {
		return []explained{{Diagnostic: diag.Errorf(pos, Rule, format, args...)}}
	}
	here := s.byLoc[e.SchemaURL]
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		var out []explained
		for _, m := range k.Missing {
			full := frontmatter.FieldName(append(slices.Clone(loc), m))
			msg := fmt.Sprintf("missing field %q: add %s", full, m+": …")
			if d := s.describe(here, m); d != "" {
				msg += " (" + d + ")"
			}
			out = append(out, explained{diag.Errorf(at, Rule, "%s", msg), join(strings.Join(loc, "/"), m)})
		}
		return out
	case *kind.AdditionalProperties:
		var out []explained
		known := s.known(e)
		for _, p := range k.Properties {
			pos := doc.Locate(append(slices.Clone(loc), p), true)
			where := ""
			if name != "" {
				where = " in " + name
			}
			msg := fmt.Sprintf("unknown field %q%s", p, where)
			if near, ok := spell.Nearest(p, known); ok {
				msg += fmt.Sprintf(": did you mean %q?", near)
			} else if len(known) > 0 {
				msg += ": known fields are " + strings.Join(known, ", ")
			}
			out = append(out, errf(pos, "%s", msg)...)
		}
		return out
	case *kind.Type:
		got := typeName(k.Got)
		if n := doc.Node(loc...); n != nil && n.Value != "" {
			got = strconv.Quote(n.Value)
			if k.Got != "string" {
				got = n.Value
			}
		}
		msg := fmt.Sprintf("%s must be %s, not %s", orTop(name), article(k.Want), got)
		if slices.Contains(k.Want, "string") && (k.Got == "number" || k.Got == "integer" || k.Got == "boolean") {
			msg += fmt.Sprintf(": put the value in quotes, e.g. %s: \"%v\"", lastName(loc), scalarText(doc, loc))
		}
		return errf(at, "%s", msg)
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		if k.Got == nil {
			return errf(at, "%s is empty: write one of %s", orTop(name), strings.Join(want, ", "))
		}
		got := fmt.Sprint(k.Got)
		msg := fmt.Sprintf("%s: %q is not allowed; use one of %s", orTop(name), got, strings.Join(want, ", "))
		if near, ok := spell.Nearest(got, want); ok {
			msg = fmt.Sprintf("%s: %q is not allowed: did you mean %q?", orTop(name), got, near)
		}
		return errf(at, "%s", msg)
	case *kind.Const:
		return errf(at, "%s must be %v", orTop(name), k.Want)
	case *kind.Pattern:
		if strings.TrimSpace(k.Got) == "" {
			return errf(at, "%s %s: write the answer, or remove the field if it is optional", orTop(name), Blank)
		}
		desc := ""
		if here != nil {
			desc = here.Description
		}
		return errf(at, "%s: %q %s", orTop(name), k.Got, NotInForm(desc))
	case *kind.Format:
		msg := fmt.Sprintf("%s: %q is not a valid %s", orTop(name), fmt.Sprint(k.Got), k.Want)
		if k.Want == "date" {
			msg += " (YYYY-MM-DD, a real calendar date)"
		}
		return errf(at, "%s", msg)
	case *kind.MultipleOf:
		return errf(at, "%s: %s has too many decimal places; use steps of %s", orTop(name), ratText(k.Got), ratText(k.Want))
	case *kind.Minimum:
		return errf(at, "%s: %s is less than the minimum, %s", orTop(name), ratText(k.Got), ratText(k.Want))
	case *kind.Maximum:
		return errf(at, "%s: %s is more than the maximum, %s", orTop(name), ratText(k.Got), ratText(k.Want))
	case *kind.ExclusiveMinimum:
		return errf(at, "%s: %s must be more than %s", orTop(name), ratText(k.Got), ratText(k.Want))
	case *kind.MinItems:
		return errf(at, "%s needs at least %d item(s)", orTop(name), k.Want)
	case *kind.MinLength:
		return errf(at, "%s must not be empty", orTop(name))
	case *kind.MaxLength:
		return errf(at, "%s is %d characters long; at most %d are allowed", orTop(name), k.Got, k.Want)
	case *kind.UniqueItems:
		return errf(doc.Locate(append(slices.Clone(loc), fmt.Sprint(k.Duplicates[1])), false),
			"%s: item %d repeats item %d; remove one", orTop(name), k.Duplicates[1]+1, k.Duplicates[0]+1)
	}
	return errf(at, "%s: %s", orTop(name), e.ErrorKind.LocalizedString(printer))
}

// Blank is what is said of a text left blank where an answer is needed.
const Blank = "must not be blank"

// NotInForm is what is said of a text that does not match its schema's
// pattern, described by the schema's description: ect validate says it
// after the field's name and value, and the portal's editor at the field.
func NotInForm(description string) string {
	msg := "is not in the right form"
	if description != "" {
		msg += ": " + lowerFirst(description)
	}
	return msg
}

// describe returns the description of property p of an object schema.
func (s *Set) describe(obj *jsonschema.Schema, p string) string {
	if obj == nil {
		return ""
	}
	ps := obj.Properties[p]
	for ps != nil {
		if ps.Description != "" {
			return lowerFirst(strings.TrimSuffix(ps.Description, "."))
		}
		ps = ps.Ref
	}
	return ""
}

func orTop(name string) string {
	if name == "" {
		return "the front matter"
	}
	return name
}

func lastName(loc []string) string {
	for i := len(loc) - 1; i >= 0; i-- {
		if strings.Trim(loc[i], "0123456789") != "" {
			return loc[i]
		}
	}
	return "value"
}

func scalarText(doc *frontmatter.Document, loc []string) string {
	if n := doc.Node(loc...); n != nil {
		return n.Value
	}
	return "…"
}

func article(want []string) string {
	names := make([]string, len(want))
	for i, w := range want {
		names[i] = typeName(w)
	}
	return strings.Join(names, " or ")
}

func typeName(t string) string {
	switch t {
	case "string":
		return "text"
	case "integer":
		return "a whole number"
	case "number":
		return "a number"
	case "boolean":
		return "true or false"
	case "object":
		return "a set of fields"
	case "array":
		return "a list"
	case "null":
		return "empty"
	}
	return t
}

func ratText(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.6f", f), "0"), ".")
}

func lowerFirst(s string) string {
	if s == "" || strings.HasPrefix(s, "TRN") || strings.HasPrefix(s, "FTE") || strings.HasPrefix(s, "ECT") || strings.HasPrefix(s, "ITTECF") {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
