package workflow

import (
	"fmt"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
)

// Notice writes the appropriate body's notice of its decision to the ECT,
// the headteacher and the employer (Reg. 11(7); SG 2.69) as Markdown: the
// decision, the recommendation it was taken on and, for a fail or an
// extension, the right of appeal, to whom, and by when (Reg. 11(8),
// Sch. 3; SG 2.70).
func Notice(book *record.Book, e *record.ECT, d Decided) string {
	day := func(t time.Time) string { return t.Format("Monday 2 January 2006") }
	var b strings.Builder
	body := "the appropriate body"
	if book.Body != nil {
		body = book.Body.Name
	}
	head := "the headteacher"
	school := ""
	if e.School != nil {
		school = e.School.Name
		for _, s := range e.School.Staff {
			if s.HasRole(record.StaffHeadteacher) {
				head = s.Name + ", headteacher"
			}
		}
	}
	fmt.Fprintf(&b, "# Notice of the appropriate body's decision on induction\n\n")
	fmt.Fprintf(&b, "| | |\n|---|---|\n")
	fmt.Fprintf(&b, "| Early career teacher | %s (TRN %s) |\n", e.Name, e.TRN)
	fmt.Fprintf(&b, "| School | %s |\n", school)
	fmt.Fprintf(&b, "| To | %s; %s; the employer |\n", e.Name, head)
	fmt.Fprintf(&b, "| Appropriate body | %s |\n", body)
	fmt.Fprintf(&b, "| Date of decision | %s |\n", day(d.On))
	fmt.Fprintf(&b, "| Date of this notice | %s |\n\n", day(d.Notified))

	rec := "the final assessment"
	if r := d.Recommendation; r != nil {
		rec = fmt.Sprintf("the final assessment of the %s term %s, received on %s", r.Place.Term, r.Place.Year, day(d.Received))
		if words := RecommendationWords(r.Recommendation); words != "" {
			rec = fmt.Sprintf("the final assessment of the %s term %s, in which the headteacher recommended %s, received on %s", r.Place.Term, r.Place.Year, words, day(d.Received))
		}
	}
	switch d.Result {
	case Pass:
		fmt.Fprintf(&b, "On %s %s decided, on %s, that **%s has completed induction satisfactorily and meets the Teachers' Standards**.\n\n", day(d.On), body, rec, e.Name)
	case Fail:
		fmt.Fprintf(&b, "On %s %s decided, on %s, that **%s has failed to complete induction satisfactorily**: the Teachers' Standards have not been met. Induction may be served only once (Regulation 9).\n\n", day(d.On), body, rec, e.Name)
	case Extend:
		fmt.Fprintf(&b, "On %s %s decided, on %s, that **%s's induction is extended by %.1f full-time-equivalent terms**.\n\n", day(d.On), body, rec, e.Name, d.Terms)
		fmt.Fprintf(&b, "Why, and what is expected by the end of the extension: %s\n\n", strings.Join(strings.Fields(d.Reason), " "))
	}
	if d.Result != Pass {
		if school == "" {
			school = "the school where you completed induction"
		}
		fmt.Fprintf(&b, "## Your right of appeal\n\n")
		fmt.Fprintf(&b, "You may appeal against this decision to the Secretary of State for Education. The Teaching Regulation Agency (TRA) hears appeals on the Secretary of State's behalf.\n\n")
		fmt.Fprintf(&b, "**Where to send it.** Write to the Teaching Regulation Agency, saying that you appeal against this decision (your notice of appeal): **%s**.\n\n", TRAAddress)
		fmt.Fprintf(&b, "**By when.** Your notice of appeal must reach the TRA within %d working days beginning with the day you receive this notice: **by %s**. A notice sent by e-mail is taken to be received on the second day after it is sent (Regulation 18); working days are Monday to Friday, other than bank holidays. After that the right of appeal expires, except in exceptional circumstances.\n\n", schedule.AppealDays, day(d.AppealBy))
		fmt.Fprintf(&b, "**What to put in it.** Your name and contact details; the name and contact details of %s; if you are employed as a teacher when you appeal, your employer's name and contact details; the name and contact details of anyone representing you; the grounds of your appeal; and whether you ask for a hearing in person. Sign it (or have it signed for you), and send with it a copy of this notice, any reasons %s gave for its decision, and any other information you rely on.\n\n", school, body)
		fmt.Fprintf(&b, "(The Education (Induction Arrangements for School Teachers) (England) Regulations 2012, Regulations 11(8) and 14 and Schedule 3; Induction for early career teachers (England), statutory guidance, paragraph 2.70.)\n\n")
	}
	name := "the appropriate body"
	if d.By != nil {
		name = d.By.Name
	}
	fmt.Fprintf(&b, "%s, for %s\n", name, body)
	return b.String()
}

// TRAAddress is where an ECT sends an appeal against a decision to fail
// or extend their induction (Reg. 11(8)(b); SG 2.70): the Teaching
// Regulation Agency, which acts for the Secretary of State, as gov.uk's
// "Early career teacher induction appeals" guidance gives it.
const TRAAddress = "Teaching Regulation Agency, Cheylesmore House, 5 Quinton Road, Coventry CV1 2WT"

// RecommendationWords says a final assessment's recommendation in words:
// "that the ECT meets the Teachers' Standards (satisfactory)".
func RecommendationWords(rec string) string {
	return map[string]string{
		"satisfactory":   "that the ECT meets the Teachers' Standards (satisfactory)",
		"unsatisfactory": "that the ECT does not meet the Teachers' Standards (unsatisfactory)",
		"extension":      "that induction be extended (extension)",
	}[rec]
}

// Follows reports whether a decision is the one the headteacher
// recommended.
func Follows(result, rec string) bool {
	return map[string]string{Pass: "satisfactory", Fail: "unsatisfactory", Extend: "extension"}[result] == rec
}
