// Package outdir keeps the folders that ect writes its output into (ect
// build --out, ect pdf --out) from harming anything else. A command writes
// into a folder only when the folder is new, empty, or one it wrote before:
// it leaves a marker file there listing every file it wrote, and refuses a
// folder holding anything that is not listed. It never writes into the
// records folder or anything inside it, nor into the repository's own
// folder or a folder holding either, whatever marker is there.
package outdir

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// The marker files, one for each command that owns its output folder. A
// folder that one command wrote is not another's to write in.
const (
	BuildMarker = ".ectdocs-build" // ect build: the portal, replaced whole by the next build
	PDFMarker   = ".ectdocs-pdf"   // ect pdf: PDFs, added to and rewritten by later runs
)

// Protected is a folder that an output folder must not be, or hold.
type Protected struct {
	Dir  string // absolute, or relative to the working folder; "" protects nothing
	What string // what it is, for messages: "the records folder"
	// Within refuses every folder inside Dir as well.
	Within bool
}

// Folder is an output folder that one command owns.
type Folder struct {
	given   string // as the user gave it, for messages
	dir     string // absolute
	command string // "ect build"
	marker  string // BuildMarker or PDFMarker
	exists  bool
	listed  map[string]bool // the files the marker lists
}

// Open checks that the folder given can be written by command: it is not,
// does not hold, and (Within) is not inside a protected folder; it is not
// a symbolic link or a file; and it is new, empty, or holds only the files
// that its marker lists. Nothing is written yet.
func Open(given, command, marker string, protect []Protected) (*Folder, error) {
	abs, err := filepath.Abs(given)
	if err != nil {
		return nil, fmt.Errorf("--out %s: %w", given, err)
	}
	f := &Folder{given: given, dir: abs, command: command, marker: marker, listed: map[string]bool{}}
	real := resolve(abs)
	type guard struct {
		Protected
		abs, real string
	}
	var guards []guard
	for _, p := range protect {
		if p.Dir == "" {
			continue
		}
		if pa, err := filepath.Abs(p.Dir); err == nil {
			guards = append(guards, guard{p, pa, resolve(pa)})
		}
	}
	for _, g := range guards {
		if real == g.real {
			return nil, f.refuse("that is %s", g.What)
		}
	}
	for _, g := range guards {
		switch {
		case within(g.real, real):
			return nil, f.refuse("that folder holds %s (%s)", g.What, shown(g.abs))
		case g.Within && within(real, g.real):
			return nil, f.refuse("that is inside %s (%s)", g.What, shown(g.abs))
		}
	}
	st, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return f, nil
	case err != nil:
		return nil, fmt.Errorf("--out %s: %w", given, err)
	case st.Mode()&fs.ModeSymlink != 0:
		return nil, fmt.Errorf("--out %s is a symbolic link: give the folder itself", given)
	case !st.IsDir():
		return nil, fmt.Errorf("--out %s is a file, not a folder: give a new or empty folder", given)
	}
	f.exists = true
	if err := f.readMarker(); err != nil {
		return nil, err
	}
	return f, f.check()
}

// refuse is the error for a folder that is never written.
func (f *Folder) refuse(format string, args ...any) error {
	return fmt.Errorf("--out %s: %s: %s writes only into a folder of its own, so that nothing else is overwritten or deleted; give a new or empty folder instead",
		f.given, fmt.Sprintf(format, args...), f.command)
}

// readMarker reads the list of files in the folder's marker, if it has one.
func (f *Folder) readMarker() error {
	p := filepath.Join(f.dir, f.marker)
	st, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		f.listed = nil // no marker
		return nil
	}
	if err != nil {
		return fmt.Errorf("--out %s: %w", f.given, err)
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("--out %s: its %s is not a regular file, so %s did not write it: give a new or empty folder", f.given, f.marker, f.command)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return fmt.Errorf("--out %s: %w", f.given, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, `"`) {
			if u, err := strconv.Unquote(line); err == nil {
				line = u
			}
		}
		f.listed[line] = true
	}
	return sc.Err()
}

