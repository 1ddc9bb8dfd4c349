package frontmatter

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// The edits below change one top-level key of the front matter as text,
// leaving every other line of the file byte for byte as it was: a signed
// report's content is its text, so an edit must not reformat it. Each edit
// is exact or refused: its result is parsed again and must hold exactly
// the old values with the one change, and the same body; otherwise the
// edit returns an error and no result.

// exact returns out, the file after an edit, when it parses to exactly
// want with the body unchanged, and refuses it otherwise.
func (d *Document) exact(out []byte, want map[string]any) ([]byte, error) {
	const fix = "write the front matter one field a line, each field at the left margin, so that ect can edit it"
	got, diag := Parse(d.Path, out)
	if diag != nil {
		return nil, fmt.Errorf("%s: ect cannot edit this front matter without breaking it (%s): %s", d.Path, diag.Message, fix)
	}
	if !reflect.DeepEqual(got.Values(), want) || !bytes.Equal(got.Body(), d.Body()) {
		return nil, fmt.Errorf("%s: ect cannot edit this front matter without changing what else it says: %s", d.Path, fix)
	}
	return out, nil
}

// yamlValue reads what a field written "v:"+text holds.
func yamlValue(text string) (any, error) {
	doc, d := Parse("value", []byte("---\nv:"+text+"\n---\n"))
	if d != nil {
		return nil, errors.New(d.Message)
	}
	v, ok := doc.Values()["v"]
	if !ok || len(doc.Values()) != 1 {
		return nil, errors.New("not one value")
	}
	return v, nil
}

// keyIndent returns the indentation of the front matter's top-level keys:
// none, unless the file indents them all.
func (d *Document) keyIndent() string {
	if front := d.Root(); front != nil && front.Kind == yaml.MappingNode && len(front.Content) > 0 {
		return strings.Repeat(" ", max(front.Content[0].Column-1, 0))
	}
	return ""
}

// closingLine returns the line of the front matter's closing "---".
func (d *Document) closingLine() int {
	n := bytes.Count(d.Src[:d.BodyStart], []byte("\n"))
	if d.BodyStart > 0 && d.Src[d.BodyStart-1] != '\n' {
		n++ // the file ends at the closing line, without a newline
	}
	return n
}

// newline is the line ending the file uses.
func (d *Document) newline() string {
	if bytes.Contains(d.Src, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

// editable refuses front matter written as one flow mapping ({...}),
// which whole-line edits cannot change without rewriting it.
func (d *Document) editable() error {
	if front := d.Root(); front != nil && front.Style&yaml.FlowStyle != 0 {
		return fmt.Errorf("%s: the front matter is written as one {...} mapping: write one field a line so that ect can add to it", d.Path)
	}
	return nil
}

// keyLines returns the lines (1-based, end exclusive) that the top-level
// key occupies, from its key line up to the next key or the closing
// "---", less the comment lines written above the next key; ok is false
// when the key is absent.
func (d *Document) keyLines(key string) (from, to int, ok bool) {
	front := d.Root()
	if front == nil || front.Kind != yaml.MappingNode {
		return 0, 0, false
	}
	for i := 0; i+1 < len(front.Content); i += 2 {
		if front.Content[i].Value != key {
			continue
		}
		from, to = front.Content[i].Line, d.closingLine()
		if i+2 < len(front.Content) {
			to = front.Content[i+2].Line
		}
		for to-1 > from && bytes.HasPrefix(d.lineText(to-1), []byte("#")) {
			to-- // a comment at the margin belongs to what follows it
		}
		return from, to, true
	}
	return 0, 0, false
}

// lineOffset returns the byte offset where line n (1-based) starts.
func lineOffset(src []byte, n int) int {
	off := 0
	for line := 1; line < n && off < len(src); line++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return len(src)
		}
		off += i + 1
	}
	return off
}

// splice replaces lines [from, to) of the file with text.
func (d *Document) splice(from, to int, text string) []byte {
	a, b := lineOffset(d.Src, from), lineOffset(d.Src, to)
	out := make([]byte, 0, len(d.Src)+len(text))
	out = append(out, d.Src[:a]...)
	out = append(out, text...)
	return append(out, d.Src[b:]...)
}

// SetKey sets a top-level key to the given YAML text ("{by: x, on: y}" or
// a block starting with a newline), replacing what it had or adding it
// at the end of the front matter.
func (d *Document) SetKey(key, value string) ([]byte, error) {
	if err := d.editable(); err != nil {
		return nil, err
	}
	sep := " "
	if len(value) > 0 && value[0] == '\n' {
		sep = ""
	}
	v, err := yamlValue(sep + value)
	if err != nil {
		return nil, fmt.Errorf("%s: the value for %s is not one YAML value: %w", d.Path, key, err)
	}
	want := maps.Clone(d.Values())
	want[key] = v
	indent := d.keyIndent()
	text := strings.ReplaceAll(indent+key+":"+sep+strings.ReplaceAll(value, "\n", "\n"+indent)+"\n", "\n", d.newline())
	var out []byte
	if from, to, ok := d.keyLines(key); ok {
		out = d.splice(from, to, text)
	} else {
		closing := d.closingLine()
		out = d.splice(closing, closing, text)
	}
	return d.exact(out, want)
}

// RemoveKey removes a top-level key and its value.
func (d *Document) RemoveKey(key string) ([]byte, error) {
	if err := d.editable(); err != nil {
		return nil, err
	}
	if from, to, ok := d.keyLines(key); ok {
		want := maps.Clone(d.Values())
		delete(want, key)
		return d.exact(d.splice(from, to, ""), want)
	}
	return append([]byte(nil), d.Src...), nil
}

