// Package draft starts records from the templates: the next report the
// schedule expects for an ECT, filled in with what the records already
// know, so that a tutor only writes the answers.
package draft

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
	"github.com/ectdocs/ectdocs/internal/spell"
)

// guidance is the short advice at the top of each report, from the
// statutory guidance and appropriate-body practice.
var guidance = map[string]string{
	"1":       "Term 1: focus on conduct, relationships and settling in: routines, behaviour management, working with colleagues and parents.",
	"2":       "Term 2: progress across each of the Teachers' Standards, so that the first formal assessment holds no surprises.",
	"review":  "A light-touch review for an ECT consistently on track: progress against last term's targets and what comes next.",
	"first":   "First formal assessment (end of year 1): is the ECT on track to meet the Teachers' Standards by the end of induction? Give evidence for each standard.",
	"final":   "Final assessment: has the ECT met the Teachers' Standards? Give evidence for each; the headteacher recommends the outcome to the appropriate body.",
	"interim": "Interim assessment: the ECT is leaving before the next formal assessment; record their progress so far for the next school and appropriate body.",
}

// Report is the file ect new review writes: its path relative to the
// records folder and its contents.
type Report struct {
	Rel      string
	Content  []byte
	Expected *schedule.Expected
}

// answer is one of the body's extra questions answered in the front
// matter.
type answer struct{ ID, Question string }

// NewReport starts the report the schedule expects for the ECT in term
// (0: the next one not yet filed), from the templates.
func NewReport(templates fs.FS, body *record.Body, e *record.ECT, sum *schedule.Summary, term int) (*Report, error) {
	var x *schedule.Expected
	for _, r := range sum.Reports {
		if term == 0 && r.Report == nil || term != 0 && r.Number == term {
			x = r
			break
		}
	}
	if x == nil {
		if term != 0 {
			return nil, fmt.Errorf("the schedule expects no report for term %d of %s's induction", term, e.Name)
		}
		return nil, fmt.Errorf("every report the schedule expects for %s is filed already", e.Name)
	}
	if x.Report != nil {
		return nil, fmt.Errorf("the report for term %d is filed already: %s", x.Number, x.Report.Doc.Path)
	}
	return ReportFor(templates, body, e, x)
}

// ReportFor starts the expected report x, not filed yet, of the ECT from
// the templates.
func ReportFor(templates fs.FS, body *record.Body, e *record.ECT, x *schedule.Expected) (*Report, error) {
	tmpl, key := "progress-review.md", strconv.Itoa(x.Number)
	if x.Kind == record.KindFormalAssessment {
		tmpl, key = "formal-assessment.md", x.Assessment
	} else if x.Number > 2 {
		key = "review"
	}
	data := map[string]any{
		"TRN": e.TRN, "Term": x.Number, "Assessment": x.Assessment,
		"From": x.From.Format(time.DateOnly), "To": x.To.Format(time.DateOnly), "Meeting": x.Held.Format(time.DateOnly),
		"Tutor": e.Tutor, "Mentor": e.Mentor, "Headteacher": headteacher(e.School),
		"FTE": fte(e), "DaysAbsent": daysAbsent(e, x.From, x.To), "Guidance": guidance[key],
		"Framework": e.Framework(x.To).Name(),
	}
	var answers []answer
	var sections []string
	for _, q := range body.ExtraQuestions {
		applies := len(q.AppliesTo) == 0
		for _, k := range q.AppliesTo {
			applies = applies || k == x.Kind
		}
		switch {
		case !applies:
		case q.Answer == "section":
			sections = append(sections, q.Heading)
		default:
			answers = append(answers, answer{q.ID, q.Question})
		}
	}
	data["Answers"], data["Sections"] = answers, sections
	t, err := template.ParseFS(templates, tmpl)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", tmpl, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("template %s: %w", tmpl, err)
	}
	return &Report{Rel: ReportRel(e, x), Content: b.Bytes(), Expected: x}, nil
}

// ReportRel is where the report x of the ECT is filed, relative to the
// records folder: <ECT's folder>/reports/2026-27-spring-progress-review.md,
// or …-<assessment>-assessment.md for a formal assessment.
func ReportRel(e *record.ECT, x *schedule.Expected) string {
	name := x.Term.Year + "-" + x.Term.Name + "-progress-review.md"
	if x.Kind == record.KindFormalAssessment {
		name = x.Term.Year + "-" + x.Term.Name + "-" + x.Assessment + "-assessment.md"
	}
	return path.Join(path.Dir(e.Rel), "reports", name)
}

