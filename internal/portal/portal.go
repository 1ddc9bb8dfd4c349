// Package portal writes the read-only portal for one audience (the
// appropriate body, one school, or one ECT) as a Hugo project and builds it
// with the pinned Hugo. What an audience may see is decided once, when the
// records are selected: every page is made from that selection only.
package portal

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/ical"
	"github.com/ectdocs/ectdocs/internal/qa"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/remind"
	"github.com/ectdocs/ectdocs/internal/schedule"
	"github.com/ectdocs/ectdocs/internal/status"
)

// Audience is who a build is for.
type Audience struct {
	Kind string // "ab", "school" or "ect"
	URN  int    // the school, for "school"
	TRN  string // the ECT, for "ect"
}

// Scope is what the audience's portal reads of the records folder: all of
// it for the AB; body.md and the school's folder for a school; body.md,
// each school's school.md and the ECT's own folder for an ECT (the ECT's
// school is not known before reading). What a portal shows is chosen from
// what was read (selectFor), so reading less changes no page: it is what
// lets one school's portal be built without parsing every school's
// records (TestScopeChangesNothing).
func (a Audience) Scope() record.Scope {
	switch a.Kind {
	case "school":
		prefix := fmt.Sprintf("schools/%d-", a.URN)
		return func(rel string, dir bool) bool {
			return rel == "body.md" || rel == "schools" || strings.HasPrefix(rel, prefix)
		}
	case "ect":
		return func(rel string, dir bool) bool {
			if rel == "body.md" || record.SchoolsOnly(rel, dir) {
				return true
			}
			// schools/<school>/ects, and the ECT's own folder in it.
			parts := strings.Split(rel, "/")
			return len(parts) >= 3 && parts[0] == "schools" && parts[2] == "ects" && (len(parts) == 3 && dir || len(parts) > 3 && parts[3] == a.TRN)
		}
	}
	return nil
}

// ParseAudience reads ab, school:URN or ect:TRN.
func ParseAudience(s string) (Audience, error) {
	kind, arg, _ := strings.Cut(s, ":")
	switch kind {
	case "ab":
		if arg == "" {
			return Audience{Kind: "ab"}, nil
		}
	case "school":
		if urn, err := strconv.Atoi(arg); err == nil && urn >= 100000 && urn <= 999999 {
			return Audience{Kind: "school", URN: urn}, nil
		}
	case "ect":
		if record.ValidTRN(arg) {
			return Audience{Kind: "ect", TRN: arg}, nil
		}
	}
	return Audience{}, fmt.Errorf("--audience %q: give ab, school:URN (6 digits) or ect:TRN (7 digits)", s)
}

// Includes reports whether the audience may see the ECT's records.
func Includes(a Audience, e *record.ECT) bool {
	switch a.Kind {
	case "school":
		return e.School != nil && e.School.URN == a.URN
	case "ect":
		return e.TRN == a.TRN
	}
	return true
}

// Flag is the audience as ect build's --audience takes it: "ab",
// "school:990101", "ect:9900101" (ParseAudience reads it back).
func (a Audience) Flag() string {
	switch a.Kind {
	case "school":
		return fmt.Sprintf("school:%d", a.URN)
	case "ect":
		return "ect:" + a.TRN
	}
	return "ab"
}

// String names the audience in messages: "school 990101".
func (a Audience) String() string {
	switch a.Kind {
	case "school":
		return fmt.Sprintf("school %d", a.URN)
	case "ect":
		return "ECT " + a.TRN
	}
	return "the appropriate body"
}

// Options are what a build needs besides the records.
type Options struct {
	On     time.Time // the day the states and due dates are worked out for
	Commit string    // the commit the records were built from
	// CommitDate is that commit's date: PDFs take it as their creation
	// date, so that the same commit gives the same bytes.
	CommitDate time.Time
	Built      time.Time // when the build was made
	// PDFs is true when each report's PDF is published beside its page,
	// as pdf/<TRN>/<report>.pdf.
	PDFs bool
	// Proofs are the audit's proofs by report path, and Trails the
	// reports' trails, when the records are in Git.
	Proofs map[string][]*audit.Proof
	Trails map[string]*audit.Trail
	// Guides are the teachers' guides published under /help/
	// (ectdocs.Guides); nil publishes none.
	Guides fs.FS
}

