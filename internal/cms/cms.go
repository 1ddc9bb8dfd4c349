// Package cms writes the configuration of the editor in the portal
// (Decap CMS, shipped in site/static/admin/): one collection per record
// kind and school folder, each field made from the kind's JSON Schema and
// the body's extra questions, so that the forms and ect validate agree by
// construction. It also writes the editor's page, admin/index.html, under
// a Content-Security-Policy that allows the page's own scripts and the Git
// host's API only.
package cms

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	yaml "go.yaml.in/yaml/v4"

	"github.com/ectdocs/ectdocs/internal/editform"
	"github.com/ectdocs/ectdocs/internal/record"
)

// The Git hosts the editor works with (body.md's editor: host).
const (
	HostGitHub = "github"
	HostGitea  = "gitea" // Gitea and Forgejo
	// HostLocal is decap-server on this machine, for trying the editor
	// and for the browser tests: never in body.md.
	HostLocal = "local"
)

// Backend is where the editor reads and writes the records.
type Backend struct {
	Host   string // HostGitHub, HostGitea or HostLocal
	Repo   string // owner/name
	Branch string // default main
	// AuthURL is, for GitHub, the OAuth endpoint that logs staff in
	// (Decap's base_url); URL is a Gitea or Forgejo server's address, and
	// AppID the client ID of the OAuth2 application made on it.
	AuthURL, URL, AppID string
	// LocalURL is, for HostLocal, decap-server's API address.
	LocalURL string
}

// BackendOf reads body.md's editor: settings; ok is false when there are
// none (the editor is not set up).
func BackendOf(b *record.Body) (be Backend, ok bool) {
	if b == nil || b.Editor == nil {
		return Backend{}, false
	}
	e := b.Editor
	return Backend{Host: e.Host, Repo: e.Repo, Branch: e.Branch, AuthURL: e.AuthURL, URL: strings.TrimSuffix(e.URL, "/"), AppID: e.AppID}, true
}

// Local is the backend for decap-server at apiURL (its default is
// http://localhost:8081/api/v1); CheckLocal says whether apiURL is one.
func Local(apiURL string) Backend { return Backend{Host: HostLocal, LocalURL: apiURL} }

// CheckLocal refuses an address that cannot be decap-server's: anything
// but an http or https address of a host, with no user name or password
// in it (it is written into the editor's page and its policy).
func CheckLocal(apiURL string) error {
	u, err := url.Parse(apiURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%q is not decap-server's address: give one like http://localhost:8081/api/v1", apiURL)
	}
	return nil
}

func (b Backend) branch() string {
	if b.Branch == "" {
		return "main"
	}
	return b.Branch
}

// Scope is what one portal's editor offers: the body's own file (the
// appropriate body's portal only), the audience's schools, or one ECT's
// folder. A school's editor names no other school.
type Scope struct {
	Body    bool
	Schools []*record.School
	ECT     *record.ECT // when set: this ECT's records only
	// Starts are the reports the schedule expects next in the scope, as
	// ect new review would start them: the tutor starts them in the
	// editor, and everyone who signs or reviews them opens the draft in
	// the same collection.
	Starts []Start
}

// Config is config.yml.
type Config struct {
	Backend     BackendConfig `yaml:"backend"`
	PublishMode string        `yaml:"publish_mode,omitempty"`
	// MediaLibrary is ectdocs.js's "none": records hold no images, so
	// there is no Media button and nothing can be uploaded.
	MediaLibrary struct {
		Name string `yaml:"name"`
	} `yaml:"media_library"`
	SiteURL     string        `yaml:"site_url,omitempty"`
	Locale      string        `yaml:"locale"`
	Collections []*Collection `yaml:"collections"`
	// People is admin/people.json, for the workflow's buttons.
	People *People `yaml:"-"`
}

// BackendConfig is config.yml's backend:.
type BackendConfig struct {
	Name    string `yaml:"name"`
	Repo    string `yaml:"repo,omitempty"`
	Branch  string `yaml:"branch,omitempty"`
	BaseURL string `yaml:"base_url,omitempty"`
	APIRoot string `yaml:"api_root,omitempty"`
	AppID   string `yaml:"app_id,omitempty"`
	// ProxyURL is decap-server's API, for HostLocal.
	ProxyURL string `yaml:"proxy_url,omitempty"`
	// Commit messages say what was done to which record, as ect's own do.
	CommitMessages map[string]string `yaml:"commit_messages,omitempty"`
}

