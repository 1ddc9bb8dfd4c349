package history

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Rewrite says how to copy a history into a new one (Repo.Rewrite).
type Rewrite struct {
	// Drop reports whether the entry name of the folder dir (a path from
	// the repository's root, "" for the root) goes, with all it holds.
	Drop func(dir, name string) bool
	// Check is called once for each blob that is kept, with a path it is
	// at; an error stops the rewrite.
	Check func(path string, content []byte) error
	// Edit may change a commit's message and people before it is
	// written. The new commits carry no signature: what signed the old
	// ones was their exact bytes.
	Edit func(c *NewCommit)
}

// Rewritten is a history copied by Repo.Rewrite.
type Rewritten struct {
	// Head is the new history's last commit.
	Head Hash
	// Commits maps each old commit to its copy; to the commit that takes
	// its place when it was left out (it changed nothing once rewritten),
	// zero when that is no commit at all.
	Commits map[Hash]Hash
	// Order lists the old commits, each after its parents.
	Order []Hash
	// Left counts the commits left out; Dropped holds them.
	Left    int
	Dropped map[Hash]bool
}

// Rewrite copies the history of HEAD, every commit's tree without what
// rw.Drop drops, each commit edited by rw.Edit; a commit that then
// changes nothing (and did change something) is left out, its children
// taking its parent. The new commits and trees are written into the
// repository; no branch is moved (SetBranch does).
func (r *Repo) Rewrite(rw Rewrite) (*Rewritten, error) {
	head, ok, err := r.Head()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("the repository has no commits")
	}
	commits := map[Hash]*object.Commit{}
	var order []Hash
	// Depth first from HEAD, each commit after its parents.
	type frame struct {
		h    Hash
		done bool
	}
	stack := []frame{{h: head}}
	seen := map[Hash]bool{}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if f.done {
			order = append(order, f.h)
			continue
		}
		if seen[f.h] {
			continue
		}
		seen[f.h] = true
		c, err := r.commitObject(f.h)
		if err != nil {
			return nil, err
		}
		commits[f.h] = c
		stack = append(stack, frame{h: f.h, done: true})
		for _, p := range slices.Backward(c.ParentHashes) {
			if !seen[p] {
				stack = append(stack, frame{h: p})
			}
		}
	}
	w := &rewriter{r: r, rw: rw, trees: map[treeKey]treeCopy{}, checked: map[Hash]bool{}}
	out := &Rewritten{Commits: map[Hash]Hash{}, Order: order, Dropped: map[Hash]bool{}}
	for _, h := range order {
		c := commits[h]
		tree, _, err := w.tree(c.TreeHash, "")
		if err != nil {
			return nil, err
		}
		var parents []Hash
		for _, p := range c.ParentHashes {
			if np := out.Commits[p]; !np.IsZero() && !slices.Contains(parents, np) {
				parents = append(parents, np)
			}
		}
		if len(parents) <= 1 {
			var was, now Hash // the trees before: the old parent's, the new one's
			if len(c.ParentHashes) > 0 {
				was = commits[c.ParentHashes[0]].TreeHash
			}
			if len(parents) == 1 {
				pc, err := r.commitObject(parents[0])
				if err != nil {
					return nil, err
				}
				now = pc.TreeHash
			}
			if (tree == now || now.IsZero() && isEmptyTree(r, tree)) && c.TreeHash != was {
				out.Left++
				out.Dropped[h] = true
				if len(parents) == 1 {
					out.Commits[h] = parents[0]
				}
				continue
			}
		}
		nc := NewCommit{Author: personOf(c.Author), Committer: personOf(c.Committer), Message: c.Message, Tree: tree, Parents: parents}
		if rw.Edit != nil {
			rw.Edit(&nc)
		}
		nh, err := writeCommit(r.git.Storer, nc)
		if err != nil {
			return nil, fmt.Errorf("write the copy of %s: %w", Short(h), err)
		}
		out.Commits[h] = nh
	}
	out.Head = out.Commits[head]
	if out.Head.IsZero() {
		return nil, errors.New("nothing would be left of the history")
	}
	return out, nil
}

