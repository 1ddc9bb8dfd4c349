package workflow_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/workflow"
)

const (
	ectMD = ectDir + "/ect.md"
	final = ectDir + "/reports/2026-27-summer-final-assessment.md"
)

// decideOn loads the records and records the AB's decision as u.
func (r *repo) decide(d workflow.Decision, u workflow.User) (workflow.Decided, *record.Book, error) {
	r.t.Helper()
	book := r.load(review).book
	var e *record.ECT
	for _, x := range book.ECTs {
		if x.TRN == "1234567" {
			e = x
		}
	}
	h, err := calendar.BankHolidaysFor(calendar.FromYears(book.Body.Calendar))
	if err != nil {
		r.t.Fatal(err)
	}
	people, _ := identity.New(book)
	// the exact length served, kept to 2 dp, not rounded to 1 (SG 2.34
	// footnote); the float error of summing daily fractions is dropped
	served := func(time.Time) float64 { return 6.0400000001 }
	got, err := workflow.Decide(r.open(), people, book, e, d, u, h, served)
	return got, book, err
}

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDecidePass: a pass on the ECT's open period ends it on the last day
// the final assessment covers, with the terms served, in one commit by the
// AB lead that changes nothing else in ect.md; the result validates, and a
// second outcome is refused. It is decided the day after the period ends,
// within the ECT's time for representations, which they waived (Reg.
// 11(4)).
func TestDecidePass(t *testing.T) {
	r := newRepo(t, fixture.Stage{Released: true, Comments: true, Sigs: 2, Review: true})
	r.commit(on(admin, "2027-07-13 09:00"), "The final assessment", map[string]string{final: r.files[final]})
	before := r.read(ectMD)

	got, _, err := r.decide(workflow.Decision{Result: workflow.Pass, On: day(t, "2027-07-22"), Representations: record.RepresentationsWaived}, on(abLead, "2027-07-22 10:00"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(before, "    working_pattern: Full time\n",
		"    working_pattern: Full time\n    end: \"2027-07-21\"\n    terms: 6.04\n    end_reason: completed\n    outcome: {result: pass, decided: \"2027-07-22\", by: ab-lead, notified: \"2027-07-22\", representations: waived}\n", 1)
	if after := r.read(ectMD); after != want {
		t.Errorf("ect.md:\n%s\nwant:\n%s", after, want)
	}
	if got.Recommendation == nil || got.Recommendation.Rel != final || got.Received.Format(time.DateOnly) != "2027-07-12" ||
		got.DecideBy.Format(time.DateOnly) != "2027-08-06" || got.Late != 0 || got.NoticeBy.Format(time.DateOnly) != "2027-07-26" ||
		!got.AppealBy.IsZero() || got.End != "2027-07-21" || got.PeriodTerms != 6.04 {
		t.Errorf("Decided = %+v", got)
	}
	c, err := r.Git.CommitObject(r.Head())
	if err != nil {
		t.Fatal(err)
	}
	if c.Author.Email != abLead.Email || c.Hash != got.Commit || !strings.HasPrefix(c.Message, "Record the outcome of Erin Example's induction: Erin Example passes") {
		t.Errorf("commit %s by %s: %q", c.Hash, c.Author.Email, c.Message)
	}
	if files := r.changed(got.Commit); len(files) != 1 || files[0] != "records/"+ectMD {
		t.Errorf("the commit changed %v, want only ect.md", files)
	}

	l := r.load(review)
	for _, d := range append(l.book.Diagnostics, rules.Check(l.book, rules.Options{Today: fixture.Today})...) {
		if d.Severity == diag.Error || strings.HasSuffix(d.File, "ect.md") {
			t.Errorf("after the decision: %s", d)
		}
	}
	if _, _, err := r.decide(workflow.Decision{Result: workflow.Fail, On: day(t, "2027-07-26")}, on(abLead, "2027-07-26 10:00")); err == nil || !strings.Contains(err.Error(), "Erin Example passed induction already (decided on 2027-07-22)") {
		t.Errorf("a second outcome: %v", err)
	}
}

// TestDecideRefuses: only an ab_lead or ab_reviewer decides, on a final
// assessment signed by all three, and never twice on one.
func TestDecideRefuses(t *testing.T) {
	r := newRepo(t, fixture.Stage{Released: true, Comments: true, Sigs: 2, Review: true})
	pass := workflow.Decision{Result: workflow.Pass, On: day(t, "2027-07-20")}
	if _, _, err := r.decide(pass, on(abLead, "2027-07-20 10:00")); err == nil || !strings.Contains(err.Error(), "there is no final assessment of Erin Example signed by the ECT, the tutor and the headteacher by 2027-07-20") {
		t.Errorf("no final assessment: %v", err)
	}
	r.commit(on(admin, "2027-07-13 09:00"), "The final assessment", map[string]string{final: r.files[final]})
	for _, tc := range []struct {
		d    workflow.Decision
		u    workflow.User
		want string
	}{
		{pass, on(tutor, "2027-07-20 10:00"), "you are Tom One <tom@testwood.example>, who is not on the appropriate body's staff in body.md: only AB staff decide the outcome of induction"},
		{pass, on(admin, "2027-07-20 10:00"), "Adam Admin is not an ab_lead or ab_reviewer: only they decide the outcome of induction"},
		{workflow.Decision{Result: workflow.Pass, On: day(t, "2027-07-11")}, on(abLead, "2027-07-20 10:00"), "no final assessment of Erin Example signed by the ECT, the tutor and the headteacher by 2027-07-11"},
		{workflow.Decision{Result: "defer", On: day(t, "2027-07-20")}, on(abLead, "2027-07-20 10:00"), `the decision is pass, fail or extend, not "defer"`},
		{workflow.Decision{Result: workflow.Extend, Terms: 2, On: day(t, "2027-07-26")}, on(abLead, "2027-07-26 10:00"), "--reason TEXT"},
		{workflow.Decision{Result: workflow.Extend, Terms: 1.25, Reason: "x", On: day(t, "2027-07-26")}, on(abLead, "2027-07-26 10:00"), "to one decimal place"},
		// Reg. 11(1), 11(3): not before the period the final assessment
		// covers ends (21 July), even with the representations waived.
		{workflow.Decision{Result: workflow.Fail, On: day(t, "2027-07-20"), Representations: record.RepresentationsWaived}, on(abLead, "2027-07-20 10:00"),
			"records/schools/990201-testwood-primary/ects/1234567/reports/2026-27-summer-final-assessment.md:6:34: a decision on 2027-07-20 is refused before the period the final assessment covers ends on 2027-07-21: the AB decides once induction is complete (Reg. 11(1), 11(3), 11(5)) [outcome-early]"},
		// Reg. 11(4), 11(6): signed on Monday 12 July, the ECT may make
		// representations until Friday 23rd.
		{workflow.Decision{Result: workflow.Fail, On: day(t, "2027-07-23")}, on(abLead, "2027-07-23 10:00"),
			"2026-27-summer-final-assessment.md:13:17: a decision on 2027-07-23 is refused while the ECT may still make written representations on the recommendation they received on 2027-07-12, until 2027-07-23 (Reg. 11(4)), which the AB must have regard to (Reg. 11(6))"},
		{workflow.Decision{Result: workflow.Fail, On: day(t, "2027-07-26"), Representations: "ignored"}, on(abLead, "2027-07-26 10:00"), `--representations is made or waived, not "ignored"`},
		{workflow.Decision{Result: workflow.Fail, On: day(t, "2027-07-20"), Notified: day(t, "2027-07-19")}, on(abLead, "2027-07-20 10:00"), "the notice (2027-07-19) cannot go out before the decision (2027-07-20)"},
	} {
		if _, _, err := r.decide(tc.d, tc.u); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v as %s: %v, want %q", tc.d, tc.u.Name, err, tc.want)
		}
	}
	if r.gitStatus() != "" || r.read(ectMD) != r.files[ectMD] {
		t.Errorf("a refused decision changed something: %s", r.gitStatus())
	}

	// An extension, then a second decision on the same final assessment.
	ext := workflow.Decision{Result: workflow.Extend, Terms: 1, Reason: "More evidence of TS5.", On: day(t, "2027-08-20")}
	got, book, err := r.decide(ext, on(abLead, "2027-08-20 10:00"))
	if err != nil {
		t.Fatal(err)
	}
	// Received Monday 12 July: decide by Friday 6 August (day 20, Reg.
	// 11(5)); the notice of Friday 20 August is deemed received on Sunday
	// 22nd, so day 1 of the appeal is Monday 23rd (Sch. 3 para. 2).
	if got.TRABy.Format(time.DateOnly) != "2027-08-24" {
		t.Errorf("tell the TRA by %s, want 2027-08-24 (3 working days beginning with Friday 20 August, SG 2.69)", got.TRABy.Format(time.DateOnly))
	}
	if got.Late != 10 || got.AppealBy.Format(time.DateOnly) != "2027-09-20" {
		t.Errorf("late %d working days, appeal by %s; want 10 and 2027-09-20", got.Late, got.AppealBy.Format(time.DateOnly))
	}
	var e *record.ECT
	for _, x := range book.ECTs {
		e = x
	}
	notice := workflow.Notice(book, e, got)
	for _, want := range []string{"| Early career teacher | Erin Example (TRN 1234567) |", "**Erin Example's induction is extended by 1.0 full-time-equivalent terms**", "More evidence of TS5.", "## Your right of appeal", "Teaching Regulation Agency", "**Teaching Regulation Agency, Cheylesmore House, 5 Quinton Road, Coventry CV1 2WT**", "**by Monday 20 September 2027**", "the name and contact details of Testwood Primary School", "whether you ask for a hearing in person", "Alice Lead, for Testshire Appropriate Body"} {
		if !strings.Contains(notice, want) {
			t.Errorf("the notice lacks %q:\n%s", want, notice)
		}
	}
	if _, _, err := r.decide(workflow.Decision{Result: workflow.Pass, On: day(t, "2027-08-21")}, on(abLead, "2027-08-21 10:00")); err == nil || !strings.Contains(err.Error(), "induction was extended on 2027-08-20 after the final assessment") {
		t.Errorf("a second decision on one final assessment: %v", err)
	}
}
