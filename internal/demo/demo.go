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
		urn := 800001 + s
		sdir := fmt.Sprintf("schools/%d-%s", urn, slug(schoolName(s)))
		w.file(sdir+"/school.md", school(s, urn))
		for i := s * ECTsPerSchool; i < min(n, (s+1)*ECTsPerSchool); i++ {
			writeECT(w, sdir, s, i)
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

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
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
	domain := slug(schoolName(s)) + ".example"
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
// observation; every seventh is part time (a review every term), every
// eleventh is not on track and has a support plan.
func writeECT(w *writer, sdir string, s, i int) {
	trn := fmt.Sprintf("%07d", 8000001+i)
	dir := sdir + "/ects/" + trn
	tutor := []string{"tutor-a", "tutor-b"}[i%2]
	mentor := []string{"mentor-a", "mentor-b", "mentor-c"}[i%3]
	fte := "1.0"
	partTime := i%7 == 6
	if partTime {
		fte = "0.6"
	}
	notOnTrack := i%11 == 10
	w.file(dir+"/ect.md", fmt.Sprintf(`---
kind: ect
trn: "%s"
name: %s
date_of_birth: "%d-0%d-1%d"
emails: [ect-%s@example.org]
qts_date: "2025-07-18"
programme: provider_led
lead_provider: Synthetic Teacher Development
tutor: %s
mentor: %s
periods:
  - {start: "2025-09-01", fte: %s}
---
Teaches Year %d.
`, trn, personName(1000+i), 1995+i%8, 1+i%9, i%10, trn, tutor, mentor, fte, 1+i%6))

	terms := []struct{ year, term, from, to, meeting string }{
		{"2025-26", "autumn", "2025-09-01", "2025-12-19", "2025-12-10"},
		{"2025-26", "spring", "2026-01-05", "2026-03-27", "2026-03-18"},
		{"2025-26", "summer", "2026-04-13", "2026-07-21", "2026-07-08"},
	}
	plan := ""
	if notOnTrack {
		plan = "2026-02-02"
		w.file(dir+"/support-plans/"+plan+".md", fmt.Sprintf(`---
kind: support-plan
ect: "%s"
created: "%s"
owner: %s
standards: [TS7]
review_date: "2026-03-16"
shared_with_ab: "2026-02-04"
---
## Concerns

Routines for entering the classroom and starting work are not yet consistent (TS7).

## Objectives

- Pupils start the first task within three minutes of entering the room (TS7).

## Support

- Weekly coaching from the mentor and a fortnightly observation by the tutor.
`, trn, plan, tutor))
	}
	for t, term := range terms {
		assessment := !partTime && t == 2
		onTrack := !(notOnTrack && t >= 1)
		var fm strings.Builder
		kind := "progress-review"
		name := term.year + "-" + term.term + "-progress-review.md"
		if assessment {
			kind = "formal-assessment"
			name = term.year + "-" + term.term + "-first-assessment.md"
		}
		fmt.Fprintf(&fm, "---\nkind: %s\n", kind)
		if assessment {
			fm.WriteString("assessment: first\n")
		}
		fmt.Fprintf(&fm, "ect: \"%s\"\nterm: %d\nperiod: {from: \"%s\", to: \"%s\"}\nmeeting: \"%s\"\ntutor: %s\nmentor: %s\n",
			trn, t+1, term.from, term.to, term.meeting, tutor, mentor)
		if assessment {
			fm.WriteString("headteacher: head\n")
		}
		fmt.Fprintf(&fm, "fte: %s\ndays_absent: %d\non_track: %t\n", fte, i%4, onTrack)
		if !onTrack {
			fmt.Fprintf(&fm, "ect_informed: true\nsupport_plan: ../support-plans/%s.md\nstandards_of_concern:\n  - {standard: TS7, evidence: \"Observations show routines are not yet consistent.\"}\n", plan)
		}
		fmt.Fprintf(&fm, "programme_accessed: true\nentitlements_met: true\nanswers: {ect_time: true}\n")
		fmt.Fprintf(&fm, "released: {by: %s, on: \"%s\"}\nsignatures:\n  - {role: ect, by: \"%s\", on: \"%s\"}\n  - {role: tutor, by: %s, on: \"%s\"}\n",
			tutor, term.meeting, trn, term.meeting, tutor, term.meeting)
		if assessment {
			fmt.Fprintf(&fm, "  - {role: headteacher, by: head, on: \"%s\"}\n", term.meeting)
		}
		fm.WriteString("---\n")
		if assessment {
			for _, st := range []string{"TS1 Set high expectations", "TS2 Promote good progress", "TS3 Demonstrate good subject and curriculum knowledge",
				"TS4 Plan and teach well structured lessons", "TS5 Adapt teaching", "TS6 Make accurate and productive use of assessment",
				"TS7 Manage behaviour effectively", "TS8 Fulfil wider professional responsibilities", "Part Two Personal and professional conduct"} {
				fmt.Fprintf(&fm, "## %s\n\nEvidence from lesson observations, planning and pupils' books this year shows the ECT meeting this standard.\n\n", st)
			}
		} else {
			fm.WriteString("## Summary of progress\n\nThe ECT plans well-sequenced lessons (TS4) and has established clear routines (TS7).\n\n")
			fm.WriteString("## Development targets\n\n- Use hinge questions to check understanding before independent work (TS6).\n- Adapt tasks for pupils with SEND (TS5).\n\n")
		}
		fm.WriteString("## ECT comments\n\nI agree with this report and have found the mentoring sessions useful.\n")
		w.file(dir+"/reports/"+name, fm.String())
	}
	w.file(dir+"/observations/2025-10-14.md", fmt.Sprintf(`---
kind: observation
ect: "%s"
date: "2025-10-14"
observer: %s
lesson: "Year %d maths: place value"
focus: [TS4, TS7]
first_planned: true
feedback_on: "2025-10-15"
---
## Strengths

Clear explanations and well-chosen examples (TS4).

## Development needs

Check understanding before moving pupils on to independent work (TS6).
`, trn, tutor, 1+i%6))
}
