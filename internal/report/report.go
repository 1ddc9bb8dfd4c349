// Package report renders induction reports as PDF, modelled on the DfE
// suggested forms: one report (Render) or an ECT's whole induction record
// with a cover (RenderRecord). Every page's footer names the record and the
// commit it was built from, and the same input always gives the same bytes:
// the PDF's dates are the commit's and nothing random is written.
package report

import (
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
)

// The embedded DejaVu Sans faces (fonts/LICENSE): wide Unicode coverage,
// so names such as "Zoë Ødegaard-Łukasz" and "—", "£", "✓" print.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
	//go:embed fonts/DejaVuSans-Oblique.ttf
	fontItalic []byte
)

// Doc is one report to render.
type Doc struct {
	Body   *record.Body
	ECT    *record.ECT
	Report *record.Report
	// Proofs are the audit's proofs of the report's signatures then
	// review, in file order; nil when the records are not in Git.
	Proofs []*audit.Proof
	// Commit is the commit the records were built from, e.g. "a1b2c3d",
	// or "not in Git".
	Commit string
	// Date is the commit's date: the PDF's creation date (never the time
	// of rendering, so that a commit always gives the same bytes).
	Date time.Time
	// NotProven, when not empty, says why the report's signatures are
	// not proven from Git (audit.Unproven): every page of it then carries
	// a warning, and the first page the reasons.
	NotProven []string
}

// Record is an ECT's whole induction record: a cover with the induction
// summary and timeline, then every report in order.
type Record struct {
	Body    *record.Body
	ECT     *record.ECT
	Summary *schedule.Summary // the ECT's schedule: the cover's summary and timeline
	Reports []Doc             // the reports, in order
	Commit  string            // the commit the records were built from
	Date    time.Time         // the commit's date: the PDF's creation date
}

// Render writes one report as a PDF to w.
func Render(w io.Writer, d Doc) error {
	if d.Report == nil || d.ECT == nil {
		return fmt.Errorf("report: nothing to render")
	}
	p := newPage(d.Date, d.Report.Title()+", "+termOf(d.Report), d.ECT.Name)
	p.report(d)
	return p.pdf.Output(w)
}

// RenderRecord writes an ECT's whole induction record as one PDF to w: a
// cover with the induction summary (FTE terms served, required and
// remaining, the expected end) and a timeline of the expected reports,
// then every report in order.
func RenderRecord(w io.Writer, r Record) error {
	if r.ECT == nil {
		return fmt.Errorf("report: no ECT to render")
	}
	p := newPage(r.Date, "Induction record", r.ECT.Name)
	p.cover(r)
	for _, d := range r.Reports {
		if d.Report == nil {
			continue
		}
		if d.ECT == nil {
			d.ECT = r.ECT
		}
		if d.Body == nil {
			d.Body = r.Body
		}
		if d.Commit == "" {
			d.Commit = r.Commit
		}
		p.report(d)
	}
	return p.pdf.Output(w)
}

// epoch stands in for a missing date: never the current time.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func newPage(date time.Time, subject, author string) *page {
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	if date.IsZero() {
		date = epoch
	}
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetCatalogSort(true)
	pdf.SetCompression(true)
	pdf.SetProducer("ectdocs", true)
	pdf.SetCreator("ectdocs", true)
	pdf.SetTitle(clean(subject), true)
	pdf.SetAuthor(clean(author), true)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, footerGap)
	pdf.AliasNbPages("{nb}")
	// Each face is parsed and embedded (subset) only when first used:
	// parsing is most of a render's cost.
	p := &page{pdf: pdf, loaded: map[string]bool{}}
	pdf.SetFooterFunc(p.footer)
	pdf.SetHeaderFunc(p.header)
	return p
}

// footerText is what the footer says before the page number.
func footerText(e *record.ECT, what, commit string) string {
	if commit == "" {
		commit = "not in Git"
	}
	return fmt.Sprintf("%s (%s) · %s · built from commit %s", e.Name, e.TRN, what, commit)
}

// notProvenBanner heads every page of a report whose signatures Git does
// not prove.
const notProvenBanner = "SIGNATURES NOT PROVEN: Git does not prove every signature on this report, so it does not count as signed"

