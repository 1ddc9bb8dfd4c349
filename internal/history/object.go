package history

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// Signed is what a signature on a commit or a tag is checked with: the
// signature as the object carries it and the bytes it was made over. The
// signing package checks the one against the other.
type Signed struct {
	// Signature is the armored signature (a commit's gpgsig header, the
	// block after a tag's message); "" when the object is not signed.
	Signature string
	// Payload is the object as Git encodes it without its signature: what
	// was signed. Nil when the object is not signed.
	Payload []byte
}

// CommitSignature returns a commit's signature and what it was made
// over.
func (r *Repo) CommitSignature(h Hash) (Signed, error) {
	c, err := r.commitObject(h)
	if err != nil {
		return Signed{}, err
	}
	if c.PGPSignature == "" {
		return Signed{}, nil
	}
	payload, err := encoded(c.EncodeWithoutSignature)
	if err != nil {
		return Signed{}, fmt.Errorf("read commit %s: %w", Short(h), err)
	}
	return Signed{Signature: c.PGPSignature, Payload: payload}, nil
}

// CommitTree returns the hash of a commit's root tree.
func (r *Repo) CommitTree(h Hash) (Hash, error) {
	c, err := r.commitObject(h)
	if err != nil {
		return ZeroHash, err
	}
	return c.TreeHash, nil
}

// encoded returns the bytes an object's encode function writes.
func encoded(encode func(plumbing.EncodedObject) error) ([]byte, error) {
	o := &plumbing.MemoryObject{}
	if err := encode(o); err != nil {
		return nil, err
	}
	return contents(o)
}

// contents returns an object's content.
func contents(o plumbing.EncodedObject) ([]byte, error) {
	rd, err := o.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
}

// BlobHash is the hash Git gives a file with these contents.
func BlobHash(content []byte) Hash {
	return plumbing.ComputeHash(plumbing.BlobObject, content)
}

// Mode is a tree entry's kind as Git stores it: a file, an executable, a
// symbolic link, a folder or a submodule.
type Mode = filemode.FileMode

// ModeDir is the mode of a folder in a tree.
const ModeDir = filemode.Dir

// Entry is one name in a tree.
type Entry struct {
	Name string
	Mode Mode
	Hash Hash
}

// Tree returns the entries of a tree of the repository, in Git's order.
func (r *Repo) Tree(h Hash) ([]Entry, error) {
	if r.batch != nil {
		t, err := r.batch.tree(h)
		if err != nil {
			return nil, fmt.Errorf("read tree %s: %w", h, err)
		}
		return entriesOf(t), nil
	}
	var out []Entry
	err := r.withObjects("", func(g *git.Repository) error {
		t, err := object.GetTree(g.Storer, h)
		if err != nil {
			return err
		}
		out = entriesOf(t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", h, err)
	}
	return out, nil
}

func entriesOf(t *object.Tree) []Entry {
	out := make([]Entry, len(t.Entries))
	for i, e := range t.Entries {
		out[i] = Entry{Name: e.Name, Mode: e.Mode, Hash: e.Hash}
	}
	return out
}

// GitDir returns the repository's Git folder (.git, or the folder a
// worktree's .git file names), where ect keeps its caches.
func (r *Repo) GitDir() (string, error) {
	s, ok := r.git.Storer.(*filesystem.Storage)
	if !ok {
		return "", errors.New("the repository is not on disk")
	}
	return s.Filesystem().Root(), nil
}

// appendCommit appends commit c as Git stores it, unsigned: the message
// as it is. PackWriter and the repositories' and bundles' writers share
// it, so that a commit has one encoding.
func appendCommit(b []byte, c NewCommit) []byte {
	b = append(append(append(b, "tree "...), c.Tree.String()...), '\n')
	for _, p := range c.Parents {
		b = append(append(append(b, "parent "...), p.String()...), '\n')
	}
	b = appendPerson(append(b, "author "...), c.Author)
	b = appendPerson(append(b, "\ncommitter "...), c.Committer)
	return append(append(b, "\n\n"...), c.Message...)
}

// appendPerson appends "Name <email> seconds +hhmm"; a time before 1970
// is written as 0, as go-git writes it.
func appendPerson(b []byte, p Person) []byte {
	b = append(append(append(append(b, p.Name...), " <"...), p.Email...), "> "...)
	b = strconv.AppendInt(b, max(p.When.Unix(), 0), 10)
	_, tz := p.When.Zone()
	sign := byte('+')
	if tz < 0 {
		sign, tz = '-', -tz
	}
	tz /= 60
	return append(b, ' ', sign, byte('0'+tz/600%10), byte('0'+tz/60%10), byte('0'+tz%60/10), byte('0'+tz%60%10))
}

// gitOrder orders two names of a tree's entries as Git does: by name, a
// folder's (dir) as if it ended in "/".
func gitOrder(a string, aDir bool, b string, bDir bool) int {
	n := min(len(a), len(b))
	if c := strings.Compare(a[:n], b[:n]); c != 0 {
		return c
	}
	at := func(s string, dir bool) int {
		if n < len(s) {
			return int(s[n])
		}
		if dir {
			return '/'
		}
		return 0
	}
	return cmp.Compare(at(a, aDir), at(b, bDir))
}
