package history

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Signer signs a commit or a tag: message is the object without its
// signature; the result is the armored signature. The signing package
// makes them from SSH keys.
type Signer interface {
	Sign(message []byte) ([]byte, error)
}

// NewCommit is a commit to write.
type NewCommit struct {
	Author, Committer Person
	Message           string
	Tree              Hash
	Parents           []Hash
}

// ErrChanged is returned by CommitFile when the file on disk is not as
// HEAD has it.
var ErrChanged = errors.New("the file has changes that are not committed")

// CommitFile commits new contents for one file (a path relative to the
// records folder) on top of HEAD as who (author and committer), and
// writes it to the working folder. The file must be as HEAD has it
// (ErrChanged otherwise): the commit carries only this change, touching
// no other file. The branch moves only if nothing moved it meanwhile, and
// Git's index then records the file, so that git status shows it clean.
// With signed, git commit -S makes and signs the commit as the user's
// Git is configured to, and who is not used.
func (r *Repo) CommitFile(rel string, content []byte, message string, who Person, signed bool) (Hash, error) {
	full := path.Join(r.Prefix, rel)
	disk := filepath.Join(r.Root, filepath.FromSlash(full))
	headHash, ok, err := r.Head()
	if err != nil {
		return ZeroHash, err
	}
	if !ok {
		return ZeroHash, errors.New("the repository has no commits yet: commit the records first")
	}
	head, err := r.commitObject(headHash)
	if err != nil {
		return ZeroHash, err
	}
	current, err := os.ReadFile(disk)
	if err != nil {
		return ZeroHash, err
	}
	if committed, err := r.blobAt(head.TreeHash, full); err != nil || committed != BlobHash(current) {
		return ZeroHash, ErrChanged
	}
	if signed {
		return r.commitWithGit(full, disk, content, message, current)
	}
	s := r.git.Storer
	blob, err := writeBlob(s, content)
	if err != nil {
		return ZeroHash, err
	}
	tree, err := replaceBlob(s, head.TreeHash, strings.Split(full, "/"), blob)
	if err != nil {
		return ZeroHash, err
	}
	hash, err := writeCommit(s, NewCommit{Author: who, Committer: who, Message: message, Tree: tree, Parents: []Hash{headHash}})
	if err != nil {
		return ZeroHash, err
	}
	if err := frontmatter.WriteFile(disk, content); err != nil {
		return ZeroHash, err
	}
	if err := r.moveHead(headHash, hash); err != nil {
		_ = frontmatter.WriteFile(disk, current) // put the file back as it was
		return ZeroHash, err
	}
	return hash, r.updateIndex(full, disk, blob)
}