// Stats says what a build wrote.
type Stats struct {
	Pages int
}

// selection is what one audience may see, chosen once.
type selection struct {
	body    *record.Body
	schools []*record.School
	ects    []*record.ECT
	filter  status.Filter
}

// Selected is what the audience may see: its schools and ECTs, chosen by
// the code that chooses the pages' records (the editor's configuration
// names these and no others).
func Selected(book *record.Book, aud Audience) ([]*record.School, []*record.ECT, error) {
	sel, err := selectFor(book, aud)
	if err != nil {
		return nil, nil, err
	}
	return sel.schools, sel.ects, nil
}

func selectFor(book *record.Book, aud Audience) (*selection, error) {
	s := &selection{body: book.Body}
	switch aud.Kind {
	case "ab":
		s.schools, s.ects = book.Schools, book.ECTs
	case "school":
		for _, sc := range book.Schools {
			if sc.URN == aud.URN {
				s.schools = []*record.School{sc}
			}
		}
		if s.schools == nil {
			return nil, fmt.Errorf("no school with URN %d in the records", aud.URN)
		}
		for _, e := range book.ECTs {
			if Includes(aud, e) {
				s.ects = append(s.ects, e)
			}
		}
		s.filter = status.Filter{School: aud.URN}
	case "ect":
		for _, e := range book.ECTs {
			if Includes(aud, e) {
				s.ects = []*record.ECT{e}
				s.schools = []*record.School{e.School}
			}
		}
		if s.ects == nil {
			return nil, fmt.Errorf("no ECT with TRN %s in the records", aud.TRN)
		}
		s.filter = status.Filter{TRN: aud.TRN}
	}
	return s, nil
}

// Write writes the Hugo project for one audience into dir: the embedded
// layouts and styles from site, and content/ made from the selected
// records only.
func Write(book *record.Book, aud Audience, site fs.FS, opt Options, dir string) (Stats, error) {
	if book.Body == nil {
		return Stats{}, errors.New("the records have no body.md")
	}
	sel, err := selectFor(book, aud)
	if err != nil {
		return Stats{}, err
	}
	board, err := status.Build(book, opt.On, sel.filter, audit.ProofOf(opt.Proofs))
	if err != nil {
		return Stats{}, err
	}
	if err := copySite(site, dir); err != nil {
		return Stats{}, err
	}
	// A rewrite (ect serve) replaces what the last one wrote.
	for _, old := range []string{"content", filepath.Join("data", "ectdocs_pages.json"), filepath.Join("static", "calendar"), filepath.Join("static", "help")} {
		if err := os.RemoveAll(filepath.Join(dir, old)); err != nil {
			return Stats{}, err
		}
	}
	w := &writer{dir: filepath.Join(dir, "content"), book: book, sel: sel, board: board, opt: opt, aud: aud,
		todo: remind.Todo(book, board, opt.On, remind.Options{})}
	w.nav = w.siteNav()
	w.index()
	params := map[string]any{"body": book.Body.Name, "audience": aud.String(), "audience_kind": aud.Kind, "commit": opt.Commit, "built": opt.Built.Format("2 January 2006 15:04")}
	if err := appendParams(filepath.Join(dir, "hugo.toml"), params); err != nil {
		return Stats{}, err
	}
	w.out = newFiles()
	w.home(aud)
	if aud.Kind == "ab" {
		w.qa()
	}
	for _, sc := range sel.schools {
		w.school(sc)
	}
	// Each ECT's pages, the people's and the calendar feeds only read
	// the records and the board: they are made on every core.
	var wg sync.WaitGroup
	ects := make(chan *record.ECT)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for e := range ects {
				w.ect(e)
				w.ectAccess(e)
				for _, r := range e.Reports {
					w.report(e, r)
				}
			}
		})
	}
	wg.Go(w.people)
	var feedErr error
	wg.Go(func() { feedErr = w.feeds(filepath.Join(dir, "static", "calendar")) })
	for _, e := range sel.ects {
		ects <- e
	}
	close(ects)
	wg.Wait()
	if w.err == nil {
		w.err = cmp.Or(feedErr, w.help(opt.Guides, filepath.Join(dir, "static")))
	}
	if w.err == nil {
		w.err = w.adapt(dir)
	}
	if err := w.out.wait(); w.err == nil {
		w.err = err
	}
	return Stats{Pages: w.pages}, w.err
}

