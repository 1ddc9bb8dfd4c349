package subject

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/check"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// Options say who the export is about, and who makes it when.
type Options struct {
	// ID is the subject: a TRN or a staff id (ValidID).
	ID string
	// On is the day the export is made: the command line's clock.
	On time.Time
	// ByName and ByEmail are who makes it (Git's user.name and
	// user.email); empty when not known.
	ByName, ByEmail string
}

// Export is everything held about one person, as subject.json holds it;
// Write puts it in a folder. Close it when done.
type Export struct {
	Version  int      `json:"version"`
	Subject  Person   `json:"subject"`
	Produced Produced `json:"produced"`
	// Identity is where the records list the person, with their Git
	// identities; History the trail of each file that does.
	Identity []IdentityEntry `json:"identity"`
	History  []History       `json:"identity_history"`
	// Files lists every file in the export's folder, with what it is.
	Files []File `json:"files"`
	// NotCopied are files in the ECT's folder left out, with why.
	NotCopied []Skipped `json:"not_copied,omitempty"`
	// Signatures are the signatures, AB reviews and AB decisions the
	// person made, each with what the history proves of it.
	Signatures []Signed `json:"signatures"`
	// Decisions are the appropriate body's decisions on an ECT's
	// induction (outcomes, extensions), with their proof.
	Decisions []Signed `json:"decisions,omitempty"`
	// Trails are the audit trails of an ECT's reports.
	Trails []Trail `json:"trails,omitempty"`
	// References are the places in the records whose fields name a
	// member of staff by their id (tutor:, mentor:, by:, with:, …), and
	// the mentoring-log meetings held with them as the ECT's mentor.
	References []Line `json:"references,omitempty"`
	// Mentions are the other lines of the records that name the person:
	// their full name, or an ECT's TRN, anywhere in the text.
	Mentions []Line `json:"mentions"`
	// NotIncluded says what the export does not hold.
	NotIncluded []string `json:"not_included"`

	book    *record.Book
	proof   *check.Proof
	proofs  map[string][]*audit.Proof // what the PDFs show: nil when not in Git
	commit  string
	date    time.Time
	sources []source
	copies  []copyJob
	subject *Subject
}

// Person is who the export is about.
type Person struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id"`
	Name string `json:"name"`
	// School is an ECT's school.
	School string `json:"school,omitempty"`
}

// Produced says who made the export, when, and from what.
type Produced struct {
	On string `json:"on"` // YYYY-MM-DD
	By string `json:"by"`
	// Body is the appropriate body whose records these are, and Email
	// its address.
	Body  string `json:"appropriate_body"`
	Email string `json:"appropriate_body_email,omitempty"`
	// Records is the records folder read; Commit the commit proven
	// ("not in Git" when they are not in Git) and CommitDate its date.
	Records    string `json:"records"`
	Commit     string `json:"commit"`
	CommitDate string `json:"commit_date,omitempty"`
	// Proven is false when nothing could be proven from Git (the
	// records are not in a Git repository); Note then says why.
	Proven bool   `json:"proven"`
	Note   string `json:"note,omitempty"`
}

// IdentityEntry is one place the records list the person.
type IdentityEntry struct {
	File   string   `json:"file"`
	Line   int      `json:"line"`
	What   string   `json:"what"`
	Name   string   `json:"name"`
	Roles  []string `json:"roles,omitempty"`
	QTS    *bool    `json:"qts,omitempty"`
	Emails []string `json:"emails"`
	GitHub string   `json:"github,omitempty"`
	Keys   []string `json:"keys,omitempty"`
}

// History is the trail of a file that holds the person's identity: who
// changed it and how, commit by commit.
type History struct {
	File      string       `json:"file"`
	Available bool         `json:"available"`
	Note      string       `json:"note,omitempty"`
	Steps     []audit.Step `json:"steps,omitempty"`
}

// File is one file of the export.
type File struct {
	// Name is its path in the export's folder, slash-separated.
	Name string `json:"name"`
	// What says what it is, in a sentence.
	What string `json:"what"`
	// Source is the file it is a copy of, as the records show its path.
	Source string `json:"source,omitempty"`
	// Bytes is the size of a copy or a PDF.
	Bytes int64 `json:"bytes,omitempty"`
}

// Skipped is a file not copied, with why.
type Skipped struct {
	File string `json:"file"`
	Why  string `json:"why"`
}

