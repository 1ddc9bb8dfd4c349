package draft_test

import (
	"bytes"
	"io/fs"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/draft"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/status"
)

// TestRegister: what is missing is named by its flag, before the records
// are read; an unknown school and a TRN registered already are refused;
// otherwise the ECT's record is filed under its school.
func TestRegister(t *testing.T) {
	sub, err := fs.Sub(ectdocs.Demo(), "records")
	if err != nil {
		t.Fatal(err)
	}
	book, err := record.Load(sub, ".", fixture.Schemas(t), record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	school, taken := book.Schools[0], book.ECTs[0]
	ok := draft.Registration{School: school.URN, TRN: "7654321", Name: "Wren Calloway", Email: "wren@example.org",
		Start: "2026-09-01", Tutor: "tutor", Mentor: "mentor", FTE: 1, Programme: "provider_led"}
	for _, tc := range []struct {
		name  string
		edit  func(r *draft.Registration)
		check string // Check's error
		err   string // Register's error
	}{
		{name: "complete", edit: func(*draft.Registration) {}},
		{name: "no TRN", edit: func(r *draft.Registration) { r.TRN = "" }, check: "--trn is required"},
		{name: "no mentor", edit: func(r *draft.Registration) { r.Mentor = "" }, check: "--mentor is required"},
		{name: "no school", edit: func(r *draft.Registration) { r.School = 0 }, check: "--school URN is required"},
		{name: "start not a date", edit: func(r *draft.Registration) { r.Start = "1 Sept" }, check: "--start: "},
		{name: "unknown school", edit: func(r *draft.Registration) { r.School = 999999 }, err: "no school with URN 999999 in the records"},
		{name: "TRN taken", edit: func(r *draft.Registration) { r.TRN = taken.TRN }, err: "an ECT with TRN " + taken.TRN + " is registered already: " + taken.Doc.Path},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := ok
			tc.edit(&r)
			if err := r.Check(); tc.check != "" || err != nil {
				if err == nil || tc.check == "" || !strings.Contains(err.Error(), tc.check) {
					t.Fatalf("Check() = %v, want %q", err, tc.check)
				}
				return
			}
			d, err := draft.Register(ectdocs.Templates(), book, r)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("Register() = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSuffix(school.Rel, "school.md") + "ects/7654321/ect.md"
			if d.Rel != want || !bytes.Contains(d.Content, []byte("Wren Calloway")) {
				t.Errorf("Register() wrote %s, want %s with the ECT's name:\n%s", d.Rel, want, d.Content)
			}
		})
	}
}

// TestAsk: only what was not given is asked for, one line each; a blank
// answer leaves an optional detail out; no answer at all is an error.
func TestAsk(t *testing.T) {
	r := draft.Registration{TRN: "7654321", Name: "Wren Calloway"}
	var prompts bytes.Buffer
	in := "123456\nwren@example.org\n2026-09-01\ntutor\nmentor\n\n2026-07-20\n"
	if err := r.Ask(strings.NewReader(in), &prompts); err != nil {
		t.Fatal(err)
	}
	want := draft.Registration{School: 123456, TRN: "7654321", Name: "Wren Calloway", Email: "wren@example.org", Start: "2026-09-01",
		Tutor: "tutor", Mentor: "mentor", QTS: "2026-07-20"}
	if r != want {
		t.Errorf("Ask filled %+v, want %+v", r, want)
	}
	if p := prompts.String(); strings.Contains(p, "TRN") || !strings.HasPrefix(p, "School URN: E-mail the ECT commits with: ") {
		t.Errorf("prompts %q: asked for what was given, or not in order", p)
	}
	r = draft.Registration{}
	if err := r.Ask(strings.NewReader("not a number\n"), &prompts); err == nil || !strings.Contains(err.Error(), `school URN "not a number": give its 6 digits`) {
		t.Errorf("a URN that is not a number: %v", err)
	}
	r = draft.Registration{School: 123456}
	if err := r.Ask(strings.NewReader(""), &prompts); err == nil || !strings.Contains(err.Error(), `no answer for "TRN (7 digits)"`) {
		t.Errorf("no answer: %v", err)
	}
}

// TestFrameworkNamed: the templates name the framework the ECT's training
// is based on by their start (statutory guidance, 2025 edition, 2.40): the
// ITTECF from 1 September 2025, the ECF for an earlier start.
func TestFrameworkNamed(t *testing.T) {
	sub, err := fs.Sub(ectdocs.Demo(), "records")
	if err != nil {
		t.Fatal(err)
	}
	book, err := record.Load(sub, ".", fixture.Schemas(t), record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ start, want string }{
		{"2025-08-31", "# The training programme, based on the Early Career Framework (ECF): provider_led or school_led.\n"},
		{"2025-09-01", "# The training programme, based on the Initial Teacher Training and Early Career Framework (ITTECF): provider_led or school_led.\n"},
	} {
		r := draft.Registration{School: book.Schools[0].URN, TRN: "7654321", Name: "Wren Calloway", Email: "wren@example.org",
			Start: tc.start, Tutor: "tutor", Mentor: "mentor", FTE: 1, Programme: "school_led"}
		d, err := draft.Register(ectdocs.Templates(), book, r)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(d.Content, []byte(tc.want)) {
			t.Errorf("starting %s, ect.md does not say %q:\n%s", tc.start, tc.want, d.Content)
		}
	}
	board, err := status.Build(book, on, status.Filter{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for trn, want := range map[string]string{
		"9900110": "# Has the ECT accessed a programme of training based on the Initial Teacher Training and Early Career Framework (ITTECF)?\nprogramme_accessed:\n",
	} {
		var e *record.ECT
		for _, x := range book.ECTs {
			if x.TRN == trn {
				e = x
			}
		}
		d, err := draft.NewReport(ectdocs.Templates(), book.Body, e, board.Summaries[trn], 0)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(d.Content, []byte(want)) {
			t.Errorf("%s's next report does not ask %q:\n%s", trn, want, d.Content)
		}
	}
}
