package history

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// Changes are the records (paths relative to the records folder) whose
// content may differ from a commit's.
type Changes struct {
	// Committed changed between the commit's tree and HEAD's.
	Committed []string
	// Working are changed, added, removed or ignored in the working
	// folder, against HEAD; a folder added whole may be listed as one.
	Working []string
	// Known is false when the working folder's changes cannot be known
	// (there is no git program to ask, or it failed): then anything may
	// have changed.
	Known bool
}

// All returns the paths changed in commits or in the working folder.
func (c *Changes) All() []string {
	return append(append([]string{}, c.Committed...), c.Working...)
}

// AtHead reports whether the working folder's file at rel is as HEAD has
// it (the changes must be Known).
func (c *Changes) AtHead(rel string) bool {
	for _, w := range c.Working {
		if rel == w || strings.HasPrefix(rel, w+"/") {
			return false
		}
	}
	return true
}

// Changed finds the records whose content may differ from the commit
// from's: changed by a commit since (between from's tree and HEAD's; a
// folder added or removed whole is listed file by file), or in the
// working folder (git status).
func (r *Repo) Changed(from Hash) (*Changes, error) {
	head, ok, err := r.Head()
	if err != nil || !ok {
		return &Changes{}, err
	}
	a, err := r.recordsTree(from)
	if err != nil {
		return nil, err
	}
	b, err := r.recordsTree(head)
	if err != nil {
		return nil, err
	}
	c := &Changes{}
	if err := r.diffTrees(a, b, "", &c.Committed); err != nil {
		return nil, err
	}
	if c.Working, err = r.uncommitted(); err == nil {
		c.Known = true
	}
	return c, nil
}

// Serial makes the repository read every object through one handle: for
// a run that reads few objects (a check of one pull request), where each
// handle's first read costs more (go-git maps the whole pack index's
// offsets, about a second for 220,000 commits) than reading in parallel
// saves.
//
// Where git is installed, it also reads commits, trees and blobs through
// one git cat-file --batch (which maps nothing up front); Close stops it.
func (r *Repo) Serial() {
	if len(r.readers) > 1 {
		r.readers = r.readers[:1]
	}
	if r.batch == nil {
		if b, err := r.startBatch(); err == nil {
			r.batch = b
		}
	}
}

// Close stops what Serial started; the repository reads through go-git
// after it.
func (r *Repo) Close() {
	if r.batch != nil {
		r.batch.close()
		r.batch = nil
	}
}

// recordsTree returns the tree of the records folder in commit h (zero
// when it has none).
func (r *Repo) recordsTree(h Hash) (Hash, error) {
	t, err := r.CommitTree(h)
	if err != nil {
		return Hash{}, err
	}
	if r.Prefix == "" {
		return t, nil
	}
	for _, name := range strings.Split(r.Prefix, "/") {
		es, err := r.Tree(t)
		if err != nil {
			return Hash{}, err
		}
		t = Hash{}
		for _, e := range es {
			if e.Name == name && e.Mode == filemode.Dir {
				t = e.Hash
			}
		}
		if t.IsZero() {
			return t, nil
		}
	}
	return t, nil
}

// diffTrees adds to out the paths of the files that differ between trees
// a and b (either zero: empty), below dir; equal subtrees are not read.
func (r *Repo) diffTrees(a, b Hash, dir string, out *[]string) error {
	if a == b {
		return nil
	}
	entries := func(h Hash) (map[string]Entry, error) {
		m := map[string]Entry{}
		if h.IsZero() {
			return m, nil
		}
		es, err := r.Tree(h)
		for _, e := range es {
			m[e.Name] = e
		}
		return m, err
	}
	ea, err := entries(a)
	if err != nil {
		return err
	}
	eb, err := entries(b)
	if err != nil {
		return err
	}
	for name := range eb {
		if _, ok := ea[name]; !ok {
			ea[name] = Entry{}
		}
	}
	for name, x := range ea {
		y := eb[name]
		if x == y {
			continue
		}
		p := path.Join(dir, name)
		xt, yt := x.Mode == filemode.Dir, y.Mode == filemode.Dir
		if xt || yt {
			var ta, tb Hash
			if xt {
				ta = x.Hash
			}
			if yt {
				tb = y.Hash
			}
			if err := r.diffTrees(ta, tb, p, out); err != nil {
				return err
			}
		}
		if !xt && !x.Hash.IsZero() || !yt && !y.Hash.IsZero() {
			*out = append(*out, p)
		}
	}
	return nil
}

// uncommitted asks git which files of the records folder differ from
// HEAD in the working folder: changed, added, removed, or ignored (ect
// reads what is on disk, ignored or not).
func (r *Repo) uncommitted() ([]string, error) {
	gitPath, err := exec.LookPath("git")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	spec := "."
	if r.Prefix != "" {
		spec = r.Prefix
	}
	cmd := exec.CommandContext(ctx, gitPath, "--no-optional-locks", "-c", "core.quotePath=false", "-c", "core.fsmonitor=false",
		"status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=matching", "--no-renames", "--", ":(literal)"+spec)
	cmd.Dir = r.Root
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	outb, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git status: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return parseStatus(outb, r.Prefix)
}

// parseStatus reads git status --porcelain=v1 -z --no-renames: entries
// "XY path", each ended by NUL, paths relative to the repository's root;
// it returns them relative to the records folder prefix.
func parseStatus(out []byte, prefix string) ([]string, error) {
	var paths []string
	for len(out) > 0 {
		i := bytes.IndexByte(out, 0)
		if i < 0 {
			return nil, fmt.Errorf("git status: an entry is not ended")
		}
		entry := string(out[:i])
		out = out[i+1:]
		if len(entry) < 4 || entry[2] != ' ' {
			return nil, fmt.Errorf("git status: unexpected entry %q", entry)
		}
		p := strings.TrimSuffix(entry[3:], "/")
		if prefix != "" {
			rel, ok := strings.CutPrefix(p, prefix+"/")
			if !ok {
				continue
			}
			p = rel
		}
		paths = append(paths, p)
	}
	return paths, nil
}
