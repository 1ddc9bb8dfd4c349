package qa_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/demo"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/qa"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/status"
)

var on = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

func check(t *testing.T, fsys fs.FS) (*record.Book, *qa.Result) {
	t.Helper()
	book, err := record.Load(fsys, ".", fixture.Schemas(t), record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	board, err := status.Build(book, on, status.Filter{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return book, qa.Check(book, board, on)
}

func has(res *qa.Result, check, trn, detail string) bool {
	return slices.ContainsFunc(res.Findings, func(f qa.Finding) bool {
		return f.Check == check && f.TRN == trn && strings.Contains(f.Detail, detail)
	})
}

// TestDemo: what the AB should look at in the demo on 22 November 2026.
func TestDemo(t *testing.T) {
	sub, _ := fs.Sub(ectdocs.Demo(), "records")
	_, res := check(t, sub)
	for _, w := range []struct{ check, trn, detail string }{
		{"returned", "9900113", "returned by the AB and not yet resubmitted"},
		{"entitlements", "9900112", "says the entitlements were not met"},
		{"entitlements", "9900101", "no lesson observation recorded in"},
		{"mentoring", "9900111", "2 gaps without a meeting, the longest 3 term weeks from 2026-03-02"},
		{"mentoring", "9900112", "1 gap without a meeting, the longest 3 term weeks from 2026-02-02"},
		{"entitlements", "9900113", "timetable above the most allowed: 92% from 2026-01-05 in year 1 of induction"},
		{"entitlements", "9900111", "no lesson of an experienced teacher observed in 1 term: spring 2025-26"},
	} {
		if !has(res, w.check, w.trn, w.detail) {
			t.Errorf("no %s finding for %s saying %q", w.check, w.trn, w.detail)
		}
	}
	if slices.ContainsFunc(res.Findings, func(f qa.Finding) bool { return f.Check == "not-on-track" }) {
		t.Error("a not-on-track finding, though every such ECT's plan was shared with the AB")
	}
	// Every other demo ECT met weekly in year 1 and fortnightly in year 2.
	for _, f := range res.Findings {
		if f.Check == "mentoring" && f.TRN != "9900111" && f.TRN != "9900112" {
			t.Errorf("unexpected mentoring finding: %+v", f)
		}
	}
	// An ECT observed in the half term is not reported for it.
	if has(res, "entitlements", "9900101", "autumn 2025-26 (first half)") {
		t.Error("9900101 was observed on 2025-10-15, in the first half of autumn 2025-26")
	}
}

// TestNotOnTrackWithoutPlan: an ECT not on track whose support plan was
// never shared with the AB is a finding.
func TestNotOnTrackWithoutPlan(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, ectdocs.Demo()); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "records")
	matches, _ := filepath.Glob(filepath.Join(root, "schools", "*", "ects", "9900105", "support-plans", "*.md"))
	if len(matches) == 0 {
		t.Fatal("9900105 has no support plan in the demo")
	}
	for _, m := range matches {
		b, _ := os.ReadFile(m)
		var kept []string
		for _, line := range strings.Split(string(b), "\n") {
			if !strings.HasPrefix(line, "shared_with_ab:") {
				kept = append(kept, line)
			}
		}
		os.WriteFile(m, []byte(strings.Join(kept, "\n")), 0o644)
	}
	_, res := check(t, os.DirFS(root))
	if !has(res, "not-on-track", "9900105", "no support plan has been shared with the AB") {
		t.Errorf("no not-on-track finding for 9900105: %v", res.Findings)
	}
}

// TestSample: the same year gives the same schools; the sample has the
// share asked for; over many years, schools with findings are visited
// more often than those without.
func TestSample(t *testing.T) {
	dir := t.TempDir()
	if _, err := demo.Write(dir, 120); err != nil { // 20 schools
		t.Fatal(err)
	}
	book, err := record.Load(os.DirFS(dir), ".", fixture.Schemas(t), record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	if len(book.Schools) != 20 {
		t.Fatalf("%d schools", len(book.Schools))
	}
	// Findings at the first five schools only, three each.
	var findings []qa.Finding
	for _, s := range book.Schools[:5] {
		for range 3 {
			findings = append(findings, qa.Finding{URN: s.URN})
		}
	}
	a := qa.Sample(book.Schools, findings, "2026-27", 0.4)
	b := qa.Sample(book.Schools, findings, "2026-27", 0.4)
	if len(a) != 8 || fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("the same year gave %v and %v (want 8 schools each)", a, b)
	}
	concerned, other := 0, 0
	for y := 2000; y < 2200; y++ {
		for _, v := range qa.Sample(book.Schools, findings, fmt.Sprintf("%d-%02d", y, (y+1)%100), 0.4) {
			if v.Concerns > 0 {
				concerned++
			} else {
				other++
			}
		}
	}
	// Per school: 5 with findings, 15 without.
	if perConcerned, perOther := float64(concerned)/5, float64(other)/15; perConcerned < 1.5*perOther {
		t.Errorf("schools with findings visited %.0f times each, others %.0f: not weighted towards findings", perConcerned, perOther)
	}
}

// TestDecisions: a final assessment with no decision is the AB's own
// finding, with its statutory date; so is a decision whose notice is not
// recorded as sent. Imported decisions are not chased.
func TestDecisions(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, ectdocs.Demo()); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "records")
	edit := func(trn string, drop ...string) {
		t.Helper()
		file := filepath.Join(root, "schools", "990102-brackenridge-academy", "ects", trn, "ect.md")
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var kept []string
		for _, line := range strings.Split(string(b), "\n") {
			if !slices.ContainsFunc(drop, func(p string) bool { return strings.HasPrefix(strings.TrimSpace(line), p) }) {
				kept = append(kept, line)
			}
		}
		if err := os.WriteFile(file, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, before := check(t, os.DirFS(root))
	for _, f := range before.Findings {
		if f.Check == "decision" {
			t.Errorf("the demo's decisions are all made and notified (or imported), yet: %+v", f)
		}
	}
	// Priya's pass is taken out: her final assessment awaits a decision.
	edit("9900107", "outcome:", "result:", "decided:", "by: c-harcourt", "notified:", "notified_tra:", "imported:")
	// Jonah's extension was taken in Git and neither its notice nor the
	// TRA's is recorded (Reg. 11(7)).
	edit("9900108", "notified:", "notified_tra:", "imported:")
	_, res := check(t, os.DirFS(root))
	for _, w := range []struct{ trn, detail string }{
		{"9900107", "reached the AB on 2026-07-"},
		{"9900107", "awaits its decision (ect outcome): decide by 2026-08-06 (Reg. 11(5))"},
		{"9900107", "working days ago"},
		{"9900108", "no notice of the extension (decided 2026-07-24) is recorded as sent: it was due by 2026-07-28 (Reg. 11(7)); record the day it went as notified:"},
		// SG 2.69: within 3 working days of an extension.
		{"9900108", "the Teaching Regulation Agency is not recorded as told of the extension (decided 2026-07-24): it was due by 2026-07-28 (Reg. 11(7)(d); SG 2.69); record the day as notified_tra:"},
	} {
		if !has(res, "decision", w.trn, w.detail) {
			t.Errorf("no decision finding for %s saying %q in %v", w.trn, w.detail, res.Findings)
		}
	}
}

// TestFidelity: an ECT on a school-led programme needs the AB's fidelity
// check that the school's programme covers the framework that applies to
// them in full ("Appropriate bodies guidance: induction and the initial
// teacher training and early career framework", May 2025). Niamh
// (9900111) started on 2025-09-01: the ITTECF.
func TestFidelity(t *testing.T) {
	const school = "schools/990102-brackenridge-academy/school.md"
	const ittecf = "fidelity_checks:\n  - on: \"2025-07-15\"\n    by: c-harcourt\n    framework: ITTECF\n"
	for _, tc := range []struct {
		name, old, new string
		want           string // the finding's detail; empty for none
	}{
		{"checked in full", "", "", ""},
		{"checked against the ECF only", ittecf, "fidelity_checks:\n  - on: \"2025-07-15\"\n    by: c-harcourt\n    framework: ECF\n",
			"school-led programme, but no fidelity check against the ITTECF is recorded for Brackenridge Academy"},
		{"not in full", "outcome: covers_in_full", "outcome: not_in_full",
			"the last fidelity check against the ITTECF (2025-07-15) found it does not cover the ITTECF in full"},
		{"checked later", `on: "2025-07-15"`, `on: "2026-12-01"`, "no fidelity check against the ITTECF is recorded"},
		{"provider-led", "programme: school_led", "programme: provider_led", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, ectdocs.Demo()); err != nil {
				t.Fatal(err)
			}
			root := filepath.Join(dir, "records")
			if tc.old != "" {
				file := filepath.Join(root, school)
				if strings.HasPrefix(tc.old, "programme:") {
					file = filepath.Join(root, "schools/990102-brackenridge-academy/ects/9900111/ect.md")
				}
				b, err := os.ReadFile(file)
				if err != nil || !strings.Contains(string(b), tc.old) {
					t.Fatalf("%s has no %q", file, tc.old)
				}
				os.WriteFile(file, []byte(strings.Replace(string(b), tc.old, tc.new, 1)), 0o644)
			}
			_, res := check(t, os.DirFS(root))
			got := slices.DeleteFunc(slices.Clone(res.Findings), func(f qa.Finding) bool { return f.Check != "fidelity" })
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("unexpected fidelity findings: %+v", got)
			case tc.want != "" && !has(res, "fidelity", "9900111", tc.want):
				t.Errorf("no fidelity finding for 9900111 saying %q in %+v", tc.want, got)
			case tc.want != "" && got[0].File != "records/"+school:
				t.Errorf("the finding points at %s, want records/%s", got[0].File, school)
			}
		})
	}
}

