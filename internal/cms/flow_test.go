package cms_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/browsertest"
	"github.com/ectdocs/ectdocs/internal/cli"
	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/cms"
	"github.com/ectdocs/ectdocs/internal/editform"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// flowDay is the day the people in TestTeacherFlow start on, reviewDay
// the next working day, when the AB returns the report, and againDay the
// day after, when the tutor acts on the feedback and everything after
// happens: their
// browsers' clock and their commits' dates (the day of the report's
// meeting).
const (
	flowDay   = "2026-12-18"
	reviewDay = "2026-12-21"
	againDay  = "2026-12-22"
)

// helpers is injected into every page of TestTeacherFlow: it finds a
// form's control by its label and types into it as a person would (the
// native value setter and an input event, which React hears).
func helpers(day string) string {
	return `(() => {
const T = Date.parse("` + day + `T10:00:00Z"), R = Date, t0 = R.now();
class D extends R { constructor(...a) { if (a.length === 0) { super(T + (R.now() - t0)); } else { super(...a); } } static now() { return T + (R.now() - t0); } }
window.Date = D;
window.__t = {
  control(label) {
    const l = [...document.querySelectorAll("label")].find(x => x.textContent.trim().startsWith(label));
    return l && document.getElementById(l.htmlFor);
  },
  type(label, text) {
    const el = this.control(label);
    if (!el) return "no field " + label;
    const proto = el.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : el.tagName === "SELECT" ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, "value").set.call(el, text);
    el.dispatchEvent(new Event(el.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
    return "typed";
  },
  toggle(label) {
    const el = this.control(label);
    if (!el) return "no field " + label;
    el.click();
    return "toggled";
  },
  click(text) {
    const all = [...document.querySelectorAll("body *")].filter(x => x.textContent.trim() === text);
    const el = all.find(x => ![...x.children].some(c => c.textContent.trim() === text));
    if (!el) return "";
    el.click();
    return "clicked";
  },
  press(text) {
    const b = [...document.querySelectorAll("button")].find(x => x.textContent.trim() === text);
    if (!b) return "";
    b.click();
    return "pressed";
  },
};
})();`
}

// actor is someone in the demo, as the test plays them: the key
// people.json gives them, their name and their Git identity.
type actor struct{ key, name, email string }

// flow is the whole of TestTeacherFlow's world: the records repository
// that decap-server serves, one portal editor a audience, and the day's
// clock of commits.
type flow struct {
	t      *testing.T
	repo   string
	nodejs string
	port   int
	server *exec.Cmd
	minute int
	sites  map[string]string // audience → the editor's address
	shots  string            // where screenshots go, or ""
	day    string            // the day people work on: their commits and browsers
}

