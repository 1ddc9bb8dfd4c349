package cms_test

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/browsertest"
	"github.com/ectdocs/ectdocs/internal/cms"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
)

// adminSite writes the portal's static folder as ect build gives it to
// Hugo (which copies it as it is): the shipped site/static/, then the
// editor's page and configuration.
func adminSite(t *testing.T, c *cms.Config, be cms.Backend) string {
	t.Helper()
	dir := t.TempDir()
	static, err := fs.Sub(ectdocs.Site(), "static")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dir, static); err != nil {
		t.Fatal(err)
	}
	if err := cms.Write(dir, c, be, true); err != nil {
		t.Fatal(err)
	}
	return dir
}

// watchViolations records, in the page, every Content-Security-Policy
// violation, before any of the page's own scripts run.
const watchViolations = `window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " (" + e.sourceFile + ":" + e.lineNumber + ")"));`

// TestAdminStarts opens the editor's page, as ect build writes it, in
// headless Chromium from a local server: Decap CMS starts from the
// portal's own files under the page's Content-Security-Policy, reads the
// generated config.yml without complaint and shows its login screen, with
// no policy violation, no error in the console and no request that
// fails.
func TestAdminStarts(t *testing.T) {
	browsertest.Chromium(t) // skip before building anything
	book := fixture.DemoBook(t)
	for _, tc := range []struct {
		name  string
		be    cms.Backend
		login string
	}{
		{"github", mustBackend(t, book), "Login with GitHub"},
		{"gitea", cms.Backend{Host: cms.HostGitea, Repo: "fenmoor/records", URL: "https://git.fenmoor-tsh.example", AppID: "0d1a"}, "Login with Gitea"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := cms.Generate(ectdocs.Schemas(), ectdocs.Templates(), book.Body, cms.Scope{Body: true, Schools: book.Schools}, tc.be, "records")
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var failed []string
			files := http.FileServer(http.Dir(adminSite(t, c, tc.be)))
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rec := &statusWriter{ResponseWriter: w, code: 200}
				files.ServeHTTP(rec, r)
				if rec.code >= 400 {
					mu.Lock()
					failed = append(failed, fmt.Sprintf("%s: %d", r.URL.Path, rec.code))
					mu.Unlock()
				}
			}))
			defer srv.Close()

			ctx := browsertest.Start(t, 1280, 900)
			var logged []string
			if err := chromedp.Listen(ctx, func(ev any) {
				mu.Lock()
				defer mu.Unlock()
				switch e := ev.(type) {
				case *cdplog.EventEntryAdded:
					if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
						logged = append(logged, fmt.Sprintf("%s %s: %s", e.Entry.Level, e.Entry.Source, e.Entry.Text))
					}
				case *runtime.EventExceptionThrown:
					logged = append(logged, "exception: "+e.ExceptionDetails.Text+" "+e.ExceptionDetails.Exception.Description)
				case *runtime.EventConsoleAPICalled:
					if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
						var args []string
						for _, a := range e.Args {
							args = append(args, string(a.Value)+a.Description)
						}
						logged = append(logged, "console."+string(e.Type)+": "+strings.Join(args, " "))
					}
				}
			}); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchViolations}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/admin/")); err != nil {
				t.Fatal(err)
			}
			wait, cancel := context.WithTimeout(ctx, 45*time.Second)
			defer cancel()
			text, err := chromedp.Run(wait, chromedp.Poll[string](`document.body.innerText.includes(`+quote(tc.login)+`) && document.body.innerText`))
			if err != nil {
				body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
				t.Fatalf("Decap did not show its login screen (%q): %v\nthe page says:\n%s\nlogged: %q", tc.login, err, body, logged)
			}
			if strings.Contains(text, "Error loading the CMS configuration") {
				t.Errorf("Decap refused the configuration:\n%s", text)
			}
			violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__violations`))
			if err != nil {
				t.Fatal(err)
			}
			shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
			if err != nil {
				t.Fatal(err)
			}
			if dir := os.Getenv("ECTDOCS_SCREENSHOTS"); dir != "" {
				if err := os.WriteFile(filepath.Join(dir, "admin-login-"+tc.name+".png"), shot, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for _, v := range violations {
				t.Errorf("Content-Security-Policy violation: %s", v)
			}
			for _, l := range logged {
				t.Errorf("the console says: %s", l)
			}
			for _, f := range failed {
				t.Errorf("a request failed: %s", f)
			}
		})
	}
}

// mustBackend is the backend the demo's body.md names.
func mustBackend(t *testing.T, book *record.Book) cms.Backend {
	be, ok := cms.BackendOf(book.Body)
	if !ok {
		t.Fatal("the demo's body.md has no editor: settings")
	}
	return be
}

// statusWriter remembers the status code a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (s *statusWriter) WriteHeader(code int) { s.code = code; s.ResponseWriter.WriteHeader(code) }

func quote(s string) string { return fmt.Sprintf("%q", s) }
