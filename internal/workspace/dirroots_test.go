package workspace

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestDirRoots opens every file of a tree with more folders than are
// kept open, from several goroutines at once, through dirRoots and
// through the records' root: the same bytes, and the same refusals for a
// link that leads out of the records, a link to a sibling folder (allowed,
// as the records' root allows it), a missing file and "..".
func TestDirRoots(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.md"), []byte("outside"), 0o644); err != nil {
		t.Fatal(err)
	}
	var names []string
	for i := range 3 * keptDirs {
		rel := fmt.Sprintf("schools/s%d/ects/%07d/reports/r.md", i%5, i)
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(rel), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, rel)
	}
	ects := filepath.Join(dir, "schools", "s0", "ects", "0000000")
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(ects, "out.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../s1/ects/0000001/reports/r.md", filepath.Join(dir, "schools", "s0", "ects", "sibling.md")); err != nil {
		t.Fatal(err)
	}
	names = append(names, "schools/s0/ects/0000000/out.md", "schools/s0/ects/sibling.md", "schools/s0/missing.md", "schools/../x.md")

	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	d := newDirRoots(root)
	defer d.Close()
	read := func(fsys fs.FS, name string) (string, bool) {
		b, err := fs.ReadFile(fsys, name)
		return string(b), err == nil
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(names); i += 4 {
				want, wantOK := read(root.FS(), names[i])
				got, ok := read(d, names[i])
				if ok != wantOK || !bytes.Equal([]byte(got), []byte(want)) {
					t.Errorf("%s: read %q (%v) through the folders' roots, %q (%v) through the records' root", names[i], got, ok, want, wantOK)
				}
			}
		})
	}
	wg.Wait()
	if _, ok := read(d, "schools/s0/ects/0000000/out.md"); ok {
		t.Error("a link out of the records was followed")
	}
	if len(d.lru) > keptDirs {
		t.Errorf("%d folders' roots kept open; at most %d", len(d.lru), keptDirs)
	}
}
