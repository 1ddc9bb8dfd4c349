package history

import (
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// treeCache keeps recently decoded trees. Walking newest first, a
// commit's trees are needed again at once as its parent's, so two
// generations of a bounded map are enough.
type treeCache struct {
	max       int
	cur, prev map[plumbing.Hash]*object.Tree
}

func newTreeCache(max int) *treeCache {
	return &treeCache{max: max, cur: map[plumbing.Hash]*object.Tree{}, prev: map[plumbing.Hash]*object.Tree{}}
}

func (c *treeCache) get(r *Repo, h plumbing.Hash) (*object.Tree, error) {
	if t, ok := c.cur[h]; ok {
		return t, nil
	}
	t, ok := c.prev[h]
	if !ok {
		var err error
		if t, err = object.GetTree(r.Git.Storer, h); err != nil {
			return nil, err
		}
	}
	if len(c.cur) >= c.max {
		c.prev, c.cur = c.cur, make(map[plumbing.Hash]*object.Tree, c.max)
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
