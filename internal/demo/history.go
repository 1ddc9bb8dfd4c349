package demo

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/record"
)

// HistoryOptions adjusts WriteHistory. The zero value writes the whole
// history, quietly.
type HistoryOptions struct {
	// Until, when not zero, stops the timeline at the end of that day (in
	// England): nothing dated later is committed, so the records are left
	// as they stood that evening, reports half signed and branches not yet
	// merged (these keep a branch of their own). Only its date counts.
	Until time.Time
	// Progress, when not nil, is told every few seconds how far a long run
	// has got, by the clock Now.
	Progress io.Writer
	Now      func() time.Time
}

// HistoryStats says what WriteHistory wrote.
type HistoryStats struct {
	Files     int    // files in the worktree, all under records/
	Commits   int    // commits, merge commits included
	Merges    int    // merge commits (two parents)
	Branches  int    // branches left unmerged at Until, besides main
	Objects   int    // objects in the packfile
	PackBytes int64  // size of the packfile
	Head      string // the commit refs/heads/main points at, in hex
}

// WriteHistory writes a Git repository into dir, which must not exist or
// be empty (nothing is ever overwritten), holding the records of n ECTs as
// they are built up over two school years, 2025-26 and 2026-27, commit by
// commit, the way a body works with ectdocs:
//
//   - the AB admin commits body.md and registers each school (school.md:
//     only AB staff may register a school, README "Who may change whose
//     identities"); each headteacher then registers the school's ECTs
//     (ect.md); tutors commit observations
//     and support plans; the AB lead records the outcome of induction in
//     ect.md once the final assessment is accepted;
//   - for each report the tutor commits a draft, then releases it; the ECT
//     writes their comments and signs; the tutor signs, and for a formal
//     assessment the headteacher; an AB reviewer records the AB's review.
//     About one report in twenty is returned by the AB first: the tutor
//     revises the summary and takes the signatures and the review out in
//     one commit, and it goes round again. Every tenth report's ECT steps
//     are made on a branch ect-<TRN>-<year>-<term> that the tutor merges
//     into main (a true merge: two parents).
//
// Each commit is authored and committed by the person acting, with the
// e-mail address the records give them, on the day of the step at a fixed
// time of day (Europe/London), and all ECTs share one timeline in date
// order. Full-time ECTs have progress reviews in terms 1, 2, 4 and 5 and
// formal assessments in terms 3 and 6; part-time ECTs (every seventh, at
// 0.6 FTE) a report every term, their first assessment at the end of the
// term in which they have served three FTE terms.
//
// The objects go straight into one packfile, written by history.PackWriter
// (trees rebuilt only along the changed path, each object stored as a
// delta of the version it replaces), then refs/heads/main and HEAD are set
// and the records are checked out into dir/records with an index to match,
// on branch main. The same n and Until always give the same commits, with
// the same hashes.
func WriteHistory(dir string, n int, opt HistoryOptions) (HistoryStats, error) {
	var st HistoryStats
	if n < 1 {
		return st, errors.New("--ects must be at least 1")
	}
	if u := opt.Until; !u.IsZero() && time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC).Before(historyStart) {
		return st, fmt.Errorf("nothing happens by %s: the history starts on %s", u.Format(time.DateOnly), historyStart.Format(time.DateOnly))
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return st, fmt.Errorf("%s is not empty: give a new folder, so that nothing is overwritten", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return st, err
	}
	hol, err := calendar.BankHolidays(2025, 2027)
	if err != nil {
		return st, err
	}
	w, err := history.NewPackWriter(dir, "Synthetic induction records written by ect demo --history.")
	if err != nil {
		return st, err
	}
	h := &timeline{hol: hol, w: w, zones: map[int16]*time.Location{}, progress: opt.Progress, now: opt.Now}
	if h.now == nil {
		h.progress = nil // progress is told by the clock
	} else {
		h.started = h.now()
		h.said = h.started
	}
	h.plan(n)
	if err := h.run(opt.Until); err != nil {
		w.Abort()
		return st, err
	}
	st.Commits, st.Merges = h.commits, h.merges
	refs := map[string]history.Hash{"main": h.main.head}
	for _, b := range h.branches {
		if !b.merged && !b.head.IsZero() {
			refs[b.name] = b.head
			st.Branches++
		}
	}
	ps, err := w.Finish("main", refs)
	if err != nil {
		return st, err
	}
	st.Objects, st.PackBytes = ps.Objects, ps.Bytes
	h.say("packed %d objects (%d MB)", st.Objects, st.PackBytes>>20)
	if st.Files, err = w.Checkout(h.main.tree); err != nil {
		return st, err
	}
	h.say("checked out %d files", st.Files)
	st.Head = h.main.head.String()
	return st, nil
}

