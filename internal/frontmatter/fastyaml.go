package frontmatter

import (
	"strings"
	"time"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v4"
)

// fastParse parses the plain subset of YAML that records are written in —
// block mappings and sequences with simple keys; flow mappings and
// sequences on one line; plain, single- and double-quoted scalars on one
// line; and folded or literal block scalars without blank or extra-indented
// lines — into the same nodes the YAML library makes, about ten times
// faster. Anything else (anchors, tags, multi-line plain or quoted scalars,
// escapes, unusual scalars such as yes or 0x1F, odd indentation, any
// syntax error) makes it give up, and the caller uses the YAML library,
// which also produces the error messages. FuzzFastYAML checks that whatever
// it accepts, it reads exactly as the library does.
func fastParse(src []byte) (*yaml.Node, bool) {
	if !printable(src) {
		return nil, false
	}
	p := &fastParser{lines: strings.Split(string(src), "\n")}
	p.skipBlank()
	if p.i >= len(p.lines) {
		return nil, false
	}
	n, ok := p.block(indentOf(p.lines[p.i]))
	if !ok || n.Kind != yaml.MappingNode {
		return nil, false
	}
	p.skipBlank()
	if p.i < len(p.lines) {
		return nil, false // something left over, e.g. a dedented line
	}
	return n, true
}

// printable reports whether src is valid UTF-8 of characters YAML accepts
// without comment: no tabs, carriage returns or other control characters.
func printable(src []byte) bool {
	for _, r := range string(src) {
		switch {
		case r == '\n':
		case r < 0x20, r >= 0x7f && r <= 0x9f, r == utf8.RuneError, r == 0xFEFF, r == 0xFFFE, r == 0xFFFF:
			return false
		}
	}
	return true
}

type fastParser struct {
	lines []string
	i     int // the current line
}

func (p *fastParser) skipBlank() {
	for p.i < len(p.lines) {
		t := strings.TrimLeft(p.lines[p.i], " ")
		if t != "" && t[0] != '#' {
			return
		}
		p.i++
	}
}

// next skips blank and comment lines and returns the current line if it is
// indented by at least ind: ok is false at the end or at a dedent, where
// the block being read ends.
func (p *fastParser) next(ind int) (string, bool) {
	p.skipBlank()
	if p.i >= len(p.lines) || indentOf(p.lines[p.i]) < ind {
		return "", false
	}
	return p.lines[p.i], true
}

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// block parses a block mapping or sequence whose lines are indented by ind.
func (p *fastParser) block(ind int) (*yaml.Node, bool) {
	rest := p.lines[p.i][ind:]
	if rest == "-" || strings.HasPrefix(rest, "- ") {
		return p.sequence(ind)
	}
	return p.mapping(ind)
}

// keyEnd returns the length of a simple key and its colon at the start of
// s ("name: …" or "name:" at the end), or -1: the same as the regexp
// ^[A-Za-z_][A-Za-z0-9_-]*:( |$) without its cost.
func keyEnd(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		case i > 0 && c == ':':
			if i+1 == len(s) {
				return i + 1
			}
			if s[i+1] == ' ' {
				return i + 2
			}
			return -1
		default:
			return -1
		}
	}
	return -1
}

func (p *fastParser) mapping(ind int) (*yaml.Node, bool) {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: p.i + 1, Column: ind + 1}
	for {
		line, more := p.next(ind)
		if !more {
			break
		}
		if indentOf(line) > ind {
			return nil, false
		}
		rest := line[ind:]
		end := keyEnd(rest)
		if end < 0 {
			return nil, false
		}
		key := rest[:strings.IndexByte(rest, ':')]
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: p.i + 1, Column: ind + 1}
		after := rest[end:]
		col := ind + end + 1 + indentOf(after)
		after = strings.TrimLeft(after, " ")
		var v *yaml.Node
		var ok bool
		if after == "" || after[0] == '#' {
			p.i++
			p.skipBlank()
			if p.i >= len(p.lines) {
				return nil, false // an empty value
			}
			ni := indentOf(p.lines[p.i])
			switch {
			case ni > ind:
				v, ok = p.block(ni)
			case ni == ind && strings.HasPrefix(p.lines[p.i][ind:], "- "):
				v, ok = p.sequence(ind)
			}
		} else {
			v, ok = p.inline(after, ind, col)
		}
		if !ok {
			return nil, false
		}
		m.Content = append(m.Content, k, v)
	}
	return m, len(m.Content) > 0
}

