package cms

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v4"

	"github.com/ectdocs/ectdocs/internal/draft"
	"github.com/ectdocs/ectdocs/internal/editform"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/status"
)

// A report's workflow in the editor is buttons, not fields: the
// "ectdocs-workflow" widget (admin/ectdocs.js) shows where the report is
// and offers the logged-in person what they may do next (release, sign,
// accept or return, reopen). A button records its step in the workflow
// field and saves: ectdocs.js then writes the step into the front matter,
// drops the workflow field and Decap commits the file as that person,
// one commit a step, which ect validate proves like any other.

// WorkflowField is the report field that shows the workflow's buttons. It
// is no property of the schema and never reaches the record.
const WorkflowField = "workflow"

// WidgetWorkflow is the widget of WorkflowField.
const WidgetWorkflow = "ectdocs-workflow"

// WorkflowEntries are a report's entries that only the workflow's
// buttons write: in the form they are hidden fields, kept as they are.
var WorkflowEntries = []string{"released", "signatures", "ab_review"}

// isReport reports whether records of the kind are signed reports.
func isReport(k record.Kind) bool {
	return k == record.KindProgressReview || k == record.KindFormalAssessment
}

// workflowFields are a report's fields with its workflow entries as
// hidden fields and the workflow's buttons first (fields is left as it
// is). The buttons know the school's people by the URN that begins the
// collection's name (editform.Collection, editform.StartCollection), so
// the fields are the same in every school.
func workflowFields(fields []*Field) []*Field {
	wf := &Field{Name: WorkflowField, Label: "Where this report is", Widget: WidgetWorkflow,
		Hint: "What happens next, and the buttons for what you may do: each saves the report as you."}
	out := []*Field{wf}
	for _, f := range fields {
		if slices.Contains(WorkflowEntries, f.Name) {
			hidden := *f
			hidden.Widget, hidden.Fields, hidden.Field = WidgetHidden, nil, nil
			f = &hidden
		}
		out = append(out, f)
	}
	return out
}

// Start is a report the schedule expects next and nobody has started:
// the file ect new review would write for it.
type Start struct {
	Rel     string // relative to the records folder
	Content []byte
	Label   string // "Ellie Ward: spring 2026-27 progress review"
}

// Starts are the reports the tutor may start for the ECTs on day
// (draft.Startable: each not filed that is due, and the next one), as ect
// new review would start them: the editor's start forms. An ECT whose
// schedule cannot be worked out, or who has every report filed, has none
// (ect validate and ect status say why).
func Starts(templates fs.FS, book *record.Book, ects []*record.ECT, day time.Time) ([]Start, error) {
	board, err := status.Build(book, day, status.Filter{}, nil)
	if err != nil {
		return nil, err
	}
	var out []Start
	for _, e := range ects {
		sum := board.Summaries[e.TRN]
		if sum == nil {
			continue
		}
		for _, x := range sum.Reports {
			if !draft.Startable(sum, x) {
				continue
			}
			r, err := draft.ReportFor(templates, book.Body, e, x)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", e.Name, err)
			}
			out = append(out, Start{Rel: r.Rel, Content: r.Content,
				Label: fmt.Sprintf("%s: %s %s %s", e.Name, r.Expected.Term.Name, r.Expected.Term.Year, strings.ToLower(r.Expected.Label()))})
		}
	}
	return out, nil
}

