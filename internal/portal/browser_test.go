package portal_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/browsertest"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/ectdocs/ectdocs/internal/portal"
)

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

// axeSource is axe-core's script, read from node_modules (npm ci installs
// it from the lockfile); without it the axe check is skipped, except in CI.
func axeSource(t *testing.T) string {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no axe-core: CI runs npm ci first (see .ci/run): %v", err)
		}
		t.Log("no node_modules/axe-core: the axe check is skipped (npm install --no-save axe-core@4.14.1)")
		return ""
	}
	return string(data)
}

// axeTags are the rules axe runs: WCAG 2.0, 2.1 and 2.2, levels A and AA.
const axeTags = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]`

// axeRun runs axe-core, already injected, on the page and returns its
// violations, one line each.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ` + axeTags + `}, resultTypes: ["violations"]}).then(r =>
  r.violations.flatMap(v => v.nodes.map(n => v.id + " (" + v.impact + "): " + v.help + ": " + n.target.join(" ") + ": " + n.failureSummary.replace(/\s+/g, " "))))`

// axeCheck injects axe-core into the open page and returns its violations;
// nil when axe is not available.
func axeCheck(ctx context.Context, t *testing.T, src string) []string {
	if src == "" {
		return nil
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[*runtime.RemoteObject](src)); err != nil {
		t.Fatalf("injecting axe-core: %v", err)
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	return v
}

// editForm is the fragment of an address of the editor's form: an entry
// of a collection, the list of one, or the form that starts a report
// (internal/editform).
var editForm = regexp.MustCompile(`^/collections/([0-9]{6}-)?[a-z0-9]+(-[a-z0-9]+)*(/entries/[a-z0-9/-]+|/new)?$`)

// phone is the width of a small phone's screen in CSS pixels: pages must
// reflow to it without scrolling sideways (WCAG 1.4.10).
const phone = 400

// TestBrowser opens the demo portal in headless Chromium, as people will:
// the AB home, a school, a tutor's dashboard, an ECT and a formal
// assessment. It checks what each says, that every link on them resolves,
// and the accessibility basics, and saves a screenshot of each (into
// ECTDOCS_SCREENSHOTS when set).
func TestBrowser(t *testing.T) {
	browsertest.Chromium(t) // skip before building anything
	axeJS := axeSource(t)
	book := demoBook(t, nil)
	site := build(t, book, portal.Audience{Kind: "ab"})
	srv := httptest.NewServer(http.FileServer(http.Dir(site)))
	defer srv.Close()
	// Eleanor's own portal: her home page is hers.
	mine := httptest.NewServer(http.FileServer(http.Dir(build(t, book, portal.Audience{Kind: "ect", TRN: "9900101"}))))
	defer mine.Close()
	_, adminErr := os.Stat(filepath.Join(site, "admin", "index.html"))
	shots := os.Getenv("ECTDOCS_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	ctx := browsertest.Start(t, 1280, 1000)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()

	checked := map[string]bool{}
	forms := 0
	for _, tc := range []struct {
		name, page string
		want       []string
		// current is the menu entries marked as the page open.
		current []string
		srv     *httptest.Server
	}{
		{"ab-home", "/", []string{"Fenmoor Teaching School Hub Appropriate Body", "What the appropriate body needs to do next", "Schools", "Oakfield Primary School", "Reports that need completing", "⚠ signatures not proven", "These records are not in Git"}, []string{"Home"}, srv},
		{"qa", "/qa/", []string{"Quality assurance", "All findings"}, []string{"Quality assurance"}, srv},
		{"people", "/people/", []string{"Joseph Okonkwo", "Angela Brightwell", "Rosa Castellano", "Catherine Harcourt", "Eleanor Thursby"}, []string{"People"}, srv},
		{"school", "/schools/990101/", []string{"Oakfield Primary School", "Eleanor Thursby", "Due dates as a calendar"}, nil, srv},
		{"tutor", "/staff/990101-l-fairbairn/", []string{"Lucy Fairbairn", "What you need to do next", "not proven from Git", "Rhys Talbot-Evans", "Start it in the form", "due in 26 days"}, []string{"To do"}, srv},
		{"tutor-ects", "/staff/990101-j-okonkwo/ects/", []string{"Joseph Okonkwo: ECTs and reports", "Eleanor Thursby", "Reports that need completing", "ECT to comment"}, []string{"ECTs and reports"}, srv},
		{"tutor-calendar", "/staff/990101-j-okonkwo/calendar/", []string{"Joseph Okonkwo: calendar", "Dates to come", "Eleanor Thursby: Progress review due"}, []string{"Calendar"}, srv},
		{"headteacher", "/staff/990101-a-brightwell/", []string{"Angela Brightwell", "headteacher", "What you need to do next"}, []string{"To do"}, srv},
		{"mentor", "/staff/990101-r-castellano/", []string{"Rosa Castellano", "Meet the ECT and record the meeting in the mentoring log", "Eleanor Thursby", "Open the form"}, []string{"To do"}, srv},
		{"ab-staff", "/ab/c-harcourt/", []string{"Catherine Harcourt", "appropriate body", "What you need to do next"}, []string{"To do"}, srv},
		{"ect", "/ects/9900101/", []string{"Eleanor Thursby", "What Eleanor Thursby needs to do next", "FTE terms served", "Timeline", "First formal assessment"}, []string{"Induction record"}, srv},
		{"formal-assessment", "/reports/9900101/2025-26-summer-first-assessment/", []string{"First formal assessment", "TS8 Fulfil wider professional responsibilities", "Part Two", "ECT comments", "Signatures"}, nil, srv},
		{"ect-home", "/", []string{"Eleanor Thursby", "What you need to do next", "Your induction"}, []string{"Home: what to do next"}, mine},
		{"ect-calendar", "/ects/9900101/calendar/", []string{"Eleanor Thursby: calendar", "Dates to come"}, []string{"Your calendar"}, mine},
		{"ect-access", "/ects/9900101/access/", []string{"Who can see your records", "Joseph Okonkwo, induction tutor (this ECT's)", "Catherine Harcourt, AB lead, AB reviewer", "statutory guidance, paragraph 2.79", "governing body"}, []string{"Who can see your records"}, mine},
		{"ab-access", "/ects/9900101/access/", []string{"Who can see Eleanor Thursby's records", "Morwenna Trevelyan", "takes no part in assessing it"}, []string{"Who can see these records"}, srv},
		{"help", "/help/", []string{"Help: the guides", "Guide for induction tutors", "Guide for early career teachers (ECTs)", "Guide for headteachers", "Guide for appropriate body staff"}, []string{"Help"}, srv},
		{"help-tutor", "/help/tutor/", []string{"Guide for induction tutors", "Release to the ECT", "Reopen for changes (removes every signature)"}, nil, srv},
		{"help-ect", "/help/ect/", []string{"Guide for early career teachers (ECTs)", "Sign as the ECT"}, nil, mine},
	} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 1000), chromedp.Navigate(tc.srv.URL+tc.page)); err != nil {
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
		current, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("nav a[aria-current=page]")].map(a => a.textContent)`))
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
		if strings.Join(current, "|") != strings.Join(tc.current, "|") {
			t.Errorf("%s: the menus mark %q as the page open; want %q", tc.page, current, tc.current)
		}
		for _, p := range problems {
			t.Errorf("%s: accessibility: %s", tc.page, p)
		}
		// Every image shows (the guides' screenshots).
		broken, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)`))
		if err != nil {
			t.Fatalf("%s: %v", tc.page, err)
		}
		for _, b := range broken {
			t.Errorf("%s: the image %s does not show", tc.page, b)
		}
		for _, v := range axeCheck(ctx, t, axeJS) {
			t.Errorf("%s: axe: %s", tc.page, v)
		}
		if err := os.WriteFile(filepath.Join(shots, tc.name+".png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
		// On a phone the page reflows: nothing scrolls sideways but a
		// table inside its own region (WCAG 1.4.10).
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(phone, 800, chromedp.EmulatePortrait), chromedp.Navigate(tc.srv.URL+tc.page)); err != nil {
			t.Fatalf("%s: %v", tc.page, err)
		}
		width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.scrollingElement.scrollWidth`))
		if err != nil {
			t.Fatalf("%s: %v", tc.page, err)
		}
		if width > phone {
			wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main *, header *, nav *, footer *")].filter(e => e.getBoundingClientRect().right > `+fmt.Sprint(phone)+` && !e.closest(".scroll")).slice(0, 5).map(e => e.tagName + "." + e.className + ": " + e.textContent.trim().slice(0, 40))`))
			t.Errorf("%s scrolls sideways on a %dpx screen: %dpx wide; too wide: %q", tc.page, phone, width, wide)
		}
		for _, v := range axeCheck(ctx, t, axeJS) {
			t.Errorf("%s on a phone: axe: %s", tc.page, v)
		}
		shot, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: %v", tc.page, err)
		}
		if err := os.WriteFile(filepath.Join(shots, tc.name+"-phone.png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, l := range links {
			u, err := url.Parse(l)
			if err != nil || !strings.HasPrefix(l, tc.srv.URL) {
				t.Errorf("%s links outside the portal: %s", tc.page, l)
				continue
			}
			if u.Path == "/admin/" {
				// The editor's form: its address is the contract with the
				// editor's configuration (editform.TestEntry); the page itself is
				// there once the editor is built in.
				if !editForm.MatchString(u.Fragment) {
					t.Errorf("%s links to an editor form that is not one: %s", tc.page, l)
				}
				forms++
				if adminErr != nil {
					continue
				}
			}
			if checked[tc.srv.URL+u.Path] {
				continue
			}
			checked[tc.srv.URL+u.Path] = true
			resp, err := http.Get(tc.srv.URL + u.Path)
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
	if forms < 5 {
		t.Errorf("only %d links to the editor's forms", forms)
	}

	// The menus are used from the keyboard: Tab reaches each entry of a
	// person's menu, in order, after the skip link and the portal's menu.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 1000), chromedp.Navigate(srv.URL+"/staff/990101-j-okonkwo/")); err != nil {
		t.Fatal(err)
	}
	var focused []string
	for range 10 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		f, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.textContent.trim()`))
		if err != nil {
			t.Fatal(err)
		}
		focused = append(focused, f)
	}
	if got, want := strings.Join(focused, "|"), "Skip to content|Fenmoor Teaching School Hub Appropriate Body|Home|Quality assurance|People|Help|To do|ECTs and reports|Calendar"; !strings.HasPrefix(got, want) {
		t.Errorf("Tab goes through %s; want %s first", got, want)
	}
	// Enter on a menu entry opens its page.
	if err := chromedp.Do(ctx, chromedp.Focus(`nav.person a[href$="calendar/"]`), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(`h1`)); err != nil {
		t.Fatal(err)
	}
	if h, err := chromedp.Run(ctx, chromedp.Text("h1")); err != nil || h != "Joseph Okonkwo: calendar" {
		t.Errorf("Enter on Calendar opened %q (%v)", h, err)
	}

	// The reflow check fails a page that scrolls sideways on a phone.
	wide := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<!DOCTYPE html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>x</title></head><body><table><tr><td>` + strings.Repeat("wide ", 20) + `</td><td style="white-space:nowrap">` + strings.Repeat("wider ", 20) + `</td></tr></table></body></html>`))
	}))
	defer wide.Close()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(phone, 800, chromedp.EmulatePortrait), chromedp.Navigate(wide.URL)); err != nil {
		t.Fatal(err)
	}
	if width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.scrollingElement.scrollWidth`)); err != nil || width <= phone {
		t.Errorf("a page made to scroll sideways is %dpx wide on a %dpx screen (%v)", width, phone, err)
	}

	if axeJS != "" {
		// axe really runs: a page made to fail finds its faults.
		badAxe := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte(`<!DOCTYPE html><html><head><title>x</title></head><body><main><h1>A</h1><p style="color:#bbb">faint</p><img src="x.png"><a href="/x"></a><input type="text"></main></body></html>`))
		}))
		defer badAxe.Close()
		if err := chromedp.Do(ctx, chromedp.Navigate(badAxe.URL)); err != nil {
			t.Fatal(err)
		}
		got := strings.Join(axeCheck(ctx, t, axeJS), "\n")
		for _, want := range []string{"html-has-lang", "color-contrast", "image-alt", "link-name", "label"} {
			if !strings.Contains(got, want+" (") {
				t.Errorf("axe missed %s in a page made to fail it; it found:\n%s", want, got)
			}
		}
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
