// Package setup starts a new records repository (ect init): the records
// skeleton that validates (body.md, and a school's school.md), the
// workflows that check, publish and remind with ectdocs' GitHub Action,
// CODEOWNERS made from those records, the pull-request template, the
// checklist of repository settings the signatures depend on, and a README
// saying what to do next. It asks for what body.md and school.md need, and
// checks each answer with the words ect validate would use. It never
// overwrites a file.
package setup

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schema"
)

// Shape is whose repository ect init starts.
type Shape int

// The two shapes of a records repository.
const (
	// BodyRepository holds the records of all the body's schools (it
	// may start with a first one).
	BodyRepository Shape = iota + 1
	// SchoolRepository holds one school's records, with the body's
	// body.md: for a body that keeps one repository per school, so that
	// schools cannot read each other's records (docs/repository-settings.md).
	SchoolRepository
)

// Details are what body.md and school.md need: the body, its lead, and
// (when there is a school) the school, its headteacher and its induction
// tutor. Each is text as given on the command line or answered.
type Details struct {
	Shape Shape

	BodyName, BodyType, BodyEmail string
	// LeadName and LeadEmail are the AB's lead (ab_lead and ab_reviewer).
	LeadName, LeadEmail string
	// ContactName and ContactEmail are the ECTs' named contact (SG 2.28),
	// optional: both or neither.
	ContactName, ContactEmail string

	// URN is the school's URN, empty for a body's repository without a
	// first school.
	URN        string
	SchoolName string
	// The headteacher is also the school's induction lead; the induction
	// tutor may be the same person (the same e-mail address).
	HeadName, HeadEmail   string
	TutorName, TutorEmail string
}

// Question is one detail ect init needs: the flag that gives it and the
// question that asks for it.
type Question struct {
	Flag   string
	Prompt string
	Value  *string

	kind record.Kind // the record it goes in, whose schema checks it
	path []string    // where in that record's front matter
}

// Questions lists what the details need, in the order ect init asks.
func (d *Details) Questions() []Question {
	body := func(flag, prompt string, v *string, path ...string) Question {
		return Question{Flag: flag, Prompt: prompt, Value: v, kind: record.KindBody, path: path}
	}
	school := func(flag, prompt string, v *string, path ...string) Question {
		return Question{Flag: flag, Prompt: prompt, Value: v, kind: record.KindSchool, path: path}
	}
	qs := []Question{
		body("--body-name", "The appropriate body's name", &d.BodyName, "name"),
		body("--body-type", "What kind of body it is (teaching_school_hub, local_authority, istip or esp)", &d.BodyType, "type"),
		body("--body-email", "The appropriate body's e-mail address", &d.BodyEmail, "email"),
		body("--lead-name", "The name of the AB's lead (who reviews reports and signs off decisions)", &d.LeadName, "staff", "0", "name"),
		body("--lead-email", "The e-mail address the AB's lead commits with", &d.LeadEmail, "staff", "0", "emails", "0"),
	}
	if d.URN == "" {
		return qs
	}
	return append(qs,
		school("--school", "The school's URN (6 digits)", &d.URN, "urn"),
		school("--school-name", "The school's name", &d.SchoolName, "name"),
		school("--head-name", "The headteacher's name (the school's induction lead)", &d.HeadName, "staff", "0", "name"),
		school("--head-email", "The e-mail address the headteacher commits with", &d.HeadEmail, "staff", "0", "emails", "0"),
		school("--tutor-name", "The induction tutor's name (the headteacher's again if they are the tutor)", &d.TutorName, "staff", "0", "name"),
		school("--tutor-email", "The e-mail address the induction tutor commits with", &d.TutorEmail, "staff", "0", "emails", "0"),
	)
}

// optional are the details that may be left out, as flags only: the
// named contact.
func (d *Details) optional() []Question {
	return []Question{
		{Flag: "--contact-name", Value: &d.ContactName, kind: record.KindBody, path: []string{"staff", "0", "name"}},
		{Flag: "--contact-email", Value: &d.ContactEmail, kind: record.KindBody, path: []string{"staff", "0", "emails", "0"}},
	}
}

// MissingError lists the flags of the details not given.
type MissingError struct{ Flags []string }

func (e *MissingError) Error() string {
	return fmt.Sprintf("missing %s: give them as flags, or answer the questions (ect init --help lists them)", strings.Join(e.Flags, ", "))
}

