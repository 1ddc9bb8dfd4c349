// Package demo writes a synthetic, valid appropriate body of any size, with
// fictional schools, staff and ECTs, for benchmarks and scale tests. The
// same number of ECTs always gives the same files.
package demo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/record"
)

// ECTsPerSchool is how many ECTs each generated school has, at most.
const ECTsPerSchool = 6

// Write writes a records folder with n ECTs into dir, which must not exist
// or be empty: it never overwrites anything. It returns the number of files
// written.
func Write(dir string, n int) (int, error) {
	if n < 1 {
		return 0, errors.New("--ects must be at least 1")
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return 0, fmt.Errorf("%s is not empty: give a new folder, so that nothing is overwritten", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	w := &writer{dir: dir}
	w.file("body.md", body)
	schools := (n + ECTsPerSchool - 1) / ECTsPerSchool
	for s := range schools {
		sc := newSchool(s)
		w.file(sc.dir+"/school.md", school(s, sc.urn))
		for i := s * ECTsPerSchool; i < min(n, (s+1)*ECTsPerSchool); i++ {
			writeECT(w, newECT(sc, i))
		}
	}
	return w.count, w.err
}

type writer struct {
	dir   string
	count int
	err   error
}

func (w *writer) file(rel, content string) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
		w.err = err
		return
	}
	w.err = os.WriteFile(p, []byte(content), 0o666)
	w.count++
}

var (
	firstNames = []string{"Amara", "Ben", "Chloe", "Dev", "Elin", "Farid", "Greta", "Hamza", "Isla", "Jonah", "Kezia", "Luca", "Maya", "Nikhil", "Orla", "Pavel", "Quinn", "Rosa", "Sami", "Tegan", "Umar", "Vera", "Wren", "Yusuf", "Zara"}
	lastNames  = []string{"Ashdown", "Brightwell", "Carrow", "Dunmore", "Ellery", "Fairbank", "Greaves", "Holloway", "Ingleby", "Jessop", "Kettering", "Lowther", "Marchbank", "Northcott", "Ormerod", "Pendleton", "Quarrie", "Rushworth", "Selwood", "Thorne", "Underhill", "Vickery", "Wetherby", "Yardley"}
	places     = []string{"Alderbrook", "Birchmere", "Coldwater", "Dunholt", "Eastwold", "Fernley", "Greyhaven", "Hollowmead", "Ivybridge Vale", "Juniper Fields", "Kestrel Hill", "Larkspur"}
	kinds      = []string{"Primary School", "Academy", "Junior School", "High School"}
)

func personName(i int) string {
	return firstNames[i%len(firstNames)] + " " + lastNames[(i/len(firstNames)+i)%len(lastNames)]
}

func schoolName(s int) string {
	name := places[s%len(places)] + " " + kinds[(s/len(places))%len(kinds)]
	if s >= len(places)*len(kinds) {
		name = fmt.Sprintf("%s No. %d", name, s/(len(places)*len(kinds))+1)
	}
	return name
}

const body = `---
kind: appropriate-body
name: Synthetic Teaching School Hub Appropriate Body
type: teaching_school_hub
email: ab@synthetic-tsh.example
named_contact: ab-contact
signing_policy: author
grace_period_days: 5
staff:
  - {id: ab-lead, name: Alex Lead, roles: [ab_lead, ab_reviewer], emails: [lead@synthetic-tsh.example]}
  - {id: ab-reviewer, name: Robin Reviewer, roles: [ab_reviewer], emails: [reviewer@synthetic-tsh.example]}
  - {id: ab-contact, name: Casey Contact, roles: [named_contact], emails: [contact@synthetic-tsh.example]}
calendar:
  - year: "2025-26"
    autumn: {start: "2025-09-01", end: "2025-12-19"}
    spring: {start: "2026-01-05", end: "2026-03-27"}
    summer: {start: "2026-04-13", end: "2026-07-21"}
  - year: "2026-27"
    autumn: {start: "2026-09-02", end: "2026-12-18"}
    spring: {start: "2027-01-04", end: "2027-03-25"}
    summer: {start: "2027-04-12", end: "2027-07-21"}
extra_questions:
  - id: ect_time
    question: "Has the ECT had their full time off timetable this term?"
    applies_to: [progress-review, formal-assessment]
    answer: yes_no
---
A synthetic appropriate body written by ect demo for benchmarks. Every name is made up.
`

