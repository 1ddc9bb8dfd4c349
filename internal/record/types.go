// Package record is the domain model of ectdocs and its loader: it reads the
// records/ tree once, parses every file (front matter and Markdown), checks
// it against its schema, and links the records into a Book: the appropriate
// body, its schools, their ECTs and each ECT's reports, observations and
// support plans.
package record

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
)

// Kind is a record kind: the value of a record's kind: field.
type Kind string

// The record kinds. Each has a schema, schemas/<kind>.schema.json.
const (
	KindBody             Kind = "appropriate-body"
	KindSchool           Kind = "school"
	KindECT              Kind = "ect"
	KindProgressReview   Kind = "progress-review"
	KindFormalAssessment Kind = "formal-assessment"
	KindObservation      Kind = "observation"
	KindSupportPlan      Kind = "support-plan"
	KindMentoringLog     Kind = "mentoring-log"
)

// Kinds lists every record kind.
var Kinds = []Kind{KindBody, KindSchool, KindECT, KindProgressReview, KindFormalAssessment, KindObservation, KindSupportPlan, KindMentoringLog}

// Date is a calendar date written YYYY-MM-DD, kept as written.
type Date string

// Time parses the date; ok is false when it is empty or not a real date.
func (d Date) Time() (t time.Time, ok bool) {
	if len(d) != len(time.DateOnly) {
		return time.Time{}, false // empty (an optional date left out), or not a date
	}
	t, err := time.Parse(time.DateOnly, string(d))
	return t, err == nil
}

// File is what every record has: its parsed document, where it sits in the
// tree and its Markdown sections.
type File struct {
	Doc *frontmatter.Document
	// Rel is the file's path relative to the records folder.
	Rel      string
	Kind     Kind
	Place    Place
	Sections []Section
	// Valid is false when the front matter failed its schema; typed fields
	// may then be incomplete, and rules skip what they cannot trust.
	Valid bool

	failed  []string       // front-matter paths the schema rejected, "a/0/b"
	answers map[string]any // the front matter's answers:, kept when it is compacted
}

// FailedWithin reports whether the schema rejected anything at or below
// path.
func (f *File) FailedWithin(path []string) bool {
	p := strings.Join(path, "/")
	for _, bad := range f.failed {
		if bad == "" || bad == p || strings.HasPrefix(bad, p+"/") || strings.HasPrefix(p, bad+"/") {
			return true
		}
	}
	return false
}

// Failed reports whether the schema rejected the value at path, or a value
// that contains it: a check about that value would only repeat the
// schema's complaint.
func (f *File) Failed(path []string) bool {
	p := strings.Join(path, "/")
	for _, bad := range f.failed {
		if bad == "" || p == bad || strings.HasPrefix(p, bad+"/") {
			return true
		}
	}
	return false
}

// Record is any record: all of them embed *File.
type Record interface{ RecordFile() *File }

// RecordFile returns the record's file.
func (f *File) RecordFile() *File { return f }

// Path returns the path used in diagnostics.
func (f *File) Path() string { return f.Doc.Path }

// NormHeading normalises a heading for comparison: case, spacing and a
// trailing colon do not matter.
func NormHeading(h string) string {
	return strings.TrimSuffix(strings.ToLower(strings.Join(strings.Fields(h), " ")), ":")
}

// SectionNamed returns the section whose heading is title, compared with
// NormHeading, or nil.
func (f *File) SectionNamed(title string) *Section {
	want := NormHeading(title)
	return f.Section(func(h string) bool { return NormHeading(h) == want })
}

// Section returns the level-2 section with the given heading, or nil.
func (f *File) Section(match func(heading string) bool) *Section {
	for i := range f.Sections {
		if match(f.Sections[i].Heading) {
			return &f.Sections[i]
		}
	}
	return nil
}