// Missing returns a *MissingError naming the details still empty, or nil.
func (d *Details) Missing() error {
	var flags []string
	for _, q := range d.Questions() {
		if *q.Value == "" {
			flags = append(flags, q.Flag)
		}
	}
	if (d.ContactName == "") != (d.ContactEmail == "") {
		if d.ContactName == "" {
			flags = append(flags, "--contact-name")
		} else {
			flags = append(flags, "--contact-email")
		}
	}
	if len(flags) == 0 {
		return nil
	}
	return &MissingError{flags}
}

// Checker checks answers against the records' schemas.
type Checker struct{ schemas *schema.Set }

// NewChecker returns a Checker of the given schemas.
func NewChecker(schemas *schema.Set) *Checker { return &Checker{schemas} }

// Check checks every detail given, with the words ect validate would use
// for it in body.md or school.md, the field's name replaced by its flag.
func (c *Checker) Check(d *Details) error {
	var errs []error
	for _, q := range append(d.Questions(), d.optional()...) {
		if *q.Value != "" {
			if err := c.Answer(q, *q.Value); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// Answer checks one answer to q, as ect validate would check it in its
// record: it writes the answer into a front matter of its own and keeps
// what the schema says of that line.
func (c *Checker) Answer(q Question, answer string) error {
	src, line := snippet(q.kind, q.path, yamlValue(q, answer))
	doc, d := frontmatter.Parse(string(q.kind)+".md", []byte(src))
	if d != nil {
		return fmt.Errorf("%s: %s", q.Flag, d.Message)
	}
	ds, _ := c.schemas.Validate(doc, string(q.kind))
	name := frontmatter.FieldName(q.path)
	var msgs []string
	for _, d := range ds {
		if d.Line == line {
			msgs = append(msgs, q.Flag+strings.TrimPrefix(d.Message, name))
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(msgs, "; "))
}

var wholeNumber = regexp.MustCompile(`^-?[0-9]{1,18}$`)

// yamlValue writes an answer as YAML: the URN as a number when it is one
// (the schema then says whether it is a URN), everything else quoted.
func yamlValue(q Question, answer string) string {
	if q.Flag == "--school" && wholeNumber.MatchString(answer) {
		return answer
	}
	return strconv.Quote(answer)
}

// snippet writes a front matter holding only kind and value at path (as
// block YAML, value alone on its line), and returns it with that line.
func snippet(kind record.Kind, path []string, value string) (string, int) {
	lines := []string{"---", "kind: " + string(kind)}
	indent := ""
	line := 0
	isIndex := func(i int) bool { return i < len(path) && strings.Trim(path[i], "0123456789") == "" }
	for i := 0; i < len(path); i++ {
		switch last := i == len(path)-1; {
		case last:
			lines = append(lines, indent+path[i]+": "+value)
		case isIndex(i+1) && i+1 == len(path)-1:
			lines = append(lines, indent+path[i]+":", indent+"  - "+value)
			i++
		case isIndex(i + 1):
			// The item's first line is a key of its own: what the schema
			// says of the item (a field missing) is said there, not on
			// the value's line.
			lines = append(lines, indent+path[i]+":", indent+"  - ect_init_answer: 0")
			indent += "    "
			i++
		default:
			lines = append(lines, indent+path[i]+":")
			indent += "  "
		}
		line = len(lines)
	}
	return strings.Join(append(lines, "---", ""), "\n"), line
}

// Ask asks on out for each detail still missing, reading one answer a
// line from in, and asks again while an answer is refused (saying why).
// When in ends first, it returns a *MissingError naming what is left.
// With echo (in is not a terminal, which shows what is typed) each answer
// is written after its question.
func (c *Checker) Ask(d *Details, in io.Reader, out io.Writer, echo bool) error {
	lines := bufio.NewScanner(in)
	for _, q := range d.Questions() {
		for *q.Value == "" {
			fmt.Fprintf(out, "%s: ", q.Prompt)
			if !lines.Scan() {
				fmt.Fprintln(out)
				if err := lines.Err(); err != nil {
					return fmt.Errorf("read the answers: %w", err)
				}
				return d.Missing()
			}
			answer := strings.TrimSpace(lines.Text())
			if echo {
				fmt.Fprintln(out, answer)
			}
			if err := c.Answer(q, answer); err != nil {
				fmt.Fprintf(out, "  %v\n", err)
				continue
			}
			*q.Value = answer
		}
	}
	return nil
}
