package portal_test

import (
	"bytes"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	linked "github.com/ectdocs/ectdocs/internal/hugo"

	goical "github.com/emersion/go-ical"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/portal"
	"github.com/ectdocs/ectdocs/internal/record"
)

var on = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// demoBook loads the built-in demo records (or a changed copy of them).
func demoBook(t testing.TB, fsys fs.FS) *record.Book {
	t.Helper()
	if fsys == nil {
		var err error
		if fsys, err = fs.Sub(ectdocs.Demo(), "records"); err != nil {
			t.Fatal(err)
		}
	}
	book, err := record.Load(fsys, ".", fixture.Schemas(t), record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	return book
}

// build writes and builds the portal for one audience with the pinned
// Hugo, and returns the folder of the built site.
func build(t *testing.T, book *record.Book, aud portal.Audience) string {
	t.Helper()
	work, out := t.TempDir(), t.TempDir()
	opt := portal.Options{On: on, Built: on, Commit: "0123abc", Guides: ectdocs.Guides()}
	if _, err := portal.Write(book, aud, ectdocs.Site(), opt, work); err != nil {
		t.Fatal(err)
	}
	if err := (linked.Linked{}).Build(work, out); err != nil {
		t.Fatal(err)
	}
	return out
}

// read returns a built page's text.
func read(t *testing.T, site, page string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(page), "index.html"))
	if err != nil {
		t.Fatalf("page %s: %v", page, err)
	}
	return string(data)
}

// TestPages builds the AB's portal of the demo and checks what the main
// pages say. The records are not in Git here, so no signature is proven:
// every signed report says so (build_demo.txtar builds the demo replayed
// into Git, where they are proven).
func TestPages(t *testing.T) {
	site := build(t, demoBook(t, nil), portal.Audience{Kind: "ab"})
	for _, tc := range []struct {
		page string
		want []string
	}{
		{"", []string{"Fenmoor Teaching School Hub Appropriate Body", "Oakfield Primary School", "Brackenridge Academy", "Little Hallow Church of England Primary School", "ECTs", "signatures not proven", "⚠", "from commit <code>0123abc</code>"}},
		{"qa", []string{"Quality assurance", "The appropriate body&#39;s decisions and notices due", "Late reports", "Awaiting AB review", "Returned, not yet resubmitted", "Not on track", "Entitlements not met", "All findings", "no lesson observation recorded in", "Schools to visit this year",
			"Mentor meetings not regular or not recorded", "2 gaps without a meeting, the longest 3 term weeks from 2026-03-02"}},
		{"schools/990101", []string{"Oakfield Primary School", "URN 990101", "Eleanor Thursby", "Joseph Okonkwo"}},
		{"staff/990101-j-okonkwo", []string{"Joseph Okonkwo", "induction tutor, Oakfield Primary School", "What you need to do next", "/admin/#/collections/990101-progress-review"}},
		{"staff/990101-j-okonkwo/ects", []string{"Joseph Okonkwo: ECTs and reports", "Reports that need completing", "Eleanor Thursby", "ECT to comment"}},
		{"staff/990101-r-castellano", []string{"Rosa Castellano", "Meet the ECT and record the meeting in the mentoring log", "/admin/#/collections/990101-mentoring-log/entries/9900101/mentoring"}},
		{"staff/990101-a-brightwell", []string{"Angela Brightwell", "headteacher"}},
		{"ab/m-trevelyan", []string{"Morwenna Trevelyan", "What the appropriate body needs to do next", "Reviews, decisions and notices are made by Catherine Harcourt, Daniel Osei"}},
		{"people", []string{"Joseph Okonkwo", "Catherine Harcourt", "Eleanor Thursby"}},
		{"ects/9900101", []string{"Eleanor Thursby", "9900101", "FTE terms served", "Expected end", "Timeline", "Lesson observation", "First formal assessment", "autumn 2025-26", "⚠ signatures not proven",
			"Mentoring log", "<caption>Mentor meetings and lessons observed, by date</caption>", "<td>2025-09-03</td><td>meeting</td><td>Rosa Castellano</td>",
			"observed a lesson</td><td>Declan Kilbride</td>", "Kept by the mentor"}},
		{"ects/9900111", []string{"Mentoring log", "Mr Fraser was away from 2 to 20 March 2026",
			// Started 2025-09-01: the ITTECF (SG 2025 edition, 2.40).
			"<dt>Training programme</dt><dd>school-led, based on the Initial Teacher Training and Early Career Framework (ITTECF)</dd>"}},
		// Started 2024-09-02: the ECF until August 2027 (DfE, ECTE changes from September 2025).
		{"ects/9900108", []string{"<dt>Training programme</dt><dd>provider-led, based on the Early Career Framework (ECF)</dd>"}},
		{"reports/9900108/2025-26-summer-final-assessment", []string{"<dt>Has the ECT accessed a programme of training based on the ECF?</dt><dd>yes</dd>"}},
		{"reports/9900101/2025-26-summer-first-assessment", []string{"<dt>Has the ECT accessed a programme of training based on the ITTECF?</dt><dd>yes</dd>"}},
		{"ects/9900108", []string{"After the final assessment", "AB notice to ECT, headteacher and employer", "decisions</h2>", "Extended by 1.0 terms: The headteacher recommended an extension", "Catherine Harcourt", "2026-07-27"}},
		{"ects/9900107", []string{"Passed induction", "2026-07-24", "Catherine Harcourt"}},
		{"reports/9900101/2025-26-summer-first-assessment", []string{"First formal assessment", "TS1 Set high expectations", "Part Two", "ECT comments", "Signatures", "Angela Brightwell", "imported, not proven from Git", "Signatures not proven.", "These records are not in Git"}},
	} {
		got := read(t, site, tc.page)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("/%s does not say %q", tc.page, w)
			}
		}
	}
	// The calendar feeds are valid RFC 5545, with every due date to come.
	for feed, who := range map[string]string{"ect-9900101.ics": "Eleanor Thursby", "school-990101.ics": "Eleanor Thursby", "tutor-990101-j-okonkwo.ics": "Eleanor Thursby"} {
		data, err := os.ReadFile(filepath.Join(site, "calendar", feed))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
			t.Errorf("%s has a line not ended by CRLF", feed)
		}
		cal, err := goical.NewDecoder(bytes.NewReader(data)).Decode()
		if err != nil {
			t.Fatalf("%s: %v", feed, err)
		}
		found := false
		for _, ev := range cal.Events() {
			if s, _ := ev.Props.Text(goical.PropSummary); strings.HasPrefix(s, who+": ") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s has no event for %s", feed, who)
		}
	}
	if !strings.Contains(read(t, site, "ects/9900101"), "calendar/ect-9900101.ics") {
		t.Error("the ECT's page does not link their calendar")
	}
}

