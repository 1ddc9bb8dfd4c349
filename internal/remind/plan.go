// Package remind works out who must act next on the induction records and
// tells them by e-mail: one digest per person per day, on a fixed cadence
// (a week before a date, the day before, on the day, then the day after
// and weekly until done), so that a run repeated on the same day sends the
// same set and nobody is chased every day.
//
// Plan is pure; Message builds the e-mail of one digest; Send delivers
// digests over SMTP.
package remind

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/draft"
	"github.com/ectdocs/ectdocs/internal/editform"
	"github.com/ectdocs/ectdocs/internal/ical"
	"github.com/ectdocs/ectdocs/internal/qa"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
	"github.com/ectdocs/ectdocs/internal/status"
)

// DefaultReviewTarget is the working days the appropriate body aims to
// review a submitted report in, when Options do not say.
const DefaultReviewTarget = schedule.ReviewTarget

// Options configure Plan.
type Options struct {
	// PortalURL is the base URL of the portal, e.g.
	// "https://induction.example"; links to pages and to the editor's
	// forms (under /admin/) are left out when empty.
	PortalURL string
	// RepoURL is the base URL of files in the repository, e.g.
	// "https://github.com/org/records/blob/main"; a file's display path
	// ("records/schools/…") is appended. Links are left out when empty.
	RepoURL string
	// ReviewTargetDays is how many working days after a report is
	// submitted (its last signature) the AB aims to have reviewed it;
	// 0 means DefaultReviewTarget.
	ReviewTargetDays int
}

// Roles of the people reminded.
const (
	RoleECT         = "ECT"
	RoleTutor       = "induction tutor"
	RoleHeadteacher = "headteacher"
	RoleMentor      = "mentor"
	RoleAB          = "appropriate body"
)

// Person is someone reminded.
type Person struct {
	// ID is unique across the book: "ect/<TRN>", "school/<URN>/<staff id>"
	// or "ab/<staff id>".
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"` // their first address; empty when the records give none
	Role  string `json:"role"`  // RoleECT, RoleTutor, RoleHeadteacher, RoleMentor or RoleAB
}

// Item is one thing a person must do.
type Item struct {
	TRN    string `json:"trn"`
	ECT    string `json:"ect"`    // the ECT's name
	Report string `json:"report"` // "Progress review", "AB decision", …
	// Deadline is set for a statutory deadline rather than a report.
	Deadline bool      `json:"deadline,omitempty"`
	State    string    `json:"state"` // the report's state, or "statutory deadline"
	Due      time.Time `json:"due"`   // the date the cadence counts from
	When     string    `json:"when"`  // "due in a week", "due today", "overdue by 8 days", …
	Action   string    `json:"action"`
	Portal   string    `json:"portal,omitempty"` // link to the portal page
	File     string    `json:"file,omitempty"`   // link to the file (or the folder it belongs in)
	// Form links the editor's form the person acts in (editform): the
	// record's, or the one that starts it when it is not filed yet.
	Form string `json:"form,omitempty"`

	// Where the person acts: the record (its path relative to the records
	// folder), or, for a report not filed yet, the kind of record to start
	// and the school whose folder it goes in.
	Record string      `json:"-"`
	Kind   record.Kind `json:"-"`
	URN    int         `json:"-"`
	// Start is where a report the tutor may start now (draft.Startable)
	// will be filed: the editor has a form that starts it.
	Start string `json:"-"`
}

// Digest is the one message a person gets on a day.
type Digest struct {
	To      Person    `json:"to"`
	On      time.Time `json:"on"`
	Subject string    `json:"subject"`
	Items   []Item    `json:"items"`
	// Upcoming are the person's dates from On onwards, for the calendar
	// attached to the message.
	Upcoming []ical.Event `json:"upcoming"`
}

// task is something a person is responsible for, reminded of on the
// cadence of Item.Due when remind is set (otherwise it is only listed in
// their calendar).
type task struct {
	who    Person
	item   Item
	key    string
	remind bool
	// overdueOnly limits the cadence to the days after Due.
	overdueOnly bool
	// beforeOnly limits the cadence to the days up to Due.
	beforeOnly bool
	// daily reminds on every working day, whatever the due date: a
	// report whose signatures Git does not prove is put right at once.
	daily bool
	// listed puts a task that is not reminded on the person's to-do list
	// (Todo): the report each ECT has due next, and the mentoring log.
	listed bool
	// todoOnly keeps a task out of the e-mails and their calendars: it is
	// on the person's to-do list only.
	todoOnly bool
	// projected marks a deadline worked out from a final assessment not
	// filed yet: reminded on its cadence, but not on a to-do list.
	projected bool
}