// Body is the appropriate body's configuration, records/body.md.
type Body struct {
	*File         `yaml:"-"`
	Name          string   `yaml:"name"`
	Type          string   `yaml:"type"`
	Email         string   `yaml:"email"`
	NamedContact  string   `yaml:"named_contact"`
	SigningPolicy string   `yaml:"signing_policy"`
	WebEditorKeys []string `yaml:"web_editor_keys"`
	PortalURL     string   `yaml:"portal_url"`
	RepositoryURL string   `yaml:"repository_url"`
	GracePeriod   *int     `yaml:"grace_period_days"`
	// RetentionYears is how many years an ECT's records are kept after
	// their induction ends (Retention); zero when not set.
	RetentionYears int        `yaml:"retention_years"`
	ReportDueDays  int        `yaml:"report_due_days"`
	Staff          []Staff    `yaml:"staff"`
	Calendar       []Year     `yaml:"calendar"`
	ExtraQuestions []Question `yaml:"extra_questions"`
	// Repositories are the records folders of the schools' own records
	// repositories, relative to this one: read with it as one book
	// (Book.Join) by status, qa, export and the portal.
	Repositories []string `yaml:"repositories"`
	// Editor says where the portal's editor finds the records repository;
	// nil when it is not set up.
	Editor *Editor `yaml:"editor"`
}

// Editor is body.md's editor: settings: the Git host and repository the
// portal's editor (Decap CMS, /admin/) reads and writes the records
// through, and how staff log in to it.
type Editor struct {
	Host    string `yaml:"host"` // github, or gitea (Gitea and Forgejo)
	Repo    string `yaml:"repo"` // owner/name
	Branch  string `yaml:"branch"`
	URL     string `yaml:"url"`      // gitea: the server's address
	AuthURL string `yaml:"auth_url"` // github: the OAuth endpoint
	AppID   string `yaml:"app_id"`   // gitea: the OAuth2 application's client ID
}

// ValidTRN reports whether s is a teacher reference number: 7 digits.
func ValidTRN(s string) bool {
	return len(s) == 7 && strings.Trim(s, "0123456789") == ""
}

// MinRetentionYears is the least time an ECT's records are kept after
// their induction ends: "a minimum of six years" (SG 2.77).
const MinRetentionYears = 6

// Retention returns how many years the body keeps an ECT's records after
// their induction ends: retention_years, or MinRetentionYears; never
// less (the schema refuses less).
func (b *Body) Retention() int {
	if b == nil || b.RetentionYears < MinRetentionYears {
		return MinRetentionYears
	}
	return b.RetentionYears
}

// Person returns the member of the AB's staff with the given id.
func (b *Body) Person(id string) (Staff, bool) { return person(b.Staff, id) }

// StaffName returns the name of the member of the AB's staff with the
// given id, or the id when the body (which may be nil) has nobody by it.
func (b *Body) StaffName(id string) string {
	if b == nil {
		return id
	}
	return staffName(b.Staff, id)
}

// Year is one school year's term dates.
type Year struct {
	Year   string    `yaml:"year"`
	Autumn TermDates `yaml:"autumn"`
	Spring TermDates `yaml:"spring"`
	Summer TermDates `yaml:"summer"`
}

// TermDates is the first and last day of a term, and its half-term
// holiday when the calendar gives one.
type TermDates struct {
	Start    Date      `yaml:"start"`
	End      Date      `yaml:"end"`
	HalfTerm *HalfTerm `yaml:"half_term"`
}

// HalfTerm is the first and last day of a half-term holiday: days inside a
// term on which nobody is due to work.
type HalfTerm struct {
	Start Date `yaml:"start"`
	End   Date `yaml:"end"`
}

// Question is one of the appropriate body's extra questions.
type Question struct {
	ID        string   `yaml:"id"`
	Question  string   `yaml:"question"`
	AppliesTo []Kind   `yaml:"applies_to"`
	Answer    string   `yaml:"answer"`
	Choices   []string `yaml:"choices"`
	Heading   string   `yaml:"heading"`
	Required  *bool    `yaml:"required"`
	Guidance  string   `yaml:"guidance"`
}

// IsRequired reports whether the question must be answered (the default).
func (q Question) IsRequired() bool { return q.Required == nil || *q.Required }