// feeds writes a calendar of due dates and deadlines for each school,
// tutor and ECT in the selection.
func (w *writer) feeds(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	bySchool := map[int][]ical.Event{}
	byTutor := map[string][]ical.Event{}
	for _, e := range w.sel.ects {
		evs := w.events(e)
		bySchool[e.School.URN] = append(bySchool[e.School.URN], evs...)
		key := fmt.Sprintf("%d-%s", e.School.URN, e.Tutor)
		byTutor[key] = append(byTutor[key], evs...)
		if err := w.feed(dir, "ect-"+e.TRN+".ics", e.Name+": induction dates", evs); err != nil {
			return err
		}
	}
	for _, sc := range w.sel.schools {
		if err := w.feed(dir, fmt.Sprintf("school-%d.ics", sc.URN), sc.Name+": induction dates", bySchool[sc.URN]); err != nil {
			return err
		}
	}
	for key, evs := range byTutor {
		if err := w.feed(dir, "tutor-"+key+".ics", "Induction tutor: reports and deadlines", evs); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) feed(dir, name, title string, evs []ical.Event) error {
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Date.Before(evs[j].Date) })
	var b strings.Builder
	if err := ical.Write(&b, title, evs, w.opt.Built); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644)
}

// events are an ECT's due dates still to come and the statutory
// deadlines after their final assessment.
func (w *writer) events(e *record.ECT) []ical.Event {
	sum := w.board.Summaries[e.TRN]
	if sum == nil {
		return nil
	}
	var evs []ical.Event
	for _, x := range sum.Reports {
		if x.State.Done() || x.Due.IsZero() {
			continue
		}
		evs = append(evs, ical.Event{Key: fmt.Sprintf("%s/report/%d/%s", e.TRN, x.Number, x.Kind), Date: x.Due,
			Summary: fmt.Sprintf("%s: %s due", e.Name, x.Label()), Description: fmt.Sprintf("%s, %s. State: %s.", x.Term, e.School.Name, x.State)})
	}
	for _, d := range sum.Deadlines {
		evs = append(evs, ical.Event{Key: fmt.Sprintf("%s/deadline/%s", e.TRN, d.What), Date: d.Due,
			Summary: fmt.Sprintf("%s: %s", e.Name, d.What), Description: d.Rule})
	}
	return evs
}

// writer writes content pages, remembering the first error.
type writer struct {
	dir   string
	book  *record.Book
	sel   *selection
	board *status.Board
	opt   Options
	aud   Audience
	pages int
	err   error
	out   *files
	// adapted are the pages the content adapter adds (page); mu guards
	// them, pages, err and out, as pages are made on several goroutines.
	adapted []adapted
	mu      sync.Mutex

	// todo are the to-do lists by remind.Person.ID (remind.Todo), and nav
	// the menu on every page.
	todo map[string]*remind.List
	nav  []link

	// Indexes of the board, made once: pages look things up, never scan.
	induction    map[string]status.Induction // by TRN
	rowsBySchool map[string][]status.Row     // by school name
	ectsBySchool map[*record.School][]*record.ECT
	qaResult     *qa.Result // findings, once
}

func (w *writer) index() {
	w.induction = map[string]status.Induction{}
	for _, in := range w.board.ECTs {
		w.induction[in.TRN] = in
	}
	w.rowsBySchool = map[string][]status.Row{}
	for _, r := range w.board.Reports {
		w.rowsBySchool[r.School] = append(w.rowsBySchool[r.School], r)
	}
	w.ectsBySchool = map[*record.School][]*record.ECT{}
	for _, e := range w.sel.ects {
		w.ectsBySchool[e.School] = append(w.ectsBySchool[e.School], e)
	}
}