// Plan works out the digests for the day on, from the book and its board
// (status.Build for the same day). Each person gets at most one digest;
// nobody gets one when none of their items is on the cadence that day.
// Digests are sorted by the person's name.
func Plan(book *record.Book, board *status.Board, on time.Time, opt Options) []Digest {
	if book == nil || board == nil || book.Body == nil {
		return nil
	}
	on = day(on)
	if opt.ReviewTargetDays <= 0 {
		opt.ReviewTargetDays = DefaultReviewTarget
	}
	hol, working, addWorking := workingDays(book)
	tasks := planner{book: book, opt: opt, hol: hol}.tasks(board, on, addWorking)

	type acc struct {
		d    Digest
		seen map[string]bool
	}
	byPerson := map[string]*acc{}
	get := func(who Person) *acc {
		a := byPerson[who.ID]
		if a == nil {
			a = &acc{d: Digest{To: who, On: on}, seen: map[string]bool{}}
			byPerson[who.ID] = a
		}
		return a
	}
	for _, t := range tasks {
		if t.todoOnly {
			continue
		}
		a := get(t.who)
		if !t.item.Due.Before(on) && !a.seen[t.key] {
			a.seen[t.key] = true
			a.d.Upcoming = append(a.d.Upcoming, ical.Event{
				Key:         t.who.ID + "|" + t.key,
				Date:        t.item.Due,
				Summary:     eventSummary(t.item),
				Description: t.item.Action,
				URL:         t.item.Portal,
			})
		}
		if !t.remind {
			continue
		}
		when, ok := Cadence(t.item.Due, on, working)
		if t.daily {
			when, ok = schedule.NotProven.String(), working(on)
		}
		switch {
		case !ok,
			t.overdueOnly && !on.After(t.item.Due),
			t.beforeOnly && on.After(t.item.Due):
			continue
		}
		it := t.item
		it.When = when
		a.d.Items = append(a.d.Items, it)
	}
	var out []Digest
	for _, a := range byPerson {
		if len(a.d.Items) == 0 {
			continue
		}
		d := a.d
		slices.SortStableFunc(d.Items, func(x, y Item) int {
			return cmp.Or(x.Due.Compare(y.Due), cmp.Compare(x.ECT, y.ECT), cmp.Compare(x.Report, y.Report))
		})
		slices.SortStableFunc(d.Upcoming, func(x, y ical.Event) int {
			return cmp.Or(x.Date.Compare(y.Date), cmp.Compare(x.Summary, y.Summary))
		})
		d.Subject = subject(d)
		out = append(out, d)
	}
	slices.SortFunc(out, func(x, y Digest) int {
		return cmp.Or(cmp.Compare(x.To.Name, y.To.Name), cmp.Compare(x.To.ID, y.To.ID))
	})
	return out
}

// workingDays are the body's bank holidays (nil when its calendar cannot
// give them: weekends only), and what they make a working day.
func workingDays(book *record.Book) (hol *calendar.Holidays, working func(time.Time) bool, addWorking func(time.Time, int) time.Time) {
	hol, err := calendar.BankHolidaysFor(calendar.FromYears(book.Body.Calendar))
	if err != nil {
		hol = nil // weekends only
	}
	working = func(d time.Time) bool {
		if hol != nil {
			return hol.IsWorkingDay(d)
		}
		return calendar.IsWeekday(d)
	}
	addWorking = func(d time.Time, n int) time.Time {
		if hol != nil {
			return hol.AddWorkingDays(d, n)
		}
		for n > 0 {
			d = d.AddDate(0, 0, 1)
			if calendar.IsWeekday(d) {
				n--
			}
		}
		return d
	}
	return hol, working, addWorking
}

func mapsKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

type planner struct {
	book *record.Book
	opt  Options
	hol  *calendar.Holidays // nil: weekends only
}

