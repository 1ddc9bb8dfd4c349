package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/ectdocs/ectdocs/internal/frontmatter"
)

// ErrNoFolder is returned when a command that writes records was given
// no records folder on disk (only the built-in demo).
var ErrNoFolder = errors.New("ect new writes into a records folder: give its PATH, or run it where records/ is")

// Demo says whether the folder is the built-in demo, replayed into a
// throwaway repository: nothing is written into it.
func (f *Folder) Demo() bool { return f.replay }

// Path returns where the record at rel (slash-separated, relative to the
// records folder) is on disk.
func (f *Folder) Path(rel string) string {
	return filepath.Join(f.Dir, filepath.FromSlash(rel))
}

// Rel returns where a path given on the command line is in the records
// folder (slash-separated), refusing one outside it.
func (f *Folder) Rel(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(f.Dir, abs)
	if f.Dir == "" || err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is not in the records folder %s", p, f.Display)
	}
	return filepath.ToSlash(rel), nil
}

// Create writes a new record file at rel, whole or not at all, making its
// folders; it never overwrites a file, nor writes through a symbolic link
// or anything but a folder of the records folder. It returns the path as
// messages show it.
func (f *Folder) Create(rel string, content []byte) (string, error) {
	if f.Dir == "" || f.root == nil || f.replay {
		return "", ErrNoFolder
	}
	file := f.Path(rel)
	shown := Shown(file)
	if err := f.noLinkOnTheWay(rel); err != nil {
		return "", err
	}
	// Through the os.Root, so that no folder made can be outside the
	// records folder, even one swapped for a link after the check above.
	if err := f.root.MkdirAll(path.Dir(rel), 0o755); err != nil {
		return "", err
	}
	err := frontmatter.CreateFile(file, content)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s already exists: ect new never overwrites a file; edit it, or remove it first", shown)
	}
	return shown, err
}

// Replace replaces the contents of the record file at rel, atomically; it
// never writes through a symbolic link (frontmatter.WriteFile).
func (f *Folder) Replace(rel string, content []byte) error {
	if f.Dir == "" || f.root == nil || f.replay {
		return ErrNoFolder
	}
	if err := f.noLinkOnTheWay(rel); err != nil {
		return err
	}
	return frontmatter.WriteFile(f.Path(rel), content)
}

// Update edits the record file at rel: edit is given its contents, or
// start when there is no such file, and what it returns is written whole
// (Replace) or as a new file (Create). created says which. Nothing is
// written when edit fails.
func (f *Folder) Update(rel string, start []byte, edit func(shown string, src []byte) ([]byte, error)) (shown string, created bool, err error) {
	if f.Dir == "" || f.root == nil || f.replay {
		return "", false, ErrNoFolder
	}
	file := f.Path(rel)
	shown = Shown(file)
	if err := f.noLinkOnTheWay(rel); err != nil {
		return shown, false, err
	}
	src, err := frontmatter.ReadFile(file)
	created = errors.Is(err, fs.ErrNotExist)
	switch {
	case created:
		src = start
	case err != nil:
		return shown, false, err
	}
	out, err := edit(shown, src)
	if err != nil {
		return shown, created, err
	}
	if created {
		_, err = f.Create(rel, out)
	} else {
		err = f.Replace(rel, out)
	}
	return shown, created, err
}

// noLinkOnTheWay refuses a path below the records folder that passes
// through a symbolic link or anything but a folder: ect writes records
// into the records folder only, never through a link to somewhere else.
func (f *Folder) noLinkOnTheWay(rel string) error {
	dir := f.Dir
	for _, part := range strings.Split(path.Dir(rel), "/") {
		if part == "." || part == "" {
			continue
		}
		dir = filepath.Join(dir, part)
		st, err := os.Lstat(dir)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // made by MkdirAll, as a folder
		}
		if err != nil {
			return err
		}
		if !st.IsDir() {
			return fmt.Errorf("%s is %s: ect writes records only into folders of the records folder, never through a link", Shown(dir), frontmatter.NotRegular(st.Mode()))
		}
	}
	return nil
}