// page writes one page. A list page (home, a section: _index.md) is a
// file, JSON front matter then Markdown; every other page is an entry of
// one data file that the content adapter (contentAdapter) hands to Hugo:
// tens of thousands of pages are then one file to write and one to read,
// not tens of thousands.
func (w *writer) page(rel string, front map[string]any, body []byte) {
	front["site_nav"] = menu(w.nav, pageURL(rel))
	if path.Base(rel) != "_index.md" {
		title, _ := front["title"].(string)
		params := maps.Clone(front)
		delete(params, "title")
		b, err := json.Marshal(adaptedPage{Path: strings.TrimSuffix(rel, ".md"), Kind: "page", Title: title, Params: params,
			Content: adaptedContent{MediaType: "text/markdown", Value: string(body)}})
		w.mu.Lock()
		defer w.mu.Unlock()
		if err != nil && w.err == nil {
			w.err = err
		}
		w.adapted = append(w.adapted, adapted{rel, b})
		w.pages++
		return
	}
	fm, err := json.Marshal(front)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil && w.err == nil {
		w.err = err
	}
	w.out.add(filepath.Join(w.dir, filepath.FromSlash(rel)), append(append(fm, '\n'), body...))
	w.pages++
}

// adapted is one page for the content adapter, as JSON.
type adapted struct {
	rel  string
	json []byte
}

// adaptedPage is a page as Hugo's content adapter adds it (AddPage).
type adaptedPage struct {
	Path    string         `json:"path"`
	Kind    string         `json:"kind"`
	Title   string         `json:"title"`
	Params  map[string]any `json:"params"`
	Content adaptedContent `json:"content"`
}

type adaptedContent struct {
	MediaType string `json:"mediaType"`
	Value     string `json:"value"`
}

// contentAdapter adds the pages of data/ectdocs_pages.json
// (gohugo.io/content-management/content-adapters).
const contentAdapter = `{{/* Written by ect build: adds every page listed in data/ectdocs_pages.json. */}}
{{ range .Site.Data.ectdocs_pages }}{{ $.AddPage . }}{{ end }}
`

// adapt writes the data file of the pages the content adapter adds, and
// the adapter.
func (w *writer) adapt(dir string) error {
	// In the pages' order, whatever order they were made in.
	slices.SortFunc(w.adapted, func(a, b adapted) int { return strings.Compare(a.rel, b.rel) })
	var data bytes.Buffer
	data.WriteByte('[')
	for i, p := range w.adapted {
		if i > 0 {
			data.WriteString(",\n")
		}
		data.Write(p.json)
	}
	data.WriteString("]\n")
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "ectdocs_pages.json"), data.Bytes(), 0o644); err != nil {
		return err
	}
	w.out.add(filepath.Join(w.dir, "_content.gotmpl"), []byte(contentAdapter))
	return nil
}

// pageURL is the address of the page written at rel in content/.
func pageURL(rel string) string {
	rel = strings.TrimSuffix(strings.TrimSuffix(rel, ".md"), "_index")
	if rel == "" {
		return "/"
	}
	return "/" + strings.TrimSuffix(rel, "/") + "/"
}

func schoolURL(urn int) string { return fmt.Sprintf("/schools/%d/", urn) }
func ectURL(trn string) string { return "/ects/" + trn + "/" }
func reportURL(trn, file string) string {
	return "/reports/" + trn + "/" + strings.TrimSuffix(path.Base(file), ".md") + "/"
}

// rows turns status rows into the table the layouts show. A report whose
// signatures Git does not prove says so in its row: "?" for each such
// signature, and a warning with its state.
func (w *writer) rows(list []status.Row, keep func(status.Row) bool) []map[string]any {
	var out []map[string]any
	for _, r := range list {
		if !keep(r) {
			continue
		}
		m := map[string]any{"name": r.Name, "report": r.Report, "state": r.State.String(), "due": r.Due,
			"signed_tutor": r.Signed[string(record.RoleTutor)], "signed_ect": r.Signed[string(record.RoleECT)], "ect_url": ectURL(r.TRN),
			"unproven_tutor": slices.Contains(r.NotProven, string(record.RoleTutor)), "unproven_ect": slices.Contains(r.NotProven, string(record.RoleECT)),
			"not_proven":  r.State == schedule.NotProven,
			"state_class": strings.ReplaceAll(r.State.String(), " ", "-")}
		if r.File != "" {
			m["url"] = reportURL(r.TRN, r.File)
		}
		out = append(out, m)
	}
	return out
}