func (p *fastParser) sequence(ind int) (*yaml.Node, bool) {
	s := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: p.i + 1, Column: ind + 1}
	for {
		line, more := p.next(ind)
		if !more {
			break
		}
		li := indentOf(line)
		if li == ind && !strings.HasPrefix(line[ind:], "- ") {
			break // the parent mapping's next key
		}
		if li > ind {
			return nil, false
		}
		item := line[ind+2:]
		col := ind + 3 + indentOf(item)
		item = strings.TrimLeft(item, " ")
		if item == "" || item[0] == '#' {
			return nil, false // the item on the next line
		}
		var v *yaml.Node
		var ok bool
		if keyEnd(item) > 0 {
			// "- key: value": a mapping whose keys line up with this one.
			p.lines[p.i] = strings.Repeat(" ", col-1) + item
			v, ok = p.mapping(col - 1)
		} else {
			v, ok = p.inline(item, ind, col)
		}
		if !ok {
			return nil, false
		}
		s.Content = append(s.Content, v)
	}
	return s, true
}

// inline parses a value that starts on the current line at column col
// (text is the rest of the line from there), inside a block indented by
// ind, and moves past it.
func (p *fastParser) inline(text string, ind, col int) (*yaml.Node, bool) {
	line := p.i + 1
	switch text[0] {
	case '{', '[':
		f := &flow{s: text, line: line, col0: col}
		n, ok := f.value()
		if !ok || !onlyComment(text[f.pos:]) {
			return nil, false
		}
		p.i++
		return n, p.notContinued(ind)
	case '"', '\'':
		n, end, ok := quoted(text, line, col)
		if !ok || !onlyComment(text[end:]) {
			return nil, false
		}
		p.i++
		return n, p.notContinued(ind)
	case '>', '|':
		return p.blockScalar(text, ind, col)
	}
	v := text
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	v = strings.TrimRight(v, " ")
	n, ok := plain(v, line, col, false)
	if !ok {
		return nil, false
	}
	p.i++
	return n, p.notContinued(ind)
}

// notContinued checks that the next line does not continue the value just
// read (a multi-line plain scalar, which is left to the library).
func (p *fastParser) notContinued(ind int) bool {
	j := p.i
	for j < len(p.lines) {
		t := strings.TrimLeft(p.lines[j], " ")
		if t != "" && t[0] != '#' {
			return indentOf(p.lines[j]) <= ind
		}
		j++
	}
	return true
}

// blockScalar reads ">-", ">", "|-" or "|" and the lines indented under it.
func (p *fastParser) blockScalar(text string, ind, col int) (*yaml.Node, bool) {
	header := text
	if i := strings.Index(header, " #"); i >= 0 {
		header = header[:i]
	}
	header = strings.TrimRight(header, " ")
	var style yaml.Style
	switch header {
	case ">", ">-":
		style = yaml.FoldedStyle
	case "|", "|-":
		style = yaml.LiteralStyle
	default:
		return nil, false
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: style, Line: p.i + 1, Column: col}
	p.i++
	var parts []string
	content := -1
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if strings.TrimLeft(l, " ") == "" {
			// Blank lines end the scalar only if none holds spaces (which
			// can be content) and no more content follows them.
			j := p.i
			for j < len(p.lines) && strings.TrimLeft(p.lines[j], " ") == "" {
				if p.lines[j] != "" {
					return nil, false
				}
				j++
			}
			if j < len(p.lines) && indentOf(p.lines[j]) > ind {
				return nil, false
			}
			break
		}
		li := indentOf(l)
		if content < 0 {
			if li <= ind {
				return nil, false // an empty block scalar
			}
			content = li
		}
		if li < content {
			break
		}
		if li > content || strings.HasSuffix(l, " ") {
			return nil, false
		}
		parts = append(parts, l[content:])
		p.i++
	}
	if len(parts) == 0 {
		return nil, false
	}
	sep := "\n"
	if style == yaml.FoldedStyle {
		sep = " "
	}
	n.Value = strings.Join(parts, sep)
	if !strings.HasSuffix(header, "-") && p.i < len(p.lines) {
		n.Value += "\n" // clip: keep the last line break, if there is one
	}
	// What follows must be at the block's own indentation or less.
	return n, p.notContinued(ind)
}

func onlyComment(s string) bool {
	t := strings.TrimLeft(s, " ")
	return t == "" || t[0] == '#' && len(t) < len(s)
}

// quoted reads a one-line quoted scalar at the start of s; end is the
// offset after the closing quote.
func quoted(s string, line, col int) (*yaml.Node, int, bool) {
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case q == '"' && c == '\\':
			if i+1 >= len(s) || s[i+1] != '"' && s[i+1] != '\\' {
				return nil, 0, false
			}
			b.WriteByte(s[i+1])
			i++
		case c == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			b.WriteByte('\'')
			i++
		case c == q:
			style := yaml.DoubleQuotedStyle
			if q == '\'' {
				style = yaml.SingleQuotedStyle
			}
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: style, Value: b.String(), Line: line, Column: col}, i + 1, true
		default:
			b.WriteByte(c)
		}
	}
	return nil, 0, false // not closed on this line
}

// digits returns the number of ASCII digits at the start of s.
func digits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// isInt: 0, or an optional minus and 1 to 18 digits without a leading
// zero (longer numbers are floats to the library).
func isInt(s string) bool {
	if s == "0" {
		return true
	}
	s = strings.TrimPrefix(s, "-")
	n := digits(s)
	return n == len(s) && n >= 1 && n <= 18 && s[0] != '0'
}

