// Package frontmatter splits a record file into its YAML front matter and its
// Markdown body, parses the YAML safely (no anchors, aliases, tags or duplicate keys; dates
// kept as text) and remembers where every value came from so that later
// checks can point at path:line:col.
package frontmatter

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ectdocs/ectdocs/internal/diag"
	yaml "go.yaml.in/yaml/v4"
	"go.yaml.in/yaml/v4/plugin/aliasdata"
)

// MaxSize is the largest record file accepted, in bytes. Reports are a few
// kilobytes; anything near this is a mistake (a pasted PDF, a log file).
const MaxSize = 1 << 20

// Rule names used for problems found while reading a file.
const (
	RuleFile = "file" // the file cannot be a record at all
	RuleYAML = "yaml" // the front matter is not acceptable YAML
)

// Document is a record file split into front matter and body.
type Document struct {
	Path string // the path used in diagnostics
	Src  []byte // the whole file

	// front is the front matter's root mapping node and value the same as
	// plain data (Root, Values); both are nil once the document is
	// compacted, and then made again from Src when asked for.
	front *yaml.Node
	value map[string]any
	// fmStart and fmEnd are the front matter's bytes in Src.
	fmStart, fmEnd int
	// BodyStart is the byte offset of the Markdown body in Src, and
	// BodyLine its first line number.
	BodyStart int
	BodyLine  int
}

// Body returns the Markdown after the front matter.
func (d *Document) Body() []byte { return d.Src[d.BodyStart:] }

// Pos returns a position in this document.
func (d *Document) Pos(line, col int) diag.Position {
	return diag.Position{File: d.Path, Line: line, Column: col}
}

// Parse splits and parses a record file. It never panics; any problem is
// returned as a diagnostic and the Document is nil.
func Parse(path string, src []byte) (*Document, *diag.Diagnostic) {
	fail := func(line, col int, format string, args ...any) (*Document, *diag.Diagnostic) {
		d := diag.Errorf(diag.Position{File: path, Line: line, Column: col}, RuleFile, format, args...)
		return nil, &d
	}
	if len(src) > MaxSize {
		return fail(0, 0, "%s", TooBig(int64(len(src))))
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line, col := lineCol(src, i)
		return fail(line, col, "binary file (NUL byte): a record is UTF-8 Markdown text; keep other files in the ECT's documents/ folder")
	}
	if !utf8.Valid(src) {
		i := firstInvalid(src)
		line, col := lineCol(src, i)
		return fail(line, col, "invalid UTF-8 (byte 0x%02x): save the file as UTF-8", src[i])
	}
	start := 0
	if bytes.HasPrefix(src, []byte("\uFEFF")) {
		start = 3
	}
	first, next := lineAt(src, start)
	if strings.TrimRight(first, " \t\r") != "---" {
		return fail(1, 1, "no front matter: a record starts with a line \"---\", then its YAML fields, then another \"---\"")
	}
	fmStart := next
	fmEnd, bodyStart := -1, -1
	for i := next; i < len(src); {
		line, nxt := lineAt(src, i)
		if t := strings.TrimRight(line, " \t\r"); t == "---" || t == "..." {
			fmEnd, bodyStart = i, nxt
			break
		}
		i = nxt
	}
	if fmEnd < 0 {
		return fail(1, 1, "front matter is not closed: add a line \"---\" after the last YAML field")
	}
	bodyLine := 1 + bytes.Count(src[:bodyStart], []byte("\n"))
	doc := &Document{Path: path, Src: src, BodyStart: bodyStart, BodyLine: bodyLine}
	front := src[fmStart:fmEnd]
	if i := strayCR(front); i >= 0 {
		line, col := lineCol(src, fmStart+i)
		return fail(line, col, "stray carriage return (an old Mac line ending): save the file with normal line endings")
	}
	if onlyComments(front) {
		return fail(2, 1, "front matter is empty: add the record's fields, starting with kind:")
	}
	doc.fmStart, doc.fmEnd = fmStart, fmEnd
	root, m, d := doc.parse()
	if d != nil {
		return nil, d
	}
	doc.front, doc.value = root, m
	return doc, nil
}

