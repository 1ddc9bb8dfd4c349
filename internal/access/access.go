// Package access says who can see and who can change an ECT's induction
// records, and why: "ECTs must be made aware of who has been granted
// access to their assessments" (SG 2.79). It is worked out from the
// records alone (school.md's and body.md's staff and roles, the portals
// ect builds, the repository's CODEOWNERS), and says so where the Git
// host's settings decide instead.
package access

import (
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/ectdocs/ectdocs/internal/record"
)

// Person is someone who can see or change the ECT's records.
type Person struct {
	Name  string   `json:"name"`
	ID    string   `json:"id"`    // staff id; the TRN for the ECT
	Where string   `json:"where"` // the school or the appropriate body
	Roles []string `json:"roles"` // in words: "induction tutor (this ECT's)"
	Note  string   `json:"note,omitempty"`
	// Sees and Changes say what of the records, and through what.
	Sees    []string `json:"sees"`
	Changes []string `json:"changes,omitempty"`
}

// Portal is a portal ect builds that shows the ECT's records.
type Portal struct {
	Name     string `json:"name"`
	Audience string `json:"audience"` // as ect build --audience takes it
	Who      string `json:"who"`
}

// List is who can see and change one ECT's records.
type List struct {
	ECT    string   `json:"ect"`
	TRN    string   `json:"trn"`
	School string   `json:"school"`
	People []Person `json:"people"`
	// Portals are the portals that show the records; Repository says
	// who reads and changes them in Git; Others who else may see them.
	Portals    []Portal `json:"portals"`
	Repository []string `json:"repository"`
	Others     []string `json:"others"`
}

// For works out who can see and change the records of the ECT e.
func For(book *record.Book, e *record.ECT) *List {
	l := &List{ECT: e.Name, TRN: e.TRN}
	sc := e.School
	schoolName, schoolPortal := "their school", ""
	if sc != nil {
		schoolName = sc.Name
		schoolPortal = fmt.Sprintf("the school's portal (every ECT at %s)", sc.Name)
		l.School = sc.Name
	}
	body := "the appropriate body"
	if book.Body != nil && book.Body.Name != "" {
		body = book.Body.Name
	}
	l.People = append(l.People, Person{Name: e.Name, ID: e.TRN, Where: schoolName, Roles: []string{"the ECT"},
		Sees:    []string{"all of these records, in their own portal"},
		Changes: []string{"their comments on each report, and their signature (SG 2.61)"}})
	if sc != nil {
		for _, st := range sc.Staff {
			l.People = append(l.People, schoolPerson(sc, st, e, schoolPortal))
		}
	}
	if book.Body != nil {
		for _, st := range book.Body.Staff {
			l.People = append(l.People, abPerson(body, st))
		}
	}

	l.Portals = append(l.Portals, Portal{Name: e.Name + "'s own portal", Audience: "ect:" + e.TRN, Who: "the ECT"})
	if sc != nil {
		l.Portals = append(l.Portals, Portal{Name: sc.Name + "'s portal", Audience: fmt.Sprintf("school:%d", sc.URN), Who: "the school's staff listed above"})
	}
	l.Portals = append(l.Portals, Portal{Name: body + "'s portal", Audience: "ab", Who: "the appropriate body's staff listed above"})

	where := "the records repository"
	if book.Body != nil && book.Body.RepositoryURL != "" {
		where += " (" + book.Body.RepositoryURL + ")"
	}
	folder := path.Dir(e.Rel)
	l.Repository = []string{
		"Everyone the Git host gives read access to " + where + " can read every record in it. Who that is is set on the Git host, not in the records: the appropriate body's admins can list them.",
		"A change to " + folder + "/ is approved by the school's induction lead and induction tutors, and a change to a report by the appropriate body's leads and reviewers (.github/CODEOWNERS, made by ect codeowners from the records).",
		"Every signature is proven from the commit that adds it: only its signer can sign (ect validate).",
	}
	l.Others = []string{
		"The school's governing body can ask for general reports on your progress, not for your assessment reports, unless it investigates a grievance you have raised (SG 2.80).",
		"If you move school, your new school and appropriate body receive copies of your progress reviews and assessments (SG 2.75; ect transfer).",
		"The Teaching Regulation Agency is told the outcome of your induction (SG 2.76).",
		"Anyone the school or the appropriate body gives a copy to (a printed or PDF report) is not known to ectdocs: ask them.",
	}
	return l
}