// Startable reports whether the editor offers a form that starts the
// expected report x of the summary: x is not filed and is either due (or
// overdue) or the first report not filed. The portal's editor and the
// reminders that link to it use this one rule.
func Startable(sum *schedule.Summary, x *schedule.Expected) bool {
	if x.Report != nil {
		return false
	}
	if x.State == schedule.Due || x.State == schedule.Overdue {
		return true
	}
	for _, r := range sum.Reports {
		if r.Report == nil {
			return r == x
		}
	}
	return false
}

func headteacher(s *record.School) string {
	for _, st := range s.Staff {
		if st.HasRole(record.StaffHeadteacher) {
			return st.ID
		}
	}
	return ""
}

// fte is the ECT's working pattern in their current period.
func fte(e *record.ECT) string {
	if len(e.Periods) == 0 {
		return "1.0"
	}
	return strconv.FormatFloat(e.Periods[len(e.Periods)-1].FTE, 'f', -1, 64)
}

// daysAbsent adds up the absences that began within the period.
func daysAbsent(e *record.ECT, from, to time.Time) string {
	total := 0.0
	for _, a := range e.Absences {
		if t, ok := a.From.Time(); ok && !t.Before(from) && !t.After(to) {
			total += a.Days
		}
	}
	return strconv.FormatFloat(total, 'f', -1, 64)
}

// Dated is a dated record ect new writes: an observation or a support
// plan.
type Dated struct {
	Rel     string
	Content []byte
}

// NewDated starts an observation or a support plan (kind) for the ECT on
// date, observed or owned by the ECT's induction tutor.
func NewDated(templates fs.FS, kind record.Kind, e *record.ECT, date time.Time) (*Dated, error) {
	folder := map[record.Kind]string{record.KindObservation: "observations", record.KindSupportPlan: "support-plans"}[kind]
	if folder == "" {
		return nil, fmt.Errorf("ect new writes observations and support plans, not %s", kind)
	}
	data := map[string]any{"TRN": e.TRN, "Date": date.Format(time.DateOnly), "Observer": e.Tutor, "Owner": e.Tutor,
		"Review": date.AddDate(0, 0, 42).Format(time.DateOnly)}
	t, err := template.ParseFS(templates, string(kind)+".md")
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", kind, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("template %s: %w", kind, err)
	}
	return &Dated{Rel: path.Join(path.Dir(e.Rel), folder, date.Format(time.DateOnly)+".md"), Content: b.Bytes()}, nil
}

// Registration is what registering an ECT at a school needs.
type Registration struct {
	School                                                      int // its URN
	TRN, Name, Email, Start, Tutor, Mentor, Programme, DOB, QTS string
	FTE                                                         float64
}

// NewECT starts an ECT's registration (ect.md) at the school.
func NewECT(templates fs.FS, s *record.School, r Registration) (*Dated, error) {
	t, err := template.ParseFS(templates, "ect.md")
	if err != nil {
		return nil, fmt.Errorf("template ect: %w", err)
	}
	start, _ := record.Date(r.Start).Time() // not a date: the ITTECF, as for a recent start
	data := map[string]any{"TRN": r.TRN, "Name": r.Name, "Email": r.Email, "Start": r.Start, "Tutor": r.Tutor, "Mentor": r.Mentor,
		"Programme": r.Programme, "DOB": r.DOB, "QTS": r.QTS, "FTE": strconv.FormatFloat(r.FTE, 'f', -1, 64),
		"Framework": record.FrameworkFor(start, start).Name()}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("template ect: %w", err)
	}
	return &Dated{Rel: path.Join(path.Dir(s.Rel), "ects", r.TRN, "ect.md"), Content: b.Bytes()}, nil
}

// MentoringEntry is one entry ect new mentoring adds to an ECT's
// mentoring log.
type MentoringEntry struct {
	Date      time.Time
	Observing bool   // the ECT observed an experienced teacher; else a meeting
	With      string // a staff id; for a meeting, empty means the ECT's mentor
	Minutes   int    // 0: not given
	Note      string
}

