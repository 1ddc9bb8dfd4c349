package remind

import (
	"sync"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/status"
)

var demoOnce struct {
	sync.Mutex
	book *record.Book
}

// demoBook loads the built-in demo records once.
func demoBook(t testing.TB) *record.Book {
	t.Helper()
	demoOnce.Lock()
	defer demoOnce.Unlock()
	if demoOnce.book != nil {
		return demoOnce.book
	}
	book := fixture.DemoBook(t)
	demoOnce.book = book
	return book
}

var testOptions = Options{PortalURL: "https://portal.example/", RepoURL: "https://git.example/fenmoor/records/blob/main"}

// plan returns the digests of the demo on a day.
func plan(t testing.TB, on time.Time) []Digest {
	t.Helper()
	return Plan(demoBook(t), boardOn(t, on), on, testOptions)
}

// boardOn is the demo's board on a day.
func boardOn(t testing.TB, on time.Time) *status.Board {
	t.Helper()
	board, err := status.Build(demoBook(t), on, status.Filter{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return board
}

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}
