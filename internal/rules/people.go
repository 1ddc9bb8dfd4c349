package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/spell"
)

// Rule names for people, roles and the body's configuration.
const (
	RuleUnknownPerson = "unknown-person" // a reference to someone not in the records
	RuleRole          = "role"           // someone acting in a role they do not hold
	RuleQTS           = "qts"            // tutor, mentor or observer without QTS
	RuleTutorMentor   = "tutor-mentor"   // the tutor is also the mentor without a justification
	RuleNamedContact  = "named-contact"  // the ECTs' named contact also takes decisions
	RuleCalendar      = "calendar"       // term dates out of order or overlapping
)

func checkBody(b *record.Book, r *reporter) {
	body := b.Body
	if body == nil {
		return
	}
	ids := map[string]bool{}
	for i, s := range body.Staff {
		if ids[s.ID] {
			r.errorf(body.File, p("staff", i, "id"), RuleDuplicate, "id %q is used twice: every member of staff needs their own id", s.ID)
		}
		ids[s.ID] = true
	}
	if body.NamedContact != "" {
		if s, ok := body.Person(body.NamedContact); !ok {
			hint := suggestID(body.NamedContact, abIDs(body))
			if hint == "" {
				hint = ": add them to staff or fix the id"
			}
			r.errorf(body.File, p("named_contact"), RuleUnknownPerson, "named_contact %q is not in the AB's staff%s", body.NamedContact, hint)
		} else if s.Decides() {
			r.warnf(body.File, p("named_contact"), RuleNamedContact, "%s reviews reports or takes decisions, but the ECTs' named contact must not be involved in monitoring or decisions (SG 2.28): name someone else", s.Name)
		}
	}
	checkCalendar(r, body.File, body.Calendar)
}

func checkSchools(b *record.Book, r *reporter) {
	for _, s := range b.Schools {
		ids := map[string]bool{}
		for i, st := range s.Staff {
			if ids[st.ID] {
				r.errorf(s.File, p("staff", i, "id"), RuleDuplicate, "id %q is used twice in this school: every member of staff needs their own id", st.ID)
			}
			ids[st.ID] = true
		}
		checkCalendar(r, s.File, s.Calendar)
		for i, c := range s.FidelityChecks {
			abRef(r, b, s.File, p("fidelity_checks", i, "by"), c.By)
		}
	}
}

// checkLogins: a GitHub login is one person's. Its no-reply addresses
// are that person's Git identities, so a login given to two people would
// let one sign as the other; each holder after the first (in the order
// body.md, the schools, the ECTs) is reported, naming the first.
func checkLogins(b *record.Book, r *reporter) {
	type holder struct {
		name, file string
	}
	first := map[string]holder{}
	check := func(f *record.File, at []string, login, name string) {
		if login == "" || f == nil {
			return
		}
		key := strings.ToLower(login)
		if h, taken := first[key]; taken {
			r.errorf(f, at, RuleDuplicate, "GitHub login %q is also %s's (%s): a GitHub account is one person's, and its commits would count as either's; give each person their own", login, h.name, h.file)
			return
		}
		first[key] = holder{name, f.Path()}
	}
	if body := b.Body; body != nil {
		for i, s := range body.Staff {
			check(body.File, p("staff", i, "github"), s.GitHub, s.Name)
		}
	}
	for _, s := range b.Schools {
		for i, st := range s.Staff {
			check(s.File, p("staff", i, "github"), st.GitHub, st.Name)
		}
	}
	for _, e := range b.ECTs {
		check(e.File, p("github"), e.GitHub, e.Name)
	}
}

