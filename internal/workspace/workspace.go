// Package workspace opens records folders, the one way every command
// does: it finds the records folder that a path is in (the folder holding
// body.md), or ./records, or the built-in demo, which it replays into a
// throwaway Git repository so that its signatures are proven; it compiles
// the schemas once and loads the records.
package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/schema"
	"github.com/ectdocs/ectdocs/internal/workflow"
)

// Folder is one records folder, open for a command.
type Folder struct {
	// FS holds the records; Dir is the folder on disk (for the demo, where
	// it was replayed).
	FS  fs.FS
	Dir string
	// Display is how the folder's paths are shown in messages.
	Display string
	// Only lists the display paths to report on; empty means all.
	Only []string
	// Note is said on stderr before the records are checked; Notes after
	// the summary.
	Note  string
	Notes []string
	// Schemas are the compiled schemas, shared by every folder a command
	// opens.
	Schemas *schema.Set
	// Scope, when set, limits what Load reads (record.Options.Scope).
	Scope record.Scope
	// ProfileOnly, when set with Scope, says which ECTs' folders it
	// reads only the ect.md of (record.Options.ProfileOnly).
	ProfileOnly func(ectDir string) bool

	replay bool
	root   *os.Root // Dir, for the records written into it
	close  func()
}

// Open opens the records folders that args name: each a records folder
// or a file or folder inside one (the whole folder is opened, and only
// what was named is reported on). Without args it opens ./records, or,
// where there is none, the built-in demo (saying so); demo opens the
// built-in demo. The demo is replayed into a throwaway Git repository:
// Close each folder to remove it.
func Open(args []string, demo bool) ([]*Folder, error) {
	schemas, err := Schemas()
	if err != nil {
		return nil, err
	}
	folders, err := find(args, demo)
	if err != nil {
		return nil, err
	}
	for i, f := range folders {
		f.Schemas = schemas
		if f.replay {
			if err := f.replayDemo(); err != nil {
				for _, g := range folders[:i] {
					g.Close()
				}
				return nil, err
			}
		}
	}
	return folders, nil
}

// OpenOne is Open for the commands that work on one records folder.
func OpenOne(args []string, demo bool) (*Folder, error) {
	folders, err := Open(args, demo)
	if err != nil {
		return nil, err
	}
	if len(folders) != 1 {
		for _, f := range folders {
			f.Close()
		}
		return nil, errors.New("give one records folder")
	}
	return folders[0], nil
}

// At opens the records folder at root, a folder holding body.md.
func At(root string) (*Folder, error) {
	schemas, err := Schemas()
	if err != nil {
		return nil, err
	}
	f := &Folder{Dir: root, Display: Shown(root), Schemas: schemas}
	if err := f.openRoot(); err != nil {
		return nil, err
	}
	return f, nil
}

// openRoot opens the folder's records through an os.Root: nothing read
// through FS can leave the records folder, by a symbolic link or "..",
// even one swapped in after the loader checked the entry.
func (f *Folder) openRoot() error {
	r, err := os.OpenRoot(f.Dir)
	if err != nil {
		return fmt.Errorf("open the records folder %s: %w", f.Display, err)
	}
	dirs := newDirRoots(r)
	f.FS, f.root = dirs, r
	prev := f.close
	f.close = func() {
		dirs.Close()
		r.Close()
		if prev != nil {
			prev()
		}
	}
	return nil
}

// Load reads the folder's records.
func (f *Folder) Load() (*record.Book, error) {
	book, err := record.Load(f.FS, ".", f.Schemas, record.Options{Display: f.Display, Scope: f.Scope, ProfileOnly: f.ProfileOnly})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Display, err)
	}
	return book, nil
}

// Close removes what opening the folder made (the demo's replay).
func (f *Folder) Close() {
	if f.close != nil {
		f.close()
	}
}

// find turns a command's arguments into records folders.
func find(args []string, demo bool) ([]*Folder, error) {
	if demo {
		if len(args) > 0 {
			return nil, errors.New("give either --demo or PATHs, not both")
		}
		return []*Folder{demoFolder("")}, nil
	}
	if len(args) == 0 {
		if st, err := os.Stat("records"); err == nil && st.IsDir() {
			args = []string{"records"}
		} else {
			return []*Folder{demoFolder("ect: no records/ folder here: checking the built-in demo records (give a PATH to check yours)")}, nil
		}
	}
	byRoot := map[string]*Folder{}
	var out []*Folder
	whole := map[*Folder]bool{}
	for _, a := range args {
		abs, err := filepath.Abs(a)
		if err != nil {
			return nil, err
		}
		st, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("%s: no such file or folder", a)
		}
		root := Root(abs)
		if root == "" {
			if !st.IsDir() {
				return nil, fmt.Errorf("%s is not in a records folder: there is no body.md beside it or above it", a)
			}
			root = abs
		}
		f := byRoot[root]
		if f == nil {
			f = &Folder{Dir: root, Display: Shown(root)}
			if err := f.openRoot(); err != nil {
				for _, g := range out {
					g.Close()
				}
				return nil, err
			}
			byRoot[root] = f
			out = append(out, f)
		}
		if abs == root {
			whole[f] = true
		} else {
			f.Only = append(f.Only, Shown(abs))
		}
	}
	for f := range whole {
		f.Only = nil // the whole folder was asked for
	}
	return out, nil
}