// School is a school and its induction staff, schools/<URN>-<name>/school.md.
type School struct {
	*File          `yaml:"-"`
	URN            int    `yaml:"urn"`
	Name           string `yaml:"name"`
	Phase          string `yaml:"phase"`
	LocalAuthority string `yaml:"local_authority"`
	// PortalURL is where the school's own portal is published, or "":
	// reminders to its staff and ECTs link there (remind), not to the
	// appropriate body's portal.
	PortalURL string  `yaml:"portal_url"`
	Calendar  []Year  `yaml:"calendar"`
	Staff     []Staff `yaml:"staff"`
	// FidelityChecks are the AB's checks of the school's own training
	// programme against the framework, oldest first.
	FidelityChecks []FidelityCheck `yaml:"fidelity_checks"`
	ECTs           []*ECT          `yaml:"-"`
	Dir            string          `yaml:"-"` // the school's folder, e.g. records/schools/100001-oakfield
}

// Staff is a member of staff: of a school (staff: in school.md) or of the
// appropriate body (staff: in body.md, which has no qts:).
type Staff struct {
	ID    string      `yaml:"id"`
	Name  string      `yaml:"name"`
	Roles []StaffRole `yaml:"roles"`
	// QTS: the person holds qualified teacher status (school staff only).
	QTS    bool     `yaml:"qts"`
	Emails []string `yaml:"emails"`
	// GitHub is the person's GitHub login: GitHub's no-reply addresses
	// for it count among their Git identities (identity.GitHubLogin).
	GitHub string   `yaml:"github"`
	Keys   []string `yaml:"keys"`
}

// HasRole reports whether the person holds role.
func (s Staff) HasRole(role StaffRole) bool { return slices.Contains(s.Roles, role) }

// Decides reports whether the person takes the AB's decisions: reviews
// reports, decides outcomes and extensions (an AB lead or reviewer).
func (s Staff) Decides() bool { return s.HasRole(StaffABLead) || s.HasRole(StaffABReviewer) }

// Person returns the member of staff with the given id.
func (s *School) Person(id string) (Staff, bool) { return person(s.Staff, id) }

// StaffName returns the name of the member of staff with the given id, or
// the id when the school (which may be nil) has nobody by it.
func (s *School) StaffName(id string) string {
	if s == nil {
		return id
	}
	return staffName(s.Staff, id)
}

func person(staff []Staff, id string) (Staff, bool) {
	for _, p := range staff {
		if p.ID == id {
			return p, true
		}
	}
	return Staff{}, false
}

func staffName(staff []Staff, id string) string {
	if p, ok := person(staff, id); ok {
		return p.Name
	}
	return id
}

// ECT is an early career teacher's profile, …/ects/<TRN>/ect.md, with the
// records filed in their folder.
type ECT struct {
	*File                    `yaml:"-"`
	TRN                      string      `yaml:"trn"`
	Name                     string      `yaml:"name"`
	DateOfBirth              Date        `yaml:"date_of_birth"`
	Emails                   []string    `yaml:"emails"`
	GitHub                   string      `yaml:"github"` // the ECT's GitHub login (see Staff.GitHub)
	Keys                     []string    `yaml:"keys"`
	QTSDate                  Date        `yaml:"qts_date"`
	Programme                Programme   `yaml:"programme"`
	LeadProvider             string      `yaml:"lead_provider"`
	Tutor                    string      `yaml:"tutor"`
	Mentor                   string      `yaml:"mentor"`
	TutorMentorJustification string      `yaml:"tutor_mentor_justification"`
	Periods                  []Period    `yaml:"periods"`
	Absences                 []Absence   `yaml:"absences"`
	Extensions               []Extension `yaml:"extensions"`
	Reductions               []Reduction `yaml:"reductions"`
	Timetable                []Timetable `yaml:"timetable"`

	School *School `yaml:"-"`
	Dir    string  `yaml:"-"` // the ECT's folder
	// ProfileOnly is set when only the ECT's ect.md was read (Options.
	// ProfileOnly: a check of a change to other ECTs' records, which
	// needs every TRN and login): the rules and proofs of the ECT's own
	// records are not run on it.
	ProfileOnly  bool           `yaml:"-"`
	Reports      []*Report      `yaml:"-"` // progress reviews and formal assessments, by file name
	Observations []*Observation `yaml:"-"`
	SupportPlans []*SupportPlan `yaml:"-"`
	// Mentoring is the ECT's mentoring log (mentoring.md), or nil.
	Mentoring *MentoringLog `yaml:"-"`
}