// check refuses a folder that holds anything its marker does not list
// (and, without a marker, anything at all).
func (f *Folder) check() error {
	if f.listed == nil {
		entries, err := os.ReadDir(f.dir)
		if err != nil {
			return fmt.Errorf("--out %s: %w", f.given, err)
		}
		if len(entries) > 0 {
			return fmt.Errorf("--out %s is not empty and %s did not write it (it has no %s file): %s never deletes or overwrites what it did not write; give a new or empty folder",
				f.given, f.command, f.marker, f.command)
		}
		return nil
	}
	var found error
	err := filepath.WalkDir(f.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == f.dir || d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(f.dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case rel == f.marker:
			return nil
		case !f.listed[rel]:
			found = fmt.Errorf("--out %s holds %s, which %s did not write (%s does not list it): %s never deletes or overwrites what it did not write; move it out of the folder, or give another folder",
				f.given, path.Join(filepath.ToSlash(f.given), rel), f.command, f.marker, f.command)
		case !d.Type().IsRegular():
			found = fmt.Errorf("--out %s: %s is no longer the file %s wrote; move it out of the folder, or give another folder",
				f.given, path.Join(filepath.ToSlash(f.given), rel), f.command)
		default:
			return nil
		}
		return filepath.SkipAll
	})
	if err != nil {
		return fmt.Errorf("--out %s: %w", f.given, err)
	}
	return found
}