// Signed is one signature, AB review or AB decision, with what the
// history proves of it.
type Signed struct {
	File  string `json:"file"`
	Line  int    `json:"line"`
	Entry string `json:"entry"`
	// Record names the record in words: "Progress review, autumn
	// 2025-26, of Eleanor Thursby".
	Record string `json:"record"`
	Role   string `json:"role"`
	By     string `json:"by"`
	Name   string `json:"name,omitempty"`
	On     string `json:"on"`
	// State is audit.State in words ("proven from Git", "not proven",
	// …); Proven whether it counts as proven; Proof the whole sentence.
	State  string `json:"state"`
	Proven bool   `json:"proven"`
	Proof  string `json:"proof"`
	// Commit, Author and Date are the commit that added the entry, when
	// the history shows it.
	Commit  string `json:"commit,omitempty"`
	Author  string `json:"author,omitempty"`
	Date    string `json:"date,omitempty"`
	Key     string `json:"key,omitempty"`
	Problem string `json:"problem,omitempty"`
}

// Trail is one report's audit trail.
type Trail struct {
	File   string `json:"file"`
	Record string `json:"record"`
	// PDF is the report's PDF in the export.
	PDF         string       `json:"pdf"`
	Steps       []audit.Step `json:"steps"`
	Signatures  []Signed     `json:"signatures"`
	Uncommitted bool         `json:"uncommitted,omitempty"`
	Note        string       `json:"note,omitempty"`
}

// Line is one line of a record that names the person.
type Line struct {
	File string `json:"file"`
	Line int    `json:"line"`
	// Field is the front-matter field that names them (references).
	Field string `json:"field,omitempty"`
	// Found says what was found: "name", "trn" or "id".
	Found string `json:"found"`
	// Note explains a reference that names them without their id.
	Note string `json:"note,omitempty"`
	Text string `json:"text"`
}

// source is a records folder the book was read from: src or one of the
// school repositories its body.md lists.
type source struct {
	fs      fs.FS
	display string
	close   func()
}

// copyJob is a file to copy into the export: rel in src, to name.
type copyJob struct {
	src  *source
	rel  string
	name string
}

// Gather reads the records folder src (with the school repositories its
// body.md lists), proves them from Git as ect validate does
// (check.Union), finds the subject and collects everything held about
// them. src.Only, when set (a PATH inside the records folder), chooses
// between people who share an id.
func Gather(src *workspace.Folder, opt Options) (*Export, error) {
	if err := CheckID("--subject", opt.ID); err != nil {
		return nil, err
	}
	book, err := src.Load()
	if err != nil {
		return nil, err
	}
	// The schools read from src itself: their history is src's (the
	// others' is in their own repositories, Union).
	own := map[string]bool{}
	for _, s := range book.Schools {
		own[s.Place.SchoolDir] = true
	}
	pr, err := check.Union(src, book)
	if err != nil {
		return nil, err
	}
	s, err := Find(book, opt.ID, src.Only, src.Display)
	if err != nil {
		return nil, err
	}
	x := &Export{Version: Version, book: book, proof: pr, subject: s,
		Identity: []IdentityEntry{}, History: []History{}, Files: []File{}, Signatures: []Signed{}, Mentions: []Line{}}
	x.sources = append(x.sources, source{fs: src.FS, display: src.Display})
	members, err := src.Members(book.Body)
	if err != nil {
		return nil, err
	}
	for _, m := range members {
		x.sources = append(x.sources, source{fs: m.FS, display: m.Display, close: m.Close})
	}
	people, _ := identity.New(book)
	// all is what the export lists: the history's proofs, or, when the
	// records are not in Git, every entry as not proven. The PDFs are
	// given the history's (nil) as ect pdf gives them.
	var all map[string][]*audit.Proof
	if pr.Result != nil {
		x.proofs = pr.Result.Proofs
		all = pr.Result.Proofs
	} else {
		all = audit.Unprovable(book, people, "the records are not in a Git repository, so nothing in them is proven").Proofs
	}
	x.commit, x.date = pr.Commit(book, nil)
	x.Subject = Person{Kind: s.Kind, ID: s.ID, Name: s.Name}
	x.Produced = produced(book, pr, src.Display, opt, people, x.commit, x.date)
	if s.ECT != nil && s.ECT.School != nil {
		x.Subject.School = s.ECT.School.Name
	}
	hist := historian{pr: pr, own: own}
	switch s.Kind {
	case KindECT:
		e := s.ECT
		x.Identity = []IdentityEntry{{File: e.Doc.Path, Line: e.Doc.Locate([]string{"trn"}, true).Line, What: "ECT at " + schoolName(e), Name: e.Name, Emails: e.Emails, GitHub: e.GitHub, Keys: e.Keys}}
		x.History = []History{hist.of(e.File, e)}
		if err := x.ectFiles(e); err != nil {
			x.Close()
			return nil, err
		}
		x.ectSignatures(e, all)
		x.ectTrails(e, all)
	case KindStaff:
		seen := map[*record.File]bool{}
		for _, l := range s.Listings {
			qts := l.Staff.QTS
			en := IdentityEntry{File: l.File.Doc.Path, Line: l.File.Doc.Locate([]string{"staff", fmt.Sprint(l.Index)}, false).Line,
				What: l.What(), Name: l.Staff.Name, Roles: roleNames(l.Staff.Roles), Emails: l.Staff.Emails, GitHub: l.Staff.GitHub, Keys: l.Staff.Keys}
			if l.School != nil {
				en.QTS = &qts
			}
			x.Identity = append(x.Identity, en)
			if !seen[l.File] {
				seen[l.File] = true
				x.History = append(x.History, hist.of(l.File, nil))
			}
		}
		x.staffSignatures(s, all)
		x.References = references(book, s)
	}
	x.Mentions = append(x.Mentions, mentions(book, s, x.References)...)
	x.NotIncluded = notIncluded(s)
	x.plan()
	return x, nil
}