// SetBranch makes a new branch at commit h; it refuses one that exists.
func (r *Repo) SetBranch(name string, h Hash) error {
	ref := plumbing.NewBranchReferenceName(name)
	if err := ref.Validate(); err != nil || strings.ContainsAny(name, " ~^:?*[\\") {
		return fmt.Errorf("%q is not a branch name", name)
	}
	if _, err := r.git.Storer.Reference(ref); err == nil {
		return fmt.Errorf("the branch %s exists already: nothing was changed", name)
	}
	return r.git.Storer.SetReference(plumbing.NewHashReference(ref, h))
}

// AddFile returns a new commit on top of parent that adds (or replaces)
// one file, at rel in the records folder, as who.
func (r *Repo) AddFile(parent Hash, rel string, content []byte, message string, who Person) (Hash, error) {
	pc, err := r.commitObject(parent)
	if err != nil {
		return ZeroHash, err
	}
	s := r.git.Storer
	blob, err := writeBlob(s, content)
	if err != nil {
		return ZeroHash, err
	}
	tree, err := replaceBlob(s, pc.TreeHash, strings.Split(path.Join(r.Prefix, rel), "/"), blob)
	if err != nil {
		return ZeroHash, err
	}
	return writeCommit(s, NewCommit{Author: who, Committer: who, Message: message, Tree: tree, Parents: []Hash{parent}})
}

func personOf(s object.Signature) Person {
	return Person{Name: s.Name, Email: s.Email, When: s.When}
}

func isEmptyTree(r *Repo, h Hash) bool {
	t, err := object.GetTree(r.git.Storer, h)
	return err == nil && len(t.Entries) == 0
}

type treeKey struct {
	h   Hash
	dir string
}

type treeCopy struct {
	h     Hash
	empty bool
}

// rewriter copies trees, once each.
type rewriter struct {
	r       *Repo
	rw      Rewrite
	trees   map[treeKey]treeCopy
	checked map[Hash]bool
}

// tree returns the copy of tree h at dir, and whether it is empty (a
// folder left empty goes: Git keeps no empty folders).
func (w *rewriter) tree(h Hash, dir string) (Hash, bool, error) {
	k := treeKey{h, dir}
	if c, ok := w.trees[k]; ok {
		return c.h, c.empty, nil
	}
	t, err := object.GetTree(w.r.git.Storer, h)
	if err != nil {
		return ZeroHash, false, fmt.Errorf("read tree %s: %w", Short(h), err)
	}
	var out []Entry
	changed := false
	for _, e := range t.Entries {
		p := path.Join(dir, e.Name)
		switch {
		case w.rw.Drop != nil && w.rw.Drop(dir, e.Name):
			changed = true
			continue
		case e.Mode == filemode.Dir:
			nh, empty, err := w.tree(e.Hash, p)
			if err != nil {
				return ZeroHash, false, err
			}
			if empty {
				changed = true
				continue
			}
			changed = changed || nh != e.Hash
			e.Hash = nh
		case e.Mode == filemode.Submodule:
		default:
			if w.rw.Check != nil && !w.checked[e.Hash] {
				w.checked[e.Hash] = true
				content, err := readObject(w.r.git, plumbing.BlobObject, e.Hash)
				if err != nil {
					return ZeroHash, false, fmt.Errorf("read %s: %w", p, err)
				}
				if err := w.rw.Check(p, content); err != nil {
					return ZeroHash, false, err
				}
			}
		}
		out = append(out, Entry{Name: e.Name, Mode: e.Mode, Hash: e.Hash})
	}
	nh := h
	if changed {
		if nh, err = writeTree(w.r.git.Storer, out); err != nil {
			return ZeroHash, false, err
		}
	}
	w.trees[k] = treeCopy{nh, len(out) == 0}
	return nh, len(out) == 0, nil
}
