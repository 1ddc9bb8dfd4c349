package subject

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// The records planted in the replayed demo: a mention of an ECT and of a
// tutor in another ECT's record, with HTML in it; a mention by TRN
// alone, and a longer number that holds the TRN, which is not one; an
// evidence document whose name holds HTML; and a symbolic link in the
// documents folder, which must never be followed.
const (
	otherLog    = "schools/990101-oakfield-primary/ects/9900102/mentoring.md"
	schoolFile  = "schools/990101-oakfield-primary/school.md"
	ectDir      = "schools/990101-oakfield-primary/ects/9900101"
	planted     = `Shadowed <script>alert(1)</script> ELEANOR  thursby and joseph OKONKWO in Year 4.`
	plantedTRN  = `A transfer enquiry came in about TRN 9900101 on 2 December.`
	notTRN      = `Reference 99001012 is a purchase order.`
	docName     = "feedback <b>bold.pdf"
	docContents = "%PDF-1.4 lesson observation feedback\n"
)

// demo replays the built-in demo into Git, plants the records above and
// returns the records folder with the line numbers of the plants.
func demo(t *testing.T) (records string, mentionLine, trnLine int) {
	t.Helper()
	repo := t.TempDir()
	if _, err := workspace.ReplayDemo(repo); err != nil {
		t.Fatal(err)
	}
	records = filepath.Join(repo, "records")
	mentionLine = appendLine(t, filepath.Join(records, otherLog), planted)
	trnLine = appendLine(t, filepath.Join(records, schoolFile), plantedTRN)
	appendLine(t, filepath.Join(records, schoolFile), notTRN)
	docs := filepath.Join(records, ectDir, "documents")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(docs, docName), []byte(docContents), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../../../../body.md", filepath.Join(docs, "link.pdf")); err != nil {
		t.Fatal(err)
	}
	return records, mentionLine, trnLine
}

// appendLine adds a line at the end of a file and returns its number.
func appendLine(t *testing.T, file, line string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		b = append(b, '\n')
	}
	b = append(b, line+"\n"...)
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(b), "\n")
}

