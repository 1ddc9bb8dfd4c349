package export_test

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/export"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
)

var (
	today = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	all   = export.Range{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), To: today}
	trnRE = regexp.MustCompile(`^[0-9]{7}$`)
	terms = regexp.MustCompile(`^(1[0-6]|[0-9])\.[0-9]$`)
	// quoted is a line whose every field is in double quotes.
	quoted = regexp.MustCompile(`^"[^"]*"(,"[^"]*")*$`)
)

func load(t *testing.T, fsys fs.FS) *record.Book {
	t.Helper()
	book, err := record.Load(fsys, ".", fixture.Schemas(t), record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	return book
}

// date checks a DfE date: YYYY-MM-DD, a real day, not after today.
func date(t *testing.T, what, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Errorf("%s %q is not YYYY-MM-DD", what, s)
	}
	if d.After(today) {
		t.Errorf("%s %s is in the future", what, s)
	}
	return d
}

// roundTrip writes the rows, parses the file back as DfE would, and checks
// each row against DfE's rules.
func roundTrip(t *testing.T, header []string, rows [][]string, check func([]string)) {
	t.Helper()
	var b bytes.Buffer
	if err := export.Write(&b, header, rows); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "\r") || !strings.HasSuffix(b.String(), "\n") {
		t.Error("lines do not end in LF, as DfE's templates do")
	}
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if !quoted.MatchString(line) {
			t.Errorf("line %q: not every field is quoted, as DfE's templates have them", line)
		}
	}
	got, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got[0], header) {
		t.Fatalf("header %q, want %q", got[0], header)
	}
	if len(got)-1 != len(rows) {
		t.Fatalf("%d rows read back, %d written", len(got)-1, len(rows))
	}
	for _, row := range got[1:] {
		if len(row) != len(header) {
			t.Fatalf("row %q has %d fields", row, len(row))
		}
		if !trnRE.MatchString(row[0]) {
			t.Errorf("TRN %q", row[0])
		}
		if dob := date(t, "date of birth", row[1]); dob.AddDate(18, 0, 0).After(today) {
			t.Errorf("date of birth %s: under 18", row[1])
		}
		check(row)
	}
}

func TestDemoExports(t *testing.T) {
	sub, _ := fs.Sub(ectdocs.Demo(), "records")
	book := load(t, sub)
	claims, problems := export.Claims(book, all, today)
	if len(problems) > 0 || len(claims) < 10 {
		t.Fatalf("%d claims, problems %v", len(claims), problems)
	}
	roundTrip(t, export.ClaimsHeader, claims, func(row []string) {
		if row[2] != "provider-led" && row[2] != "school-led" {
			t.Errorf("programme %q", row[2])
		}
		date(t, "start", row[3])
	})
	outcomes, problems := export.Outcomes(book, all, today)
	if len(problems) > 0 || len(outcomes) == 0 {
		t.Fatalf("%d outcomes, problems %v", len(outcomes), problems)
	}
	roundTrip(t, export.OutcomesHeader, outcomes, func(row []string) {
		date(t, "end", row[2])
		if !terms.MatchString(row[3]) {
			t.Errorf("number of terms %q: 0 to 16, one decimal place", row[3])
		}
		if n, _ := strconv.ParseFloat(row[3], 64); n > 16 {
			t.Errorf("number of terms %s over 16", row[3])
		}
		if !slices.Contains([]string{"pass", "release"}, row[4]) {
			t.Errorf("outcome %q", row[4])
		}
	})
	for _, row := range outcomes {
		if row[0] == "9900112" {
			t.Error("a period served with another appropriate body is exported")
		}
	}
}

// TestRefused: rows DfE would reject are left out, each reported where it
// can be fixed.
func TestRefused(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, ectdocs.Demo()); err != nil {
		t.Fatal(err)
	}
	edit := func(rel, old, new string) {
		p := filepath.Join(dir, "records", rel)
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s has no %q", rel, old)
		}
		os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644)
	}
	edit("schools/990101-oakfield-primary/ects/9900101/ect.md", "date_of_birth: \"2001-03-14\"\n", "")
	edit("schools/990101-oakfield-primary/ects/9900102/ect.md", "date_of_birth: \"1991-06-02\"", "date_of_birth: \"2015-06-02\"")
	book := load(t, os.DirFS(filepath.Join(dir, "records")))
	claims, problems := export.Claims(book, all, today)
	var msgs []string
	for _, d := range problems {
		msgs = append(msgs, d.String())
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{
		"records/schools/990101-oakfield-primary/ects/9900101/ect.md:3:6: not exported: no date_of_birth: DfE matches the TRN with the date of birth [export]",
		"ects/9900102/ect.md:5:16: not exported: date_of_birth 2015-06-02: DfE takes an ECT born 1927 to 2008 (18 to 99 by year of birth) [export]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	for _, row := range claims {
		if row[0] == "9900101" || row[0] == "9900102" {
			t.Errorf("refused row exported: %q", row)
		}
	}
}