// Collection is one collection: a record kind in one school folder (a
// folder collection, its entries told apart by their kind: field), or a
// single file (body.md, a school.md).
type Collection struct {
	Name        string  `yaml:"name"`
	Label       string  `yaml:"label"`
	Description string  `yaml:"description,omitempty"`
	Folder      string  `yaml:"folder,omitempty"`
	Path        string  `yaml:"path,omitempty"`
	Filter      *Filter `yaml:"filter,omitempty"`
	Extension   string  `yaml:"extension"`
	Format      string  `yaml:"format"`
	Summary     string  `yaml:"summary,omitempty"`
	// Records are started by ect new (and, later, the workflow buttons)
	// and never deleted: nothing is lost.
	Create bool `yaml:"create"`
	Delete bool `yaml:"delete"`
	// Editor turns Decap's preview pane off: it shows a record's raw
	// Markdown, template guidance and all, which helps nobody filling in
	// a form, and takes half the screen.
	Editor EditorPane `yaml:"editor"`
	Fields []*Field   `yaml:"fields,omitempty"`
	Files  []*File    `yaml:"files,omitempty"`
	// Kind is the record kind the collection holds.
	Kind record.Kind `yaml:"-"`
}

// EditorPane is a collection's editor: Decap's preview beside the form,
// or not.
type EditorPane struct {
	Preview bool `yaml:"preview"`
}

// Filter keeps the entries whose field has the value.
type Filter struct {
	Field string `yaml:"field"`
	Value string `yaml:"value"`
}

// File is one file of a file collection.
type File struct {
	Name   string   `yaml:"name"`
	Label  string   `yaml:"label"`
	File   string   `yaml:"file"`
	Fields []*Field `yaml:"fields"`
}

// kindPaths says where each kind lives inside an ECT's folder, as
// Decap's path template (its depth is what Decap lists).
var kindPaths = []struct {
	kind  record.Kind
	path  string // below the ECT's folder
	label string // the collection's label, plural
}{
	{record.KindECT, "ect", "ECTs"},
	{record.KindProgressReview, "reports/{{slug}}", "progress reviews"},
	{record.KindFormalAssessment, "reports/{{slug}}", "formal assessments"},
	{record.KindObservation, "observations/{{slug}}", "lesson observations"},
	{record.KindSupportPlan, "support-plans/{{slug}}", "support plans"},
	{record.KindMentoringLog, "mentoring", "mentoring logs"},
}

