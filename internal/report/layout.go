package report

import (
	"strings"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
)

// Page geometry, in millimetres, and type sizes, in points.
const (
	margin     = 15.0
	footerGap  = 12.0 // the bottom margin: room for the footer
	bodySize   = 10.0
	smallSize  = 8.0
	lineHeight = 4.8
	cellPad    = 1.5
	// keepTogether is the tallest table moved whole to a new page rather
	// than split.
	keepTogether = 90.0
)

// Font styles: "" regular, "B" bold, "I" italic (DejaVu has no bold
// oblique among the embedded faces, so bold italic prints bold).
const family = "DejaVu"

// run is a piece of text in one style.
type run struct {
	text  string
	style string
}

// page wraps an fpdf document with the layout helpers every page uses.
type page struct {
	pdf  *fpdf.Fpdf
	foot string // the footer's text before the page number
	// banner is true on the pages of a report whose signatures are not
	// proven: header warns on each.
	banner bool
	// loaded are the font styles added to the document so far.
	loaded map[string]bool
}

var faces = map[string]*[]byte{"": &fontRegular, "B": &fontBold, "I": &fontItalic}

// style sets the font style and size.
func (p *page) font(style string, size float64) {
	if style == "BI" || style == "IB" {
		style = "B"
	}
	if !p.loaded[style] {
		p.pdf.AddUTF8FontFromBytes(family, style, *faces[style])
		p.loaded[style] = true
	}
	p.pdf.SetFont(family, style, size)
}

// bottom is the lowest y at which text may end.
func (p *page) bottom() float64 {
	_, h := p.pdf.GetPageSize()
	return h - footerGap - 5
}

// room makes sure h millimetres fit below the current position, starting a
// new page when they do not.
func (p *page) room(h float64) {
	if p.pdf.GetY()+h > p.bottom() {
		p.pdf.AddPage()
	}
}

// width is the width between the margins.
func (p *page) width() float64 {
	w, _ := p.pdf.GetPageSize()
	return w - 2*margin
}

