package workspace

import (
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"
)

// dirRoots is the records folder as an fs.FS that opens each file through
// an os.Root of the file's own folder, kept open for the next file there.
// Opening through the records' os.Root walks the path a folder at a time
// (a system call each: what keeps a link from leading out of the records),
// and a report is six folders deep: with the folder's root kept, opening
// it is one call. The last few folders' roots are kept (a load walks the
// tree in order, so a folder's files come together), the others closed.
// Whatever fails through a folder's root is opened again through the
// records' root, so errors, and what may be opened, are exactly the
// records root's.
type dirRoots struct {
	root *os.Root
	fs.FS

	mu   sync.Mutex
	dirs map[string]*dirRoot
	lru  []*dirRoot // least recently used first
}

// dirRoot is one folder's root and how many opens are using it.
type dirRoot struct {
	dir     string
	r       *os.Root
	users   int
	evicted bool
}

// keptDirs is how many folders' roots stay open.
const keptDirs = 64

func newDirRoots(root *os.Root) *dirRoots {
	return &dirRoots{root: root, FS: root.FS(), dirs: map[string]*dirRoot{}}
}

// Open opens name through its folder's root.
func (d *dirRoots) Open(name string) (fs.File, error) {
	dir, base := path.Split(name)
	if dir == "" || !fs.ValidPath(name) {
		return d.FS.Open(name)
	}
	r := d.acquire(dir)
	if r == nil {
		return d.FS.Open(name)
	}
	f, err := r.r.Open(base)
	d.release(r)
	if err != nil {
		return d.FS.Open(name)
	}
	return f, nil
}

// acquire returns the folder's root, opening it if need be, or nil.
func (d *dirRoots) acquire(dir string) *dirRoot {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.acquireLocked(dir)
}

// acquireLocked is acquire with d.mu held; dir ends in "/".
func (d *dirRoots) acquireLocked(dir string) *dirRoot {
	if r := d.dirs[dir]; r != nil {
		r.users++
		d.touch(r)
		return r
	}
	// A folder's root is opened from its parent's (one call), whose root
	// is kept too: the folders above a report are shared by many.
	parent, base := path.Split(strings.TrimSuffix(dir, "/"))
	from := d.root
	if parent != "" {
		p := d.acquireLocked(parent)
		if p == nil {
			return nil
		}
		from = p.r
		defer d.releaseLocked(p)
	}
	sub, err := from.OpenRoot(base)
	if err != nil {
		return nil
	}
	r := &dirRoot{dir: dir, r: sub, users: 1}
	d.dirs[dir] = r
	d.lru = append(d.lru, r)
	if len(d.lru) > keptDirs {
		old := d.lru[0]
		d.lru = d.lru[1:]
		delete(d.dirs, old.dir)
		old.evicted = true
		if old.users == 0 {
			old.r.Close()
		}
	}
	return r
}

// touch moves r to the end of the list.
func (d *dirRoots) touch(r *dirRoot) {
	for i, x := range d.lru {
		if x == r {
			copy(d.lru[i:], d.lru[i+1:])
			d.lru[len(d.lru)-1] = r
			return
		}
	}
}

// release ends one open's use of r, closing it if it was evicted meanwhile.
func (d *dirRoots) release(r *dirRoot) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.releaseLocked(r)
}

// releaseLocked is release with d.mu held.
func (d *dirRoots) releaseLocked(r *dirRoot) {
	r.users--
	if r.evicted && r.users == 0 {
		r.r.Close()
	}
}

// Close closes every folder's root kept.
func (d *dirRoots) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, r := range d.lru {
		r.evicted = true
		if r.users == 0 {
			r.r.Close()
		}
	}
	d.lru, d.dirs = nil, map[string]*dirRoot{}
}

// The records root's other ways in, unchanged.

// ReadDir reads a folder through the records' root.
func (d *dirRoots) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.FS, name) }

// Stat describes a file through the records' root.
func (d *dirRoots) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.FS, name) }

// ReadLink reads a symbolic link through the records' root.
func (d *dirRoots) ReadLink(name string) (string, error) { return fs.ReadLink(d.FS, name) }

// Lstat describes a file, not following a link, through the records' root.
func (d *dirRoots) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(d.FS, name) }
