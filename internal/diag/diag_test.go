package diag_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs/internal/diag"
)

var sample = []diag.Diagnostic{
	diag.Errorf(diag.Position{File: "records/a.md", Line: 3, Column: 6}, "schema", "trn: %q is not in the right form", "99001"),
	diag.Warnf(diag.Position{File: "records/b.md", Line: 11}, "tutor-mentor", "the tutor is also the mentor"),
	diag.Errorf(diag.Position{File: "records/c.pdf"}, "layout", "not a record"),
}

func TestPositionString(t *testing.T) {
	for _, tc := range []struct {
		p    diag.Position
		want string
	}{
		{diag.Position{File: "a.md", Line: 3, Column: 6}, "a.md:3:6"},
		{diag.Position{File: "a.md", Line: 3}, "a.md:3"},
		{diag.Position{File: "a.md", Column: 6}, "a.md"},
		{diag.Position{File: "a.md"}, "a.md"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	if err := diag.Write(&b, diag.Text, sample, diag.Summary{Files: 3, Errors: 2, Warnings: 1}); err != nil {
		t.Fatal(err)
	}
	want := `records/a.md:3:6: trn: "99001" is not in the right form [schema]
records/b.md:11: warning: the tutor is also the mentor [tutor-mentor]
records/c.pdf: not a record [layout]
3 files checked: 2 errors, 1 warning
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestWriteTextEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := diag.Write(&b, diag.Text, nil, diag.Summary{Files: 1}); err != nil {
		t.Fatal(err)
	}
	if want := "1 file checked: 0 errors, 0 warnings\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func TestWriteGitHub(t *testing.T) {
	ds := append(sample[:3:3],
		diag.Errorf(diag.Position{File: "records/x, y: 100%.md", Line: 2, Column: 1}, "yaml", "%s",
			"a value containing \": \" needs quotes, e.g. evidence: \"TS7: routines\"\nline two\r\n100% sure, honestly"),
	)
	var b bytes.Buffer
	if err := diag.Write(&b, diag.GitHub, ds, diag.Summary{Files: 4, Errors: 3, Warnings: 1}); err != nil {
		t.Fatal(err)
	}
	want := `::error file=records/a.md,line=3,col=6,title=ect validate%3A schema::trn: "99001" is not in the right form
::warning file=records/b.md,line=11,title=ect validate%3A tutor-mentor::the tutor is also the mentor
::error file=records/c.pdf,title=ect validate%3A layout::not a record
::error file=records/x%2C y%3A 100%25.md,line=2,col=1,title=ect validate%3A yaml::a value containing ": " needs quotes, e.g. evidence: "TS7: routines"%0Aline two%0D%0A100%25 sure, honestly
4 files checked: 3 errors, 1 warning
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	// Each annotation stays on one line whatever the message holds.
	if n := strings.Count(b.String(), "\n"); n != len(ds)+1 {
		t.Errorf("%d lines, want %d", n, len(ds)+1)
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := diag.Write(&b, diag.JSON, sample, diag.Summary{Files: 3, Errors: 2, Warnings: 1}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Files, Errors, Warnings int
		Diagnostics             []map[string]any
	}
	dec := json.NewDecoder(&b)
	dec.UseNumber()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if got.Files != 3 || got.Errors != 2 || got.Warnings != 1 || len(got.Diagnostics) != 3 {
		t.Fatalf("got %+v", got)
	}
	want := []map[string]any{
		{"path": "records/a.md", "line": json.Number("3"), "column": json.Number("6"), "severity": "error", "rule": "schema", "message": `trn: "99001" is not in the right form`},
		{"path": "records/b.md", "line": json.Number("11"), "severity": "warning", "rule": "tutor-mentor", "message": "the tutor is also the mentor"},
		{"path": "records/c.pdf", "severity": "error", "rule": "layout", "message": "not a record"},
	}
	for i := range want {
		if len(got.Diagnostics[i]) != len(want[i]) {
			t.Errorf("diagnostic %d = %v, want %v", i, got.Diagnostics[i], want[i])
			continue
		}
		for k, v := range want[i] {
			if got.Diagnostics[i][k] != v {
				t.Errorf("diagnostic %d: %s = %#v, want %#v", i, k, got.Diagnostics[i][k], v)
			}
		}
	}
}

func TestWriteJSONEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := diag.Write(&b, diag.JSON, nil, diag.Summary{Files: 2}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"diagnostics": []`) {
		t.Errorf("no diagnostics should be an empty list, not null:\n%s", b.String())
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	for _, f := range []diag.Format{diag.Text, diag.GitHub, diag.JSON} {
		if err := diag.Write(failWriter{}, f, sample, diag.Summary{}); err == nil {
			t.Errorf("%s: a failing writer gave no error", f)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"text", "github", "json"} {
		if f, err := diag.ParseFormat(s); err != nil || string(f) != s {
			t.Errorf("ParseFormat(%q) = %q, %v", s, f, err)
		}
	}
	for _, s := range []string{"", "xml", "JSON"} {
		if _, err := diag.ParseFormat(s); err == nil || !strings.Contains(err.Error(), "use text, github or json") {
			t.Errorf("ParseFormat(%q) error = %v", s, err)
		}
	}
}

func TestSummaryString(t *testing.T) {
	for _, tc := range []struct {
		s    diag.Summary
		want string
	}{
		{diag.Summary{}, "0 files checked: 0 errors, 0 warnings"},
		{diag.Summary{Files: 1, Errors: 1, Warnings: 1}, "1 file checked: 1 error, 1 warning"},
		{diag.Summary{Files: 52, Errors: 2, Warnings: 3}, "52 files checked: 2 errors, 3 warnings"},
	} {
		if got := tc.s.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.s, got, tc.want)
		}
	}
}

func TestSortAndCount(t *testing.T) {
	p := func(f string, l, c int) diag.Position { return diag.Position{File: f, Line: l, Column: c} }
	ds := []diag.Diagnostic{
		diag.Errorf(p("b.md", 1, 1), "x", "m"),
		diag.Warnf(p("a.md", 10, 1), "x", "m"),
		diag.Errorf(p("a.md", 2, 5), "y", "m"),
		diag.Errorf(p("a.md", 2, 5), "x", "n"),
		diag.Errorf(p("a.md", 2, 5), "x", "m"),
		diag.Errorf(p("a.md", 0, 0), "x", "m"),
	}
	diag.Sort(ds)
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	want := []string{
		"a.md: m [x]",
		"a.md:2:5: m [x]",
		"a.md:2:5: n [x]",
		"a.md:2:5: m [y]",
		"a.md:10:1: warning: m [x]",
		"b.md:1:1: m [x]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sorted:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if e, w := diag.Count(ds); e != 5 || w != 1 {
		t.Errorf("Count = %d errors, %d warnings; want 5, 1", e, w)
	}
	if diag.Error.String() != "error" || diag.Warning.String() != "warning" {
		t.Errorf("Severity names: %s, %s", diag.Error, diag.Warning)
	}
}
