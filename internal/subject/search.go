package subject

import (
	"bytes"
	"cmp"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/record"
	yaml "go.yaml.in/yaml/v4"
)

// maxLineRunes is the most of one line a reference or mention shows: a
// paragraph written on one line is cut there, marked with "…".
const maxLineRunes = 1000

// span is lines from to to (inclusive) of one file.
type span struct {
	file     string
	from, to int
}

// spans are the parts of the records already shown as the person's
// identity, not listed again as mentions.
type spans []span

func (ss spans) has(file string, line int) bool {
	return slices.ContainsFunc(ss, func(s span) bool { return s.file == file && line >= s.from && line <= s.to })
}

// identitySpans are the staff entries that list the person (id, name,
// e-mail addresses, …).
func identitySpans(s *Subject) spans {
	var out spans
	for _, l := range s.Listings {
		n := node(l.File.Doc.Root(), "staff", strconv.Itoa(l.Index))
		if n == nil {
			continue
		}
		out = append(out, span{file: l.File.Doc.Path, from: n.Line, to: lastLine(n)})
	}
	return out
}

// node returns the front-matter node at path, or nil.
func node(n *yaml.Node, path ...string) *yaml.Node {
	for _, p := range path {
		if n == nil {
			return nil
		}
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					next = n.Content[i+1]
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(p); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
			}
		}
		n = next
	}
	return n
}

// lastLine is the last line a node's value reaches.
func lastLine(n *yaml.Node) int {
	last := n.Line
	for _, c := range n.Content {
		last = max(last, lastLine(c))
	}
	return last
}

// walk calls fn for every scalar value in the front matter, with its
// path (keys, and list indexes as numbers).
func walk(n *yaml.Node, at []string, fn func(path []string, n *yaml.Node)) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			walk(n.Content[i+1], append(slices.Clip(at), n.Content[i].Value), fn)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			walk(c, append(slices.Clip(at), strconv.Itoa(i)), fn)
		}
	case yaml.ScalarNode:
		fn(at, n)
	}
}

// references are the front-matter fields, in any record, whose value is
// the member of staff's id (tutor:, mentor:, signatures' by:, released:,
// the mentoring log's with:, the body's named_contact:, …), and the
// meetings of the mentoring logs of the ECTs they mentor that name
// nobody (a meeting with the ECT's mentor). School staff are looked for
// in their schools' records, the appropriate body's staff everywhere:
// another school's staff may use the same id for someone else.
func references(book *record.Book, s *Subject) []Line {
	schools, ab := map[string]bool{}, false
	for _, l := range s.Listings {
		if l.School == nil {
			ab = true
		} else {
			schools[l.School.Place.SchoolDir] = true
		}
	}
	ours := func(f *record.File) bool { return ab || schools[f.Place.SchoolDir] }
	skip := identitySpans(s)
	id := []byte(s.ID)
	var out []Line
	for _, r := range book.Records() {
		f := r.RecordFile()
		if f.Doc == nil || !ours(f) || !bytes.Contains(f.Doc.Src, id) {
			continue
		}
		root := f.Doc.Root()
		if root == nil {
			continue
		}
		walk(root, nil, func(p []string, n *yaml.Node) {
			if n.Value == s.ID && !skip.has(f.Doc.Path, n.Line) {
				out = append(out, Line{File: f.Doc.Path, Line: n.Line, Field: frontmatter.FieldName(p), Found: "id", Text: lineText(f.Doc.Src, n.Line)})
			}
		})
	}
	for _, e := range book.ECTs {
		m := e.Mentoring
		if m == nil || m.Doc == nil || e.Mentor != s.ID || e.School == nil || !schools[e.School.Place.SchoolDir] {
			continue
		}
		for i, en := range m.Entries {
			if en.Kind != record.EntryMeeting || en.With != "" {
				continue
			}
			at := []string{"entries", strconv.Itoa(i)}
			line := m.Doc.Locate(at, false).Line
			out = append(out, Line{File: m.Doc.Path, Line: line, Field: frontmatter.FieldName(at), Found: "id", Text: lineText(m.Doc.Src, line),
				Note: "a meeting that names nobody: with the ECT's mentor, whom their ect.md names as " + s.ID})
		}
	}
	slices.SortStableFunc(out, byPlace)
	return slices.CompactFunc(out, func(a, b Line) bool { return a.File == b.File && a.Line == b.Line && a.Field == b.Field })
}

func byPlace(a, b Line) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	return cmp.Compare(a.Line, b.Line)
}

// mentions are the lines of the records that name the person, other
// than their own (an ECT's folder, copied whole; a member of staff's
// entries in the staff lists) and the references already listed: their
// full name, in any case and however spaced, and an ECT's TRN.
func mentions(book *record.Book, s *Subject, refs []Line) []Line {
	skip := identitySpans(s)
	listed := map[span]bool{}
	for _, r := range refs {
		listed[span{file: r.File, from: r.Line}] = true
	}
	own := ""
	if s.ECT != nil {
		own = path.Dir(s.ECT.Doc.Path) + "/"
	}
	name := nameRE(s.Name)
	var out []Line
	for _, r := range book.Records() {
		f := r.RecordFile()
		if f.Doc == nil || (own != "" && strings.HasPrefix(f.Doc.Path, own)) {
			continue
		}
		src := f.Doc.Src
		found := map[int]string{}
		if name != nil {
			for _, m := range name.FindAllIndex(src, -1) {
				if bounded(src, m[0], m[1], unicode.IsLetter) {
					found[lineOf(src, m[0])] = "name"
				}
			}
		}
		if s.Kind == KindECT {
			for i := 0; ; {
				j := bytes.Index(src[i:], []byte(s.ID))
				if j < 0 {
					break
				}
				at := i + j
				if bounded(src, at, at+len(s.ID), unicode.IsDigit) {
					if _, ok := found[lineOf(src, at)]; !ok {
						found[lineOf(src, at)] = "trn"
					}
				}
				i = at + len(s.ID)
			}
		}
		for line, what := range found {
			if skip.has(f.Doc.Path, line) || listed[span{file: f.Doc.Path, from: line}] {
				continue
			}
			out = append(out, Line{File: f.Doc.Path, Line: line, Found: what, Text: lineText(src, line)})
		}
	}
	slices.SortStableFunc(out, byPlace)
	return out
}

// nameRE matches a full name in any case, its words separated by any
// spaces or tabs; nil for no name.
func nameRE(name string) *regexp.Regexp {
	words := strings.Fields(name)
	if len(words) == 0 {
		return nil
	}
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(`(?i)` + strings.Join(words, `[ \t\x{00A0}]+`))
}

// bounded reports whether src[from:to] stands alone: the characters
// either side of it are not of the class part (a name inside a longer
// word, a TRN inside a longer number, is not it).
func bounded(src []byte, from, to int, part func(rune) bool) bool {
	if from > 0 {
		if r, _ := utf8.DecodeLastRune(src[:from]); part(r) {
			return false
		}
	}
	if to < len(src) {
		if r, _ := utf8.DecodeRune(src[to:]); part(r) {
			return false
		}
	}
	return true
}

// lineOf is the line number (from 1) of the byte at i.
func lineOf(src []byte, i int) int { return bytes.Count(src[:i], []byte("\n")) + 1 }

// lineText is line n of src (from 1), without its line end, cut at
// maxLineRunes.
func lineText(src []byte, n int) string {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return ""
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	s := strings.TrimRight(string(src), "\r")
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if utf8.RuneCountInString(s) > maxLineRunes {
		s = string([]rune(s)[:maxLineRunes]) + "…"
	}
	return s
}