// Generate makes the editor's configuration for scope: schemas is the
// schemas/ folder, templates the record templates (their level-2
// headings are the sections of a report's form), prefix the records
// folder's path in the repository ("records"). Its collections share
// their kind's fields (a start collection copies those it gives
// defaults): read them, change none.
func Generate(schemasFS, templates fs.FS, body *record.Body, scope Scope, be Backend, prefix string) (*Config, error) {
	sch, err := readSchemas(schemasFS)
	if err != nil {
		return nil, err
	}
	c := &Config{Locale: "en"}
	c.MediaLibrary.Name = "ectdocs-none"
	switch be.Host {
	case HostGitHub:
		c.Backend = BackendConfig{Name: "github", Repo: be.Repo, Branch: be.branch(), BaseURL: be.AuthURL}
		c.PublishMode = "editorial_workflow"
	case HostGitea:
		// Decap's gitea backend has no editorial workflow: each save is a
		// commit to the branch (docs/editor.md).
		c.Backend = BackendConfig{Name: "gitea", Repo: be.Repo, Branch: be.branch(), BaseURL: be.URL, APIRoot: be.URL + "/api/v1", AppID: be.AppID}
	case HostLocal:
		// decap-server, in its git mode, commits in the repository it
		// serves: Decap's proxy backend (what local_backend: true turns
		// into on localhost) talks to it wherever the page is served.
		c.Backend = BackendConfig{Name: "proxy", ProxyURL: be.LocalURL, Branch: be.branch()}
		c.PublishMode = "editorial_workflow"
	default:
		return nil, fmt.Errorf("editor: host %q: give github or gitea", be.Host)
	}
	c.Backend.CommitMessages = map[string]string{
		"create": "{{path}}: started in the portal's editor",
		"update": "{{path}}: saved in the portal's editor",
		"delete": "{{path}}: deleted in the portal's editor",
	}
	g := &generator{sch: sch, templates: templates, body: body, prefix: strings.Trim(path.Clean("/"+prefix), "/")}
	if scope.Body {
		col, err := g.files(record.KindBody, editform.Collection(record.KindBody, 0), "The appropriate body", "body.md")
		if err != nil {
			return nil, err
		}
		c.Collections = append(c.Collections, col)
	}
	if scope.ECT != nil {
		c.People = people(body, []*record.School{scope.ECT.School}, scope.ECT, be.Host == HostLocal)
		// The school's collections, by the same names: a draft is found by
		// its collection's name and its path below the folder, so the ECT
		// opens the drafts their tutor saved. What they list is what the
		// Git host lets them read (docs/editor.md).
		sc := scope.ECT.School
		folder := path.Join(sc.Place.SchoolDir, "ects")
		if err := g.ectFolders(c, sc, folder, scope.ECT.Name+", "+sc.Name+": "); err != nil {
			return nil, err
		}
		return c, g.starts(c, startsBySchool(scope.Starts)[sc.URN], scope.ECT.Place.ECTDir, folder)
	}
	c.People = people(body, scope.Schools, nil, be.Host == HostLocal)
	bySchool := startsBySchool(scope.Starts)
	for _, sc := range scope.Schools {
		col, err := g.files(record.KindSchool, editform.Collection(record.KindSchool, sc.URN), sc.Name+": the school", path.Join(sc.Place.SchoolDir, "school.md"))
		if err != nil {
			return nil, err
		}
		c.Collections = append(c.Collections, col)
		if err := g.ectFolders(c, sc, path.Join(sc.Place.SchoolDir, "ects"), sc.Name+": "); err != nil {
			return nil, err
		}
		if err := g.starts(c, bySchool[sc.URN], path.Join(sc.Place.SchoolDir, "ects"), path.Join(sc.Place.SchoolDir, "ects")); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// startsBySchool groups the starts by their school's URN (a body's
// portal has thousands of them, in hundreds of schools).
func startsBySchool(starts []Start) map[int][]Start {
	out := map[int][]Start{}
	for _, st := range starts {
		urn := record.PlaceOf(st.Rel).SchoolURN
		out[urn] = append(out[urn], st)
	}
	return out
}

// starts adds a start collection, in folder, for each of one school's
// expected reports that lies in within.
func (g *generator) starts(c *Config, starts []Start, within, folder string) error {
	for _, st := range starts {
		if !strings.HasPrefix(st.Rel, within+"/") {
			continue
		}
		col, err := g.startCollection(st, folder)
		if err != nil {
			return err
		}
		c.Collections = append(c.Collections, col)
	}
	return nil
}

type generator struct {
	sch       schemas
	templates fs.FS
	body      *record.Body
	prefix    string
	// made are the fields made for each kind so far (fields).
	made map[record.Kind][]*Field
}

// repoPath is a path in the records folder as a path in the repository.
func (g *generator) repoPath(rel string) string {
	if g.prefix == "" {
		return rel
	}
	return path.Join(g.prefix, rel)
}

// ectFolders adds a collection for each kind kept in ECTs' folders, the
// school's folder (…/ects) holding every ECT's.
func (g *generator) ectFolders(c *Config, sc *record.School, folder, label string) error {
	for _, k := range kindPaths {
		fields, err := g.fields(k.kind)
		if err != nil {
			return err
		}
		trn := "{{ect}}/" // the field holding the TRN: a new entry's folder
		if k.kind == record.KindECT {
			trn = "{{trn}}/"
		}
		p, summary := trn+k.path, "{{dirname}}/{{filename}}"
		name := editform.Collection(k.kind, sc.URN)
		c.Collections = append(c.Collections, &Collection{
			Name: name, Label: label + k.label, Kind: k.kind,
			Description: fmt.Sprintf("The %s in %s.", k.label, g.repoPath(folder)),
			Folder:      g.repoPath(folder), Path: p,
			Filter:    &Filter{Field: "kind", Value: string(k.kind)},
			Extension: "md", Format: "yaml-frontmatter", Summary: summary,
			Fields: fields,
		})
	}
	return nil
}

// files is a file collection of one record.
func (g *generator) files(kind record.Kind, name, label, rel string) (*Collection, error) {
	fields, err := g.fields(kind)
	if err != nil {
		return nil, err
	}
	return &Collection{Name: name, Label: label, Kind: kind, Extension: "md", Format: "yaml-frontmatter",
		Files: []*File{{Name: string(kind), Label: label, File: g.repoPath(rel), Fields: fields}}}, nil
}

// fields are a kind's fields: a report's workflow buttons, then its
// schema's properties, then its Markdown body (the sections of a report,
// or free text). They are made once for each kind and shared by its
// collections in every school: change none of them (withDefaults copies
// the ones it gives defaults to).
func (g *generator) fields(kind record.Kind) ([]*Field, error) {
	if f, ok := g.made[kind]; ok {
		return f, nil
	}
	f, err := g.makeFields(kind)
	if err != nil {
		return nil, err
	}
	if isReport(kind) {
		f = workflowFields(f)
	}
	if g.made == nil {
		g.made = map[record.Kind][]*Field{}
	}
	g.made[kind] = f
	return f, nil
}

// makeFields makes a kind's fields from its schema and template.
func (g *generator) makeFields(kind record.Kind) ([]*Field, error) {
	file := string(kind) + ".schema.json"
	doc := g.sch[file]
	if doc == nil {
		return nil, fmt.Errorf("no schema for %s", kind)
	}
	var answers []*Field
	if g.body != nil {
		for _, q := range g.body.ExtraQuestions {
			if slices.Contains(q.AppliesTo, kind) && q.Answer != "section" {
				answers = append(answers, questionField(q))
			}
		}
	}
	fields, err := g.sch.fieldsOf(file, doc, keyOrder(doc), answers)
	if err != nil {
		return nil, err
	}
	sections, err := g.sections(kind)
	if err != nil {
		return nil, err
	}
	body := &Field{Name: "body", Label: "Notes", Widget: WidgetText, Hint: "The Markdown below the fields, kept as it is written."}
	if len(sections) > 0 {
		body = &Field{Name: "body", Label: "The report", Widget: WidgetSections, Required: true, Sections: sections,
			Hint: "Each heading of the record is a box of its own; text under headings the form does not know is kept as it is."}
	}
	return append(fields, body), nil
}

// sections are the level-2 headings of the kind's template, with the
// body's extra questions answered as sections where the template puts
// them, and each with the guidance the template gives.
func (g *generator) sections(kind record.Kind) ([]Section, error) {
	data, err := fs.ReadFile(g.templates, string(kind)+".md")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Section
	sc := bufio.NewScanner(bytes.NewReader(data))
	var cur *Section
	var guidance strings.Builder
	inComment, fm := false, 0
	flush := func() {
		if cur != nil {
			cur.Hint = tidyGuidance(guidance.String())
			out = append(out, *cur)
		}
		cur = nil
		guidance.Reset()
	}
	for sc.Scan() {
		line := sc.Text()
		if fm < 2 {
			if line == "---" {
				fm++
			}
			continue
		}
		if h, ok := strings.CutPrefix(line, "## "); ok {
			flush()
			if strings.Contains(h, "{{") {
				for _, q := range g.questions(kind) {
					out = append(out, Section{Heading: q.Heading, Required: q.IsRequired(), Hint: q.Question})
				}
				continue
			}
			cur = &Section{Heading: h, Required: sectionRequired(kind, h)}
			continue
		}
		if cur == nil {
			continue
		}
		if strings.Contains(line, "<!--") {
			inComment = true
		}
		if inComment {
			guidance.WriteString(line + "\n")
		}
		if strings.Contains(line, "-->") {
			inComment = false
		}
	}
	flush()
	return out, sc.Err()
}

// questions are the body's extra questions answered as sections in kind.
func (g *generator) questions(kind record.Kind) []record.Question {
	var out []record.Question
	if g.body == nil {
		return nil
	}
	for _, q := range g.body.ExtraQuestions {
		if q.Answer == "section" && slices.Contains(q.AppliesTo, kind) {
			out = append(out, q)
		}
	}
	return out
}

// sectionRequired: every section of a template must be written before a
// report is valid, except the ECT's comments (written after the tutor
// releases it; ect validate requires them once the ECT signs) and a formal
// assessment's summary.
func sectionRequired(kind record.Kind, heading string) bool {
	return heading != "ECT comments" && (kind != record.KindFormalAssessment || heading != "Summary")
}

var templateAction = regexp.MustCompile(`\{\{[^}]*\}\}`)

// tidyGuidance turns a template's HTML comment into a hint.
func tidyGuidance(s string) string {
	s = strings.NewReplacer("<!--", "", "-->", "").Replace(s)
	s = templateAction.ReplaceAllString(s, "")
	return strings.Join(strings.Fields(s), " ")
}

// YAML is config.yml, each field, list of fields or collection settings
// that repeats written once and referred to after (compact.go).
func (c *Config) YAML() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# Written by ect build from schemas/ and records/body.md: edit those, not this.\n")
	b.WriteString("# What repeats is written once: &name marks it, *name repeats it, and <<: *name\n" +
		"# takes it with the keys beside it changed (pr. is a progress review's field, fa. a\n" +
		"# formal assessment's; docs/editor.md).\n")
	n, err := c.compactNode()
	if err != nil {
		return nil, err
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// CSP is the editor page's Content-Security-Policy for a backend, as a
// <meta> states it (a host serving the page should send it as a header
// too, with frame-ancestors 'none'; see docs/editor.md):
//
//   - default-src 'none': nothing that is not named below;
//   - script-src 'self' 'unsafe-eval': decap-cms.js and ectdocs.js from the
//     portal, no inline script. Decap checks config.yml against its own
//     JSON Schema with AJV, which compiles that schema into a function
//     (new Function) when the editor starts: without 'unsafe-eval' the
//     editor stops at "Error loading the CMS configuration";
//   - style-src 'self' 'unsafe-inline': Decap styles its components with
//     emotion, which writes <style> elements at run time;
//   - img-src 'self' data:: Decap's icons are data: URLs; for GitHub and
//     Gitea also the host's avatars of the logged-in person;
//   - connect-src 'self' and the Git host's API: config.yml, and the
//     records read and written with the person's own login;
//   - base-uri 'none', form-action 'none', object-src 'none'.
func CSP(be Backend) string {
	img, connect := []string{"'self'", "data:"}, []string{"'self'"}
	switch be.Host {
	case HostGitHub:
		img = append(img, "https://avatars.githubusercontent.com")
		connect = append(connect, "https://api.github.com")
	case HostGitea:
		if o := origin(be.URL); o != "" {
			img = append(img, o)
			connect = append(connect, o)
		}
	case HostLocal:
		if o := origin(be.LocalURL); o != "" {
			connect = append(connect, o)
		}
	}
	return strings.Join([]string{
		"default-src 'none'",
		"script-src 'self' 'unsafe-eval'",
		"style-src 'self' 'unsafe-inline'",
		"img-src " + strings.Join(img, " "),
		"connect-src " + strings.Join(connect, " "),
		"base-uri 'none'",
		"form-action 'none'",
		"object-src 'none'",
	}, "; ")
}

// HeaderCSP is CSP with what only a header can say: the page is never
// framed by another site.
func HeaderCSP(be Backend) string { return CSP(be) + "; frame-ancestors 'none'" }

func origin(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Scheme == "" || p.Host == "" {
		return ""
	}
	return p.Scheme + "://" + p.Host
}

// indexPage is admin/index.html: Decap's bundle and ectdocs.js (the
// sections widget), both from the portal, under the policy.
const indexPage = `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="%s">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Edit the induction records</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<link rel="icon" href="data:,">
</head>
<body>
<script src="ectdocs.js"></script>
<script src="decap-cms.js"></script>
</body>
</html>
`

// notSetUp is admin/index.html when body.md has no editor: settings.
const notSetUp = `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="%s">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The editor is not set up</title>
</head>
<body>
<main>
<h1>The editor is not set up</h1>
<p>Records can be edited here, as forms, once the appropriate body says where the records
repository is: editor: in records/body.md (host, repo and how staff log in). Until then, use
ect new, ect release and ect sign, or the Git host's own editor.</p>
</main>
</body>
</html>
`

// Write writes admin/index.html and admin/config.yml into static, the
// portal's static folder (beside the shipped Decap bundle). Without a
// backend (ok false) the page says the editor is not set up.
func Write(static string, c *Config, be Backend, ok bool) error {
	dir := filepath.Join(static, "admin")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if !ok {
		return os.WriteFile(filepath.Join(dir, "index.html"), fmt.Appendf(nil, notSetUp, CSP(Backend{})), 0o644)
	}
	data, err := c.YAML()
	if err != nil {
		return fmt.Errorf("editor configuration: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.yml"), data, 0o644); err != nil {
		return err
	}
	if c.People != nil {
		who, err := c.People.JSON()
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "people.json"), who, 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), fmt.Appendf(nil, indexPage, CSP(be)), 0o644)
}
