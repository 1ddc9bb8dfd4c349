package record

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
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
// concurrent use.
var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// parseSections parses the Markdown body with goldmark and splits it into
// level-2 sections.
func parseSections(body []byte, firstLine int) []Section {
	root := markdown.Parser().Parse(text.NewReader(body))
	var out []Section
	var cur *Section
	var curStart int
	closeSection := func(end int) {
		if cur != nil {
			cur.Source = string(body[curStart:end])
			out = append(out, *cur)
			cur = nil
		}
	}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level <= 2 {
			start := blockStart(h, body)
			closeSection(start)
			if h.Level == 2 {
				line := firstLine + bytes.Count(body[:start], []byte("\n"))
				cur = &Section{Heading: headingText(h, body), Line: line, Column: 1, Empty: true}
				curStart = blockEnd(h, body)
			}
			continue
		}
		if cur != nil && hasContent(n) {
			cur.Empty = false
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

// blockEnd returns the offset just after the line a heading ends on.
func blockEnd(n ast.Node, src []byte) int {
	lines := n.Lines()
	if lines.Len() == 0 {
		return 0
	}
	end := lines.At(lines.Len() - 1).Stop
	if i := bytes.IndexByte(src[end:], '\n'); i >= 0 {
		return end + i + 1
	}
	return len(src)
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