// tasks are everything each person is responsible for on the board's
// ECTs.
func (p planner) tasks(board *status.Board, on time.Time, addWorking func(time.Time, int) time.Time) []task {
	var tasks []task
	for _, trn := range slices.Sorted(mapsKeys(board.Summaries)) {
		s := board.Summaries[trn]
		if s == nil || s.ECT == nil {
			continue
		}
		// The first report not due yet is listed, unless one before it is
		// still with the school.
		next := true
		for _, x := range s.Reports {
			ts := p.reportTasks(s, x, addWorking)
			switch x.State {
			case schedule.Due, schedule.Overdue, schedule.ECTToComment, schedule.NeedsSignatures, schedule.Returned, schedule.NotProven:
				next = false
			case schedule.NotDue:
				for i := range ts {
					ts[i].listed = next
				}
				next = false
			}
			tasks = append(tasks, ts...)
		}
		if !s.Left {
			tasks = append(tasks, p.deadlineTasks(s)...)
		}
		tasks = append(tasks, p.mentorTasks(s, on)...)
	}
	for i := range tasks {
		it := &tasks[i].item
		base := p.portalFor(tasks[i].who, it.URN)
		it.Portal, it.Form = join(base, it.Portal), join(base, it.FormPath())
	}
	return tasks
}

// join is the link to path in the portal at base, or "" without either.
func join(base, path string) string {
	if base == "" || path == "" {
		return ""
	}
	return base + path
}

// FormPath is the address, from the portal's root, of the editor's form
// the person acts in (internal/editform): the record's; the one that
// starts it, for a report the tutor may start now; or else the list of
// records of its kind in the school's folder. It is "" for an item with
// no place in the editor.
func (it Item) FormPath() string {
	switch {
	case it.Record != "":
		return editform.Entry(it.Record)
	case it.Start != "":
		return editform.Start(it.Start)
	case it.Kind != "" && it.URN != 0:
		return editform.New(it.Kind, it.URN)
	}
	return ""
}

func (p planner) ect(e *record.ECT) Person {
	return Person{ID: "ect/" + e.TRN, Name: e.Name, Email: first(e.Emails), Role: RoleECT}
}

func (p planner) staff(e *record.ECT, id, role string) (Person, bool) {
	if e.School == nil || id == "" {
		return Person{}, false
	}
	s, ok := e.School.Person(id)
	if !ok {
		return Person{}, false
	}
	return Person{ID: fmt.Sprintf("school/%d/%s", e.School.URN, s.ID), Name: s.Name, Email: first(s.Emails), Role: role}, true
}

func (p planner) tutor(e *record.ECT, r *record.Report) (Person, bool) {
	id := e.Tutor
	if r != nil && r.Tutor != "" {
		id = r.Tutor
	}
	return p.staff(e, id, RoleTutor)
}

func (p planner) headteacher(e *record.ECT, r *record.Report) (Person, bool) {
	if r != nil && r.Headteacher != "" {
		return p.staff(e, r.Headteacher, RoleHeadteacher)
	}
	if e.School == nil {
		return Person{}, false
	}
	for _, s := range e.School.Staff {
		if s.HasRole(record.StaffHeadteacher) {
			return p.staff(e, s.ID, RoleHeadteacher)
		}
	}
	return Person{}, false
}

// reviewers are the AB staff who review reports and see to deadlines.
func (p planner) reviewers() []Person {
	var out []Person
	for _, s := range p.book.Body.Staff {
		if s.Decides() {
			out = append(out, Person{ID: "ab/" + s.ID, Name: s.Name, Email: first(s.Emails), Role: RoleAB})
		}
	}
	return out
}

// portal is the path of the portal page for the report (or, with none,
// the ECT): links tasks makes whole for each person (portalFor).
func (p planner) portal(e *record.ECT, r *record.Report) string {
	if r != nil {
		stem := strings.TrimSuffix(pathBase(r.Rel), ".md")
		return "/reports/" + e.TRN + "/" + stem + "/"
	}
	return "/ects/" + e.TRN + "/"
}

// portalFor is the portal a person's links go to, without a final "/":
// their school's own (portal_url in school.md) for the school's staff and
// ECTs, the appropriate body's (portal_url in body.md) for the AB's staff
// and for schools without one; "" when there is none.
func (p planner) portalFor(who Person, urn int) string {
	if sc := p.book.School(urn); who.Role != RoleAB && sc != nil && sc.PortalURL != "" {
		return strings.TrimSuffix(sc.PortalURL, "/")
	}
	return strings.TrimSuffix(p.opt.PortalURL, "/")
}

