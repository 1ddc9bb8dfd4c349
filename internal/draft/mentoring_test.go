package draft_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/draft"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/rules"
)

func fixtureECT(t *testing.T) *record.ECT {
	t.Helper()
	dir := t.TempDir()
	for name, data := range fixture.Base() {
		fixture.WriteFile(t, dir, name, data)
	}
	book := loadDir(t, dir)
	if len(book.ECTs) != 1 {
		t.Fatalf("%d ECTs in the fixture", len(book.ECTs))
	}
	return book.ECTs[0]
}

// TestMentoringLog: a new log from the template takes its first entry and
// validates; a second entry is added as one line, every other byte kept.
func TestMentoringLog(t *testing.T) {
	e := fixtureECT(t)
	start, err := draft.NewMentoringLog(ectdocs.Templates(), e)
	if err != nil {
		t.Fatal(err)
	}
	if start.Rel != "schools/990201-testwood-primary/ects/1234567/mentoring.md" {
		t.Errorf("Rel = %s", start.Rel)
	}
	first := draft.MentoringEntry{Date: time.Date(2025, 9, 10, 0, 0, 0, 0, time.UTC), Minutes: 45, Note: `Routines: "meet and greet"`}
	if err := first.Check(e, on); err != nil {
		t.Fatal(err)
	}
	one, err := draft.AddMentoring("mentoring.md", start.Content, first)
	if err != nil {
		t.Fatal(err)
	}
	want := `  - {date: "2025-09-10", kind: meeting, with: m-one, minutes: 45, note: "Routines: \"meet and greet\""}` + "\n"
	if !strings.Contains(string(one), "entries:\n"+want+"---\n") {
		t.Errorf("first entry not written as expected:\n%s", one)
	}
	dir := t.TempDir()
	for name, data := range fixture.Base() {
		fixture.WriteFile(t, dir, name, data)
	}
	fixture.WriteFile(t, dir, start.Rel, string(one))
	if ds := validate(t, dir); len(ds) > 0 {
		t.Errorf("the new log does not validate: %v", ds)
	}

	// A hand-kept file: comments, blank lines, a note over two lines.
	kept := strings.Replace(string(one), want, want+"  # after half term\n  - date: \"2025-09-17\"\n    kind: observing\n    with: t-two\n    note: >-\n      Year 4 fractions,\n      mini whiteboards\n\n", 1)
	second := draft.MentoringEntry{Date: time.Date(2025, 9, 24, 0, 0, 0, 0, time.UTC), Observing: true, With: "t-two"}
	if err := second.Check(e, on); err != nil {
		t.Fatal(err)
	}
	two, err := draft.AddMentoring("mentoring.md", []byte(kept), second)
	if err != nil {
		t.Fatal(err)
	}
	line := `  - {date: "2025-09-24", kind: observing, with: t-two}` + "\n"
	if got := strings.Replace(string(two), line, "", 1); got != kept {
		t.Errorf("adding an entry changed more than one line:\n%s", two)
	}
	if !strings.Contains(string(two), "mini whiteboards\n"+line) {
		t.Errorf("the entry is not after the last one:\n%s", two)
	}
}

