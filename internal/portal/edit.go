package portal

import (
	"github.com/ectdocs/ectdocs/internal/editform"
	"github.com/ectdocs/ectdocs/internal/record"
)

// The editor's addresses are the contract between the portal's pages, the
// Decap CMS configuration ect writes (internal/cms) and the reminder
// e-mails (internal/remind), said once in internal/editform: a record's
// form is /admin/#/collections/<kind>-<URN>/entries/<path below the
// school's folder, without .md>, a new record's
// /admin/#/collections/<kind>-<URN>/new.

// Collection is the editor's collection holding records of the kind in the
// school's folder ("progress-review-990101"); urn is ignored for the
// appropriate body's own record (editform.Collection).
func Collection(kind record.Kind, urn int) string { return editform.Collection(kind, urn) }

// EditURL is the address of the editor's form for the record at rel, its
// path relative to the records folder, or "" when rel is not a record's
// place (editform.Entry).
func EditURL(rel string) string { return editform.Entry(rel) }

// NewURL is the address of the editor's form that starts a record of the
// kind in the school's folder (editform.New).
func NewURL(kind record.Kind, urn int) string { return editform.New(kind, urn) }
