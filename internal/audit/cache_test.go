package audit_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/fixture"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/cli"
	"github.com/ectdocs/ectdocs/internal/schema"
	"github.com/ectdocs/ectdocs/internal/workflow"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// replayDemo replays the built-in demo into a new repository and returns
// its folder.
func replayDemo(t *testing.T) string {
	t.Helper()
	schemas, err := schema.Compile(ectdocs.Schemas())
	if err != nil {
		t.Fatal(err)
	}
	sub, err := fs.Sub(ectdocs.Demo(), "records")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := workflow.Replay(sub, schemas, dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func validate(t *testing.T, records string) (string, bool) {
	t.Helper()
	var out, errw bytes.Buffer
	err := cli.Run([]string{"validate", records}, &out, &errw, fixture.Clock(), nil)
	if errw.Len() > 0 {
		t.Logf("stderr: %s", errw.String())
	}
	return out.String(), err == nil
}

// TestCacheRewrittenHistory: a second run reads only new commits; after
// the last commit is rewritten (same change, same author, new hash) the
// signature it proved is reported as coming from a rewritten history.
func TestCacheRewrittenHistory(t *testing.T) {
	dir := replayDemo(t)
	records := filepath.Join(dir, "records")
	out, ok := validate(t, records)
	if !ok || !strings.Contains(out, "signatures: 121 proven from Git history; AB decisions: 2 proven from Git history; 301 commits read") {
		t.Fatalf("first run:\n%s", out)
	}
	out, ok = validate(t, records)
	if !ok || !strings.Contains(out, "; 0 commits read") {
		t.Fatalf("second run should read no commits:\n%s", out)
	}

	// Rewrite history from the last signing commit on, as a rebase
	// would: the same trees and authors, a minute later, new hashes.
	g, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := g.Head()
	if err != nil {
		t.Fatal(err)
	}
	var chain []*object.Commit // newest first, down to the last signing commit
	for h := head.Hash(); ; {
		c, err := g.CommitObject(h)
		if err != nil {
			t.Fatal(err)
		}
		chain = append(chain, c)
		if strings.HasPrefix(c.Message, "Sign ") {
			break
		}
		h = c.ParentHashes[0]
	}
	old := chain[len(chain)-1]
	parent := old.ParentHashes[0]
	for i := len(chain) - 1; i >= 0; i-- {
		c := chain[i]
		when := c.Author.When.Add(time.Minute)
		n := &object.Commit{Author: c.Author, Committer: c.Committer, Message: c.Message, TreeHash: c.TreeHash, ParentHashes: []plumbing.Hash{parent}}
		n.Author.When, n.Committer.When = when, when
		obj := g.Storer.NewEncodedObject()
		if err := n.Encode(obj); err != nil {
			t.Fatal(err)
		}
		if parent, err = g.Storer.SetEncodedObject(obj); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.Storer.SetReference(plumbing.NewHashReference(head.Name(), parent)); err != nil {
		t.Fatal(err)
	}
	out, ok = validate(t, records)
	if ok {
		t.Fatalf("a rewritten history passed:\n%s", out)
	}
	want := "was proven in an earlier check from commit " + old.Hash.String()[:7] + ", which is no longer in the history"
	if !strings.Contains(out, want) || !strings.Contains(out, "[history-rewritten]") || !strings.Contains(out, fmt.Sprintf("; %d commits read", len(chain))) {
		t.Fatalf("want %q (history-rewritten) after reading 1 commit, got:\n%s", want, out)
	}
}
