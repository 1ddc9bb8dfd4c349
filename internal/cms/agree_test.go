package cms_test

import (
	"bytes"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/cms"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
)

// compiled compiles schemas/ with the JSON Schema library ect validate
// uses, independently of how internal/cms reads them, one schema a kind.
func compiled(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	fsys := ectdocs.Schemas()
	names, err := fs.Glob(fsys, "*.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource("file:///s/"+n, doc); err != nil {
			t.Fatal(err)
		}
	}
	out := map[string]*jsonschema.Schema{}
	for _, n := range names {
		kind := strings.TrimSuffix(n, ".schema.json")
		if kind == "defs" {
			continue
		}
		s, err := c.Compile("file:///s/" + n)
		if err != nil {
			t.Fatal(err)
		}
		out[kind] = s
	}
	return out
}

// TestEveryKindAgrees proves, for every kind in schemas/, that the demo's
// editor configuration (for the appropriate body, which has every kind)
// and the schema agree: each property is a field with the widget its
// type calls for, required exactly when the schema requires it, with the
// schema's pattern, enum and date format; and each field is a property
// (the body's Markdown apart). A property added to a schema without the
// editor knowing it fails here.
func TestEveryKindAgrees(t *testing.T) {
	book := fixture.DemoBook(t)
	c := demoConfig(t, book)
	kinds := compiled(t)
	if len(kinds) != len(record.Kinds) {
		t.Fatalf("%d schemas but %d record kinds", len(kinds), len(record.Kinds))
	}
	for kind, sch := range kinds {
		var n int
		for _, col := range c.Collections {
			if string(col.Kind) != kind {
				continue
			}
			n++
			fields := col.Fields
			if len(col.Files) > 0 {
				fields = col.Files[0].Fields
			}
			a := agreement{t: t, kind: record.Kind(kind), body: book.Body}
			a.object(col.Name, sch, fields, true)
		}
		if n == 0 {
			t.Errorf("%s: no collection in the configuration", kind)
		}
	}
}

type agreement struct {
	t    *testing.T
	kind record.Kind
	body *record.Body
}

// chain is a schema and the schemas its $refs lead to: the first that
// says something wins.
func chain(s *jsonschema.Schema) []*jsonschema.Schema {
	var out []*jsonschema.Schema
	for ; s != nil; s = s.Ref {
		out = append(out, s)
	}
	return out
}

func first[T comparable](s *jsonschema.Schema, get func(*jsonschema.Schema) T) T {
	var zero T
	for _, x := range chain(s) {
		if v := get(x); v != zero {
			return v
		}
	}
	return zero
}

func (a agreement) object(where string, sch *jsonschema.Schema, fields []*cms.Field, top bool) {
	t := a.t
	props := first(sch, func(s *jsonschema.Schema) *map[string]*jsonschema.Schema {
		if s.Properties == nil {
			return nil
		}
		return &s.Properties
	})
	if props == nil {
		t.Errorf("%s: no properties in the schema", where)
		return
	}
	required := first(sch, func(s *jsonschema.Schema) *[]string {
		if s.Required == nil {
			return nil
		}
		return &s.Required
	})
	byName := map[string]*cms.Field{}
	for _, f := range fields {
		byName[f.Name] = f
		if (f.Name == "body" || f.Name == cms.WorkflowField && a.report()) && top {
			continue
		}
		if (*props)[f.Name] == nil {
			t.Errorf("%s: field %q is no property of the schema", where, f.Name)
		}
	}
	if top && byName["body"] == nil {
		t.Errorf("%s: no field for the Markdown body", where)
	}
	if top && a.report() && (byName[cms.WorkflowField] == nil || byName[cms.WorkflowField].Widget != cms.WidgetWorkflow) {
		t.Errorf("%s: no workflow buttons", where)
	}
	for name, p := range *props {
		f := byName[name]
		if f == nil {
			t.Errorf("%s: property %q has no field", where, name)
			continue
		}
		if top && a.report() && slices.Contains(cms.WorkflowEntries, name) {
			// Written by the workflow's buttons only: kept, not shown.
			if f.Widget != cms.WidgetHidden || f.Required != (required != nil && slices.Contains(*required, name)) {
				t.Errorf("%s.%s: widget %s (required %v), want a hidden field the buttons write", where, name, f.Widget, f.Required)
			}
			continue
		}
		a.field(where+"."+name, p, f, required != nil && slices.Contains(*required, name))
	}
}

// report: records of the kind are signed, with the workflow's buttons.
func (a agreement) report() bool {
	return a.kind == record.KindProgressReview || a.kind == record.KindFormalAssessment
}

