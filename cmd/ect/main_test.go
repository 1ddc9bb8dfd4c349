package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/hugo"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	// ect serve starts this test binary again as Hugo's server.
	if code, ok := hugo.Child(os.Args[1:], os.Stderr); ok {
		os.Exit(code)
	}
	testscript.Main(m, map[string]func(){
		"ect": main,
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: each runs ect
// on the records it carries and pins its output and exit status.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		// Every script runs on the same day, fixture.Today, whatever the
		// day the tests run: a script that needs another says so with
		// env ECTDOCS_TODAY=… or the command's --on.
		Setup: func(env *testscript.Env) error {
			env.Setenv(clock.EnvToday, fixture.Today.Format(time.DateOnly))
			return nil
		},
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") == "1",
		Condition:           condition,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":        exits,
			"demo-records": demoRecords,
			"replace":      replace,
			"gitrepo":      gitrepo,
			"commit-as":    commitAs,
			"free-port":    freePort,
			"page-says":    pageSays,
		},
	})
}

// condition adds [bugs] to the scripts' conditions: it holds when
// ECTDOCS_RUN_BUGS is set. A script that shows a known bug says
// [!bugs] skip 'BUG: ...' where the wrong behaviour starts, as the Go tests
// skip their cases marked bug.
func condition(cond string) (bool, error) {
	if cond == "bugs" {
		return os.Getenv("ECTDOCS_RUN_BUGS") != "", nil
	}
	return false, fmt.Errorf("unknown condition %q", cond)
}

// exits N PROG ARGS... runs a program like exec and checks its exit status
// is exactly N; its stdout and stderr can be checked afterwards as usual.
func exits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits N program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad status %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

// demo-records DIR copies the built-in demo records into DIR, a valid base
// for scripts that break one thing and check what ect says.
func demoRecords(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: demo-records DIR")
	}
	dst := ts.MkAbs(args[0])
	src, err := fs.Sub(ectdocs.Demo(), "records")
	ts.Check(err)
	ts.Check(os.CopyFS(dst, src))
}

// replace FILE OLD NEW replaces every OLD in FILE with NEW, and fails when
// OLD is not there, so a script cannot silently test nothing. In OLD and
// NEW, \n stands for a newline.
func replace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	file := ts.MkAbs(args[0])
	data, err := os.ReadFile(file)
	ts.Check(err)
	unescape := strings.NewReplacer(`\n`, "\n").Replace
	old, repl := unescape(args[1]), unescape(args[2])
	if !strings.Contains(string(data), old) {
		ts.Fatalf("replace: %q not found in %s", old, filepath.Base(file))
	}
	ts.Check(os.WriteFile(file, []byte(strings.ReplaceAll(string(data), old, repl)), 0o666))
}

// gitrepo DIR WHO DATE MESSAGE makes DIR a Git repository (with go-git)
// and commits everything in it as one commit authored and committed by WHO
// ("Name <email>") at DATE (2025-12-10T16:00:00Z).
func gitrepo(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 4 {
		ts.Fatalf("usage: gitrepo DIR WHO DATE MESSAGE")
	}
	who, when := signature(ts, args[1], args[2])
	r := fixture.InitRepo(script{ts}, ts.MkAbs(args[0]))
	r.StageAll()
	r.Commit(fixture.Commit{By: who, When: when, Message: args[3]})
}

// commit-as WHO DATE MESSAGE PATH... commits the files at PATH (changed,
// new or deleted) in the Git repository that holds them, as WHO ("Name
// <email>") at DATE, the way that person would with git commit.
func commitAs(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 4 {
		ts.Fatalf("usage: commit-as WHO DATE MESSAGE PATH...")
	}
	who, when := signature(ts, args[0], args[1])
	r := fixture.OpenRepo(script{ts}, filepath.Dir(ts.MkAbs(args[3])))
	for _, p := range args[3:] {
		rel, err := filepath.Rel(r.Dir, ts.MkAbs(p))
		ts.Check(err)
		if strings.HasPrefix(rel, "..") {
			ts.Fatalf("commit-as: %s is outside the repository %s", p, r.Dir)
		}
		r.Stage(filepath.ToSlash(rel))
	}
	r.Commit(fixture.Commit{By: who, When: when, Message: args[2]})
}

// signature reads WHO ("Name <email>") and DATE (RFC 3339).
func signature(ts *testscript.TestScript, who, date string) (fixture.Person, time.Time) {
	p, err := fixture.ParsePerson(who)
	if err != nil {
		ts.Fatalf("%v", err)
	}
	when, err := time.Parse(time.RFC3339, date)
	if err != nil {
		ts.Fatalf("%q: give a date as 2025-12-10T16:00:00Z", date)
	}
	return p, when
}

// script is a script as the fixture's repositories fail it.
type script struct{ *testscript.TestScript }

func (script) Helper() {}

// freePort sets the environment variable it is given to a TCP port free on
// 127.0.0.1: free-port NAME.
func freePort(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: free-port NAME")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	port := l.Addr().(*net.TCPAddr).Port
	ts.Check(l.Close())
	ts.Setenv(args[0], strconv.Itoa(port))
}

// pageSays waits up to a minute for the page at URL to answer with TEXT in
// it (a server started in the background takes a moment): page-says URL
// TEXT.
func pageSays(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: page-says URL TEXT")
	}
	var last string
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		resp, err := http.Get(args[0])
		if err != nil {
			last = err.Error()
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil && strings.Contains(string(body), args[1]) {
			return
		}
		last = resp.Status
	}
	ts.Fatalf("%s never said %q (last: %s)", args[0], args[1], last)
}