// as restarts decap-server as the person would run it on their own
// computer: Git commits as them, at the next minute of the flow's day.
func (f *flow) as(a actor) {
	t := f.t
	t.Helper()
	f.stop()
	f.minute++
	when := fmt.Sprintf("%sT10:%02d:00+00:00", f.day, f.minute)
	srv := exec.Command(f.nodejs, filepath.Join(root, "node_modules", "decap-server", "dist", "index.js"))
	srv.Env = append(os.Environ(), "MODE=git", "GIT_REPO_DIRECTORY="+f.repo, fmt.Sprintf("PORT=%d", f.port), "BIND_HOST=127.0.0.1", "LOG_LEVEL=error",
		"GIT_AUTHOR_NAME="+a.name, "GIT_AUTHOR_EMAIL="+a.email, "GIT_COMMITTER_NAME="+a.name, "GIT_COMMITTER_EMAIL="+a.email,
		"GIT_AUTHOR_DATE="+when, "GIT_COMMITTER_DATE="+when)
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	f.server = srv
	for start := time.Now(); ; {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", f.port)); err == nil {
			c.Close()
			return
		}
		if time.Since(start) > 20*time.Second {
			t.Fatal("decap-server did not start")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (f *flow) stop() {
	if f.server != nil {
		f.server.Process.Kill()
		f.server.Wait()
		f.server = nil
	}
}

// git runs git in the repository.
func (f *flow) git(args ...string) string {
	f.t.Helper()
	out, err := exec.Command("git", append([]string{"-C", f.repo}, args...)...).CombinedOutput()
	if err != nil {
		f.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commits counts the commits on every branch.
func (f *flow) commits() string { return f.git("rev-list", "--all", "--count") }

// page is one person's browser on one portal's editor.
type browserPage struct {
	f   *flow
	ctx context.Context
}

// open starts a browser of the person's own (nothing stored from anyone
// else), opens the editor at hash, logs in, and says who they are.
func (f *flow) open(audience, hash string, a actor) *browserPage {
	t := f.t
	t.Helper()
	ctx := browsertest.Start(t, 1280, 1000)
	if err := chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: helpers(f.day)}); err != nil {
		t.Fatal(err)
	}
	p := &browserPage{f: f, ctx: ctx}
	if err := chromedp.Do(ctx, chromedp.Navigate(f.sites[audience]+"/admin/")); err != nil {
		t.Fatal(err)
	}
	p.wait(`(b => b && (b.click(), "clicked"))([...document.querySelectorAll("button")].find(b => b.innerText.trim() === "Login"))`)
	p.wait(`document.body.innerText.includes("Collections") && "in"`)
	if err := chromedp.Do(ctx, chromedp.Navigate(f.sites[audience]+"/admin/"+hash)); err != nil {
		t.Fatal(err)
	}
	p.wait(`document.getElementById(__t.control("Who are you")?.id || "none") && "form"`)
	p.eval(`__t.type("Who are you", ` + quote(a.key) + `)`)
	p.wait(`document.body.textContent.includes("Where this report is") && !document.body.textContent.includes("Loading who is who") && "ready"`)
	return p
}

func (p *browserPage) close() { chromedp.Cancel(p.ctx) }

// wait polls js until it is truthy, and returns it.
func (p *browserPage) wait(js string) string {
	t := p.f.t
	t.Helper()
	w, cancel := context.WithTimeout(p.ctx, 40*time.Second)
	defer cancel()
	s, err := chromedp.Run(w, chromedp.Poll[string](js))
	if err != nil {
		body, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.body.innerText`))
		t.Fatalf("waiting for %s: %v\nthe page says:\n%s", js, err, body)
	}
	return s
}

func (p *browserPage) eval(js string) string {
	t := p.f.t
	t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	if strings.HasPrefix(s, "no field") {
		t.Fatalf("%s: %s", js, s)
	}
	return s
}

// press presses a button by its words.
func (p *browserPage) press(label string) {
	p.f.t.Helper()
	p.wait(`__t.press(` + quote(label) + `)`)
}

// says waits for the page to say text.
func (p *browserPage) says(text string) {
	p.f.t.Helper()
	p.wait(`document.body.textContent.includes(` + quote(text) + `) && "said"`)
}

// shot keeps a screenshot of what the person sees, for the guides
// (ECTDOCS_SCREENSHOTS=docs/img): the top of the form, or the field
// labelled near scrolled to the middle of the window.
func (p *browserPage) shot(name, near string) {
	t := p.f.t
	t.Helper()
	if p.f.shots == "" {
		return
	}
	scroll := `(window.scrollTo(0, 0), document.querySelectorAll("*").forEach(e => { if (e.scrollTop) e.scrollTop = 0; }), "top")`
	if near != "" {
		scroll = `(__t.control(` + quote(near) + `) || document.body).scrollIntoView({block: "center"}) || "near"`
	}
	// After a step the editor loads the report again: wait until the
	// form is back and stays.
	ready := `document.body.textContent.includes("What happens next") && "ready"`
	p.wait(ready)
	time.Sleep(1500 * time.Millisecond)
	p.wait(ready)
	p.wait(scroll)
	time.Sleep(300 * time.Millisecond)
	img, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p.f.shots, "editor-"+name+".png"), img, 0o644); err != nil {
		t.Fatal(err)
	}
}

// step presses the button of a step that saves the report, and waits
// for its commit (saved).
func (p *browserPage) step(button string) string {
	p.f.t.Helper()
	before := p.f.commits()
	p.press(button)
	return p.saved(before)
}

// saved waits for a new commit (the step saved), and returns its author
// and the message.
func (p *browserPage) saved(before string) string {
	t := p.f.t
	t.Helper()
	for start := time.Now(); p.f.commits() == before; time.Sleep(200 * time.Millisecond) {
		if time.Since(start) > 40*time.Second {
			body, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.body.innerText`))
			t.Fatalf("nothing was committed; the page says:\n%s", body)
		}
	}
	// Decap reloads the entry once it is saved.
	time.Sleep(500 * time.Millisecond)
	return p.f.git("log", "--all", "-1", "--date-order", "--format=%an <%ae>")
}

