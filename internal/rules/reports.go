package rules

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/spell"
)

// Rule names for reports, observations and support plans.
const (
	RuleReportDates      = "report-dates"              // a report's period or meeting dates out of order
	RuleReportTerm       = "report-term"               // the file name's term is not the term the period ends in
	RuleNotOnTrack       = "not-on-track"              // not on track without ECT informed, support plan and concerns
	RuleSupportPlanLink  = "support-plan-link"         // support_plan does not point at the ECT's support plan
	RuleEntitlements     = "entitlements"              // entitlements not met without an explanation
	RuleSections         = "sections"                  // a required narrative section missing or empty
	RuleStandardSection  = "standard-sections"         // a formal assessment without a section per standard
	RuleTargets          = "targets-standards"         // development targets not linked to any standard
	RuleRecommendation   = "final-recommendation"      // a final assessment without the headteacher's recommendation
	RuleAssessment       = "assessment-fields"         // fields a first or interim assessment needs
	RuleECTComments      = "ect-comments"              // the ECT signed without writing comments
	RuleSignatureRole    = "signature-role"            // a signature by someone other than the person in that role
	RuleSignatureMeeting = record.RuleSignatureMeeting // a signature dated before the meeting the report records
	RuleDocumentLink     = "document-link"             // an observation lists evidence that is not there
	RulePlanDates        = "plan-dates"                // a support plan reviewed or closed before it was made
)

// standardsRE finds a reference to a Teachers' Standard in prose.
var standardsRE = regexp.MustCompile(`(?i)\b(TS\s?[1-8]|Part\s+(Two|2))\b`)

// standardSections are the headings of a formal assessment's sections,
// one per standard, with the standard each is for.
var standardSections = []struct{ id, title string }{
	{"TS1", "TS1 Set high expectations which inspire, motivate and challenge pupils"},
	{"TS2", "TS2 Promote good progress and outcomes by pupils"},
	{"TS3", "TS3 Demonstrate good subject and curriculum knowledge"},
	{"TS4", "TS4 Plan and teach well structured lessons"},
	{"TS5", "TS5 Adapt teaching to respond to the strengths and needs of all pupils"},
	{"TS6", "TS6 Make accurate and productive use of assessment"},
	{"TS7", "TS7 Manage behaviour effectively to ensure a good and safe learning environment"},
	{"TS8", "TS8 Fulfil wider professional responsibilities"},
	{"PART2", "Part Two Personal and professional conduct"},
}

var standardHeadingRE = regexp.MustCompile(`(?i)^(?:TS\s?([1-8])|Part\s+(?:Two|2))(?:\b|$)`)

// standardOf returns TS1…TS8 or PART2 for a heading that names a standard.
func standardOf(heading string) string {
	m := standardHeadingRE.FindStringSubmatch(strings.TrimSpace(heading))
	if m == nil {
		return ""
	}
	if m[1] == "" {
		return "PART2"
	}
	return "TS" + m[1]
}

func checkReports(c *shared, r *reporter, e *record.ECT) {
	for _, rep := range e.Reports {
		checkReport(c, r, e, rep)
	}
}