// commitWithGit writes the file and lets git commit and sign it.
func (r *Repo) commitWithGit(full, disk string, content []byte, message string, old []byte) (Hash, error) {
	if err := frontmatter.WriteFile(disk, content); err != nil {
		return ZeroHash, err
	}
	cmd := exec.Command("git", "commit", "-S", "--quiet", "-m", message, "--only", "--", full)
	cmd.Dir = r.Root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		_ = frontmatter.WriteFile(disk, old)
		return ZeroHash, fmt.Errorf("git commit -S: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	h, _, err := r.Head()
	return h, err
}

// blobAt returns the blob at a path in a tree.
func (r *Repo) blobAt(tree Hash, full string) (Hash, error) {
	t, err := object.GetTree(r.git.Storer, tree)
	if err != nil {
		return ZeroHash, err
	}
	e, err := t.FindEntry(full)
	if err != nil {
		return ZeroHash, err
	}
	return e.Hash, nil
}

// moveHead points the current branch (or a detached HEAD) at the new
// commit, provided it still points at old.
func (r *Repo) moveHead(old, new Hash) error {
	s := r.git.Storer
	head, err := s.Reference(plumbing.HEAD)
	if err != nil {
		return err
	}
	name := plumbing.HEAD
	if head.Type() == plumbing.SymbolicReference {
		name = head.Target()
	}
	oldRef := plumbing.NewHashReference(name, old)
	if err := s.CheckAndSetReference(plumbing.NewHashReference(name, new), oldRef); err != nil {
		return fmt.Errorf("update %s: it moved while ect was committing (%w): run the command again", name.Short(), err)
	}
	return nil
}

// updateIndex records the committed file in Git's index.
func (r *Repo) updateIndex(full, disk string, blob Hash) error {
	idx, err := r.git.Storer.Index()
	if err != nil {
		return err
	}
	e, err := idx.Entry(full)
	if err != nil {
		e = idx.Add(full)
		e.Mode = filemode.Regular
	}
	st, err := os.Stat(disk)
	if err != nil {
		return err
	}
	e.Hash, e.Size, e.ModifiedAt = blob, uint32(st.Size()), st.ModTime()
	return r.git.Storer.SetIndex(idx)
}

// encoder is an object go-git can encode.
type encoder interface {
	Encode(plumbing.EncodedObject) error
}

// store encodes an object into s and returns its hash.
func store(s storer.EncodedObjectStorer, o encoder) (Hash, error) {
	obj := s.NewEncodedObject()
	if err := o.Encode(obj); err != nil {
		return ZeroHash, err
	}
	return s.SetEncodedObject(obj)
}

// writeBlob stores a file's contents and returns its hash.
func writeBlob(s storer.EncodedObjectStorer, content []byte) (Hash, error) {
	return writeObject(s, plumbing.BlobObject, content)
}

// writeCommit stores a commit, encoded as PackWriter encodes one, and
// returns its hash.
func writeCommit(s storer.EncodedObjectStorer, c NewCommit) (Hash, error) {
	return writeObject(s, plumbing.CommitObject, appendCommit(nil, c))
}

// writeObject stores an object's content and returns its hash.
func writeObject(s storer.EncodedObjectStorer, t plumbing.ObjectType, content []byte) (Hash, error) {
	obj := s.NewEncodedObject()
	obj.SetType(t)
	w, err := obj.Writer()
	if err != nil {
		return ZeroHash, err
	}
	if _, err := w.Write(content); err != nil {
		return ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return ZeroHash, err
	}
	return s.SetEncodedObject(obj)
}

// writeTree stores a tree of entries, sorted as Git sorts them.
func writeTree(s storer.EncodedObjectStorer, entries []Entry) (Hash, error) {
	es := make([]object.TreeEntry, len(entries))
	for i, e := range entries {
		es[i] = object.TreeEntry{Name: e.Name, Mode: e.Mode, Hash: e.Hash}
	}
	sortEntries(es)
	return store(s, &object.Tree{Entries: es})
}

// replaceBlob returns a new tree like tree with the file at parts set to
// blob (added when absent), storing the changed trees.
func replaceBlob(s storer.EncodedObjectStorer, tree Hash, parts []string, blob Hash) (Hash, error) {
	t := &object.Tree{}
	if !tree.IsZero() {
		var err error
		if t, err = object.GetTree(s, tree); err != nil {
			return ZeroHash, err
		}
	}
	entries := slices.Clone(t.Entries)
	i := slices.IndexFunc(entries, func(e object.TreeEntry) bool { return e.Name == parts[0] })
	var e object.TreeEntry
	if i >= 0 {
		e = entries[i]
	} else {
		e = object.TreeEntry{Name: parts[0], Mode: filemode.Regular}
	}
	if len(parts) == 1 {
		e.Hash = blob
		if e.Mode != filemode.Executable {
			e.Mode = filemode.Regular
		}
	} else {
		sub := ZeroHash
		if e.Mode == filemode.Dir {
			sub = e.Hash
		}
		h, err := replaceBlob(s, sub, parts[1:], blob)
		if err != nil {
			return ZeroHash, err
		}
		e.Hash, e.Mode = h, filemode.Dir
	}
	if i >= 0 {
		entries[i] = e
	} else {
		entries = append(entries, e)
	}
	sortEntries(entries)
	return store(s, &object.Tree{Entries: entries})
}

// sortEntries sorts a tree's entries as Git does (gitOrder).
func sortEntries(es []object.TreeEntry) {
	slices.SortFunc(es, func(a, b object.TreeEntry) int {
		return gitOrder(a.Name, a.Mode == filemode.Dir, b.Name, b.Mode == filemode.Dir)
	})
}
