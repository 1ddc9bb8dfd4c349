// Package history is the one package that reads and writes Git (with
// go-git; TestOneGitOwner keeps it so): objects, refs, the index, tags and
// bundles, and git commit -S when a commit must be signed. Others give it
// paths, contents and people, and get hashes back. It reads the history of
// a records folder: it walks every commit once, newest first, compares
// tree hashes and descends only into the folders that changed, and
// returns, for each file, the list of commits that changed it (its
// versions). The audit package proves
// signatures from these versions. Where git is installed, git log does
// that walk, at git's speed (gitlog.go); go-git's walker, which finds the
// same, is the fallback.
//
// It never uses go-git's path-filtered Log, which diffs whole trees per
// commit and is hundreds of times slower than git log (go-git issues #137
// and #811).
package history

import (
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// ErrNotRepository is returned by Open when the folder is not in a Git
// repository.
var ErrNotRepository = errors.New("not in a Git repository")

// Repo is a Git repository that holds a records folder.
type Repo struct {
	git *git.Repository
	// Root is the repository's working folder.
	Root string
	// Prefix is the records folder relative to Root, with forward slashes;
	// empty when the records folder is the repository's root.
	Prefix string

	// readers are handles on the repository, each with its own open pack
	// files (go-git's are not safe for concurrent use), for reading
	// objects in parallel; made by Open, or one made on first use.
	readers []*reader
	once    sync.Once
	// batch, when set (Serial), reads objects through git cat-file.
	batch *batch
}

// reader is one handle on the repository's objects.
type reader struct {
	mu sync.Mutex
	g  *git.Repository
}

// withObjects runs f with a handle on the repository's objects. Calls
// with the same key use the same handle, so that the versions of one file
// are read through one cache: a pack stores each version as a change to
// another, which is then at hand.
func (r *Repo) withObjects(key string, f func(g *git.Repository) error) error {
	r.once.Do(func() {
		if len(r.readers) == 0 {
			r.readers = []*reader{{g: r.git}}
		}
	})
	h := fnv.New32a()
	h.Write([]byte(key))
	return r.withReader(int(h.Sum32()%uint32(len(r.readers))), f)
}

// withReader runs f with handle i (modulo their number).
func (r *Repo) withReader(i int, f func(g *git.Repository) error) error {
	r.once.Do(func() {
		if len(r.readers) == 0 {
			r.readers = []*reader{{g: r.git}}
		}
	})
	rd := r.readers[i%len(r.readers)]
	rd.mu.Lock()
	defer rd.mu.Unlock()
	return f(rd.g)
}

// Open finds the Git repository that holds the records folder dir.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	g, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, ErrNotRepository
	}
	if err != nil {
		return nil, fmt.Errorf("open the Git repository of %s: %w", dir, err)
	}
	wt, err := g.Worktree()
	if err != nil {
		return nil, fmt.Errorf("%s: a bare repository has no records folder: %w", dir, err)
	}
	root := wt.Filesystem.Root()
	if real, err := filepath.EvalSymlinks(root); err == nil {
		root = real
	}
	// Read objects through handles that keep their pack files open: by
	// default go-git opens and closes a pack file for every object it
	// reads, which costs more than the reading. One handle a core, as
	// go-git's pack files are not safe for concurrent use.
	var readers []*reader
	if st, err := os.Stat(filepath.Join(root, ".git")); err == nil && st.IsDir() {
		for range runtime.GOMAXPROCS(0) {
			storage := filesystem.NewStorageWithOptions(osfs.New(filepath.Join(root, ".git")), cache.NewObjectLRU(32*cache.MiByte),
				filesystem.Options{KeepDescriptors: true})
			kept, err := git.Open(storage, osfs.New(root))
			if err != nil {
				readers = nil
				break
			}
			readers = append(readers, &reader{g: kept})
		}
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, fmt.Errorf("%s is outside its repository's working folder %s", dir, root)
	}
	rel = filepath.ToSlash(rel)
	if rel == "." {
		rel = ""
	}
	return &Repo{git: g, Root: root, Prefix: rel, readers: readers}, nil
}

// Shallow reports whether the repository is a shallow clone, whose history
// stops short of the first commit: signatures cannot be proven from it.
func (r *Repo) Shallow() bool {
	s, err := r.git.Storer.Shallow()
	return err == nil && len(s) > 0
}