// home writes the audience's home page. Its counts are of the table below
// them: the reports that need completing, by state.
func (w *writer) home(aud Audience) {
	counts := map[string]any{"ects": len(w.board.ECTs), "on_track": 0, "not_on_track": 0}
	for _, in := range w.board.ECTs {
		switch {
		case in.OnTrack == nil:
		case *in.OnTrack:
			counts["on_track"] = counts["on_track"].(int) + 1
		default:
			counts["not_on_track"] = counts["not_on_track"].(int) + 1
		}
	}
	var states []map[string]any
	n := map[schedule.State]int{}
	var order []schedule.State
	for _, r := range w.board.Reports {
		if n[r.State] == 0 {
			order = append(order, r.State)
		}
		n[r.State]++
	}
	for _, st := range order {
		states = append(states, map[string]any{"state": st.String(), "n": n[st], "warn": st == schedule.NotProven || st == schedule.Overdue})
	}
	counts["states"] = states
	var schools []map[string]any
	for _, sc := range w.sel.schools {
		m := map[string]any{"urn": sc.URN, "name": sc.Name, "url": schoolURL(sc.URN)}
		n, late, not, unproven := len(w.ectsBySchool[sc]), 0, 0, 0
		for _, e := range w.ectsBySchool[sc] {
			if in := w.induction[e.TRN]; in.OnTrack != nil && !*in.OnTrack {
				not++
			}
		}
		for _, r := range w.rowsBySchool[sc.Name] {
			switch r.State {
			case schedule.Overdue:
				late++
			case schedule.NotProven:
				unproven++
			}
		}
		m["ects"], m["overdue"], m["not_on_track"], m["not_proven"] = n, late, not, unproven
		schools = append(schools, m)
	}
	all := w.rows(w.board.Reports, func(status.Row) bool { return true })
	title := w.sel.body.Name
	front := map[string]any{"view": "home", "counts": counts, "needs": all, "not_in_git": w.opt.Proofs == nil}
	switch aud.Kind {
	case "ab":
		front["schools"] = schools
		front["todo"], front["todo_whose"] = todoList(w.abList()), "the appropriate body"
		front["ab_deadlines"], front["review_target"] = w.abDeadlines(), schedule.ReviewTarget
	case "school":
		title = w.sel.schools[0].Name
		front["schools"] = schools
		front["staff_todo"] = w.schoolTodo()
	case "ect":
		e := w.sel.ects[0]
		title = e.Name
		front["todo"], front["todo_whose"] = todoList(w.todo["ect/"+e.TRN]), "you"
		if in, ok := w.induction[e.TRN]; ok {
			front["induction"] = map[string]any{"served": in.Served, "required": in.Required, "remaining": in.Remaining,
				"expected_end": in.ExpectedEnd, "status": in.Status, "url": ectURL(e.TRN)}
		}
	}
	front["title"] = title
	w.page("_index.md", front, nil)
}

// abDeadlines lists what the appropriate body itself owes, late first:
// reports submitted to it past the review target (10 working days), and
// its statutory decisions and notices after a final assessment (ect qa's
// decision findings).
func (w *writer) abDeadlines() []map[string]any {
	var out []map[string]any
	hol, err := calendar.BankHolidaysFor(calendar.FromYears(w.book.Body.Calendar))
	if err != nil {
		return nil
	}
	for _, e := range w.sel.ects {
		sum := w.board.Summaries[e.TRN]
		if sum == nil {
			continue
		}
		for _, x := range sum.Reports {
			sub, ok := x.Report.Submitted()
			if x.State != schedule.Submitted || !ok {
				continue
			}
			target := hol.AddWorkingDays(sub, schedule.ReviewTarget)
			m := map[string]any{"what": "Review: " + x.Label(), "name": e.Name, "ect_url": ectURL(e.TRN), "due": target.Format(time.DateOnly),
				"detail": "submitted " + sub.Format(time.DateOnly), "url": reportURL(e.TRN, x.Report.Rel)}
			if days := int(w.opt.On.Sub(target).Hours() / 24); days > 0 {
				m["late"] = fmt.Sprintf("overdue by %d days", days)
			}
			out = append(out, m)
		}
	}
	for _, f := range w.findings().Findings {
		if f.Check != "decision" {
			continue
		}
		out = append(out, map[string]any{"what": "Decision or notice", "name": f.ECT, "ect_url": ectURL(f.TRN), "detail": f.Detail, "late": "see the detail"})
	}
	slices.SortStableFunc(out, func(a, b map[string]any) int {
		_, la := a["late"]
		_, lb := b["late"]
		switch {
		case la && !lb:
			return -1
		case lb && !la:
			return 1
		}
		return 0
	})
	return out
}

