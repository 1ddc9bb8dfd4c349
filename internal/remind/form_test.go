package remind

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/status"
)

// TestPlanForms: each item of a reminder links the editor's form the
// person acts in (editform, joined to the portal's address): the
// report's own form once it is filed, the form that starts one in the
// school's folder before, the ECT's profile for the AB's decision; and
// none without a portal.
func TestPlanForms(t *testing.T) {
	const admin = "https://portal.example/admin/#/collections/"
	for _, tc := range []struct {
		name, on, to, ect, report string
		want                      string
	}{
		{"the tutor starts a review not filed yet", "2026-12-17", "Lucy Fairbairn", "Samuel Eze", "Progress review",
			admin + "990101-start-9900110-2026-27-autumn-progress-review/new"},
		{"the tutor starts a formal assessment at another school", "2026-12-17", "Ben Nakamura", "Kwame Asante-Boateng", "First formal assessment",
			admin + "990102-start-9900103-2026-27-autumn-first-assessment/new"},
		{"the ECT comments on her released review", "2026-12-17", "Eleanor Thursby", "Eleanor Thursby", "Progress review",
			admin + "990101-progress-review/entries/9900101/reports/2026-27-autumn-progress-review"},
		{"the AB reviews a submitted report", "2026-09-04", "Catherine Harcourt", "Kwame Asante-Boateng", "Progress review",
			admin + "990102-progress-review/entries/9900103/reports/2025-26-summer-progress-review"},
		{"the AB records its decision in the ECT's profile", "2027-07-20", "Daniel Osei", "Léa Marchetti", "AB decision",
			admin + "990102-ect/entries/9900112/ect"},
		{"the tutor acts on a returned review", "2027-08-02", "Lucy Fairbairn", "Rhys Talbot-Evans", "Progress review",
			admin + "990101-progress-review/entries/9900113/reports/2025-26-spring-progress-review"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var forms []string
			for _, d := range plan(t, date(tc.on)) {
				for _, it := range d.Items {
					if d.To.Name == tc.to && it.ECT == tc.ect && it.Report == tc.report {
						forms = append(forms, it.Form)
					}
				}
			}
			found := false
			for _, f := range forms {
				found = found || f == tc.want
			}
			if !found {
				t.Errorf("%s's items for %s's %s link %q; want %s", tc.to, tc.ect, tc.report, forms, tc.want)
			}
		})
	}
	// Without a portal, no links at all.
	for _, d := range Plan(demoBook(t), boardOn(t, date("2026-12-17")), date("2026-12-17"), Options{}) {
		for _, it := range d.Items {
			if it.Form != "" || it.Portal != "" {
				t.Errorf("%s: %s: links %q, %q without a portal", d.To.Name, it.ECT, it.Form, it.Portal)
			}
		}
	}
}

// TestMessageGolden pins the text and HTML of three messages: a tutor's
// reports to start, an ECT's report to comment on and sign, the AB's
// review and decisions. UPDATE_GOLDEN=1 rewrites testdata/ (read the
// diff first).
func TestMessageGolden(t *testing.T) {
	for _, tc := range []struct{ name, on, to string }{
		{"tutor", "2026-12-17", "Lucy Fairbairn"},
		{"ect", "2026-12-17", "Eleanor Thursby"},
		{"ab", "2027-07-20", "Catherine Harcourt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d *Digest
			for _, g := range plan(t, date(tc.on)) {
				if g.To.Name == tc.to {
					d = &g
				}
			}
			if d == nil {
				t.Fatalf("no message to %s on %s", tc.to, tc.on)
			}
			var text, html bytes.Buffer
			if err := textTmpl.Execute(&text, d); err != nil {
				t.Fatal(err)
			}
			if err := htmlTmpl.Execute(&html, d); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "message-"+tc.name+".txt"), text.Bytes())
			golden(t, filepath.Join("testdata", "message-"+tc.name+".html"), html.Bytes())
		})
	}
}

// golden compares got with the file, or writes it under UPDATE_GOLDEN=1.
func golden(t *testing.T, file string, got []byte) {
	t.Helper()
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (UPDATE_GOLDEN=1 writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (UPDATE_GOLDEN=1 rewrites it); got\n%s", file, got)
	}
}

// TestSchoolPortal: a school with its own portal (portal_url in
// school.md) has its staff's and ECTs' links go there; the appropriate
// body's staff, and the other schools, keep the body's portal.
func TestSchoolPortal(t *testing.T) {
	on := date("2026-12-17")
	book := fixture.DemoBook(t) // its own: the shared one is not changed
	var oakfield *record.School
	for _, sc := range book.Schools {
		if sc.URN == 990101 {
			oakfield = sc
		}
	}
	if oakfield == nil {
		t.Fatal("no school 990101 in the demo")
	}
	oakfield.PortalURL = "https://induction.oakfield.example/"
	board, err := status.Build(book, on, status.Filter{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range Plan(book, board, on, testOptions) {
		for _, it := range d.Items {
			want := testOptions.PortalURL
			if d.To.Role != RoleAB && it.URN == 990101 {
				want = "https://induction.oakfield.example"
			}
			for _, link := range []string{it.Form, it.Portal} {
				if link == "" {
					continue
				}
				if !strings.HasPrefix(link, strings.TrimSuffix(want, "/")+"/") {
					t.Errorf("%s (%s): %s's %s links %s; want it under %s", d.To.Name, d.To.Role, it.ECT, it.Report, link, want)
				}
				seen[want] = true
			}
		}
	}
	if !seen["https://induction.oakfield.example"] || !seen[testOptions.PortalURL] {
		t.Errorf("the day's reminders link only %v: want both portals", seen)
	}
}