// Describe says what the entry records, as ect new mentoring reports it:
// "a meeting with Ms A Teacher", "a lesson observed".
func (m MentoringEntry) Describe(s *record.School) string {
	what := "a meeting"
	if m.Observing {
		what = "a lesson observed"
	}
	if m.With != "" && s != nil {
		what += " with " + s.StaffName(m.With)
	}
	return what
}

// Check refuses an entry the log's rules would refuse: someone not on the
// school's staff, a day outside the ECT's induction or after today, a
// length out of range or a blank note.
func (m *MentoringEntry) Check(e *record.ECT, today time.Time) error {
	if m.With == "" && !m.Observing {
		m.With = e.Mentor
	}
	if m.With != "" && e.School != nil {
		if _, ok := e.School.Person(m.With); !ok {
			ids := make([]string, len(e.School.Staff))
			for i, st := range e.School.Staff {
				ids[i] = st.ID
			}
			hint := ""
			if near, ok := spell.Nearest(m.With, ids); ok {
				hint = fmt.Sprintf(": did you mean %q?", near)
			}
			return fmt.Errorf("--with %q is not on the staff of %s%s", m.With, e.School.Name, hint)
		}
	}
	day := m.Date.Format(time.DateOnly)
	if day > today.AddDate(0, 0, 1).Format(time.DateOnly) {
		return fmt.Errorf("--date %s is after today: the log records what has happened", day)
	}
	if !e.InPeriod(m.Date, m.Date) {
		return fmt.Errorf("--date %s is not within %s's induction periods in ect.md", day, e.Name)
	}
	if m.Minutes < 0 || m.Minutes > 600 {
		return fmt.Errorf("--minutes %d: give the length in minutes, 1 to 600", m.Minutes)
	}
	if m.Note != "" && strings.TrimSpace(m.Note) == "" {
		return errors.New("--note is blank: write the note, or leave it out")
	}
	return nil
}

// YAML writes the entry as the one line of flow YAML the log keeps it
// in: {date: "2026-11-18", kind: meeting, with: r-castellano, minutes: 45}.
func (m MentoringEntry) YAML() string {
	kind := record.EntryMeeting
	if m.Observing {
		kind = record.EntryObserving
	}
	s := fmt.Sprintf("{date: %q, kind: %s", m.Date.Format(time.DateOnly), kind)
	if m.With != "" {
		s += ", with: " + m.With
	}
	if m.Minutes > 0 {
		s += ", minutes: " + strconv.Itoa(m.Minutes)
	}
	if m.Note != "" {
		s += ", note: " + yamlQuote(m.Note)
	}
	return s + "}"
}

// yamlQuote writes text as a YAML double-quoted scalar on one line. Every
// escape strconv.Quote writes (\n, \t, \", \\, \a, \xXX, \uXXXX…) means
// the same in YAML; invalid UTF-8, which it would write byte by byte, is
// replaced first (FuzzMentoringEntry checks the round trip).
func yamlQuote(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	return strconv.Quote(text)
}

// NewMentoringLog starts an ECT's mentoring log, mentoring.md in their
// folder, from the template, with no entries yet.
func NewMentoringLog(templates fs.FS, e *record.ECT) (*Dated, error) {
	t, err := template.ParseFS(templates, "mentoring-log.md")
	if err != nil {
		return nil, fmt.Errorf("template mentoring-log: %w", err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, map[string]any{"TRN": e.TRN, "Name": e.Name, "Mentor": e.Mentor}); err != nil {
		return nil, fmt.Errorf("template mentoring-log: %w", err)
	}
	return &Dated{Rel: path.Join(path.Dir(e.Rel), "mentoring.md"), Content: b.Bytes()}, nil
}

// AddMentoring adds the entry at the end of the entries of the mentoring
// log src (the file as it is), changing nothing else in it. It refuses a
// file that is not a mentoring log, or whose front matter or entries are
// written on one line ({...}, [...]), which it cannot add to without
// rewriting them.
func AddMentoring(file string, src []byte, m MentoringEntry) ([]byte, error) {
	doc, d := frontmatter.Parse(file, src)
	if d != nil {
		return nil, fmt.Errorf("%s: fix it first (ect validate %s)", d, file)
	}
	if k, _ := doc.Values()["kind"].(string); k != string(record.KindMentoringLog) {
		return nil, fmt.Errorf("%s is not a mentoring log (kind: %s): fix it first (ect validate %s)", file, record.KindMentoringLog, file)
	}
	out, err := doc.AppendItem("entries", m.YAML())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return out, nil
}