// TestIsolation builds every audience of the demo and searches each site
// for every other audience's identifiers: a school's portal holds no name,
// TRN or URN of another school; an ECT's holds no other ECT.
func TestIsolation(t *testing.T) {
	book := demoBook(t, nil)
	// What identifies each school and each ECT.
	schoolIDs := map[int][]string{}
	for _, s := range book.Schools {
		ids := []string{s.Name, fmt.Sprint(s.URN)}
		for _, st := range s.Staff {
			ids = append(ids, st.Name)
		}
		schoolIDs[s.URN] = ids
	}
	ectIDs := map[string][]string{}
	for _, e := range book.ECTs {
		ectIDs[e.TRN] = []string{e.Name, e.TRN}
		schoolIDs[e.School.URN] = append(schoolIDs[e.School.URN], e.Name, e.TRN)
	}
	// The mentoring logs' notes that only one ECT's log has.
	notes := map[string][]string{}
	for _, e := range book.ECTs {
		if e.Mentoring == nil {
			continue
		}
		if body := strings.TrimSpace(string(e.Mentoring.Doc.Body())); body != "" {
			notes[body] = append(notes[body], e.TRN)
		}
		for _, x := range e.Mentoring.Entries {
			notes[x.Note] = append(notes[x.Note], e.TRN)
		}
	}
	logged := 0
	for note, trns := range notes {
		if len(slices.Compact(slices.Sorted(slices.Values(trns)))) == 1 && note != "" {
			line, _, _ := strings.Cut(note, "\n")
			ectIDs[trns[0]] = append(ectIDs[trns[0]], line)
			logged++
		}
	}
	if logged < 3 {
		t.Fatalf("only %d notes in the demo's mentoring logs are one ECT's own", logged)
	}
	all := func(site string) string {
		var b strings.Builder
		filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := os.ReadFile(p)
				b.WriteString(html.UnescapeString(string(data)))
				b.WriteString(p) // file names count too
			}
			return nil
		})
		return b.String()
	}
	for _, s := range book.Schools {
		t.Run(fmt.Sprintf("school:%d", s.URN), func(t *testing.T) {
			site := build(t, book, portal.Audience{Kind: "school", URN: s.URN})
			// The appropriate body's staff: the named contact's page only.
			abPages, _ := filepath.Glob(filepath.Join(site, "ab", "*", "index.html"))
			if len(abPages) != 1 || !strings.Contains(abPages[0], book.Body.NamedContact) {
				t.Errorf("the school's portal has the AB staff pages %q; want the named contact's only", abPages)
			}
			text := all(site)
			if !strings.Contains(text, s.Name) {
				t.Fatalf("the school's own portal does not name it")
			}
			for urn, ids := range schoolIDs {
				if urn == s.URN {
					continue
				}
				for _, id := range ids {
					if strings.Contains(text, id) {
						t.Errorf("the portal of %s contains %q of school %d", s.Name, id, urn)
					}
				}
			}
		})
	}
	for _, e := range book.ECTs {
		t.Run("ect:"+e.TRN, func(t *testing.T) {
			site := build(t, book, portal.Audience{Kind: "ect", TRN: e.TRN})
			// Only the ECT's own pages: nobody else's.
			for _, dir := range []string{"staff", "ab", "people"} {
				if _, err := os.Stat(filepath.Join(site, dir)); err == nil {
					t.Errorf("the ECT's portal has %s/", dir)
				}
			}
			text := all(site)
			if !strings.Contains(text, e.Name) {
				t.Fatalf("the ECT's own portal does not name them")
			}
			for trn, ids := range ectIDs {
				if trn == e.TRN {
					continue
				}
				for _, id := range ids {
					if strings.Contains(text, id) {
						t.Errorf("the portal of %s contains %q of ECT %s", e.Name, id, trn)
					}
				}
			}
		})
	}
}

