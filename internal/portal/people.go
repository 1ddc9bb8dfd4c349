package portal

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/access"

	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/remind"
	"github.com/ectdocs/ectdocs/internal/schedule"
	"github.com/ectdocs/ectdocs/internal/status"
)

// A person's pages: a home that starts with what they must do next, their
// ECTs and reports, and their calendar. School staff have them at
// /staff/<URN>-<id>/, the appropriate body's at /ab/<id>/; an ECT's home
// is their own portal's home page, or their page in the others.

func staffURL(urn int, id string) string { return fmt.Sprintf("/staff/%d-%s/", urn, id) }
func abStaffURL(id string) string        { return "/ab/" + id + "/" }
func ectCalendarURL(trn string) string   { return "/ects/" + trn + "/calendar/" }
func ectAccessURL(trn string) string     { return "/ects/" + trn + "/access/" }

// link is one entry of a navigation menu.
type link struct{ label, url string }

// menu is a navigation menu as the layouts take it: the entry for the page
// at url is marked current (aria-current="page").
func menu(links []link, url string) []map[string]any {
	var out []map[string]any
	for _, l := range links {
		out = append(out, map[string]any{"label": l.label, "url": l.url, "current": l.url == url})
	}
	return out
}

// siteNav is the menu on every page of the audience's portal.
func (w *writer) siteNav() []link {
	switch w.aud.Kind {
	case "ect":
		trn := w.sel.ects[0].TRN
		return w.withHelp([]link{{"Home: what to do next", "/"}, {"Your induction record", ectURL(trn)}, {"Your calendar", ectCalendarURL(trn)}, {"Who can see your records", ectAccessURL(trn)}})
	case "school":
		return w.withHelp([]link{{"Home", "/"}, {"School", schoolURL(w.sel.schools[0].URN)}, {"People", "/people/"}})
	}
	return w.withHelp([]link{{"Home", "/"}, {"Quality assurance", "/qa/"}, {"People", "/people/"}})
}

// withHelp ends a menu with the guides, when the portal has them.
func (w *writer) withHelp(links []link) []link {
	if w.opt.Guides == nil {
		return links
	}
	return append(links, link{"Help", helpURL})
}

// todoList is a person's to-do list as the layouts show it: each item with
// its due date and links to the editor's form and the page to read.
func todoList(l *remind.List) []map[string]any {
	if l == nil {
		return nil
	}
	var out []map[string]any
	for _, it := range l.Items {
		m := map[string]any{"action": it.Action, "ect": it.ECT, "report": it.Report, "state": it.State,
			"due": it.Due.Format(time.DateOnly), "when": it.When,
			"urgent": strings.HasPrefix(it.When, "overdue") || it.When == "due today" || it.When == schedule.NotProven.String()}
		if form := it.FormPath(); form != "" {
			m["edit"], m["edit_label"] = form, "Open the form"
			if it.Record == "" {
				m["edit_label"] = "Start it in the form"
			}
		}
		if pl := record.PlaceOf(it.Record); pl.Kind == record.KindProgressReview || pl.Kind == record.KindFormalAssessment {
			m["view"], m["view_label"] = reportURL(it.TRN, it.Record), "Read the report"
		} else {
			m["view"], m["view_label"] = ectURL(it.TRN), "The ECT's induction record"
		}
		out = append(out, m)
	}
	return out
}

// abList is what the appropriate body must do, for every member of its
// staff: each reviewer's list is the same.
func (w *writer) abList() *remind.List {
	var all *remind.List
	for _, st := range w.book.Body.Staff {
		l := w.todo["ab/"+st.ID]
		if l == nil {
			continue
		}
		if all == nil {
			all = &remind.List{Person: l.Person}
		}
		for _, it := range l.Items {
			if !slices.Contains(all.Items, it) {
				all.Items = append(all.Items, it)
			}
		}
	}
	return all
}

// person writes one person's three pages.
func (w *writer) person(dir, name, roles string, home map[string]any, ects []map[string]any, rows []map[string]any, events []map[string]any, feeds []map[string]any) {
	base := "/" + dir + "/"
	nav := []link{{"To do", base}, {"ECTs and reports", base + "ects/"}, {"Calendar", base + "calendar/"}}
	home["title"], home["view"], home["roles"], home["person_nav"] = name, "person", roles, menu(nav, base)
	w.page(dir+"/_index.md", home, nil)
	w.page(dir+"/ects.md", map[string]any{"title": name + ": ECTs and reports", "view": "person-ects", "ects": ects, "rows": rows,
		"person_nav": menu(nav, base+"ects/")}, nil)
	w.page(dir+"/calendar.md", map[string]any{"title": name + ": calendar", "view": "calendar", "events": events, "feeds": feeds,
		"person_nav": menu(nav, base+"calendar/")}, nil)
}