// checkCalendar: each year's terms are in order and years do not overlap.
func checkCalendar(r *reporter, f *record.File, years []record.Year) {
	var prevEnd time.Time
	for i, y := range years {
		terms := []struct {
			name string
			td   record.TermDates
		}{{"autumn", y.Autumn}, {"spring", y.Spring}, {"summer", y.Summer}}
		for _, t := range terms {
			start, ok1 := t.td.Start.Time()
			end, ok2 := t.td.End.Time()
			if !ok1 || !ok2 {
				continue
			}
			if end.Before(start) {
				r.errorf(f, p("calendar", i, t.name, "end"), RuleCalendar, "%s %s term ends (%s) before it starts (%s)", y.Year, t.name, t.td.End, t.td.Start)
			}
			if h := t.td.HalfTerm; h != nil {
				hs, ok1 := h.Start.Time()
				he, ok2 := h.End.Time()
				if ok1 && ok2 && (he.Before(hs) || hs.Before(start) || he.After(end)) {
					r.errorf(f, p("calendar", i, t.name, "half_term"), RuleCalendar, "%s %s half term (%s to %s) must lie inside its term (%s to %s)", y.Year, t.name, h.Start, h.End, t.td.Start, t.td.End)
				}
			}
			if !prevEnd.IsZero() && !start.After(prevEnd) {
				r.errorf(f, p("calendar", i, t.name, "start"), RuleCalendar, "%s %s term starts (%s) before the previous term ends: list the terms in order, autumn to summer, oldest year first", y.Year, t.name, t.td.Start)
			}
			prevEnd = end
		}
		if start, ok := y.Autumn.Start.Time(); ok && y.Year != "" && y.Year != academicYear(start) {
			r.errorf(f, p("calendar", i, "year"), RuleCalendar, "year %q, but its autumn term starts in %s: did you mean %q?", y.Year, start.Format("January 2006"), academicYear(start))
		}
	}
}

// academicYear names the school year an autumn term date falls in: 2025-26.
func academicYear(t time.Time) string {
	y := t.Year()
	if t.Month() < time.August {
		y--
	}
	return fmt.Sprintf("%d-%02d", y, (y+1)%100)
}

func abIDs(body *record.Body) []string {
	ids := make([]string, len(body.Staff))
	for i, s := range body.Staff {
		ids[i] = s.ID
	}
	return ids
}

func staffIDs(s *record.School) []string {
	ids := make([]string, len(s.Staff))
	for i, st := range s.Staff {
		ids[i] = st.ID
	}
	return ids
}

func suggestID(id string, ids []string) string {
	if near, ok := spell.Nearest(id, ids); ok {
		return fmt.Sprintf(": did you mean %q?", near)
	}
	return ""
}

// staffRef checks a reference to a member of the ECT's school's staff,
// holding role (if not empty). It returns the person when found.
func staffRef(r *reporter, f *record.File, s *record.School, path []string, id string, role record.StaffRole) (record.Staff, bool) {
	if id == "" || s == nil {
		return record.Staff{}, false
	}
	field := frontmatter.FieldName(path)
	st, ok := s.Person(id)
	if !ok {
		hint := suggestID(id, staffIDs(s))
		if hint == "" {
			hint = ": add them to its school.md or fix the id"
		}
		r.errorf(f, path, RuleUnknownPerson, "%s %q is not on the staff of %s (%s)%s", field, id, s.Name, s.Path(), hint)
		return st, false
	}
	if role != "" && !st.HasRole(role) {
		r.errorf(f, path, RuleRole, "%s is %s, but %s does not have the role %s in %s: add it to their roles if that is right", field, st.Name, st.Name, role, s.Path())
		return st, false
	}
	return st, true
}

// abRef checks a reference to AB staff who take decisions.
func abRef(r *reporter, b *record.Book, f *record.File, path []string, id string) {
	if id == "" || b.Body == nil {
		return
	}
	field := frontmatter.FieldName(path)
	st, ok := b.Body.Person(id)
	if !ok {
		hint := suggestID(id, abIDs(b.Body))
		if hint == "" {
			hint = ": add them to its staff or fix the id"
		}
		r.errorf(f, path, RuleUnknownPerson, "%s %q is not on the appropriate body's staff in %s%s", field, id, b.Body.Path(), hint)
		return
	}
	if !st.Decides() {
		r.errorf(f, path, RuleRole, "%s is %s, who is not an ab_lead or ab_reviewer and cannot take this decision", field, st.Name)
	}
}

// needQTS reports a tutor, mentor or observer without QTS.
func needQTS(r *reporter, f *record.File, path []string, st record.Staff, what string) {
	if !st.QTS {
		r.errorf(f, path, RuleQTS, "%s %s must hold QTS (SG 2.42–2.46), but school.md says qts: false: choose someone with QTS, or correct their record", what, st.Name)
	}
}