// parse parses the front matter: its root node and its plain data.
func (doc *Document) parse() (*yaml.Node, map[string]any, *diag.Diagnostic) {
	root, d := parseYAML(doc.Path, doc.Src[doc.fmStart:doc.fmEnd], 1)
	if d != nil {
		return nil, nil, d
	}
	v, d := toValue(doc.Path, root)
	if d != nil {
		return nil, nil, d
	}
	m, ok := v.(map[string]any)
	if !ok {
		d := diag.Errorf(diag.Position{File: doc.Path, Line: root.Line, Column: root.Column}, RuleFile,
			"front matter must be a set of \"field: value\" lines, not a %s", nodeKindName(root))
		return nil, nil, &d
	}
	return root, m, nil
}

// Root is the front matter's root mapping node; its line numbers are file
// lines. On a compacted document it is parsed again from Src each time.
func (doc *Document) Root() *yaml.Node {
	if doc.front != nil {
		return doc.front
	}
	root, _, _ := doc.parse()
	return root
}

// Values is the front matter as plain data for JSON Schema validation:
// map[string]any, []any, string, json.Number, bool and nil. Dates and
// other timestamps stay strings, exactly as written. On a compacted
// document it is parsed again from Src each time. Callers do not change
// what they get: clone it first (edit.go does).
func (doc *Document) Values() map[string]any {
	if doc.value != nil {
		return doc.value
	}
	_, m, _ := doc.parse()
	return m
}

// Compact drops the parsed front matter, keeping Src: a loaded record
// keeps what it was decoded into, and its positions are worked out again
// when a diagnostic needs them. It is what lets ect hold every record of
// a large body at once (the parsed trees were nine tenths of the heap).
func (doc *Document) Compact() {
	doc.front, doc.value = nil, nil
}

var noAliases = func() yaml.Option {
	p, err := aliasdata.New(aliasdata.WithDisable(true))
	if err != nil {
		panic(err) // static configuration
	}
	return yaml.WithPlugin(p)
}()

// parseYAML parses front matter whose first line is file line lineOffset+1.
func parseYAML(path string, src []byte, lineOffset int) (*yaml.Node, *diag.Diagnostic) {
	if root, ok := fastParse(src); ok {
		shiftLines(root, lineOffset)
		return root, nil
	}
	var n yaml.Node
	err := yaml.Load(src, &n, noAliases)
	if err != nil {
		pos := diag.Position{File: path, Line: lineOffset + 1, Column: 1}
		msg := err.Error()
		var le *yaml.LoadError
		var les *yaml.LoadErrors
		if errors.As(err, &les) && len(les.Errors) > 0 {
			le = les.Errors[0]
		}
		if le != nil || errors.As(err, &le) {
			msg = le.Message
			mark := le.Mark
			if (strings.Contains(le.ContextMsg, "flow") || strings.Contains(le.ContextMsg, "quoted")) &&
				le.ContextMark.Line > 0 && le.ContextMark.Line < le.Mark.Line {
				// The parser noticed late (an unclosed bracket or quote):
				// point at where the construct opened.
				mark = le.ContextMark
				thing := "quoted text"
				if strings.Contains(le.ContextMsg, "flow sequence") {
					thing = "[list]"
				} else if strings.Contains(le.ContextMsg, "flow mapping") {
					thing = "{group of fields}"
				}
				msg = fmt.Sprintf("the %s that starts here is not closed: %s", thing, le.Message)
			}
			if mark.Line > 0 {
				pos.Line = mark.Line + lineOffset
				pos.Column = mark.Column
			}
		}
		if line, col, ok := unclosedQuote(src, pos.Line-lineOffset); ok && !strings.Contains(msg, "is not closed") {
			// A quote left open runs on to the next quote in the file, so
			// the parser complains lines later: point at the open quote.
			pos.Line, pos.Column = line+lineOffset, col
			msg = "the quote opened here is not closed"
		}
		if strings.Contains(msg, "aliases are disabled") {
			msg = "YAML aliases (*name) are not allowed in records: write the value out in full"
		} else {
			msg = "invalid YAML: " + plainWords(msg) + yamlHint(msg)
		}
		d := diag.Errorf(pos, RuleYAML, "%s", msg)
		return nil, &d
	}
	root := &n
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	shiftLines(root, lineOffset)
	return root, nil
}