func (a agreement) field(where string, p *jsonschema.Schema, f *cms.Field, required bool) {
	t := a.t
	if f.Required != required {
		t.Errorf("%s: required is %v, the schema says %v", where, f.Required, required)
	}
	widget := func(want string) {
		if f.Widget != want {
			t.Errorf("%s: widget %s, want %s", where, f.Widget, want)
		}
	}
	enum := first(p, func(s *jsonschema.Schema) *jsonschema.Enum { return s.Enum })
	types := first(p, func(s *jsonschema.Schema) *jsonschema.Types { return s.Types })
	var typ string
	if types != nil && len(types.ToStrings()) == 1 {
		typ = types.ToStrings()[0]
	}
	switch {
	case first(p, func(s *jsonschema.Schema) *any { return s.Const }) != nil:
		widget(cms.WidgetHidden)
	case enum != nil:
		widget(cms.WidgetSelect)
		a.options(where, enum, f)
	case typ == "string":
		if format := first(p, func(s *jsonschema.Schema) *jsonschema.Format { return s.Format }); format != nil && format.Name == "date" {
			widget(cms.WidgetDate)
			if f.DateFormat != "YYYY-MM-DD" || f.TimeFormat == nil || *f.TimeFormat {
				t.Errorf("%s: a date field, not date only as YYYY-MM-DD (date_format %q, time_format %v)", where, f.DateFormat, f.TimeFormat)
			}
			return
		}
		widget(cms.WidgetString)
		pattern := first(p, func(s *jsonschema.Schema) jsonschema.Regexp { return s.Pattern })
		switch {
		case pattern == nil && f.Pattern != nil:
			t.Errorf("%s: pattern %q, the schema has none", where, f.Pattern)
		case pattern != nil && (len(f.Pattern) != 2 || f.Pattern[0] != pattern.String()):
			t.Errorf("%s: pattern %q, the schema's is %q", where, f.Pattern, pattern.String())
		case pattern != nil && !strings.HasPrefix(f.Pattern[1], "This "):
			t.Errorf("%s: pattern message %q", where, f.Pattern[1])
		}
	case typ == "integer" || typ == "number":
		widget(cms.WidgetNumber)
		if want := map[string]string{"integer": "int", "number": "float"}[typ]; f.ValueType != want {
			t.Errorf("%s: value_type %s, want %s", where, f.ValueType, want)
		}
	case typ == "boolean":
		widget(cms.WidgetBoolean)
	case typ == "array":
		items := first(p, func(s *jsonschema.Schema) *jsonschema.Schema { return s.Items2020 })
		if e := first(items, func(s *jsonschema.Schema) *jsonschema.Enum { return s.Enum }); e != nil {
			widget(cms.WidgetSelect)
			if !f.Multiple {
				t.Errorf("%s: a list of choices, not select multiple", where)
			}
			a.options(where, e, f)
			return
		}
		widget(cms.WidgetList)
		if it := first(items, func(s *jsonschema.Schema) *jsonschema.Types { return s.Types }); it != nil && slices.Equal(it.ToStrings(), []string{"object"}) {
			a.object(where+"[]", items, f.Fields, false)
			return
		}
		if f.Field == nil {
			t.Errorf("%s: a list with no field for its items", where)
			return
		}
		a.field(where+"[]", items, f.Field, true)
	case typ == "object":
		widget(cms.WidgetObject)
		if first(p, func(s *jsonschema.Schema) *map[string]*jsonschema.Schema {
			if s.Properties == nil {
				return nil
			}
			return &s.Properties
		}) == nil {
			a.answers(where, f)
			return
		}
		a.object(where, p, f.Fields, false)
	default:
		t.Errorf("%s: a schema of type %v that the test does not know", where, types)
	}
}

func (a agreement) options(where string, e *jsonschema.Enum, f *cms.Field) {
	var want []string
	for _, v := range e.Values {
		want = append(want, v.(string))
	}
	if !slices.Equal(f.Options, want) {
		a.t.Errorf("%s: options %q, the schema's enum is %q", where, f.Options, want)
	}
}

// answers: the body's extra questions for this kind, answered in front
// matter, are the answers: object's fields.
func (a agreement) answers(where string, f *cms.Field) {
	var want []string
	for _, q := range a.body.ExtraQuestions {
		if slices.Contains(q.AppliesTo, a.kind) && q.Answer != "section" {
			want = append(want, q.ID)
		}
	}
	var got []string
	for _, x := range f.Fields {
		got = append(got, x.Name)
	}
	if !slices.Equal(got, want) {
		a.t.Errorf("%s: fields %q, the body's questions for %s are %q", where, got, a.kind, want)
	}
}
