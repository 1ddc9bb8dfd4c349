package history

import (
	"fmt"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// History is the walked history of a records folder up to a HEAD.
type History struct {
	Head plumbing.Hash
	// Commits are the walked commits (and those of Known), by hash.
	Commits map[plumbing.Hash]*Commit
	// Files maps a path relative to the records folder to its versions,
	// oldest first.
	Files map[string][]*Change
	// Since is the commit the walk stopped at (Options.Since), if any:
	// what it and its ancestors hold is taken as already proven.
	Since plumbing.Hash
	// Walked counts the commits read in this walk (not those reused from
	// Known).
	Walked int
}

// Options limit a walk.
type Options struct {
	// Since stops the walk at this commit and its ancestors, which were
	// proven by an earlier run (a pull request's base, say).
	Since plumbing.Hash
	// Known is the history of an earlier run (the cache): its commits are
	// not read again.
	Known *History
	// Only limits the walk to one file or folder, relative to the records
	// folder; empty walks everything.
	Only string
}

// Walk reads the history of the records folder from HEAD: every commit
// once, newest first, descending only into the folders that changed.
func (r *Repo) Walk(opt Options) (*History, error) {
	head, ok, err := r.Head()
	if err != nil || !ok {
		return &History{Commits: map[plumbing.Hash]*Commit{}, Files: map[string][]*Change{}}, err
	}
	w := &walker{repo: r, only: strings.Trim(opt.Only, "/"), trees: newTreeCache(1 << 14), treeOf: map[plumbing.Hash]plumbing.Hash{}}
	stop := map[plumbing.Hash]bool{}
	if !opt.Since.IsZero() {
		if stop, err = w.ancestors(opt.Since); err != nil {
			return nil, err
		}
	}
	h := &History{Head: head, Commits: map[plumbing.Hash]*Commit{}, Files: map[string][]*Change{}, Since: opt.Since}
	known := map[plumbing.Hash]*Commit{}
	if opt.Known != nil {
		known = opt.Known.Commits
	}
	fresh, err := w.collect(head, stop, known, h)
	if err != nil {
		return nil, err
	}
	h.Walked = len(fresh)
	order := topoNewestFirst(fresh, h.Commits)
	base := 0
	for _, c := range h.Commits {
		if _, isNew := fresh[c.Hash]; !isNew && c.Seq > base {
			base = c.Seq
		}
	}
	for i, c := range order {
		c.Seq = base + len(order) - i
	}
	// Reuse what the earlier run found for commits still in the history.
	if opt.Known != nil {
		for path, changes := range opt.Known.Files {
			for _, ch := range changes {
				if c, ok := h.Commits[ch.Commit.Hash]; ok {
					h.Files[path] = append(h.Files[path], &Change{Commit: c, Blob: ch.Blob, Before: ch.Before})
				}
			}
		}
	}
	for i := len(order) - 1; i >= 0; i-- { // oldest first, so Files stay in order
		if err := w.changes(order[i], h); err != nil {
			return nil, err
		}
	}
	for _, changes := range h.Files {
		sortChanges(changes)
	}
	return h, nil
}

type walker struct {
	repo   *Repo
	only   string
	trees  *treeCache
	treeOf map[plumbing.Hash]plumbing.Hash // commit → its root tree
}

// ancestors returns the commit and every ancestor of it.
func (w *walker) ancestors(from plumbing.Hash) (map[plumbing.Hash]bool, error) {
	seen := map[plumbing.Hash]bool{from: true}
	stack := []plumbing.Hash{from}
	for len(stack) > 0 {
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		c, err := w.repo.CommitObject(h)
		if err != nil {
			return nil, err
		}
		w.treeOf[h] = c.TreeHash
		for _, p := range c.ParentHashes {
			if !seen[p] {
				seen[p] = true
				stack = append(stack, p)
			}
		}
	}
	return seen, nil
}

// collect reads every commit reachable from head that is neither in stop
// nor known, and adds the reachable known ones to h as they are.
func (w *walker) collect(head plumbing.Hash, stop map[plumbing.Hash]bool, known map[plumbing.Hash]*Commit, h *History) (map[plumbing.Hash]*Commit, error) {
	fresh := map[plumbing.Hash]*Commit{}
	stack := []plumbing.Hash{head}
	seen := map[plumbing.Hash]bool{head: true}
	for len(stack) > 0 {
		hash := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if stop[hash] {
			continue
		}
		c := known[hash]
		if c == nil {
			obj, err := w.repo.CommitObject(hash)
			if err != nil {
				return nil, fmt.Errorf("%w (is this a shallow clone? fetch the full history)", err)
			}
			w.treeOf[hash] = obj.TreeHash
			c = newCommit(obj)
			fresh[hash] = c
		}
		h.Commits[hash] = c
		for _, p := range c.Parents {
			if !seen[p] {
				seen[p] = true
				stack = append(stack, p)
			}
		}
	}
	return fresh, nil
}

func newCommit(o *object.Commit) *Commit {
	subject, _, _ := strings.Cut(o.Message, "\n")
	return &Commit{
		Hash:      o.Hash,
		Parents:   o.ParentHashes,
		Author:    Person{Name: o.Author.Name, Email: o.Author.Email, When: o.Author.When},
		Committer: Person{Name: o.Committer.Name, Email: o.Committer.Email, When: o.Committer.When},
		Subject:   strings.TrimSpace(subject),
		Message:   o.Message,
		Signed:    o.PGPSignature != "",
	}
}

// topoNewestFirst orders the fresh commits so that each comes before its
// parents (Kahn's algorithm over the fresh commits only).
func topoNewestFirst(fresh map[plumbing.Hash]*Commit, all map[plumbing.Hash]*Commit) []*Commit {
	children := make(map[plumbing.Hash]int, len(fresh))
	for _, c := range fresh {
		for _, p := range c.Parents {
			if _, ok := fresh[p]; ok {
				children[p]++
			}
		}
	}
	var ready []*Commit
	for _, c := range fresh {
		if children[c.Hash] == 0 {
			ready = append(ready, c)
		}
	}
	sortByTime(ready)
	order := make([]*Commit, 0, len(fresh))
	for len(ready) > 0 {
		c := ready[len(ready)-1]
		ready = ready[:len(ready)-1]
		order = append(order, c)
		// Push parents in reverse so the first parent is taken next:
		// a straight line of history stays together.
		for i := len(c.Parents) - 1; i >= 0; i-- {
			p := c.Parents[i]
			if _, ok := fresh[p]; !ok {
				continue
			}
			children[p]--
			if children[p] == 0 {
				ready = append(ready, all[p])
			}
		}
	}
	return order
}

// changes records the files that commit c changed relative to every one
// of its parents.
func (w *walker) changes(c *Commit, h *History) error {
	tree, err := w.recordsTree(c.Hash)
	if err != nil {
		return err
	}
	if len(c.Parents) == 0 {
		return w.diff(tree, plumbing.ZeroHash, w.repo.Prefix, "", func(path string, blob, _ plumbing.Hash) {
			h.Files[path] = append(h.Files[path], &Change{Commit: c, Blob: blob, Before: []plumbing.Hash{{}}})
		})
	}
	// A file changed by a merge is one that differs from every parent;
	// count, per path, the parents it differs from.
	type seen struct {
		blob   plumbing.Hash
		before []plumbing.Hash
		n      int
	}
	var byPath map[string]*seen
	if len(c.Parents) > 1 {
		byPath = map[string]*seen{}
	}
	for i, p := range c.Parents {
		ptree, err := w.recordsTree(p)
		if err != nil {
			return err
		}
		if ptree == tree {
			return nil // the same as this parent: nothing new
		}
		err = w.diff(tree, ptree, w.repo.Prefix, "", func(path string, blob, before plumbing.Hash) {
			if byPath == nil {
				h.Files[path] = append(h.Files[path], &Change{Commit: c, Blob: blob, Before: []plumbing.Hash{before}})
				return
			}
			s := byPath[path]
			if s == nil {
				if i > 0 {
					return // unchanged relative to an earlier parent
				}
				s = &seen{blob: blob, before: make([]plumbing.Hash, len(c.Parents))}
				byPath[path] = s
			}
			if s.n == i {
				s.before[i] = before
				s.n++
			}
		})
		if err != nil {
			return err
		}
	}
	for path, s := range byPath {
		if s.n == len(c.Parents) {
			h.Files[path] = append(h.Files[path], &Change{Commit: c, Blob: s.blob, Before: s.before})
		}
	}
	return nil
}

// recordsTree returns the tree of the records folder in a commit; zero
// when the commit has no records folder.
func (w *walker) recordsTree(commit plumbing.Hash) (plumbing.Hash, error) {
	root, ok := w.treeOf[commit]
	if !ok {
		c, err := w.repo.CommitObject(commit)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		root = c.TreeHash
		w.treeOf[commit] = root
	}
	if w.repo.Prefix == "" {
		return root, nil
	}
	h := root
	for name := range strings.SplitSeq(w.repo.Prefix, "/") {
		t, err := w.trees.get(w.repo, h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		next := plumbing.ZeroHash
		for _, e := range t.Entries {
			if e.Name == name && e.Mode == filemode.Dir {
				next = e.Hash
				break
			}
		}
		if next.IsZero() {
			return plumbing.ZeroHash, nil
		}
		h = next
	}
	return h, nil
}

// wanted reports whether the walk looks at path (a file or folder
// relative to the records folder).
func (w *walker) wanted(path string) bool {
	if w.only == "" {
		return true
	}
	return path == w.only || strings.HasPrefix(path, w.only+"/") || strings.HasPrefix(w.only, path+"/")
}

// diff calls emit for every file that differs between trees a (newer) and
// b (older), descending only into subtrees whose hashes differ. Either
// tree may be zero (absent).
func (w *walker) diff(a, b plumbing.Hash, _ string, dir string, emit func(path string, blob, before plumbing.Hash)) error {
	if a == b {
		return nil
	}
	var ea, eb []object.TreeEntry
	if !a.IsZero() {
		t, err := w.trees.get(w.repo, a)
		if err != nil {
			return err
		}
		ea = t.Entries
	}
	if !b.IsZero() {
		t, err := w.trees.get(w.repo, b)
		if err != nil {
			return err
		}
		eb = t.Entries
	}
	i, j := 0, 0
	for i < len(ea) || j < len(eb) {
		var x, y *object.TreeEntry
		switch {
		case j == len(eb):
			x = &ea[i]
			i++
		case i == len(ea):
			y = &eb[j]
			j++
		case ea[i].Name == eb[j].Name && ea[i].Mode == eb[j].Mode:
			// The common case: the same entry in both trees.
			if ea[i].Hash == eb[j].Hash {
				i++
				j++
				continue
			}
			x, y = &ea[i], &eb[j]
			i++
			j++
		default:
			switch c := compareEntries(&ea[i], &eb[j]); {
			case c < 0:
				x = &ea[i]
				i++
			case c > 0:
				y = &eb[j]
				j++
			default:
				x, y = &ea[i], &eb[j]
				i++
				j++
			}
		}
		if err := w.entry(dir, x, y, emit); err != nil {
			return err
		}
	}
	return nil
}

// entry compares one name of two trees; x or y is nil where absent.
func (w *walker) entry(dir string, x, y *object.TreeEntry, emit func(path string, blob, before plumbing.Hash)) error {
	var name string
	var xTree, yTree, xBlob, yBlob plumbing.Hash
	if x != nil {
		name = x.Name
		if x.Mode == filemode.Dir {
			xTree = x.Hash
		} else if x.Mode.IsFile() {
			xBlob = x.Hash
		}
	}
	if y != nil {
		name = y.Name
		if y.Mode == filemode.Dir {
			yTree = y.Hash
		} else if y.Mode.IsFile() {
			yBlob = y.Hash
		}
	}
	path := name
	if dir != "" {
		path = dir + "/" + name
	}
	if !w.wanted(path) {
		return nil
	}
	if xBlob != yBlob {
		emit(path, xBlob, yBlob)
	}
	if xTree != yTree {
		return w.diff(xTree, yTree, "", path, emit)
	}
	return nil
}

// compareEntries orders tree entries as Git does: folders sort as if
// their name ended in "/".
func compareEntries(a, b *object.TreeEntry) int {
	an, bn := a.Name, b.Name
	n := min(len(an), len(bn))
	if c := strings.Compare(an[:n], bn[:n]); c != 0 {
		return c
	}
	ca, cb := endByte(a, n), endByte(b, n)
	return int(ca) - int(cb)
}

// endByte is the byte at position n of the entry's sort name: its name,
// with "/" after a folder's; 0 past the end.
func endByte(e *object.TreeEntry, n int) byte {
	if n < len(e.Name) {
		return e.Name[n]
	}
	if n == len(e.Name) && e.Mode == filemode.Dir {
		return '/'
	}
	return 0
}
