package cms

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/big"
	"strings"

	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schema"
)

// Field is one field of a Decap CMS collection (config.yml's fields:),
// made from a schema property. The zero values are left out.
type Field struct {
	Name     string `yaml:"name"`
	Label    string `yaml:"label"`
	Widget   string `yaml:"widget"`
	Required bool   `yaml:"required"`
	Hint     string `yaml:"hint,omitempty"`
	// Pattern is [regular expression, message]: Decap shows the message at
	// the field, before saving, when the text does not match.
	Pattern []string `yaml:"pattern,omitempty"`
	Default any      `yaml:"default,omitempty"`
	// select
	Options  []string `yaml:"options,omitempty"`
	Multiple bool     `yaml:"multiple,omitempty"`
	// number (value_type int or float), select multiple and list
	ValueType string   `yaml:"value_type,omitempty"`
	Min       *float64 `yaml:"min,omitempty"`
	Max       *float64 `yaml:"max,omitempty"`
	Step      *float64 `yaml:"step,omitempty"`
	// datetime: date only, stored as YYYY-MM-DD
	DateFormat string `yaml:"date_format,omitempty"`
	TimeFormat *bool  `yaml:"time_format,omitempty"`
	// object (Fields) and list (Fields of its objects, or Field of its
	// plain values)
	Fields    []*Field `yaml:"fields,omitempty"`
	Field     *Field   `yaml:"field,omitempty"`
	Collapsed *bool    `yaml:"collapsed,omitempty"`
	// sections (the ectdocs-sections widget, admin/ectdocs.js): the
	// Markdown body's level-2 sections, each as its own text box.
	Sections []Section `yaml:"sections,omitempty"`
}

// Section is one level-2 section of a record's Markdown body, as the
// sections widget shows it.
type Section struct {
	Heading  string `yaml:"heading"`
	Required bool   `yaml:"required"`
	Hint     string `yaml:"hint,omitempty"`
}

// The widgets the configuration uses.
const (
	WidgetString   = "string"
	WidgetText     = "text"
	WidgetNumber   = "number"
	WidgetBoolean  = "boolean"
	WidgetSelect   = "select"
	WidgetDate     = "datetime"
	WidgetObject   = "object"
	WidgetList     = "list"
	WidgetHidden   = "hidden"
	WidgetSections = "ectdocs-sections"
)

// DateFormat is how dates are written in records, in Decap's (dayjs's)
// notation.
const DateFormat = "YYYY-MM-DD"

// node is a JSON Schema object as it is written in schemas/.
type node map[string]any

// schemas are the raw JSON Schemas, for following $refs.
type schemas map[string]node

func readSchemas(fsys fs.FS) (schemas, error) {
	names, err := fs.Glob(fsys, "*.schema.json")
	if err != nil {
		return nil, err
	}
	out := schemas{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		v, err := decodeOrdered(json.NewDecoder(bytes.NewReader(data)))
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", name, err)
		}
		n, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("schema %s: not a JSON object", name)
		}
		out[name] = n
	}
	return out, nil
}

// resolve follows a node's $ref (within schemas/ only); the referring
// node's own keywords (description, minItems) win over the target's.
func (s schemas) resolve(file string, n node) (string, node, error) {
	for range 10 {
		ref, ok := n["$ref"].(string)
		if !ok {
			return file, n, nil
		}
		target, frag, _ := strings.Cut(ref, "#")
		if target == "" {
			target = file
		}
		doc := s[target]
		if doc == nil {
			return "", nil, fmt.Errorf("%s: $ref %q: no such schema", file, ref)
		}
		t := node(doc)
		for _, part := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
			if part == "" {
				continue
			}
			next, ok := t[part].(map[string]any)
			if !ok {
				return "", nil, fmt.Errorf("%s: $ref %q: not found", file, ref)
			}
			t = next
		}
		merged := node{}
		for k, v := range t {
			merged[k] = v
		}
		if _, ok := t["pattern"]; ok {
			merged[patternDescKey] = t["description"]
		}
		for k, v := range n {
			if k != "$ref" {
				merged[k] = v
			}
		}
		file, n = target, merged
	}
	return "", nil, fmt.Errorf("%s: $ref chain too long", file)
}