// ---------------------------------------------------------------------------
// The records: the text of every file, in each state it passes through.
// Released and signed on their meeting days, the reports of the first three
// terms are the ones Write writes for its one school year.

// schoolTerm is one term of the two years of induction the history covers.
type schoolTerm struct{ year, name, from, to, meeting string }

var historyTerms = [6]schoolTerm{
	{"2025-26", "autumn", "2025-09-01", "2025-12-19", "2025-12-10"},
	{"2025-26", "spring", "2026-01-05", "2026-03-27", "2026-03-18"},
	{"2025-26", "summer", "2026-04-13", "2026-07-21", "2026-07-08"},
	{"2026-27", "autumn", "2026-09-02", "2026-12-18", "2026-12-09"},
	{"2026-27", "spring", "2027-01-04", "2027-03-25", "2027-03-17"},
	{"2026-27", "summer", "2027-04-12", "2027-07-21", "2027-07-07"},
}

// historyBody is the synthetic body with an AB admin, who sets it up.
var historyBody = strings.Replace(body, "  - {id: ab-contact,",
	"  - {id: ab-admin, name: Ash Admin, roles: [ab_admin], emails: [admin@synthetic-tsh.example]}\n  - {id: ab-contact,", 1)

var (
	abAdmin    = person{"Ash Admin", "admin@synthetic-tsh.example"}
	abLead     = person{"Alex Lead", "lead@synthetic-tsh.example"}
	abReviewer = person{"Robin Reviewer", "reviewer@synthetic-tsh.example"}
)

type person struct{ name, email string }

type schoolInfo struct {
	urn   int
	name  string
	dir   string // records-relative: schools/<URN>-<slug>
	staff map[string]person
}

func newSchool(s int) *schoolInfo {
	sc := &schoolInfo{urn: 800001 + s, name: schoolName(s), staff: map[string]person{}}
	sc.dir = record.SchoolDir(sc.urn, sc.name)
	for _, st := range schoolStaff(s) {
		sc.staff[st.id] = person{st.name, st.id + "@" + record.Slug(sc.name) + ".example"}
	}
	return sc
}

// ectInfo is ECT i of school s: who they are and how their induction goes.
type ectInfo struct {
	i                    int
	sc                   *schoolInfo
	trn, dir             string // dir: records-relative, schools/…/ects/<TRN>
	tutor, mentor, fte   string
	partTime, notOnTrack bool // every seventh is part time; every eleventh not on track in terms 2 and 3
	me                   person
}

func newECT(sc *schoolInfo, i int) *ectInfo {
	e := &ectInfo{i: i, sc: sc, trn: fmt.Sprintf("%07d", 8000001+i), fte: "1.0",
		tutor: []string{"tutor-a", "tutor-b"}[i%2], mentor: []string{"mentor-a", "mentor-b", "mentor-c"}[i%3],
		partTime: i%7 == 6, notOnTrack: i%11 == 10}
	if e.partTime {
		e.fte = "0.6"
	}
	e.dir = sc.dir + "/ects/" + e.trn
	e.me = person{personName(1000 + i), "ect-" + e.trn + "@example.org"}
	return e
}