// TestNoRawHTML: HTML written into a record never reaches a page.
func TestNoRawHTML(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, ectdocs.Demo()); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "records/schools/990101-oakfield-primary/ects/9900101/reports/2025-26-autumn-progress-review.md")
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	injected := strings.Replace(string(data), "## ECT comments\n", "## ECT comments\n\n<script>alert('x')</script>\n<img src=x onerror=alert(1)>\n\n"+
		"See [the other ECT](../../9900102/ect.md), [a file](/etc/passwd), [js](javascript:alert(1)) and [DfE](https://www.gov.uk/).\n", 1)
	if err := os.WriteFile(report, []byte(injected), 0o644); err != nil {
		t.Fatal(err)
	}
	site := build(t, demoBook(t, os.DirFS(filepath.Join(dir, "records"))), portal.Audience{Kind: "ect", TRN: "9900101"})
	page := read(t, site, "reports/9900101/2025-26-autumn-progress-review")
	for _, bad := range []string{"<script", "onerror=", `href="../../9900102`, `href="/etc/passwd"`, `href="javascript:`} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q from the record", bad)
		}
	}
	if !strings.Contains(page, "ECT comments") {
		t.Error("the record's text is missing")
	}
	if !strings.Contains(page, `<a href="https://www.gov.uk/" rel="noopener noreferrer">DfE</a>`) {
		t.Error("a web link in a record is not kept")
	}
}

// TestParseAudience: the forms --audience takes, and the mistakes it
// refuses.
func TestParseAudience(t *testing.T) {
	for in, want := range map[string]string{"ab": "the appropriate body", "school:990101": "school 990101", "ect:9900101": "ECT 9900101"} {
		a, err := portal.ParseAudience(in)
		if err != nil || a.String() != want {
			t.Errorf("ParseAudience(%q) = %v, %v; want %s", in, a, err, want)
		}
	}
	for _, in := range []string{"", "AB", "school", "school:12", "ect:123", "ect:99001010", "ab:1", "teacher:1"} {
		if _, err := portal.ParseAudience(in); err == nil {
			t.Errorf("ParseAudience(%q) accepted", in)
		}
	}
}
