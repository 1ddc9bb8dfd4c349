package workflow

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schema"
	yaml "go.yaml.in/yaml/v4"
)

// ReplayStats says what Replay wrote.
type ReplayStats struct {
	Commits, Files int
}

// event is one commit of a replay: a person saves a file on a day.
type event struct {
	date    string // YYYY-MM-DD
	order   int    // keeps a report's steps in order on the same day
	who     *identity.Identity
	path    string // relative to the records folder
	content []byte
	message string
}

var importedFlag = regexp.MustCompile(`,\s*imported:\s*true|(?m:^[ \t]+imported:[ \t]*true\n)`)

// Replay writes the records in fsys into a new Git repository at dir (in
// dir/records), as the commits that would have made them: the appropriate
// body registers the schools and ECTs; each report is drafted and released
// by its tutor, commented on and signed by its ECT, signed by the tutor and
// headteacher and reviewed by the AB, each step on the day its entry gives
// and authored by that person; each mentoring log is brought up to date by
// the mentor at the end of each term. Imported entries are replayed as real
// signatures, so the result proves every signature from history. It is how
// the built-in demo shows the audit trail working.
func Replay(fsys fs.FS, schemas *schema.Set, dir string) (ReplayStats, error) {
	book, err := record.Load(fsys, ".", schemas, record.Options{Display: "records"})
	if err != nil {
		return ReplayStats{}, err
	}
	people, _ := identity.New(book)
	admin := firstAB(book, people)
	if admin == nil {
		return ReplayStats{}, fmt.Errorf("the records have no appropriate body staff to register them")
	}
	var events []event
	var start []event // the registration commit's files
	for _, r := range book.Records() {
		f := r.RecordFile()
		src := importedFlag.ReplaceAll(f.Doc.Src, nil)
		switch r := r.(type) {
		case *record.Report:
			e := ectOf(book, r)
			if e == nil {
				continue
			}
			evs, err := reportEvents(people, e, r, src)
			if err != nil {
				return ReplayStats{}, err
			}
			events = append(events, evs...)
		case *record.Observation:
			events = append(events, event{date: string(r.Date), who: staffOr(people, book.ECT(r.ECT), r.Observer, admin), path: f.Rel, content: src,
				message: "Record the lesson observation of " + string(r.Date)})
		case *record.SupportPlan:
			events = append(events, event{date: string(r.Created), who: staffOr(people, book.ECT(r.ECT), r.Owner, admin), path: f.Rel, content: src,
				message: "Write the support plan of " + string(r.Created)})
		case *record.ECT:
			// Registered without the AB's decisions; each is then
			// recorded on its day by the AB staff member who took it.
			ds := decisionLines(f.Doc.Path, src)
			start = append(start, event{path: f.Rel, content: withoutDecisions(src, ds, "")})
			for _, d := range ds {
				events = append(events, event{date: d.decided, order: 100, who: staffOrAB(people, d.by, admin), path: f.Rel, content: withoutDecisions(src, ds, d.decided),
					message: fmt.Sprintf("Record the appropriate body's decision for %s: %s", r.Name, d.what)})
			}
		case *record.MentoringLog:
			e := book.ECT(r.ECT)
			evs := []event(nil)
			if e != nil {
				evs = mentoringEvents(people, book, e, r, src, admin)
			}
			if len(evs) == 0 {
				start = append(start, event{path: f.Rel, content: src})
			}
			events = append(events, evs...)
		default:
			start = append(start, event{path: f.Rel, content: src})
		}
	}
	slices.SortStableFunc(events, func(a, b event) int {
		if c := strings.Compare(a.date, b.date); c != 0 {
			return c
		}
		return a.order - b.order
	})
	first := "2000-01-01"
	if len(events) > 0 {
		first = events[0].date
	}
	w, err := history.NewPackWriter(dir, "The built-in demo records, replayed by ect demo --replay.")
	if err != nil {
		return ReplayStats{}, err
	}
	b := &builder{tree: w.NewTree()}
	if err := b.replay(start, events, admin, dayBefore(first)); err != nil {
		w.Abort()
		return ReplayStats{}, err
	}
	if _, err := w.Finish("main", map[string]history.Hash{"main": b.head}); err != nil {
		return ReplayStats{}, err
	}
	if _, err := w.Checkout(b.tree); err != nil {
		return ReplayStats{}, fmt.Errorf("check out the replayed records: %w", err)
	}
	return ReplayStats{Commits: b.commits, Files: countFiles(append(start, events...))}, nil
}

// replay commits the files of start as registered by admin on the day
// before the first event, then each event.
func (b *builder) replay(start, events []event, admin *identity.Identity, before string) error {
	for _, ev := range start {
		if err := b.put(ev.path, ev.content); err != nil {
			return err
		}
	}
	if err := b.commit(admin, before, "Register the appropriate body, its schools and ECTs"); err != nil {
		return err
	}
	for _, ev := range events {
		if err := b.put(ev.path, ev.content); err != nil {
			return err
		}
		if err := b.commit(ev.who, ev.date, ev.message); err != nil {
			return err
		}
	}
	return nil
}