// isFloat: an optional minus, a whole part without a leading zero (or 0)
// of at most 15 digits, a point and 1 to 15 digits.
func isFloat(s string) bool {
	s = strings.TrimPrefix(s, "-")
	w := digits(s)
	if w == 0 || w > 15 || w > 1 && s[0] == '0' || w >= len(s) || s[w] != '.' {
		return false
	}
	f := digits(s[w+1:])
	return f >= 1 && f <= 15 && w+1+f == len(s)
}

// isDate: YYYY-MM-DD in digits.
func isDate(s string) bool {
	return len(s) == 10 && digits(s) == 4 && s[4] == '-' && digits(s[5:]) == 2 && s[7] == '-' && digits(s[8:]) == 2
}

var (
	// Words some YAML versions read as booleans or nulls: left to the
	// library.
	specialWords = map[string]bool{"yes": true, "no": true, "on": true, "off": true, "y": true, "n": true, "null": true, "true": true, "false": true}
)

// plain resolves a plain scalar the way the YAML library does, for the
// forms it is sure of.
func plain(v string, line, col int, inFlow bool) (*yaml.Node, bool) {
	n := &yaml.Node{Kind: yaml.ScalarNode, Value: v, Line: line, Column: col}
	switch {
	case v == "":
		return nil, false
	case v == "true" || v == "false":
		n.Tag = "!!bool"
	case v == "null" || v == "~":
		n.Tag = "!!null"
	case isInt(v):
		n.Tag = "!!int"
	case isFloat(v):
		n.Tag = "!!float"
	case isDate(v):
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return nil, false // 2026-02-30: the library's rules decide
		}
		n.Tag = "!!timestamp"
	case strings.HasPrefix(v, "../") || strings.HasPrefix(v, "./"):
		n.Tag = "!!str" // a relative path; never .5, .inf or .nan
		if inFlow && strings.ContainsAny(v, ",[]{}") || strings.Contains(v, ": ") || strings.Contains(v, " #") {
			return nil, false
		}
	default:
		c := v[0]
		if c >= '0' && c <= '9' || strings.ContainsRune("-+.?:,[]{}#|>'\"~=<&*!%@`", rune(c)) ||
			specialWords[strings.ToLower(v)] || strings.Contains(v, ": ") || strings.HasSuffix(v, ":") ||
			inFlow && strings.ContainsAny(v, ",[]{}") {
			return nil, false
		}
		n.Tag = "!!str"
	}
	return n, true
}

// flow reads a flow mapping or sequence on one line.
type flow struct {
	s    string
	pos  int
	line int
	col0 int // the column of s[0]
}

func (f *flow) col() int { return f.col0 + f.pos }

func (f *flow) spaces() {
	for f.pos < len(f.s) && f.s[f.pos] == ' ' {
		f.pos++
	}
}

func (f *flow) value() (*yaml.Node, bool) {
	f.spaces()
	if f.pos >= len(f.s) {
		return nil, false
	}
	switch f.s[f.pos] {
	case '{':
		return f.collection('}', yaml.MappingNode, "!!map")
	case '[':
		return f.collection(']', yaml.SequenceNode, "!!seq")
	case '"', '\'':
		n, end, ok := quoted(f.s[f.pos:], f.line, f.col())
		f.pos += end
		return n, ok
	}
	start := f.pos
	for f.pos < len(f.s) && !strings.ContainsRune(",]}", rune(f.s[f.pos])) {
		if f.s[f.pos] == ':' || f.s[f.pos] == '#' {
			return nil, false
		}
		f.pos++
	}
	return plain(strings.TrimRight(f.s[start:f.pos], " "), f.line, f.col0+start, true)
}

func (f *flow) collection(close byte, kind yaml.Kind, tag string) (*yaml.Node, bool) {
	n := &yaml.Node{Kind: kind, Tag: tag, Style: yaml.FlowStyle, Line: f.line, Column: f.col()}
	f.pos++ // the opening bracket
	for {
		f.spaces()
		if f.pos >= len(f.s) {
			return nil, false
		}
		if f.s[f.pos] == close {
			f.pos++
			return n, len(n.Content) > 0
		}
		if len(n.Content) > 0 {
			if f.s[f.pos] != ',' {
				return nil, false
			}
			f.pos++
			f.spaces()
		}
		if kind == yaml.MappingNode {
			end := keyEnd(f.s[f.pos:])
			if end < 0 || f.s[f.pos+end-1] != ' ' {
				return nil, false
			}
			key := f.s[f.pos : f.pos+strings.IndexByte(f.s[f.pos:], ':')]
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: f.line, Column: f.col()})
			f.pos += end
		}
		v, ok := f.value()
		if !ok {
			return nil, false
		}
		n.Content = append(n.Content, v)
		f.spaces()
	}
}