// SignerName returns the name of who made a signature entry: the ECT's
// for their own, otherwise StaffName of their school's.
func (e *ECT) SignerName(s Signature) string {
	if s.Role == RoleECT {
		return e.Name
	}
	return e.School.StaffName(s.By)
}

// InPeriod reports whether the ECT is in one induction period throughout
// from to to: one that starts on or before from and has not ended before
// to (an open period runs on).
func (e *ECT) InPeriod(from, to time.Time) bool {
	for _, p := range e.Periods {
		start, ok := p.Start.Time()
		if !ok || from.Before(start) {
			continue
		}
		if end, ok := p.End.Time(); ok && to.After(end) {
			continue
		}
		return true
	}
	return false
}

// Timetable is the ECT's teaching timetable from a date, as a percentage
// of a normal (main pay range) teacher's at the school: at most 90 in
// the first year of induction and 95 in the second (SG 2.20–2.21).
type Timetable struct {
	From    Date    `yaml:"from"`
	Percent float64 `yaml:"percent"`
}

// Period is an induction period.
type Period struct {
	Start           Date        `yaml:"start"`
	End             Date        `yaml:"end"`
	FTE             float64     `yaml:"fte"`
	WorkingPattern  string      `yaml:"working_pattern"`
	WorkingDays     []Weekday   `yaml:"working_days"`
	FTEChanges      []FTEChange `yaml:"fte_changes"`
	Terms           *float64    `yaml:"terms"`
	School          int         `yaml:"school"`
	AppropriateBody string      `yaml:"appropriate_body"`
	// Supply: the post is as a supply teacher (SG 2.14-2.17; Reg. 7(4)).
	Supply bool `yaml:"supply"`
	// Lead: of posts held at the same time, this is the one whose
	// headteacher leads and records induction (SG 3.14-3.16).
	Lead      bool     `yaml:"lead"`
	EndReason string   `yaml:"end_reason"`
	Outcome   *Outcome `yaml:"outcome"`
}

// FTEChange is a change of working pattern during a period.
type FTEChange struct {
	From           Date      `yaml:"from"`
	FTE            float64   `yaml:"fte"`
	WorkingPattern string    `yaml:"working_pattern"`
	WorkingDays    []Weekday `yaml:"working_days"`
}

// Weekday is a day of the working week as records write it: monday to
// friday.
type Weekday string

// Weekdays are the days of the working week, Monday first.
var Weekdays = []Weekday{"monday", "tuesday", "wednesday", "thursday", "friday"}

// Is reports whether the weekday names t's day of the week.
func (w Weekday) Is(t time.Time) bool {
	return strings.EqualFold(string(w), t.Weekday().String())
}

// Outcome is the appropriate body's final decision.
type Outcome struct {
	Result   string `yaml:"result"`
	Decided  Date   `yaml:"decided"`
	By       string `yaml:"by"`
	Notified Date   `yaml:"notified"`
	Imported bool   `yaml:"imported"`
	// Representations says whether the ECT made or waived written
	// representations on the recommendation before the decision
	// (Reg. 11(4), 11(6)); empty when the window had closed.
	Representations Representations `yaml:"representations"`
	// NotifiedTRA is when the AB notified the Secretary of State (the
	// Teaching Regulation Agency) of the decision (Reg. 11(7)(d); SG 2.69).
	NotifiedTRA Date `yaml:"notified_tra"`
}

// Absence is a spell of absence.
type Absence struct {
	From   Date    `yaml:"from"`
	To     Date    `yaml:"to"`
	Days   float64 `yaml:"days"`
	Reason string  `yaml:"reason"`
	Extend bool    `yaml:"extend"`
	Note   string  `yaml:"note"`
}

