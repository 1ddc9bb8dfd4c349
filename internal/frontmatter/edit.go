package frontmatter

import (
	"bytes"
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// The edits below change one top-level key of the front matter as text,
// leaving every other line of the file byte for byte as it was: a signed
// report's content is its text, so an edit must not reformat it.

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
	if d.Front != nil && d.Front.Style&yaml.FlowStyle != 0 {
		return fmt.Errorf("%s: the front matter is written as one {...} mapping: write one field a line so that ect can add to it", d.Path)
	}
	return nil
}

// keyLines returns the lines (1-based, end exclusive) that the top-level
// key occupies, from its key line up to the next key or the closing
// "---", less the comment lines written above the next key; ok is false
// when the key is absent.
func (d *Document) keyLines(key string) (from, to int, ok bool) {
	front := d.Front
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
	text := strings.ReplaceAll(key+":"+sep+value+"\n", "\n", d.newline())
	if from, to, ok := d.keyLines(key); ok {
		return d.splice(from, to, text), nil
	}
	closing := d.closingLine()
	return d.splice(closing, closing, text), nil
}

// RemoveKey removes a top-level key and its value.
func (d *Document) RemoveKey(key string) ([]byte, error) {
	if err := d.editable(); err != nil {
		return nil, err
	}
	if from, to, ok := d.keyLines(key); ok {
		return d.splice(from, to, ""), nil
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
	text := string(bytes.Repeat([]byte(" "), dash)) + "- " + item + d.newline()
	return d.splice(at, at, text), nil
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
	var text strings.Builder
	for _, f := range fields {
		text.WriteString(strings.Repeat(" ", indent) + f[0] + ": " + f[1] + d.newline())
	}
	return d.splice(at, at, text.String()), nil
}
