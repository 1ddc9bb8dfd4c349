// Package editform says where the portal's editor (Decap CMS, under
// /admin/) has the form for each record: the contract between the
// configuration ect writes for the editor (internal/cms), the portal's
// pages and the reminder e-mails that link to the forms, said once here.
//
//   - Each kind of record has one collection per school folder, named
//     "<URN>-<kind>" ("990101-progress-review", "990101-mentoring-log",
//     "990101-ect"); a school's school.md is the entry "school" of the
//     collection "<URN>-school", and body.md the entry "appropriate-body"
//     of the collection "body".
//   - A school's record collections have the school's ECTs' folder
//     (records/schools/<URN>-<name>/ects) as their folder, so an entry's
//     slug is the record's path below that folder without ".md":
//     "9900101/reports/2025-26-autumn-progress-review". (A file name alone
//     is not unique in a school: every ECT has an ect.md and reports named
//     by term.)
//   - An entry's form is /admin/#/collections/<collection>/entries/<slug>.
//   - A report the tutor may start (draft.Startable) has a collection of
//     its own, "<URN>-start-<TRN>-<file name without .md>", whose new
//     entry is that report as ect new review writes it; its form is
//     /admin/#/collections/<that collection>/new. Other records not
//     started yet (ect new starts them) link to their collection's list,
//     /admin/#/collections/<collection>.
//
// The addresses are paths from the portal's root: join them to the
// address the portal is published at.
package editform

import (
	"fmt"
	"path"
	"strings"

	"github.com/ectdocs/ectdocs/internal/record"
)

// adminPath is where the editor's collections are, below the portal.
const adminPath = "/admin/#/collections/"

// Collection is the editor's collection holding records of the kind in the
// school's folder ("progress-review-990101"); urn is ignored for the
// appropriate body's own record.
func Collection(kind record.Kind, urn int) string {
	if kind == record.KindBody {
		return "body"
	}
	return fmt.Sprintf("%d-%s", urn, kind)
}

// Entry is the address of the editor's form for the record at rel, its
// path relative to the records folder, or "" when rel is not a record's
// place.
func Entry(rel string) string {
	pl := record.PlaceOf(rel)
	switch {
	case pl.Kind == record.KindBody:
		return adminPath + Collection(pl.Kind, 0) + "/entries/" + string(record.KindBody)
	case pl.Kind == record.KindSchool:
		return adminPath + Collection(pl.Kind, pl.SchoolURN) + "/entries/school"
	case pl.Kind == "":
		return ""
	}
	slug := strings.TrimSuffix(strings.TrimPrefix(rel, pl.SchoolDir+"/ects/"), ".md")
	return adminPath + Collection(pl.Kind, pl.SchoolURN) + "/entries/" + slug
}

// StartCollection is the collection that starts the report to be filed at
// rel (relative to the records folder):
// "990101-start-9900101-2026-27-spring-progress-review".
func StartCollection(rel string) string {
	pl := record.PlaceOf(rel)
	return fmt.Sprintf("%d-start-%s-%s", pl.SchoolURN, path.Base(path.Dir(path.Dir(rel))), strings.TrimSuffix(path.Base(rel), ".md"))
}

// Start is the address of the form that starts the report to be filed at
// rel.
func Start(rel string) string {
	return adminPath + StartCollection(rel) + "/new"
}

// New is where a record of the kind in the school's folder will be: the
// editor's list of them.
func New(kind record.Kind, urn int) string {
	return adminPath + Collection(kind, urn)
}