// header prints, on every page of a report that is not fully proven, the
// warning banner.
func (p *page) header() {
	if !p.banner {
		return
	}
	w := p.width()
	p.font("B", smallSize)
	p.pdf.SetFillColor(180, 20, 20)
	p.pdf.SetTextColor(255, 255, 255)
	p.pdf.SetXY(margin, margin/2)
	p.pdf.MultiCell(w, 5, clean(notProvenBanner), "", "C", true)
	p.pdf.SetTextColor(0, 0, 0)
	p.pdf.SetFillColor(255, 255, 255)
	p.pdf.SetY(max(p.pdf.GetY()+2, margin))
}

// footer prints the footer of the current page: p.foot, set by each part
// of the document after it starts its first page, and the page number.
func (p *page) footer() {
	text := &p.foot
	_, h := p.pdf.GetPageSize()
	p.pdf.SetCellMargin(0)
	p.font("", smallSize-0.5)
	p.pdf.SetTextColor(90, 90, 90)
	w := p.width()
	pageText := fmt.Sprintf(" · page %d of {nb}", p.pdf.PageNo())
	line := clean(*text) + pageText
	// Long names shorten the footer rather than run off the page.
	if p.pdf.GetStringWidth(line) > w {
		lines := p.pdf.SplitText(clean(*text), w-p.pdf.GetStringWidth(pageText)-2)
		if len(lines) > 0 {
			line = lines[0] + "…" + pageText
		}
	}
	p.pdf.SetDrawColor(180, 180, 180)
	p.pdf.Line(margin, h-footerGap+1, margin+w, h-footerGap+1)
	p.pdf.SetXY(margin, h-footerGap+2)
	p.pdf.CellFormat(w, 4, line, "", 0, "C", false, 0, "")
	p.pdf.SetTextColor(0, 0, 0)
	p.pdf.SetDrawColor(0, 0, 0)
}

// termOf says which term the report is for: "summer term 2025-26".
func termOf(r *record.Report) string {
	if r.Place.Term == "" {
		return "term " + strconv.Itoa(r.Term)
	}
	return r.Place.Term + " term " + r.Place.Year
}

func label(r *record.Report) string { return r.Title() + ", " + termOf(r) }

