// Package subject gathers everything the records hold about one person,
// for a subject access request under UK GDPR (ect export --subject): an
// ECT by their TRN, or a member of staff by their id in school.md or
// body.md. It finds the person (refusing an id that is not one, unknown
// or ambiguous), collects their records, identity, signatures with what
// the Git history proves of each, audit trails, the records that name
// them and every other mention of them, and writes it all into a folder
// as a page a person can read (index.html) and a file a computer can
// (subject.json), with the records copied as they are and the reports
// rendered as PDFs by internal/report, as ect pdf renders them.
//
// It reads what the command line opened (a workspace.Folder) and what
// check proves of it; it never reads the clock: the day the export is
// made is given.
package subject

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ectdocs/ectdocs/internal/record"
)

// Version is the version of subject.json's format: a program reading it
// checks this first. It changes when a field changes meaning or goes.
const Version = 1

// Marker is the file that lists what ect export --subject wrote into its
// output folder (outdir's marker, written beside the export).
const Marker = ".ectdocs-subject"

// Kind is what the subject is: an ECT or a member of staff.
type Kind string

// The kinds of subject.
const (
	KindECT   Kind = "ect"
	KindStaff Kind = "staff"
)

// ErrUnknown is returned (wrapped) for an id that names nobody in the
// records; ErrAmbiguous for one that could be more than one person.
var (
	ErrUnknown   = errors.New("unknown subject")
	ErrAmbiguous = errors.New("ambiguous subject")
)

// staffIDRE is a person's id in the records (defs.schema.json's id).
var staffIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// ValidID reports whether s can be a subject: a TRN (7 digits) or a
// staff id (lower-case letters, digits and hyphens, at most 40). Nothing
// else is ever looked up or used in a path.
func ValidID(s string) bool { return record.ValidTRN(s) || staffIDRE.MatchString(s) }

// CheckID returns an error, in words, for a subject that is not a valid
// id; flag names it ("--subject").
func CheckID(flag, s string) error {
	if ValidID(s) {
		return nil
	}
	return fmt.Errorf("%s %q is not a TRN or a staff id: give an ECT's teacher reference number (7 digits, e.g. 9900101) or a member of staff's id as school.md or body.md lists it (lower-case letters, digits and hyphens, e.g. j-okonkwo)", flag, s)
}

// Subject is the person an export is about.
type Subject struct {
	Kind Kind
	// ID is the TRN of an ECT, or the staff id.
	ID   string
	Name string
	// ECT is the ECT's profile, for an ECT.
	ECT *record.ECT
	// Listings are where a member of staff is listed, in the order of
	// the records: body.md first, then each school's school.md. A staff
	// id may be on the staff of several schools: all of them are the
	// person's when they give the same name.
	Listings []Listing
}

// Listing is one entry of a staff: list naming the subject.
type Listing struct {
	File   *record.File
	Index  int // in staff:
	Staff  record.Staff
	School *record.School // nil for the appropriate body's staff
}

// Where says where the listing is, in words: "Oakfield Primary School"
// or "the appropriate body".
func (l Listing) Where() string {
	if l.School == nil {
		return "the appropriate body"
	}
	return l.School.Name
}

// What says what the person is there: "induction tutor at Oakfield
// Primary School", "appropriate body staff (ab reviewer)".
func (l Listing) What() string {
	roles := make([]string, 0, len(l.Staff.Roles))
	for _, r := range l.Staff.Roles {
		roles = append(roles, r.Words())
	}
	if l.School == nil {
		if len(roles) == 0 {
			return "appropriate body staff"
		}
		return "appropriate body staff (" + strings.Join(roles, ", ") + ")"
	}
	if len(roles) == 0 {
		return "staff at " + l.School.Name
	}
	return strings.Join(roles, " and ") + " at " + l.School.Name
}

