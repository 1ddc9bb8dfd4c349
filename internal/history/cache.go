package history

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// rawTree is a tree object as Git stores it: entries of
// "<mode> <name>\x00<20-byte hash>", sorted.
type rawTree []byte

// rawEntry is one entry of a raw tree; name points into the tree.
type rawEntry struct {
	name []byte
	hash plumbing.Hash
	dir  bool // a folder (mode 40000)
	file bool // a regular or executable file, or a symbolic link
}

// cursor reads a raw tree's entries in order; it stops at anything
// malformed (go-git has checked the object's hash already).
type cursor struct{ rest []byte }

// next returns the next entry; ok is false at the end.
func (c *cursor) next() (e rawEntry, ok bool) {
	b := c.rest
	sp := bytes.IndexByte(b, ' ')
	if sp < 0 {
		return e, false
	}
	nul := bytes.IndexByte(b[sp+1:], 0)
	if nul < 0 || len(b) < sp+1+nul+1+20 {
		return e, false
	}
	mode := b[:sp]
	e.name = b[sp+1 : sp+1+nul]
	copy(e.hash[:], b[sp+1+nul+1:])
	e.dir = string(mode) == "40000"
	e.file = !e.dir && string(mode) != "160000" // not a submodule
	c.rest = b[sp+1+nul+1+20:]
	return e, true
}

// treeCache keeps recently read trees. Walking newest first, a commit's
// trees are needed again at once as its parent's, so two generations of a
// small bounded map are enough.
type treeCache struct {
	max       int
	cur, prev map[plumbing.Hash]rawTree
}

func newTreeCache(max int) *treeCache {
	return &treeCache{max: max, cur: map[plumbing.Hash]rawTree{}, prev: map[plumbing.Hash]rawTree{}}
}

func (c *treeCache) get(g *git.Repository, h plumbing.Hash) (rawTree, error) {
	if t, ok := c.cur[h]; ok {
		return t, nil
	}
	t, ok := c.prev[h]
	if !ok {
		data, err := readObject(g, plumbing.TreeObject, h)
		if err != nil {
			return nil, fmt.Errorf("read tree %s: %w", h, err)
		}
		t = rawTree(data)
	}
	if len(c.cur) >= c.max {
		c.prev, c.cur = c.cur, make(map[plumbing.Hash]rawTree, c.max)
	}
	c.cur[h] = t
	return t, nil
}

// sortChanges puts a file's versions oldest first.
func sortChanges(cs []*Change) {
	slices.SortStableFunc(cs, func(a, b *Change) int { return a.Commit.Seq - b.Commit.Seq })
}

// sortByTime orders commits oldest first by committer time.
func sortByTime(cs []*Commit) {
	slices.SortStableFunc(cs, func(a, b *Commit) int { return a.Committer.When.Compare(b.Committer.When) })
}