// findings are ect qa's findings on the day, worked out once for the AB's
// home page and its QA page.
func (w *writer) findings() *qa.Result {
	if w.qaResult == nil {
		w.qaResult = qa.Check(w.book, w.board, w.opt.On)
	}
	return w.qaResult
}

// qa writes the appropriate body's quality-assurance page: what an AB
// checks every week.
func (w *writer) qa() {
	// The findings are ect qa's (internal/qa), grouped by check; the sample
	// of schools to visit is this school year's.
	res := w.findings()
	byCheck := map[string][]map[string]any{}
	for _, f := range res.Findings {
		key := strings.ReplaceAll(f.Check, "-", "_")
		byCheck[key] = append(byCheck[key], map[string]any{"name": f.ECT, "url": ectURL(f.TRN), "school": f.School, "detail": f.Detail})
	}
	var sample []map[string]any
	for _, v := range qa.Sample(w.book.Schools, res.Findings, calendar.SchoolYear(w.opt.On), 0.4) {
		sample = append(sample, map[string]any{"name": v.School, "url": schoolURL(v.URN), "findings": v.Concerns})
	}
	awaiting := w.rows(w.board.Reports, func(r status.Row) bool { return r.State.String() == "submitted" })
	w.page("qa.md", map[string]any{"title": "Quality assurance", "view": "qa", "findings": byCheck, "count": len(res.Findings),
		"sample": sample, "awaiting": awaiting}, nil)
}

func (w *writer) school(sc *record.School) {
	var ects []map[string]any
	for _, e := range w.ectsBySchool[sc] {
		m := map[string]any{"name": e.Name, "url": ectURL(e.TRN), "tutor": sc.StaffName(e.Tutor)}
		if in, ok := w.induction[e.TRN]; ok {
			m["next"], m["status"] = in.Next, in.Status
		}
		ects = append(ects, m)
	}
	front := map[string]any{"title": sc.Name, "view": "school", "urn": sc.URN, "ects": ects,
		"calendar": fmt.Sprintf("/calendar/school-%d.ics", sc.URN)}
	w.page(fmt.Sprintf("schools/%d.md", sc.URN), front, nil)
}

func (w *writer) ect(e *record.ECT) {
	front := map[string]any{"title": e.Name, "view": "ect", "trn": e.TRN, "school": e.School.Name,
		"tutor": e.School.StaffName(e.Tutor), "mentor": e.School.StaffName(e.Mentor),
		"calendar":  "/calendar/ect-" + e.TRN + ".ics",
		"programme": programmeText(e, w.opt.On)}
	if w.opt.PDFs {
		front["pdf"] = "/pdf/" + e.TRN + "/induction-record.pdf"
	}
	if in, ok := w.induction[e.TRN]; ok {
		front["induction"] = map[string]any{"served": in.Served, "required": in.Required, "remaining": in.Remaining,
			"expected_end": in.ExpectedEnd, "status": in.Status}
	}
	var timeline []map[string]any
	if sum := w.board.Summaries[e.TRN]; sum != nil {
		for _, x := range sum.Reports {
			item := map[string]any{"when": x.Term.String(), "title": x.Label(), "state": x.State.String(), "not_proven": x.State == schedule.NotProven}
			if x.Report != nil {
				item["url"] = reportURL(e.TRN, x.Report.Rel)
			}
			timeline = append(timeline, item)
		}
	}
	for _, o := range e.Observations {
		timeline = append(timeline, map[string]any{"when": string(o.Date), "title": "Lesson observation: " + o.Lesson})
	}
	for _, p := range e.SupportPlans {
		timeline = append(timeline, map[string]any{"when": string(p.Created), "title": "Support plan"})
	}
	front["timeline"] = timeline
	front["decisions"], front["deadlines"] = w.decisions(e)
	front["todo"], front["todo_whose"] = todoList(w.todo["ect/"+e.TRN]), e.Name
	front["person_nav"] = w.ectNav(e, ectURL(e.TRN))
	var notes []byte
	if m := e.Mentoring; m != nil {
		front["mentoring"], notes = mentoringLog(e, m)
	}
	w.page("ects/"+e.TRN+".md", front, notes)
}

