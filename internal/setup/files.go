package setup

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"testing/fstest"
	"text/template"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/codeowners"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/schema"
)

//go:embed files
var files embed.FS

// File is one file ect init writes: its path in the new repository
// (slash-separated) and its contents.
type File struct {
	Path    string
	Content []byte
}

// Docs are the files ect init copies from ectdocs' own repository, so
// that the new repository's say the same.
type Docs struct {
	// RepositorySettings is docs/repository-settings.md: the settings the
	// signatures depend on.
	RepositorySettings string
	// PullRequestTemplate is .github/pull_request_template.md: what the
	// tutor and the AB's reviewer check.
	PullRequestTemplate string
}

// Person is one member of staff as ect init writes them.
type Person struct {
	ID, Name, Email string
	Roles           []record.StaffRole
}

// RolesYAML writes the roles as a YAML flow list: [ab_lead, ab_reviewer].
func (p Person) RolesYAML() string {
	s := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		s[i] = string(r)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// EmailsYAML writes the person's e-mail address as a YAML flow list.
func (p Person) EmailsYAML() string { return "[" + strconv.Quote(p.Email) + "]" }

// school is the school a repository starts with.
type school struct {
	URN   int
	Name  string
	Dir   string // schools/<URN>-<name>, in records/
	Staff []Person
}

// year is one school year of the placeholder calendar.
type year struct {
	Year  string
	Terms calendar.Terms
}

// view is what the templates are given.
type view struct {
	Details
	Ref        string
	Title      string
	ABStaff    []Person
	Contact    *Person
	Years      []year
	School     *school
	SchoolFile string
	// OneSchool is true for one school's repository.
	OneSchool bool
}

// RecordsDir is the records folder in the new repository.
const RecordsDir = "records"

// Files works out every file of the new repository: the records (checked
// here as ect validate would check them on day: nothing is written that
// has an error), the workflows pinned to ectdocs ref, CODEOWNERS made from
// the records, and the docs.
func Files(d Details, day time.Time, ref string, schemas *schema.Set, docs Docs) ([]File, error) {
	v := view{Details: d, Ref: ref, Title: d.BodyName + ": induction records", OneSchool: d.Shape == SchoolRepository}
	lead := Person{ID: staffID(d.LeadName, "ab-lead"), Name: d.LeadName, Email: d.LeadEmail, Roles: []record.StaffRole{record.StaffABLead, record.StaffABReviewer}}
	v.ABStaff = []Person{lead}
	if d.ContactName != "" {
		c := Person{ID: staffID(d.ContactName, "named-contact"), Name: d.ContactName, Email: d.ContactEmail, Roles: []record.StaffRole{record.StaffNamedContact}}
		if c.ID == lead.ID {
			c.ID += "-2"
		}
		v.ABStaff = append(v.ABStaff, c)
		v.Contact = &v.ABStaff[1]
	}
	start := calendar.SchoolYearStart(day).Year()
	for y := start; y <= start+1; y++ {
		terms := calendar.Typical(y)
		v.Years = append(v.Years, year{Year: terms[0].Year, Terms: terms})
	}
	if d.URN != "" {
		urn, err := strconv.Atoi(d.URN)
		if err != nil {
			return nil, fmt.Errorf("--school %q: give the school's URN, 6 digits", d.URN)
		}
		s := &school{URN: urn, Name: d.SchoolName, Dir: record.SchoolDir(urn, d.SchoolName)}
		head := Person{ID: staffID(d.HeadName, "headteacher"), Name: d.HeadName, Email: d.HeadEmail, Roles: []record.StaffRole{record.StaffHeadteacher, record.StaffInductionLead}}
		if strings.EqualFold(d.TutorEmail, d.HeadEmail) {
			head.Roles = append(head.Roles, record.StaffInductionTutor)
			s.Staff = []Person{head}
		} else {
			tutor := Person{ID: staffID(d.TutorName, "induction-tutor"), Name: d.TutorName, Email: d.TutorEmail, Roles: []record.StaffRole{record.StaffInductionTutor}}
			if tutor.ID == head.ID {
				tutor.ID += "-2"
			}
			s.Staff = []Person{head, tutor}
		}
		v.School = s
		v.SchoolFile = path.Join(RecordsDir, s.Dir, "school.md")
		if d.Shape == SchoolRepository {
			v.Title = d.SchoolName + ": induction records"
		}
	}

	var out []File
	add := func(name, tmpl string) error {
		b, err := render(tmpl, v)
		if err != nil {
			return err
		}
		out = append(out, File{Path: name, Content: b})
		return nil
	}
	records := fstest.MapFS{}
	if err := add(path.Join(RecordsDir, "body.md"), "files/records/body.md"); err != nil {
		return nil, err
	}
	if v.School != nil {
		if err := add(v.SchoolFile, "files/records/school.md"); err != nil {
			return nil, err
		}
	} else {
		// Git keeps no empty folder: this one keeps schools/.
		out = append(out, File{Path: path.Join(RecordsDir, "schools", ".gitkeep")})
	}
	for _, f := range out {
		records[strings.TrimPrefix(f.Path, RecordsDir+"/")] = &fstest.MapFile{Data: f.Content, Mode: 0o644}
	}
	book, err := record.Load(records, ".", schemas, record.Options{Display: RecordsDir})
	if err != nil {
		return nil, err
	}
	_, people := identity.New(book)
	if err := refuseErrors(append(append(book.Diagnostics, rules.Check(book, rules.Options{Today: day})...), people...)); err != nil {
		return nil, err
	}
	out = append(out, File{Path: ".github/CODEOWNERS", Content: []byte(codeowners.Generate(book, RecordsDir))})
	for _, t := range []struct{ name, tmpl string }{
		{".github/actions/ect/action.yml", "files/github/actions/ect/action.yml"},
		{".github/workflows/validate.yml", "files/github/workflows/validate.yml"},
		{".github/workflows/publish.yml", "files/github/workflows/publish.yml"},
		{".github/workflows/remind.yml", "files/github/workflows/remind.yml"},
		{"README.md", "files/README.md"},
	} {
		if err := add(t.name, t.tmpl); err != nil {
			return nil, err
		}
	}
	settings, err := render("files/repository-settings.md", v)
	if err != nil {
		return nil, err
	}
	out = append(out,
		File{Path: ".github/pull_request_template.md", Content: []byte(docs.PullRequestTemplate)},
		File{Path: "docs/repository-settings.md", Content: append([]byte(strings.TrimRight(docs.RepositorySettings, "\n")+"\n\n"), settings...)},
	)
	return out, nil
}

// refuseErrors refuses records with an error in them, saying each.
func refuseErrors(ds []diag.Diagnostic) error {
	diag.Sort(ds)
	var errs []string
	for _, d := range ds {
		if d.Severity == diag.Error {
			errs = append(errs, d.String())
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errors.New("the records would not validate, so nothing was written:\n" + strings.Join(errs, "\n"))
}

// render runs one of the embedded templates, whose actions are in [[ ]]
// (the workflows' own ${{ }} are GitHub's).
func render(name string, v view) ([]byte, error) {
	src, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	t, err := template.New(path.Base(name)).Delims("[[", "]]").Option("missingkey=error").Funcs(template.FuncMap{
		"q":   strconv.Quote,
		"day": func(t time.Time) string { return t.Format(time.DateOnly) },
	}).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return b.Bytes(), nil
}

// staffID makes a staff id from a name as the demo's are made, the first
// name's initial and the surname: "Catherine Harcourt" is c-harcourt.
// Letters lose their accents; a name with no letter a-z gives fallback.
func staffID(name, fallback string) string {
	words := strings.Fields(strings.ReplaceAll(record.Slug(name), "-", " "))
	var id string
	switch len(words) {
	case 0:
		return fallback
	case 1:
		id = words[0]
	default:
		id = words[0][:1] + "-" + strings.Join(words[1:], "-")
	}
	if len(id) > 40 {
		id = strings.TrimRight(id[:40], "-")
	}
	return id
}
