package rules_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/schema"
)

// Paths of the fixture's files, relative to the records folder.
const (
	body   = "body.md"
	school = "schools/990201-testwood-primary/school.md"
	ectDir = "schools/990201-testwood-primary/ects/1234567"
	ect    = ectDir + "/ect.md"
	review = ectDir + "/reports/2025-26-autumn-progress-review.md"
	first  = ectDir + "/reports/2025-26-summer-first-assessment.md"
	final  = ectDir + "/reports/2026-27-summer-final-assessment.md"
	obs    = ectDir + "/observations/2025-10-15.md"
	plan   = ectDir + "/support-plans/2026-01-12.md"
	pdf    = ectDir + "/documents/2025-10-15-feedback.pdf"
	// A second school, made by cases from a copy of school.md, and an ECT
	// record there.
	school2 = "schools/990202-testwood-junior/school.md"
	ect2    = "schools/990202-testwood-junior/ects/1234567/ect.md"
	school3 = "schools/990203-testwood-infant/school.md"
	ect3    = "schools/990203-testwood-infant/ects/1234567/ect.md"
	// mentoring is not in the fixture: cases create it from mentoringLog.
	mentoring = ectDir + "/mentoring.md"
	display   = "records"
)

func compiled(t *testing.T) *schema.Set { return fixture.Schemas(t) }

// base reads testdata/base.txtar into a fresh map of file contents.
func base(t *testing.T) map[string]string { return fixture.Base() }

// check loads files as a records folder and runs every rule: it returns the
// loader's diagnostics followed by the rules'.
func check(t *testing.T, files map[string]string) []diag.Diagnostic { return checkOn(t, files, "") }

func checkOn(t *testing.T, files map[string]string, on string) []diag.Diagnostic {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	book, err := record.Load(fsys, ".", compiled(t), record.Options{Display: display})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	opt := rules.Options{Today: fixture.Today}
	if on != "" {
		if opt.DueBy, err = time.Parse(time.DateOnly, on); err != nil {
			t.Fatal(err)
		}
		opt.Today = opt.DueBy
	}
	ds := append(book.Diagnostics, rules.Check(book, opt)...)
	diag.Sort(ds)
	return ds
}

func dump(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "\n\t%s", d)
	}
	if b.Len() == 0 {
		return " (none)"
	}
	return b.String()
}

func TestBaseIsValid(t *testing.T) {
	files := base(t)
	for _, want := range []string{body, school, ect, review, first, final, obs, plan, pdf} {
		if _, ok := files[want]; !ok {
			t.Errorf("fixture has no %s", want)
		}
	}
	if ds := check(t, files); len(ds) > 0 {
		t.Fatalf("the base fixture should be valid, got:%s", dump(ds))
	}
}

// An edit changes the base fixture. Replace edits must find old exactly once,
// so that a case cannot silently test the unbroken base.
type edit struct {
	op             string // replace, create, remove, move or copy
	file, old, new string
}

func repl(file, old, new string) edit   { return edit{op: "replace", file: file, old: old, new: new} }
func create(file, content string) edit  { return edit{op: "create", file: file, new: content} }
func remove(file string) edit           { return edit{op: "remove", file: file} }
func move(from, to string) edit         { return edit{op: "move", file: from, new: to} }
func copyFile(from, to string) edit     { return edit{op: "copy", file: from, new: to} }
func del(file, old string) edit         { return repl(file, old, "") }
func after(file, line, add string) edit { return repl(file, line, line+add) }

// period1As rewrites the FTE and working pattern of the ECT's only period,
// full time in the fixture, to what a case needs: a part-time pattern, or
// posts held at the same time that follow it.
func period1As(yaml string) edit {
	return repl(ect, "    fte: 1.0\n"+period1End, yaml)
}

func (e edit) apply(t *testing.T, files map[string]string) {
	t.Helper()
	data, exists := files[e.file]
	switch e.op {
	case "replace":
		if !exists {
			t.Fatalf("edit: no file %s", e.file)
		}
		if n := strings.Count(data, e.old); n != 1 {
			t.Fatalf("edit: %q occurs %d times in %s, want exactly once", e.old, n, e.file)
		}
		files[e.file] = strings.Replace(data, e.old, e.new, 1)
	case "create":
		if exists {
			t.Fatalf("edit: %s already exists", e.file)
		}
		files[e.file] = e.new
	case "remove":
		if !exists {
			t.Fatalf("edit: no file %s to remove", e.file)
		}
		delete(files, e.file)
	case "move", "copy":
		if !exists {
			t.Fatalf("edit: no file %s to %s", e.file, e.op)
		}
		if _, ok := files[e.new]; ok {
			t.Fatalf("edit: %s already exists", e.new)
		}
		files[e.new] = data
		if e.op == "move" {
			delete(files, e.file)
		}
	default:
		t.Fatalf("edit: unknown op %q", e.op)
	}
}

// want is an expected diagnostic. Col 0 means the column is not checked.
type want struct {
	file      string
	line, col int
	rule      string
	sev       diag.Severity
	msg       string // a substring of the message
}

func errAt(file string, line, col int, rule, msg string) want {
	return want{file, line, col, rule, diag.Error, msg}
}

func warnAt(file string, line, col int, rule, msg string) want {
	return want{file, line, col, rule, diag.Warning, msg}
}

func (w want) String() string {
	return fmt.Sprintf("%s/%s:%d:%d: %s: ...%s... [%s]", display, w.file, w.line, w.col, w.sev, w.msg, w.rule)
}

func (w want) matches(d diag.Diagnostic) bool {
	return d.File == display+"/"+w.file && d.Line == w.line && (w.col == 0 || d.Column == w.col) &&
		d.Rule == w.rule && d.Severity == w.sev && strings.Contains(d.Message, w.msg)
}

type ruleCase struct {
	name  string // rule/what is broken (or "rule/ok: ..." when nothing should be reported)
	edits []edit
	want  []want
	bug   string // when set, the case shows a suspected bug and is skipped
	on    string // when set, due dates are checked on this day (rules.CheckOn)
	only  string // when set, only this rule's diagnostics are compared
}

// Snippets used by several cases.
const (
	// autumnHalfTerm is the fixture's autumn 2025 term with its half term.
	autumnHalfTerm = `autumn: {start: "2025-09-01", end: "2025-12-19", half_term: {start: "2025-10-27", end: "2025-10-31"}}`
	// mentoringLog is a valid mentoring log for the fixture's ECT.
	mentoringLog = "---\n" +
		"kind: mentoring-log\n" +
		"ect: \"1234567\"\n" +
		"entries:\n" +
		"  - {date: \"2025-09-10\", kind: meeting, minutes: 45}\n" +
		"  - {date: \"2025-09-17\", kind: meeting, with: t-two}\n" +
		"  - {date: \"2025-09-12\", kind: observing, with: t-two, note: \"Year 4 fractions: mini whiteboards\"}\n" +
		"  - {date: \"2025-09-17\", kind: meeting}\n" +
		"---\n" +
		"Notes kept by Mia One.\n"

	// The last line of the ECT's only period: fields added after it belong
	// to that period, and "  - start:" after it starts a second one.
	period1End = "    working_pattern: Full time\n"
	onTrack    = "on_track: true\n"
	notOnTrack = "on_track: false\n" +
		"ect_informed: true\n" +
		"support_plan: ../support-plans/2026-01-12.md\n" +
		"standards_of_concern:\n" +
		"  - {standard: TS7, evidence: \"Routines after lunch are not yet consistent.\"}\n"
	tomRoles   = "name: Tom One\n    roles: [induction_tutor]"
	tessRoles  = "name: Tess Two\n    roles: [induction_tutor]"
	summaryRev = "## Summary of progress\n\nErin has settled well. Her lessons are well planned (TS4) and routines are\nbecoming consistent (TS7).\n\n"
	ts5First   = "## TS5 Adapt teaching to respond to the strengths and needs of all pupils\n\nTasks are now adapted for pupils with SEND.\n\n"
	wellbeing  = "## Wellbeing and workload\n\nErin says her workload is manageable.\n\n"
	schoolCal  = "calendar:\n" +
		"  - year: \"2025-26\"\n" +
		"    autumn: {start: \"2025-09-01\", end: \"2025-12-19\"}\n" +
		"    spring: {start: \"2026-01-05\", end: \"2026-03-27\"}\n" +
		"    summer: {start: \"2026-04-13\", end: \"2026-07-21\"}\n"
)