// programmeText says what the ECT's training programme is and the
// framework it is based on, on day on: "provider-led, based on the
// Initial Teacher Training and Early Career Framework (ITTECF)".
func programmeText(e *record.ECT, on time.Time) string {
	return e.Programme.Words() + ", based on the " + e.Framework(on).Name()
}

var htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)

// mentoringLog is the ECT's mentoring log as the ECT page shows it: the
// entries by date, with names for ids, and the log's notes (its Markdown,
// less the template's comments).
func mentoringLog(e *record.ECT, m *record.MentoringLog) (map[string]any, []byte) {
	entries := slices.Clone(m.Entries)
	slices.SortStableFunc(entries, func(a, b record.MentoringEntry) int { return strings.Compare(string(a.Date), string(b.Date)) })
	var rows []map[string]any
	meetings, observing, last := 0, 0, ""
	for _, x := range entries {
		kind := "meeting"
		if x.Kind == record.EntryObserving {
			kind = "observed a lesson"
			observing++
		} else {
			meetings++
			last = string(x.Date)
		}
		row := map[string]any{"date": string(x.Date), "kind": kind, "note": x.Note, "minutes": ""}
		if who := x.WithWhom(e); who != "" {
			row["with"] = e.School.StaffName(who)
		}
		if x.Minutes > 0 {
			row["minutes"] = strconv.Itoa(x.Minutes)
		}
		rows = append(rows, row)
	}
	notes := bytes.TrimSpace(htmlComment.ReplaceAll(m.Doc.Body(), nil))
	if len(notes) == 0 {
		notes = nil
	}
	return map[string]any{"entries": rows, "meetings": meetings, "observing": observing, "last": last}, notes
}

// decisions lists the AB's outcome and extensions of an ECT's induction,
// each with what Git history proves of it, and the statutory steps after
// the final assessment.
func (w *writer) decisions(e *record.ECT) (decisions, deadlines []map[string]string) {
	proofs := w.opt.Proofs[e.Rel]
	proof := func(entry string) string {
		for _, p := range proofs {
			if p.Entry == entry {
				return p.Describe()
			}
		}
		return "not checked against Git history"
	}
	by := w.book.Body.StaffName
	for i, x := range e.Extensions {
		decisions = append(decisions, map[string]string{"what": fmt.Sprintf("Extended by %.1f terms: %s", x.Terms, x.Reason), "decided": string(x.Decided),
			"by": by(x.By), "notified": string(x.Notified), "proof": proof(fmt.Sprintf("extensions[%d]", i))})
	}
	for i, pd := range e.Periods {
		if o := pd.Outcome; o != nil {
			what := map[string]string{"pass": "Passed induction", "fail": "Failed induction"}[o.Result]
			decisions = append(decisions, map[string]string{"what": what, "decided": string(o.Decided), "by": by(o.By), "notified": string(o.Notified),
				"proof": proof(fmt.Sprintf("periods[%d].outcome", i))})
		}
	}
	if sum := w.board.Summaries[e.TRN]; sum != nil && slices.ContainsFunc(sum.Reports, func(x *schedule.Expected) bool { return x.Assessment == "final" && x.Report != nil }) {
		for _, d := range sum.Deadlines {
			deadlines = append(deadlines, map[string]string{"what": d.What, "due": d.Due.Format(time.DateOnly), "rule": d.Rule})
		}
	}
	return decisions, deadlines
}