// profile is ect.md; with decided, the AB's outcome of induction too.
func (e *ectInfo) profile(decided string) string {
	period, note := fmt.Sprintf(`{start: "2025-09-01", fte: %s}`, e.fte), ""
	if decided != "" {
		period = fmt.Sprintf(`{start: "2025-09-01", end: "2027-07-21", fte: %s, terms: 6.0, end_reason: completed, outcome: {result: pass, decided: "%s", by: ab-lead, representations: waived}}`, e.fte, decided)
		note = " Completed induction in July 2027."
	}
	return fmt.Sprintf("---\nkind: ect\ntrn: %q\nname: %s\ndate_of_birth: \"%d-0%d-1%d\"\nemails: [%s]\nqts_date: \"2025-07-18\"\nprogramme: provider_led\nlead_provider: Synthetic Teacher Development\ntutor: %s\nmentor: %s\nperiods:\n  - %s\n---\nTeaches Year %d.%s\n",
		e.trn, e.me.name, 1995+e.i%8, 1+e.i%9, e.i%10, e.me.email, e.tutor, e.mentor, period, 1+e.i%6, note)
}

// The observations: the first planned one in the autumn of each year.
var observations = [2]struct{ date, feedback, topic, focus, first, strengths, needs string }{
	{"2025-10-14", "2025-10-15", "place value", "TS4, TS7", "first_planned: true\n",
		"Clear explanations and well-chosen examples (TS4).", "Check understanding before moving pupils on to independent work (TS6)."},
	{"2026-10-13", "2026-10-14", "fractions of amounts", "TS5, TS6", "",
		"Tasks were adapted well for the pupils with SEND, who all completed the main task (TS5).", "Use the mini-whiteboard answers to regroup pupils during the lesson (TS6)."},
}

func (e *ectInfo) observation(k int) (path, text string) {
	o := observations[k]
	return e.dir + "/observations/" + o.date + ".md", fmt.Sprintf("---\nkind: observation\nect: %q\ndate: %q\nobserver: %s\nlesson: \"Year %d maths: %s\"\nfocus: [%s]\n%sfeedback_on: %q\n---\n## Strengths\n\n%s\n\n## Development needs\n\n%s\n",
		e.trn, o.date, e.tutor, 1+e.i%6, o.topic, o.focus, o.first, o.feedback, o.strengths, o.needs)
}

// planDoc is the support plan of an ECT who is not on track: created,
// shared with the AB two days later, reviewed in March and closed in
// November once the ECT is back on track.
type planDoc struct {
	e       *ectInfo
	shared  bool
	reviews int // 0, 1 (reviewed in March) or 2 (closed in November)
}

const planCreated = "2026-02-02"

func (p *planDoc) path() string { return p.e.dir + "/support-plans/" + planCreated + ".md" }

func (p *planDoc) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nkind: support-plan\nect: %q\ncreated: %q\nowner: %s\nstandards: [TS7]\nreview_date: \"2026-03-16\"\n", p.e.trn, planCreated, p.e.tutor)
	if p.shared {
		b.WriteString("shared_with_ab: \"2026-02-04\"\n")
	}
	if p.reviews == 2 {
		b.WriteString("closed: \"2026-11-20\"\n")
	}
	b.WriteString("---\n## Concerns\n\nRoutines for entering the classroom and starting work are not yet consistent (TS7).\n\n" +
		"## Objectives\n\n- Pupils start the first task within three minutes of entering the room (TS7).\n\n" +
		"## Support\n\n- Weekly coaching from the mentor and a fortnightly observation by the tutor.\n")
	reviews := []string{"\n## Review\n\n- 16 March 2026: the objective is partly met; the plan continues.\n",
		"- 20 November 2026: the objective is met and the ECT is back on track; the plan is closed.\n"}
	for _, r := range reviews[:p.reviews] {
		b.WriteString(r)
	}
	return b.String()
}

type sig struct{ role, by, on string }

// reportDoc is one report and where it has got to.
type reportDoc struct {
	e          *ectInfo
	t          int    // the ECT's term of induction, from 0
	assessment string // "" (a progress review), "first" or "final"
	onTrack    bool
	released   string // the day the tutor released it to the ECT, or ""
	comments   int    // the ECT's comments: 0 none, 1 written, 2 added to after the AB returned it
	sigs       []sig
	review     string // the ab_review value, or ""
	revised    bool   // the tutor revised the summary after the AB returned it
}