// AppendItem adds an item (flow YAML, e.g. "{role: ect, by: x}") to the
// top-level block sequence key, creating the key when it is absent or
// empty. It refuses a sequence written in flow style with items, which it
// cannot extend without rewriting it.
func (d *Document) AppendItem(key, item string) ([]byte, error) {
	if err := d.editable(); err != nil {
		return nil, err
	}
	v, err := yamlValue("\n  - " + item)
	entry, ok := v.([]any)
	if err != nil || !ok || len(entry) != 1 {
		return nil, fmt.Errorf("%s: %q is not one entry of a list", d.Path, item)
	}
	from, to, ok := d.keyLines(key)
	if !ok {
		return d.SetKey(key, "\n  - "+item)
	}
	n := d.Node(key)
	switch {
	case n == nil || n.Kind == yaml.ScalarNode && (n.Tag == "!!null" || n.Value == ""):
		return d.SetKey(key, "\n  - "+item)
	case n.Kind == yaml.SequenceNode && len(n.Content) == 0:
		return d.SetKey(key, "\n  - "+item)
	case n.Kind != yaml.SequenceNode:
		return nil, fmt.Errorf("%s: is not a list", key)
	case n.Style&yaml.FlowStyle != 0:
		return nil, fmt.Errorf("%s: is written as [...] on one line: write one entry a line (- {...}) so that entries can be added", key)
	}
	indent := n.Content[0].Column - 1 // the column of the first item's value
	dash := max(indent-2, 0)
	// Insert after the last line that belongs to the sequence: the key's
	// span, less trailing blank lines and comments no deeper than the
	// dashes (deeper lines may be the text of a block scalar).
	at := to
	for at > from+1 {
		line := d.lineText(at - 1)
		t := bytes.TrimSpace(line)
		if len(t) > 0 && (t[0] != '#' || len(line)-len(bytes.TrimLeft(line, " ")) > dash) {
			break
		}
		at--
	}
	old, _ := d.Values()[key].([]any)
	want := maps.Clone(d.Values())
	want[key] = append(append([]any(nil), old...), entry[0])
	text := string(bytes.Repeat([]byte(" "), dash)) + "- " + item + d.newline()
	return d.exact(d.splice(at, at, text), want)
}

// lineText returns line n of the file without its line ending.
func (d *Document) lineText(n int) []byte {
	a := lineOffset(d.Src, n)
	b := lineOffset(d.Src, n+1)
	return bytes.TrimRight(d.Src[a:b], "\r\n")
}

// AddToLastItem adds fields ("key: value" pairs, values as one line of
// YAML) to the last item of the top-level block sequence key, which must
// be a block mapping (one field a line): how the AB's decision is written
// on an ECT's current induction period. It refuses a field the item has
// already, so that nothing written by hand is overwritten.
func (d *Document) AddToLastItem(key string, fields [][2]string) ([]byte, error) {
	if err := d.editable(); err != nil {
		return nil, err
	}
	from, to, ok := d.keyLines(key)
	n := d.Node(key)
	if !ok || n == nil || n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return nil, fmt.Errorf("%s: has no %s: list to add to", d.Path, key)
	}
	if n.Style&yaml.FlowStyle != 0 {
		return nil, fmt.Errorf("%s: %s: is written as [...] on one line: write one entry a line so that ect can add to it", d.Path, key)
	}
	last := n.Content[len(n.Content)-1]
	if last.Kind != yaml.MappingNode || last.Style&yaml.FlowStyle != 0 || len(last.Content) == 0 {
		return nil, fmt.Errorf("%s:%d:%d: the last entry of %s: is written as {...} on one line: write one field a line so that ect can add to it", d.Path, last.Line, last.Column, key)
	}
	for i := 0; i+1 < len(last.Content); i += 2 {
		for _, f := range fields {
			if last.Content[i].Value == f[0] {
				return nil, fmt.Errorf("%s:%d:%d: the last entry of %s: has %s: already", d.Path, last.Content[i].Line, last.Content[i].Column, key, f[0])
			}
		}
	}
	indent := last.Content[0].Column - 1
	// Insert after the item's last line: the key's span, less trailing
	// blank lines and comments at or left of the item's fields (deeper
	// lines may be the text of a block scalar).
	at := to
	for at > from+1 {
		line := d.lineText(at - 1)
		t := bytes.TrimSpace(line)
		if len(t) > 0 && (t[0] != '#' || len(line)-len(bytes.TrimLeft(line, " ")) > indent) {
			break
		}
		at--
	}
	var text, added strings.Builder
	for _, f := range fields {
		text.WriteString(strings.Repeat(" ", indent) + f[0] + ": " + f[1] + d.newline())
		added.WriteString("\n  " + f[0] + ": " + f[1])
	}
	v, err := yamlValue(added.String())
	m, ok := v.(map[string]any)
	if err != nil || !ok || len(m) != len(fields) {
		return nil, fmt.Errorf("%s: the fields to add to %s: are not %d fields of YAML", d.Path, key, len(fields))
	}
	old, _ := d.Values()[key].([]any)
	if len(old) == 0 {
		return nil, fmt.Errorf("%s: has no %s: list to add to", d.Path, key)
	}
	lastValue, _ := old[len(old)-1].(map[string]any)
	merged := maps.Clone(lastValue)
	if merged == nil {
		merged = map[string]any{}
	}
	maps.Copy(merged, m)
	list := append([]any(nil), old...)
	list[len(list)-1] = merged
	want := maps.Clone(d.Values())
	want[key] = list
	return d.exact(d.splice(at, at, text.String()), want)
}