func TestDemoExport(t *testing.T) {
	records, mentionLine, trnLine := demo(t)
	doc := "records/documents/" + docName
	cases := []struct {
		id, name string
		kind     Kind
		// files must be in the export (besides index.html, subject.json
		// and the marker); none must not.
		files, none []string
		// mentions are where planted mentions must be found: a file's
		// path in the records folder, and its line.
		mentions map[string]int
		// references are fields that must be listed as naming them.
		references []string
		// signed counts the signatures they made, from the records.
		signed func(*record.Book) int
	}{{
		id: "9900101", name: "Eleanor Thursby", kind: KindECT,
		files: []string{"records/ect.md", "records/mentoring.md", "records/reports/2025-26-autumn-progress-review.md",
			"records/observations/2025-10-15.md", "pdf/2025-26-summer-first-assessment.pdf", "pdf/induction-record.pdf", doc},
		none:     []string{"records/documents/link.pdf"},
		mentions: map[string]int{otherLog: mentionLine, schoolFile: trnLine},
		signed: func(b *record.Book) (n int) {
			for _, r := range b.ECT("9900101").Reports {
				for _, s := range r.Signatures {
					if s.Role == record.RoleECT && s.By == "9900101" {
						n++
					}
				}
			}
			return n
		},
	}, {
		id: "j-okonkwo", name: "Joseph Okonkwo", kind: KindStaff,
		none:       []string{"records/ect.md", "pdf/induction-record.pdf", doc},
		mentions:   map[string]int{otherLog: mentionLine},
		references: []string{ectDir + "/ect.md:tutor", ectDir + "/reports/2025-26-autumn-progress-review.md:released.by", ectDir + "/reports/2025-26-autumn-progress-review.md:signatures[1].by"},
		signed: func(b *record.Book) (n int) {
			for _, e := range b.ECTs {
				if e.School == nil || e.School.URN != 990101 {
					continue
				}
				for _, r := range e.Reports {
					for _, s := range r.Signatures {
						if s.By == "j-okonkwo" && s.Role != record.RoleECT {
							n++
						}
					}
				}
			}
			return n
		},
	}}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			src, err := workspace.OpenOne([]string{records}, false)
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			book, err := src.Load()
			if err != nil {
				t.Fatal(err)
			}
			x, err := Gather(src, Options{ID: c.id, On: fixture.Clock().Today(), ByName: "Gita Bhatt", ByEmail: "g.bhatt@fenmoor-tsh.example"})
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			dir := t.TempDir()
			n, err := x.Write(dir)
			if err != nil {
				t.Fatal(err)
			}
			written := filesIn(t, dir)
			if n != len(written)+1 { // and the marker, which outdir writes
				t.Errorf("Write says %d files, wrote %d and the marker", n, len(written))
			}
			var listed []string
			for _, f := range x.Files {
				if f.Name != Marker {
					listed = append(listed, f.Name)
				}
				if f.What == "" {
					t.Errorf("%s: no sentence saying what it is", f.Name)
				}
			}
			slices.Sort(listed)
			if !slices.Equal(listed, written) {
				t.Errorf("the files listed are not the files written:\nlisted  %q\nwritten %q", listed, written)
			}
			for _, f := range append(c.files, "index.html", "subject.json") {
				if !slices.Contains(written, f) {
					t.Errorf("%s not written", f)
				}
			}
			for _, f := range c.none {
				if slices.Contains(written, f) {
					t.Errorf("%s written", f)
				}
			}
			if st, err := os.Stat(filepath.Join(dir, "subject.json")); err != nil || st.Mode().Perm() != 0o600 {
				t.Errorf("subject.json: %v, mode %v: want readable by its owner only", err, st.Mode())
			}

			// subject.json, read as any program would.
			var got struct {
				Version int `json:"version"`
				Subject struct {
					Kind, ID, Name string
				} `json:"subject"`
				Produced struct {
					On, By string
					Proven bool
				} `json:"produced"`
				Signatures []struct {
					File, State, Commit, Author, Date, By string
					Line                                  int
					Proven                                bool
				} `json:"signatures"`
				Mentions []struct {
					File, Text, Found string
					Line              int
				} `json:"mentions"`
				References []struct {
					File, Field, Text string
					Line              int
				} `json:"references"`
				NotCopied []struct{ File, Why string } `json:"not_copied"`
			}
			data, err := os.ReadFile(filepath.Join(dir, "subject.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &got); err != nil {
				t.Fatalf("subject.json: %v", err)
			}
			if got.Version != Version || got.Subject.ID != c.id || got.Subject.Name != c.name || got.Subject.Kind != string(c.kind) {
				t.Errorf("subject.json: version %d, subject %+v", got.Version, got.Subject)
			}
			if got.Produced.On != "2026-12-04" || !strings.HasPrefix(got.Produced.By, "Gita Bhatt <g.bhatt@fenmoor-tsh.example>, appropriate body staff") || !got.Produced.Proven {
				t.Errorf("produced: %+v", got.Produced)
			}
			want := c.signed(book)
			if want == 0 || len(got.Signatures) != want {
				t.Errorf("%d signatures listed, the records hold %d", len(got.Signatures), want)
			}
			hash := regexp.MustCompile(`^[0-9a-f]{40}$`)
			for _, s := range got.Signatures {
				if !s.Proven || s.State != "proven from Git" || !hash.MatchString(s.Commit) || s.Author == "" || s.Date == "" || s.Line < 2 {
					t.Errorf("signature at %s:%d: %+v: want it proven from Git, with its commit", s.File, s.Line, s)
				}
				if s.By != c.id {
					t.Errorf("signature at %s:%d is by %s", s.File, s.Line, s.By)
				}
			}
			for file, line := range c.mentions {
				found := slices.ContainsFunc(got.Mentions, func(m struct {
					File, Text, Found string
					Line              int
				}) bool {
					return strings.HasSuffix(m.File, "/"+file) && m.Line == line
				})
				if !found {
					t.Errorf("the mention at %s:%d is not found; mentions: %+v", file, line, got.Mentions)
				}
			}
			for _, m := range got.Mentions {
				if strings.Contains(m.Text, "99001012") {
					t.Errorf("%s:%d is not a mention: the TRN is part of a longer number", m.File, m.Line)
				}
				if c.kind == KindECT && strings.Contains(m.File, "/ects/9900101/") {
					t.Errorf("%s:%d is in the ECT's own folder, copied whole: not another record", m.File, m.Line)
				}
			}
			for _, ref := range c.references {
				file, field, _ := strings.Cut(ref, ":")
				if !slices.ContainsFunc(got.References, func(r struct {
					File, Field, Text string
					Line              int
				}) bool {
					return strings.HasSuffix(r.File, "/"+file) && r.Field == field && strings.Contains(r.Text, c.id)
				}) {
					t.Errorf("the reference %s is not listed", ref)
				}
			}
			if c.kind == KindECT {
				if !slices.ContainsFunc(got.NotCopied, func(s struct{ File, Why string }) bool {
					return strings.HasSuffix(s.File, "/documents/link.pdf") && strings.Contains(s.Why, "symbolic link")
				}) {
					t.Errorf("the symbolic link is not listed as not copied: %+v", got.NotCopied)
				}
				if b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(doc))); err != nil || string(b) != docContents {
					t.Errorf("the evidence document: %q, %v", b, err)
				}
				src, _ := os.ReadFile(filepath.Join(records, ectDir, "reports", "2025-26-autumn-progress-review.md"))
				if b, _ := os.ReadFile(filepath.Join(dir, "records", "reports", "2025-26-autumn-progress-review.md")); string(b) != string(src) || len(b) == 0 {
					t.Errorf("the report is not copied as it is")
				}
			}

			// The PDFs are real PDFs, about the ECT.
			for _, f := range written {
				if !strings.HasSuffix(f, ".pdf") || strings.HasPrefix(f, "records/") {
					continue
				}
				if txt := pdfText(t, filepath.Join(dir, f)); !strings.Contains(norm(txt), c.name) {
					t.Errorf("%s does not name %s:\n%s", f, c.name, txt)
				}
			}

			// index.html: every file linked, nothing of the records' HTML
			// left as HTML.
			page, err := os.ReadFile(filepath.Join(dir, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			html := string(page)
			for _, bad := range []string{"<script", "<b>", "</b>", "javascript:"} {
				if strings.Contains(strings.ToLower(html), bad) {
					t.Errorf("index.html holds %q", bad)
				}
			}
			if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("index.html does not show the planted mention, escaped")
			}
			for _, must := range []string{"Confidential", "2.79", "4 December 2026", "Gita Bhatt", c.name} {
				if !strings.Contains(html, must) {
					t.Errorf("index.html does not say %q", must)
				}
			}
			links := map[string]bool{}
			for _, m := range regexp.MustCompile(`href="\./([^"]*)"`).FindAllStringSubmatch(html, -1) {
				p, err := url.PathUnescape(strings.ReplaceAll(m[1], "&amp;", "&"))
				if err != nil {
					t.Errorf("link %q: %v", m[1], err)
				}
				links[p] = true
			}
			for _, f := range written {
				if !links[f] {
					t.Errorf("index.html does not link %s", f)
				}
			}
		})
	}
}