func newReport(e *ectInfo, t int) *reportDoc {
	r := &reportDoc{e: e, t: t, onTrack: !(e.notOnTrack && (t == 1 || t == 2))}
	switch {
	case !e.partTime && t == 2, e.partTime && t == 4:
		r.assessment = "first"
	case !e.partTime && t == 5:
		r.assessment = "final"
	}
	return r
}

func (r *reportDoc) name() string {
	tm := historyTerms[r.t]
	if r.assessment == "" {
		return tm.year + "-" + tm.name + "-progress-review.md"
	}
	return tm.year + "-" + tm.name + "-" + r.assessment + "-assessment.md"
}

func (r *reportDoc) path() string { return r.e.dir + "/reports/" + r.name() }

// label names the report in commit messages: "term 3 first assessment".
func (r *reportDoc) label() string {
	if r.assessment == "" {
		return fmt.Sprintf("term %d progress review", r.t+1)
	}
	return fmt.Sprintf("term %d %s assessment", r.t+1, r.assessment)
}

var standardHeadings = []string{"TS1 Set high expectations", "TS2 Promote good progress", "TS3 Demonstrate good subject and curriculum knowledge",
	"TS4 Plan and teach well structured lessons", "TS5 Adapt teaching", "TS6 Make accurate and productive use of assessment",
	"TS7 Manage behaviour effectively", "TS8 Fulfil wider professional responsibilities", "Part Two Personal and professional conduct"}

const (
	revisedSummary = "The evidence for this is in the observations this term and in the mentor's weekly notes, which the tutor has reviewed with the ECT."
	abFeedback     = "Please say what evidence the summary rests on."
)

func (r *reportDoc) text() string {
	e, tm := r.e, historyTerms[r.t]
	var b strings.Builder
	b.Grow(2048)
	if r.assessment == "" {
		b.WriteString("---\nkind: progress-review\n")
	} else {
		fmt.Fprintf(&b, "---\nkind: formal-assessment\nassessment: %s\n", r.assessment)
	}
	fmt.Fprintf(&b, "ect: %q\nterm: %d\nperiod: {from: %q, to: %q}\nmeeting: %q\ntutor: %s\nmentor: %s\n", e.trn, r.t+1, tm.from, tm.to, tm.meeting, e.tutor, e.mentor)
	if r.assessment != "" {
		b.WriteString("headteacher: head\n")
	}
	fmt.Fprintf(&b, "fte: %s\ndays_absent: %d\n", e.fte, e.i%4)
	if r.assessment == "final" {
		b.WriteString("recommendation: satisfactory\n")
	} else {
		fmt.Fprintf(&b, "on_track: %t\n", r.onTrack)
	}
	if !r.onTrack {
		fmt.Fprintf(&b, "ect_informed: true\nsupport_plan: ../support-plans/%s.md\nstandards_of_concern:\n  - {standard: TS7, evidence: \"Observations show routines are not yet consistent.\"}\n", planCreated)
	}
	b.WriteString("programme_accessed: true\nentitlements_met: true\nanswers: {ect_time: true}\n")
	if r.released != "" {
		fmt.Fprintf(&b, "released: {by: %s, on: %q}\n", e.tutor, r.released)
	}
	if len(r.sigs) > 0 {
		b.WriteString("signatures:\n")
	}
	for _, s := range r.sigs {
		by := s.by
		if s.role == "ect" {
			by = `"` + by + `"`
		}
		fmt.Fprintf(&b, "  - {role: %s, by: %s, on: %q}\n", s.role, by, s.on)
	}
	if r.review != "" {
		fmt.Fprintf(&b, "ab_review: %s\n", r.review)
	}
	b.WriteString("---\n")
	if r.assessment != "" {
		if r.revised {
			b.WriteString("## Summary\n\n" + revisedSummary + "\n\n")
		}
		for _, st := range standardHeadings {
			fmt.Fprintf(&b, "## %s\n\nEvidence from lesson observations, planning and pupils' books this year shows the ECT meeting this standard.\n\n", st)
		}
	} else {
		b.WriteString("## Summary of progress\n\nThe ECT plans well-sequenced lessons (TS4) and has established clear routines (TS7).")
		if r.revised {
			b.WriteString(" " + revisedSummary)
		}
		b.WriteString("\n\n## Development targets\n\n- Use hinge questions to check understanding before independent work (TS6).\n- Adapt tasks for pupils with SEND (TS5).\n\n")
	}
	b.WriteString("## ECT comments\n")
	if r.comments >= 1 {
		b.WriteString("\nI agree with this report and have found the mentoring sessions useful.\n")
	}
	if r.comments == 2 {
		b.WriteString("\nI have read the revised report and still agree with it.\n")
	}
	return b.String()
}

