package portal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ectdocs/ectdocs/internal/portal"
)

// browser finds Chromium; without one the test is skipped, except in CI.
func browser(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium: CI must install Debian's chromium (see .ci/run)")
	}
	t.Skip("no Chromium on this machine (apt-get install chromium)")
	return ""
}

// a11yScript checks, in the page, what an accessibility audit checks
// first: the language, one h1 and headings in order, a caption or label
// on every table, a name on every link, and text contrast of at least
// 4.5:1 (WCAG AA). It returns the problems found.
const a11yScript = `(() => {
  const out = [];
  if (!document.documentElement.lang) out.push("html has no lang");
  const hs = [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map(h => +h.tagName[1]);
  if (hs.filter(l => l === 1).length !== 1) out.push("not exactly one h1");
  hs.forEach((l, i) => { if (i > 0 && l > hs[i-1] + 1) out.push("heading level skips from h" + hs[i-1] + " to h" + l); });
  document.querySelectorAll("table").forEach(t => {
    if (!t.querySelector("caption") && !t.getAttribute("aria-label")) out.push("a table without caption");
    if (!t.querySelector("th")) out.push("a table without header cells");
  });
  document.querySelectorAll("a").forEach(a => { if (!a.textContent.trim() && !a.getAttribute("aria-label")) out.push("a link without text: " + a.href); });
  document.querySelectorAll("img").forEach(i => { if (!i.hasAttribute("alt")) out.push("an image without alt"); });
  const rgb = s => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126*r + 0.7152*g + 0.0722*b; };
  const bg = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor); if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c; } return [255, 255, 255]; };
  const seen = new Set();
  document.querySelectorAll("body *").forEach(el => {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) return;
    const st = getComputedStyle(el);
    if (st.visibility === "hidden" || st.display === "none" || el.getBoundingClientRect().width === 0) return;
    const fg = rgb(st.color), b = bg(el);
    const [l1, l2] = [lum(fg), lum(b)].sort((x, y) => y - x);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const key = el.tagName + st.color + b;
    if (ratio < 4.5 && !seen.has(key)) { seen.add(key); out.push("contrast " + ratio.toFixed(2) + ":1 on " + el.tagName + ": " + el.textContent.trim().slice(0, 40)); }
  });
  return out;
})()`

// TestBrowser opens the demo portal in headless Chromium, as people will:
// the AB home, a school, a tutor's dashboard, an ECT and a formal
// assessment. It checks what each says, that every link on them resolves,
// and the accessibility basics, and saves a screenshot of each (into
// ECTDOCS_SCREENSHOTS when set).
func TestBrowser(t *testing.T) {
	chrome := browser(t)
	site := build(t, demoBook(t, nil), portal.Audience{Kind: "ab"})
	srv := httptest.NewServer(http.FileServer(http.Dir(site)))
	defer srv.Close()
	shots := os.Getenv("ECTDOCS_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0],
		chromedp.ExecPath(chrome), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 1000))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()

	checked := map[string]bool{}
	for _, tc := range []struct {
		name, page string
		want       []string
	}{
		{"ab-home", "/", []string{"Fenmoor Teaching School Hub Appropriate Body", "Schools", "Oakfield Primary School", "Reports that need completing", "⚠ signatures not proven", "These records are not in Git"}},
		{"school", "/schools/990101/", []string{"Oakfield Primary School", "Eleanor Thursby", "Due dates as a calendar"}},
		{"tutor", "/tutors/990101-j-okonkwo/", []string{"Joseph Okonkwo", "Reports that need completing", "Eleanor Thursby"}},
		{"ect", "/ects/9900101/", []string{"Eleanor Thursby", "FTE terms served", "Timeline", "First formal assessment"}},
		{"formal-assessment", "/reports/9900101/2025-26-summer-first-assessment/", []string{"First formal assessment", "TS8 Fulfil wider professional responsibilities", "Part Two", "ECT comments", "Signatures"}},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+tc.page)); err != nil {
			t.Fatalf("%s: %v", tc.page, err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text("body"))
		if err != nil {
			t.Fatalf("%s: %v", tc.page, err)
		}
		links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("a[href]")].map(a => a.href)`))
		if err != nil {
			t.Fatalf("%s: %v", tc.page, err)
		}
		problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](a11yScript))
		if err != nil {
			t.Fatalf("%s: %v", tc.page, err)
		}
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: %v", tc.page, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s does not show %q", tc.page, w)
			}
		}
		for _, p := range problems {
			t.Errorf("%s: accessibility: %s", tc.page, p)
		}
		if err := os.WriteFile(filepath.Join(shots, tc.name+".png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, l := range links {
			u, err := url.Parse(l)
			if err != nil || !strings.HasPrefix(l, srv.URL) {
				t.Errorf("%s links outside the portal: %s", tc.page, l)
				continue
			}
			if checked[u.Path] {
				continue
			}
			checked[u.Path] = true
			resp, err := http.Get(srv.URL + u.Path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b, _ := json.Marshal(u.Path)
				t.Errorf("%s links to %s: %s", tc.page, b, resp.Status)
			}
		}
	}
	if len(checked) < 10 {
		t.Errorf("only %d links followed", len(checked))
	}

	// The accessibility check itself finds what it looks for.
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<!DOCTYPE html><html><body><h1>A</h1><h3>skipped</h3><p style="color:#bbb">faint</p><table><tr><td>x</td></tr></table><a href="/x"></a></body></html>`))
	}))
	defer bad.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(bad.URL)); err != nil {
		t.Fatal(err)
	}
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](a11yScript))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(problems, "\n")
	for _, want := range []string{"html has no lang", "heading level skips from h1 to h3", "a table without caption", "a link without text", "contrast"} {
		if !strings.Contains(got, want) {
			t.Errorf("the accessibility check missed %q in a page made to fail it; it found:\n%s", want, got)
		}
	}
}