// Replace runs write on a new, empty folder beside the output folder, lists
// what it wrote in the marker, and puts it in the output folder's place;
// the previous build, checked again, is removed only then. When write
// fails, or the command is interrupted, the new folder is removed and the
// output folder is left as it was.
func (f *Folder) Replace(write func(dir string) error) (err error) {
	parent := filepath.Dir(f.dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("--out %s: %w", f.given, err)
	}
	tmp, err := os.MkdirTemp(parent, ".ect-new-"+filepath.Base(f.dir)+"-")
	if err != nil {
		return fmt.Errorf("--out %s: make a folder to build in: %w", f.given, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp's is 0700: the site is for serving
		return fmt.Errorf("--out %s: %w", f.given, err)
	}
	// Ctrl-C stops the write (Hugo gets it too), and the new folder is
	// still removed.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)
	if err := write(tmp); err != nil {
		return err
	}
	select {
	case s := <-stop:
		return fmt.Errorf("stopped (%v): %s is as it was", s, f.given)
	default:
	}
	var names []string
	err = filepath.WalkDir(tmp, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(tmp, p)
		names = append(names, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		return fmt.Errorf("--out %s: %w", f.given, err)
	}
	if err := writeMarker(tmp, f.marker, f.command, names); err != nil {
		return fmt.Errorf("--out %s: %w", f.given, err)
	}
	if !f.exists {
		if err := os.Rename(tmp, f.dir); err != nil {
			return fmt.Errorf("--out %s: %w", f.given, err)
		}
		return nil
	}
	// Checked again: something may have been put there meanwhile.
	if err := f.readMarker(); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	old := tmp + ".old"
	if err := os.Rename(f.dir, old); err != nil {
		// A folder that cannot be moved (a mount point): empty it of what
		// the last build wrote, and move the new files in.
		return f.replaceInPlace(tmp)
	}
	if err := os.Rename(tmp, f.dir); err != nil {
		if back := os.Rename(old, f.dir); back != nil {
			return fmt.Errorf("--out %s: %w; the previous build is in %s", f.given, err, old)
		}
		return fmt.Errorf("--out %s: %w", f.given, err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("--out %s: remove the previous build (%s): %w", f.given, old, err)
	}
	return nil
}

// replaceInPlace empties the output folder, which check has found to hold
// only what the marker lists, and moves the entries of tmp into it.
func (f *Folder) replaceInPlace(tmp string) error {
	entries, err := os.ReadDir(f.dir)
	if err != nil {
		return fmt.Errorf("--out %s: %w", f.given, err)
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(f.dir, e.Name())); err != nil {
			return fmt.Errorf("--out %s: %w", f.given, err)
		}
	}
	entries, err = os.ReadDir(tmp)
	if err != nil {
		return fmt.Errorf("--out %s: %w", f.given, err)
	}
	for _, e := range entries {
		if err := os.Rename(filepath.Join(tmp, e.Name()), filepath.Join(f.dir, e.Name())); err != nil {
			return fmt.Errorf("--out %s: %w", f.given, err)
		}
	}
	return os.Remove(tmp)
}

// Add makes the folder when it is new and lists names (slash-separated
// paths inside it) in its marker, before they are written: a name that is
// there already and not listed is refused.
func (f *Folder) Add(names []string) error {
	for _, n := range names {
		if !fs.ValidPath(n) || n == "." || n == f.marker {
			return fmt.Errorf("--out %s: cannot write a file named %q", f.given, n)
		}
		if f.listed[n] {
			continue
		}
		if _, err := os.Lstat(filepath.Join(f.dir, filepath.FromSlash(n))); !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("--out %s: %s is there already and %s did not write it: move it out of the folder, or give another folder",
				f.given, path.Join(filepath.ToSlash(f.given), n), f.command)
		}
	}
	if err := os.MkdirAll(f.dir, 0o755); err != nil {
		return fmt.Errorf("--out %s: %w", f.given, err)
	}
	if f.listed == nil {
		f.listed = map[string]bool{}
	}
	for _, n := range names {
		f.listed[n] = true
	}
	all := make([]string, 0, len(f.listed))
	for n := range f.listed {
		all = append(all, n)
	}
	if err := writeMarker(f.dir, f.marker, f.command, all); err != nil {
		return fmt.Errorf("--out %s: %w", f.given, err)
	}
	f.exists = true
	return nil
}

// WriteFile writes a file that Add listed, whole or not at all: a
// temporary file beside it is renamed into place, so a symbolic link there
// is replaced, never followed, and the folders on the way must be real
// folders inside the output folder.
func (f *Folder) WriteFile(name string, data []byte) error {
	if !f.listed[name] {
		return fmt.Errorf("--out %s: %s was not listed before it was written", f.given, name)
	}
	dir := f.dir
	parts := strings.Split(name, "/")
	for i, part := range parts[:len(parts)-1] {
		dir = filepath.Join(dir, part)
		st, err := os.Lstat(dir)
		if errors.Is(err, fs.ErrNotExist) {
			if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
			st, err = os.Lstat(dir)
		}
		if err != nil {
			return err
		}
		if !st.IsDir() {
			return fmt.Errorf("--out %s: %s is not a folder", f.given, path.Join(filepath.ToSlash(f.given), strings.Join(parts[:i+1], "/")))
		}
	}
	return atomicWrite(filepath.Join(dir, parts[len(parts)-1]), data)
}

// atomicWrite writes a file through a temporary file renamed into place.
func atomicWrite(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// writeMarker writes the marker file listing names into dir.
func writeMarker(dir, marker, command string, names []string) error {
	slices.Sort(names)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s wrote this folder and lists below every file it wrote.\n", command)
	fmt.Fprintf(&b, "# %s writes here again only while the folder holds nothing else:\n", command)
	b.WriteString("# keep your own files elsewhere.\n")
	for _, n := range names {
		if n == marker {
			continue
		}
		if q := strconv.Quote(n); q != `"`+n+`"` || strings.HasPrefix(n, "#") || strings.HasPrefix(n, `"`) {
			n = q
		}
		b.WriteString(n + "\n")
	}
	return atomicWrite(filepath.Join(dir, marker), []byte(b.String()))
}

// resolve returns an absolute path with the symbolic links of its
// existing part resolved, so that two names of one folder compare equal.
func resolve(abs string) string {
	rest := ""
	for p := abs; ; p = filepath.Dir(p) {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(real, rest)
		}
		if filepath.Dir(p) == p {
			return abs
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}

// within reports whether p is strictly inside dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// shown returns a path relative to the working folder when it is below it.
func shown(abs string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(abs)
}