// TestTeacherFlow is a progress review from start to acceptance, done in
// the editor as the teachers would do it, each in their own browser and
// with their own Git identity, through decap-server (git mode, editorial
// workflow) on the demo replayed into Git: the tutor starts the report
// the schedule expects next, fills it in and releases it; the ECT writes
// their comments and signs; the tutor signs; the appropriate body
// returns it with feedback; the tutor reopens it and changes it; the ECT
// and the tutor sign again; the AB accepts it and publishes the draft.
// Then ect validate proves every signature from the commits and ect
// status shows the report as accepted. On the way: a TRN with a typo and
// an empty section are shown at their fields and nothing is committed,
// and a signature button pressed by someone who does not hold that role
// is refused and nothing is committed. The screenshots for the guides in
// docs/ are taken here (ECTDOCS_SCREENSHOTS=../../docs/img).
func TestTeacherFlow(t *testing.T) {
	browsertest.Chromium(t)
	f := &flow{t: t, nodejs: node(t), repo: t.TempDir(), sites: map[string]string{}, day: flowDay}
	if dir := os.Getenv("ECTDOCS_SCREENSHOTS"); dir != "" {
		f.shots = dir
	}
	if _, err := workspace.ReplayDemo(f.repo); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.stop)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	be := cms.Local(fmt.Sprintf("http://127.0.0.1:%d/api/v1", f.port))

	// Harriet Pennington's next report, on the day the portal was built, is
	// her autumn 2026-27 progress review (term 4): Joseph Okonkwo is her
	// tutor, Nadia Hussain her mentor.
	book := fixture.DemoBook(t)
	var ect *record.ECT
	for _, sc := range book.Schools {
		for _, e := range sc.ECTs {
			if e.TRN == "9900104" {
				ect = e
			}
		}
	}
	starts, err := cms.Starts(ectdocs.Templates(), book, []*record.ECT{ect}, demoDay)
	if err != nil || len(starts) != 1 {
		t.Fatalf("starts: %v, %v", starts, err)
	}
	start := starts[0]
	if start.Rel != "schools/990101-oakfield-primary/ects/9900104/reports/2026-27-autumn-progress-review.md" {
		t.Fatalf("the report to start is %s", start.Rel)
	}
	sc := ect.School
	for audience, scope := range map[string]cms.Scope{
		"school": {Schools: []*record.School{sc}, Starts: starts},
		"ect":    {ECT: ect, Starts: starts},
		"ab":     {Body: true, Schools: book.Schools, Starts: starts},
	} {
		c, err := cms.Generate(ectdocs.Schemas(), ectdocs.Templates(), book.Body, scope, be, "records")
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(http.FileServer(http.Dir(adminSite(t, c, be))))
		t.Cleanup(srv.Close)
		f.sites[audience] = srv.URL
	}
	staff := func(id string) actor {
		st, ok := sc.Person(id)
		if !ok {
			t.Fatalf("no %s at %s", id, sc.Name)
		}
		return actor{fmt.Sprintf("%d/%s", sc.URN, id), st.Name, st.Emails[0]}
	}
	tutor, mentor := staff(ect.Tutor), staff(ect.Mentor)
	harriet := actor{"ect/" + ect.TRN, ect.Name, ect.Emails[0]}
	ab, _ := book.Body.Person("d-osei")
	reviewer := actor{"ab/d-osei", ab.Name, ab.Emails[0]}

	startHash := "#/collections/" + editform.StartCollection(start.Rel) + "/new"
	slug := strings.TrimSuffix(strings.TrimPrefix(start.Rel, sc.Place.SchoolDir+"/ects/"), ".md")
	draftHash := "#/collections/" + editform.StartCollection(start.Rel) + "/entries/" + slug
	branch := "cms/" + editform.StartCollection(start.Rel) + "/" + slug
	file := filepath.Join(f.repo, "records", filepath.FromSlash(start.Rel))

	// The tutor starts the report: the form holds what ect new review
	// would write. A TRN typo and an empty section are shown at their
	// fields, and nothing is saved.
	f.as(tutor)
	p := f.open("school", startHash, tutor)
	p.says("Being written by the induction tutor, Joseph Okonkwo")
	if got := p.eval(`__t.control("ECT").value`); got != ect.TRN {
		t.Errorf("the form's ECT is %q, want %q", got, ect.TRN)
	}
	before := f.commits()
	p.eval(`__t.type("ECT", "99001O4")`)
	p.press("Save")
	p.says("This is not in the right form: teacher reference number")
	p.says(`"Summary of progress", "Development targets" are empty`)
	p.shot("tutor-mistakes", "ECT")
	time.Sleep(time.Second)
	if got := f.commits(); got != before {
		t.Fatalf("a form with mistakes was committed (%s commits, %s before)", got, before)
	}
	// Fixed and filled in, then released: one commit, as the tutor.
	p.eval(`__t.type("ECT", "` + ect.TRN + `")`)
	p.eval(`__t.type("Summary of progress", "Harriet has kept the calm routines she built last year (TS7) and now plans sequences of lessons in science confidently (TS3, TS4).")`)
	p.eval(`__t.type("Development targets", "- Use hinge questions before independent work (TS6).")`)
	p.eval(`__t.toggle("On track")`)
	p.eval(`__t.toggle("Programme accessed")`)
	p.eval(`__t.toggle("Entitlements met")`)
	p.eval(`__t.toggle("Has the ECT had their full time off")`)
	p.eval(`__t.type("How many mentor meetings", "12")`)
	p.shot("tutor-start", "Summary of progress")
	p.press("Release to the ECT")
	if who := p.saved(before); who != tutor.name+" <"+tutor.email+">" {
		t.Errorf("the release was committed by %s, want the tutor", who)
	}
	p.says("Waiting for the ECT, Harriet Pennington, to write their comments and sign")
	p.shot("tutor-released", "")
	p.close()

	// The mentor, who is not the ECT, presses the ECT's signature button:
	// refused, nothing committed.
	f.as(mentor)
	p = f.open("school", draftHash, mentor)
	before = f.commits()
	p.press("Sign as the ECT")
	p.says("You are Nadia Hussain, but the report's ECT is Harriet Pennington: only they can sign as the ECT.")
	p.shot("refused", "")
	time.Sleep(time.Second)
	if got := f.commits(); got != before {
		t.Errorf("a refused signature was committed")
	}
	p.close()

	// The ECT writes their comments and signs: one commit, as the ECT.
	f.as(harriet)
	p = f.open("ect", draftHash, harriet)
	before = f.commits()
	p.press("Sign as the ECT")
	p.says(`Write your comments under "ECT comments" first`)
	p.eval(`__t.type("ECT comments", "I agree with the targets; hinge questions are my focus this term.")`)
	p.shot("ect-sign", "ECT comments")
	p.press("Sign as the ECT")
	if who := p.saved(before); who != harriet.name+" <"+harriet.email+">" {
		t.Errorf("the ECT's signature was committed by %s", who)
	}
	p.says("Signed by the ECT on " + flowDay)
	p.close()

	// The tutor signs.
	f.as(tutor)
	p = f.open("school", draftHash, tutor)
	p.step("Sign as the induction tutor")
	p.says("Signed by everyone: waiting for the appropriate body to review it")
	p.close()

	// The appropriate body returns it with feedback.
	f.day = reviewDay
	f.as(reviewer)
	p = f.open("ab", draftHash, reviewer)
	before = f.commits()
	p.press("Return with feedback")
	p.says("Say what must change: write the feedback first.")
	p.eval(`__t.type("Feedback for the school", "Please give the evidence for TS3 from the science observation.")`)
	p.shot("ab-review", "")
	p.press("Return with feedback")
	p.saved(before)
	p.says("Returned by the appropriate body on " + reviewDay)
	p.close()

	// The next day the tutor reopens it (every signature goes), changes
	// it, and the ECT and the tutor sign again.
	f.day = againDay
	f.as(tutor)
	p = f.open("school", draftHash, tutor)
	p.says("Please give the evidence for TS3 from the science observation. The induction tutor reopens it to make the changes.")
	p.shot("tutor-returned", "")
	p.step("Reopen for changes (removes every signature)")
	before = f.commits()
	p.says("Waiting for the ECT, Harriet Pennington, to write their comments and sign")
	p.eval(`__t.type("Summary of progress", "Harriet has kept the calm routines she built last year (TS7) and now plans sequences of lessons in science confidently (TS3, TS4): in the science observation on 3 December pupils explained their predictions using the vocabulary she had taught (TS3).")`)
	p.press("Save")
	p.saved(before)
	p.close()

	f.as(harriet)
	p = f.open("ect", draftHash, harriet)
	p.step("Sign as the ECT")
	p.close()
	f.as(tutor)
	p = f.open("school", draftHash, tutor)
	p.step("Sign as the induction tutor")
	p.close()

	// The appropriate body accepts it and publishes the draft (the pull
	// request merged).
	f.as(reviewer)
	p = f.open("ab", draftHash, reviewer)
	p.says("Signed again by everyone since: waiting for the appropriate body to review it again.")
	p.step("Accept")
	p.says("Accepted by the appropriate body on " + againDay)
	p.shot("ab-accepted", "")
	p.wait(`__t.click("Status: Draft")`)
	p.wait(`__t.click("Ready")`)
	p.says("Status: Ready")
	p.wait(`__t.click("Publish")`)
	p.wait(`__t.click("Publish now")`)
	for start := time.Now(); f.git("branch", "--list", branch) != ""; time.Sleep(200 * time.Millisecond) {
		if time.Since(start) > 40*time.Second {
			t.Fatalf("the draft was not published: branches %s", f.git("branch"))
		}
	}
	p.close()
	f.stop()

	// Every step is one commit by its person, on main now.
	log := f.git("log", "--reverse", "--no-merges", "--format=%an|%s", "--", filepath.ToSlash(filepath.Join("records", start.Rel)))
	t.Logf("the report's history:\n%s", log)
	var authors []string
	for _, l := range strings.Split(strings.TrimSpace(log), "\n") {
		name, _, _ := strings.Cut(l, "|")
		authors = append(authors, name)
	}
	// Started and released; the ECT signs; the tutor signs; returned;
	// reopened; changed; the ECT and the tutor sign again; accepted.
	want := []string{tutor.name, harriet.name, tutor.name, reviewer.name, tutor.name, tutor.name, harriet.name, tutor.name, reviewer.name}
	if !slices.Equal(authors, want) {
		t.Errorf("the report's commits are by\n%q; want\n%q", authors, want)
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("the report is not on main: %v", err)
	}
	day, _ := time.Parse(time.DateOnly, againDay)
	clk := clock.Fixed(day.Add(12 * time.Hour))
	var out, errs bytes.Buffer
	if err := cli.Run([]string{"validate", filepath.Join(f.repo, "records")}, &out, &errs, clk, nil); err != nil {
		t.Errorf("ect validate: %v\n%s%s", err, out.String(), errs.String())
	}
	if !strings.Contains(out.String(), "proven from Git history") {
		t.Errorf("ect validate proved nothing:\n%s", out.String())
	}
	out.Reset()
	errs.Reset()
	if err := cli.Run([]string{"status", "--all", "--ect", ect.TRN, filepath.Join(f.repo, "records")}, &out, &errs, clk, nil); err != nil {
		t.Errorf("ect status: %v\n%s", err, errs.String())
	}
	if !regexp.MustCompile(`Term 4 review +reviewed by AB +2026-12-18 +✔ +✔`).MatchString(out.String()) {
		t.Errorf("ect status does not show the report accepted, its signatures proven:\n%s", out.String())
	}
	t.Logf("ect status:\n%s", out.String())
}