func (w *writer) report(e *record.ECT, r *record.Report) {
	kind := r.Title()
	title := fmt.Sprintf("%s: %s, %s %s", e.Name, kind, r.Place.Term, r.Place.Year)
	header := []map[string]string{
		{"label": "ECT", "value": e.Name}, {"label": "TRN", "value": e.TRN}, {"label": "School", "value": e.School.Name},
		{"label": "Induction tutor", "value": e.School.StaffName(r.Tutor)}, {"label": "Mentor", "value": e.School.StaffName(r.Mentor)},
		{"label": "Period", "value": string(r.Period.From) + " to " + string(r.Period.To)}, {"label": "Term", "value": strconv.Itoa(r.Term)},
		{"label": "FTE", "value": strconv.FormatFloat(r.FTE, 'f', -1, 64)}, {"label": "Days absent", "value": strconv.FormatFloat(r.DaysAbsent, 'f', -1, 64)},
		{"label": "Appropriate body", "value": w.sel.body.Name},
	}
	if r.OnTrack != nil {
		header = append(header, map[string]string{"label": "On track", "value": record.YesNo(*r.OnTrack)})
	}
	if r.Recommendation != "" {
		header = append(header, map[string]string{"label": "Recommendation", "value": r.Recommendation})
	}
	var answers []map[string]string
	if r.ProgrammeAccessed != nil {
		answers = append(answers, map[string]string{"question": e.ReportFramework(r).ProgrammeQuestion(), "answer": record.YesNo(*r.ProgrammeAccessed)})
	}
	for _, q := range w.sel.body.ExtraQuestions {
		if v, ok := r.Answers()[q.ID]; ok {
			answers = append(answers, map[string]string{"question": q.Question, "answer": record.AnswerText(v)})
		}
	}
	var sigs []map[string]string
	proofs := w.opt.Proofs[r.Rel]
	for i, s := range r.Signatures {
		m := map[string]string{"role": string(s.Role), "name": e.SignerName(s), "on": string(s.On), "proof": "not checked against Git history"}
		if s.Imported {
			m["proof"] = "imported, not proven from Git"
		}
		if i < len(proofs) {
			m["proof"] = proofs[i].Describe()
		}
		sigs = append(sigs, m)
	}
	if rv := r.ABReview; rv != nil {
		m := map[string]string{"role": "appropriate body (" + string(rv.Decision) + ")", "name": w.sel.body.StaffName(rv.By), "on": string(rv.On), "proof": "not checked against Git history"}
		if rv.Imported {
			m["proof"] = "imported, not proven from Git"
		}
		if n := len(r.Signatures); n < len(proofs) {
			m["proof"] = proofs[n].Describe()
		}
		sigs = append(sigs, m)
	}
	front := map[string]any{"title": title, "view": "report", "header": header, "answers": answers, "signatures": sigs}
	if x := w.expected(e, r); x != nil {
		front["state"] = x.State.String()
		if x.State == schedule.NotProven {
			front["not_proven"] = audit.Unproven(w.opt.Proofs, r)
		}
	}
	if t := w.opt.Trails[r.Rel]; t != nil {
		front["trail"] = t.Steps
	}
	if w.opt.PDFs {
		front["pdf"] = "/pdf/" + e.TRN + "/" + strings.TrimSuffix(path.Base(r.Rel), ".md") + ".pdf"
	}
	w.page("reports/"+e.TRN+"/"+strings.TrimSuffix(path.Base(r.Rel), ".md")+".md", front, r.Doc.Body())
}

// expected is the schedule's entry for a filed report.
func (w *writer) expected(e *record.ECT, r *record.Report) *schedule.Expected {
	if sum := w.board.Summaries[e.TRN]; sum != nil {
		for _, x := range sum.Reports {
			if x.Report == r {
				return x
			}
		}
	}
	return nil
}

// copySite copies the embedded Hugo project into dir.
func copySite(site fs.FS, dir string) error {
	return fs.WalkDir(site, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(site, p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

// appendParams adds the build's parameters to hugo.toml.
func appendParams(p string, params map[string]any) error {
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	var b strings.Builder
	b.WriteString("\n[params]\n")
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, _ := json.Marshal(fmt.Sprint(params[k])) // a JSON string is a TOML basic string
		fmt.Fprintf(&b, "  %s = %s\n", k, v)
	}
	_, err = f.WriteString(b.String())
	return err
}
