package history

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5"

	"github.com/go-git/go-git/v5/plumbing"
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

// walkGoGit reads the history of the records folder from HEAD with
// go-git: every commit once, descending only into the folders that
// changed. The commits are read first; then the trees of their records
// folders are compared with their parents', a share of the commits on
// each core. Walk uses it where git cannot be run.
func (r *Repo) walkGoGit(opt Options) (*History, error) {
	head, ok, err := r.Head()
	if err != nil || !ok {
		return &History{Commits: map[plumbing.Hash]*Commit{}, Files: map[string][]*Change{}}, err
	}
	treeOf := map[plumbing.Hash]plumbing.Hash{}
	stop := map[plumbing.Hash]bool{}
	if !opt.Since.IsZero() {
		if stop, err = r.proven(head, opt.Since, treeOf); err != nil {
			return nil, err
		}
	}
	h := &History{Head: head, Commits: map[plumbing.Hash]*Commit{}, Files: map[string][]*Change{}, Since: opt.Since}
	known := map[plumbing.Hash]*Commit{}
	if opt.Known != nil {
		known = opt.Known.Commits
	}
	fresh, err := collect(head, stop, known, h, func(hash plumbing.Hash) (*Commit, error) {
		obj, err := r.commitObject(hash)
		if err != nil {
			return nil, fmt.Errorf("%w (is this a shallow clone? fetch the full history)", err)
		}
		treeOf[hash] = obj.TreeHash
		return newCommit(obj), nil
	})
	if err != nil {
		return nil, err
	}
	order := h.settle(fresh, opt.Known)
	// Every parent's root tree must be known before the workers start.
	for _, c := range order {
		for _, p := range c.Parents {
			if _, ok := treeOf[p]; !ok {
				obj, err := r.commitObject(p)
				if err != nil {
					return nil, err
				}
				treeOf[p] = obj.TreeHash
			}
		}
	}
	if err := r.diffAll(order, treeOf, strings.Trim(opt.Only, "/"), h); err != nil {
		return nil, err
	}
	for _, changes := range h.Files {
		sortChanges(changes)
	}
	return h, nil
}

// settle numbers the fresh commits (Seq), each after its ancestors and
// after every commit of Known still in the history, and takes the
// changes Known found in those commits. It returns the fresh commits,
// each before its parents.
func (h *History) settle(fresh map[plumbing.Hash]*Commit, known *History) []*Commit {
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
	if known != nil {
		for path, changes := range known.Files {
			for _, ch := range changes {
				if c, ok := h.Commits[ch.Commit.Hash]; ok {
					h.Files[path] = append(h.Files[path], &Change{Commit: c, Blob: ch.Blob, Before: ch.Before})
				}
			}
		}
	}
	return order
}

// diffAll finds the changes of every commit, in parallel: runs of
// consecutive commits go to the same worker, whose tree cache then holds
// a parent's trees when the child needs them.
func (r *Repo) diffAll(order []*Commit, treeOf map[plumbing.Hash]plumbing.Hash, only string, h *History) error {
	const run = 256
	jobs := make(chan []*Commit)
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for i := range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			err := r.withReader(i, func(g *git.Repository) error {
				w := &walker{prefix: r.Prefix, only: only, objects: g, trees: newTreeCache(512), treeOf: treeOf}
				for batch := range jobs {
					var out []found
					for _, c := range batch {
						err := w.changes(c, func(path string, ch *Change) { out = append(out, found{path, ch}) })
						if err != nil {
							return err
						}
					}
					mu.Lock()
					for _, f := range out {
						h.Files[f.path] = append(h.Files[f.path], f.ch)
					}
					mu.Unlock()
				}
				return nil
			})
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
				for range jobs { // let the feeder finish
				}
			}
		})
	}
	// Oldest first: a pack stores a version of a tree as a change to one
	// near it, usually the one before, which is then still in go-git's
	// cache.
	for i := len(order); i > 0; i -= run {
		batch := slices.Clone(order[max(i-run, 0):i])
		slices.Reverse(batch)
		jobs <- batch
	}
	close(jobs)
	wg.Wait()
	return firstErr
}

// found is one change a worker found.
type found struct {
	path string
	ch   *Change
}

// walker compares trees on one worker.
type walker struct {
	prefix  string
	only    string
	objects *git.Repository
	trees   *treeCache
	treeOf  map[plumbing.Hash]plumbing.Hash // commit → its root tree; read only
}