var ruleCases = []ruleCase{
	// ---- layout.go -------------------------------------------------------
	{
		name:  "path-kind/record in a folder that holds no records",
		edits: []edit{move(obs, ectDir+"/notes/2025-10-15.md")},
		want:  []want{errAt(ectDir+"/notes/2025-10-15.md", 2, 7, rules.RulePathKind, "does not belong here: an ECT folder holds ect.md, mentoring.md, reports/, observations/, support-plans/ and documents/, not notes/; move it to schools/<URN>-<name>/ects/<TRN>/observations/<YYYY-MM-DD>.md")},
	},
	{
		name:  "path-kind/school.md outside a school folder",
		edits: []edit{copyFile(school, "schools/school.md")},
		want:  []want{errAt("schools/school.md", 2, 7, rules.RulePathKind, "a school needs its own folder: schools/<URN>-<name>/school.md")},
	},
	{
		name:  "path-kind/observation filed with the support plans",
		edits: []edit{move(obs, ectDir+"/support-plans/2025-10-15.md")},
		want:  []want{errAt(ectDir+"/support-plans/2025-10-15.md", 2, 7, rules.RulePathKind, "this file is an observation but its location is for a support-plan: move it to schools/<URN>-<name>/ects/<TRN>/observations/<YYYY-MM-DD>.md, or fix kind:")},
	},
	{
		name:  "path-kind/final assessment in a file named first",
		edits: []edit{move(final, ectDir+"/reports/2026-27-summer-first-assessment.md")},
		want:  []want{errAt(ectDir+"/reports/2026-27-summer-first-assessment.md", 3, 13, rules.RulePathKind, "assessment: final, but the file name says first: rename the file to …-final-assessment.md or fix assessment:")},
	},
	{
		name:  "path-kind/first assessment that says final",
		edits: []edit{repl(first, "assessment: first", "assessment: final")},
		want:  []want{errAt(first, 3, 13, rules.RulePathKind, "assessment: final, but the file name says first: rename the file to …-final-assessment.md or fix assessment:")},
	},
	{
		name:  "path-kind/progress review that says it is a formal assessment",
		edits: []edit{repl(review, "kind: progress-review", "kind: formal-assessment")},
		want: []want{errAt(review, 2, 7, rules.RulePathKind, "this file is a formal-assessment but its location is for a progress-review: move it to "+
			"schools/<URN>-<name>/ects/<TRN>/reports/<YYYY-YY>-<autumn|spring|summer>-<first|final|interim>-assessment.md, or fix kind:")},
	},
	{
		name:  "path-owner/school urn differs from its folder",
		edits: []edit{repl(school, "urn: 990201", "urn: 990202")},
		want:  []want{errAt(school, 3, 6, rules.RulePathOwner, "urn 990202 does not match the folder schools/990201-testwood-primary")},
	},
	{
		name:  "path-owner/ECT trn differs from its folder",
		edits: []edit{repl(ect, `trn: "1234567"`, `trn: "1234568"`)},
		want:  []want{errAt(ect, 3, 6, rules.RulePathOwner, `trn "1234568" does not match the folder name 1234567`)},
	},
	{
		name:  "path-owner/report filed under another ECT",
		edits: []edit{repl(review, `ect: "1234567"`, `ect: "7654321"`)},
		want:  []want{errAt(review, 3, 6, rules.RulePathOwner, `ect "7654321" does not match the folder it is filed in (1234567): file it under ects/7654321/ or fix ect:`)},
	},
	{
		name:  "path-owner/observation filed under another ECT",
		edits: []edit{repl(obs, `ect: "1234567"`, `ect: "7654321"`)},
		want:  []want{errAt(obs, 3, 6, rules.RulePathOwner, `ect "7654321" does not match the folder`)},
	},
	{
		name:  "path-owner/support plan filed under another ECT",
		edits: []edit{repl(plan, `ect: "1234567"`, `ect: "7654321"`)},
		want:  []want{errAt(plan, 3, 6, rules.RulePathOwner, `ect "7654321" does not match the folder`)},
	},
	{
		name:  "path-date/observation date differs from the file name",
		edits: []edit{repl(obs, `date: "2025-10-15"`, `date: "2025-10-14"`)},
		want:  []want{errAt(obs, 4, 7, rules.RulePathDate, "date 2025-10-14 does not match the file name, which starts 2025-10-15")},
	},
	{
		name:  "path-date/ok: observation file name with words after the date",
		edits: []edit{move(obs, ectDir+"/observations/2025-10-15-maths.md")},
	},
	{
		name:  "path-date/support plan created differs from the file name",
		edits: []edit{repl(plan, `created: "2026-01-12"`, `created: "2026-01-11"`)},
		want:  []want{errAt(plan, 4, 10, rules.RulePathDate, "created 2026-01-11 does not match the file name, which starts 2026-01-12")},
	},
	{
		name:  "duplicate/two school folders with one URN",
		edits: []edit{copyFile(school, "schools/990201-testwood-annex/school.md")},
		want:  []want{errAt(school, 3, 6, rules.RuleDuplicate, "URN 990201 is also used by records/schools/990201-testwood-annex/school.md")},
	},
	{
		name: "duplicate/one TRN with a record at two schools",
		edits: []edit{
			copyFile(school, school2), repl(school2, "urn: 990201\nname: Testwood Primary School", "urn: 990202\nname: Testwood Junior School"),
			copyFile(ect, ect2),
		},
		want: []want{
			errAt(ect, 3, 6, rules.RuleDuplicate, "TRN 1234567 also has a record at records/"+ect2+" (Testwood Junior School): an ECT has one record, "+
				"in the folder of the school they are at now, with their time at an earlier school as an ended period in it "+
				"(end, terms, end_reason: moved_school, school: that school's URN): keep one of these ect.md files and remove the other's folder"),
			errAt(ect2, 3, 6, rules.RuleDuplicate, "TRN 1234567 also has a record at records/"+ect+" (Testwood Primary School): an ECT has one record"),
		},
	},
	{
		name: "duplicate/one TRN with a record at three schools",
		edits: []edit{
			copyFile(school, school2), repl(school2, "urn: 990201\nname: Testwood Primary School", "urn: 990202\nname: Testwood Junior School"),
			copyFile(school, school3), repl(school3, "urn: 990201\nname: Testwood Primary School", "urn: 990203\nname: Testwood Infant School"),
			copyFile(ect, ect2), copyFile(ect, ect3),
		},
		want: []want{
			errAt(ect, 3, 6, rules.RuleDuplicate, "TRN 1234567 also has a record at records/"+ect2+" (Testwood Junior School) and at records/"+ect3+" (Testwood Infant School): "+
				"an ECT has one record, in the folder of the school they are at now, with their time at an earlier school as an ended period in it "+
				"(end, terms, end_reason: moved_school, school: that school's URN): keep one of these ect.md files and remove the others' folders"),
			errAt(ect2, 3, 6, rules.RuleDuplicate, "TRN 1234567 also has a record at records/"+ect+" (Testwood Primary School) and at records/"+ect3+" (Testwood Infant School)"),
			errAt(ect3, 3, 6, rules.RuleDuplicate, "TRN 1234567 also has a record at records/"+ect+" (Testwood Primary School) and at records/"+ect2+" (Testwood Junior School)"),
		},
	},
	{
		name: "duplicate/ok: two ECTs, each with their own TRN, at two schools",
		edits: []edit{
			copyFile(school, school2), repl(school2, "urn: 990201\nname: Testwood Primary School", "urn: 990202\nname: Testwood Junior School"),
			copyFile(ect, "schools/990202-testwood-junior/ects/7654321/ect.md"),
			repl("schools/990202-testwood-junior/ects/7654321/ect.md", `trn: "1234567"`, `trn: "7654321"`),
		},
	},
	{
		name:  "duplicate/a copied ect.md whose trn: is not its folder's is a path-owner error only",
		edits: []edit{copyFile(ect, "schools/990201-testwood-primary/ects/7654321/ect.md")},
		want:  []want{errAt("schools/990201-testwood-primary/ects/7654321/ect.md", 3, 6, rules.RulePathOwner, `trn "1234567" does not match the folder name 7654321`)},
	},
	{
		name:  "duplicate/AB staff id used twice",
		edits: []edit{repl(body, "- id: ab-admin", "- id: ab-lead")},
		want:  []want{errAt(body, 14, 9, rules.RuleDuplicate, `id "ab-lead" is used twice`)},
	},
	{
		name:  "duplicate/school staff id used twice",
		edits: []edit{repl(school, "- id: t-two", "- id: t-one")},
		want:  []want{errAt(school, 18, 9, rules.RuleDuplicate, `id "t-one" is used twice in this school`)},
	},
	{
		name: "duplicate/a GitHub login given to a tutor and to the ECT",
		edits: []edit{
			repl(school, "    emails: [tom@testwood.example]\n", "    emails: [tom@testwood.example]\n    github: erin-e\n"),
			repl(ect, "emails: [erin@testwood.example]\n", "emails: [erin@testwood.example]\ngithub: Erin-E\n"),
		},
		want: []want{errAt(ect, 7, 9, rules.RuleDuplicate, `GitHub login "Erin-E" is also Tom One's (records/`+school+`): a GitHub account is one person's, and its commits would count as either's; give each person their own`)},
	},
	{
		name: "duplicate/ok: each with their own GitHub login",
		edits: []edit{
			repl(body, "    emails: [alice@testshire.example]\n", "    emails: [alice@testshire.example]\n    github: alice\n"),
			repl(school, "    emails: [tom@testwood.example]\n", "    emails: [tom@testwood.example]\n    github: tom\n"),
			repl(ect, "emails: [erin@testwood.example]\n", "emails: [erin@testwood.example]\ngithub: erin\n"),
		},
	},

	// ---- people.go -------------------------------------------------------
	{
		name:  "unknown-person/ECT's tutor misspelt",
		edits: []edit{repl(ect, "tutor: t-one", "tutor: t-onee")},
		want:  []want{errAt(ect, 10, 8, rules.RuleUnknownPerson, `tutor "t-onee" is not on the staff of Testwood Primary School (records/schools/990201-testwood-primary/school.md): did you mean "t-one"?`)},
	},
	{
		name:  "unknown-person/named contact not on the AB's staff",
		edits: []edit{repl(body, "named_contact: ab-contact", "named_contact: ab-contakt")},
		want:  []want{errAt(body, 6, 16, rules.RuleUnknownPerson, `named_contact "ab-contakt" is not in the AB's staff: did you mean "ab-contact"?`)},
	},
	{
		name:  "unknown-person/observer not on the staff, nothing near",
		edits: []edit{repl(obs, "observer: m-one", "observer: zz-visitor")},
		want:  []want{errAt(obs, 5, 11, rules.RuleUnknownPerson, `observer "zz-visitor" is not on the staff of Testwood Primary School (records/schools/990201-testwood-primary/school.md): add them to its school.md or fix the id`)},
	},
	{
		name:  "unknown-person/support plan owner",
		edits: []edit{repl(plan, "owner: t-one", "owner: t-three")},
		want:  []want{errAt(plan, 5, 8, rules.RuleUnknownPerson, `owner "t-three" is not on the staff`)},
	},
	{
		name:  "unknown-person/report's headteacher",
		edits: []edit{repl(first, "headteacher: h-head\n", "headteacher: h-heed\n"), del(first, "  - {role: headteacher, by: h-head, on: \"2026-07-13\"}\n")},
		want:  []want{errAt(first, 10, 14, rules.RuleUnknownPerson, `headteacher "h-heed" is not on the staff`)},
	},
	{
		name:  "unknown-person/AB review by someone not on the AB's staff",
		edits: []edit{repl(review, "ab_review: {by: ab-lead", "ab_review: {by: ab-leed")},
		want:  []want{errAt(review, 21, 17, rules.RuleUnknownPerson, `ab_review.by "ab-leed" is not on the appropriate body's staff in records/body.md: did you mean "ab-lead"?`)},
	},
	{
		name:  "unknown-person/AB review by someone not on the AB's staff, nothing near",
		edits: []edit{repl(review, "ab_review: {by: ab-lead", "ab_review: {by: zz-inspector")},
		want:  []want{errAt(review, 21, 17, rules.RuleUnknownPerson, `ab_review.by "zz-inspector" is not on the appropriate body's staff in records/body.md: add them to its staff or fix the id`)},
	},
	{
		name:  "unknown-person/fidelity check by someone not on the AB's staff",
		edits: []edit{repl(school, "    emails: [ned@testwood.example]\n---", "    emails: [ned@testwood.example]\nfidelity_checks:\n  - {on: \"2025-07-15\", by: ab-leed, framework: ITTECF, outcome: covers_in_full, evidence: programme map}\n---")},
		want:  []want{errAt(school, 34, 28, rules.RuleUnknownPerson, `fidelity_checks[0].by "ab-leed" is not on the appropriate body's staff in records/body.md: did you mean "ab-lead"?`)},
	},
	{
		name:  "role/fidelity check by AB staff who take no decisions",
		edits: []edit{repl(school, "    emails: [ned@testwood.example]\n---", "    emails: [ned@testwood.example]\nfidelity_checks:\n  - {on: \"2025-07-15\", by: ab-admin, framework: ITTECF, outcome: covers_in_full, evidence: programme map}\n---")},
		want:  []want{errAt(school, 34, 28, rules.RuleRole, `fidelity_checks[0].by is Adam Admin, who is not an ab_lead or ab_reviewer`)},
	},
	{
		name:  "role/ECT's tutor is not an induction tutor",
		edits: []edit{repl(ect, "tutor: t-one", "tutor: h-head")},
		want:  []want{errAt(ect, 10, 8, rules.RuleRole, "tutor is Hannah Head, but Hannah Head does not have the role induction_tutor in records/schools/990201-testwood-primary/school.md")},
	},
	{
		name:  "role/ECT's tutor is neither a tutor nor qualified: only the role error",
		edits: []edit{repl(ect, "tutor: t-one", "tutor: m-noqts")},
		want:  []want{errAt(ect, 10, 8, rules.RuleRole, "tutor is Ned Noqts, but Ned Noqts does not have the role induction_tutor")},
	},
	{
		name:  "role/ECT's mentor is not a mentor",
		edits: []edit{repl(ect, "mentor: m-one", "mentor: t-two")},
		want:  []want{errAt(ect, 11, 9, rules.RuleRole, "mentor is Tess Two, but Tess Two does not have the role mentor")},
	},
	{
		name: "role/report's headteacher is not the headteacher",
		edits: []edit{
			repl(first, "headteacher: h-head\n", "headteacher: t-two\n"),
			del(first, "  - {role: headteacher, by: h-head, on: \"2026-07-13\"}\n"),
		},
		want: []want{errAt(first, 10, 14, rules.RuleRole, "headteacher is Tess Two, but Tess Two does not have the role headteacher")},
	},
	{
		name:  "role/report released by the mentor",
		edits: []edit{repl(review, "released: {by: t-one", "released: {by: m-one")},
		want:  []want{errAt(review, 17, 16, rules.RuleRole, "released.by is Mia One, but Mia One does not have the role induction_tutor")},
	},
	{
		name:  "role/AB review by AB staff who take no decisions",
		edits: []edit{repl(review, "ab_review: {by: ab-lead", "ab_review: {by: ab-admin")},
		want:  []want{errAt(review, 21, 17, rules.RuleRole, "ab_review.by is Adam Admin, who is not an ab_lead or ab_reviewer and cannot take this decision")},
	},
	{
		name: "role/extension decided by AB staff who take no decisions",
		edits: []edit{after(ect, "    reason: sickness\n",
			"extensions:\n  - {terms: 1.0, decided: \"2027-07-24\", by: ab-admin, reason: Not enough evidence yet for TS5.}\n")},
		want: []want{errAt(ect, 22, 45, rules.RuleRole, "is Adam Admin, who is not an ab_lead or ab_reviewer and cannot take this decision")},
	},
	{
		// The reduction brings the final assessment forward to spring 2027,
		// so the schedule (rightly) finds the summer final misfiled.
		name: "role/ok: reduction agreed by the AB lead",
		edits: []edit{after(ect, "    reason: sickness\n",
			"reductions:\n  - {terms: 1.0, decided: \"2025-09-10\", by: ab-lead, basis: experience, ect_consent: true}\n")},
		want: []want{warnAt(final, 2, 7, rules.RuleSchedule, "no final assessment is expected in the summer term 2026-27")},
	},
	{
		name:  "qts/ECT's mentor without QTS",
		edits: []edit{repl(ect, "mentor: m-one", "mentor: m-noqts")},
		want:  []want{errAt(ect, 11, 9, rules.RuleQTS, "the mentor Ned Noqts must hold QTS (SG 2.42–2.46), but school.md says qts: false")},
	},
	{
		name:  "qts/report's mentor without QTS",
		edits: []edit{repl(review, "mentor: m-one", "mentor: m-noqts")},
		want:  []want{errAt(review, 8, 9, rules.RuleQTS, "the mentor Ned Noqts must hold QTS")},
	},
	{
		name:  "qts/observer without QTS",
		edits: []edit{repl(obs, "observer: m-one", "observer: m-noqts")},
		want:  []want{errAt(obs, 5, 11, rules.RuleQTS, "the observer Ned Noqts must hold QTS")},
	},
	{
		name:  "tutor-mentor/tutor is also the mentor",
		edits: []edit{repl(school, tomRoles, "name: Tom One\n    roles: [induction_tutor, mentor]"), repl(ect, "mentor: m-one", "mentor: t-one")},
		want:  []want{warnAt(ect, 11, 9, rules.RuleTutorMentor, "the induction tutor is also the mentor: that is only for exceptional cases (SG 2.45)")},
	},
	{
		name: "tutor-mentor/ok: tutor is also the mentor, with a justification",
		edits: []edit{
			repl(school, tomRoles, "name: Tom One\n    roles: [induction_tutor, mentor]"),
			repl(ect, "mentor: m-one\n", "mentor: t-one\ntutor_mentor_justification: The school has one other teacher with QTS.\n"),
		},
	},
	{
		name:  "named-contact/the named contact also reviews reports",
		edits: []edit{repl(body, "named_contact: ab-contact", "named_contact: ab-lead")},
		want:  []want{warnAt(body, 6, 16, rules.RuleNamedContact, "Alice Lead reviews reports or takes decisions, but the ECTs' named contact must not be involved in monitoring or decisions (SG 2.28)")},
	},
	{
		name:  "named-contact/ok: AB admin staff as named contact",
		edits: []edit{repl(body, "named_contact: ab-contact", "named_contact: ab-admin")},
	},
	{
		name:  "calendar/a term ends before it starts",
		edits: []edit{repl(body, `spring: {start: "2026-01-05", end: "2026-03-27"}`, `spring: {start: "2026-01-05", end: "2025-03-27"}`)},
		want:  []want{errAt(body, 29, 40, rules.RuleCalendar, "2025-26 spring term ends (2025-03-27) before it starts (2026-01-05)")},
	},
	{
		name:  "calendar/a term starts before the previous one ends",
		edits: []edit{repl(body, `summer: {start: "2026-04-13"`, `summer: {start: "2026-03-20"`)},
		want:  []want{errAt(body, 30, 21, rules.RuleCalendar, "2025-26 summer term starts (2026-03-20) before the previous term ends")},
	},
	{
		name:  "calendar/year label does not match its autumn term",
		edits: []edit{repl(body, `year: "2024-25"`, `year: "2023-24"`)},
		want:  []want{errAt(body, 23, 11, rules.RuleCalendar, `year "2023-24", but its autumn term starts in September 2024: did you mean "2024-25"?`)},
	},
	{
		name:  "calendar/year label of a year with reports",
		edits: []edit{repl(body, `year: "2026-27"`, `year: "2026-26"`)},
		want:  []want{errAt(body, 31, 11, rules.RuleCalendar, `year "2026-26", but its autumn term starts in September 2026: did you mean "2026-27"?`)},
	},
	{
		name:  "calendar/a half term outside its term",
		edits: []edit{repl(body, `autumn: {start: "2025-09-01", end: "2025-12-19"}`, `autumn: {start: "2025-09-01", end: "2025-12-19", half_term: {start: "2025-12-22", end: "2025-12-24"}}`)},
		want:  []want{errAt(body, 28, 65, rules.RuleCalendar, "2025-26 autumn half term (2025-12-22 to 2025-12-24) must lie inside its term (2025-09-01 to 2025-12-19)")},
	},
	{
		name:  "calendar/ok: a half term inside its term",
		edits: []edit{repl(body, `autumn: {start: "2025-09-01", end: "2025-12-19"}`, autumnHalfTerm)},
	},
	{
		name: "calendar/school's own calendar out of order",
		edits: []edit{after(school, "local_authority: Testshire County Council\n",
			strings.Replace(schoolCal, `summer: {start: "2026-04-13", end: "2026-07-21"}`, `summer: {start: "2026-04-13", end: "2026-04-01"}`, 1))},
		want: []want{errAt(school, 11, 40, rules.RuleCalendar, "2025-26 summer term ends (2026-04-01) before it starts (2026-04-13)")},
	},

	// ---- ect.go ----------------------------------------------------------
	{
		name:  "start-after-qts/induction starts before QTS",
		edits: []edit{repl(ect, `qts_date: "2025-07-01"`, `qts_date: "2025-09-15"`)},
		want:  []want{errAt(ect, 13, 12, rules.RuleStartAfterQTS, "induction starts on 2025-09-01, before QTS was awarded on 2025-09-15")},
	},
	{
		name:  "start-after-qts/ok: QTS on the day induction starts",
		edits: []edit{repl(ect, `qts_date: "2025-07-01"`, `qts_date: "2025-09-01"`)},
	},
	{
		name:  "period-dates/period ends before it starts",
		edits: []edit{after(ect, period1End, "    end: \"2025-08-01\"\n    terms: 0\n")},
		want:  []want{errAt(ect, 16, 10, rules.RulePeriodDates, "the period ends on 2025-08-01, before it starts on 2025-09-01")},
	},
	{
		name:  "period-dates/change of working pattern before the period",
		edits: []edit{after(ect, period1End, "    fte_changes:\n      - {from: \"2025-08-01\", fte: 0.8}\n")},
		want:  []want{errAt(ect, 17, 16, rules.RulePeriodDates, "a change of working pattern on 2025-08-01 must fall inside its period (2025-09-01 to open)")},
	},
	{
		name:  "period-dates/change of working pattern after the period ends",
		edits: []edit{after(ect, period1End, "    end: \"2026-07-21\"\n    terms: 3\n    fte_changes:\n      - {from: \"2026-09-02\", fte: 0.8}\n")},
		want:  []want{errAt(ect, 19, 16, rules.RulePeriodDates, "a change of working pattern on 2026-09-02 must fall inside its period (2025-09-01 to 2026-07-21)")},
	},
	{
		name:  "period-dates/ok: change of working pattern inside the period",
		edits: []edit{after(ect, period1End, "    fte_changes:\n      - {from: \"2027-07-22\", fte: 0.8, working_pattern: Four days a week}\n")},
	},
	{
		name:  "period-terms/ended period without the terms served",
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n")},
		want:  []want{errAt(ect, 16, 10, rules.RulePeriodTerms, "the period has ended: record the FTE terms served in it, e.g. terms: 2.5")},
	},
	{
		name:  "period-terms/ok: ended period with the terms served",
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n    terms: 6\n")},
	},
	{
		name:  "period-overlap/a second period while the first is open",
		edits: []edit{after(ect, period1End, "  - start: \"2027-09-01\"\n    fte: 0.5\n")},
		want:  []want{errAt(ect, 16, 12, rules.RulePeriodOverlap, "this period (from 2027-09-01) overlaps the period from 2025-09-01")},
	},
	{
		name:  "period-overlap/ok: consecutive periods",
		edits: []edit{after(ect, period1End, "    end: \"2026-07-21\"\n    terms: 3\n    end_reason: moved_school\n  - start: \"2026-09-02\"\n    fte: 1.0\n")},
	},
	{
		// SG 2.33: the minimum that counts is one term; SG 2.14: short-term
		// supply of less than one term cannot count towards induction.
		name: "period-terms/a period shorter than one term counts 0 (SG 2.33, 2.14)",
		edits: []edit{
			repl(ect, `qts_date: "2025-07-01"`, `qts_date: "2024-07-01"`),
			repl(ect, "periods:\n", "periods:\n  - start: \"2025-06-02\"\n    end: \"2025-07-18\"\n    fte: 1.0\n    terms: 0.5\n    supply: true\n"),
		},
		want: []want{errAt(ect, 16, 12, rules.RulePeriodTerms, "terms: 0.5, but short-term supply from 2025-06-02 to 2025-07-18 lasted less than one term (0.53 of a term in post): it does not count towards induction (SG 2.33; SG 2.14 for supply): write terms: 0")},
	},
	{
		name: "period-terms/ok: short-term supply within 5 years of QTS counts 0 (SG 2.14)",
		edits: []edit{
			repl(ect, `qts_date: "2025-07-01"`, `qts_date: "2024-07-01"`),
			repl(ect, "periods:\n", "periods:\n  - start: \"2025-06-02\"\n    end: \"2025-07-18\"\n    fte: 1.0\n    terms: 0\n    supply: true\n"),
		},
	},
	{
		name: "period-terms/more terms than the dates and FTE give (SG 2.34)",
		edits: []edit{
			repl(ect, `qts_date: "2025-07-01"`, `qts_date: "2024-07-01"`),
			repl(ect, "periods:\n", "periods:\n  - start: \"2025-01-06\"\n    end: \"2025-07-22\"\n    fte: 0.5\n    terms: 2\n    end_reason: moved_school\n"),
		},
		want: []want{errAt(ect, 16, 12, rules.RulePeriodTerms, "terms: 2, but from 2025-01-06 to 2025-07-22 the dates and the FTE give 1.00 FTE terms (school days of the term dates, outside half terms, times the FTE): record the exact length served, terms: 1.00 (SG 2.33-2.34)")},
	},
	{
		// SG 2.34: "a part time ECT working 0.5 FTE ends a contract of
		// employment after 2.5 terms ... 1.25 terms".
		name: "period-terms/ok: 2.5 terms at 0.5 FTE is 1.25 (SG 2.34)",
		edits: []edit{
			repl(ect, `qts_date: "2025-07-01"`, `qts_date: "2024-07-01"`),
			repl(ect, "periods:\n", "periods:\n  - start: \"2024-09-02\"\n    end: \"2025-06-06\"\n    fte: 0.5\n    terms: 1.25\n    end_reason: moved_school\n"),
			remove(review), remove(first), remove(final),
		},
	},
	{
		// Sch. 1 para 4: short-term supply "during the period of five years
		// starting on the date on which that person becomes a qualified
		// teacher"; SG 2.14: "a fixed time limit with no discretion".
		name: "supply-limit/short-term supply more than 5 years after QTS (SG 2.14)",
		edits: []edit{
			repl(ect, `qts_date: "2025-07-01"`, `qts_date: "2020-06-03"`),
			repl(ect, "periods:\n", "periods:\n  - start: \"2025-06-02\"\n    end: \"2025-07-18\"\n    fte: 1.0\n    terms: 0\n    supply: true\n"),
		},
		want: []want{errAt(ect, 17, 13, rules.RuleSupplyLimit, "short-term supply (less than one term) until 2025-07-18, but the 5 years from QTS on 2020-06-03 ended on 2025-06-02: a teacher who has not completed induction may do short-term supply only within 5 years of QTS, a fixed limit (SG 2.14; Sch. 1 para 4)")},
	},
	{
		// SG 2.17; Sch. 1 para 5.
		name: "supply-limit/ok: after 5 years, alongside a part-time induction post (SG 2.17)",
		edits: []edit{
			repl(ect, `qts_date: "2025-07-01"`, `qts_date: "2019-07-01"`),
			period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n    working_days: [monday, tuesday, wednesday]\n  - start: \"2025-10-06\"\n    end: \"2025-10-17\"\n    fte: 0.4\n    terms: 0\n    supply: true\n"),
		},
		want: partTimeSchedule(),
	},
	{
		// SG 2.17: short-term supply alongside part-time induction posts
		// counts nothing, even when those posts are held at the same time
		// under a lead (SG 3.14-3.16): it is not one of them.
		name: "supply-limit/ok: after 5 years, alongside part-time posts under a lead (SG 2.17, 3.16)",
		edits: []edit{
			repl(ect, `qts_date: "2025-07-01"`, `qts_date: "2019-07-01"`),
			period1As("    fte: 0.4\n    working_pattern: Monday and Tuesday\n    working_days: [monday, tuesday]\n    lead: true\n  - start: \"2025-09-01\"\n    fte: 0.2\n    working_pattern: Wednesday\n    working_days: [wednesday]\n    school: 990999\n  - start: \"2025-10-06\"\n    end: \"2025-10-17\"\n    fte: 0.4\n    terms: 0\n    supply: true\n"),
		},
		want: partTimeSchedule(),
	},
	{
		name: "supply-limit/after 5 years, alongside a full-time post (SG 2.17)",
		edits: []edit{
			repl(ect, `qts_date: "2025-07-01"`, `qts_date: "2019-07-01"`),
			after(ect, period1End, "  - start: \"2025-10-06\"\n    end: \"2025-10-17\"\n    fte: 0.4\n    terms: 0\n    supply: true\n"),
		},
		want: []want{errAt(ect, 20, 13, rules.RuleSupplyLimit, "short-term supply (less than one term) until 2025-10-17, but the 5 years from QTS on 2019-07-01 ended on 2024-06-30")},
	},
	{
		// SG 3.14-3.16; Reg. 10(2): the separate contracts are added
		// together, so a 0.6 and a 0.4 post are served as full time: the
		// fixture's full-time schedule holds.
		name:  "lead-post/ok: posts held at the same time, one the lead, add up (SG 3.16)",
		edits: []edit{period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n    lead: true\n  - start: \"2025-09-01\"\n    fte: 0.4\n    working_pattern: Thursday and Friday\n    school: 990999\n")},
	},
	{
		name:  "period-overlap/posts held at the same time with no lead (SG 3.14)",
		edits: []edit{period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n  - start: \"2025-09-01\"\n    fte: 0.4\n    working_pattern: Thursday and Friday\n    school: 990999\n")},
		want:  []want{errAt(ect, 16, 12, rules.RulePeriodOverlap, "mark the one whose headteacher leads induction lead: true (SG 3.14; Reg. 10(2))")},
	},
	{
		// SG 3.16: "the separate contracts are added together": 0.6 and
		// 0.6 are more than one full-time post.
		name:  "lead-post/posts held at the same time add up to more than full time (SG 3.16)",
		edits: []edit{period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n    lead: true\n  - start: \"2025-10-06\"\n    fte: 0.6\n    working_pattern: Wednesday to Friday\n    school: 990999\n")},
		want:  []want{errAt(ect, 14, 10, rules.RuleLeadPost, "the posts held at the same time add up to 1.2 FTE from 2025-10-06, more than full time: the separate contracts are added together (SG 3.16)")},
	},
	{
		// SG 3.15: one appropriate body takes the lead in making the
		// decision, following the lead headteacher's recommendation.
		name:  "lead-post/an outcome on a post held alongside the lead (SG 3.15)",
		edits: []edit{period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n    lead: true\n  - start: \"2025-09-01\"\n    fte: 0.4\n    working_pattern: Thursday and Friday\n    end: \"2027-07-21\"\n    school: 990999\n    outcome: {result: pass, decided: \"2027-07-22\", by: ab-lead, notified: \"2027-07-23\", imported: true}\n")},
		want:  []want{errAt(ect, 22, 14, rules.RuleLeadPost, "this post is held alongside the lead post: one appropriate body decides, on the lead headteacher's recommendation (SG 3.15), so the outcome is recorded on the lead period")},
	},
	{
		name:  "lead-post/two leads at the same time (SG 3.14)",
		edits: []edit{period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n    lead: true\n  - start: \"2025-09-01\"\n    fte: 0.4\n    working_pattern: Thursday and Friday\n    school: 990999\n    lead: true\n")},
		want:  []want{errAt(ect, 21, 11, rules.RuleLeadPost, "this period and the one from 2025-09-01 are both marked lead: true")},
	},
	{
		name:  "lead-post/lead with no post held at the same time (SG 3.14)",
		edits: []edit{after(ect, period1End, "    lead: true\n")},
		want:  []want{warnAt(ect, 16, 11, rules.RuleLeadPost, "lead: true, but no other post is held at the same time")},
	},
	{
		name:  "lead-post/a post alongside the lead starts before it (SG 3.16)",
		edits: []edit{period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n    lead: true\n  - start: \"2025-07-01\"\n    fte: 0.4\n    school: 990999\n")},
		want:  []want{errAt(ect, 17, 12, rules.RuleLeadPost, "this post (2025-07-01 to open) is held alongside the lead post (2025-09-01 to open), whose headteacher records the time of both (SG 3.16): it must lie within the lead period")},
	},
	{
		name:  "lead-post/a post alongside the lead lasts less than a term (SG 3.16, 2.33)",
		edits: []edit{period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n    working_days: [monday, tuesday, wednesday]\n    lead: true\n  - start: \"2025-09-01\"\n    end: \"2025-10-17\"\n    fte: 0.4\n")},
		want:  []want{errAt(ect, 19, 10, rules.RuleLeadPost, "this post held alongside the lead post lasted less than one term: each post held at the same time must meet the minimum of one term to count (SG 3.16, 2.33)")},
	},
	{
		name:  "period-terms/terms on a post alongside the lead (SG 3.16)",
		edits: []edit{period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n    lead: true\n  - start: \"2025-09-01\"\n    end: \"2026-07-21\"\n    fte: 0.4\n    terms: 1.2\n    school: 990999\n")},
		want:  []want{errAt(ect, 20, 12, rules.RulePeriodTerms, "this post is held alongside the lead post, whose headteacher records the terms of every post held at the same time (SG 3.16)")},
	},
	{
		name: "period-terms/the lead's terms count the posts alongside it (SG 3.16)",
		edits: []edit{
			period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n    lead: true\n    end: \"2026-07-21\"\n    terms: 1.8\n    end_reason: moved_school\n  - start: \"2025-09-01\"\n    end: \"2026-07-21\"\n    fte: 0.4\n"),
			after(ect, "    end_reason: moved_school\n  - start: \"2025-09-01\"\n    end: \"2026-07-21\"\n    fte: 0.4\n", "  - start: \"2026-09-02\"\n    fte: 1.0\n"),
		},
		want: []want{errAt(ect, 18, 12, rules.RulePeriodTerms, "terms: 1.8, but from 2025-09-01 to 2026-07-21 the dates and the FTE give 3.00 FTE terms (school days of the term dates, outside half terms, times the FTE, with the posts held alongside it (SG 3.16))")},
	},
	{
		// SG 3.5: "on completion of a minimum period covering but not
		// equivalent to two full years".
		name: "reduction/a part-time reduction before two school years in post (SG 3.5)",
		edits: []edit{
			period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n    working_days: [monday, tuesday, wednesday]\n"),
			after(ect, "    reason: sickness\n", "reductions:\n  - {terms: 1, decided: \"2026-07-01\", by: ab-lead, basis: part_time, ect_consent: true}\n"),
		},
		want: []want{
			warnAt(first, 2, 7, rules.RuleSchedule, "the schedule expects a progress review in the summer term 2025-26 (term 3, 1.8 FTE terms served), not a first assessment"),
			errAt(final, 2, 7, rules.RuleSchedule, "the final assessment comes when 5.0 FTE terms are served"),
			errAt(ect, 23, 25, rules.RuleReduction, "a part-time reduction decided on 2026-07-01, after 2.8 school terms in post: a part-time ECT's induction may be reduced only on completion of a period covering two full school years"),
		},
	},
	{
		name: "reduction/ok: a part-time reduction after two school years in post (SG 3.5)",
		edits: []edit{
			period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n    working_days: [monday, tuesday, wednesday]\n"),
			after(ect, "    reason: sickness\n", "reductions:\n  - {terms: 2.4, decided: \"2027-07-21\", by: ab-lead, basis: part_time, ect_consent: true}\n"),
		},
		want: []want{warnAt(first, 2, 7, rules.RuleSchedule, "the schedule expects a progress review in the summer term 2025-26 (term 3, 1.8 FTE terms served), not a first assessment")},
	},
	{
		name:  "reduction/a part-time reduction for a full-time ECT (SG 3.5)",
		edits: []edit{after(ect, "    reason: sickness\n", "reductions:\n  - {terms: 1, decided: \"2027-07-21\", by: ab-lead, basis: part_time, ect_consent: true}\n")},
		want: []want{
			errAt(ect, 22, 59, rules.RuleReduction, "basis: part_time, but the ECT has served induction full time"),
			warnAt(final, 2, 7, rules.RuleSchedule, "no final assessment is expected in the summer term 2026-27 for this ECT"),
		},
	},
	{
		name:  "outcome-finished/outcome on a period that has not ended",
		edits: []edit{after(ect, period1End, "    outcome: {result: pass, decided: \"2027-07-24\", by: ab-lead}\n")},
		want:  []want{errAt(ect, 16, 14, rules.RuleOutcomeOpen, "an outcome is recorded on a period that has not ended")},
	},
	{
		name:  "outcome-finished/ok: outcome on an ended period",
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n    terms: 6\n    outcome: {result: pass, decided: \"2027-07-24\", by: ab-lead}\n")},
	},
	{
		name:  "unknown-person/outcome decided by someone not on the AB's staff",
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n    terms: 6\n    outcome: {result: pass, decided: \"2027-07-24\", by: x-nobody}\n")},
		want:  []want{errAt(ect, 18, 56, rules.RuleUnknownPerson, `outcome.by "x-nobody" is not on the appropriate body's staff in records/body.md`)},
	},
	{
		name: "one-outcome/a second period, with its own outcome, after a pass",
		edits: []edit{after(ect, period1End,
			"    end: \"2026-07-21\"\n    terms: 3\n    outcome: {result: pass, decided: \"2026-07-24\", by: ab-lead, imported: true}\n"+
				"  - start: \"2026-09-02\"\n    end: \"2027-07-21\"\n    fte: 1.0\n    terms: 3\n    outcome: {result: pass, decided: \"2027-07-24\", by: ab-lead}\n")},
		want: []want{errAt(ect, 19, 12, rules.RuleOneOutcome, "a period after induction was passed on 2026-07-24: induction is served once (Regulation 9)")},
	},
	{
		name: "one-outcome/a period after a passed induction",
		edits: []edit{after(ect, period1End,
			"    end: \"2026-07-21\"\n    terms: 3\n    outcome: {result: pass, decided: \"2026-07-24\", by: ab-lead, imported: true}\n"+
				"  - start: \"2026-09-02\"\n    fte: 1.0\n")},
		want: []want{errAt(ect, 19, 12, rules.RuleOneOutcome, "a period after induction was passed on 2026-07-24: induction is served once (Regulation 9)")},
	},
	{
		name: "one-outcome/a period after a failed induction",
		edits: []edit{after(ect, period1End,
			"    end: \"2026-07-21\"\n    terms: 3\n    outcome: {result: fail, decided: \"2026-07-24\", by: ab-lead, imported: true}\n"+
				"  - start: \"2026-09-02\"\n    fte: 1.0\n")},
		want: []want{errAt(ect, 19, 12, rules.RuleOneOutcome, "a period after a failed induction: an ECT who fails induction cannot serve it again (Regulation 9)")},
	},
	{
		name:  "outcome-deadline/ok: decided and notified in time, the ECT's representations made",
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n    terms: 6\n    outcome: {result: pass, decided: \"2027-07-23\", by: ab-lead, notified: \"2027-07-23\", representations: made}\n")},
	},
	{
		// The recommendation was signed on Monday 12 July 2027: the ECT may
		// make representations until Friday 23rd (Reg. 11(4)).
		name:  "outcome-early/decided within the ECT's time for representations, not saying they were made or waived",
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n    terms: 6\n    outcome: {result: pass, decided: \"2027-07-23\", by: ab-lead, notified: \"2027-07-23\"}\n")},
		want:  []want{errAt(ect, 18, 38, rules.RuleOutcomeEarly, "the outcome was decided on 2027-07-23, while the ECT may still make written representations on the recommendation they received on 2027-07-12, until 2027-07-23 (Reg. 11(4)), which the AB must have regard to (Reg. 11(6))")},
	},
	{
		name:  "outcome-early/ok: decided the working day after the ECT's time for representations",
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n    terms: 6\n    outcome: {result: pass, decided: \"2027-07-26\", by: ab-lead, notified: \"2027-07-26\"}\n")},
	},
	{
		name:  "outcome-early/decided before the induction period ends",
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n    terms: 6\n    outcome: {result: pass, decided: \"2027-07-20\", by: ab-lead, notified: \"2027-07-20\", representations: waived}\n")},
		want: []want{
			errAt(ect, 18, 38, rules.RuleOutcomeEarly, "the outcome was decided on 2027-07-20, before the induction period ends on 2027-07-21: the AB decides once induction is complete (Reg. 11(1), 11(3), 11(5))"),
			errAt(ect, 18, 38, rules.RuleOutcomeEarly, "the outcome was decided on 2027-07-20, before the period the final assessment covers ends on 2027-07-21"),
		},
	},
	{
		name:  "outcome-deadline/decided more than 20 working days after the recommendation",
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n    terms: 6\n    outcome: {result: pass, decided: \"2027-09-01\", by: ab-lead, notified: \"2027-09-01\"}\n")},
		want:  []want{warnAt(ect, 18, 14, rules.RuleOutcomeDeadline, "the outcome was decided on 2027-09-01, working day 37 of those beginning with the day the recommendation reached the AB, 2027-07-12 (records/schools/990201-testwood-primary/ects/1234567/reports/2026-27-summer-final-assessment.md): the AB decides within 20 working days beginning with that day, by 2027-08-06 (Reg. 11(5)")},
	},
	{
		name:  "outcome-deadline/the notice on working day 6 beginning with an extension (Reg. 11(7))",
		edits: []edit{after(ect, "    reason: sickness\n", "extensions:\n  - {terms: 1.0, decided: \"2027-07-23\", by: ab-lead, notified: \"2027-07-30\", representations: waived, reason: \"More evidence of TS5.\"}\n")},
		want:  []want{warnAt(ect, 22, 64, rules.RuleOutcomeDeadline, "the notice of the extension went out on 2027-07-30, working day 6 beginning with the day of the decision: it is due within 3, by 2027-07-27 (Reg. 11(7)")},
	},
	{
		// Reg. 11(7)(d); SG 2.69: a fail decided on Monday 26 July 2027 is
		// due to the TRA by Wednesday 28th.
		name:  "outcome-deadline/a fail not recorded as told to the TRA after 3 working days",
		on:    "2027-07-29",
		only:  rules.RuleOutcomeDeadline,
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n    terms: 6\n    outcome: {result: fail, decided: \"2027-07-26\", by: ab-lead, notified: \"2027-07-26\"}\n")},
		want:  []want{warnAt(ect, 18, 14, rules.RuleOutcomeDeadline, "record when the AB notified the Teaching Regulation Agency of the outcome for the Secretary of State (notified_tra: \"YYYY-MM-DD\"): it was due by 2027-07-28 (Reg. 11(7)(d); SG 2.69)")},
	},
	{
		name:  "outcome-deadline/ok: a fail told to the TRA on its third working day",
		on:    "2027-07-29",
		only:  rules.RuleOutcomeDeadline,
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n    terms: 6\n    outcome: {result: fail, decided: \"2027-07-26\", by: ab-lead, notified: \"2027-07-26\", notified_tra: \"2027-07-28\"}\n")},
	},
	{
		name:  "outcome-deadline/ok: a fail not yet told to the TRA on its third working day",
		on:    "2027-07-28",
		only:  rules.RuleOutcomeDeadline,
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n    terms: 6\n    outcome: {result: fail, decided: \"2027-07-26\", by: ab-lead, notified: \"2027-07-26\"}\n")},
	},
	{
		name:  "outcome-deadline/the TRA told before the decision",
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n    terms: 6\n    outcome: {result: fail, decided: \"2027-07-26\", by: ab-lead, notified: \"2027-07-26\", notified_tra: \"2027-07-23\"}\n")},
		want:  []want{errAt(ect, 18, 103, rules.RuleOutcomeDeadline, "notified_tra: 2027-07-23 is before the outcome was decided on 2027-07-26")},
	},
	{
		name:  "outcome-deadline/notified before the decision",
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n    terms: 6\n    outcome: {result: fail, decided: \"2027-07-23\", by: ab-lead, notified: \"2027-07-22\"}\n")},
		want:  []want{errAt(ect, 18, 75, rules.RuleOutcomeDeadline, "notified on 2027-07-22, before the outcome was decided on 2027-07-23")},
	},
	{
		name:  "outcome-deadline/a decision with no final assessment signed by then",
		edits: []edit{after(ect, period1End, "    end: \"2027-07-21\"\n    terms: 6\n    outcome: {result: pass, decided: \"2027-07-09\", by: ab-lead, notified: \"2027-07-09\"}\n")},
		want: []want{
			warnAt(ect, 18, 14, rules.RuleOutcomeDeadline, "there is no final assessment signed by the ECT, the tutor and the headteacher by then"),
			errAt(ect, 18, 38, rules.RuleOutcomeEarly, "the outcome was decided on 2027-07-09, before the induction period ends on 2027-07-21"),
		},
	},
	{
		name:  "absence-dates/absence ends before it starts",
		edits: []edit{repl(ect, `to: "2025-11-04"`, `to: "2025-11-01"`)},
		want:  []want{errAt(ect, 18, 9, rules.RuleAbsenceDates, "the absence ends on 2025-11-01, before it starts on 2025-11-03")},
	},
	{
		name:  "absence-extend/extend: true on sickness",
		edits: []edit{after(ect, "    reason: sickness\n", "    extend: true\n")},
		want:  []want{warnAt(ect, 21, 13, rules.RuleAbsenceOptIn, "extend: true only applies to statutory family and carer's leave; sickness absence counts towards the 30-day extension anyway")},
	},
	{
		name:  "absence-extend/ok: the ECT opts to extend for maternity leave",
		edits: []edit{repl(ect, "    reason: sickness\n", "    reason: maternity\n    extend: true\n")},
		want:  []want{warnAt(final, 2, 7, rules.RuleSchedule, "not a final assessment: 2 days of absence extend induction (SG 3.6, 3.7)")},
	},
	{
		// Reg. 8(1) counts the days "absent from work"; SG 3.6 extends by
		// the "aggregate total of days absent": days the ECT was due to work.
		name:  "absence-days/40 days on a 5-day absence (Reg. 8(1), SG 3.6)",
		edits: []edit{repl(ect, `to: "2025-11-04"`, `to: "2025-11-07"`), repl(ect, "    days: 2\n", "    days: 40\n")},
		want: []want{
			errAt(ect, 19, 11, rules.RuleAbsenceDays, "days: 40, but from 2025-11-03 to 2025-11-07 the ECT was due to work on 5 days"),
			warnAt(final, 2, 7, rules.RuleSchedule, "40 days of absence extend induction"),
		},
	},
	{
		name: "absence-days/half term is not a day due to work (SG 3.6)",
		edits: []edit{
			repl(body, `autumn: {start: "2025-09-01", end: "2025-12-19"}`, autumnHalfTerm),
			repl(ect, `from: "2025-11-03"`, `from: "2025-10-27"`), repl(ect, "    days: 2\n", "    days: 7\n"),
		},
		want: []want{errAt(ect, 19, 11, rules.RuleAbsenceDays, "days: 7, but from 2025-10-27 to 2025-11-04 the ECT was due to work on 2 days")},
	},
	{
		name:  "absence-days/a bank holiday is not a day due to work (SG 3.6)",
		edits: []edit{repl(ect, `from: "2025-11-03"`, `from: "2026-05-04"`), repl(ect, `to: "2025-11-04"`, `to: "2026-05-08"`), repl(ect, "    days: 2\n", "    days: 5\n")},
		want:  []want{errAt(ect, 19, 11, rules.RuleAbsenceDays, "days: 5, but from 2026-05-04 to 2026-05-08 the ECT was due to work on 4 days")},
	},
	{
		name: "absence-days/a part-timer's week counts their working days only (SG 3.6)",
		edits: []edit{
			period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n    working_days: [monday, tuesday, wednesday]\n"),
			repl(ect, `to: "2025-11-04"`, `to: "2025-11-07"`), repl(ect, "    days: 2\n", "    days: 5\n"),
		},
		want: append(partTimeSchedule(), errAt(ect, 20, 11, rules.RuleAbsenceDays, "days: 5, but from 2025-11-03 to 2025-11-07 the ECT was due to work on 3 days (school days of the term dates, outside half terms and bank holidays, on their working days: monday, tuesday, wednesday)")),
	},
	{
		name: "absence-days/ok: a part-timer's 3 days in a week",
		edits: []edit{
			period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n    working_days: [monday, tuesday, wednesday]\n"),
			repl(ect, `to: "2025-11-04"`, `to: "2025-11-07"`), repl(ect, "    days: 2\n", "    days: 3\n"),
		},
		want: partTimeSchedule(),
	},
	{
		name:  "working-days/a part-timer's absence with no working days",
		edits: []edit{period1As("    fte: 0.6\n    working_pattern: Monday to Wednesday\n")},
		want:  append(partTimeSchedule(), warnAt(ect, 19, 11, rules.RuleWorkingDays, "record their working pattern in the period, e.g. working_days: [monday, tuesday, wednesday]")),
	},
	{
		name:  "schema/a working day that is not a weekday",
		edits: []edit{after(ect, "    working_pattern: Full time\n", "    working_days: [monday, saturday]\n")},
		want:  []want{errAt(ect, 16, 28, schema.Rule, `"saturday" is not allowed`)},
	},
	{
		name:  "reduction/reduced by more than five terms (Reg. 7(3), SG 3.2)",
		edits: []edit{after(ect, "    reason: sickness\n", "reductions:\n  - {terms: 5.5, decided: \"2025-09-01\", by: ab-lead, basis: experience, ect_consent: true}\n")},
		want:  []want{errAt(ect, 22, 13, rules.RuleReduction, "the reductions add up to 5.5 terms: induction may be reduced to a minimum of one term, so by at most 5 (Reg. 7(3), SG 3.2)")},
	},
	{
		name:  "absence-extend/ok: carer's leave without opting in",
		edits: []edit{repl(ect, "    reason: sickness\n", "    reason: carers\n    extend: false\n")},
	},

	// ---- reports.go: dates and terms ---------------------------------------
	{
		name:  "report-dates/period ends before it starts",
		edits: []edit{repl(review, `to: "2025-12-19"`, `to: "2025-09-01"`)},
		want:  []want{errAt(review, 5, 34, rules.RuleReportDates, "the period ends on 2025-09-01, before it starts on 2025-09-02")},
	},
	{
		name:  "report-dates/meeting before the period",
		edits: []edit{repl(review, `meeting: "2025-12-10"`, `meeting: "2025-08-29"`)},
		want:  []want{errAt(review, 6, 10, rules.RuleReportDates, "the meeting on 2025-08-29 is before the period the report covers starts (2025-09-02)")},
	},
	{
		name:  "signature-date/the final assessment signed before the meeting it records (SG 2.61)",
		edits: []edit{repl(final, `meeting: "2027-07-07"`, `meeting: "2027-07-10"`)},
		want:  []want{errAt(final, 20, 36, rules.RuleSignatureMeeting, "the ECT signed on 2027-07-08, before the meeting on 2027-07-10 that the report records: a report is signed once written up after its meeting and commented on by the ECT (SG 2.61)")},
	},
	{
		name:  "signature-date/ok: signed on the day of the meeting",
		edits: []edit{repl(final, `meeting: "2027-07-07"`, `meeting: "2027-07-08"`)},
	},
	{
		name:  "report-dates/feedback before the observation",
		edits: []edit{repl(obs, `feedback_on: "2025-10-16"`, `feedback_on: "2025-10-14"`)},
		want:  []want{errAt(obs, 9, 14, rules.RuleReportDates, "feedback on 2025-10-14 is before the observation on 2025-10-15")},
	},
	{
		name:  "report-dates/ok: feedback on the day of the observation",
		edits: []edit{repl(obs, `feedback_on: "2025-10-16"`, `feedback_on: "2025-10-15"`)},
	},
	{
		name:  "report-term/period ends in another term than the file name says",
		edits: []edit{repl(first, `to: "2026-07-21"`, `to: "2026-09-10"`)},
		want:  []want{errAt(first, 6, 34, rules.RuleReportTerm, "the period ends in the autumn term 2026-27, but the file name says summer 2025-26: rename the file to 2026-27-autumn-…, or correct the period")},
	},
	{
		name:  "report-term/ok: period ends in the holiday after its term",
		edits: []edit{repl(first, `to: "2026-07-21"`, `to: "2026-07-31"`)},
	},
	{
		name:  "report-term/period ends after the calendar",
		edits: []edit{repl(final, `to: "2027-07-21"`, `to: "2027-10-01"`)},
		want:  []want{warnAt(final, 6, 34, rules.RuleReportTerm, "the term dates for 2027-10-01 are not in the calendar: add that school year to the calendar in body.md")},
	},
	{
		name: "report-term/the school's own calendar covers a year the body's does not",
		edits: []edit{
			after(school, "local_authority: Testshire County Council\n", strings.NewReplacer("2025-26", "2027-28", "2025-", "2027-", "2026-", "2028-").Replace(schoolCal)),
			repl(final, `to: "2027-07-21"`, `to: "2027-10-01"`),
		},
		want: []want{errAt(final, 6, 34, rules.RuleReportTerm, "the period ends in the autumn term 2027-28, but the file name says summer 2026-27")},
	},

	// ---- reports.go: on track, support plans, entitlements -----------------
	{
		name:  "not-on-track/ok: not on track with everything supplied",
		edits: []edit{repl(review, onTrack, notOnTrack)},
	},
	{
		name:  "not-on-track/ECT not informed",
		edits: []edit{repl(review, onTrack, strings.Replace(notOnTrack, "ect_informed: true", "ect_informed: false", 1))},
		want:  []want{errAt(review, 11, 11, rules.RuleNotOnTrack, "the ECT is not on track: tell them clearly and record ect_informed: true (SG 2.54)")},
	},
	{
		name:  "not-on-track/ect_informed left out",
		edits: []edit{repl(review, onTrack, strings.Replace(notOnTrack, "ect_informed: true\n", "", 1))},
		want:  []want{errAt(review, 11, 11, rules.RuleNotOnTrack, "record ect_informed: true")},
	},
	{
		name:  "not-on-track/no support plan",
		edits: []edit{repl(review, onTrack, strings.Replace(notOnTrack, "support_plan: ../support-plans/2026-01-12.md\n", "", 1))},
		want:  []want{errAt(review, 11, 11, rules.RuleNotOnTrack, "the ECT is not on track: put a support plan in place, share it with the appropriate body and link it with support_plan:")},
	},
	{
		name:  "not-on-track/no standards of concern",
		edits: []edit{repl(review, onTrack, notOnTrack[:strings.Index(notOnTrack, "standards_of_concern")])},
		want:  []want{errAt(review, 11, 11, rules.RuleNotOnTrack, "list the standards of concern with their evidence under standards_of_concern")},
	},
	{
		name:  "not-on-track/ok: first assessment not on track with everything supplied",
		edits: []edit{repl(first, onTrack, notOnTrack)},
	},
	{
		name:  "support-plan-link/misspelt link",
		edits: []edit{after(review, onTrack, "support_plan: ../support-plans/2026-01-13.md\n")},
		want:  []want{errAt(review, 12, 15, rules.RuleSupportPlanLink, `support_plan "../support-plans/2026-01-13.md" is not one of this ECT's support plans: did you mean "../support-plans/2026-01-12.md"?`)},
	},
	{
		name:  "support-plan-link/link to nothing like a plan",
		edits: []edit{after(review, onTrack, "support_plan: plan.md\n")},
		want:  []want{errAt(review, 12, 15, rules.RuleSupportPlanLink, `support_plan "plan.md" is not one of this ECT's support plans: the ECT's plans are ../support-plans/2026-01-12.md`)},
	},
	{
		name:  "support-plan-link/the ECT has no support plan",
		edits: []edit{remove(plan), after(review, onTrack, "support_plan: ../support-plans/2026-01-12.md\n")},
		want:  []want{errAt(review, 12, 15, rules.RuleSupportPlanLink, "is not one of this ECT's support plans: write the plan in ../support-plans/<YYYY-MM-DD>.md and link it")},
	},
	{
		name:  "entitlements/entitlements not met, no explanation",
		edits: []edit{repl(review, "entitlements_met: true", "entitlements_met: false")},
		want:  []want{errAt(review, 13, 19, rules.RuleEntitlements, "entitlements_met is false: explain why and what is being done in entitlements_explanation")},
	},
	{
		name:  "entitlements/programme not accessed, no explanation",
		edits: []edit{repl(first, "programme_accessed: true", "programme_accessed: false")},
		want:  []want{errAt(first, 14, 21, rules.RuleEntitlements, "programme_accessed is false: explain why")},
	},
	{
		name: "entitlements/ok: not met, with an explanation",
		edits: []edit{repl(review, "entitlements_met: true\n",
			"entitlements_met: false\nentitlements_explanation: The reduced timetable started late; time was made up in December.\n")},
	},

	// ---- reports.go: sections ------------------------------------------------
	{
		name:  "sections/progress review without its summary",
		edits: []edit{del(review, summaryRev)},
		want:  []want{errAt(review, 23, 1, rules.RuleSections, `missing section "## Summary of progress": add it; summarise the evidence of progress`)},
	},
	{
		name: "sections/report with no body, ending at its closing line",
		edits: []edit{repl(review, "---\n## Summary of progress", "---"), del(review,
			"\n\nErin has settled well. Her lessons are well planned (TS4) and routines are\nbecoming consistent (TS7).\n\n## Development targets\n\n- Adapt tasks for the two pupils with SEND in maths (TS5).\n\n"+wellbeing+"## ECT comments\n\nI agree with the targets.\n")},
		want: []want{
			errAt(review, 22, 1, rules.RuleSections, `missing section "## Summary of progress"`),
			errAt(review, 22, 1, rules.RuleSections, `missing section "## Development targets"`),
			errAt(review, 22, 1, rules.RuleExtraQuestions, `missing section "## Wellbeing and workload"`),
			errAt(review, 22, 1, rules.RuleSections, `missing section "## ECT comments"`),
		},
	},
	{
		name:  "sections/misspelt heading",
		edits: []edit{repl(review, "## Summary of progress", "## Sumary of progress")},
		want:  []want{errAt(review, 23, 1, rules.RuleSections, `section "## Sumary of progress" should be "## Summary of progress": use the heading exactly`)},
	},
	{
		name:  "sections/ok: heading in another case with a colon",
		edits: []edit{repl(review, "## Summary of progress", "## Summary Of Progress:")},
	},
	{
		name:  "sections/empty summary",
		edits: []edit{repl(review, summaryRev, "## Summary of progress\n\n")},
		want:  []want{errAt(review, 23, 1, rules.RuleSections, `section "## Summary of progress" is empty: summarise the evidence of progress`)},
	},
	{
		name:  "sections/summary holding only the template's comment",
		edits: []edit{repl(review, summaryRev, "## Summary of progress\n\n<!-- Summarise the evidence, naming the standards. -->\n\n")},
		want:  []want{errAt(review, 23, 1, rules.RuleSections, `section "## Summary of progress" is empty`)},
	},
	{
		name:  "sections/progress review without ECT comments",
		edits: []edit{del(review, "\n## ECT comments\n\nI agree with the targets.\n")},
		want:  []want{errAt(review, 23, 1, rules.RuleSections, `missing section "## ECT comments": add it; the ECT writes their comments under it before signing`)},
	},
	{
		name:  "sections/misspelt ECT comments heading",
		edits: []edit{repl(review, "## ECT comments", "## ECT comment")},
		want:  []want{errAt(review, 36, 1, rules.RuleSections, `section "## ECT comment" should be "## ECT comments": use the heading exactly`)},
	},
	{
		name:  "sections/observation with empty development needs",
		edits: []edit{del(obs, "- Adapt the task for pupils who need concrete resources (TS5).\n")},
		want:  []want{errAt(obs, 18, 1, rules.RuleSections, `section "## Development needs" is empty: record the development needs identified (SG 2.47)`)},
	},
	{
		name:  "sections/support plan without objectives",
		edits: []edit{del(plan, "## Objectives\n\n1. Establish a consistent routine for the start of afternoon lessons (TS7).\n\n")},
		want:  []want{errAt(plan, 12, 1, rules.RuleSections, `missing section "## Objectives": add it; set the objectives the ECT is to meet`)},
	},
	{
		name:  "standard-sections/first assessment without TS5",
		edits: []edit{del(first, ts5First)},
		want:  []want{errAt(first, 24, 1, rules.RuleStandardSection, `missing section "## TS5 Adapt teaching to respond to the strengths and needs of all pupils": add it; write the assessment against TS5, with evidence from the ECT's own work`)},
	},
	{
		name:  "standard-sections/empty TS3",
		edits: []edit{del(final, "Her subject knowledge is secure across the curriculum.\n")},
		want:  []want{errAt(final, 32, 1, rules.RuleStandardSection, `section "## TS3 Demonstrate good subject and curriculum knowledge" is empty: write the assessment against TS3`)},
	},
	{
		name:  "standard-sections/ok: short headings naming the standard",
		edits: []edit{repl(first, "## TS3 Demonstrate good subject and curriculum knowledge", "## TS3: subject knowledge"), repl(first, "## Part Two Personal and professional conduct", "## Part 2")},
	},
	{
		name:  "targets-standards/targets name no standard",
		edits: []edit{repl(review, "- Adapt tasks for the two pupils with SEND in maths (TS5).", "- Adapt tasks for the two pupils with SEND in maths.")},
		want:  []want{errAt(review, 28, 1, rules.RuleTargets, `the development targets name no Teachers' Standard: link each target to one, e.g. "(TS4)" (SG 2.53)`)},
	},
	{
		name:  "targets-standards/ok: a target citing Part Two",
		edits: []edit{repl(review, "- Adapt tasks for the two pupils with SEND in maths (TS5).", "- Keep to the school's safeguarding policy on trips (Part Two).")},
	},

	// ---- reports.go: assessment fields -----------------------------------------
	{
		// The fixture has no spring 2025-26 review (term 2, due 2026-03-27):
		// one working day late it is a warning ...
		name: "overdue/missing review within the grace period",
		on:   "2026-03-30",
		want: []want{warnAt(ect, 3, 6, rules.RuleOverdue, "the progress review for term 2 (spring 2025-26) was due on 2026-03-27 and is not filed: write reports/2025-26-spring-progress-review.md")},
	},
	{
		// ... and an error once later than the body's grace period.
		name: "overdue/missing review after the grace period",
		on:   "2026-04-20",
		want: []want{errAt(ect, 3, 6, rules.RuleOverdue, "(more than 5 working days late)")},
	},
	{
		name: "overdue/ok: not yet due",
		on:   "2026-03-27",
	},
	{
		name:  "schedule/term number not the schedule's",
		edits: []edit{repl(review, "term: 1\n", "term: 2\n")},
		want:  []want{warnAt(review, 4, 7, rules.RuleSchedule, "term: 2, but this is the ECT's term 1 report by the calendar (autumn 2025-26): write term: 1")},
	},
	{
		name: "schedule/final assessment before 6 FTE terms",
		edits: []edit{
			move(first, ectDir+"/reports/2025-26-summer-final-assessment.md"),
			repl(ectDir+"/reports/2025-26-summer-final-assessment.md", "assessment: first\n", "assessment: final\nrecommendation: satisfactory\n"),
		},
		want: []want{errAt(ectDir+"/reports/2025-26-summer-final-assessment.md", 2, 7, rules.RuleSchedule,
			"the schedule expects a first formal assessment in the summer term 2025-26 (term 3, 3.0 FTE terms served), not a final assessment: the final assessment comes when 6.0 FTE terms are served")},
	},
	{
		name:  "report-dates/period before induction starts",
		edits: []edit{repl(review, `period: {from: "2025-09-02"`, `period: {from: "2025-08-20"`)},
		want:  []want{errAt(review, 5, 9, rules.RuleReportDates, "the period 2025-08-20 to 2025-12-19 is not within the ECT's induction periods in ect.md")},
	},
	{
		name:  "final-recommendation/final assessment without one",
		edits: []edit{del(final, "recommendation: satisfactory\n")},
		want:  []want{errAt(final, 3, 13, rules.RuleRecommendation, "a final assessment needs the headteacher's recommendation: add recommendation: satisfactory, unsatisfactory or extension")},
	},
	{
		name:  "final-recommendation/on a first assessment",
		edits: []edit{after(first, "headteacher: h-head\n", "recommendation: satisfactory\n")},
		want:  []want{errAt(first, 11, 17, rules.RuleRecommendation, "only a final assessment carries a recommendation; remove it from this first assessment")},
	},
	{
		name:  "assessment-fields/first assessment without on_track",
		edits: []edit{del(first, onTrack)},
		want:  []want{errAt(first, 3, 13, rules.RuleAssessment, "a first assessment says whether the ECT is on track: add on_track: true or false")},
	},
	{
		name: "assessment-fields/interim assessment without the days absent",
		edits: []edit{
			move(first, ectDir+"/reports/2025-26-summer-interim-assessment.md"),
			repl(ectDir+"/reports/2025-26-summer-interim-assessment.md", "assessment: first\n", "assessment: interim\nleaving_date: \"2026-07-21\"\nterms_completed: 3\n"),
		},
		want: []want{
			errAt(ectDir+"/reports/2025-26-summer-interim-assessment.md", 3, 13, rules.RuleAssessment, "an interim assessment records days_absent_since_last_assessment (SG 2.62): add it"),
			// The fixture's ECT has not left, so the schedule expects the first assessment.
			warnAt(ectDir+"/reports/2025-26-summer-interim-assessment.md", 2, 7, rules.RuleSchedule, "not an interim assessment"),
		},
	},
	{
		name: "assessment-fields/ok: complete interim assessment",
		edits: []edit{
			move(first, ectDir+"/reports/2025-26-summer-interim-assessment.md"),
			repl(ectDir+"/reports/2025-26-summer-interim-assessment.md", "assessment: first\n",
				"assessment: interim\nleaving_date: \"2026-07-21\"\nterms_completed: 2.5\ndays_absent_since_last_assessment: 1.5\n"),
		},
		want: []want{warnAt(ectDir+"/reports/2025-26-summer-interim-assessment.md", 2, 7, rules.RuleSchedule, "the schedule expects a first formal assessment in the summer term 2025-26 (term 3, 3.0 FTE terms served), not an interim assessment")},
	},

	// ---- reports.go: signatures ----------------------------------------------
	{
		name:  "ect-comments/ECT signed with no comments",
		edits: []edit{del(review, "I agree with the targets.\n")},
		want:  []want{errAt(review, 19, 5, rules.RuleECTComments, `the ECT has signed but "## ECT comments" is empty: the ECT adds comments before signing (SG 2.61)`)},
	},
	{
		name:  "ect-comments/comments written in raw HTML",
		edits: []edit{repl(review, "I agree with the targets.\n", "<p>I agree with the targets.</p>\n")},
		want:  []want{errAt(review, 19, 5, rules.RuleECTComments, `"## ECT comments" is empty: the ECT adds comments before signing (SG 2.61) (raw HTML is not shown: write the comments in Markdown)`)},
	},
	{
		name:  "ect-comments/ok: comments empty before the ECT signs",
		edits: []edit{del(review, "I agree with the targets.\n"), del(review, "  - {role: ect, by: \"1234567\", on: \"2025-12-11\"}\n")},
	},
	{
		name:  "signature-role/ECT signs with another TRN",
		edits: []edit{repl(review, `{role: ect, by: "1234567"`, `{role: ect, by: "7654321"`)},
		want:  []want{errAt(review, 19, 21, rules.RuleSignatureRole, `the ECT signs with their own TRN (1234567), not "7654321"`)},
	},
	{
		name:  "signature-role/another tutor signs",
		edits: []edit{repl(review, "{role: tutor, by: t-one", "{role: tutor, by: t-two")},
		want:  []want{errAt(review, 20, 23, rules.RuleSignatureRole, "t-two signs as tutor, but the report's tutor is t-one")},
	},
	{
		name:  "signature-role/the mentor signs as tutor",
		edits: []edit{repl(review, "{role: tutor, by: t-one", "{role: tutor, by: m-one")},
		want:  []want{errAt(review, 20, 23, rules.RuleSignatureRole, "m-one signs as tutor, but a mentor who is not the tutor never signs as assessor (SG 2.55)")},
	},
	{
		name:  "signature-role/another headteacher signs",
		edits: []edit{repl(school, tessRoles, "name: Tess Two\n    roles: [induction_tutor, headteacher]"), repl(first, "{role: headteacher, by: h-head", "{role: headteacher, by: t-two")},
		want:  []want{errAt(first, 22, 29, rules.RuleSignatureRole, "t-two signs as headteacher, but the report's headteacher is h-head")},
	},
	{
		name:  "unknown-person/tutor signature by someone not on the staff",
		edits: []edit{repl(review, "{role: tutor, by: t-one", "{role: tutor, by: t-onne")},
		want:  []want{errAt(review, 20, 23, rules.RuleUnknownPerson, `signatures[1].by "t-onne" is not on the staff of Testwood Primary School (records/schools/990201-testwood-primary/school.md): did you mean "t-one"?`)},
	},

	// ---- reports.go: observations and support plans ----------------------------
	{
		name:  "document-link/misspelt document",
		edits: []edit{repl(obs, "2025-10-15-feedback.pdf]", "2025-10-15-feedbak.pdf]")},
		want:  []want{errAt(obs, 10, 13, rules.RuleDocumentLink, `"../documents/2025-10-15-feedbak.pdf" is not there: put the file in the ECT's documents/ folder and give its path from this file, e.g. ../documents/2025-10-15-feedbak.pdf`)},
	},
	{
		name:  "document-link/path not relative to the observation",
		edits: []edit{repl(obs, "[../documents/", "[documents/")},
		want:  []want{errAt(obs, 10, 13, rules.RuleDocumentLink, `"documents/2025-10-15-feedback.pdf" is not there`)},
	},
	{
		name:  "plan-dates/review before the plan was made",
		edits: []edit{repl(plan, `review_date: "2026-03-02"`, `review_date: "2026-01-05"`)},
		want:  []want{errAt(plan, 7, 14, rules.RulePlanDates, "review_date 2026-01-05 is before the plan was created (2026-01-12)")},
	},
	{
		name:  "plan-dates/closed before the plan was made",
		edits: []edit{after(plan, "shared_with_ab: \"2026-01-14\"\n", "closed: \"2025-12-01\"\n")},
		want:  []want{errAt(plan, 9, 9, rules.RulePlanDates, "closed 2025-12-01 is before the plan was created (2026-01-12)")},
	},
	{
		name:  "plan-dates/ok: closed on the review date",
		edits: []edit{after(plan, "shared_with_ab: \"2026-01-14\"\n", "closed: \"2026-03-02\"\n")},
	},

	// ---- mentoring.go ------------------------------------------------------------
	{
		name:  "mentoring-dates/ok: entries out of order, two on one day, observing and meetings with others",
		edits: []edit{create(mentoring, mentoringLog)},
	},
	{
		name:  "mentoring-dates/meeting before induction started",
		edits: []edit{create(mentoring, mentoringLog), repl(mentoring, `"2025-09-10"`, `"2025-08-28"`)},
		want:  []want{errAt(mentoring, 5, 12, rules.RuleMentoringDates, "the meeting on 2025-08-28 is not within the ECT's induction periods in ect.md (from 2025-09-01): check the date")},
	},
	{
		name:  "mentoring-dates/lesson observed before induction started",
		edits: []edit{create(mentoring, mentoringLog), repl(mentoring, `"2025-09-12", kind: observing`, `"2024-09-12", kind: observing`)},
		want:  []want{errAt(mentoring, 7, 12, rules.RuleMentoringDates, "the lesson observed on 2024-09-12 is not within the ECT's induction periods")},
	},
	{
		name:  "mentoring-dates/meeting in the future",
		edits: []edit{create(mentoring, mentoringLog), repl(mentoring, `"2025-09-10"`, `"2099-09-10"`)},
		want:  []want{errAt(mentoring, 5, 12, rules.RuleMentoringDates, "the meeting on 2099-09-10 is after today (")},
	},
	{
		name:  "mentoring-dates/a meeting on the day after --on is allowed (time zones), two days is not",
		edits: []edit{create(mentoring, mentoringLog), repl(mentoring, `"2025-09-10"`, `"2026-09-11"`), repl(mentoring, `"2025-09-12"`, `"2026-09-12"`)},
		on:    "2026-09-10",
		want: []want{
			errAt(mentoring, 7, 12, rules.RuleMentoringDates, "the lesson observed on 2026-09-12 is after today (2026-09-10)"),
			errAt(ect, 3, 6, rules.RuleOverdue, "spring 2025-26"), // --on checks due dates too
		},
	},
	{
		name:  "unknown-person/meeting with someone not on the staff",
		edits: []edit{create(mentoring, mentoringLog), repl(mentoring, "with: t-two}", "with: t-tow}")},
		want:  []want{errAt(mentoring, 6, 47, rules.RuleUnknownPerson, `with "t-tow" is not on the staff of Testwood Primary School (records/schools/990201-testwood-primary/school.md): did you mean "t-two"?`)},
	},
	{
		name:  "path-owner/mentoring log filed under another ECT",
		edits: []edit{create(mentoring, mentoringLog), repl(mentoring, `ect: "1234567"`, `ect: "7654321"`)},
		want:  []want{errAt(mentoring, 3, 6, rules.RulePathOwner, `ect "7654321" does not match the folder it is filed in (1234567)`)},
	},
	{
		name:  "schema/mentoring log entry of an unknown kind",
		edits: []edit{create(mentoring, mentoringLog), repl(mentoring, "kind: meeting, minutes: 45", "kind: meting, minutes: 45")},
		want:  []want{errAt(mentoring, 5, 32, schema.Rule, `did you mean "meeting"?`)},
	},
	{
		name:  "layout/mentoring log in an ECT folder without ect.md",
		edits: []edit{create("schools/990201-testwood-primary/ects/7654321/mentoring.md", strings.ReplaceAll(mentoringLog, "1234567", "7654321"))},
		want:  []want{errAt("schools/990201-testwood-primary/ects/7654321/ect.md", 0, 0, record.RuleLayout, "holds records but no ect.md")},
	},
	{
		name:  "schema/timetable percent over 100",
		edits: []edit{after(ect, "    reason: sickness\n", "timetable:\n  - {from: \"2025-09-01\", percent: 190}\n")},
		want:  []want{errAt(ect, 22, 35, schema.Rule, "timetable[0].percent: 190 is more than the maximum, 100")},
	},
	{
		name:  "schema/ok: timetable",
		edits: []edit{after(ect, "    reason: sickness\n", "timetable:\n  - {from: \"2025-09-01\", percent: 90}\n  - {from: \"2026-09-02\", percent: 94.5}\n")},
	},
	// ---- questions.go ----------------------------------------------------------
	{
		name:  "extra-questions/yes_no answered in words",
		edits: []edit{repl(review, "ect_time: true", "ect_time: \"yes\"")},
		want:  []want{errAt(review, 15, 13, rules.RuleExtraQuestions, "answers.ect_time must be true or false")},
	},
	{
		name:  "extra-questions/number answered in words",
		edits: []edit{repl(review, "mentor_meetings: 12", "mentor_meetings: twelve")},
		want:  []want{errAt(review, 16, 20, rules.RuleExtraQuestions, "answers.mentor_meetings must be a number")},
	},
	{
		name:  "extra-questions/required answer missing",
		edits: []edit{del(review, "  mentor_meetings: 12\n")},
		want:  []want{errAt(review, 14, 1, rules.RuleExtraQuestions, `answer the appropriate body's question "How many mentor meetings took place this term?": add answers: {mentor_meetings: a number}`)},
	},
	{
		name:  "extra-questions/no answers at all",
		edits: []edit{del(obs, "answers:\n  lesson_type: whole_class\n")},
		want:  []want{errAt(obs, 2, 1, rules.RuleExtraQuestions, `answer the appropriate body's question "What kind of lesson was observed?": add answers: {lesson_type: whole_class | small_group | one_to_one}`)},
	},
	{
		name:  "extra-questions/choice misspelt",
		edits: []edit{repl(obs, "lesson_type: whole_class", "lesson_type: whole_clas")},
		want:  []want{errAt(obs, 12, 16, rules.RuleExtraQuestions, `answers.lesson_type "whole_clas" is not one of the choices: did you mean "whole_class"?`)},
	},
	{
		name:  "extra-questions/choice not among the choices",
		edits: []edit{repl(obs, "lesson_type: whole_class", "lesson_type: assembly")},
		want:  []want{errAt(obs, 12, 16, rules.RuleExtraQuestions, "answers.lesson_type must be one of: whole_class, small_group, one_to_one")},
	},
	{
		name:  "extra-questions/date not a real date",
		edits: []edit{repl(plan, `plan_agreed: "2026-01-12"`, `plan_agreed: "2026-02-30"`)},
		want:  []want{errAt(plan, 10, 16, rules.RuleExtraQuestions, `answers.plan_agreed must be a date, "YYYY-MM-DD"`)},
	},
	{
		name:  "extra-questions/optional text answered with nothing",
		edits: []edit{after(obs, "  lesson_type: whole_class\n", "  observer_notes: \" \"\n")},
		want:  []want{errAt(obs, 13, 19, rules.RuleExtraQuestions, "answers.observer_notes must be some text")},
	},
	{
		name:  "extra-questions/ok: optional text answered",
		edits: []edit{after(obs, "  lesson_type: whole_class\n", "  observer_notes: A calm, purposeful lesson.\n")},
	},
	{
		name:  "extra-questions/an answer to a question not asked",
		edits: []edit{after(review, "  mentor_meetings: 12\n", "  wellbeing_score: 3\n")},
		want:  []want{errAt(review, 17, 3, rules.RuleExtraQuestions, `answers.wellbeing_score: the appropriate body asks no question "wellbeing_score" of a progress-review; its questions are ect_time, mentor_meetings`)},
	},
	{
		name:  "extra-questions/an answer asked of another kind",
		edits: []edit{after(plan, "  plan_agreed: \"2026-01-12\"\n", "  lesson_type: whole_class\n")},
		want:  []want{errAt(plan, 11, 3, rules.RuleExtraQuestions, `answers.lesson_type: the appropriate body asks no question "lesson_type" of a support-plan; its questions are plan_agreed`)},
	},
	{
		name:  "extra-questions/misspelt answer id",
		edits: []edit{repl(review, "  ect_time: true", "  ect_tme: true")},
		want:  []want{errAt(review, 15, 3, rules.RuleExtraQuestions, `answers.ect_tme: the appropriate body asks no question "ect_tme" of a progress-review: did you mean "ect_time"?`)},
	},
	{
		name:  "extra-questions/a section question answered in front matter",
		edits: []edit{after(review, "  mentor_meetings: 12\n", "  wellbeing: Fine, thanks.\n")},
		want:  []want{errAt(review, 17, 3, rules.RuleExtraQuestions, `answers.wellbeing: this question is answered in the Markdown section "## Wellbeing and workload", not in answers:`)},
	},
	{
		name:  "extra-questions/section question missing",
		edits: []edit{del(review, wellbeing)},
		want:  []want{errAt(review, 23, 1, rules.RuleExtraQuestions, `missing section "## Wellbeing and workload": add it; answer the appropriate body's question "How is the ECT managing their wellbeing and workload?"`)},
	},
	{
		name:  "extra-questions/section question empty",
		edits: []edit{repl(review, wellbeing, "## Wellbeing and workload\n\n")},
		want:  []want{errAt(review, 32, 1, rules.RuleExtraQuestions, `section "## Wellbeing and workload" is empty`)},
	},
	{
		name:  "extra-questions/ok: optional section question left out",
		edits: []edit{after(body, "    heading: Wellbeing and workload\n", "    required: false\n"), del(review, wellbeing)},
	},

	// ---- the loader keeps rules quiet about what the schema rejected ----------------
	{
		name:  "schema/ECT's tutor not an id: only the schema complains",
		edits: []edit{repl(ect, "tutor: t-one", "tutor: Tom One")},
		want:  []want{errAt(ect, 10, 8, schema.Rule, `tutor: "Tom One" is not in the right form`)},
	},
	{
		name:  "schema/report's tutor not an id: only the schema complains",
		edits: []edit{repl(review, "tutor: t-one", "tutor: Tom One")},
		want:  []want{errAt(review, 7, 8, schema.Rule, `tutor: "Tom One" is not in the right form`)},
	},
	{
		name:  "schema/report's dates not real dates: only the schema complains",
		edits: []edit{repl(review, `to: "2025-12-19"`, `to: "2025-02-30"`)},
		want:  []want{errAt(review, 5, 34, schema.Rule, `period.to: "2025-02-30" is not a valid date`)},
	},
	{
		name:  "schema/misspelt recommendation: not also reported missing",
		edits: []edit{repl(final, "recommendation: satisfactory", "recomendation: satisfactory")},
		want:  []want{errAt(final, 13, 1, schema.Rule, `unknown field "recomendation": did you mean "recommendation"?`)},
	},
	{
		name:  "schema/misspelt ect_informed: not also reported missing",
		edits: []edit{repl(review, onTrack, strings.Replace(notOnTrack, "ect_informed:", "ect_infromed:", 1))},
		want:  []want{errAt(review, 12, 1, schema.Rule, `unknown field "ect_infromed": did you mean "ect_informed"?`)},
	},
	{
		name:  "layout/a PDF outside documents/",
		edits: []edit{create(ectDir+"/observations/2025-10-15-scan.pdf", "%PDF-1.4\n")},
		want:  []want{errAt(ectDir+"/observations/2025-10-15-scan.pdf", 0, 0, record.RuleLayout, "not a record: records are Markdown (.md) files")},
	},
	{
		name:  "kind/misspelt kind",
		edits: []edit{repl(plan, "kind: support-plan", "kind: suport-plan")},
		want:  []want{errAt(plan, 2, 7, record.RuleKind, `unknown kind "suport-plan": did you mean "support-plan"?`)},
	},
	{
		name:  "kind/an ect.md that cannot be read is not also missing",
		edits: []edit{repl(ect, "kind: ect", "kind: ecct")},
		want:  []want{errAt(ect, 2, 7, record.RuleKind, `unknown kind "ecct": did you mean "ect"?`)},
	},
	{
		name:  "kind/a school.md that cannot be read is not also missing",
		edits: []edit{repl(school, "kind: school", "kind: schol")},
		want:  []want{errAt(school, 2, 7, record.RuleKind, `unknown kind "schol": did you mean "school"?`)},
	},
}

