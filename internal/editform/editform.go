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
//     The editor does not create records (ect new does), so a record not
//     started yet links to its collection's list,
//     /admin/#/collections/<collection>.
//
// The addresses are paths from the portal's root: join them to the
// address the portal is published at.
package editform

import (
	"fmt"
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

// New is where a record of the kind in the school's folder will be: the
// editor's list of them (it does not create records).
func New(kind record.Kind, urn int) string {
	return adminPath + Collection(kind, urn)
}