// ConfigOption reads an option of Git's configuration as git config does:
// the repository's, else the user's (~/.gitconfig), else the system's; ""
// when none sets it. (go-git's ConfigScoped merges the scopes' typed
// fields only: the repository's raw sections replace the user's whole, so
// an option such as commit.gpgsign set with git config --global is lost.)
func (r *Repo) ConfigOption(section, key string) (string, error) {
	local, err := r.git.Config()
	if err != nil {
		return "", fmt.Errorf("read Git configuration: %w", err)
	}
	if v := local.Raw.Section(section).Option(key); v != "" {
		return v, nil
	}
	for _, scope := range []config.Scope{config.GlobalScope, config.SystemScope} {
		cfg, err := config.LoadConfig(scope)
		if err != nil {
			return "", fmt.Errorf("read Git configuration: %w", err)
		}
		if v := cfg.Raw.Section(section).Option(key); v != "" {
			return v, nil
		}
	}
	return "", nil
}

// Head returns the commit HEAD points at; ok is false in a repository
// without commits.
func (r *Repo) Head() (h plumbing.Hash, ok bool, err error) {
	ref, err := r.git.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return plumbing.ZeroHash, false, nil
	}
	if err != nil {
		return plumbing.ZeroHash, false, fmt.Errorf("read HEAD: %w", err)
	}
	return ref.Hash(), true, nil
}

// Resolve turns a revision (a branch, tag, or commit hash, full or
// abbreviated) into a commit hash.
func (r *Repo) Resolve(rev string) (plumbing.Hash, error) {
	if r.batch != nil {
		h, err := r.batch.resolve(rev)
		if err != nil {
			return plumbing.ZeroHash, fmt.Errorf("%s is not a commit in this repository", rev)
		}
		return h, nil
	}
	var h *plumbing.Hash
	err := r.withObjects("", func(g *git.Repository) error {
		var err error
		h, err = g.ResolveRevision(plumbing.Revision(rev))
		return err
	})
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("%s is not a commit in this repository", rev)
	}
	return *h, nil
}

// Blob returns the contents of a blob: a version of the file at path
// (relative to the records folder), which only chooses the handle it is
// read through.
func (r *Repo) Blob(path string, h plumbing.Hash) ([]byte, error) {
	if r.batch != nil {
		data, err := r.batch.object(h, plumbing.BlobObject)
		if err != nil {
			return nil, fmt.Errorf("read blob %s: %w", h, err)
		}
		return data, nil
	}
	var data []byte
	err := r.withObjects(path, func(g *git.Repository) error {
		var err error
		data, err = readObject(g, plumbing.BlobObject, h)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read blob %s: %w", h, err)
	}
	return data, nil
}

// readObject returns the contents of an object.
func readObject(g *git.Repository, t plumbing.ObjectType, h plumbing.Hash) ([]byte, error) {
	obj, err := g.Storer.EncodedObject(t, h)
	if err != nil {
		return nil, err
	}
	return contents(obj)
}

// commitObject returns the full commit, with its signature.
func (r *Repo) commitObject(h plumbing.Hash) (*object.Commit, error) {
	if r.batch != nil {
		c, err := r.batch.commit(h)
		if err != nil {
			return nil, fmt.Errorf("read commit %s: %w", Short(h), err)
		}
		return c, nil
	}
	var c *object.Commit
	err := r.withObjects("", func(g *git.Repository) error {
		var err error
		c, err = g.CommitObject(h)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read commit %s: %w", Short(h), err)
	}
	return c, nil
}

// Person is a commit's author or committer.
type Person struct {
	Name  string
	Email string
	When  time.Time
}

// String returns "Name <email>".
func (p Person) String() string { return p.Name + " <" + p.Email + ">" }

// Commit is what an audit needs of a commit.
type Commit struct {
	Hash      plumbing.Hash
	Parents   []plumbing.Hash
	Author    Person
	Committer Person
	// Subject is the first line of the message; Message the whole of it.
	Subject string
	Message string
	// Signed is true when the commit carries a signature (verified later,
	// and only where needed).
	Signed bool
	// Seq orders commits: a commit's Seq is larger than all its
	// ancestors'.
	Seq int
}

// Short returns the abbreviated hash Git shows, 7 characters.
func Short(h plumbing.Hash) string { return h.String()[:7] }

// Change is one version of a file: a commit in which its contents differ
// from those in every parent.
type Change struct {
	Commit *Commit
	// Blob is the file's contents after the commit; zero when the commit
	// deleted it.
	Blob plumbing.Hash
	// Before is the file's blob in each parent, in the commit's parent
	// order; zero where the parent had no such file.
	Before []plumbing.Hash
}

// Deleted reports whether the change removed the file.
func (c *Change) Deleted() bool { return c.Blob.IsZero() }