func (p planner) file(e *record.ECT, r *record.Report) string {
	if p.opt.RepoURL == "" {
		return ""
	}
	base := strings.TrimSuffix(p.opt.RepoURL, "/")
	// A record read from a school's own repository (body.md's
	// repositories) is not in the body's repository: no link.
	if e.File != nil && !within(e.Path(), pathDir(p.book.Body.Path())) {
		return ""
	}
	switch {
	case r != nil:
		return base + "/" + r.Path()
	case e.File != nil:
		// not filed yet: the folder it belongs in
		return base + "/" + pathDir(e.Path()) + "/reports"
	}
	return ""
}

func (p planner) reportTasks(s *schedule.Summary, x *schedule.Expected, addWorking func(time.Time, int) time.Time) []task {
	e, r := s.ECT, x.Report
	label := x.Label()
	base := Item{TRN: e.TRN, ECT: e.Name, Report: label, State: x.State.String(), Due: day(x.Due),
		Portal: p.portal(e, r), File: p.file(e, r), Kind: x.Kind, URN: e.School.URN}
	switch {
	case r != nil:
		base.Record = r.Rel
	case draft.Startable(s, x):
		base.Start = draft.ReportRel(e, x)
	}
	key := fmt.Sprintf("%s|%d|%s|%s", e.TRN, x.Number, x.Kind, x.Assessment)
	var out []task
	add := func(who Person, ok bool, action string, remind bool) {
		if !ok {
			return
		}
		it := base
		it.Action = action
		out = append(out, task{who: who, item: it, key: key, remind: remind, daily: x.State == schedule.NotProven})
	}
	formal := x.Kind == record.KindFormalAssessment
	switch x.State {
	case schedule.NotDue:
		t, ok := p.tutor(e, r)
		add(t, ok, "Hold the meeting, write the report and release it to the ECT.", false)
		add(p.ect(e), true, "Your "+strings.ToLower(label)+" is due.", false)
		if formal {
			h, ok := p.headteacher(e, r)
			add(h, ok, "Sign the formal assessment once the ECT and tutor have.", false)
		}
	case schedule.Due, schedule.Overdue:
		t, ok := p.tutor(e, r)
		action := "Hold the meeting, write the report and release it to the ECT for their comments."
		if r != nil {
			action = "Finish the report and release it to the ECT for their comments."
		}
		add(t, ok, action, true)
	case schedule.Returned:
		t, ok := p.tutor(e, r)
		fb := ""
		if r != nil && r.ABReview != nil && r.ABReview.Feedback != "" {
			fb = " The AB's feedback: " + strings.TrimSpace(r.ABReview.Feedback)
		}
		add(t, ok, "The AB returned the report: act on its feedback, then collect the signatures again."+fb, true)
	case schedule.ECTToComment:
		add(p.ect(e), true, "Write your comments in the report, then sign it.", true)
	case schedule.NotProven:
		t, ok := p.tutor(e, r)
		add(t, ok, "The report's signatures are not proven from Git (ect validate says why): put it right, then collect the signatures again.", true)
	case schedule.NeedsSignatures:
		for _, role := range x.Unsigned {
			switch record.Role(role) {
			case record.RoleECT:
				action := "Sign the report."
				if r != nil && commentsEmpty(r) {
					action = "Write your comments in the report, then sign it."
				}
				add(p.ect(e), true, action, true)
			case record.RoleTutor:
				t, ok := p.tutor(e, r)
				add(t, ok, "Sign the report as induction tutor.", true)
			case record.RoleHeadteacher:
				h, ok := p.headteacher(e, r)
				action := "Sign the formal assessment as headteacher."
				if x.Assessment == "final" {
					action = "Confirm the recommendation to the AB (pass or fail) and sign the final assessment as headteacher."
					if r != nil && r.Recommendation == "" {
						action = "Record the recommendation to the AB (pass or fail) and sign the final assessment as headteacher."
					}
				}
				add(h, ok, action, true)
			}
		}
	case schedule.Submitted:
		sub, ok := r.Submitted()
		if !ok {
			break
		}
		target := day(addWorking(sub, p.opt.ReviewTargetDays))
		for _, who := range p.reviewers() {
			it := base
			it.Report = label
			it.State = "awaiting AB review since " + sub.Format("2 Jan 2006")
			it.Due = target
			it.Action = fmt.Sprintf("Review the report: accept it or return it with feedback (target: %d working days from submission).", p.opt.ReviewTargetDays)
			out = append(out, task{who: who, item: it, key: key + "|review", remind: true, overdueOnly: true})
		}
	}
	return out
}