// TestMentoringRefused: entries the rules would refuse, and files ect
// cannot add to without rewriting them.
func TestMentoringRefused(t *testing.T) {
	e := fixtureECT(t)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tc := range []struct {
		m    draft.MentoringEntry
		want string
	}{
		{draft.MentoringEntry{Date: day("2025-09-10"), With: "m-onne"}, `--with "m-onne" is not on the staff of Testwood Primary School: did you mean "m-one"?`},
		{draft.MentoringEntry{Date: day("2025-08-10")}, "--date 2025-08-10 is not within Erin Example's induction periods in ect.md"},
		{draft.MentoringEntry{Date: day("2026-11-24")}, "--date 2026-11-24 is after today: the log records what has happened"},
		{draft.MentoringEntry{Date: day("2025-09-10"), Minutes: 900}, "--minutes 900: give the length in minutes, 1 to 600"},
		{draft.MentoringEntry{Date: day("2025-09-10"), Note: "  "}, "--note is blank: write the note, or leave it out"},
	} {
		if err := tc.m.Check(e, on); err == nil || err.Error() != tc.want {
			t.Errorf("%+v: got %v, want %q", tc.m, err, tc.want)
		}
	}
	m := draft.MentoringEntry{Date: day("2025-09-10"), With: "m-one"}
	for _, tc := range []struct{ src, want string }{
		{"---\n{kind: mentoring-log, ect: \"1234567\", entries: []}\n---\n", "written as one {...} mapping"},
		{"---\nkind: mentoring-log\nect: \"1234567\"\nentries: [{date: \"2025-09-03\", kind: meeting}]\n---\n", "written as [...] on one line"},
		{"---\nkind: mentoring-log\nect: \"1234567\"\nentries: {date: \"2025-09-03\"}\n---\n", "is not a list"},
		{"---\nkind: observation\nect: \"1234567\"\n---\n", "is not a mentoring log"},
		{"---\nkind: mentoring-log\nentries:\n  - {date: \"2025-09-03\"\n---\n", "fix it first"},
	} {
		if _, err := draft.AddMentoring("mentoring.md", []byte(tc.src), m); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.src, err, tc.want)
		}
	}
}

// FuzzMentoringEntry: whatever note is given, the entry added reads back
// as that note (invalid UTF-8 replaced), on one line, and the rest of the
// file is kept.
func FuzzMentoringEntry(f *testing.F) {
	for _, s := range []string{"Routines", `"quoted" \ back`, "two\nlines", "tab\there", "{[,]}: #", "Zoë — £5 ✓", "\x00\x7f\u2028", "\xff"} {
		f.Add(s, 45)
	}
	start := "---\nkind: mentoring-log\nect: \"1234567\"\n# a comment\nentries:\n  - {date: \"2025-09-03\", kind: meeting}\n---\nNotes.\n"
	f.Fuzz(func(t *testing.T, note string, minutes int) {
		m := draft.MentoringEntry{Date: time.Date(2025, 9, 10, 0, 0, 0, 0, time.UTC), With: "m-one", Minutes: minutes, Note: note}
		out, err := draft.AddMentoring("mentoring.md", []byte(start), m)
		if err != nil {
			t.Fatal(err)
		}
		line := "  - " + m.YAML() + "\n"
		if strings.Count(line, "\n") != 1 || string(bytes.Replace(out, []byte(line), nil, 1)) != start {
			t.Fatalf("not one line added:\n%q", out)
		}
		doc, d := frontmatter.Parse("mentoring.md", out)
		if d != nil {
			t.Fatalf("%v\n%s", d, out)
		}
		entries, _ := doc.Values()["entries"].([]any)
		if len(entries) != 2 {
			t.Fatalf("%d entries", len(entries))
		}
		got, _ := entries[1].(map[string]any)
		want := note
		if !utf8.ValidString(want) {
			want = strings.ToValidUTF8(want, "\uFFFD")
		}
		if note != "" && got["note"] != want {
			t.Errorf("note %q read back as %q", want, got["note"])
		}
		if minutes > 0 && got["minutes"] != json.Number(strconv.Itoa(minutes)) {
			t.Errorf("minutes %d read back as %v", minutes, got["minutes"])
		}
	})
}

func loadDir(t *testing.T, dir string) *record.Book {
	t.Helper()
	b, err := record.Load(os.DirFS(dir), ".", fixture.Schemas(t), record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// validate returns the errors and warnings in the records folder dir.
func validate(t *testing.T, dir string) []diag.Diagnostic {
	t.Helper()
	b := loadDir(t, dir)
	return append(b.Diagnostics, rules.Check(b, rules.Options{Today: fixture.Today})...)
}