// proven returns the commits reachable from since that the walk from
// head meets: where it must stop. Like git's own "a..b", it walks both
// sides at once, newest commit first by committer date, marking what since
// reaches, and stops when everything left to walk is marked: the work is
// the pull request's commits and their neighbours, not the whole history.
func (r *Repo) proven(head, since plumbing.Hash, treeOf map[plumbing.Hash]plumbing.Hash) (map[plumbing.Hash]bool, error) {
	type item struct {
		c    *object.Commit
		seen bool // reachable from since
	}
	marked := map[plumbing.Hash]bool{}
	queued := map[plumbing.Hash]*item{}
	var q []*item // kept sorted oldest first; the newest is taken next
	push := func(h plumbing.Hash, seen bool) error {
		if it, ok := queued[h]; ok {
			if seen && !it.seen {
				it.seen = true
				marked[h] = true
			}
			return nil
		}
		c, err := r.commitObject(h)
		if err != nil {
			return err
		}
		treeOf[h] = c.TreeHash
		it := &item{c: c, seen: seen}
		queued[h] = it
		if seen {
			marked[h] = true
		}
		i, _ := slices.BinarySearchFunc(q, it, func(a, b *item) int { return a.c.Committer.When.Compare(b.c.Committer.When) })
		q = slices.Insert(q, i, it)
		return nil
	}
	if err := push(since, true); err != nil {
		return nil, err
	}
	if err := push(head, false); err != nil {
		return nil, err
	}
	for len(q) > 0 {
		if !slices.ContainsFunc(q, func(it *item) bool { return !it.seen }) {
			break // only what since reaches is left
		}
		it := q[len(q)-1]
		q = q[:len(q)-1]
		for _, p := range it.c.ParentHashes {
			if err := push(p, it.seen); err != nil {
				return nil, err
			}
		}
	}
	return marked, nil
}