// deadlineTasks are the AB's own statutory deadlines after the final
// assessment: its decision (until it is recorded) and its notice.
func (p planner) deadlineTasks(s *schedule.Summary) []task {
	e := s.ECT
	var out []task
	// The deadlines run from the last final assessment: projected until
	// it is filed.
	projected := true
	for _, x := range s.Reports {
		if x.Assessment == "final" {
			projected = x.Report == nil
		}
	}
	add := func(what, rule, action string, due time.Time, beforeOnly, projected bool) {
		for _, who := range p.reviewers() {
			it := Item{TRN: e.TRN, ECT: e.Name, Report: what, Deadline: true, State: "statutory deadline (" + rule + ")",
				Due: day(due), Portal: p.portal(e, nil), Action: action, Record: e.Rel, Kind: record.KindECT, URN: e.School.URN}
			out = append(out, task{who: who, item: it, key: e.TRN + "|" + what, remind: true, beforeOnly: beforeOnly, projected: projected})
		}
	}
	for _, d := range s.Deadlines {
		if !strings.HasPrefix(d.What, "AB ") {
			continue
		}
		decision := strings.HasPrefix(d.What, "AB decision")
		switch {
		case decision && s.Outcome != nil,
			!decision && s.Outcome != nil && (s.Outcome.Notified != "" || s.Outcome.Imported):
			continue
		case decision:
			add(d.What, d.Rule, "Decide the outcome of induction (pass, extend or fail) and record it in the ECT's profile.", d.Due, false, projected)
		default:
			// Until the decision is recorded, its notice is only projected:
			// remind up to the day, never after.
			add(d.What, d.Rule, "Send written notice of the decision to the ECT, the headteacher and the employer.", d.Due, s.Outcome == nil, projected)
		}
	}
	if p.hol == nil {
		return out
	}
	// The Secretary of State is told of each decision through the Teaching
	// Regulation Agency (Reg. 11(7)(d); SG 2.69), and an extension's
	// notice goes to the ECT, headteacher and employer like an outcome's
	// (Reg. 11(7)).
	terms := calendar.FromYears(calendar.Merge(p.book.Body.Calendar, e.School.Calendar))
	tra := func(what string, pass bool, decided, notified record.Date, imported bool) {
		on, ok := decided.Time()
		if !ok || imported || notified != "" {
			return
		}
		if by, ok := schedule.TRANoticeBy(p.hol, terms, pass, on); ok {
			add("AB notice to the Teaching Regulation Agency of "+what, "Reg. 11(7)(d); SG 2.69",
				"Notify the Teaching Regulation Agency (for the Secretary of State) of "+what+", and record the day as notified_tra:.", by, false, false)
		}
	}
	if o := s.Outcome; o != nil {
		tra("the outcome", o.Passed(), o.Decided, o.NotifiedTRA, o.Imported)
	}
	for _, x := range e.Extensions {
		tra("the extension", false, x.Decided, x.NotifiedTRA, x.Imported)
		if on, ok := x.Decided.Time(); ok && !x.Imported && x.Notified == "" {
			add("AB notice of the extension to ECT, headteacher and employer", "Reg. 11(7); SG 2.69",
				"Send written notice of the extension to the ECT, the headteacher and the employer, and record the day as notified:.", schedule.NoticeBy(p.hol, on), false, false)
		}
	}
	return out
}

// mentorTasks are the mentor's: meeting the ECT and keeping the mentoring
// log, listed (not e-mailed: meetings are weekly) with the day the next
// meeting is due under the AB's practice (qa.MeetingDue).
func (p planner) mentorTasks(s *schedule.Summary, on time.Time) []task {
	e := s.ECT
	m, ok := p.staff(e, e.Mentor, RoleMentor)
	if !ok {
		return nil
	}
	terms := calendar.FromYears(calendar.Merge(p.book.Body.Calendar, e.School.Calendar))
	due, last, ok := qa.MeetingDue(e, s, terms, on)
	if !ok {
		return nil
	}
	it := Item{TRN: e.TRN, ECT: e.Name, Report: "Mentoring log", State: "no meeting logged yet", Due: due,
		Portal: p.portal(e, nil), Kind: record.KindMentoringLog, URN: e.School.URN,
		Action: "Meet the ECT and record the meeting in the mentoring log."}
	if last != "" {
		it.State = "last meeting " + string(last)
	}
	if e.Mentoring != nil {
		it.Record = e.Mentoring.Rel
	} else {
		it.Action = "Start the ECT's mentoring log, then record each meeting in it."
	}
	return []task{{who: m, item: it, key: e.TRN + "|mentoring", listed: true, todoOnly: true}}
}