// statutoryLeave are the kinds of leave that never extend induction unless
// the ECT opts in (SG 3.7).
var statutoryLeave = map[string]bool{
	"maternity": true, "paternity": true, "adoption": true,
	"shared_parental": true, "parental_bereavement": true, "carers": true,
}

// StatutoryLeave reports whether the absence is statutory family or
// carer's leave, which extends induction only when the ECT opts in.
func (a Absence) StatutoryLeave() bool { return statutoryLeave[a.Reason] }

// Extension is an extension of induction decided by the appropriate body.
type Extension struct {
	Terms    float64 `yaml:"terms"`
	Decided  Date    `yaml:"decided"`
	By       string  `yaml:"by"`
	Reason   string  `yaml:"reason"`
	Notified Date    `yaml:"notified"`
	Imported bool    `yaml:"imported"`
	// Representations: as on an Outcome (Reg. 11(4), 11(6)).
	Representations Representations `yaml:"representations"`
	// NotifiedTRA: as on an Outcome (Reg. 11(7)(d); SG 2.69).
	NotifiedTRA Date `yaml:"notified_tra"`
}

// Reduction is a reduction of induction agreed by the appropriate body.
type Reduction struct {
	Terms      float64        `yaml:"terms"`
	Decided    Date           `yaml:"decided"`
	By         string         `yaml:"by"`
	Basis      ReductionBasis `yaml:"basis"`
	ECTConsent bool           `yaml:"ect_consent"`
	Reason     string         `yaml:"reason"`
}

// ReductionBasis is why the AB reduced induction.
type ReductionBasis string

// The bases of a reduction: previous teaching experience (Reg. 7(3), SG
// 3.2-3.3), or a part-time ECT who has met the standards after a period
// covering two school years (SG 3.5, 2.38).
const (
	BasisExperience ReductionBasis = "experience"
	BasisPartTime   ReductionBasis = "part_time"
)

// DateRange is the period a report covers.
type DateRange struct {
	From Date `yaml:"from"`
	To   Date `yaml:"to"`
}

// Concern is a standard of concern with its evidence.
type Concern struct {
	Standard string `yaml:"standard"`
	Evidence string `yaml:"evidence"`
}

// Released records when the tutor released a report to the ECT.
type Released struct {
	By string `yaml:"by"`
	On Date   `yaml:"on"`
}

// Signature is a signature entry: who signed, in which role, when.
type Signature struct {
	Role     Role   `yaml:"role"`
	By       string `yaml:"by"`
	On       Date   `yaml:"on"`
	Imported bool   `yaml:"imported"`
}

// ABReview is the appropriate body's review of a submitted report.
type ABReview struct {
	By       string   `yaml:"by"`
	On       Date     `yaml:"on"`
	Decision Decision `yaml:"decision"`
	Feedback string   `yaml:"feedback"`
	Imported bool     `yaml:"imported"`
}

// Report is a progress review or a formal assessment (Kind tells which).
type Report struct {
	*File                   `yaml:"-"`
	Assessment              string      `yaml:"assessment"` // first, final or interim; empty for a progress review
	ECT                     string      `yaml:"ect"`
	Term                    int         `yaml:"term"`
	Period                  DateRange   `yaml:"period"`
	Meeting                 Date        `yaml:"meeting"`
	Tutor                   string      `yaml:"tutor"`
	Mentor                  string      `yaml:"mentor"`
	Headteacher             string      `yaml:"headteacher"`
	FTE                     float64     `yaml:"fte"`
	DaysAbsent              float64     `yaml:"days_absent"`
	OnTrack                 *bool       `yaml:"on_track"`
	ECTInformed             *bool       `yaml:"ect_informed"`
	SupportPlan             string      `yaml:"support_plan"`
	StandardsOfConcern      []Concern   `yaml:"standards_of_concern"`
	ProgrammeAccessed       *bool       `yaml:"programme_accessed"`
	EntitlementsMet         *bool       `yaml:"entitlements_met"`
	EntitlementsExplanation string      `yaml:"entitlements_explanation"`
	Recommendation          string      `yaml:"recommendation"`
	LeavingDate             Date        `yaml:"leaving_date"`
	TermsCompleted          *float64    `yaml:"terms_completed"`
	DaysAbsentSinceLast     *float64    `yaml:"days_absent_since_last_assessment"`
	Released                *Released   `yaml:"released"`
	Signatures              []Signature `yaml:"signatures"`
	ABReview                *ABReview   `yaml:"ab_review"`
}

