package schema_test

import (
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/schema"
)

var (
	once   sync.Once
	set    *schema.Set
	setErr error
)

func compiled(t *testing.T) *schema.Set {
	t.Helper()
	once.Do(func() { set, setErr = schema.Compile(ectdocs.Schemas()) })
	if setErr != nil {
		t.Fatalf("Compile(ectdocs.Schemas()): %v", setErr)
	}
	return set
}

func TestCompile(t *testing.T) {
	s := compiled(t)
	want := []string{"appropriate-body", "ect", "formal-assessment", "mentoring-log", "observation", "progress-review", "school", "support-plan"}
	if got := s.Kinds(); !slices.Equal(got, want) {
		t.Errorf("Kinds() = %q, want %q", got, want)
	}
	for _, k := range want {
		if !s.Has(k) {
			t.Errorf("Has(%q) = false", k)
		}
	}
	for _, k := range []string{"defs", "", "body", "ECT"} {
		if s.Has(k) {
			t.Errorf("Has(%q) = true", k)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fsys  fstest.MapFS
		error string
	}{
		{"no schemas", fstest.MapFS{"README.md": {Data: []byte("x")}}, "no *.schema.json files found"},
		{"only defs", fstest.MapFS{"defs.schema.json": {Data: []byte(`{"$defs": {}}`)}}, "no *.schema.json files found"},
		{"not JSON", fstest.MapFS{"ect.schema.json": {Data: []byte(`{"type": `)}}, "schema ect.schema.json"},
		{"reference outside the embedded schemas", fstest.MapFS{"ect.schema.json": {Data: []byte(`{"$ref": "https://example.com/x.json"}`)}}, "compile schema ect.schema.json"},
	} {
		_, err := schema.Compile(tc.fsys)
		if err == nil || !strings.Contains(err.Error(), tc.error) {
			t.Errorf("%s: Compile error = %v, want it to contain %q", tc.name, err, tc.error)
		}
	}
}

// A valid ECT profile; the cases below break it one field at a time.
const ectDoc = `---
kind: ect
trn: "1234567"
name: Erin Example
emails: [erin@testwood.example]
qts_date: "2025-07-01"
programme: provider_led
lead_provider: Testshire Teacher Development
tutor: t-one
mentor: m-one
periods:
  - start: "2025-09-01"
    fte: 1.0
    terms: 2.5
---
`

// A valid mentoring log, for what only logs have.
const logDoc = `---
kind: mentoring-log
ect: "1234567"
entries:
  - {date: "2025-09-10", kind: meeting, minutes: 45}
  - date: "2025-09-12"
    kind: observing
    with: t-two
    note: Year 4 fractions
---
`

// A valid progress review, for what only reports have.
const reviewDoc = `---
kind: progress-review
ect: "1234567"
term: 1
period: {from: "2025-09-02", to: "2025-12-19"}
meeting: "2025-12-10"
tutor: t-one
fte: 1.0
days_absent: 2
on_track: true
programme_accessed: true
entitlements_met: true
answers: {ect_time: true, mentor_meetings: 12}
ab_review: {by: ab-lead, on: "2025-12-15", decision: accepted}
---
`

func TestValidDocuments(t *testing.T) {
	for kind, src := range map[string]string{"ect": ectDoc, "progress-review": reviewDoc, "mentoring-log": logDoc} {
		doc, d := frontmatter.Parse("r.md", []byte(src))
		if d != nil {
			t.Fatal(d)
		}
		if ds, failed := compiled(t).Validate(doc, kind); len(ds) > 0 || len(failed) > 0 {
			t.Errorf("%s: want no diagnostics, got %v (failed %q)", kind, ds, failed)
		}
	}
	doc, _ := frontmatter.Parse("r.md", []byte(ectDoc))
	if ds, failed := compiled(t).Validate(doc, "no-such-kind"); ds != nil || failed != nil {
		t.Errorf("Validate against an unknown kind = %v, %v; want nothing", ds, failed)
	}
}

func TestValidateMessages(t *testing.T) {
	type msg struct {
		line, col int
		text      string // the whole message
	}
	for _, tc := range []struct {
		name     string
		kind     string // default ect
		old, new string
		want     []msg
		failed   []string // the paths rules must keep quiet about, in any order
		bug      string
	}{
		{
			name: "number where text is expected", old: `trn: "1234567"`, new: `trn: 1234567`,
			want:   []msg{{3, 6, `trn must be text, not 1234567: put the value in quotes, e.g. trn: "1234567"`}},
			failed: []string{"trn"},
		},
		{
			name: "true where text is expected", old: `name: Erin Example`, new: `name: true`,
			want: []msg{{4, 7, `name must be text, not true: put the value in quotes, e.g. name: "true"`}},
		},
		{
			name: "list where text is expected (no quotes hint)", old: `tutor: t-one`, new: `tutor: [t-one]`,
			want: []msg{{9, 8, `tutor must be text, not a list`}},
		},
		{
			name: "text where a number is expected", old: "fte: 1.0", new: "fte: full",
			want: []msg{{13, 10, `periods[0].fte must be a number, not "full"`}},
		},
		{
			name: "text where a whole number is expected", kind: "progress-review", old: "term: 1", new: `term: "1"`,
			want: []msg{{4, 7, `term must be a whole number, not "1"`}},
		},
		{
			name: "fraction where a whole number is expected", kind: "progress-review", old: "term: 1", new: "term: 1.5",
			want: []msg{{4, 7, `term must be a whole number, not 1.5`}},
		},
		{
			name: "text where true or false is expected", kind: "progress-review", old: "on_track: true", new: `on_track: "yes"`,
			want: []msg{{10, 11, `on_track must be true or false, not "yes"`}},
		},
		{
			name: "missing field", old: "programme: provider_led\n", new: "",
			want:   []msg{{2, 1, `missing field "programme": add programme: … (the training programme, based on the ITTECF (on the ECF for an ECT who started induction before 1 September 2025, until August 2027))`}},
			failed: []string{"programme"},
		},
		{
			name: "missing nested field", old: "    fte: 1.0\n", new: "",
			want:   []msg{{12, 5, `missing field "periods[0].fte": add fte: … (full-time equivalent, more than 0 and at most 1 (0.6 = three days a week))`}},
			failed: []string{"periods/0/fte"},
		},
		{
			name: "missing field required by a condition", kind: "progress-review", old: "decision: accepted}", new: "decision: returned}",
			want: []msg{{14, 12, `missing field "ab_review.feedback": add feedback: …`}},
		},
		{
			name: "unknown field with a suggestion", old: "lead_provider:", new: "lead_provder:",
			want:   []msg{{8, 1, `unknown field "lead_provder": did you mean "lead_provider"?`}},
			failed: []string{"lead_provder", "lead_provider"},
		},
		{
			name: "unknown field, nothing near", old: "name: Erin Example\n", new: "name: Erin Example\nshoe_size: 5\n",
			want: []msg{{5, 1, `unknown field "shoe_size": known fields are absences, date_of_birth, emails, extensions, github, keys, kind, lead_provider, mentor, name, periods, programme, qts_date, reductions, timetable, trn, tutor, tutor_mentor_justification`}},
		},
		{
			name: "unknown nested field", old: "    terms: 2.5\n", new: "    terms: 2.5\n    trems: 1\n",
			want: []msg{{15, 5, `unknown field "trems" in periods[0]: did you mean "terms"?`}},
		},
		{
			name: "misspelt required field", old: "programme: provider_led", new: "programe: provider_led",
			want:   []msg{{7, 1, `unknown field "programe": did you mean "programme"?`}},
			failed: []string{"programe", "programme"},
		},
		{
			name: "misspelt required nested field", old: "    fte: 1.0\n", new: "    fet: 1.0\n",
			want: []msg{{13, 5, `unknown field "fet" in periods[0]: did you mean "fte"?`}},
		},
		{
			name: "misspelt field beside a missing required one it is not near", old: "programme: provider_led\n", new: "shoe_size: 5\n",
			want: []msg{
				{2, 1, `missing field "programme": add programme: … (the training programme, based on the ITTECF (on the ECF for an ECT who started induction before 1 September 2025, until August 2027))`},
				{7, 1, `unknown field "shoe_size": known fields are absences, date_of_birth, emails, extensions, github, keys, kind, lead_provider, mentor, name, periods, programme, qts_date, reductions, timetable, trn, tutor, tutor_mentor_justification`},
			},
		},
		{
			name: "enum with a suggestion", old: "programme: provider_led", new: "programme: provider-led",
			want: []msg{{7, 12, `programme: "provider-led" is not allowed: did you mean "provider_led"?`}},
		},
		{
			name: "enum, nothing near", old: "programme: provider_led", new: "programme: online",
			want: []msg{{7, 12, `programme: "online" is not allowed; use one of provider_led, school_led`}},
		},
		{
			name: "pattern: TRN", old: `trn: "1234567"`, new: `trn: "99001"`,
			want: []msg{{3, 6, `trn: "99001" is not in the right form: teacher reference number: exactly 7 digits, written in quotes so a leading zero is kept.`}},
		},
		{
			name: "pattern: id", old: "tutor: t-one", new: "tutor: Tom One",
			want: []msg{{9, 8, `tutor: "Tom One" is not in the right form: a person's id in the records: lower-case letters, digits and hyphens, e.g. t-rahman.`}},
		},
		{
			name: "pattern: GitHub login", old: "emails: [erin@testwood.example]", new: "emails: [erin@testwood.example]\ngithub: erin--e",
			want: []msg{{6, 9, `github: "erin--e" is not in the right form: a GitHub login: up to 39 letters, digits and single hyphens, not starting or ending with a hyphen. ` +
				`GitHub's no-reply addresses for it (login@users.noreply.github.com, 123+login@users.noreply.github.com), which GitHub puts on commits made in its web editor, count as the person's, as if listed in emails.`}},
		},
		{
			name: "maxLength: GitHub login", old: "emails: [erin@testwood.example]", new: "emails: [erin@testwood.example]\ngithub: " + strings.Repeat("e", 40),
			want: []msg{{6, 9, `github is 40 characters long; at most 39 are allowed`}},
		},
		{
			name: "format: date that does not exist", old: `qts_date: "2025-07-01"`, new: `qts_date: "2026-02-30"`,
			want:   []msg{{6, 11, `qts_date: "2026-02-30" is not a valid date (YYYY-MM-DD, a real calendar date)`}},
			failed: []string{"qts_date"},
		},
		{
			name: "format: unquoted date that does not exist", old: `qts_date: "2025-07-01"`, new: `qts_date: 2026-02-30`,
			want: []msg{{6, 11, `qts_date: "2026-02-30" is not a valid date (YYYY-MM-DD, a real calendar date)`}},
		},
		{
			name: "format: date in a flow mapping", kind: "progress-review", old: `to: "2025-12-19"`, new: `to: "2025-12-32"`,
			want: []msg{{5, 34, `period.to: "2025-12-32" is not a valid date (YYYY-MM-DD, a real calendar date)`}},
		},
		{
			name: "format: e-mail", old: "emails: [erin@testwood.example]", new: "emails: [erin.testwood.example]",
			want: []msg{{5, 10, `emails[0]: "erin.testwood.example" is not a valid email`}},
		},
		{
			// SG 2.34 footnote: the exact length served, e.g. 1.25 terms.
			name: "multipleOf: terms to 2 dp", old: "terms: 2.5", new: "terms: 2.555",
			want:   []msg{{14, 12, `periods[0].terms: 2.555 has too many decimal places; use steps of 0.01`}},
			failed: []string{"periods/0/terms"},
		},
		{
			name: "multipleOf: days in quarters", kind: "progress-review", old: "days_absent: 2", new: "days_absent: 2.25",
			want: []msg{{9, 14, `days_absent: 2.25 has too many decimal places; use steps of 0.5`}},
		},
		{
			name: "minimum", old: "terms: 2.5", new: "terms: -1",
			want: []msg{{14, 12, `periods[0].terms: -1 is less than the minimum, 0`}},
		},
		{
			name: "minimum of a whole number", kind: "progress-review", old: "term: 1", new: "term: 0",
			want: []msg{{4, 7, `term: 0 is less than the minimum, 1`}},
		},
		{
			name: "maximum", old: "fte: 1.0", new: "fte: 1.5",
			want: []msg{{13, 10, `periods[0].fte: 1.5 is more than the maximum, 1`}},
		},
		{
			name: "exclusive minimum", old: "fte: 1.0", new: "fte: 0",
			want: []msg{{13, 10, `periods[0].fte: 0 must be more than 0`}},
		},
		{
			name: "const", old: "kind: ect", new: "kind: school",
			want: []msg{{2, 7, `kind must be ect`}},
		},
		{
			name: "minItems", old: "periods:\n  - start: \"2025-09-01\"\n    fte: 1.0\n    terms: 2.5\n", new: "periods: []\n",
			want: []msg{{11, 10, `periods needs at least 1 item(s)`}},
		},
		{
			name: "uniqueItems, at the repeat", old: "emails: [erin@testwood.example]", new: "emails: [erin@testwood.example, erin@testwood.example]",
			want: []msg{{5, 33, `emails: item 2 repeats item 1; remove one`}},
		},
		{
			name: "blank text", old: "name: Erin Example", new: `name: "  "`,
			want: []msg{{4, 7, `name must not be blank: write the answer, or remove the field if it is optional`}},
		},
		{
			name: "empty text", old: "name: Erin Example", new: `name: ""`,
			want: []msg{{4, 7, `name must not be blank: write the answer, or remove the field if it is optional`}},
		},
		{
			name: "answers of the wrong shape", kind: "progress-review", old: "answers: {ect_time: true, mentor_meetings: 12}", new: "answers: {ect_time: [true], mentor_meetings: 12}",
			want: []msg{{13, 21, `answers.ect_time must be true or false or a number or text, not a list`}},
		},
		{
			name: "mentoring log: an entry of an unknown kind", kind: "mentoring-log", old: "kind: meeting,", new: "kind: meetnig,",
			want:   []msg{{5, 32, `entries[0].kind: "meetnig" is not allowed: did you mean "meeting"?`}},
			failed: []string{"entries/0/kind"},
		},
		{
			name: "mentoring log: minutes as text", kind: "mentoring-log", old: "minutes: 45", new: `minutes: "45"`,
			want: []msg{{5, 50, `entries[0].minutes must be a whole number, not "45"`}},
		},
		{
			name: "mentoring log: an entry without a date", kind: "mentoring-log", old: `  - date: "2025-09-12"` + "\n    kind", new: "  - kind",
			want: []msg{{6, 5, `missing field "entries[1].date": add date: … (a calendar date, YYYY-MM-DD)`}},
		},
		{
			name: "mentoring log: a misspelt field in an entry", kind: "mentoring-log", old: "    with: t-two", new: "    whith: t-two",
			want: []msg{{8, 5, `unknown field "whith" in entries[1]: did you mean "with"?`}},
		},
		{
			name: "mentoring log: a blank note", kind: "mentoring-log", old: "note: Year 4 fractions", new: `note: " "`,
			want: []msg{{9, 11, `entries[1].note must not be blank: write the answer, or remove the field if it is optional`}},
		},
		{
			name: "timetable: a percentage over 100", old: "    terms: 2.5\n", new: "    terms: 2.5\ntimetable:\n  - {from: \"2025-09-01\", percent: 105}\n",
			want: []msg{{16, 35, `timetable[0].percent: 105 is more than the maximum, 100`}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bug != "" && os.Getenv("ECTDOCS_RUN_BUGS") == "" {
				t.Skip("BUG: " + tc.bug + " (ECTDOCS_RUN_BUGS=1 runs it)")
			}
			kind, src := "ect", ectDoc
			switch tc.kind {
			case "progress-review":
				kind, src = tc.kind, reviewDoc
			case "mentoring-log":
				kind, src = tc.kind, logDoc
			}
			if strings.Count(src, tc.old) != 1 {
				t.Fatalf("%q is not in the document exactly once", tc.old)
			}
			doc, d := frontmatter.Parse("r.md", []byte(strings.Replace(src, tc.old, tc.new, 1)))
			if d != nil {
				t.Fatalf("parse: %s", d)
			}
			ds, failed := compiled(t).Validate(doc, kind)
			var got []msg
			for _, d := range ds {
				if d.Rule != schema.Rule || d.File != "r.md" {
					t.Errorf("diagnostic %s: want rule %q in r.md", d, schema.Rule)
				}
				got = append(got, msg{d.Line, d.Column, d.Message})
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n\t%v\nwant\n\t%v", got, tc.want)
			}
			// A path may be listed more than once (a misspelt required
			// field is both missing and near the misspelling).
			set := slices.Compact(slices.Sorted(slices.Values(failed)))
			if tc.failed != nil && !slices.Equal(set, slices.Sorted(slices.Values(tc.failed))) {
				t.Errorf("failed = %q, want %q", failed, tc.failed)
			}
			if len(failed) == 0 {
				t.Errorf("failed is empty for an invalid document")
			}
		})
	}
}

// Validate is called from the loader's workers at once.
func TestValidateConcurrently(t *testing.T) {
	s := compiled(t)
	bad, _ := frontmatter.Parse("r.md", []byte(strings.Replace(ectDoc, `trn: "1234567"`, `trn: "99001"`, 1)))
	good, _ := frontmatter.Parse("r.md", []byte(ectDoc))
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			for range 50 {
				doc, want := good, 0
				if i%2 == 1 {
					doc, want = bad, 1
				}
				if ds, _ := s.Validate(doc, "ect"); len(ds) != want {
					t.Errorf("got %d diagnostics, want %d", len(ds), want)
					return
				}
			}
		})
	}
	wg.Wait()
}