// Close closes the school repositories opened for their documents.
func (x *Export) Close() {
	for _, s := range x.sources {
		if s.close != nil {
			s.close()
		}
	}
}

// produced says who made the export, when and from what.
func produced(book *record.Book, pr *check.Proof, display string, opt Options, people *identity.People, commit string, date time.Time) Produced {
	p := Produced{On: opt.On.Format(time.DateOnly), Records: display, Commit: commit, Proven: pr.Result != nil}
	if book.Body != nil {
		p.Body, p.Email = book.Body.Name, book.Body.Email
	}
	switch {
	case opt.ByEmail != "":
		p.By = people.Describe(opt.ByName, opt.ByEmail)
		if id := people.ByEmail(opt.ByEmail); id != nil {
			p.By += ", " + id.What
		}
	default:
		p.By = "not known: Git's user.email is not set on the computer that made it"
	}
	if pr.Result == nil {
		p.Note = "the records are not in a Git repository, so no signature in them is proven"
	} else {
		p.CommitDate = date.UTC().Format(time.RFC3339)
	}
	return p
}

// historian tells the history of the files that hold identities.
type historian struct {
	pr  *check.Proof
	own map[string]bool
}

// of returns the trail of f (an ECT's profile, e, or a school.md or
// body.md), when its history is the records folder's own.
func (h historian) of(f *record.File, e *record.ECT) History {
	out := History{File: f.Doc.Path}
	switch {
	case h.pr.Auditor == nil:
		out.Note = "the records are not in a Git repository: there is no history to show"
		return out
	case f.Place.SchoolDir != "" && !h.own[f.Place.SchoolDir]:
		out.Note = "this record's history is in the school's own records repository: ect audit " + f.Doc.Path + " shows it"
		return out
	}
	t, err := h.pr.Auditor.Trail(f, e, nil)
	if err != nil {
		out.Note = "the history could not be read: " + err.Error()
		return out
	}
	out.Available, out.Steps = true, t.Steps
	if t.Uncommitted {
		out.Note = "the file has changes not yet committed"
	}
	return out
}

// ectSignatures lists the ECT's own signatures, and the AB's decisions
// on their induction.
func (x *Export) ectSignatures(e *record.ECT, all map[string][]*audit.Proof) {
	for _, r := range e.Reports {
		for _, p := range all[r.Rel] {
			if p.Role == string(record.RoleECT) && p.By == e.TRN {
				x.Signatures = append(x.Signatures, signed(r.File, reportName(r, e), p))
			}
		}
	}
	for _, p := range all[e.Rel] {
		x.Decisions = append(x.Decisions, signed(e.File, "the induction record of "+e.Name, p))
	}
}

// ectTrails lists each report's audit trail.
func (x *Export) ectTrails(e *record.ECT, all map[string][]*audit.Proof) {
	trails := x.proof.Trails(x.book, func(o *record.ECT) bool { return o == e })
	for _, r := range e.Reports {
		t := Trail{File: r.Doc.Path, Record: reportName(r, e), PDF: pdfName(r)}
		for _, p := range all[r.Rel] {
			t.Signatures = append(t.Signatures, signed(r.File, t.Record, p))
		}
		if tr := trails[r.Rel]; tr != nil {
			t.Steps, t.Uncommitted = tr.Steps, tr.Uncommitted
		} else {
			t.Note = "no trail: the report's history is not in the Git repository read"
			if x.proof.Result == nil {
				t.Note = "no trail: the records are not in a Git repository"
			}
		}
		x.Trails = append(x.Trails, t)
	}
}