// Observation is a lesson observation.
type Observation struct {
	*File        `yaml:"-"`
	ECT          string   `yaml:"ect"`
	Date         Date     `yaml:"date"`
	Observer     string   `yaml:"observer"`
	Lesson       string   `yaml:"lesson"`
	Focus        []string `yaml:"focus"`
	FirstPlanned bool     `yaml:"first_planned"`
	FeedbackOn   Date     `yaml:"feedback_on"`
	Documents    []string `yaml:"documents"`
}

// SupportPlan is a support plan for an ECT who is not on track.
type SupportPlan struct {
	*File        `yaml:"-"`
	ECT          string   `yaml:"ect"`
	Created      Date     `yaml:"created"`
	Owner        string   `yaml:"owner"`
	Standards    []string `yaml:"standards"`
	ReviewDate   Date     `yaml:"review_date"`
	SharedWithAB Date     `yaml:"shared_with_ab"`
	Closed       Date     `yaml:"closed"`
}

// The kinds of mentoring-log entry.
const (
	// EntryMeeting is a meeting with the mentor (or another member of
	// staff, named in with:).
	EntryMeeting = "meeting"
	// EntryObserving is the ECT observing an experienced teacher.
	EntryObserving = "observing"
)

// MentoringLog is an ECT's log of mentor meetings and of the lessons of
// experienced teachers they observed, …/ects/<TRN>/mentoring.md.
type MentoringLog struct {
	*File   `yaml:"-"`
	ECT     string           `yaml:"ect"`
	Entries []MentoringEntry `yaml:"entries"`
}

// MentoringEntry is one line of the mentoring log.
type MentoringEntry struct {
	Date Date   `yaml:"date"`
	Kind string `yaml:"kind"` // EntryMeeting or EntryObserving
	// With is the member of staff met or observed; empty means the ECT's
	// mentor (for a meeting).
	With    string `yaml:"with"`
	Minutes int    `yaml:"minutes"`
	Note    string `yaml:"note"`
}

// WithWhom returns the staff id of whoever the entry was with: With, or
// for a meeting that names nobody, the ECT's mentor.
func (m MentoringEntry) WithWhom(e *ECT) string {
	if m.With == "" && m.Kind == EntryMeeting && e != nil {
		return e.Mentor
	}
	return m.With
}

// Answers returns the answers to the appropriate body's extra questions, as
// written in the front matter (dates stay text).
func (f *File) Answers() map[string]any {
	if f.answers == nil && f.Doc != nil {
		m, _ := f.Doc.Values()["answers"].(map[string]any)
		return m
	}
	return f.answers
}

// ReportTitle names a report as the DfE forms do: "Progress review",
// "First formal assessment", "Final formal assessment", "Interim
// assessment".
func ReportTitle(kind Kind, assessment string) string {
	if kind != KindFormalAssessment {
		return "Progress review"
	}
	switch assessment {
	case "first":
		return "First formal assessment"
	case "final":
		return "Final formal assessment"
	case "interim":
		return "Interim assessment"
	}
	return "Formal assessment"
}

// Title names the report as the DfE forms do.
func (r *Report) Title() string { return ReportTitle(r.Kind, r.Assessment) }

// YesNo writes a yes/no answer as people read it.
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// AnswerText writes an answer to one of the body's questions as people
// read it: yes or no for a yes/no question, nothing for no answer.
func AnswerText(v any) string {
	switch v := v.(type) {
	case bool:
		return YesNo(v)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// Submitted returns the day the report reached the appropriate body: its
// last signature; false when it has none.
func (r *Report) Submitted() (time.Time, bool) {
	if r == nil {
		return time.Time{}, false
	}
	var last time.Time
	for _, s := range r.Signatures {
		if t, ok := s.On.Time(); ok && t.After(last) {
			last = t
		}
	}
	return last, !last.IsZero()
}