// schoolPerson is a member of the ECT's school's staff.
func schoolPerson(sc *record.School, st record.Staff, e *record.ECT, portal string) Person {
	p := Person{Name: st.Name, ID: st.ID, Where: sc.Name, Sees: []string{portal}}
	for _, r := range st.Roles {
		role := r.Words()
		switch {
		case r == record.StaffInductionTutor && st.ID == e.Tutor:
			role += " (this ECT's)"
		case r == record.StaffMentor && st.ID == e.Mentor:
			role += " (this ECT's)"
		}
		p.Roles = append(p.Roles, role)
	}
	if st.ID == e.Tutor {
		p.Changes = append(p.Changes, "writes the ECT's progress reviews and assessments, releases them to the ECT and signs them (SG 2.42, 2.61)")
	}
	if st.HasRole(record.StaffHeadteacher) {
		p.Changes = append(p.Changes, "signs formal assessments and recommends the outcome of the final one (SG 2.60, 2.61)")
	}
	if st.ID == e.Mentor {
		p.Changes = append(p.Changes, "keeps the ECT's mentoring log (SG 2.43)")
	}
	if st.HasRole(record.StaffInductionLead) || st.HasRole(record.StaffInductionTutor) {
		p.Changes = append(p.Changes, "approves changes to the school's records (CODEOWNERS)")
	}
	if st.HasRole(record.StaffObserver) {
		p.Changes = append(p.Changes, "records lesson observations (SG 2.46)")
	}
	return p
}

// abPerson is a member of the appropriate body's staff.
func abPerson(body string, st record.Staff) Person {
	p := Person{Name: st.Name, ID: st.ID, Where: body, Sees: []string{"the appropriate body's portal (every ECT it serves)"}}
	for _, r := range st.Roles {
		p.Roles = append(p.Roles, strings.Replace(r.Words(), "ab ", "AB ", 1))
	}
	if st.Decides() {
		p.Changes = append(p.Changes, "reviews each report, accepting it or returning it with feedback, and approves its submission (CODEOWNERS)",
			"records the appropriate body's decision on the induction (Regulation 11)")
	}
	if st.HasRole(record.StaffABAdmin) || st.HasRole(record.StaffABLead) {
		p.Changes = append(p.Changes, "keeps the body's configuration: who is staff, and their keys (body.md)")
	}
	if st.HasRole(record.StaffNamedContact) {
		p.Note = "the ECT's contact for a concern about their induction, who takes no part in assessing it (SG 2.28)"
	}
	return p
}

// Write writes the list as people read it.
func (l *List) Write(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Who can see and change the induction records of %s (TRN %s)", l.ECT, l.TRN)
	if l.School != "" {
		fmt.Fprintf(&b, ", %s", l.School)
	}
	b.WriteString("\nThese records are confidential: only people directly involved in the induction see them, and the ECT is told who (SG 2.79).\n")
	where := ""
	for _, p := range l.People {
		if p.Where != where {
			where = p.Where
			fmt.Fprintf(&b, "\n%s\n", where)
		}
		fmt.Fprintf(&b, "  %s, %s (id %s)\n", p.Name, strings.Join(p.Roles, ", "), p.ID)
		if p.Note != "" {
			fmt.Fprintf(&b, "    %s\n", p.Note)
		}
		fmt.Fprintf(&b, "    sees: %s\n", strings.Join(p.Sees, "; "))
		if len(p.Changes) > 0 {
			fmt.Fprintf(&b, "    changes: %s\n", strings.Join(p.Changes, "; "))
		}
	}
	b.WriteString("\nPortals that show these records\n")
	for _, p := range l.Portals {
		fmt.Fprintf(&b, "  %s (ect build --audience %s): %s\n", p.Name, p.Audience, p.Who)
	}
	b.WriteString("\nThe records repository\n")
	for _, s := range l.Repository {
		fmt.Fprintf(&b, "  %s\n", s)
	}
	b.WriteString("\nAnyone else\n")
	for _, s := range l.Others {
		fmt.Fprintf(&b, "  %s\n", s)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