// staffSignatures lists every signature, AB review and AB decision the
// member of staff made: by their id, in a role of the staff list they
// are on (the school's, for a tutor's or headteacher's signature; the
// appropriate body's, for a review or decision).
func (x *Export) staffSignatures(s *Subject, all map[string][]*audit.Proof) {
	schools, ab := map[*record.School]bool{}, false
	for _, l := range s.Listings {
		if l.School == nil {
			ab = true
		} else {
			schools[l.School] = true
		}
	}
	mine := func(e *record.ECT, p *audit.Proof) bool {
		if p.By != s.ID {
			return false
		}
		switch p.Role {
		case string(record.RoleTutor), string(record.RoleHeadteacher):
			return schools[e.School]
		case string(record.RoleAB), audit.RoleOutcome, audit.RoleExtension:
			return ab
		}
		return false
	}
	for _, e := range x.book.ECTs {
		for _, r := range e.Reports {
			for _, p := range all[r.Rel] {
				if mine(e, p) {
					x.Signatures = append(x.Signatures, signed(r.File, reportName(r, e), p))
				}
			}
		}
		if e.File == nil {
			continue
		}
		for _, p := range all[e.Rel] {
			if mine(e, p) {
				x.Signatures = append(x.Signatures, signed(e.File, "the induction record of "+e.Name, p))
			}
		}
	}
}

// signed is one proof as the export lists it.
func signed(f *record.File, what string, p *audit.Proof) Signed {
	s := Signed{File: f.Doc.Path, Line: f.Doc.Locate(entryPath(p.Entry), false).Line, Entry: p.Entry, Record: what,
		Role: roleWords(p.Role), By: p.By, Name: p.Name, On: p.On, State: p.State.String(), Proof: p.Describe(), Key: p.Key, Problem: p.Problem}
	s.Proven = p.State == audit.Proven || p.State == audit.Verified || p.State == audit.WebEditor
	if c := p.Commit; c != nil {
		s.Commit, s.Author, s.Date = c.Hash.String(), c.Author.String(), c.Author.When.UTC().Format(time.RFC3339)
	}
	return s
}

// roleWords names the role of a proof: a signature's, the AB's review,
// or an AB decision.
func roleWords(role string) string {
	switch role {
	case audit.RoleOutcome:
		return "AB decision: outcome"
	case audit.RoleExtension:
		return "AB decision: extension"
	case string(record.RoleAB):
		return "AB review"
	}
	return record.Role(role).Title()
}

func roleNames(roles []record.StaffRole) []string {
	out := make([]string, 0, len(roles))
	for _, r := range roles {
		out = append(out, string(r))
	}
	return out
}

func schoolName(e *record.ECT) string {
	if e.School == nil {
		return "a school not in the records"
	}
	return e.School.Name
}

// reportName names a report in words: "Progress review, autumn 2025-26,
// of Eleanor Thursby".
func reportName(r *record.Report, e *record.ECT) string {
	s := r.Title()
	if r.Place.Term != "" {
		s += ", " + r.Place.Term + " " + r.Place.Year
	}
	return s + ", of " + e.Name
}

// pdfName is where a report's PDF goes in the export.
func pdfName(r *record.Report) string {
	return "pdf/" + strings.TrimSuffix(path.Base(r.Rel), ".md") + ".pdf"
}

// notIncluded says what an export does not hold.
func notIncluded(s *Subject) []string {
	out := []string{
		"E-mails, letters, notes and files kept outside the records repository (in mailboxes, shared drives, the school's or the appropriate body's other systems): search those separately.",
		"Copies of these records held by others: the school's own files, DfE's Register early career teachers service, the Teaching Regulation Agency, a previous or later appropriate body.",
		"Earlier versions of each record in the Git history: the audit trails list every change and who made it; git log -p on a record shows each version.",
		"Mentions by first name, nickname or initials only: only the full name as the records give it" + map[bool]string{true: ", and the TRN,", false: ""}[s.Kind == KindECT] + " is searched for.",
		"Git commit messages and the Git host's own records (pull request comments, reviews, access logs).",
	}
	if s.Kind == KindStaff {
		out = append(out, "The whole of the ECTs' records that name this member of staff: those are the ECTs' records, so only the lines that name them are listed.")
	}
	return out
}

// plan lists the export's files: the copies, the PDFs, the pages.
func (x *Export) plan() {
	if e := x.subject.ECT; e != nil {
		for _, r := range e.Reports {
			x.Files = append(x.Files, File{Name: pdfName(r), What: reportName(r, e) + ", as a PDF laid out like the DfE's form, with each signature and what Git proves of it."})
		}
		x.Files = append(x.Files, File{Name: "pdf/induction-record.pdf", What: "The whole induction record of " + e.Name + " as one PDF: a summary and timeline of the induction, then every report."})
	}
	x.Files = append(x.Files,
		File{Name: "subject.json", What: "Everything on this page, for a computer to read (JSON, format version " + fmt.Sprint(Version) + ")."},
		File{Name: "index.html", What: "This page: what the export holds, in words."},
		File{Name: Marker, What: "The list of the files ect wrote into this folder, by which ect recognises a folder of its own."},
	)
	slices.SortStableFunc(x.Files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
}
