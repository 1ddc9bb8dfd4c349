package portal_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs"
	linked "github.com/ectdocs/ectdocs/internal/hugo"
	"github.com/ectdocs/ectdocs/internal/portal"
)

// TestMain lets this test binary be Hugo's server when TestServer starts
// it again as one (hugo.Linked.Serve runs the server in a child process).
func TestMain(m *testing.M) {
	if code, ok := linked.Child(os.Args[1:], os.Stderr); ok {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestServer runs Hugo's server on a written project, then rewrites the
// project as ect serve does when a record changes, and sees the pages
// change.
func TestServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()

	book := demoBook(t, nil)
	work := t.TempDir()
	opt := portal.Options{On: on, Built: on, Commit: "first"}
	if _, err := portal.Write(book, portal.Audience{Kind: "ab"}, ectdocs.Site(), opt, work); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- (linked.Linked{}).Serve(ctx, work, port) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	home := "http://127.0.0.1:" + strconv.Itoa(port) + "/"
	waitFor := func(page, want string) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			if resp, err := http.Get(home + page); err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if strings.Contains(string(body), want) {
					return
				}
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Fatalf("the served page /%s never said %q", page, want)
	}
	// The home page is a file of content/; the people page an entry of
	// the content adapter's data (portal.Write): both must follow.
	waitFor("", "from commit <code>first</code>")
	waitFor("people/", "from commit <code>first</code>")
	opt.Commit = "second"
	if _, err := portal.Write(book, portal.Audience{Kind: "ab"}, ectdocs.Site(), opt, work); err != nil {
		t.Fatal(err)
	}
	waitFor("", "from commit <code>second</code>")
	waitFor("people/", "from commit <code>second</code>")
	// Only a page's data changes (no setting of the site does): the
	// content adapter runs again.
	book.Body.Staff[0].Name = "Wilhelmina Quarrendon"
	if _, err := portal.Write(book, portal.Audience{Kind: "ab"}, ectdocs.Site(), opt, work); err != nil {
		t.Fatal(err)
	}
	waitFor("people/", "Wilhelmina Quarrendon")
}