// people writes the pages of everyone with a part in the selection's
// inductions, and the list of them (/people/). An ECT's portal has none:
// it is that ECT's own.
func (w *writer) people() {
	if w.aud.Kind == "ect" {
		e := w.sel.ects[0]
		w.ectCalendar(e)
		return
	}
	var everyone []map[string]any
	for _, sc := range w.sel.schools {
		for _, st := range sc.Staff {
			var theirs []*record.ECT
			head := st.HasRole(record.StaffHeadteacher) || st.HasRole(record.StaffInductionLead)
			for _, e := range w.ectsBySchool[sc] {
				if head || e.Tutor == st.ID || e.Mentor == st.ID {
					theirs = append(theirs, e)
				}
			}
			l := w.todo[fmt.Sprintf("school/%d/%s", sc.URN, st.ID)]
			if len(theirs) == 0 && l == nil {
				continue
			}
			w.staff(sc, st, theirs, l)
			everyone = append(everyone, map[string]any{"name": st.Name, "url": staffURL(sc.URN, st.ID), "roles": roleWords(st.Roles), "where": sc.Name, "n": len(todoList(l))})
		}
	}
	ab := w.abList()
	for _, st := range w.book.Body.Staff {
		// A school's portal names the appropriate body's named contact
		// only.
		if w.aud.Kind == "school" && st.ID != w.book.Body.NamedContact {
			continue
		}
		w.abStaff(st, ab)
		everyone = append(everyone, map[string]any{"name": st.Name, "url": abStaffURL(st.ID), "roles": roleWords(st.Roles), "where": w.book.Body.Name, "n": len(todoList(ab))})
	}
	for _, e := range w.sel.ects {
		w.ectCalendar(e)
		everyone = append(everyone, map[string]any{"name": e.Name, "url": ectURL(e.TRN), "roles": "ECT", "where": e.School.Name, "n": len(todoList(w.todo["ect/"+e.TRN]))})
	}
	w.page("people.md", map[string]any{"title": "People", "view": "people", "people": everyone}, nil)
}

func roleWords(roles []record.StaffRole) string {
	var ws []string
	for _, r := range roles {
		ws = append(ws, r.Words())
	}
	return strings.Join(ws, ", ")
}

// staff writes a member of a school's staff's pages.
func (w *writer) staff(sc *record.School, st record.Staff, theirs []*record.ECT, l *remind.List) {
	var ects, events, feeds []map[string]any
	trns := map[string]bool{}
	tutor := false
	for _, e := range theirs {
		trns[e.TRN] = true
		var parts []string
		if e.Tutor == st.ID {
			parts, tutor = append(parts, "induction tutor"), true
		}
		if e.Mentor == st.ID {
			parts = append(parts, "mentor")
		}
		if len(parts) == 0 {
			parts = append(parts, roleWords(st.Roles))
		}
		m := map[string]any{"name": e.Name, "url": ectURL(e.TRN), "as": strings.Join(parts, " and ")}
		if in, ok := w.induction[e.TRN]; ok {
			m["next"], m["status"] = in.Next, in.Status
		}
		ects = append(ects, m)
		events = append(events, w.eventRows(e)...)
	}
	sortEvents(events)
	if tutor {
		feeds = append(feeds, map[string]any{"label": "Your ECTs' due dates (induction tutor)", "url": fmt.Sprintf("/calendar/tutor-%d-%s.ics", sc.URN, st.ID)})
	}
	feeds = append(feeds, map[string]any{"label": sc.Name + ": every ECT's due dates", "url": fmt.Sprintf("/calendar/school-%d.ics", sc.URN)})
	rows := w.rows(w.rowsBySchool[sc.Name], func(r status.Row) bool { return trns[r.TRN] })
	home := map[string]any{"todo": todoList(l), "todo_whose": "you", "where": sc.Name, "you": true}
	w.person(fmt.Sprintf("staff/%d-%s", sc.URN, st.ID), st.Name, roleWords(st.Roles), home, ects, rows, events, feeds)
}