// ---------------------------------------------------------------------------
// The timeline: every step of every record, each one a commit.

// change is what one step commits: the new text of one file (none for a
// merge), by whom and why.
type change struct {
	path, text string
	who        person
	msg        string
}

// event is one step on the timeline.
type event struct {
	at    int64 // the commit time, seconds since the epoch
	ord   int32 // the order it was planned in: first of those at the same second goes first
	day   int32 // the day in England, days since 1 January 2025 (epoch)
	tz    int16 // minutes east of UTC
	merge bool  // merges br into main (otherwise a commit on br, or on main when br is nil)
	br    *branch
	do    func(on string) change // on: the day, YYYY-MM-DD
}

// branch is a branch off main for one report's ECT steps.
type branch struct {
	tip
	name   string
	path   string        // the file it changes, from the repository's root
	blob   *history.Blob // that file's text on the branch
	merged bool
}

// tip is the end of a line of commits: main, or a branch.
type tip struct {
	tree *history.Tree
	head history.Hash
}

// timeline is the history being written: every step, in date order.
type timeline struct {
	hol      *calendar.Holidays
	events   []event
	branches []*branch
	w        *history.PackWriter
	zones    map[int16]*time.Location // the clocks in England, by offset
	main     tip
	commits  int
	merges   int
	progress io.Writer
	now      func() time.Time
	started  time.Time
	said     time.Time
}

// say tells opt.Progress how far a run has got, once it has taken a while.
func (h *timeline) say(format string, args ...any) {
	if h.progress != nil && h.now().Sub(h.started) > 2*time.Second {
		fmt.Fprintf(h.progress, "ect demo: %4.1fs: %s\n", h.now().Sub(h.started).Seconds(), fmt.Sprintf(format, args...))
	}
}

// historyStart is the day of the first commit.
var historyStart = date("2025-07-01")

// epoch is the day event.day counts from.
var epoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err) // the dates here are constants
	}
	return d
}

// london gives the offset of the clocks in England on a day, in minutes:
// British Summer Time from the last Sunday in March to the last Sunday in
// October.
func london(day time.Time) int {
	lastSunday := func(m time.Month) time.Time {
		d := time.Date(day.Year(), m+1, 0, 0, 0, 0, 0, time.UTC)
		return d.AddDate(0, 0, -int(d.Weekday()))
	}
	if !day.Before(lastSunday(time.March)) && day.Before(lastSunday(time.October)) {
		return 60
	}
	return 0
}

// add puts a step on the timeline on day at hh:mm, England time.
func (h *timeline) add(day time.Time, hh, mm int, br *branch, merge bool, do func(on string) change) {
	tz := london(day)
	at := day.Unix() + int64((hh*60+mm-tz)*60)
	h.events = append(h.events, event{at: at, ord: int32(len(h.events)), day: int32(day.Sub(epoch).Hours() / 24), tz: int16(tz), br: br, merge: merge, do: do})
}

// plan lays out every step of the two years of n ECTs.
func (h *timeline) plan(n int) {
	h.add(historyStart, 9, 0, nil, false, func(string) change {
		return change{"body.md", historyBody, abAdmin, "Set up the appropriate body: staff, term dates and questions"}
	})
	for s := range (n + ECTsPerSchool - 1) / ECTsPerSchool {
		sc := newSchool(s)
		h.add(h.hol.AddWorkingDays(date("2025-07-02"), s%10), 10, s%50, nil, false, func(string) change {
			return change{sc.dir + "/school.md", school(s, sc.urn), abAdmin, fmt.Sprintf("Register %s and its induction staff", sc.name)}
		})
		for i := s * ECTsPerSchool; i < min(n, (s+1)*ECTsPerSchool); i++ {
			h.planECT(newECT(sc, i))
		}
	}
}