// clean makes text safe to print: no control characters, runes outside
// the Basic Multilingual Plane replaced (the font tables stop there).
func clean(s string) string {
	ok := true
	for _, r := range s {
		if r > 0xFFFE || r < ' ' && r != '\n' || r == 0x7f {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || r == '\r':
			b.WriteByte(' ')
		case r == '\n':
			b.WriteByte('\n')
		case r < ' ' || r == 0x7f:
		case r > 0xFFFE:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// token is a word (or a forced line break) laid out on a line.
type token struct {
	text  string
	style string
	space bool // a space precedes it
	brk   bool // a hard line break
	w     float64
}

// tokens splits runs into words, remembering where spaces were.
func (p *page) tokens(runs []run, size float64) []token {
	var out []token
	space := false
	for _, r := range runs {
		p.font(r.style, size)
		text := clean(r.text)
		i := 0
		for i < len(text) {
			c := rune(text[i])
			if c == '\n' {
				out = append(out, token{brk: true})
				space = false
				i++
				continue
			}
			if c < 0x80 && unicode.IsSpace(c) {
				space = true
				i++
				continue
			}
			j := i
			for j < len(text) && !(text[j] < 0x80 && (text[j] == '\n' || unicode.IsSpace(rune(text[j])))) {
				j++
			}
			w := text[i:j]
			out = append(out, token{text: w, style: r.style, space: space, w: p.pdf.GetStringWidth(w)})
			space = false
			i = j
		}
	}
	return out
}

// segment is a piece of a line in one style.
type segment struct {
	text  string
	style string
	w     float64
}

// lines wraps runs to width: each line is a list of segments.
func (p *page) lines(runs []run, size, width float64) [][]segment {
	toks := p.tokens(runs, size)
	spaceW := map[string]float64{}
	sp := func(style string) float64 {
		if w, ok := spaceW[style]; ok {
			return w
		}
		p.font(style, size)
		w := p.pdf.GetStringWidth(" ")
		spaceW[style] = w
		return w
	}
	var out [][]segment
	var line []segment
	used := 0.0
	flush := func() {
		out = append(out, line)
		line, used = nil, 0
	}
	add := func(t token, lead bool) {
		if lead && len(line) > 0 {
			s := sp(t.style)
			last := &line[len(line)-1]
			if last.style == t.style {
				last.text += " " + t.text
				last.w += s + t.w
				used += s + t.w
				return
			}
			line = append(line, segment{" ", t.style, s})
			used += s
		}
		line = append(line, segment{t.text, t.style, t.w})
		used += t.w
	}
	for _, t := range toks {
		if t.brk {
			flush()
			continue
		}
		need := t.w
		if t.space && len(line) > 0 {
			need += sp(t.style)
		}
		if used+need <= width {
			add(t, t.space)
			continue
		}
		if len(line) > 0 {
			flush()
		}
		if t.w <= width {
			add(t, false)
			continue
		}
		// A word longer than the line: break it between characters.
		p.font(t.style, size)
		var b strings.Builder
		bw := 0.0
		for _, r := range t.text {
			rw := p.pdf.GetStringWidth(string(r))
			if bw+rw > width && b.Len() > 0 {
				line = []segment{{b.String(), t.style, bw}}
				flush()
				b.Reset()
				bw = 0
			}
			b.WriteRune(r)
			bw += rw
		}
		if b.Len() > 0 {
			add(token{text: b.String(), style: t.style, w: bw}, false)
		}
	}
	if len(line) > 0 || len(out) == 0 {
		flush()
	}
	return out
}

// drawLine prints one line's segments from x at the current y.
func (p *page) drawLine(x float64, segs []segment, size, lh float64) {
	y := p.pdf.GetY()
	for _, s := range segs {
		p.font(s.style, size)
		p.pdf.SetXY(x, y)
		p.pdf.CellFormat(s.w, lh, s.text, "", 0, "L", false, 0, "")
		x += s.w
	}
}

// flow prints runs as a wrapped paragraph from x, width w wide, breaking
// pages between lines.
func (p *page) flow(runs []run, x, w, size, lh float64) {
	p.pdf.SetCellMargin(0)
	for _, l := range p.lines(runs, size, w) {
		p.room(lh)
		p.drawLine(x, l, size, lh)
		p.pdf.SetXY(x, p.pdf.GetY()+lh)
	}
}

// text prints plain text in one style as a wrapped paragraph across the
// full width.
func (p *page) text(s, style string, size float64) {
	p.flow([]run{{s, style}}, margin, p.width(), size, size*0.48)
}

// cell is one table cell: runs of text.
type cell []run

// plain makes a cell of plain text.
func plain(s string) cell { return cell{{s, ""}} }

// table draws a table: widths fitted to the content, cells wrapped, the
// header row (when head is set) repeated at the top of every page the
// table continues on.
type table struct {
	head   []cell
	rows   [][]cell
	widths []float64 // fractions of the width; fitted when nil
	size   float64
	shade  int // columns from the left shaded as labels
}

func (p *page) table(t table) {
	ncol := len(t.head)
	for _, r := range t.rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 {
		return
	}
	size := t.size
	if size == 0 {
		size = smallSize + 1
	}
	lh := size * 0.46
	total := p.width()
	widths := p.fit(t, ncol, size, total)
	wrapped := func(r []cell) [][][]segment {
		out := make([][][]segment, ncol)
		for i := range ncol {
			var c cell
			if i < len(r) {
				c = r[i]
			}
			out[i] = p.lines(c, size, widths[i]-2*cellPad)
		}
		return out
	}
	var head [][][]segment
	if len(t.head) > 0 {
		hc := make([]cell, len(t.head))
		for i, c := range t.head {
			hc[i] = bold(c)
		}
		head = wrapped(hc)
	}
	height := func(cells [][][]segment) float64 {
		n := 1
		for _, c := range cells {
			n = max(n, len(c))
		}
		return float64(n)*lh + 2*cellPad
	}
	drawRow := func(cells [][][]segment, fill func(col int) bool, from, to int) {
		h := float64(to-from)*lh + 2*cellPad
		y := p.pdf.GetY()
		x := margin
		for i, c := range cells {
			if fill(i) {
				p.pdf.SetFillColor(235, 238, 242)
				p.pdf.Rect(x, y, widths[i], h, "FD")
			} else {
				p.pdf.Rect(x, y, widths[i], h, "D")
			}
			for k := from; k < to && k < len(c); k++ {
				p.pdf.SetY(y + cellPad + float64(k-from)*lh)
				p.drawLine(x+cellPad, c[k], size, lh)
			}
			x += widths[i]
		}
		p.pdf.SetXY(margin, y+h)
	}
	isHead := func(int) bool { return true }
	isLabel := func(i int) bool { return i < t.shade }
	drawHead := func() {
		if head != nil {
			drawRow(head, isHead, 0, int((height(head)-2*cellPad)/lh+0.5))
		}
	}
	hh := 0.0
	if head != nil {
		hh = height(head)
	}
	p.pdf.SetDrawColor(150, 155, 160)
	p.pdf.SetLineWidth(0.2)
	all := make([][][][]segment, len(t.rows))
	whole := hh
	for i, r := range t.rows {
		all[i] = wrapped(r)
		whole += height(all[i])
	}
	// A short table stays on one page; a long one keeps its header with
	// its first row.
	if whole <= keepTogether {
		p.room(whole)
	} else {
		first := hh
		if len(all) > 0 {
			first += min(height(all[0]), 3*lh+2*cellPad)
		}
		p.room(first)
	}
	drawHead()
	for _, cells := range all {
		n := int((height(cells)-2*cellPad)/lh + 0.5)
		from, fresh := 0, false
		for from < n {
			avail := p.bottom() - p.pdf.GetY() - 2*cellPad
			fit := int(avail / lh)
			if fresh {
				fit = max(fit, 1) // a new page always takes a line
			} else if fit < min(n-from, 2) {
				p.pdf.AddPage()
				drawHead()
				fresh = true
				continue
			}
			fresh = false
			to := min(n, from+fit)
			drawRow(cells, isLabel, from, to)
			from = to
			if from < n {
				p.pdf.AddPage()
				drawHead()
				fresh = true
			}
		}
	}
	p.pdf.SetDrawColor(0, 0, 0)
}

// bold returns the cell with every run bold.
func bold(c cell) cell {
	out := make(cell, len(c))
	for i, r := range c {
		out[i] = run{r.text, "B"}
	}
	return out
}

// fit works out column widths: given fractions, or in proportion to each
// column's natural width with a floor, so short columns stay short and long
// text wraps.
func (p *page) fit(t table, ncol int, size, total float64) []float64 {
	widths := make([]float64, ncol)
	if len(t.widths) == ncol {
		for i, f := range t.widths {
			widths[i] = f * total
		}
		return widths
	}
	natural := make([]float64, ncol)
	longest := make([]float64, ncol) // the longest word: a column should not break words
	measure := func(r []cell, style string) {
		for i, c := range r {
			if i >= ncol {
				break
			}
			w := 0.0
			for _, ru := range c {
				st := ru.style
				if style != "" {
					st = style
				}
				p.font(st, size)
				w += p.pdf.GetStringWidth(clean(ru.text))
				for _, word := range strings.Fields(ru.text) {
					longest[i] = max(longest[i], p.pdf.GetStringWidth(clean(word)))
				}
			}
			natural[i] = max(natural[i], w+2*cellPad+0.5)
		}
	}
	measure(t.head, "B")
	for _, r := range t.rows {
		measure(r, "")
	}
	sum := 0.0
	for _, w := range natural {
		sum += w
	}
	if sum <= total {
		// Everything fits: spread the slack in proportion.
		for i, w := range natural {
			widths[i] = w * total / sum
		}
		return widths
	}
	// Columns narrower than a fair share keep their width; the rest share
	// what is left in proportion to their natural widths, never below
	// their longest word (within reason).
	fair := total / float64(ncol)
	left, wide := total, 0.0
	for i, w := range natural {
		if w <= fair {
			widths[i] = w
			left -= w
		} else {
			wide += w
		}
	}
	for i, w := range natural {
		if w > fair {
			widths[i] = w * left / wide
		}
	}
	// Raise columns whose longest word does not fit, taking from the widest.
	for i := range widths {
		need := min(longest[i]+2*cellPad+0.5, fair)
		if widths[i] < need {
			d := need - widths[i]
			j := widest(widths)
			if widths[j]-d > need {
				widths[j] -= d
				widths[i] = need
			}
		}
	}
	return widths
}

func widest(ws []float64) int {
	j := 0
	for i, w := range ws {
		if w > ws[j] {
			j = i
		}
	}
	return j
}
