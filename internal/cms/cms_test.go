package cms_test

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/cms"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/remind"
	"github.com/ectdocs/ectdocs/internal/status"
)

// demoDay is the day the demo's records are read on.
var demoDay = time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)

// demoConfig is the demo's editor configuration for the appropriate
// body: every school, body.md, and the start of each ECT's next report.
func demoConfig(t testing.TB, book *record.Book) *cms.Config {
	t.Helper()
	return demoConfigOn(t, book, demoDay)
}

// demoConfigOn is the demo's editor configuration for the appropriate
// body on day.
func demoConfigOn(t testing.TB, book *record.Book, day time.Time) *cms.Config {
	t.Helper()
	be, ok := cms.BackendOf(book.Body)
	if !ok {
		t.Fatal("the demo's body.md has no editor: settings")
	}
	var ects []*record.ECT
	for _, sc := range book.Schools {
		ects = append(ects, sc.ECTs...)
	}
	starts, err := cms.Starts(ectdocs.Templates(), book, ects, day)
	if err != nil {
		t.Fatal(err)
	}
	if len(starts) == 0 {
		t.Fatal("the demo's ECTs have no report to start")
	}
	c, err := cms.Generate(ectdocs.Schemas(), ectdocs.Templates(), book.Body, cms.Scope{Body: true, Schools: book.Schools, Starts: starts}, be, "records")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRemindersLinkForms checks the contract between the reminders and
// the editor on days across the demo's year: every form a reminder links
// is in the editor's configuration for that day, the form that starts a
// report included.
func TestRemindersLinkForms(t *testing.T) {
	book := fixture.DemoBook(t)
	for _, on := range []string{"2026-12-04", "2026-12-17", "2027-03-25", "2027-07-20"} {
		day, err := time.Parse(time.DateOnly, on)
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, c := range demoConfigOn(t, book, day).Collections {
			names[c.Name] = true
		}
		board, err := status.Build(book, day, status.Filter{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		starts := 0
		for _, d := range remind.Plan(book, board, day, remind.Options{PortalURL: "https://portal.example"}) {
			for _, it := range d.Items {
				_, fragment, ok := strings.Cut(it.Form, "/admin/#/collections/")
				if !ok {
					continue
				}
				name, rest, _ := strings.Cut(fragment, "/")
				if !names[name] {
					t.Errorf("%s: %s's reminder links %s, which the editor has no collection for", on, d.To.Name, it.Form)
				}
				if rest == "new" {
					starts++
				}
			}
		}
		if on == "2026-12-17" && starts == 0 {
			t.Errorf("%s: no reminder links a form that starts a report", on)
		}
	}
}

// TestGolden pins the demo's generated config.yml for the appropriate
// body (UPDATE_GOLDEN=1 to rewrite it after reading the diff).
func TestGolden(t *testing.T) {
	c := demoConfig(t, fixture.DemoBook(t))
	config, err := c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	people, err := c.People.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []struct {
		name string
		got  []byte
	}{{"demo-ab-config.yml", config}, {"demo-ab-people.json", people}} {
		golden := filepath.Join("testdata", g.name)
		if os.Getenv("UPDATE_GOLDEN") != "" {
			if err := os.WriteFile(golden, g.got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(g.got, want) {
			t.Errorf("%s differs from %s (UPDATE_GOLDEN=1 after reading the diff):\n%s", g.name, golden, g.got)
		}
	}
}

// TestCSP: the policy allows the portal's own scripts and the backend's
// API, and nothing else, for each kind of backend.
func TestCSP(t *testing.T) {
	for _, tc := range []struct {
		name          string
		be            cms.Backend
		connect, imgs string
	}{
		{"github", cms.Backend{Host: cms.HostGitHub, Repo: "a/b", AuthURL: "https://auth.example"}, "'self' https://api.github.com", "'self' data: https://avatars.githubusercontent.com"},
		{"gitea", cms.Backend{Host: cms.HostGitea, Repo: "a/b", URL: "https://git.example:3000/forge", AppID: "x"}, "'self' https://git.example:3000", "'self' data: https://git.example:3000"},
		{"local", cms.Local("http://localhost:8081/api/v1"), "'self' http://localhost:8081", "'self' data:"},
		{"none", cms.Backend{}, "'self'", "'self' data:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]string{}
			for _, d := range strings.Split(cms.CSP(tc.be), "; ") {
				name, value, _ := strings.Cut(d, " ")
				got[name] = value
			}
			want := map[string]string{
				"default-src": "'none'", "script-src": "'self' 'unsafe-eval'", "style-src": "'self' 'unsafe-inline'",
				"img-src": tc.imgs, "connect-src": tc.connect,
				"base-uri": "'none'", "form-action": "'none'", "object-src": "'none'",
			}
			if !maps.Equal(got, want) {
				t.Errorf("CSP:\n got %q\nwant %q", got, want)
			}
			if h := cms.HeaderCSP(tc.be); h != cms.CSP(tc.be)+"; frame-ancestors 'none'" {
				t.Errorf("header CSP %q", h)
			}
		})
	}
}

// TestWrite: with a backend, the page loads the portal's two scripts
// under the policy and the configuration is beside it; without one, the
// page says the editor is not set up and loads nothing.
func TestWrite(t *testing.T) {
	book := fixture.DemoBook(t)
	c := demoConfig(t, book)
	be, _ := cms.BackendOf(book.Body)
	script := regexp.MustCompile(`<script[^>]*>`)

	dir := t.TempDir()
	if err := cms.Write(dir, c, be, true); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(dir, "admin", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `<meta http-equiv="Content-Security-Policy" content="` + cms.CSP(be) + `">`; !strings.Contains(string(page), want) {
		t.Errorf("the page has not got %s:\n%s", want, page)
	}
	if got := script.FindAllString(string(page), -1); !slices.Equal(got, []string{`<script src="ectdocs.js">`, `<script src="decap-cms.js">`}) {
		t.Errorf("the page loads %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "admin", "config.yml")); err != nil {
		t.Error(err)
	}

	none := t.TempDir()
	if err := cms.Write(none, nil, cms.Backend{}, false); err != nil {
		t.Fatal(err)
	}
	page, err = os.ReadFile(filepath.Join(none, "admin", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "The editor is not set up") || script.MatchString(string(page)) {
		t.Errorf("without editor: the page is\n%s", page)
	}
	if _, err := os.Stat(filepath.Join(none, "admin", "config.yml")); err == nil {
		t.Error("config.yml written without a backend")
	}
}

// TestBackends: each host's backend in config.yml; Decap's gitea backend
// has no editorial workflow, so none is asked of it.
func TestBackends(t *testing.T) {
	book := fixture.DemoBook(t)
	for _, tc := range []struct {
		be   cms.Backend
		want cms.BackendConfig
		mode string
	}{
		{cms.Backend{Host: cms.HostGitHub, Repo: "a/b", AuthURL: "https://auth.example"}, cms.BackendConfig{Name: "github", Repo: "a/b", Branch: "main", BaseURL: "https://auth.example"}, "editorial_workflow"},
		{cms.Backend{Host: cms.HostGitea, Repo: "a/b", Branch: "records", URL: "https://git.example", AppID: "x"}, cms.BackendConfig{Name: "gitea", Repo: "a/b", Branch: "records", BaseURL: "https://git.example", APIRoot: "https://git.example/api/v1", AppID: "x"}, ""},
		{cms.Local("http://localhost:8081/api/v1"), cms.BackendConfig{Name: "proxy", Branch: "main", ProxyURL: "http://localhost:8081/api/v1"}, "editorial_workflow"},
	} {
		c, err := cms.Generate(ectdocs.Schemas(), ectdocs.Templates(), book.Body, cms.Scope{Schools: book.Schools[:1]}, tc.be, "records")
		if err != nil {
			t.Fatal(err)
		}
		got := c.Backend
		got.CommitMessages = nil
		if !reflect.DeepEqual(got, tc.want) || c.PublishMode != tc.mode {
			t.Errorf("%s: backend %+v, publish_mode %q; want %+v, %q", tc.be.Host, got, c.PublishMode, tc.want, tc.mode)
		}
	}
	if _, err := cms.Generate(ectdocs.Schemas(), ectdocs.Templates(), book.Body, cms.Scope{}, cms.Backend{Host: "gitlab"}, "records"); err == nil {
		t.Error("an unknown host was accepted")
	}
}

func TestCheckLocal(t *testing.T) {
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"http://localhost:8081/api/v1", true},
		{"https://cms.school.example/api/v1", true},
		{"javascript:alert(1)", false},
		{"localhost:8081/api/v1", false},
		{"http://user:secret@localhost:8081/api/v1", false},
		{"http:///api/v1", false},
		{"http://localhost:8081/api/v1?x=1", false},
		{"", false},
	} {
		if err := cms.CheckLocal(tc.url); (err == nil) != tc.ok {
			t.Errorf("CheckLocal(%q) = %v, want ok %v", tc.url, err, tc.ok)
		}
	}
}