func (h *timeline) planECT(e *ectInfo) {
	j := e.i * 37 % 50 // minutes past the hour: each ECT has their own time of day
	tutor, head := e.sc.staff[e.tutor], e.sc.staff["head"]
	h.add(h.hol.AddWorkingDays(date("2025-09-01"), e.i%5), 11, j, nil, false, func(string) change {
		return change{e.dir + "/ect.md", e.profile(""), head, fmt.Sprintf("Register %s (%s) for induction from 1 September 2025", e.me.name, e.trn)}
	})
	for k, o := range observations {
		h.add(date(o.feedback), 15, j, nil, false, func(string) change {
			path, text := e.observation(k)
			return change{path, text, tutor, fmt.Sprintf("Record the observation of %s on %s", e.me.name, o.date)}
		})
	}
	if e.notOnTrack {
		p := &planDoc{e: e}
		steps := []struct {
			day string
			msg string
			do  func()
		}{
			{planCreated, "Start a support plan for %s", func() {}},
			{"2026-02-04", "Share %s's support plan with the appropriate body", func() { p.shared = true }},
			{"2026-03-16", "Review %s's support plan: continued", func() { p.reviews = 1 }},
			{"2026-11-20", "Review %s's support plan: closed", func() { p.reviews = 2 }},
		}
		for _, st := range steps {
			h.add(date(st.day), 16, j, nil, false, func(string) change {
				st.do()
				return change{p.path(), p.text(), tutor, fmt.Sprintf(st.msg, e.me.name)}
			})
		}
	}
	var accepted time.Time
	for t := range historyTerms {
		accepted = h.planReport(newReport(e, t), j)
	}
	if !e.partTime {
		day := h.hol.AddWorkingDays(accepted, 2)
		if d := date("2027-07-23"); day.Before(d) {
			day = d
		}
		h.add(day, 11, j, nil, false, func(on string) change {
			return change{e.dir + "/ect.md", e.profile(on), abLead, fmt.Sprintf("Record the outcome of %s's induction: passed", e.me.name)}
		})
	}
}

// planReport lays out the steps of one report, from the meeting day on,
// in working days; it returns the day the AB accepts it.
func (h *timeline) planReport(r *reportDoc, j int) time.Time {
	e := r.e
	tutor, head := e.sc.staff[e.tutor], e.sc.staff["head"]
	meeting := date(historyTerms[r.t].meeting)
	mix := uint32(e.i*len(historyTerms)+r.t) * 2654435761 // the report's number, mixed
	returned := mix>>16%20 == 7
	var br *branch
	if mix>>24%10 == 3 {
		tm := historyTerms[r.t]
		br = &branch{name: "ect-" + e.trn + "-" + tm.year + "-" + tm.name}
		h.branches = append(h.branches, br)
	}
	at := func(days, hh, mm int, br *branch, do func(on string) change) {
		h.add(h.hol.AddWorkingDays(meeting, days), hh, mm+j, br, false, do)
	}
	step := func(who person, msg string, f func(on string)) func(on string) change {
		return func(on string) change {
			f(on)
			return change{r.path(), r.text(), who, msg}
		}
	}
	whose := e.me.name + "'s " + r.label()
	at(0, 16, 0, nil, step(tutor, fmt.Sprintf("Draft the %s for %s (%s)", r.label(), e.me.name, e.trn), func(string) {}))
	at(1, 8, 0, nil, step(tutor, fmt.Sprintf("Release the %s to %s", r.label(), e.me.name), func(on string) { r.released = on }))
	signing := func(day int, br *branch, comment string) int {
		at(day, 17, 0, br, step(e.me, comment, func(string) { r.comments++ }))
		at(day, 17, 10, br, step(e.me, "Sign my "+r.label(), func(on string) { r.sigs = append(r.sigs, sig{"ect", e.trn, on}) }))
		if br != nil {
			day++
			h.add(h.hol.AddWorkingDays(meeting, day), 8, 30+j, br, true, func(string) change {
				return change{who: tutor, msg: fmt.Sprintf("Merge branch '%s'\n\n%s has commented on and signed the %s.", br.name, e.me.name, r.label())}
			})
		} else {
			day++
		}
		at(day, 12, 30, nil, step(tutor, "Sign "+whose+" as induction tutor", func(on string) { r.sigs = append(r.sigs, sig{"tutor", e.tutor, on}) }))
		if r.assessment != "" {
			day++
			at(day, 13, 0, nil, step(head, "Sign "+whose+" as headteacher", func(on string) { r.sigs = append(r.sigs, sig{"headteacher", "head", on}) }))
		}
		return day
	}
	day := signing(2, br, "Add my comments to my "+r.label())
	if returned {
		day += 2
		at(day, 10, 0, nil, step(abReviewer, fmt.Sprintf("Return %s (%s) to the school\n\n%s", whose, e.trn, abFeedback), func(on string) {
			r.review = fmt.Sprintf("{by: ab-reviewer, on: %q, decision: returned, feedback: %q}", on, abFeedback)
		}))
		day++
		at(day, 15, 0, nil, step(tutor, fmt.Sprintf("Revise the summary of %s as the AB asked\n\nThis reopens the report: the signatures and the AB's review are taken out, to be given again.", whose), func(string) {
			r.revised, r.sigs, r.review = true, nil, ""
		}))
		day = signing(day+1, nil, "Reply to the revised "+r.label())
	}
	day += 2
	at(day, 10, 0, nil, step(abReviewer, fmt.Sprintf("Accept %s (%s)", whose, e.trn), func(on string) {
		r.review = fmt.Sprintf("{by: ab-reviewer, on: %q, decision: accepted}", on)
	}))
	return h.hol.AddWorkingDays(meeting, day)
}

