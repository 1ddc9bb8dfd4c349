package report_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/demo"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/report"
	"github.com/ectdocs/ectdocs/internal/status"
)

var commitDate = time.Date(2026, 7, 20, 16, 4, 5, 0, time.UTC)

// demoBook loads the built-in demo records.
func demoBook(t testing.TB) *record.Book {
	t.Helper()
	return fixture.DemoBook(t)
}

func load(t testing.TB, fsys fs.FS) *record.Book {
	t.Helper()
	book, err := record.Load(fsys, ".", fixture.Schemas(t), record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	return book
}

// tool returns the path of a poppler tool, skipping the test when it is
// missing outside CI and failing it in CI.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("%s is not installed (poppler-utils)", name)
		}
		t.Fatalf("%s is not installed (poppler-utils), and CI needs it", name)
	}
	return p
}

// pdfText extracts the text of pdf (pages from to to; 0 for all) with
// pdftotext -layout.
func pdfText(t *testing.T, pdf []byte, from, to int) string {
	t.Helper()
	bin := tool(t, "pdftotext")
	f := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-layout"}
	if from > 0 {
		args = append(args, "-f", strconv.Itoa(from), "-l", strconv.Itoa(to))
	}
	out, err := exec.Command(bin, append(args, f, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}

// norm collapses whitespace, so that text wrapped across lines (or laid
// out in columns) still matches when it is read back in order.
func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

func render(t testing.TB, d report.Doc) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := report.Render(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func docOf(book *record.Book, e *record.ECT, r *record.Report) report.Doc {
	return report.Doc{Body: book.Body, ECT: e, Report: r, Commit: "a1b2c3d", Date: commitDate}
}

func staff(e *record.ECT, id string) string {
	if p, ok := e.School.Person(id); ok {
		return p.Name
	}
	return id
}

// contains reports whether every word of want appears in got in order,
// whatever the whitespace between them; cells of a table wrap, so a value
// is checked word by word within its own column's lines too.
func contains(got, want string) bool {
	return strings.Contains(norm(got), norm(want))
}

// words reports whether every word of want appears in got.
func words(got, want string) bool {
	g := " " + norm(got) + " "
	for _, w := range strings.Fields(want) {
		if !strings.Contains(g, w) {
			return false
		}
	}
	return true
}

func TestDemoReports(t *testing.T) {
	tool(t, "pdftotext")
	book := demoBook(t)
	n := 0
	for _, e := range book.ECTs {
		for _, r := range e.Reports {
			n++
			t.Run(filepath.Base(r.Rel), func(t *testing.T) {
				txt := pdfText(t, render(t, docOf(book, e, r)), 0, 0)
				want := []string{e.Name, e.TRN, staff(e, r.Tutor), staff(e, r.Mentor), e.School.Name, book.Body.Name,
					"built from commit a1b2c3d", "Signatures"}
				for _, s := range r.Signatures {
					name := staff(e, s.By)
					if s.Role == "ect" {
						name = e.Name
					}
					want = append(want, name, string(s.On))
				}
				if rv := r.ABReview; rv != nil {
					p, _ := book.Body.Person(rv.By)
					want = append(want, p.Name, string(rv.Decision))
				}
				for _, q := range book.Body.ExtraQuestions {
					if v, ok := r.Answers()[q.ID]; ok {
						a := fmt.Sprint(v)
						if b, ok := v.(bool); ok {
							a = map[bool]string{true: "yes", false: "no"}[b]
						}
						want = append(want, a)
						// The question wraps in its column: check it word by word.
						if !words(txt, q.Question) {
							t.Errorf("%s: the question %q is missing", r.Rel, q.Question)
						}
					}
				}
				for _, sec := range r.Sections {
					want = append(want, sec.Heading)
				}
				for _, w := range want {
					if !contains(txt, w) && !words(txt, w) {
						t.Errorf("%s: %q is missing from the PDF", r.Rel, w)
					}
				}
				if strings.Contains(txt, "<!--") || strings.Contains(txt, "**") {
					t.Errorf("%s: Markdown or HTML printed as text", r.Rel)
				}
				if !regexpPage.MatchString(txt) {
					t.Errorf("%s: no \"page N of M\" footer", r.Rel)
				}
			})
		}
	}
	if n == 0 {
		t.Fatal("the demo has no reports")
	}
}

// TestProse checks that a report's paragraphs come through whole: every
// word of every section, in order.
func TestProse(t *testing.T) {
	tool(t, "pdftotext")
	book := demoBook(t)
	e, r := find(t, book, "9900101", "2025-26-summer-first-assessment.md")
	txt := norm(pdfText(t, render(t, docOf(book, e, r)), 0, 0))
	for _, sec := range r.Sections {
		for _, para := range strings.Split(sec.Source, "\n\n") {
			if p := norm(para); p != "" && !strings.HasPrefix(p, "#") && !strings.Contains(txt, p) {
				t.Errorf("paragraph missing or broken: %q", p)
			}
		}
	}
	for _, w := range []string{"proven", "imported, not proven from Git", "First formal assessment", "Summer term 2025-26", "On track yes"} {
		if !strings.Contains(txt, w) {
			t.Errorf("%q is missing", w)
		}
	}
}

var regexpPage = mustRegexp(`page [0-9]+ of [0-9]+`)

func find(t testing.TB, book *record.Book, trn, file string) (*record.ECT, *record.Report) {
	t.Helper()
	for _, e := range book.ECTs {
		if e.TRN != trn {
			continue
		}
		for _, r := range e.Reports {
			if filepath.Base(r.Rel) == file {
				return e, r
			}
		}
	}
	t.Fatalf("no report %s of %s in the demo", file, trn)
	return nil, nil
}

func TestReproducible(t *testing.T) {
	book := demoBook(t)
	e, r := find(t, book, "9900101", "2025-26-summer-first-assessment.md")
	d := docOf(book, e, r)
	a, b := render(t, d), render(t, d)
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same report differ")
	}
	if !bytes.HasPrefix(a, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	d.Date = d.Date.Add(24 * time.Hour)
	if bytes.Equal(a, render(t, d)) {
		t.Fatal("a different commit date gives the same bytes")
	}
	// In parallel too: nothing is shared between renders.
	var wg sync.WaitGroup
	var differ atomic.Bool
	for range 4 {
		wg.Go(func() {
			var buf bytes.Buffer
			if err := report.Render(&buf, docOf(book, e, r)); err != nil || !bytes.Equal(buf.Bytes(), a) {
				differ.Store(true)
			}
		})
	}
	wg.Wait()
	if differ.Load() {
		t.Fatal("a render in parallel differs")
	}
}

// changed returns a copy of r whose Markdown body is body.
func changed(r *record.Report, body string) *record.Report {
	doc := *r.Doc
	doc.Src = []byte(body)
	doc.BodyStart = 0
	f := *r.File
	f.Doc = &doc
	c := *r
	c.File = &f
	return &c
}

func TestLongReport(t *testing.T) {
	tool(t, "pdftotext")
	book := demoBook(t)
	e, r := find(t, book, "9900101", "2025-26-summer-first-assessment.md")
	var b strings.Builder
	b.WriteString("## Summary\n\n")
	for i := range 3 {
		for j := range 120 {
			fmt.Fprintf(&b, "Sentence %d.%d of a very long paragraph about the ECT's progress. ", i, j)
		}
		b.WriteString("\n\n")
	}
	b.WriteString("A word without spaces: " + strings.Repeat("Supercalifragilistic", 20) + "\n\n")
	b.WriteString("## Evidence log\n\n| Week | Evidence gathered | Standard |\n|---|---|---|\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "| %d | Row%02d: %s | TS%d |\n", i, i, strings.Repeat("observed a lesson and gave written feedback; ", i%4+1), i%8+1)
	}
	// A cell taller than a page splits across pages.
	b.WriteString("\n| Note | Detail |\n|---|---|\n| huge | ")
	for j := range 700 {
		fmt.Fprintf(&b, "cellword%d ", j)
	}
	b.WriteString("|\n")
	b.WriteString("\n- a bullet with **bold** and *italic* text\n- another bullet\n\n1. first\n2. second\n\n<div class=\"x\">raw html</div>\n\nEnd of report <span>inline</span> marker.\n")
	long := changed(r, b.String())
	pdf := render(t, docOf(book, e, long))
	all := pdfText(t, pdf, 0, 0)
	flat := norm(all)
	for i := range 3 {
		for j := range 120 {
			if s := fmt.Sprintf("Sentence %d.%d of", i, j); !strings.Contains(flat, s) {
				t.Fatalf("%q is lost", s)
			}
		}
	}
	for i := 1; i <= 40; i++ {
		if s := fmt.Sprintf("Row%02d:", i); !strings.Contains(flat, s) {
			t.Errorf("table row %d is lost", i)
		}
	}
	for j := range 700 {
		if !strings.Contains(flat, fmt.Sprintf("cellword%d ", j)) {
			t.Fatalf("cellword%d of the tall cell is lost", j)
		}
	}
	if strings.Contains(flat, "<div") || strings.Contains(flat, "raw html") || strings.Contains(flat, "<span>") {
		t.Error("raw HTML printed")
	}
	if !strings.Contains(flat, "End of report inline marker.") {
		t.Error("the last paragraph is lost")
	}
	if !strings.Contains(strings.ReplaceAll(flat, " ", ""), strings.Repeat("Supercalifragilistic", 20)) {
		t.Error("the long word is lost")
	}
	pages := strings.Count(all, "\f")
	if pages < 3 {
		t.Fatalf("%d pages: the long report did not paginate", pages)
	}
	withHeader := 0
	for p := 1; p <= pages; p++ {
		txt := pdfText(t, pdf, p, p)
		if strings.Contains(txt, "Evidence gathered") {
			withHeader++
		}
		if !strings.Contains(txt, fmt.Sprintf("page %d of %d", p, pages)) {
			t.Errorf("page %d has no footer \"page %d of %d\"", p, p, pages)
		}
	}
	if withHeader < 2 {
		t.Errorf("the table's header is on %d pages; want it repeated on every page the table spans", withHeader)
	}
}

func TestUnicode(t *testing.T) {
	tool(t, "pdftotext")
	book := demoBook(t)
	e, r := find(t, book, "9900101", "2025-26-summer-first-assessment.md")
	ect := *e
	ect.Name = "Zoë Ødegaard-Łukasz"
	u := changed(r, "## Summary\n\nCosts £120 — all met ✓. Ça va, Zoë?\n")
	txt := pdfText(t, render(t, report.Doc{Body: book.Body, ECT: &ect, Report: u, Commit: "a1b2c3d", Date: commitDate}), 0, 0)
	for _, w := range []string{"Zoë Ødegaard-Łukasz", "£120 — all met ✓", "Ça va, Zoë?", "Zoë Ødegaard-Łukasz (9900101)"} {
		if !strings.Contains(norm(txt), w) {
			t.Errorf("%q does not round-trip", w)
		}
	}
}

func TestRecord(t *testing.T) {
	tool(t, "pdftotext")
	book := demoBook(t)
	on := time.Date(2026, 7, 20, 0, 0, 0, 0, time.UTC)
	var e *record.ECT
	for _, x := range book.ECTs {
		if e == nil || len(x.Reports) > len(e.Reports) {
			e = x
		}
	}
	if len(e.Reports) < 2 {
		t.Fatal("no ECT of the demo has several reports")
	}
	board, err := status.Build(book, on, status.Filter{TRN: e.TRN}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := report.Record{Body: book.Body, ECT: e, Summary: board.Summaries[e.TRN], Commit: "a1b2c3d", Date: commitDate}
	for _, r := range e.Reports {
		rec.Reports = append(rec.Reports, docOf(book, e, r))
	}
	var b bytes.Buffer
	if err := report.RenderRecord(&b, rec); err != nil {
		t.Fatal(err)
	}
	txt := norm(pdfText(t, b.Bytes(), 0, 0))
	want := []string{"Induction record", e.Name, "FTE terms served", "FTE terms required", "FTE terms remaining", "Timeline"}
	for _, x := range rec.Summary.Reports {
		want = append(want, x.Label(), x.Term.String(), x.State.String())
	}
	for _, r := range e.Reports {
		title := "Progress review"
		if r.Kind == record.KindFormalAssessment {
			title = strings.ToUpper(r.Assessment[:1]) + r.Assessment[1:] + " formal assessment"
		}
		want = append(want, title, strings.ToUpper(r.Place.Term[:1])+r.Place.Term[1:]+" term "+r.Place.Year)
	}
	for _, w := range want {
		if !strings.Contains(txt, w) {
			t.Errorf("the induction record does not say %q", w)
		}
	}
	var again bytes.Buffer
	if err := report.RenderRecord(&again, rec); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Error("two renders of the same record differ")
	}
}

// TestImage renders page 1 of a formal assessment to PNG for a reviewer;
// with ECTDOCS_UPDATE_IMG=1 it updates the README's illustration.
func TestImage(t *testing.T) {
	bin := tool(t, "pdftoppm")
	book := demoBook(t)
	e, r := find(t, book, "9900101", "2025-26-summer-first-assessment.md")
	dir := t.TempDir()
	f := filepath.Join(dir, "r.pdf")
	if err := os.WriteFile(f, render(t, docOf(book, e, r)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", f, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	png, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatal("pdftoppm wrote no PNG")
	}
	if os.Getenv("ECTDOCS_UPDATE_IMG") == "1" {
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "img", "formal-assessment.png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkRender renders every report of a generated body of
// ECTDOCS_BENCH_ECTS ECTs (500 by default) on every core, as ect pdf
// --all does.
func BenchmarkRender(b *testing.B) {
	n := 500
	if s := os.Getenv("ECTDOCS_BENCH_ECTS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	dir := filepath.Join(b.TempDir(), "records")
	if _, err := demo.Write(dir, n); err != nil {
		b.Fatal(err)
	}
	book := load(b, os.DirFS(dir))
	var docs []report.Doc
	for _, e := range book.ECTs {
		for _, r := range e.Reports {
			docs = append(docs, docOf(book, e, r))
		}
	}
	if len(docs) == 0 {
		b.Fatal("no reports")
	}
	b.ResetTimer()
	start := time.Now()
	var bytesOut atomic.Int64
	for range b.N {
		err := report.RenderEach(docs, func(_ int, pdf []byte) error {
			bytesOut.Add(int64(len(pdf)))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	secs := time.Since(start).Seconds()
	b.ReportMetric(float64(len(docs)*b.N)/secs, "reports/s")
	b.ReportMetric(float64(len(docs)), "reports")
	b.ReportMetric(float64(bytesOut.Load())/float64(len(docs)*b.N), "B/report")
}

func mustRegexp(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// TestRecordDecisions: the induction record's summary gives the AB's
// outcome and each extension.
func TestRecordDecisions(t *testing.T) {
	tool(t, "pdftotext")
	book := demoBook(t)
	on := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for trn, want := range map[string][]string{
		"9900107": {"Outcome", "passed (decided by the appropriate body on 2026-07-24)"},
		"9900108": {"Extension", "1 FTE terms, decided 2026-07-24: The headteacher recommended an extension."},
	} {
		board, err := status.Build(book, on, status.Filter{TRN: trn}, nil)
		if err != nil {
			t.Fatal(err)
		}
		s := board.Summaries[trn]
		var b bytes.Buffer
		if err := report.RenderRecord(&b, report.Record{Body: book.Body, ECT: s.ECT, Summary: s, Commit: "a1b2c3d", Date: commitDate}); err != nil {
			t.Fatal(err)
		}
		txt := norm(pdfText(t, b.Bytes(), 0, 0))
		for _, w := range want {
			if !strings.Contains(txt, w) {
				t.Errorf("%s's induction record does not say %q:\n%s", trn, w, txt)
			}
		}
	}
}

// TestFramework: the PDF asks whether the ECT accessed a programme based
// on the framework that applies to them: the ITTECF from 1 September 2025,
// the ECF for an ECT who started before it until August 2027 (statutory
// guidance 2025 edition, 2.40; DfE, "Changes to early career teacher
// training from September 2025").
func TestFramework(t *testing.T) {
	tool(t, "pdftotext")
	book := demoBook(t)
	for _, tc := range []struct {
		name, trn, file string
		to              record.Date // the period's end, when changed
		want, not       string
	}{
		{"started 2025-09-01", "9900101", "2025-26-summer-first-assessment.md", "", " ITTECF?", " ECF?"},
		{"started 2024-09-02", "9900107", "2025-26-summer-final-assessment.md", "", " ECF?", " ITTECF?"},
		{"started 2024-09-02, on 2027-08-31", "9900107", "2025-26-summer-final-assessment.md", "2027-08-31", " ECF?", " ITTECF?"},
		{"started 2024-09-02, from 2027-09-01", "9900107", "2025-26-summer-final-assessment.md", "2027-09-01", " ITTECF?", " ECF?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, r := find(t, book, tc.trn, tc.file)
			if tc.to != "" {
				c := *r
				c.Period.To = tc.to
				r = &c
			}
			txt := norm(pdfText(t, render(t, docOf(book, e, r)), 0, 0))
			// The answer (yes) sits in its own column, between the
			// question's lines.
			if !strings.Contains(txt, "Has the ECT accessed a programme of training based on the") || !strings.Contains(txt, tc.want) {
				t.Errorf("the PDF does not ask about a programme based on the%s", tc.want)
			}
			if strings.Contains(txt, tc.not) {
				t.Errorf("the PDF says %q", tc.not)
			}
		})
	}
}