// filesIn lists the files in dir, slash-separated and sorted.
func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// pdfText reads a PDF back with poppler's pdftotext, skipping the test
// when it is not installed outside CI (.ci/run installs it).
func pdfText(t *testing.T, file string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("pdftotext is not installed (poppler-utils)")
		}
		t.Fatal("pdftotext is not installed (poppler-utils), and CI needs it")
	}
	out, err := exec.Command(bin, "-layout", file, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", file, err, out)
	}
	return string(out)
}

// norm collapses whitespace, so that text laid out in columns matches.
func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestFind(t *testing.T) {
	cases := []struct {
		name string
		id   string
		only []string
		// change changes the demo's records first.
		change func(b *record.Book)
		err    error  // errors.Is
		says   string // in the error
		kind   Kind
		n      int // listings of a member of staff
	}{
		{name: "ECT", id: "9900101", kind: KindECT},
		{name: "tutor", id: "j-okonkwo", kind: KindStaff, n: 1},
		{name: "AB staff", id: "c-harcourt", kind: KindStaff, n: 1},
		{name: "unknown TRN", id: "1234567", err: ErrUnknown, says: "no ECT with TRN 1234567"},
		{name: "unknown staff", id: "x-nobody", err: ErrUnknown, says: "no member of staff with id x-nobody"},
		{name: "path", id: "../../etc/passwd", says: "is not a TRN or a staff id"},
		{name: "html", id: "<script>", says: `"<script>" is not a TRN`},
		{name: "upper case", id: "J-Okonkwo", says: "lower-case"},
		{name: "empty", id: "", says: "is not a TRN or a staff id"},
		{name: "too long", id: strings.Repeat("a", 41), says: "is not a TRN or a staff id"},
		{name: "newline", id: "j-okonkwo\n", says: "is not a TRN or a staff id"},
		{
			name: "same id, same person, two schools", id: "j-okonkwo", kind: KindStaff, n: 2,
			change: func(b *record.Book) {
				b.Schools[1].Staff = append(b.Schools[1].Staff, record.Staff{ID: "j-okonkwo", Name: "joseph  okonkwo"})
			},
		},
		{
			name: "same id, two people", id: "j-okonkwo", err: ErrAmbiguous, says: "names different people",
			change: func(b *record.Book) {
				b.Schools[1].Staff = append(b.Schools[1].Staff, record.Staff{ID: "j-okonkwo", Name: "Jane Okonkwo"})
			},
		},
		{
			name: "same id, two people, PATH chooses", id: "j-okonkwo", only: []string{"records/schools/990101-oakfield-primary"}, kind: KindStaff, n: 1,
			change: func(b *record.Book) {
				b.Schools[1].Staff = append(b.Schools[1].Staff, record.Staff{ID: "j-okonkwo", Name: "Jane Okonkwo"})
			},
		},
		{
			name: "TRN and staff id", id: "9900101", err: ErrAmbiguous, says: "the staff id of Zed",
			change: func(b *record.Book) {
				b.Body.Staff = append(b.Body.Staff, record.Staff{ID: "9900101", Name: "Zed"})
			},
		},
		{
			name: "TRN in two folders", id: "9900101", err: ErrAmbiguous, says: "in 2 ECT folders",
			change: func(b *record.Book) { b.ECTs[2].TRN = "9900101" },
		},
		{name: "not in PATH", id: "9900101", only: []string{"records/schools/990102-brackenridge-academy"}, err: ErrUnknown, says: "in records/schools/990102-brackenridge-academy"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			book := fixture.DemoBook(t)
			if c.change != nil {
				c.change(book)
			}
			s, err := Find(book, c.id, c.only, "records")
			if c.says != "" {
				if err == nil || !strings.Contains(err.Error(), c.says) || (c.err != nil && !errors.Is(err, c.err)) {
					t.Fatalf("Find(%q) = %v, want an error saying %q", c.id, err, c.says)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Kind != c.kind || len(s.Listings) != c.n || s.ID != c.id {
				t.Errorf("Find(%q) = %s %s with %d listings, want %s with %d", c.id, s.Kind, s.ID, len(s.Listings), c.kind, c.n)
			}
		})
	}
}

func TestEntryPath(t *testing.T) {
	for in, want := range map[string][]string{
		"signatures[1]":      {"signatures", "1"},
		"periods[0].outcome": {"periods", "0", "outcome"},
		"ab_review":          {"ab_review"},
		"extensions[12]":     {"extensions", "12"},
	} {
		if got := entryPath(in); !slices.Equal(got, want) {
			t.Errorf("entryPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNameMatches(t *testing.T) {
	re := nameRE("Zoë Ødegaard-Łukasz")
	for text, want := range map[string]bool{
		"met zoë  ødegaard-łukasz today": true,
		"ZOË ØDEGAARD-ŁUKASZ":            true,
		"Zoë Ødegaard-Łukaszewicz":       false, // a longer name
		"Zoë Ødegaard":                   false,
	} {
		src := []byte(text)
		got := false
		for _, m := range re.FindAllIndex(src, -1) {
			got = got || bounded(src, m[0], m[1], unicode.IsLetter)
		}
		if got != want {
			t.Errorf("%q: found %v, want %v", text, got, want)
		}
	}
}