func commentsEmpty(r *record.Report) bool {
	s := r.SectionNamed("ECT comments")
	return s == nil || s.Empty
}

// Cadence reports whether on is a reminder day for a date due, and how to
// say when it is: a week before ("due in a week"), the day before ("due
// tomorrow"), on the day ("due today"), then the day after and every week
// after that ("overdue by 8 days"). working says which days are working
// days (nil: every day): a reminder that would fall on another day moves
// to the working day before it (before the date) or after it (once
// overdue), so that a job run on working days only misses none.
func Cadence(due, on time.Time, working func(time.Time) bool) (string, bool) {
	due, on = day(due), day(on)
	if working == nil {
		working = func(time.Time) bool { return true }
	}
	back := func(d time.Time) time.Time {
		for i := 0; i < 14 && !working(d); i++ {
			d = d.AddDate(0, 0, -1)
		}
		return d
	}
	fwd := func(d time.Time) time.Time {
		for i := 0; i < 14 && !working(d); i++ {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	switch {
	case on.Equal(due):
		return "due today", true
	case on.Before(due):
		if on.Equal(back(due.AddDate(0, 0, -1))) {
			if on.Equal(due.AddDate(0, 0, -1)) {
				return "due tomorrow", true
			}
			return "due " + dayName(due), true
		}
		if on.Equal(back(due.AddDate(0, 0, -7))) {
			return "due in a week", true
		}
		return "", false
	}
	late := int(on.Sub(due).Hours()/24 + 0.5)
	for k := 1; k <= late; k += 7 {
		if on.Equal(fwd(due.AddDate(0, 0, k))) {
			return "overdue by " + diag.Plural(late, "day"), true
		}
	}
	return "", false
}

func dayName(d time.Time) string { return "on " + d.Format("Monday") }

// day is the calendar day of t, at midnight UTC.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func pathBase(p string) string { return p[strings.LastIndex(p, "/")+1:] }

// within reports whether the shown path p is in the folder dir (shown the
// same way).
func within(p, dir string) bool {
	if dir == "." {
		return !strings.HasPrefix(p, "../") && !strings.HasPrefix(p, "/")
	}
	return strings.HasPrefix(p, dir+"/")
}

func pathDir(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[:i]
	}
	return "."
}

// phrase names an item in a subject: "Eleanor Thursby's progress review
// due 18 Dec".
func phrase(to Person, it Item) string {
	what := strings.ToLower(it.Report[:1]) + it.Report[1:]
	if it.Deadline {
		return fmt.Sprintf("%s for %s due %s", it.Report, it.ECT, it.Due.Format("2 Jan"))
	}
	whose := it.ECT + "'s "
	if to.Role == RoleECT {
		whose = "your "
	}
	switch {
	case to.Role == RoleAB:
		return fmt.Sprintf("%s%s to review (target %s)", whose, what, it.Due.Format("2 Jan"))
	case strings.HasPrefix(it.When, "overdue"):
		return fmt.Sprintf("%s%s overdue (due %s)", whose, what, it.Due.Format("2 Jan"))
	}
	return fmt.Sprintf("%s%s due %s", whose, what, it.Due.Format("2 Jan"))
}

func subject(d Digest) string {
	reports, deadlines := 0, 0
	for _, it := range d.Items {
		if it.Deadline {
			deadlines++
		} else {
			reports++
		}
	}
	var noun string
	switch n := len(d.Items); {
	case deadlines == 0:
		noun = diag.Plural(n, "report")
	case reports == 0:
		noun = diag.Plural(n, "deadline")
	default:
		noun = diag.Plural(n, "item")
	}
	verb := "needs"
	if len(d.Items) > 1 {
		verb = "need"
	}
	const shown = 3
	var parts []string
	for i, it := range d.Items {
		if i == shown {
			parts = append(parts, fmt.Sprintf("and %d more", len(d.Items)-shown))
			break
		}
		parts = append(parts, phrase(d.To, it))
	}
	return fmt.Sprintf("ectdocs: %s %s you today — %s", noun, verb, strings.Join(parts, ", "))
}

func eventSummary(it Item) string {
	if it.Deadline {
		return it.Report + ": " + it.ECT
	}
	return it.ECT + ": " + it.Report
}