func checkReport(c *shared, r *reporter, e *record.ECT, rep *record.Report) {
	b, f, s := c.b, rep.File, e.School
	formal := rep.Kind == record.KindFormalAssessment

	if tutor, ok := staffRef(r, f, s, p("tutor"), rep.Tutor, record.StaffInductionTutor); ok {
		needQTS(r, f, p("tutor"), tutor, "the induction tutor")
	}
	if mentor, ok := staffRef(r, f, s, p("mentor"), rep.Mentor, record.StaffMentor); ok {
		needQTS(r, f, p("mentor"), mentor, "the mentor")
	}
	staffRef(r, f, s, p("headteacher"), rep.Headteacher, record.StaffHeadteacher)
	if rep.Released != nil {
		staffRef(r, f, s, p("released", "by"), rep.Released.By, record.StaffInductionTutor)
	}
	if rep.ABReview != nil {
		abRef(r, b, f, p("ab_review", "by"), rep.ABReview.By)
	}

	// Dates and the term in the file name.
	from, okF := rep.Period.From.Time()
	to, okT := rep.Period.To.Time()
	if okF && okT && to.Before(from) {
		r.errorf(f, p("period", "to"), RuleReportDates, "the period ends on %s, before it starts on %s", rep.Period.To, rep.Period.From)
	}
	if m, ok := rep.Meeting.Time(); ok && okF && m.Before(from) {
		r.errorf(f, p("meeting"), RuleReportDates, "the meeting on %s is before the period the report covers starts (%s)", rep.Meeting, rep.Period.From)
	}
	if okT && b.Body != nil && c.calendarOK[s] {
		checkReportTerm(r, f, c.terms[s], to)
	}
	if i := rep.SignedBeforeMeeting(); i >= 0 {
		sig := rep.Signatures[i]
		r.errorf(f, p("signatures", i, "on"), RuleSignatureMeeting, "the %s signed on %s, before the meeting on %s that the report records: a report is signed once written up after its meeting and commented on by the ECT (SG 2.61); sign it again with today's date (ect sign)", sig.Role.Words(), sig.On, rep.Meeting)
	}

	// On track, entitlements.
	// A field the schema has already complained of (misspelt, say) is not
	// reported missing again.
	missing := func(field string, set bool) bool { return !set && !f.Failed(p(field)) }
	if rep.OnTrack != nil && !*rep.OnTrack {
		if missing("ect_informed", rep.ECTInformed != nil && *rep.ECTInformed) {
			r.errorf(f, p("on_track"), RuleNotOnTrack, "the ECT is not on track: tell them clearly and record ect_informed: true (SG 2.54)")
		}
		if missing("support_plan", rep.SupportPlan != "") {
			r.errorf(f, p("on_track"), RuleNotOnTrack, "the ECT is not on track: put a support plan in place, share it with the appropriate body and link it with support_plan: ../support-plans/<date>.md (SG 2.54)")
		}
		if missing("standards_of_concern", len(rep.StandardsOfConcern) > 0) {
			r.errorf(f, p("on_track"), RuleNotOnTrack, "the ECT is not on track: list the standards of concern with their evidence under standards_of_concern, e.g. - {standard: TS7, evidence: \"…\"}")
		}
	}
	if rep.SupportPlan != "" {
		checkSupportPlanLink(r, e, f, rep.SupportPlan)
	}
	if (rep.ProgrammeAccessed != nil && !*rep.ProgrammeAccessed || rep.EntitlementsMet != nil && !*rep.EntitlementsMet) && missing("entitlements_explanation", rep.EntitlementsExplanation != "") {
		field := "entitlements_met"
		if rep.ProgrammeAccessed != nil && !*rep.ProgrammeAccessed {
			field = "programme_accessed"
		}
		r.errorf(f, p(field), RuleEntitlements, "%s is false: explain why and what is being done in entitlements_explanation", field)
	}

	// Kind-specific fields and sections.
	if formal {
		if rep.Assessment == f.Place.Assessment {
			checkAssessmentFields(r, rep)
		}
		for _, st := range standardSections {
			requireSection(r, f, st.title, func(h string) bool { return standardOf(h) == st.id },
				fmt.Sprintf("write the assessment against %s, with evidence from the ECT's own work", st.id), RuleStandardSection)
		}
	} else {
		requireSection(r, f, "Summary of progress", nil,
			"summarise the evidence of progress, naming the standards it refers to", RuleSections)
		if t := requireSection(r, f, "Development targets", nil,
			"list the agreed targets, each linked to a Teachers' Standard", RuleSections); t != nil && !t.Empty && !standardsRE.MatchString(t.Source) {
			r.errorAt(f.Doc.Pos(t.Line, t.Column), RuleTargets, "the development targets name no Teachers' Standard: link each target to one, e.g. \"(TS4)\" (SG 2.53)")
		}
	}
	comments := findSection(r, f, "ECT comments", nil, "the ECT writes their comments under it before signing", RuleSections)
	for i, sig := range rep.Signatures {
		checkSignature(r, e, rep, i, sig)
		if sig.Role == record.RoleECT && comments != nil && comments.Empty {
			hint := ""
			if strings.Contains(comments.Source, "<") && !strings.HasPrefix(strings.TrimSpace(comments.Source), "<!--") {
				hint = " (raw HTML is not shown: write the comments in Markdown)"
			}
			r.errorf(f, p("signatures", i), RuleECTComments, "the ECT has signed but \"## ECT comments\" is empty: the ECT adds comments before signing (SG 2.61)%s", hint)
		}
	}
}

