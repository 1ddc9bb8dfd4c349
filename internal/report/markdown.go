package report

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// md parses report bodies: CommonMark with GFM tables. A goldmark parser
// is safe for concurrent use.
var md = goldmark.New(goldmark.WithExtensions(extension.Table))

// markdown draws a report's Markdown body: headings, paragraphs, lists,
// emphasis and tables. Raw HTML is left out.
func (p *page) markdown(src []byte) {
	doc := md.Parser().Parse(text.NewReader(src))
	p.blocks(doc, src, 0)
}

// blocks draws the block children of n, indented by indent millimetres.
func (p *page) blocks(n ast.Node, src []byte, indent float64) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		p.block(c, src, indent)
	}
}

func (p *page) block(n ast.Node, src []byte, indent float64) {
	x, w := margin+indent, p.width()-indent
	switch n := n.(type) {
	case *ast.Heading:
		size := map[int]float64{1: 14, 2: 12, 3: 11}[n.Level]
		if size == 0 {
			size = bodySize + 0.5
		}
		lh := size * 0.5
		p.pdf.SetY(p.pdf.GetY() + 2)
		p.room(lh*2 + 3*lineHeight) // keep a heading with what follows
		p.pdf.SetTextColor(20, 50, 90)
		p.flow(bolden(p.inline(n, src)), x, w, size, lh)
		p.pdf.SetTextColor(0, 0, 0)
		p.pdf.SetY(p.pdf.GetY() + 1)
	case *ast.Paragraph, *ast.TextBlock:
		p.flow(p.inline(n, src), x, w, bodySize, lineHeight)
		if _, ok := n.(*ast.Paragraph); ok {
			p.pdf.SetY(p.pdf.GetY() + 2)
		}
	case *ast.List:
		num := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			mark := "•"
			if n.IsOrdered() {
				mark = strconv.Itoa(num) + "."
				num++
			}
			p.room(lineHeight)
			p.font("", bodySize)
			p.pdf.SetCellMargin(0)
			p.pdf.SetX(x)
			p.pdf.CellFormat(6, lineHeight, mark, "", 0, "L", false, 0, "")
			p.blocks(item, src, indent+6)
		}
		if n.IsTight {
			p.pdf.SetY(p.pdf.GetY() + 2)
		}
	case *ast.Blockquote:
		y0 := p.pdf.GetY()
		page0 := p.pdf.PageNo()
		p.pdf.SetTextColor(70, 70, 70)
		p.blocks(n, src, indent+5)
		p.pdf.SetTextColor(0, 0, 0)
		if p.pdf.PageNo() == page0 {
			p.pdf.SetDrawColor(180, 180, 180)
			p.pdf.Line(x+1.5, y0, x+1.5, p.pdf.GetY()-2)
			p.pdf.SetDrawColor(0, 0, 0)
		}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b strings.Builder
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		p.flow([]run{{strings.TrimRight(b.String(), "\n"), ""}}, x+3, w-3, bodySize-1, lineHeight-0.4)
		p.pdf.SetY(p.pdf.GetY() + 2)
	case *ast.ThematicBreak:
		p.room(4)
		y := p.pdf.GetY() + 2
		p.pdf.SetDrawColor(180, 180, 180)
		p.pdf.Line(x, y, x+w, y)
		p.pdf.SetDrawColor(0, 0, 0)
		p.pdf.SetY(y + 2)
	case *east.Table:
		var t table
		for r := n.FirstChild(); r != nil; r = r.NextSibling() {
			var row []cell
			for c := r.FirstChild(); c != nil; c = c.NextSibling() {
				row = append(row, cell(p.inline(c, src)))
			}
			if _, ok := r.(*east.TableHeader); ok {
				t.head = row
			} else {
				t.rows = append(t.rows, row)
			}
		}
		p.table(t)
		p.pdf.SetY(p.pdf.GetY() + 2)
	case *ast.HTMLBlock:
		// Raw HTML (template guidance in comments, mostly) is not printed.
	default:
		p.blocks(n, src, indent)
	}
}

// bolden makes every run bold.
func bolden(rs []run) []run {
	for i := range rs {
		if !strings.Contains(rs[i].style, "B") {
			rs[i].style += "B"
		}
	}
	return rs
}

// inline collects the text of n's inline children as styled runs.
func (p *page) inline(n ast.Node, src []byte) []run {
	var out []run
	var walk func(n ast.Node, style string)
	walk = func(n ast.Node, style string) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				t := string(c.Value(src))
				switch {
				case c.HardLineBreak():
					t += "\n"
				case c.SoftLineBreak():
					t += " "
				}
				out = append(out, run{t, style})
			case *ast.String:
				out = append(out, run{string(c.Value), style})
			case *ast.Emphasis:
				s := style
				if c.Level >= 2 {
					if !strings.Contains(s, "B") {
						s += "B"
					}
				} else if !strings.Contains(s, "I") {
					s += "I"
				}
				walk(c, s)
			case *ast.CodeSpan:
				var b strings.Builder
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if tx, ok := t.(*ast.Text); ok {
						b.Write(tx.Value(src))
					}
				}
				out = append(out, run{b.String(), style})
			case *ast.AutoLink:
				out = append(out, run{string(c.URL(src)), style})
			case *ast.RawHTML:
				// Inline HTML is not printed.
			default:
				walk(c, style)
			}
		}
	}
	walk(n, "")
	return out
}