// unclosedQuote finds the first line before line (1-based, within src)
// with an odd number of double quotes, or of single quotes after ": ", the
// likely cause of a syntax error found later.
func unclosedQuote(src []byte, line int) (int, int, bool) {
	lines := strings.Split(string(src), "\n")
	for i := 0; i < len(lines) && i < line-1; i++ {
		l := strings.ReplaceAll(lines[i], `\"`, "")
		if strings.Count(l, `"`)%2 == 1 {
			return i + 1, utf8.RuneCountInString(l[:strings.Index(l, `"`)]) + 1, true
		}
		if j := strings.Index(l, ": '"); j >= 0 && strings.Count(strings.ReplaceAll(l[j+2:], "''", ""), "'")%2 == 1 {
			return i + 1, utf8.RuneCountInString(l[:j+2]) + 1, true
		}
	}
	return 0, 0, false
}

// plainWords replaces the YAML specification's terms in the library's
// messages with words a teacher knows.
func plainWords(msg string) string {
	return strings.NewReplacer(
		"a flow sequence", "a [list]", "flow sequence", "[list]",
		"a flow mapping", "a {group of fields}", "flow mapping", "{group of fields}",
		"a quoted scalar", "quoted text", "quoted scalar", "quoted text",
		"a plain scalar", "a value", "plain scalar", "value",
		"a block mapping", "the fields", "block mapping", "fields",
		"a block collection", "the fields", "block collection", "fields",
		"end of stream", "end of the front matter",
	).Replace(msg)
}

// yamlHint adds advice for the YAML mistakes people make most.
func yamlHint(msg string) string {
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		return ` (a value containing ": " needs quotes, e.g. evidence: "TS7: routines")`
	case strings.Contains(msg, "found character that cannot start any token"):
		return " (indent with spaces, not tabs; quote values starting with @ or `)"
	case strings.Contains(msg, "tab character"):
		return " (indent with spaces, not tabs)"
	case strings.Contains(msg, "is not closed"):
		return " (add the closing bracket or quote)"
	case strings.Contains(msg, "did not find expected"):
		return " (check the indentation and the brackets or quotes on this line)"
	}
	return ""
}

func shiftLines(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}

// toValue converts a YAML node to plain data, keeping dates as text and
// rejecting what JSON cannot express or what invites surprises.
func toValue(path string, n *yaml.Node) (any, *diag.Diagnostic) {
	fail := func(n *yaml.Node, format string, args ...any) (any, *diag.Diagnostic) {
		d := diag.Errorf(diag.Position{File: path, Line: n.Line, Column: n.Column}, RuleYAML, format, args...)
		return nil, &d
	}
	if msg := notAllowed(n); msg != "" {
		return fail(n, "%s", msg)
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				return fail(k, "a field name must be plain text")
			}
			if k.Tag == "!!merge" || k.Value == "<<" && k.Style == 0 {
				return fail(k, "YAML merge keys (<<) are not allowed in records: write the fields out in full")
			}
			if msg := notAllowed(k); msg != "" {
				return fail(k, "%s", msg)
			}
			if _, dup := m[k.Value]; dup {
				first := findKey(n, k.Value)
				return fail(k, "%q appears twice in the same place (first on line %d): keep one", k.Value, first.Line)
			}
			val, d := toValue(path, v)
			if d != nil {
				return nil, d
			}
			m[k.Value] = val
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			val, d := toValue(path, c)
			if d != nil {
				return nil, d
			}
			s = append(s, val)
		}
		return s, nil
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str", "!!timestamp":
			return n.Value, nil
		case "!!null":
			return nil, nil
		case "!!bool":
			return n.Value == "true" || n.Value == "True" || n.Value == "TRUE", nil
		case "!!int", "!!float":
			if num, ok := jsonNumber(n.Value); ok {
				return num, nil
			}
			// Octal, hex, infinities and the like: keep the text so the
			// schema reports a wrong type rather than a surprising number.
			return n.Value, nil
		}
		return fail(n, "YAML tag %s is not allowed in records", n.Tag)
	case yaml.AliasNode:
		return fail(n, "YAML aliases (*name) are not allowed in records: write the value out in full")
	}
	return fail(n, "unexpected YAML %s", nodeKindName(n))
}

