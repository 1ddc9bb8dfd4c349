package portal_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/portal"
)

// TestServer runs Hugo's server on a written project, then rewrites the
// project as ect serve does when a record changes, and sees the page
// change.
func TestServer(t *testing.T) {
	source, err := portal.Source()
	if err != nil {
		t.Fatal(err)
	}
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
	go func() { done <- portal.Server(ctx, source, work, port) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	home := "http://127.0.0.1:" + strconv.Itoa(port) + "/"
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			if resp, err := http.Get(home); err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if strings.Contains(string(body), want) {
					return
				}
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Fatalf("the served home page never said %q", want)
	}
	waitFor("from commit <code>first</code>")
	opt.Commit = "second"
	if _, err := portal.Write(book, portal.Audience{Kind: "ab"}, ectdocs.Site(), opt, work); err != nil {
		t.Fatal(err)
	}
	waitFor("from commit <code>second</code>")
}