// partTimeSchedule is what the schedule says of the fixture's reports when
// its ECT works at 0.6 FTE: the assessments come later.
func partTimeSchedule() []want {
	return []want{
		warnAt(first, 2, 7, rules.RuleSchedule, "the schedule expects a progress review in the summer term 2025-26 (term 3, 1.8 FTE terms served), not a first assessment"),
		errAt(final, 2, 7, rules.RuleSchedule, "the final assessment comes when 6.0 FTE terms are served"),
	}
}

func TestRules(t *testing.T) {
	for _, tc := range ruleCases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bug != "" && os.Getenv("ECTDOCS_RUN_BUGS") == "" {
				t.Skip("BUG: " + tc.bug + " (ECTDOCS_RUN_BUGS=1 runs it)")
			}
			files := base(t)
			for _, e := range tc.edits {
				e.apply(t, files)
			}
			got := checkOn(t, files, tc.on)
			if tc.only != "" {
				got = slices.DeleteFunc(got, func(d diag.Diagnostic) bool { return d.Rule != tc.only })
			}
			matched := make([]bool, len(got))
			for _, w := range tc.want {
				found := false
				for i, d := range got {
					if !matched[i] && w.matches(d) {
						matched[i], found = true, true
						break
					}
				}
				if !found {
					t.Errorf("missing diagnostic %s", w)
				}
			}
			for i, d := range got {
				if !matched[i] {
					t.Errorf("unexpected diagnostic %s", d)
				}
			}
			if t.Failed() {
				t.Logf("got:%s", dump(got))
			}
		})
	}
}

// TestEveryRuleHasACase checks that each rule name declared in this package
// is expected by at least one case that runs (not one skipped as a bug).
func TestEveryRuleHasACase(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range ruleCases {
		if tc.bug != "" {
			continue
		}
		for _, w := range tc.want {
			covered[w.rule] = true
		}
	}
	fset := token.NewFileSet()
	sources, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, src := range sources {
		if strings.HasSuffix(src, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, src, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, id := range vs.Names {
				if !strings.HasPrefix(id.Name, "Rule") || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				v, _ := strconv.Unquote(lit.Value)
				names = append(names, id.Name)
				if !covered[v] {
					t.Errorf("rule %s (%q) has no test case", id.Name, v)
				}
			}
			return true
		})
	}
	slices.Sort(names)
	if len(names) < 30 {
		t.Errorf("found only %d rule constants: %v", len(names), names)
	}
}