// collect reads, with read, every commit reachable from head that is
// neither in stop nor known, and adds the reachable known ones to h as
// they are. The go-git and git walkers read commits differently (read);
// they meet them the same way.
func collect(head plumbing.Hash, stop map[plumbing.Hash]bool, known map[plumbing.Hash]*Commit, h *History, read func(plumbing.Hash) (*Commit, error)) (map[plumbing.Hash]*Commit, error) {
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
			var err error
			if c, err = read(hash); err != nil {
				return nil, err
			}
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

// changes finds the files that commit c changed relative to every one of
// its parents, and passes each to add.
func (w *walker) changes(c *Commit, add func(path string, ch *Change)) error {
	tree, err := w.recordsTree(c.Hash)
	if err != nil {
		return err
	}
	if len(c.Parents) == 0 {
		return w.diff(tree, plumbing.ZeroHash, "", func(path string, blob, _ plumbing.Hash) {
			add(path, &Change{Commit: c, Blob: blob, Before: []plumbing.Hash{{}}})
		})
	}
	// A file changed by a merge is one that differs from every parent:
	// take the files that differ from the first parent (the merged
	// branch's work, usually little), and keep those that differ from the
	// others too. Diffing against the other parents instead would cover
	// everything done on main since the branch began.
	ptree, err := w.recordsTree(c.Parents[0])
	if err != nil || ptree == tree {
		return err
	}
	type candidate struct {
		path   string
		blob   plumbing.Hash
		before []plumbing.Hash
	}
	var cands []candidate
	err = w.diff(tree, ptree, "", func(path string, blob, before plumbing.Hash) {
		bs := make([]plumbing.Hash, len(c.Parents))
		bs[0] = before
		cands = append(cands, candidate{path, blob, bs})
	})
	if err != nil {
		return err
	}
next:
	for _, cd := range cands {
		for i, p := range c.Parents[1:] {
			other, err := w.recordsTree(p)
			if err != nil {
				return err
			}
			b, err := w.blobAt(other, cd.path)
			if err != nil {
				return err
			}
			if b == cd.blob {
				continue next // as in that parent: nothing new
			}
			cd.before[i+1] = b
		}
		add(cd.path, &Change{Commit: c, Blob: cd.blob, Before: cd.before})
	}
	return nil
}

// Files lists every file of the records folder in a commit, path →
// blob, reading each tree once.
func (r *Repo) Files(commit plumbing.Hash) (map[string]plumbing.Hash, error) {
	c, err := r.commitObject(commit)
	if err != nil {
		return nil, err
	}
	out := map[string]plumbing.Hash{}
	err = r.withReader(0, func(g *git.Repository) error {
		w := &walker{prefix: r.Prefix, objects: g, trees: newTreeCache(64), treeOf: map[plumbing.Hash]plumbing.Hash{commit: c.TreeHash}}
		tree, err := w.recordsTree(commit)
		if err != nil {
			return err
		}
		return w.diff(tree, plumbing.ZeroHash, "", func(path string, blob, _ plumbing.Hash) { out[path] = blob })
	})
	return out, err
}

// blobAt returns the blob at path in a records tree; zero when there is
// none.
func (w *walker) blobAt(tree plumbing.Hash, path string) (plumbing.Hash, error) {
	parts := strings.Split(path, "/")
	h := tree
	for i, name := range parts {
		if h.IsZero() {
			return plumbing.ZeroHash, nil
		}
		t, err := w.trees.get(w.objects, h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		last := i == len(parts)-1
		h = plumbing.ZeroHash
		for cur := (cursor{rest: t}); ; {
			e, ok := cur.next()
			if !ok {
				break
			}
			if string(e.name) == name && (last && e.file || !last && e.dir) {
				h = e.hash
				break
			}
		}
	}
	return h, nil
}

// recordsTree returns the tree of the records folder in a commit; zero
// when the commit has no records folder.
func (w *walker) recordsTree(commit plumbing.Hash) (plumbing.Hash, error) {
	h, ok := w.treeOf[commit]
	if !ok {
		return plumbing.ZeroHash, fmt.Errorf("commit %s was not read", Short(commit))
	}
	if w.prefix == "" {
		return h, nil
	}
	for name := range strings.SplitSeq(w.prefix, "/") {
		t, err := w.trees.get(w.objects, h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		next := plumbing.ZeroHash
		for c := (cursor{rest: t}); ; {
			e, ok := c.next()
			if !ok {
				break
			}
			if e.dir && string(e.name) == name {
				next = e.hash
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
func (w *walker) wanted(path string) bool { return wantedPath(w.only, path) }

// diff calls emit for every file that differs between trees a (newer) and
// b (older), descending only into subtrees whose hashes differ. Either
// tree may be zero (absent). It reads trees as Git stores them, without
// decoding their entries into objects: the schools folder of a large body
// has hundreds of entries, and only one of them changes in a commit.
func (w *walker) diff(a, b plumbing.Hash, dir string, emit func(path string, blob, before plumbing.Hash)) error {
	if a == b {
		return nil
	}
	var ta, tb rawTree
	var err error
	if !a.IsZero() {
		if ta, err = w.trees.get(w.objects, a); err != nil {
			return err
		}
	}
	if !b.IsZero() {
		if tb, err = w.trees.get(w.objects, b); err != nil {
			return err
		}
	}
	ca, cb := cursor{rest: ta}, cursor{rest: tb}
	x, okA := ca.next()
	y, okB := cb.next()
	for okA || okB {
		var c int
		switch {
		case !okA:
			c = 1
		case !okB:
			c = -1
		default:
			c = compareEntries(x, y)
		}
		var err error
		switch {
		case c < 0:
			err = w.entry(dir, &x, nil, emit)
			x, okA = ca.next()
		case c > 0:
			err = w.entry(dir, nil, &y, emit)
			y, okB = cb.next()
		default:
			if x.hash != y.hash || x.dir != y.dir || x.file != y.file {
				err = w.entry(dir, &x, &y, emit)
			}
			x, okA = ca.next()
			y, okB = cb.next()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// entry compares one name of two trees; x or y is nil where absent.
func (w *walker) entry(dir string, x, y *rawEntry, emit func(path string, blob, before plumbing.Hash)) error {
	var name []byte
	var xTree, yTree, xBlob, yBlob plumbing.Hash
	if x != nil {
		name = x.name
		if x.dir {
			xTree = x.hash
		} else if x.file {
			xBlob = x.hash
		}
	}
	if y != nil {
		name = y.name
		if y.dir {
			yTree = y.hash
		} else if y.file {
			yBlob = y.hash
		}
	}
	path := string(name)
	if dir != "" {
		path = dir + "/" + path
	}
	if !w.wanted(path) {
		return nil
	}
	if xBlob != yBlob {
		emit(path, xBlob, yBlob)
	}
	if xTree != yTree {
		return w.diff(xTree, yTree, path, emit)
	}
	return nil
}

// compareEntries orders tree entries as Git does: folders sort as if
// their name ended in "/".
func compareEntries(a, b rawEntry) int {
	n := min(len(a.name), len(b.name))
	if c := bytes.Compare(a.name[:n], b.name[:n]); c != 0 {
		return c
	}
	return int(endByte(a, n)) - int(endByte(b, n))
}

// endByte is the byte at position n of the entry's sort name: its name,
// with "/" after a folder's; 0 past the end.
func endByte(e rawEntry, n int) byte {
	if n < len(e.name) {
		return e.name[n]
	}
	if n == len(e.name) && e.dir {
		return '/'
	}
	return 0
}