// TestRetention: the records are kept at least six years from the end of
// induction (SG 2.77, 5.3, 5.11); ect qa reports them from six months
// before that ends. Priya (9900107) passed: her period ended 2026-07-21,
// the decision and its notice 2026-07-24, so her records are kept until
// 2032-07-24. Maja (9900109) left on 2026-02-13 without an outcome.
func TestRetention(t *testing.T) {
	sub, _ := fs.Sub(ectdocs.Demo(), "records")
	book, err := record.Load(sub, ".", fixture.Schemas(t), record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		day, trn, want string // want empty: no finding for trn
		years          int    // the body's retention_years; 0: not set
	}{
		{"2026-11-22", "9900107", "", 0},
		{"2032-01-23", "9900107", "", 0},
		{"2032-01-24", "9900107", "the records' retention period ends on 2032-07-24, 6 years from the end of induction on 2026-07-24 (the body's retention_years; at least six, SG 2.77)", 0},
		{"2032-07-23", "9900107", "retention period ends on 2032-07-24", 0},
		{"2032-07-24", "9900107", "the records' retention period ended on 2032-07-24, 6 years from the end of induction on 2026-07-24 (the body's retention_years; at least six, SG 2.77): decide whether to keep them longer, as data protection law allows, or to erase them (ect erase --ect 9900107)", 0},
		{"2031-08-12", "9900109", "", 0},
		{"2031-08-13", "9900109", "retention period ends on 2032-02-13, 6 years from the end of induction on 2026-02-13", 0},
		{"2040-01-01", "9900101", "", 0}, // still in induction: no end yet
		// Kept longer: eight years.
		{"2032-07-24", "9900107", "", 8},
		{"2034-01-24", "9900107", "the records' retention period ends on 2034-07-24, 8 years from the end of induction on 2026-07-24", 8},
		// Less than six is six (the schema refuses it).
		{"2032-07-24", "9900107", "ended on 2032-07-24, 6 years", 3},
	} {
		book.Body.RetentionYears = tc.years
		day, _ := time.Parse(time.DateOnly, tc.day)
		board, err := status.Build(book, day, status.Filter{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		res := qa.Check(book, board, day)
		found := slices.ContainsFunc(res.Findings, func(f qa.Finding) bool { return f.Check == "retention" && f.TRN == tc.trn })
		switch {
		case tc.want == "" && found:
			t.Errorf("%s: a retention finding for %s", tc.day, tc.trn)
		case tc.want != "" && !has(res, "retention", tc.trn, tc.want):
			t.Errorf("%s: no retention finding for %s saying %q", tc.day, tc.trn, tc.want)
		}
	}
}