// fieldsOf turns an object schema's properties into fields, in the order
// the schema's properties are written (kept by reading the raw JSON keys).
func (s schemas) fieldsOf(file string, obj node, order []string, answers []*Field) ([]*Field, error) {
	props, _ := obj["properties"].(map[string]any)
	required := map[string]bool{}
	for _, r := range asList(obj["required"]) {
		required[fmt.Sprint(r)] = true
	}
	var out []*Field
	for _, name := range order {
		p, ok := props[name].(map[string]any)
		if !ok {
			continue
		}
		f, err := s.field(file, name, node(p), required[name], answers)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// field makes the field for one property.
func (s schemas) field(file, name string, raw node, required bool, answers []*Field) (*Field, error) {
	file, n, err := s.resolve(file, raw)
	if err != nil {
		return nil, err
	}
	f := &Field{Name: name, Label: Label(name), Required: required, Hint: str(n["description"])}
	switch {
	case n["const"] != nil:
		// kind: progress-review, imported: true: kept as they are, not
		// shown. Only a required one is filled in: a signature added in the
		// form is never "imported".
		f.Widget = WidgetHidden
		if required {
			f.Default = n["const"]
		}
		return f, nil
	case n["enum"] != nil:
		f.Widget, f.Options = WidgetSelect, enumStrings(n["enum"])
		return f, nil
	}
	switch n["type"] {
	case "string":
		if n["format"] == "date" {
			no := false
			f.Widget, f.DateFormat, f.TimeFormat = WidgetDate, DateFormat, &no
			return f, nil
		}
		f.Widget = WidgetString
		desc := str(n["description"])
		if d, ok := n[patternDescKey]; ok {
			desc = str(d) // ect validate describes the pattern as its schema does
		}
		if p, ok := n["pattern"].(string); ok {
			f.Pattern = []string{p, patternMessage(p, desc)}
		}
		return f, nil
	case "integer", "number":
		f.Widget, f.ValueType = WidgetNumber, "float"
		if n["type"] == "integer" {
			f.ValueType = "int"
		}
		f.Min, f.Max = num(n["minimum"]), num(n["maximum"])
		if f.Min == nil {
			f.Min = num(n["exclusiveMinimum"]) // Decap has no exclusive bound: ect validate says the rest
		}
		f.Step = num(n["multipleOf"])
		return f, nil
	case "boolean":
		f.Widget = WidgetBoolean
		return f, nil
	case "array":
		_, items, err := s.resolve(file, asNode(n["items"]))
		if err != nil {
			return nil, err
		}
		f.Min, f.Max = num(n["minItems"]), num(n["maxItems"])
		if items["enum"] != nil {
			// The Teachers' Standards, roles, working days: pick several.
			f.Widget, f.Multiple, f.Options = WidgetSelect, true, enumStrings(items["enum"])
			return f, nil
		}
		f.Widget = WidgetList
		if items["type"] == "object" {
			f.Fields, err = s.fieldsOf(file, items, keyOrder(items), nil)
			return f, err
		}
		f.Field, err = s.field(file, singular(name), asNode(n["items"]), true, nil)
		return f, err
	case "object":
		f.Widget = WidgetObject
		if _, open := n["additionalProperties"].(map[string]any); open && n["properties"] == nil {
			// answers: the body's extra questions for this kind.
			f.Fields = answers
			return f, nil
		}
		f.Fields, err = s.fieldsOf(file, n, keyOrder(n), nil)
		return f, err
	}
	return nil, fmt.Errorf("%s: property %q: no widget for type %v", file, name, n["type"])
}

// questionField is the field for one of the body's extra questions
// answered in front matter (answers: in the record).
func questionField(q record.Question) *Field {
	f := &Field{Name: q.ID, Label: q.Question, Required: q.IsRequired(), Hint: q.Guidance}
	switch q.Answer {
	case "yes_no":
		f.Widget = WidgetBoolean
	case "number":
		f.Widget, f.ValueType = WidgetNumber, "float"
	case "date":
		no := false
		f.Widget, f.DateFormat, f.TimeFormat = WidgetDate, DateFormat, &no
	case "choice":
		f.Widget, f.Options = WidgetSelect, q.Choices
	default: // text
		f.Widget, f.Pattern = WidgetString, []string{`\S`, patternMessage(`\S`, "")}
	}
	return f
}

// patternDescKey holds, in a resolved node, the description of the
// schema its pattern comes from (defs.schema.json's trn, say).
const patternDescKey = "\x00patternDescription"

// patternMessage is what the form says at a field whose text does not
// match pattern: ect validate's words (internal/schema).
func patternMessage(pattern, description string) string {
	if pattern == `\S` {
		return "This " + schema.Blank + ": write the answer."
	}
	return "This " + schema.NotInForm(description)
}

// Label turns a field name into the words a form shows: days_absent is
// "Days absent", fte "FTE".
func Label(name string) string {
	words := strings.Split(name, "_")
	for i, w := range words {
		switch w {
		case "ect", "fte", "trn", "urn", "qts", "ab", "id", "url":
			words[i] = strings.ToUpper(w)
		default:
			if i == 0 && w != "" {
				words[i] = strings.ToUpper(w[:1]) + w[1:]
			}
		}
	}
	return strings.Join(words, " ")
}

func singular(name string) string {
	switch {
	case strings.HasSuffix(name, "ies"):
		return strings.TrimSuffix(name, "ies") + "y"
	case strings.HasSuffix(name, "s"):
		return strings.TrimSuffix(name, "s")
	}
	return name + "_item"
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func asNode(v any) node {
	m, _ := v.(map[string]any)
	return node(m)
}

func enumStrings(v any) []string {
	var out []string
	for _, x := range asList(v) {
		out = append(out, fmt.Sprint(x))
	}
	return out
}

func num(v any) *float64 {
	f, ok := v.(float64)
	if !ok {
		return nil
	}
	// 0.01 as JSON is the float nearest to it; keep it as written.
	r, _ := new(big.Rat).SetString(fmt.Sprint(f))
	x, _ := r.Float64()
	return &x
}

// orderKey holds, in each JSON object decodeOrdered reads, its keys in
// the order they are written: a form shows a schema's properties in that
// order.
const orderKey = "\x00order"

// keyOrder returns an object schema's property names in the order they
// are written.
func keyOrder(n node) []string {
	props, _ := n["properties"].(map[string]any)
	order, _ := props[orderKey].([]string)
	return order
}

// decodeOrdered reads one JSON value, as encoding/json would into an any,
// except that each object also lists its keys in order under orderKey.
func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			m := map[string]any{}
			var order []string
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := k.(string)
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				m[key] = v
				order = append(order, key)
			}
			m[orderKey] = order
			_, err := dec.Token()
			return m, err
		case '[':
			var l []any
			for dec.More() {
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				l = append(l, v)
			}
			_, err := dec.Token()
			return l, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	}
	return tok, nil
}