func checkAssessmentFields(r *reporter, rep *record.Report) {
	f := rep.File
	switch rep.Assessment {
	case "final":
		if rep.Recommendation == "" && !f.Failed(p("recommendation")) {
			r.errorf(f, p("assessment"), RuleRecommendation, "a final assessment needs the headteacher's recommendation: add recommendation: satisfactory, unsatisfactory or extension")
		}
	case "first", "interim":
		if rep.Recommendation != "" {
			r.errorf(f, p("recommendation"), RuleRecommendation, "only a final assessment carries a recommendation; remove it from this %s assessment", rep.Assessment)
		}
		if rep.OnTrack == nil && !f.Failed(p("on_track")) {
			r.errorf(f, p("assessment"), RuleAssessment, "a %s assessment says whether the ECT is on track: add on_track: true or false", rep.Assessment)
		}
	}
	if rep.Assessment == "interim" {
		for _, need := range []struct {
			field string
			set   bool
		}{
			{"leaving_date", rep.LeavingDate != ""},
			{"terms_completed", rep.TermsCompleted != nil},
			{"days_absent_since_last_assessment", rep.DaysAbsentSinceLast != nil},
		} {
			if !need.set && !f.Failed(p(need.field)) {
				r.errorf(f, p("assessment"), RuleAssessment, "an interim assessment records %s (SG 2.62): add it", need.field)
			}
		}
	}
}

// checkSignature: each signature is by the person who holds that role for
// this report.
func checkSignature(r *reporter, e *record.ECT, rep *record.Report, i int, sig record.Signature) {
	f := rep.File
	path := p("signatures", i, "by")
	switch sig.Role {
	case record.RoleECT:
		if trn := e.Place.TRN; sig.By != trn {
			r.errorf(f, path, RuleSignatureRole, "the ECT signs with their own TRN (%s), not %q", trn, sig.By)
		}
	case record.RoleTutor:
		// Someone unknown is most likely a typo; then who should have
		// signed; the signer's roles matter only once they are the right
		// person.
		if !onStaff(e.School, sig.By) {
			staffRef(r, f, e.School, path, sig.By, record.StaffInductionTutor)
			return
		}
		if rep.Tutor != "" && !f.Failed(p("tutor")) && sig.By != rep.Tutor {
			what := "the report's tutor is " + rep.Tutor
			if sig.By == e.Mentor && e.Mentor != e.Tutor {
				what = "a mentor who is not the tutor never signs as assessor (SG 2.55)"
			}
			r.errorf(f, path, RuleSignatureRole, "%s signs as tutor, but %s", sig.By, what)
			return
		}
		staffRef(r, f, e.School, path, sig.By, record.StaffInductionTutor)
	case record.RoleHeadteacher:
		if !onStaff(e.School, sig.By) {
			staffRef(r, f, e.School, path, sig.By, record.StaffHeadteacher)
			return
		}
		if rep.Headteacher != "" && !f.Failed(p("headteacher")) && sig.By != rep.Headteacher {
			r.errorf(f, path, RuleSignatureRole, "%s signs as headteacher, but the report's headteacher is %s", sig.By, rep.Headteacher)
			return
		}
		staffRef(r, f, e.School, path, sig.By, record.StaffHeadteacher)
	}
}

func onStaff(s *record.School, id string) bool {
	if s == nil {
		return true // nothing to check against
	}
	_, ok := s.Person(id)
	return ok
}

// checkSupportPlanLink: support_plan points at one of the ECT's support
// plans.
func checkSupportPlanLink(r *reporter, e *record.ECT, f *record.File, link string) {
	target := path.Join(path.Dir(f.Path()), link)
	for _, sp := range e.SupportPlans {
		if sp.Path() == target {
			return
		}
	}
	var have []string
	for _, sp := range e.SupportPlans {
		rel := "../support-plans/" + path.Base(sp.Path())
		have = append(have, rel)
	}
	msg := fmt.Sprintf("support_plan %q is not one of this ECT's support plans", link)
	if len(have) == 0 {
		msg += ": write the plan in ../support-plans/<YYYY-MM-DD>.md and link it"
	} else if near, ok := spell.Nearest(link, have); ok {
		msg += fmt.Sprintf(": did you mean %q?", near)
	} else {
		msg += ": the ECT's plans are " + strings.Join(have, ", ")
	}
	r.errorf(f, p("support_plan"), RuleSupportPlanLink, "%s", msg)
}

// checkReportTerm: the file name's year and term are those in which the
// report's period ends.
func checkReportTerm(r *reporter, f *record.File, terms calendar.Terms, to time.Time) {
	i, ok := terms.Index(to)
	pl := f.Place
	if !ok {
		r.warnf(f, p("period", "to"), RuleReportTerm, "the term dates for %s are not in the calendar: add that school year to the calendar in body.md", to.Format(time.DateOnly))
		return
	}
	if t := terms[i]; t.Year != pl.Year || t.Name != pl.Term {
		r.errorf(f, p("period", "to"), RuleReportTerm, "the period ends in the %s term %s, but the file name says %s %s: rename the file to %s-%s-…, or correct the period",
			t.Name, t.Year, pl.Term, pl.Year, t.Year, t.Name)
	}
}

