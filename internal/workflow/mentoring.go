package workflow

import (
	"bytes"
	"fmt"
	"sort"
	"time"

	"github.com/ectdocs/ectdocs/internal/calendar"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/identity"
	"github.com/ectdocs/ectdocs/internal/record"
	yaml "go.yaml.in/yaml/v4"
)

// mentoringEvents replays a mentoring log the way it is kept: the ECT's
// mentor brings it up to date at the end of each term, committing on the
// day of that term's last entry, until it is the log as it is now. A log
// whose entries do not each sit on one line is committed once, as it is.
func mentoringEvents(people *identity.People, book *record.Book, e *record.ECT, m *record.MentoringLog, src []byte, admin *identity.Identity) []event {
	who := staffOr(people, e, e.Mentor, admin)
	once := func() []event {
		last := ""
		for _, x := range m.Entries {
			last = max(last, string(x.Date))
		}
		if last == "" {
			return nil // no entries: registered with the ECT
		}
		return []event{{date: last, who: who, path: m.Rel, content: src, message: "Update " + e.Name + "'s mentoring log"}}
	}
	doc, d := frontmatter.Parse(m.Doc.Path, src)
	entries := doc.Node("entries")
	if d != nil || entries == nil || entries.Kind != yaml.SequenceNode || book.Body == nil {
		return once()
	}
	// Each entry's line and term.
	terms := calendar.FromYears(book.Body.Calendar)
	type line struct {
		n    int // 1-based line of the file
		date string
		term int
	}
	var lines []line
	for _, item := range entries.Content {
		if item.Kind != yaml.MappingNode || item.Style&yaml.FlowStyle == 0 {
			return once()
		}
		date, _ := doc.Values()["entries"].([]any)[len(lines)].(map[string]any)["date"].(string)
		t, err := time.Parse(time.DateOnly, date)
		i, ok := terms.Index(t)
		if err != nil || !ok {
			return once()
		}
		lines = append(lines, line{item.Line, date, i})
	}
	byTerm := map[int][]line{}
	for _, l := range lines {
		byTerm[l.term] = append(byTerm[l.term], l)
	}
	var order []int
	for t := range byTerm {
		order = append(order, t)
	}
	sort.Ints(order)
	var evs []event
	for k, t := range order {
		// The log as it stood at the end of term t: without the entries
		// of later terms.
		later := map[int]bool{}
		for _, l := range lines {
			if l.term > t {
				later[l.n] = true
			}
		}
		var b bytes.Buffer
		for n, text := range bytes.SplitAfter(src, []byte("\n")) {
			if !later[n+1] {
				b.Write(text)
			}
		}
		last := ""
		for _, l := range byTerm[t] {
			last = max(last, l.date)
		}
		what := "Start"
		if k > 0 {
			what = "Update"
		}
		evs = append(evs, event{date: last, who: who, path: m.Rel, content: b.Bytes(),
			message: fmt.Sprintf("%s %s's mentoring log (%s)", what, e.Name, terms[t])})
	}
	return evs
}