// reportEvents turns a finished report into the steps that made it.
func reportEvents(people *identity.People, e *record.ECT, r *record.Report, final []byte) ([]event, error) {
	doc, d := frontmatter.Parse(r.Doc.Path, final)
	if d != nil {
		return nil, fmt.Errorf("%s", d)
	}
	tutor := people.Signer(e, record.RoleTutor, r.Tutor)
	if tutor == nil {
		return nil, fmt.Errorf("%s: the tutor %s is not on the school's staff", r.Doc.Path, r.Tutor)
	}
	name := r.Place.Year + " " + r.Place.Term + " report"
	// Peel the finished report back to its draft.
	noReview, err := reparse(doc.Path)(doc.RemoveKey("ab_review"))
	if err != nil {
		return nil, err
	}
	var sigLines []string
	if n := doc.Node("signatures"); n != nil {
		for _, item := range n.Content {
			sigLines = append(sigLines, strings.TrimSpace(string(lineOf(final, item.Line))))
		}
	}
	unsigned, err := reparse(doc.Path)(noReview.RemoveKey("signatures"))
	if err != nil {
		return nil, err
	}
	unreleased, err := reparse(doc.Path)(unsigned.RemoveKey("released"))
	if err != nil {
		return nil, err
	}
	draft := withoutComments(unreleased.Src)
	day := string(r.Period.To)
	if r.Released != nil {
		day = string(r.Released.On)
	}
	evs := []event{{date: day, order: 0, who: tutor, path: r.Rel, content: draft, message: "Draft " + e.Name + "'s " + name}}
	if r.Released != nil {
		evs = append(evs, event{date: day, order: 1, who: tutor, path: r.Rel, content: withoutComments(unsigned.Src), message: "Release " + e.Name + "'s " + name + " to the ECT"})
	}
	signedDay := func(role record.Role) string {
		for _, s := range r.Signatures {
			if s.Role == role {
				return string(s.On)
			}
		}
		return ""
	}
	if !bytes.Equal(unsigned.Src, withoutComments(unsigned.Src)) {
		when := signedDay(record.RoleECT)
		if when == "" {
			when = day
		}
		evs = append(evs, event{date: when, order: 2, who: people.Signer(e, record.RoleECT, e.TRN), path: r.Rel, content: unsigned.Src, message: "Add the ECT's comments to the " + name})
	}
	current := unsigned
	for i, s := range r.Signatures {
		who := people.Signer(e, s.Role, s.By)
		if who == nil {
			return nil, fmt.Errorf("%s: signatures[%d].by %s is not in the records", r.Doc.Path, i, s.By)
		}
		items := strings.Join(sigLines[:i+1], "\n  ")
		next, err := reparse(doc.Path)(current.SetKey("signatures", "\n  "+items))
		if err != nil {
			return nil, err
		}
		evs = append(evs, event{date: string(s.On), order: 3 + i, who: who, path: r.Rel, content: next.Src, message: fmt.Sprintf("Sign the %s as %s", name, s.Role)})
		current = next
	}
	if rv := r.ABReview; rv != nil {
		who := people.ABStaff(rv.By)
		if who == nil {
			return nil, fmt.Errorf("%s: ab_review.by %s is not on the AB's staff", r.Doc.Path, rv.By)
		}
		evs = append(evs, event{date: string(rv.On), order: 10, who: who, path: r.Rel, content: final, message: fmt.Sprintf("Review the %s: %s", name, rv.Decision)})
	}
	return evs, nil
}

// reparse parses the result of an edit.
func reparse(path string) func(src []byte, err error) (*frontmatter.Document, error) {
	return func(src []byte, err error) (*frontmatter.Document, error) {
		if err != nil {
			return nil, err
		}
		doc, d := frontmatter.Parse(path, src)
		if d != nil {
			return nil, fmt.Errorf("%s", d)
		}
		return doc, nil
	}
}

func lineOf(src []byte, n int) []byte {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return nil
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		return src[:j]
	}
	return src
}

// withoutComments empties the "## ECT comments" section.
func withoutComments(src []byte) []byte {
	lines := strings.SplitAfter(string(src), "\n")
	var b strings.Builder
	in := false
	for _, l := range lines {
		if strings.HasPrefix(l, "## ") {
			in = record.NormHeading(strings.TrimSpace(l[3:])) == "ect comments"
			b.WriteString(l)
			if in {
				b.WriteString("\n")
			}
			continue
		}
		if !in {
			b.WriteString(l)
		}
	}
	return []byte(b.String())
}

func firstAB(book *record.Book, people *identity.People) *identity.Identity {
	if book.Body == nil {
		return nil
	}
	for _, st := range book.Body.Staff {
		if st.HasRole(record.StaffABAdmin) {
			return people.ABStaff(st.ID)
		}
	}
	if len(book.Body.Staff) > 0 {
		return people.ABStaff(book.Body.Staff[0].ID)
	}
	return nil
}

