package record

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Section is a level-2 section of a record's Markdown body: "## Heading"
// and everything up to the next level-1 or level-2 heading.
type Section struct {
	Heading string
	Line    int // the heading's line in the file
	Column  int
	// Empty is true when the section has no content: only blank lines,
	// HTML comments (template guidance) or sub-headings.
	Empty bool
	// Source is the section's Markdown, for checks such as "mentions a
	// Teachers' Standard".
	Source string
}

// markdown is the shared goldmark parser; goldmark parsers are safe for
// concurrent use. Finding sections needs only CommonMark blocks (a GFM
// table is a paragraph here, and still counts as an answer), and without
// the GFM extensions parsing is a third faster.
var markdown = goldmark.New()

// parseSections parses the Markdown body with goldmark and splits it into
// level-2 sections.
func parseSections(body []byte, firstLine int) []Section {
	root := markdown.Parser().Parse(text.NewReader(body))
	var out []Section
	var cur *Section
	curStart := 0 // where the current section's content starts
	lastEnd := 0  // the end of the last line of any block seen so far
	closeSection := func(end int) {
		if cur != nil {
			cur.Source = string(body[curStart:max(end, curStart)])
			out = append(out, *cur)
			cur = nil
		}
	}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		h, isHeading := n.(*ast.Heading)
		if isHeading && h.Level <= 2 {
			// An empty heading ("##") has no lines: it starts where the
			// previous block ended.
			start, end := emptyLine(body, lastEnd)
			if h.Lines().Len() > 0 {
				start, end = blockStart(h, body), blockEnd(h, body)
			}
			closeSection(start)
			if h.Level == 2 {
				line := firstLine + bytes.Count(body[:start], []byte("\n"))
				cur = &Section{Heading: headingText(h, body), Line: line, Column: 1, Empty: true}
				curStart = end
			}
		} else if cur != nil && hasContent(n) {
			cur.Empty = false
		}
		if n.Lines().Len() > 0 {
			lastEnd = max(lastEnd, blockEnd(n, body))
		}
	}
	closeSection(len(body))
	return out
}

// hasContent reports whether a block counts as an answer.
func hasContent(n ast.Node) bool {
	switch n.(type) {
	case *ast.HTMLBlock, *ast.Heading, *ast.ThematicBreak:
		return false
	}
	return true
}

// blockStart returns the offset of the start of the line a block begins on.
func blockStart(n ast.Node, src []byte) int {
	if lines := n.Lines(); lines.Len() > 0 {
		return bytes.LastIndexByte(src[:lines.At(0).Start], '\n') + 1
	}
	return 0
}

// blockEnd returns the offset just after the line a block ends on, and
// after a setext heading's underline.
func blockEnd(n ast.Node, src []byte) int {
	lines := n.Lines()
	if lines.Len() == 0 {
		return 0
	}
	end := nextLine(src, lines.At(lines.Len()-1).Stop)
	if _, ok := n.(*ast.Heading); ok {
		next := nextLine(src, end)
		if u := bytes.TrimSpace(src[end:next]); len(u) > 0 && (len(bytes.Trim(u, "=")) == 0 || len(bytes.Trim(u, "-")) == 0) {
			end = next
		}
	}
	return end
}

// nextLine returns the offset of the line after the one containing off.
func nextLine(src []byte, off int) int {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}

// emptyLine finds the first non-blank line at or after off (an empty
// heading's line) and returns its start and the start of the line after.
func emptyLine(src []byte, off int) (start, end int) {
	k := off
	for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r') {
		k++
	}
	start = bytes.LastIndexByte(src[:k], '\n') + 1
	return start, nextLine(src, k)
}

// headingText returns a heading's plain text.
func headingText(h *ast.Heading, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(h, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}
