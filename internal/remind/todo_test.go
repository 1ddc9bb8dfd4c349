package remind

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/status"
)

// TestTodo checks the to-do lists of the demo on 4 December 2026: each
// person's first item, what is left off, and the order.
func TestTodo(t *testing.T) {
	on := date("2026-12-04")
	lists := Todo(demoBook(t), boardOn(t, on), on, Options{})
	for _, tc := range []struct {
		id, role string
		n        int
		// first is the first item: "ECT|report|when|state", and action a
		// phrase of its action.
		first, action string
		record        string
	}{
		// Released to her: comment and sign; the next review (spring) is
		// not listed while this one is open.
		{"ect/9900101", RoleECT, 1, "Eleanor Thursby|Progress review|due in 14 days|ECT to comment", "Write your comments", "schools/990101-oakfield-primary/ects/9900101/reports/2026-27-autumn-progress-review.md"},
		// Returned by the AB in the spring: most urgent, with its feedback.
		{"school/990101/l-fairbairn", RoleTutor, 4, "Rhys Talbot-Evans|Progress review|overdue by 252 days|returned by AB", "The AB's feedback: The summary of progress gives no evidence for TS6", "schools/990101-oakfield-primary/ects/9900113/reports/2025-26-spring-progress-review.md"},
		// Due and not started: no record yet.
		{"school/990102/b-nakamura", RoleTutor, 2, "Kwame Asante-Boateng|First formal assessment|due in 14 days|due", "Hold the meeting", ""},
		// A submitted report past the review target; no decision or notice
		// projected from a final assessment not filed yet.
		{"ab/c-harcourt", RoleAB, 1, "Kwame Asante-Boateng|Progress review|overdue by 127 days|awaiting AB review since 16 Jul 2026", "accept it or return it", "schools/990102-brackenridge-academy/ects/9900103/reports/2025-26-summer-progress-review.md"},
		// Year 1: weekly; the last meeting on Wednesday 11 November.
		{"school/990101/r-castellano", RoleMentor, 1, "Eleanor Thursby|Mentoring log|overdue by 7 days|last meeting 2026-11-11", "record the meeting in the mentoring log", "schools/990101-oakfield-primary/ects/9900101/mentoring.md"},
		// Year 2: fortnightly; the last on Thursday 19 November.
		{"school/990102/d-fraser", RoleMentor, 1, "Niamh O'Sullivan|Mentoring log|due today|last meeting 2026-11-19", "record the meeting", "schools/990102-brackenridge-academy/ects/9900111/mentoring.md"},
	} {
		l := lists[tc.id]
		if l == nil {
			t.Errorf("%s has no to-do list", tc.id)
			continue
		}
		if l.Person.Role != tc.role || len(l.Items) != tc.n {
			t.Errorf("%s: role %q, %d items; want %q, %d", tc.id, l.Person.Role, len(l.Items), tc.role, tc.n)
		}
		it := l.Items[0]
		if got := strings.Join([]string{it.ECT, it.Report, it.When, it.State}, "|"); got != tc.first {
			t.Errorf("%s: first item %q; want %q", tc.id, got, tc.first)
		}
		if !strings.Contains(it.Action, tc.action) || it.Record != tc.record {
			t.Errorf("%s: action %q, record %q; want %q in it, record %q", tc.id, it.Action, it.Record, tc.action, tc.record)
		}
		for i := 1; i < len(l.Items); i++ {
			if l.Items[i].Due.Before(l.Items[i-1].Due) {
				t.Errorf("%s: item %d is due before item %d", tc.id, i, i-1)
			}
		}
	}
	// A report not filed yet is started in its school's folder.
	it := lists["school/990102/b-nakamura"].Items[0]
	if it.Kind != record.KindFormalAssessment || it.URN != 990102 {
		t.Errorf("a report to start: kind %q, URN %d", it.Kind, it.URN)
	}
	// Nothing to do: no list.
	for _, id := range []string{"ect/9900107", "ab/g-bhatt", "ab/m-trevelyan"} {
		if lists[id] != nil {
			t.Errorf("%s has a to-do list: %+v", id, lists[id].Items)
		}
	}
	// Mentors are not e-mailed.
	for _, d := range Plan(demoBook(t), boardOn(t, on), on, testOptions) {
		if d.To.Role == RoleMentor {
			t.Errorf("%s is e-mailed as a mentor", d.To.Name)
		}
	}
}

// TestTodoNotices: a decision taken and not yet notified puts its notices
// on the AB's list, the TRA's included (Reg. 11(7), 11(7)(d); SG 2.69),
// and they leave it once recorded.
func TestTodoNotices(t *testing.T) {
	const ect = "schools/990102-brackenridge-academy/ects/9900108/ect.md"
	orig, err := fs.ReadFile(ectdocs.Demo(), filepath.ToSlash(filepath.Join("records", ect)))
	if err != nil {
		t.Fatal(err)
	}
	load := func(text string) *record.Book {
		fsys := fstest.MapFS{}
		sub, _ := fs.Sub(ectdocs.Demo(), "records")
		if err := fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				data, _ := fs.ReadFile(sub, p)
				fsys[p] = &fstest.MapFile{Data: data, Mode: 0o644}
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		fsys[ect] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
		book, err := record.Load(fsys, ".", fixture.Schemas(t), record.Options{Display: "records"})
		if err != nil {
			t.Fatal(err)
		}
		return book
	}
	on := date("2026-07-27")
	for _, tc := range []struct {
		name, text string
		want       []string // "report|due"
	}{
		{"recorded", string(orig), nil},
		{"not notified", strings.NewReplacer("    notified: \"2026-07-27\"\n", "", "    notified_tra: \"2026-07-27\"\n", "", "    imported: true\n", "").Replace(string(orig)),
			[]string{"AB notice of the extension to ECT, headteacher and employer|2026-07-28", "AB notice to the Teaching Regulation Agency of the extension|2026-07-28"}},
		{"TRA not notified", strings.NewReplacer("    notified_tra: \"2026-07-27\"\n", "", "    imported: true\n", "").Replace(string(orig)),
			[]string{"AB notice to the Teaching Regulation Agency of the extension|2026-07-28"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			book := load(tc.text)
			board, err := status.Build(book, on, status.Filter{TRN: "9900108"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			if l := Todo(book, board, on, Options{})["ab/c-harcourt"]; l != nil {
				for _, it := range l.Items {
					if strings.Contains(it.Report, "notice") {
						got = append(got, it.Report+"|"+it.Due.Format("2006-01-02"))
						if it.Record != ect {
							t.Errorf("%s is acted on in %q", it.Report, it.Record)
						}
					}
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("notices on the AB's list:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestUntil says how near a date is.
func TestUntil(t *testing.T) {
	for due, want := range map[string]string{"2026-12-01": "overdue by 3 days", "2026-12-03": "overdue by 1 day", "2026-12-04": "due today", "2026-12-05": "due tomorrow", "2026-12-18": "due in 14 days"} {
		if got := Until(date(due), date("2026-12-04")); got != want {
			t.Errorf("Until(%s) = %q; want %q", due, got, want)
		}
	}
}
