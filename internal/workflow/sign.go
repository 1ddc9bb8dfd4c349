package workflow

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
)

// Done is what a workflow step committed.
type Done struct {
	Commit  history.Hash
	Message string
}

// Sign adds the user's signature in role to the report and commits it as
// the user. It refuses when the user is not the person who holds that
// role for this report, when the report is not ready for that signature,
// or when the file has uncommitted changes.
func Sign(repo *history.Repo, people *identity.People, rep *record.Report, ect *record.ECT, as string, u User) (Done, error) {
	role := record.Role(as)
	if !slices.Contains(record.SigningRoles(record.KindFormalAssessment), role) {
		return Done{}, fmt.Errorf("--as %s: sign as ect, tutor or headteacher", role)
	}
	by := map[record.Role]string{record.RoleECT: ect.TRN, record.RoleTutor: rep.Tutor, record.RoleHeadteacher: rep.Headteacher}[role]
	if by == "" {
		return Done{}, fmt.Errorf("a progress review has no headteacher's signature: it is signed by the ECT and the induction tutor")
	}
	who := people.Signer(ect, role, by)
	if who == nil {
		return Done{}, fmt.Errorf("the report's %s (%s) is not in the records", role.Words(), by)
	}
	if !who.Owns(u.Email) {
		me := "nobody in the records"
		if id := people.ByEmail(u.Email); id != nil {
			me = id.Name
		}
		return Done{}, fmt.Errorf("you are %s <%s> (%s), but the report's %s is %s: only they can sign as %s (if %s is theirs, add it to their emails)", u.Name, u.Email, me, role.Words(), who.Name, role, u.Email)
	}
	for _, s := range rep.Signatures {
		if s.Role == role {
			return Done{}, fmt.Errorf("the %s has already signed (on %s)", role.Words(), s.On)
		}
	}
	if rep.Accepted() {
		return Done{}, errors.New("the appropriate body has accepted this report: nothing more is signed")
	}
	if rep.Released == nil {
		return Done{}, errors.New("the tutor has not released the report to the ECT yet (released: in its front matter): it is signed once released and commented on")
	}
	if role == record.RoleECT {
		if s := rep.SectionNamed("ECT comments"); s == nil || s.Empty {
			return Done{}, errors.New("write your comments under \"## ECT comments\" and commit them first: the ECT comments, then signs (SG 2.61)")
		}
	} else if !rep.Signed(record.RoleECT) {
		// The ECT's comments change the report, and a change undoes every
		// signature made before it: the ECT signs first.
		return Done{}, fmt.Errorf("%s has not signed yet: the ECT writes their comments and signs first, then the %s (a signature made before the ECT's comments would be undone by them). %s signs with: ect sign %s --as ect", ect.Name, role.Words(), ect.Name, rep.Doc.Path)
	}
	on := u.When.Format("2006-01-02")
	item := fmt.Sprintf("{role: %s, by: %s, on: \"%s\"}", role, yamlID(by), on)
	content, err := rep.Doc.AppendItem("signatures", item)
	if err != nil {
		return Done{}, fmt.Errorf("%s: %w", rep.Doc.Path, err)
	}
	msg := fmt.Sprintf("Sign %s as %s: %s\n\n%s signs %s's %s.", rep.Place.Year+" "+rep.Place.Term+" "+kindWords(rep), role, who.Name, who.Name, ect.Name, kindWords(rep))
	h, err := CommitFile(repo, rep.Rel, content, msg, u)
	return Done{h, msg}, err
}

// Review records the appropriate body's decision on a submitted report
// (accepted, or returned with feedback) as a commit by the AB reviewer.
func Review(repo *history.Repo, people *identity.People, book *record.Book, rep *record.Report, ect *record.ECT, decision record.Decision, feedback string, u User) (Done, error) {
	id, err := abDecider(people, book, u, "review reports")
	if err != nil {
		return Done{}, err
	}
	if decision == record.Returned && strings.TrimSpace(feedback) == "" {
		return Done{}, errors.New("say what must change: --feedback TEXT is required with --return")
	}
	var missing []string
	for _, role := range rep.SigningRoles() {
		if !rep.Signed(role) {
			missing = append(missing, role.Words())
		}
	}
	if len(missing) > 0 {
		return Done{}, fmt.Errorf("the report is not submitted yet: the %s still to sign", strings.Join(missing, " and ")+map[bool]string{true: " has", false: " have"}[len(missing) == 1])
	}
	if rep.Accepted() {
		return Done{}, fmt.Errorf("the report was accepted on %s already", rep.ABReview.On)
	}
	value := fmt.Sprintf("{by: %s, on: \"%s\", decision: %s}", id.ID, u.When.Format("2006-01-02"), decision)
	if feedback != "" {
		value = fmt.Sprintf("{by: %s, on: \"%s\", decision: %s, feedback: %s}", id.ID, u.When.Format("2006-01-02"), decision, strconv.Quote(strings.Join(strings.Fields(feedback), " ")))
	}
	content, err := rep.Doc.SetKey("ab_review", value)
	if err != nil {
		return Done{}, err
	}
	verb := map[record.Decision]string{record.Accepted: "Accept", record.Returned: "Return"}[decision]
	msg := fmt.Sprintf("%s %s's %s %s\n\n%s, for the appropriate body.", verb, ect.Name, rep.Place.Year+" "+rep.Place.Term, kindWords(rep), id.Name)
	h, err := CommitFile(repo, rep.Rel, content, msg, u)
	return Done{h, msg}, err
}

func kindWords(rep *record.Report) string { return strings.ToLower(rep.Title()) }

// yamlID writes an id for YAML: a TRN is quoted so it stays text.
func yamlID(id string) string {
	if strings.Trim(id, "0123456789") == "" {
		return strconv.Quote(id)
	}
	return id
}

// Release marks a report ready for the ECT (released: {by, on}) in a
// commit by its induction tutor, who alone releases it: the ECT then
// writes their comments and signs.
func Release(repo *history.Repo, people *identity.People, rep *record.Report, ect *record.ECT, u User) (Done, error) {
	who := people.Signer(ect, record.RoleTutor, rep.Tutor)
	if who == nil {
		return Done{}, fmt.Errorf("the report's tutor (%s) is not in the records", rep.Tutor)
	}
	if !who.Owns(u.Email) {
		return Done{}, fmt.Errorf("you are %s <%s>, but the report's tutor is %s: only they release it to the ECT", u.Name, u.Email, who.Name)
	}
	if r := rep.Released; r != nil {
		return Done{}, fmt.Errorf("the report was released to the ECT on %s already", r.On)
	}
	if len(rep.Signatures) > 0 {
		return Done{}, errors.New("the report has signatures already: a report is released before anyone signs")
	}
	content, err := rep.Doc.SetKey("released", fmt.Sprintf("{by: %s, on: \"%s\"}", rep.Tutor, u.When.Format("2006-01-02")))
	if err != nil {
		return Done{}, err
	}
	msg := fmt.Sprintf("Release %s's %s %s to the ECT\n\n%s releases it: %s adds their comments and signs.", ect.Name, rep.Place.Year+" "+rep.Place.Term, kindWords(rep), who.Name, ect.Name)
	h, err := CommitFile(repo, rep.Rel, content, msg, u)
	return Done{h, msg}, err
}
