// Package workflow makes the steps of a report's workflow as Git commits
// by the person who takes them: signing, the appropriate body's review,
// and replaying a folder of records into a new repository as the commits
// that would have made it.
package workflow

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
	"time"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// User is who is committing: from Git's configuration and environment,
// as git commit would take it.
type User struct {
	Name, Email string
	// When is the commit time: now, or GIT_AUTHOR_DATE when set.
	When time.Time
	// Sign is true when Git is configured to sign commits
	// (commit.gpgsign), which ect leaves to git itself.
	Sign bool
}

// CurrentUser reads user.name, user.email and commit.gpgsign from the
// repository's, the user's and the system's Git configuration, with
// GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL and GIT_AUTHOR_DATE taking precedence.
func CurrentUser(repo *history.Repo, now time.Time) (User, error) {
	var opts [3]string
	for i, o := range [][2]string{{"user", "name"}, {"user", "email"}, {"commit", "gpgsign"}} {
		v, err := repo.ConfigOption(o[0], o[1])
		if err != nil {
			return User{}, err
		}
		opts[i] = v
	}
	// Git's booleans: true, yes, on or 1, in any case.
	sign := slices.Contains([]string{"true", "yes", "on", "1"}, strings.ToLower(opts[2]))
	u := User{Name: opts[0], Email: opts[1], When: now, Sign: sign}
	if v := os.Getenv("GIT_AUTHOR_NAME"); v != "" {
		u.Name = v
	}
	if v := os.Getenv("GIT_AUTHOR_EMAIL"); v != "" {
		u.Email = v
	}
	if v := os.Getenv("GIT_AUTHOR_DATE"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return User{}, fmt.Errorf("GIT_AUTHOR_DATE %q: give it as 2026-03-27T10:00:00Z", v)
		}
		u.When = t
	}
	if u.Email == "" {
		return User{}, errors.New("git does not know who you are: set it with git config --global user.email you@school.example (and user.name)")
	}
	return u, nil
}

// CommitFile commits new contents for one file (a path relative to the
// records folder) on top of HEAD, and writes it to the working folder.
// The file must be unchanged since HEAD: the commit carries only this
// change. Without signing it builds the commit with go-git, touching no
// other file; when the user's Git signs commits it runs git commit -S.
func CommitFile(repo *history.Repo, rel string, content []byte, message string, u User) (plumbing.Hash, error) {
	full := path.Join(repo.Prefix, rel)
	disk := filepath.Join(repo.Root, filepath.FromSlash(full))
	headHash, ok, err := repo.Head()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if !ok {
		return plumbing.ZeroHash, errors.New("the repository has no commits yet: commit the records first")
	}
	head, err := repo.CommitObject(headHash)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	current, err := os.ReadFile(disk)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if committed, err := blobAt(repo, head.TreeHash, full); err != nil || committed != blobHash(current) {
		return plumbing.ZeroHash, fmt.Errorf("%s has changes that are not committed: commit them (or undo them) first, so that this commit adds only the signature", rel)
	}
	if u.Sign {
		return commitWithGit(repo, full, disk, content, message, current)
	}
	s := repo.Git.Storer
	blob, err := storeObject(s, plumbing.BlobObject, content)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	tree, err := replaceBlob(s, head.TreeHash, strings.Split(full, "/"), blob)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	sig := object.Signature{Name: u.Name, Email: u.Email, When: u.When}
	c := &object.Commit{Author: sig, Committer: sig, Message: message, TreeHash: tree, ParentHashes: []plumbing.Hash{headHash}}
	obj := s.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	hash, err := s.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if err := writeAtomic(disk, content); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := moveHead(repo, headHash, hash); err != nil {
		_ = writeAtomic(disk, current) // put the file back as it was
		return plumbing.ZeroHash, err
	}
	return hash, updateIndex(repo, full, disk, blob)
}

// commitWithGit writes the file and lets git commit and sign it.
func commitWithGit(repo *history.Repo, full, disk string, content []byte, message string, old []byte) (plumbing.Hash, error) {
	if err := writeAtomic(disk, content); err != nil {
		return plumbing.ZeroHash, err
	}
	cmd := exec.Command("git", "commit", "-S", "--quiet", "-m", message, "--only", "--", full)
	cmd.Dir = repo.Root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		_ = writeAtomic(disk, old)
		return plumbing.ZeroHash, fmt.Errorf("git commit -S: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	h, _, err := repo.Head()
	return h, err
}

func blobHash(content []byte) plumbing.Hash {
	return plumbing.ComputeHash(plumbing.BlobObject, content)
}

func storeObject(s storer.EncodedObjectStorer, t plumbing.ObjectType, content []byte) (plumbing.Hash, error) {
	obj := s.NewEncodedObject()
	obj.SetType(t)
	w, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write(content); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return s.SetEncodedObject(obj)
}

// blobAt returns the blob at a path in a tree.
func blobAt(repo *history.Repo, tree plumbing.Hash, full string) (plumbing.Hash, error) {
	t, err := object.GetTree(repo.Git.Storer, tree)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	e, err := t.FindEntry(full)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return e.Hash, nil
}

// replaceBlob returns a new tree like tree with the file at parts set to
// blob (added when absent), storing the changed trees.
func replaceBlob(s storer.EncodedObjectStorer, tree plumbing.Hash, parts []string, blob plumbing.Hash) (plumbing.Hash, error) {
	t := &object.Tree{}
	if !tree.IsZero() {
		var err error
		if t, err = object.GetTree(s, tree); err != nil {
			return plumbing.ZeroHash, err
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
		sub := plumbing.ZeroHash
		if e.Mode == filemode.Dir {
			sub = e.Hash
		}
		h, err := replaceBlob(s, sub, parts[1:], blob)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		e.Hash, e.Mode = h, filemode.Dir
	}
	if i >= 0 {
		entries[i] = e
	} else {
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b object.TreeEntry) int { return strings.Compare(sortKey(a), sortKey(b)) })
	nt := &object.Tree{Entries: entries}
	obj := s.NewEncodedObject()
	if err := nt.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return s.SetEncodedObject(obj)
}

func sortKey(e object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

// moveHead points the current branch (or a detached HEAD) at the new
// commit, provided it still points at old.
func moveHead(repo *history.Repo, old, new plumbing.Hash) error {
	s := repo.Git.Storer
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

// updateIndex records the committed file in Git's index, so that git
// status shows it clean.
func updateIndex(repo *history.Repo, full, disk string, blob plumbing.Hash) error {
	idx, err := repo.Git.Storer.Index()
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
	return repo.Git.Storer.SetIndex(idx)
}

// writeAtomic replaces a file's contents atomically (frontmatter.WriteFile).
func writeAtomic(name string, content []byte) error { return frontmatter.WriteFile(name, content) }