func ectOf(book *record.Book, r *record.Report) *record.ECT {
	for _, e := range book.ECTs {
		if slices.Contains(e.Reports, r) {
			return e
		}
	}
	return nil
}

func staffOr(people *identity.People, e *record.ECT, id string, or *identity.Identity) *identity.Identity {
	if e != nil {
		if who := people.Signer(e, record.RoleTutor, id); who != nil {
			return who
		}
	}
	return or
}

func staffOrAB(people *identity.People, id string, or *identity.Identity) *identity.Identity {
	if who := people.ABStaff(id); who != nil {
		return who
	}
	return or
}

// decisionSpan is the lines [from, to) of one AB decision in an ECT's
// profile: an outcome on a period, or an extension.
type decisionSpan struct {
	from, to          int
	decided, by, what string
}

// decisionLines finds the AB's decisions in an ECT's profile.
func decisionLines(path string, src []byte) []decisionSpan {
	doc, d := frontmatter.Parse(path, src)
	if d != nil || doc.Root() == nil || doc.Root().Kind != yaml.MappingNode {
		return nil
	}
	front, closing := doc.Root(), doc.BodyLine-1
	var out []decisionSpan
	for i := 0; i+1 < len(front.Content); i += 2 {
		key, list := front.Content[i].Value, front.Content[i+1]
		end := closing
		if i+2 < len(front.Content) {
			end = front.Content[i+2].Line
		}
		if list.Kind != yaml.SequenceNode {
			continue
		}
		for j, item := range list.Content {
			next := end
			if j+1 < len(list.Content) {
				next = list.Content[j+1].Line
			}
			if item.Kind != yaml.MappingNode {
				continue
			}
			field := func(m *yaml.Node, k string) string {
				for n := 0; n+1 < len(m.Content); n += 2 {
					if m.Content[n].Value == k {
						return m.Content[n+1].Value
					}
				}
				return ""
			}
			switch key {
			case "extensions":
				from := item.Line
				if len(list.Content) == 1 {
					from = front.Content[i].Line // the whole key goes with its one item
				}
				out = append(out, decisionSpan{from, next, field(item, "decided"), field(item, "by"), "an extension of " + field(item, "terms") + " terms"})
			case "periods":
				for n := 0; n+1 < len(item.Content); n += 2 {
					if item.Content[n].Value != "outcome" || item.Content[n+1].Kind != yaml.MappingNode {
						continue
					}
					to := next
					if n+2 < len(item.Content) {
						to = item.Content[n+2].Line
					}
					o := item.Content[n+1]
					out = append(out, decisionSpan{item.Content[n].Line, to, field(o, "decided"), field(o, "by"), field(o, "result")})
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b decisionSpan) int { return strings.Compare(a.decided, b.decided) })
	return out
}

// withoutDecisions returns src without the decisions taken after day
// (all of them when day is "").
func withoutDecisions(src []byte, ds []decisionSpan, day string) []byte {
	var b bytes.Buffer
	line := 1
	for len(src) > 0 {
		end := bytes.IndexByte(src, '\n') + 1
		if end == 0 {
			end = len(src)
		}
		keep := true
		for _, d := range ds {
			if line >= d.from && line < d.to && (day == "" || d.decided > day) {
				keep = false
			}
		}
		if keep {
			b.Write(src[:end])
		}
		src = src[end:]
		line++
	}
	return b.Bytes()
}

func dayBefore(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, -1).Format(time.DateOnly)
}

func countFiles(evs []event) int {
	seen := map[string]bool{}
	for _, e := range evs {
		seen[e.path] = true
	}
	return len(seen)
}

// builder makes a line of commits, keeping the tree as it goes.
type builder struct {
	tree    *history.Tree
	head    history.Hash
	commits int
	seconds int // keeps commits on the same day in order
}

// put writes a file of the records folder (records/ in the repository).
func (b *builder) put(rel string, content []byte) error {
	_, err := b.tree.WriteFile("records/"+rel, content)
	return err
}

func (b *builder) commit(who *identity.Identity, day, message string) error {
	if who == nil || len(who.Emails) == 0 {
		return fmt.Errorf("%q: the person who takes this step has no e-mail address in the records", message)
	}
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return fmt.Errorf("date %q: %w", day, err)
	}
	b.seconds++
	when := t.Add(16*time.Hour + time.Duration(b.seconds)*time.Second)
	sig := history.Person{Name: who.Name, Email: who.Emails[0], When: when}
	var parents []history.Hash
	if !b.head.IsZero() {
		parents = []history.Hash{b.head}
	}
	h, err := b.tree.Commit(parents, sig, sig, message+"\n")
	if err != nil {
		return err
	}
	b.head = h
	b.commits++
	return nil
}