// startCollection is the collection in which the tutor starts one
// expected report. Decap names a new entry from its fields, and a
// report's file name (2026-27-spring-progress-review.md) is not made of
// its fields; so each expected report has a collection of its own whose
// path is that file's, with every field's default what ect new review
// would write. The draft keeps this collection's name until it is merged
// (its branch is cms/<name>/<slug>); once merged the report is listed in
// its kind's collection and the next build has no start for it.
func (g *generator) startCollection(st Start, folder string) (*Collection, error) {
	pl := record.PlaceOf(st.Rel)
	if !isReport(pl.Kind) {
		return nil, fmt.Errorf("%s: not a report's place", st.Rel)
	}
	front, body, err := splitStart(st.Content)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", st.Rel, err)
	}
	fields, err := g.fields(pl.Kind)
	if err != nil {
		return nil, err
	}
	front["body"] = body
	fields = withDefaults(fields, front)
	rel, ok := strings.CutPrefix(st.Rel, folder+"/")
	if !ok {
		return nil, fmt.Errorf("%s: not in %s", st.Rel, folder)
	}
	return &Collection{
		Name:  editform.StartCollection(st.Rel),
		Label: "Start: " + st.Label,
		// The same for every start collection (the label names the ECT and
		// the report), so that config.yml writes it once (compact.go).
		Description: "The report as the schedule expects it next: fill it in and save it, then release it to the ECT.",
		Folder:      g.repoPath(folder), Path: strings.TrimSuffix(rel, ".md"),
		// Lists nothing: the report is not filed yet.
		Filter:    &Filter{Field: "kind", Value: "not started"},
		Extension: "md", Format: "yaml-frontmatter", Summary: "{{filename}}",
		Create: true, Fields: fields, Kind: pl.Kind,
	}, nil
}

// withDefaults are the fields, each with the value the started report has
// for it as its default (an object's fields theirs: Decap fills in a new
// entry field by field). A field given a default is a copy; the others,
// and fields itself, are left as they are, shared with the kind's
// collection.
func withDefaults(fields []*Field, values map[string]any) []*Field {
	out := slices.Clone(fields)
	for i, f := range out {
		v, ok := values[f.Name]
		if !ok || v == nil {
			continue
		}
		c := *f
		if m, isMap := v.(map[string]any); isMap && f.Widget == WidgetObject {
			c.Fields = withDefaults(f.Fields, m)
		} else {
			c.Default = v
		}
		out[i] = &c
	}
	return out
}

// splitStart reads a started report's front matter and body.
func splitStart(src []byte) (map[string]any, string, error) {
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	if !ok {
		return nil, "", fmt.Errorf("no front matter")
	}
	front, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return nil, "", fmt.Errorf("no end to the front matter")
	}
	m := map[string]any{}
	if err := yaml.Unmarshal(front, &m); err != nil {
		return nil, "", err
	}
	return m, string(body), nil
}

// People is admin/people.json: who is who in the editor's scope, for the
// workflow's buttons. It holds ids, names, roles and GitHub logins (never
// e-mail addresses or keys): the buttons only decide whom to offer which
// step; ect validate proves each step from the commit that made it.
type People struct {
	// Local: the editor works with decap-server on this computer, which
	// has no login; the person says who they are, and Git commits as
	// whoever its configuration names.
	Local  bool     `json:"local"`
	People []Person `json:"people"`
}

// Person is someone who may take a step: "ab/<id>" for the appropriate
// body's staff, "<URN>/<id>" for a school's, "ect/<TRN>" for an ECT.
type Person struct {
	Key    string   `json:"key"`
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	GitHub string   `json:"github,omitempty"`
	Roles  []string `json:"roles,omitempty"`
}

// people lists the body's staff, then each school's staff and ECTs.
func people(body *record.Body, schools []*record.School, only *record.ECT, local bool) *People {
	p := &People{Local: local, People: []Person{}}
	staff := func(prefix string, list []record.Staff) {
		for _, s := range list {
			var roles []string
			for _, r := range s.Roles {
				roles = append(roles, string(r))
			}
			p.People = append(p.People, Person{Key: prefix + "/" + s.ID, ID: s.ID, Name: s.Name, GitHub: s.GitHub, Roles: roles})
		}
	}
	if body != nil {
		staff("ab", body.Staff)
	}
	for _, sc := range schools {
		staff(fmt.Sprint(sc.URN), sc.Staff)
		for _, e := range sc.ECTs {
			if only == nil || e == only {
				p.People = append(p.People, Person{Key: "ect/" + e.TRN, ID: e.TRN, Name: e.Name, GitHub: e.GitHub})
			}
		}
	}
	return p
}

// JSON is people.json.
func (p *People) JSON() ([]byte, error) { return json.MarshalIndent(p, "", " ") }
