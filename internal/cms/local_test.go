package cms_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/browsertest"
	"github.com/ectdocs/ectdocs/internal/fixture"

	"github.com/chromedp/chromedp"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/cms"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// TestAdminLists opens the editor on the demo replayed into a Git
// repository, through decap-server (its git mode, from node_modules):
// each of a school's collections lists exactly that school's records of
// its kind, found by the path depth and the kind: filter, and a progress
// review opens with its Markdown sections each in its own box.
func TestAdminLists(t *testing.T) {
	browsertest.Chromium(t) // skip before building anything
	nodejs := node(t)
	repo := t.TempDir()
	if _, err := workspace.ReplayDemo(repo); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	server := exec.Command(nodejs, filepath.Join(root, "node_modules", "decap-server", "dist", "index.js"))
	server.Env = append(os.Environ(), "MODE=git", "GIT_REPO_DIRECTORY="+repo, fmt.Sprintf("PORT=%d", port), "BIND_HOST=127.0.0.1", "LOG_LEVEL=error")
	server.Stderr = os.Stderr
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { server.Process.Kill(); server.Wait() })
	api := fmt.Sprintf("http://127.0.0.1:%d/api/v1", port)
	for start := time.Now(); ; {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			break
		}
		if time.Since(start) > 20*time.Second {
			t.Fatal("decap-server did not start")
		}
		time.Sleep(100 * time.Millisecond)
	}

	book := fixture.DemoBook(t)
	be := cms.Local(api)
	c, err := cms.Generate(ectdocs.Schemas(), ectdocs.Templates(), book.Body, cms.Scope{Schools: book.Schools}, be, "records")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(adminSite(t, c, be))))
	defer srv.Close()
	ctx := browsertest.Start(t, 1280, 900)
	wait := func(js string) string {
		t.Helper()
		w, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		s, err := chromedp.Run(w, chromedp.Poll[string](js))
		if err != nil {
			body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
			t.Fatalf("waiting for %s: %v\nthe page says:\n%s", js, err, body)
		}
		return s
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/admin/")); err != nil {
		t.Fatal(err)
	}
	wait(`(b => b && (b.click(), "clicked"))([...document.querySelectorAll("button")].find(b => b.innerText.trim() === "Login"))`)
	wait(`document.body.innerText.includes("Collections") && "in"`)

	school := book.Schools[0]
	want := map[record.Kind][]string{}
	for _, e := range school.ECTs {
		rel := func(f *record.File) string {
			return strings.TrimSuffix(strings.TrimPrefix(f.Rel, school.Place.SchoolDir+"/ects/"), ".md")
		}
		want[record.KindECT] = append(want[record.KindECT], rel(e.File))
		if e.Mentoring != nil {
			want[record.KindMentoringLog] = append(want[record.KindMentoringLog], rel(e.Mentoring.File))
		}
		for _, r := range e.Reports {
			want[r.Kind] = append(want[r.Kind], rel(r.File))
		}
		for _, o := range e.Observations {
			want[record.KindObservation] = append(want[record.KindObservation], rel(o.File))
		}
		for _, p := range e.SupportPlans {
			want[record.KindSupportPlan] = append(want[record.KindSupportPlan], rel(p.File))
		}
	}
	for _, col := range c.Collections {
		if col.Folder == "" || !strings.HasPrefix(col.Name, fmt.Sprint(school.URN)) {
			continue
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/admin/#/collections/"+col.Name)); err != nil {
			t.Fatal(err)
		}
		wait(`document.body.innerText.includes(` + quote(col.Description) + `) && "listed"`)
		var got []string
		if len(want[col.Kind]) > 0 {
			list := wait(`(a => a.length && JSON.stringify(a))([...document.querySelectorAll("a[href*='/entries/']")].map(a => decodeURIComponent(a.getAttribute("href").split("/entries/")[1])))`)
			got = strings.Split(strings.Trim(strings.ReplaceAll(list, `"`, ""), "[]"), ",")
		}
		slices.Sort(got)
		w := slices.Clone(want[col.Kind])
		slices.Sort(w)
		if !slices.Equal(got, w) {
			t.Errorf("%s lists %q, want %q", col.Name, got, w)
		}
	}

	// A progress review: its sections, each in its own box, with its text.
	var pr *record.Report
	for _, e := range school.ECTs {
		for _, r := range e.Reports {
			if r.Kind == record.KindProgressReview && pr == nil {
				pr = r
			}
		}
	}
	slug := strings.TrimSuffix(strings.TrimPrefix(pr.Rel, school.Place.SchoolDir+"/ects/"), ".md")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/admin/#/collections/"+fmt.Sprint(school.URN)+"-progress-review/entries/"+slug)); err != nil {
		t.Fatal(err)
	}
	boxes := wait(`(a => a.length && JSON.stringify(a))([...document.querySelectorAll("textarea")].map(x => document.querySelector("label[for='" + x.id + "']").innerText + ": " + x.value))`)
	summary := pr.SectionNamed("Summary of progress")
	first, _, _ := strings.Cut(strings.TrimSpace(summary.Source), "\n")
	for _, w := range []string{"Summary of progress: " + first, "Development targets: ", "ECT comments (optional): "} {
		if !strings.Contains(boxes, strings.ReplaceAll(w, `"`, `\"`)) {
			t.Errorf("the form of %s has not got %q: %s", slug, w, boxes)
		}
	}
}