// abStaff writes a member of the appropriate body's staff's pages: what
// the body must do, its reports awaiting review, and its deadlines.
func (w *writer) abStaff(st record.Staff, ab *remind.List) {
	var events, feeds []map[string]any
	for _, e := range w.sel.ects {
		events = append(events, w.eventRows(e)...)
	}
	sortEvents(events)
	for _, sc := range w.sel.schools {
		feeds = append(feeds, map[string]any{"label": sc.Name, "url": fmt.Sprintf("/calendar/school-%d.ics", sc.URN)})
	}
	var deciders []string
	for _, s := range w.book.Body.Staff {
		if s.Decides() {
			deciders = append(deciders, s.Name)
		}
	}
	home := map[string]any{"todo": todoList(ab), "todo_whose": "the appropriate body", "where": w.book.Body.Name, "you": st.Decides(), "deciders": strings.Join(deciders, ", ")}
	if st.Decides() {
		home["todo_whose"] = "you"
	}
	if w.aud.Kind == "school" {
		home["for_school"] = w.sel.schools[0].Name
	}
	var ects []map[string]any
	for _, sc := range w.sel.schools {
		ects = append(ects, map[string]any{"name": sc.Name, "url": schoolURL(sc.URN), "as": fmt.Sprintf("%d ECTs", len(w.ectsBySchool[sc]))})
	}
	rows := w.rows(w.board.Reports, func(r status.Row) bool { return r.State == schedule.Submitted })
	w.person("ab/"+st.ID, st.Name, roleWords(st.Roles), home, ects, rows, events, feeds)
}

// ectCalendar writes an ECT's calendar page.
func (w *writer) ectCalendar(e *record.ECT) {
	events := w.eventRows(e)
	sortEvents(events)
	w.page("ects/"+e.TRN+"/calendar.md", map[string]any{"title": e.Name + ": calendar", "view": "calendar", "events": events,
		"feeds":      []map[string]any{{"label": e.Name + ": due dates", "url": "/calendar/ect-" + e.TRN + ".ics"}},
		"person_nav": w.ectNav(e, ectCalendarURL(e.TRN))}, nil)
}

// ectNav is the menu of an ECT's pages; in their own portal the site's
// menu is theirs, and there is none besides.
func (w *writer) ectNav(e *record.ECT, url string) []map[string]any {
	if w.aud.Kind == "ect" {
		return nil
	}
	return menu([]link{{"Induction record", ectURL(e.TRN)}, {"Calendar", ectCalendarURL(e.TRN)}, {"Who can see these records", ectAccessURL(e.TRN)}}, url)
}

// ectAccess writes the page that says who can see and change the ECT's
// records, and why: the ECT must be told (SG 2.79).
func (w *writer) ectAccess(e *record.ECT) {
	var list map[string]any
	b, err := json.Marshal(access.For(w.book, e))
	if err == nil {
		err = json.Unmarshal(b, &list)
	}
	if err != nil {
		w.mu.Lock()
		w.err = cmp.Or(w.err, err)
		w.mu.Unlock()
		return
	}
	title := "Who can see " + e.Name + "'s records"
	if w.aud.Kind == "ect" {
		title = "Who can see your records"
	}
	w.page("ects/"+e.TRN+"/access.md", map[string]any{"title": title, "view": "access", "access": list,
		"person_nav": w.ectNav(e, ectAccessURL(e.TRN))}, nil)
}

// eventRows are an ECT's dates to come (the calendar feeds' events) as a
// calendar page lists them.
func (w *writer) eventRows(e *record.ECT) []map[string]any {
	var out []map[string]any
	for _, ev := range w.events(e) {
		if ev.Date.Before(w.opt.On) {
			continue
		}
		out = append(out, map[string]any{"date": ev.Date.Format(time.DateOnly), "what": ev.Summary, "detail": ev.Description, "url": ectURL(e.TRN)})
	}
	return out
}

func sortEvents(evs []map[string]any) {
	slices.SortStableFunc(evs, func(a, b map[string]any) int {
		return strings.Compare(a["date"].(string)+a["what"].(string), b["date"].(string)+b["what"].(string))
	})
}

// schoolTodo is who at the school must do something, and how much, for
// the school's home page: each links to their own page.
func (w *writer) schoolTodo() []map[string]any {
	sc := w.sel.schools[0]
	var out []map[string]any
	for _, st := range sc.Staff {
		if l := w.todo[fmt.Sprintf("school/%d/%s", sc.URN, st.ID)]; l != nil {
			first := l.Items[0]
			out = append(out, map[string]any{"name": st.Name, "url": staffURL(sc.URN, st.ID), "n": len(l.Items), "first": first.Action, "when": first.When})
		}
	}
	return out
}