// run commits the steps in date order, up to until when it is not zero.
func (h *timeline) run(until time.Time) error {
	slices.SortFunc(h.events, func(a, b event) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.ord, b.ord))
	})
	last := int32(1 << 30)
	if !until.IsZero() {
		u := time.Date(until.Year(), until.Month(), until.Day(), 0, 0, 0, 0, time.UTC)
		last = int32(u.Sub(epoch).Hours() / 24)
	}
	h.main = tip{tree: h.w.NewTree()}
	for k := range h.events {
		ev := &h.events[k]
		if ev.day > last {
			break
		}
		on := epoch.AddDate(0, 0, int(ev.day)).Format(time.DateOnly)
		c := ev.do(on)
		zone := h.zones[ev.tz]
		if zone == nil {
			zone = time.FixedZone("", int(ev.tz)*60)
			h.zones[ev.tz] = zone
		}
		who := history.Person{Name: c.who.name, Email: c.who.email, When: time.Unix(ev.at, 0).In(zone)}
		var err error
		switch br := ev.br; {
		case br != nil && ev.merge:
			if err = h.main.tree.Set(br.path, br.blob); err == nil {
				h.main.head, err = h.main.tree.Commit([]history.Hash{h.main.head, br.head}, who, who, c.msg)
			}
			br.merged = true
			h.merges++
		case br != nil:
			if br.head.IsZero() {
				// The branch starts from main as it is.
				br.tip, br.path = tip{tree: h.main.tree.Fork(), head: h.main.head}, "records/"+c.path
			}
			if br.blob, err = br.tree.WriteFile("records/"+c.path, []byte(c.text)); err == nil {
				br.head, err = br.tree.Commit([]history.Hash{br.head}, who, who, c.msg)
			}
		default:
			var parents []history.Hash
			if !h.main.head.IsZero() {
				parents = []history.Hash{h.main.head}
			}
			if _, err = h.main.tree.WriteFile("records/"+c.path, []byte(c.text)); err == nil {
				h.main.head, err = h.main.tree.Commit(parents, who, who, c.msg)
			}
		}
		if err != nil {
			return fmt.Errorf("commit %q of %s: %w", c.msg, on, err)
		}
		h.commits++
		if h.progress == nil {
			continue
		}
		if now := h.now(); now.Sub(h.said) > 3*time.Second {
			h.said = now
			h.say("%s: %d commits of about %d", on, h.commits, len(h.events))
		}
	}
	h.events = nil
	return nil
}