// calendarOK reports whether the calendars a school's reports are filed by
// are sound; if not, their own errors say so, and checking file names
// against them would only add wrong advice.
func calendarOK(body *record.Body, s *record.School) bool {
	tmp := &reporter{}
	var own []record.Year
	if s != nil {
		own = s.Calendar
	}
	checkCalendar(tmp, body.File, calendar.Merge(body.Calendar, own))
	if body.FailedWithin(p("calendar")) || s != nil && s.FailedWithin(p("calendar")) {
		return false
	}
	return len(tmp.out) == 0
}

func checkObservations(c *shared, r *reporter, e *record.ECT) {
	b := c.b
	for _, o := range e.Observations {
		f := o.File
		if st, ok := staffRef(r, f, e.School, p("observer"), o.Observer, ""); ok {
			needQTS(r, f, p("observer"), st, "the observer")
		}
		if fb, ok := o.FeedbackOn.Time(); ok {
			if d, ok := o.Date.Time(); ok && fb.Before(d) {
				r.errorf(f, p("feedback_on"), RuleReportDates, "feedback on %s is before the observation on %s", o.FeedbackOn, o.Date)
			}
		}
		for i, doc := range o.Documents {
			target := path.Join(path.Dir(f.Path()), doc)
			if !b.Evidence[target] {
				r.errorf(f, p("documents", i), RuleDocumentLink, "%q is not there: put the file in the ECT's documents/ folder and give its path from this file, e.g. ../documents/%s", doc, path.Base(doc))
			}
		}
		requireSection(r, f, "Strengths", nil, "record what went well", RuleSections)
		requireSection(r, f, "Development needs", nil, "record the development needs identified (SG 2.47)", RuleSections)
	}
}

func checkSupportPlans(c *shared, r *reporter, e *record.ECT) {
	for _, sp := range e.SupportPlans {
		f := sp.File
		staffRef(r, f, e.School, p("owner"), sp.Owner, "")
		created, ok := sp.Created.Time()
		for _, d := range []struct {
			field string
			date  record.Date
		}{{"review_date", sp.ReviewDate}, {"closed", sp.Closed}} {
			if t, ok2 := d.date.Time(); ok && ok2 && t.Before(created) {
				r.errorf(f, p(d.field), RulePlanDates, "%s %s is before the plan was created (%s)", d.field, d.date, sp.Created)
			}
		}
		requireSection(r, f, "Concerns", nil, "describe the concerns and their evidence", RuleSections)
		requireSection(r, f, "Objectives", nil, "set the objectives the ECT is to meet", RuleSections)
		requireSection(r, f, "Support", nil, "say what support the school will give, by whom and when", RuleSections)
	}
}

// heading returns a matcher for a fixed heading, ignoring case, spacing
// and a trailing colon.
func heading(title string) func(string) bool {
	want := record.NormHeading(title)
	return func(h string) bool { return record.NormHeading(h) == want }
}

// requireSection reports a missing or empty section and returns it.
func requireSection(r *reporter, f *record.File, title string, match func(string) bool, what, rule string) *record.Section {
	sec := findSection(r, f, title, match, what, rule)
	if sec != nil && sec.Empty {
		if strings.Contains(sec.Source, "<") && !strings.HasPrefix(strings.TrimSpace(sec.Source), "<!--") {
			what += " (raw HTML is not shown: write the answer in Markdown)"
		}
		r.errorAt(f.Doc.Pos(sec.Line, sec.Column), rule, "section \"## %s\" is empty: %s", sec.Heading, what)
	}
	return sec
}

// findSection reports a missing or misspelt section heading and returns
// the section when it is there. match tells the heading; nil means the
// heading is title.
func findSection(r *reporter, f *record.File, title string, match func(string) bool, what, rule string) *record.Section {
	if match == nil {
		match = heading(title)
	}
	sec := f.Section(match)
	if sec == nil {
		var heads []string
		for _, s := range f.Sections {
			heads = append(heads, s.Heading)
		}
		if near, ok := spell.Nearest(title, heads); ok {
			sec := f.Section(func(h string) bool { return h == near })
			r.errorAt(f.Doc.Pos(sec.Line, sec.Column), rule, "section \"## %s\" should be \"## %s\": use the heading exactly", near, title)
			return nil
		}
		r.errorAt(f.Doc.Pos(f.Doc.BodyLine, 1), rule, "missing section \"## %s\": add it; %s", title, what)
		return nil
	}
	return sec
}