// report draws one report, starting on a new page.
func (p *page) report(d Doc) {
	r, e := d.Report, d.ECT
	p.banner = len(d.NotProven) > 0
	p.pdf.AddPage()
	p.foot = footerText(e, label(r), d.Commit)
	p.pdf.SetTextColor(20, 50, 90)
	p.text(r.Title(), "B", 18)
	p.pdf.SetTextColor(0, 0, 0)
	p.text(strings.ToUpper(termOf(r)[:1])+termOf(r)[1:], "", 12)
	if len(d.NotProven) > 0 {
		p.pdf.SetY(p.pdf.GetY() + 2)
		p.pdf.SetTextColor(180, 20, 20)
		for _, why := range d.NotProven {
			p.text(why, "", smallSize)
		}
		p.pdf.SetTextColor(0, 0, 0)
	}
	p.pdf.SetY(p.pdf.GetY() + 3)

	// The header table, as the portal shows it.
	school, body := names(e, d.Body)
	head := [][2]string{
		{"ECT", e.Name}, {"TRN", e.TRN}, {"School", school},
		{"Induction tutor", e.School.StaffName(r.Tutor)}, {"Mentor", e.School.StaffName(r.Mentor)},
	}
	if r.Headteacher != "" {
		head = append(head, [2]string{"Headteacher", e.School.StaffName(r.Headteacher)})
	}
	head = append(head,
		[2]string{"Period covered", string(r.Period.From) + " to " + string(r.Period.To)},
		[2]string{"Term of induction", strconv.Itoa(r.Term)},
	)
	if r.Meeting != "" {
		head = append(head, [2]string{"Meeting held", string(r.Meeting)})
	}
	head = append(head,
		[2]string{"FTE", num(r.FTE)}, [2]string{"Days absent", num(r.DaysAbsent)},
		[2]string{"Appropriate body", body},
	)
	if r.OnTrack != nil {
		head = append(head, [2]string{"On track", record.YesNo(*r.OnTrack)})
	}
	if r.Recommendation != "" {
		head = append(head, [2]string{"Recommendation", r.Recommendation})
	}
	if r.TermsCompleted != nil {
		head = append(head, [2]string{"Terms completed", num(*r.TermsCompleted)})
	}
	if r.DaysAbsentSinceLast != nil {
		head = append(head, [2]string{"Days absent since last assessment", num(*r.DaysAbsentSinceLast)})
	}
	if r.LeavingDate != "" {
		head = append(head, [2]string{"Leaving date", string(r.LeavingDate)})
	}
	p.labelled(head)

	// The DfE questions every report answers, then the body's own.
	var qs [][2]string
	if r.ECTInformed != nil {
		qs = append(qs, [2]string{"Has the ECT been informed of the outcome?", record.YesNo(*r.ECTInformed)})
	}
	if r.ProgrammeAccessed != nil {
		qs = append(qs, [2]string{e.ReportFramework(r).ProgrammeQuestion(), record.YesNo(*r.ProgrammeAccessed)})
	}
	if r.EntitlementsMet != nil {
		a := record.YesNo(*r.EntitlementsMet)
		if r.EntitlementsExplanation != "" {
			a += ": " + r.EntitlementsExplanation
		}
		qs = append(qs, [2]string{"Have the ECT's statutory entitlements been met?", a})
	}
	if r.SupportPlan != "" {
		qs = append(qs, [2]string{"Support plan", r.SupportPlan})
	}
	for _, c := range r.StandardsOfConcern {
		qs = append(qs, [2]string{"Standard of concern: " + c.Standard, c.Evidence})
	}
	if d.Body != nil {
		answers := r.Answers()
		for _, q := range d.Body.ExtraQuestions {
			if len(q.AppliesTo) > 0 && !slices.Contains(q.AppliesTo, r.Kind) {
				continue
			}
			v, ok := answers[q.ID]
			a := record.AnswerText(v)
			switch {
			case q.Answer == "section" && !ok:
				if r.File != nil && r.SectionNamed(q.Heading) != nil {
					a = "see “" + q.Heading + "” below"
				} else {
					a = "not answered"
				}
			case !ok:
				a = "not answered"
			}
			qs = append(qs, [2]string{q.Question, a})
		}
	}
	if len(qs) > 0 {
		p.heading("Questions", 25)
		p.labelledWide(qs)
	}

	// The narrative.
	if r.File != nil && r.Doc != nil {
		p.pdf.SetY(p.pdf.GetY() + 2)
		p.markdown(r.Doc.Body())
	}

	p.signatures(d)
}

// heading prints a section heading of the generated parts.
// keep is the room wanted below it for what follows.
func (p *page) heading(s string, keep float64) {
	p.pdf.SetY(p.pdf.GetY() + 3)
	p.room(7 + keep)
	p.pdf.SetTextColor(20, 50, 90)
	p.text(s, "B", 12)
	p.pdf.SetTextColor(0, 0, 0)
	p.pdf.SetY(p.pdf.GetY() + 1)
}

// labelled draws a two-column label/value table.
func (p *page) labelled(rows [][2]string) {
	p.pairs(rows, []float64{0.3, 0.7})
}

// labelledWide draws question/answer pairs, the question wider.
func (p *page) labelledWide(rows [][2]string) {
	p.pairs(rows, []float64{0.62, 0.38})
}

func (p *page) pairs(rows [][2]string, widths []float64) {
	t := table{widths: widths, shade: 1}
	for _, r := range rows {
		t.rows = append(t.rows, []cell{{{r[0], "B"}}, plain(r[1])})
	}
	p.table(t)
}

const (
	notChecked = "not checked against Git history"
	imported   = "imported, not proven from Git"
)