// Find returns the person id names in book: the ECT with that TRN or the
// member of staff with that id. only, when not empty, lists the paths
// (as the records show them) to look in, to choose between people who
// share an id; display names the records folder in messages. An id that
// names nobody is ErrUnknown; one that names an ECT and a member of
// staff, two ECTs (a TRN in two folders), or members of staff by
// different names, is ErrAmbiguous, each in words saying what to do.
func Find(book *record.Book, id string, only []string, display string) (*Subject, error) {
	if err := CheckID("--subject", id); err != nil {
		return nil, err
	}
	where := display
	if len(only) > 0 {
		where = strings.Join(only, ", ")
	}
	var ects []*record.ECT
	if record.ValidTRN(id) {
		for _, e := range book.ECTs {
			if e.TRN == id && e.File != nil && within(e.Doc.Path, only) {
				ects = append(ects, e)
			}
		}
	}
	listings := staffListings(book, id, only)
	switch {
	case len(ects) > 1:
		var dirs []string
		for _, e := range ects {
			dirs = append(dirs, path.Dir(e.Doc.Path))
		}
		return nil, fmt.Errorf("%w: the TRN %s is in %d ECT folders (%s; ect validate reports it): give the folder of the one the request is about as PATH, and put the records right", ErrAmbiguous, id, len(ects), strings.Join(dirs, ", "))
	case len(ects) == 1 && len(listings) > 0:
		return nil, fmt.Errorf("%w: %s is the TRN of %s (%s) and the staff id of %s (%s): give the ECT's folder or the file that lists the member of staff as PATH",
			ErrAmbiguous, id, ects[0].Name, path.Dir(ects[0].Doc.Path), listings[0].Staff.Name, listings[0].File.Doc.Path)
	case len(ects) == 1:
		e := ects[0]
		return &Subject{Kind: KindECT, ID: id, Name: e.Name, ECT: e}, nil
	case len(listings) == 0:
		if record.ValidTRN(id) {
			return nil, fmt.Errorf("%w: no ECT with TRN %s, and no member of staff with that id, in %s", ErrUnknown, id, where)
		}
		hint := "an ECT is found by their TRN"
		if strings.Trim(id, "0123456789") == "" {
			hint = "a TRN has exactly 7 digits"
		}
		return nil, fmt.Errorf("%w: no member of staff with id %s in %s (the staff: of body.md and of each school.md); %s", ErrUnknown, id, where, hint)
	}
	names := map[string]bool{}
	var who []string
	for _, l := range listings {
		names[sameName(l.Staff.Name)] = true
		who = append(who, fmt.Sprintf("%s (%s)", l.Staff.Name, l.File.Doc.Path))
	}
	if len(names) > 1 {
		return nil, fmt.Errorf("%w: the staff id %s names different people: %s; give the school's folder (or body.md) the request is about as PATH",
			ErrAmbiguous, id, strings.Join(who, ", "))
	}
	return &Subject{Kind: KindStaff, ID: id, Name: listings[0].Staff.Name, Listings: listings}, nil
}

// staffListings returns every entry of a staff: list with the id, in
// body.md and each school's school.md, in the files only allows.
func staffListings(book *record.Book, id string, only []string) []Listing {
	var out []Listing
	if b := book.Body; b != nil && b.File != nil && within(b.Doc.Path, only) {
		for i, st := range b.Staff {
			if st.ID == id {
				out = append(out, Listing{File: b.File, Index: i, Staff: st})
			}
		}
	}
	for _, s := range book.Schools {
		if s.File == nil || !within(s.Doc.Path, only) {
			continue
		}
		for i, st := range s.Staff {
			if st.ID == id {
				out = append(out, Listing{File: s.File, Index: i, Staff: st, School: s})
			}
		}
	}
	return out
}

// within reports whether the shown path p is one of only or inside one
// of them (always, when only is empty).
func within(p string, only []string) bool {
	if len(only) == 0 {
		return true
	}
	return slices.ContainsFunc(only, func(o string) bool {
		return p == o || o == "." || strings.HasPrefix(p, strings.TrimSuffix(o, "/")+"/")
	})
}

// sameName is a name as compared: case and spacing aside.
func sameName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// entryPath turns an audit entry name ("signatures[1]",
// "periods[0].outcome", "ab_review") into its front-matter path.
func entryPath(entry string) []string {
	var out []string
	for _, part := range strings.Split(entry, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if name != "" {
			out = append(out, name)
		}
		for rest != "" {
			var n string
			n, rest, _ = strings.Cut(rest, "]")
			if _, err := strconv.Atoi(n); err == nil {
				out = append(out, n)
			}
			rest = strings.TrimPrefix(rest, "[")
		}
	}
	return out
}
