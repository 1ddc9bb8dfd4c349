package remind

import (
	"cmp"
	"slices"
	"time"

	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schedule"
	"github.com/ectdocs/ectdocs/internal/status"
)

// List is one person's to-do list.
type List struct {
	Person Person
	Items  []Item
}

// Todo is every person's to-do list on day on, by Person.ID: what Plan
// reminds them of, whether or not on is a reminder day, and besides the
// report each ECT has due next (the tutor starts it) and each mentor's
// next meeting. Each list is most urgent first: reports whose signatures
// Git does not prove, then by due date. Item.When says how near the date
// is ("overdue by 3 days", "due today", "due in 12 days").
func Todo(book *record.Book, board *status.Board, on time.Time, opt Options) map[string]*List {
	if book == nil || board == nil || book.Body == nil {
		return nil
	}
	on = day(on)
	if opt.ReviewTargetDays <= 0 {
		opt.ReviewTargetDays = DefaultReviewTarget
	}
	hol, _, addWorking := workingDays(book)
	out := map[string]*List{}
	for _, t := range (planner{book: book, opt: opt, hol: hol}).tasks(board, on, addWorking) {
		if !t.remind && !t.listed || t.projected {
			continue
		}
		l := out[t.who.ID]
		if l == nil {
			l = &List{Person: t.who}
			out[t.who.ID] = l
		}
		it := t.item
		it.When = Until(it.Due, on)
		if t.daily {
			it.When = schedule.NotProven.String()
		}
		if !slices.Contains(l.Items, it) {
			l.Items = append(l.Items, it)
		}
	}
	notProven := schedule.NotProven.String()
	for _, l := range out {
		slices.SortStableFunc(l.Items, func(x, y Item) int {
			return cmp.Or(-cmp.Compare(boolInt(x.State == notProven), boolInt(y.State == notProven)),
				x.Due.Compare(y.Due), cmp.Compare(x.ECT, y.ECT), cmp.Compare(x.Report, y.Report))
		})
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Until says how near a date is from on: "overdue by 3 days", "due
// today", "due tomorrow" or "due in 12 days".
func Until(due, on time.Time) string {
	n := int(day(due).Sub(day(on)).Round(time.Hour).Hours()) / 24
	switch {
	case n < 0:
		return "overdue by " + diag.Plural(-n, "day")
	case n == 0:
		return "due today"
	case n == 1:
		return "due tomorrow"
	}
	return "due in " + diag.Plural(n, "day")
}