func school(s, urn int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nkind: school\nurn: %d\nname: %s\nphase: primary\nstaff:\n", urn, schoolName(s))
	domain := record.Slug(schoolName(s)) + ".example"
	for _, st := range schoolStaff(s) {
		fmt.Fprintf(&b, "  - {id: %s, name: %s, roles: [%s], qts: true, emails: [%s@%s]}\n", st.id, st.name, st.roles, st.id, domain)
	}
	b.WriteString("---\nA synthetic school.\n")
	return b.String()
}

type staff struct{ id, name, roles string }

func schoolStaff(s int) []staff {
	return []staff{
		{"head", personName(s*7 + 1), "headteacher, induction_lead"},
		{"tutor-a", personName(s*7 + 2), "induction_tutor"},
		{"tutor-b", personName(s*7 + 3), "induction_tutor, mentor"},
		{"mentor-a", personName(s*7 + 4), "mentor"},
		{"mentor-b", personName(s*7 + 5), "mentor"},
		{"mentor-c", personName(s*7 + 6), "mentor"},
	}
}

// writeECT writes one ECT: a full-time ECT who started in September 2025
// with two progress reviews, the first formal assessment and an
// observation, and a mentoring log of the year's meetings; every seventh
// is part time (a review every term), every
// eleventh is not on track and has a support plan. The texts are
// WriteHistory's, as they stand at the end of the first school year, each
// report released and signed on its meeting day.
func writeECT(w *writer, e *ectInfo) {
	w.file(e.dir+"/ect.md", e.profile(""))
	if e.notOnTrack {
		p := &planDoc{e: e, shared: true}
		w.file(p.path(), p.text())
	}
	for t := range 3 {
		r, m := newReport(e, t), historyTerms[t].meeting
		r.released, r.comments = m, 1
		r.sigs = []sig{{"ect", e.trn, m}, {"tutor", e.tutor, m}}
		if r.assessment != "" {
			r.sigs = append(r.sigs, sig{"headteacher", "head", m})
		}
		w.file(r.path(), r.text())
	}
	w.file(e.observation(0))
	w.file(e.dir+"/mentoring.md", e.mentoringLog())
}

// halfTerms are the Mondays of the half-term weeks of 2025-26, when there
// is no mentor meeting.
var halfTerms = map[string]bool{"2025-10-27": true, "2026-02-16": true, "2026-05-25": true}

// mentoringLog is the ECT's mentoring log for the first school year: a
// meeting with their mentor every Wednesday of term but the half terms,
// and a lesson of an experienced teacher observed in the third week of
// each term.
func (e *ectInfo) mentoringLog() string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nkind: mentoring-log\nect: %q\nentries:\n", e.trn)
	for _, t := range historyTerms[:3] {
		start, _ := time.Parse(time.DateOnly, t.from)
		end, _ := time.Parse(time.DateOnly, t.to)
		wed := start.AddDate(0, 0, (int(time.Wednesday)-int(start.Weekday())+7)%7)
		for k := 0; !wed.After(end); k, wed = k+1, wed.AddDate(0, 0, 7) {
			if halfTerms[wed.AddDate(0, 0, -2).Format(time.DateOnly)] {
				continue
			}
			fmt.Fprintf(&b, "  - {date: %q, kind: meeting, with: %s, minutes: %d}\n", wed.Format(time.DateOnly), e.mentor, 30+15*((e.i+k)%3))
			if k == 2 {
				fmt.Fprintf(&b, "  - {date: %q, kind: observing, with: %s, note: \"Year %d: questioning and routines\"}\n", wed.AddDate(0, 0, 1).Format(time.DateOnly), e.tutor, 1+(e.i+k)%6)
			}
		}
	}
	b.WriteString("---\nKept by the mentor.\n")
	return b.String()
}