// notAllowed says why a node may not be in a record, or returns "": an
// anchor (&name), even one no alias uses, or an explicit tag (!!str,
// !custom). The node's position is where the anchor or tag starts.
// Aliases are refused as the library loads, and merge keys with the
// mapping that holds them.
func notAllowed(n *yaml.Node) string {
	switch {
	case n.Anchor != "":
		return fmt.Sprintf("YAML anchors (&%s) are not allowed in records: remove &%s", n.Anchor, n.Anchor)
	case n.Style&yaml.TaggedStyle != 0:
		return fmt.Sprintf("YAML tag %s is not allowed in records: remove it (put text in quotes instead)", n.Tag)
	}
	return ""
}

// jsonNumber returns s as a json.Number when it is a plain decimal number.
func jsonNumber(s string) (json.Number, bool) {
	t := strings.TrimPrefix(s, "+")
	if t == "" {
		return "", false
	}
	digits := strings.TrimPrefix(t, "-")
	if len(digits) > 1 && digits[0] == '0' && digits[1] != '.' {
		return "", false // 0123 would be octal in YAML 1.1
	}
	if !json.Valid([]byte(t)) {
		return "", false
	}
	return json.Number(t), true
}

func findKey(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return m
}

func nodeKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "single value"
	case yaml.AliasNode:
		return "alias"
	}
	return "document"
}

// Locate returns the position of the value at a JSON-pointer-like path of
// field names and list indexes. With key set, it returns the position of the
// field name instead of its value. When the path does not exist it returns
// the position of the deepest part that does.
func (d *Document) Locate(path []string, key bool) diag.Position {
	n := d.Root()
	if n == nil {
		return d.Pos(1, 1)
	}
	var keyNode *yaml.Node
	for _, p := range path {
		next, k := child(n, p)
		if next == nil {
			break
		}
		n, keyNode = next, k
	}
	if key && keyNode != nil {
		return d.Pos(keyNode.Line, keyNode.Column)
	}
	return d.Pos(n.Line, n.Column)
}

func child(n *yaml.Node, p string) (value, key *yaml.Node) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == p {
				return n.Content[i+1], n.Content[i]
			}
		}
	case yaml.SequenceNode:
		var i int
		if _, err := fmt.Sscan(p, &i); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i], nil
		}
	}
	return nil, nil
}

// Node returns the YAML node at path, or nil.
func (d *Document) Node(path ...string) *yaml.Node {
	n := d.Root()
	for _, p := range path {
		if n == nil {
			return nil
		}
		n, _ = child(n, p)
	}
	return n
}

// lineAt returns the line starting at offset i (without its newline) and
// the offset of the next line.
func lineAt(src []byte, i int) (string, int) {
	j := bytes.IndexByte(src[i:], '\n')
	if j < 0 {
		return string(src[i:]), len(src)
	}
	return string(src[i : i+j]), i + j + 1
}

// lineCol converts a byte offset to a 1-based line and column (in runes).
func lineCol(src []byte, off int) (int, int) {
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	ls := bytes.LastIndexByte(src[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(src[ls:off])
}

// LineCol converts a byte offset in the document to a position.
func (d *Document) LineCol(off int) diag.Position {
	line, col := lineCol(d.Src, off)
	return d.Pos(line, col)
}

// TooBig is the message for a file over MaxSize bytes.
func TooBig(size int64) string {
	return fmt.Sprintf("file is %d KiB, more than the %d KiB a record may be: keep evidence such as PDFs in the ECT's documents/ folder",
		(size+1023)>>10, MaxSize>>10)
}

// strayCR returns the offset of the first carriage return not followed by
// a newline, or -1. YAML counts it as a line break and nothing else does.
func strayCR(b []byte) int {
	for i, c := range b {
		if c == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
			return i
		}
	}
	return -1
}

// onlyComments reports whether YAML text has nothing but blank lines and
// comments.
func onlyComments(b []byte) bool {
	for _, line := range bytes.Split(b, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if len(t) > 0 && t[0] != '#' {
			return false
		}
	}
	return true
}

func firstInvalid(src []byte) int {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(src)
}

// FieldName formats a front-matter path as people write it:
// periods[0].start.
func FieldName(path []string) string {
	var b strings.Builder
	for _, p := range path {
		if p != "" && strings.Trim(p, "0123456789") == "" {
			fmt.Fprintf(&b, "[%s]", p)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}