// signatures draws the signature block and the AB's review.
func (p *page) signatures(d Doc) {
	r, e := d.Report, d.ECT
	p.heading("Signatures", 45)
	t := table{head: []cell{plain("Role"), plain("Name"), plain("Date"), plain("Commit"), plain("Proof")},
		widths: []float64{0.15, 0.19, 0.13, 0.11, 0.42}}
	proof := func(i int, isImported bool) (string, string) {
		commit, words := "—", notChecked
		if isImported {
			words = imported
		}
		if d.Proofs != nil && i < len(d.Proofs) && d.Proofs[i] != nil {
			pr := d.Proofs[i]
			words = pr.Describe()
			if pr.Commit != nil {
				commit = history.Short(pr.Commit.Hash)
			}
		}
		return commit, words
	}
	for i, s := range r.Signatures {
		name := e.SignerName(s)
		commit, words := proof(i, s.Imported)
		t.rows = append(t.rows, []cell{plain(s.Role.Title()), plain(name), plain(string(s.On)), plain(commit), plain(words)})
	}
	rv := r.ABReview
	reviewer := ""
	if rv != nil {
		reviewer = d.Body.StaffName(rv.By)
		commit, words := proof(len(r.Signatures), rv.Imported)
		t.rows = append(t.rows, []cell{plain("Appropriate body (" + string(rv.Decision) + ")"), plain(reviewer), plain(string(rv.On)), plain(commit), plain(words)})
	}
	if len(t.rows) == 0 {
		p.text("Not signed yet.", "", bodySize)
	} else {
		p.table(t)
	}

	p.heading("Appropriate body review", 30)
	if rv == nil {
		p.text("Not reviewed by the appropriate body yet.", "", bodySize)
		return
	}
	rows := [][2]string{{"Decision", string(rv.Decision)}, {"Reviewer", reviewer}, {"Date", string(rv.On)}}
	if rv.Feedback != "" {
		rows = append(rows, [2]string{"Feedback", rv.Feedback})
	}
	p.labelled(rows)
}

// names returns the names of the ECT's school and of the appropriate
// body, "" for either the records do not have.
func names(e *record.ECT, b *record.Body) (school, body string) {
	if e.School != nil {
		school = e.School.Name
	}
	if b != nil {
		body = b.Name
	}
	return school, body
}

// cover draws the induction record's cover: who, the induction summary
// and the timeline of expected reports.
func (p *page) cover(r Record) {
	e := r.ECT
	p.pdf.AddPage()
	p.foot = footerText(e, "induction record", r.Commit)
	p.pdf.SetTextColor(20, 50, 90)
	p.text("Induction record", "B", 20)
	p.pdf.SetTextColor(0, 0, 0)
	p.text(e.Name, "", 14)
	p.pdf.SetY(p.pdf.GetY() + 3)
	school, body := names(e, r.Body)
	commit := r.Commit
	if commit == "" {
		commit = "not in Git"
	}
	p.labelled([][2]string{{"ECT", e.Name}, {"TRN", e.TRN}, {"School", school},
		{"Induction tutor", e.School.StaffName(e.Tutor)}, {"Mentor", e.School.StaffName(e.Mentor)},
		{"Appropriate body", body}, {"Built from commit", commit}})

	s := r.Summary
	if s == nil {
		return
	}
	p.heading("Induction summary", 30)
	sum := [][2]string{{"FTE terms served", num(s.Served)}, {"FTE terms required", num(s.Required)},
		{"FTE terms remaining", num(s.Remaining)}}
	switch {
	case s.Outcome != nil:
		sum = append(sum, [2]string{"Outcome", s.Outcome.Words() + " (decided by the appropriate body on " + string(s.Outcome.Decided) + ")"})
	case !s.ExpectedEnd.IsZero():
		sum = append(sum, [2]string{"Expected end", s.ExpectedEnd.Format(time.DateOnly)})
	case s.Left:
		sum = append(sum, [2]string{"Expected end", "left before completing induction"})
	default:
		sum = append(sum, [2]string{"Expected end", "beyond the calendar"})
	}
	for _, x := range e.Extensions {
		sum = append(sum, [2]string{"Extension", fmt.Sprintf("%s FTE terms, decided %s: %s", num(x.Terms), x.Decided, x.Reason)})
	}
	p.labelled(sum)

	p.heading("Timeline", 30)
	t := table{head: []cell{plain("Term of induction"), plain("Report"), plain("School term"), plain("Due"), plain("State")}}
	for _, x := range s.Reports {
		due := "—"
		if !x.Due.IsZero() {
			due = x.Due.Format(time.DateOnly)
		}
		t.rows = append(t.rows, []cell{plain(strconv.Itoa(x.Number)), plain(x.Label()), plain(x.Term.String()), plain(due), plain(x.State.String())})
	}
	if len(t.rows) == 0 {
		p.text("No reports are expected.", "", bodySize)
		return
	}
	p.table(t)
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