// Schemas compiles the JSON Schemas built into ect.
func Schemas() (*schema.Set, error) {
	schemas, err := schema.Compile(ectdocs.Schemas())
	if err != nil {
		return nil, fmt.Errorf("load schemas: %w", err)
	}
	return schemas, nil
}

// ReplayDemo replays the built-in demo records into a new Git repository
// in dir, commit by commit by their authors (ect demo --replay).
func ReplayDemo(dir string) (workflow.ReplayStats, error) {
	schemas, err := Schemas()
	if err != nil {
		return workflow.ReplayStats{}, err
	}
	return workflow.Replay(demoFolder("").FS, schemas, dir)
}

func demoFolder(note string) *Folder {
	sub, _ := fs.Sub(ectdocs.Demo(), "records")
	return &Folder{FS: sub, Display: "records", Note: note, replay: true, close: func() {}}
}

// replayDemo replays the folder's records into a throwaway repository,
// commit by commit by their authors, and points the folder at it, so
// that the built-in demo's signatures are proven from real history.
func (f *Folder) replayDemo() error {
	tmp, err := os.MkdirTemp("", "ect-demo-")
	if err != nil {
		return err
	}
	st, err := workflow.Replay(f.FS, f.Schemas, tmp)
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("replay the demo records into Git: %w", err)
	}
	f.Dir = filepath.Join(tmp, "records")
	f.Notes = append(f.Notes, fmt.Sprintf("history: the demo records replayed into a throwaway Git repository as %d commits by their authors", st.Commits))
	f.close = func() { os.RemoveAll(tmp) }
	return f.openRoot()
}

// Enclosing opens the records folder dir is in: dir itself or the
// nearest folder above it that holds body.md.
func Enclosing(dir string) (*Folder, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	root := Root(abs)
	if root == "" {
		return nil, fmt.Errorf("%s is not a records folder: there is no body.md in it or above it", dir)
	}
	return At(root)
}

// Root returns the nearest folder at or above p that holds body.md, or ""
// when there is none.
func Root(p string) string {
	dir := p
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		dir = filepath.Dir(p)
	}
	for {
		if st, err := os.Stat(filepath.Join(dir, "body.md")); err == nil && !st.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Shown returns a path as messages show it: relative to the working
// directory when it is below it, with forward slashes.
func Shown(abs string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(abs)
}

// OpenFile opens the records folder that holds file, a record, and returns
// it with the file's path relative to it (slash-separated).
func OpenFile(file string) (*Folder, string, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, "", err
	}
	if st, err := os.Stat(abs); err != nil || st.IsDir() {
		return nil, "", fmt.Errorf("%s: no such report file", file)
	}
	root := Root(abs)
	if root == "" {
		return nil, "", fmt.Errorf("%s is not in a records folder: there is no body.md beside it or above it", file)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return nil, "", err
	}
	f, err := At(root)
	return f, filepath.ToSlash(rel), err
}

// Fingerprint sums up the folder's files (how many, sizes, times) so that
// a change shows, for ect serve to rebuild the pages.
func (f *Folder) Fingerprint() string {
	var n, size int64
	var latest time.Time
	fs.WalkDir(f.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			n++
			size += info.Size()
			if info.ModTime().After(latest) {
				latest = info.ModTime()
			}
		}
		return nil
	})
	return fmt.Sprint(n, size, latest.UnixNano())
}

// Members opens the records folders of the schools' own records
// repositories that body.md lists (record.Body.Repositories), each
// relative to f: every one must be a records folder (holding body.md)
// reached without a symbolic link, and none f itself or listed twice.
// They share f's schemas and scope. A folder that cannot be opened is
// an error at body.md, which names it. Close each when done.
func (f *Folder) Members(body *record.Body) ([]*Folder, error) {
	if body == nil || len(body.Repositories) == 0 {
		return nil, nil
	}
	if f.Dir == "" || f.replay {
		return nil, fmt.Errorf("%s: repositories: the built-in demo reads no other repositories", path.Join(f.Display, "body.md"))
	}
	var out []*Folder
	fail := func(rel, why string) ([]*Folder, error) {
		for _, m := range out {
			m.Close()
		}
		return nil, fmt.Errorf("%s: repositories: %s: %s", path.Join(f.Display, "body.md"), rel, why)
	}
	base, err := filepath.EvalSymlinks(f.Dir)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{base: true}
	for _, rel := range body.Repositories {
		if filepath.IsAbs(rel) {
			return fail(rel, "give the folder relative to this records folder")
		}
		dir := filepath.Join(base, filepath.FromSlash(rel))
		if real, err := filepath.EvalSymlinks(dir); err != nil {
			return fail(rel, "no such folder (check out the school's records repository there)")
		} else if real != dir {
			return fail(rel, "the way there goes through a symbolic link, which ect does not follow: give the folder itself")
		}
		if st, err := os.Lstat(filepath.Join(dir, "body.md")); err != nil || !st.Mode().IsRegular() {
			return fail(rel, "not a records folder: it has no body.md (give the folder of the repository that holds body.md)")
		}
		if seen[dir] {
			return fail(rel, "listed twice, or this records folder itself")
		}
		seen[dir] = true
		m := &Folder{Dir: dir, Display: Shown(dir), Schemas: f.Schemas, Scope: f.Scope}
		if err := m.openRoot(); err != nil {
			return fail(rel, err.Error())
		}
		out = append(out, m)
	}
	return out, nil
}