// TestTemplates: the headings are DfE's templates' byte for byte (quoted,
// LF line ends), kept in testdata/ with their source (SOURCE.md).
func TestTemplates(t *testing.T) {
	for _, tc := range []struct {
		file   string
		header []string
	}{
		{"testdata/bulk-claims-template.csv", export.ClaimsHeader},
		{"testdata/bulk-actions-template.csv", export.OutcomesHeader},
	} {
		want, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := export.Write(&b, tc.header, nil); err != nil {
			t.Fatal(err)
		}
		if b.String() != string(want) {
			t.Errorf("%s: ect export writes %q, DfE's template is %q", tc.file, b.String(), want)
		}
	}
}

// TestDfERules: the rows DfE's Register early career teachers service
// refuses (app/services/appropriate_bodies/process_batch/*.rb, see
// testdata/SOURCE.md) are left out and reported.
func TestDfERules(t *testing.T) {
	const oakfield = "schools/990101-oakfield-primary/ects/"
	for _, tc := range []struct {
		name, file, old, new string
		claims               bool
		trn, want            string
	}{
		{"programme as DfE writes it", oakfield + "9900110/ect.md", "", "", true, "9900110", ""},
		{"a fail cannot be uploaded", "schools/990102-brackenridge-academy/ects/9900107/ect.md", "result: pass", "result: fail", false, "9900107",
			"not exported: outcome fail: DfE's bulk upload takes pass or release only; record a fail on the ECT's own page of the Register early career teachers service"},
		{"start on 1 September 2021", oakfield + "9900110/ect.md", `start: "2026-09-02"`, `start: "2021-09-01"`, true, "9900110",
			"not exported: the induction period starts on 2021-09-01: DfE's service takes claims of periods that start after 1 September 2021"},
		{"99 by year of birth", oakfield + "9900110/ect.md", `date_of_birth: "2003-01-28"`, `date_of_birth: "1927-12-31"`, true, "9900110", ""},
		{"100 by year of birth", oakfield + "9900110/ect.md", `date_of_birth: "2003-01-28"`, `date_of_birth: "1926-12-31"`, true, "9900110",
			"DfE takes an ECT born 1927 to 2008 (18 to 99 by year of birth)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, ectdocs.Demo()); err != nil {
				t.Fatal(err)
			}
			if tc.old != "" {
				p := filepath.Join(dir, "records", tc.file)
				b, err := os.ReadFile(p)
				if err != nil || !bytes.Contains(b, []byte(tc.old)) {
					t.Fatalf("%s has no %q", tc.file, tc.old)
				}
				os.WriteFile(p, bytes.Replace(b, []byte(tc.old), []byte(tc.new), 1), 0o644)
			}
			book := load(t, os.DirFS(filepath.Join(dir, "records")))
			rows, problems := export.Outcomes(book, all, today)
			if tc.claims {
				rows, problems = export.Claims(book, all, today)
			}
			var msgs []string
			for _, d := range problems {
				msgs = append(msgs, d.String())
			}
			got := strings.Join(msgs, "\n")
			exported := slices.ContainsFunc(rows, func(r []string) bool { return r[0] == tc.trn })
			switch {
			case tc.want == "" && (!exported || got != ""):
				t.Errorf("%s not exported, or problems:\n%s", tc.trn, got)
			case tc.want != "" && (exported || !strings.Contains(got, tc.want)):
				t.Errorf("%s exported (%v), or %q missing in:\n%s", tc.trn, exported, tc.want, got)
			}
			if tc.name == "programme as DfE writes it" {
				for _, r := range rows {
					if r[0] == "9900110" && r[2] != "provider-led" {
						t.Errorf("programme %q, DfE's templates write provider-led", r[2])
					}
				}
			}
		})
	}
}

// TestOutcomeTermsRoundedDown: records keep the exact length served (SG
// 2.34 footnote: 2.5 terms at 0.5 FTE is 1.25); DfE's form takes 1 dp, and
// the guidance nowhere says to round in the ECT's favour, so the form is
// rounded down and never claims time not served.
func TestOutcomeTermsRoundedDown(t *testing.T) {
	for _, tc := range []struct{ terms, want string }{
		{"1.25", "1.2"},
		{"1.55", "1.5"},
		{"1.5", "1.5"},
		{"1.99", "1.9"},
		{"6.0", "6.0"},
	} {
		t.Run(tc.terms, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, ectdocs.Demo()); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, "records", "schools/990102-brackenridge-academy/ects/9900109/ect.md")
			b, err := os.ReadFile(p)
			if err != nil || !bytes.Contains(b, []byte("    terms: 1.5\n")) {
				t.Fatalf("9900109 has no terms: 1.5 (%v)", err)
			}
			if err := os.WriteFile(p, bytes.Replace(b, []byte("    terms: 1.5\n"), []byte("    terms: "+tc.terms+"\n"), 1), 0o644); err != nil {
				t.Fatal(err)
			}
			rows, _ := export.Outcomes(load(t, os.DirFS(filepath.Join(dir, "records"))), all, today)
			for _, row := range rows {
				if row[0] == "9900109" {
					if row[3] != tc.want {
						t.Errorf("terms: %s exported as %s, want %s", tc.terms, row[3], tc.want)
					}
					return
				}
			}
			t.Fatalf("no row for 9900109 in %q", rows)
		})
	}
}
