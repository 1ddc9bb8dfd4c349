package outdir_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs/internal/outdir"
)

// write makes files (slash paths to contents) below dir.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// files lists the files below dir, slash-separated.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestOpen: the folders Open refuses, each with its reason, and those it
// takes.
func TestOpen(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		"repo/.git/HEAD":             "ref: refs/heads/main\n",
		"repo/records/body.md":       "---\nkind: appropriate-body\n---\n",
		"mine/notes.txt":             "mine\n",
		"file.txt":                   "a file\n",
		"built/index.html":           "<html>",
		"built/.ectdocs-build":       "# listed\nindex.html\n",
		"extra/index.html":           "<html>",
		"extra/CNAME":                "x\n",
		"extra/.ectdocs-build":       "index.html\n",
		"pdfs/.ectdocs-pdf":          "1234567/a.pdf\n",
		"pdfs/1234567/a.pdf":         "%PDF",
		"quoted/.ectdocs-build":      "\"odd\\nname\"\n",
		"quoted/odd\nname":           "x",
		"markerdir/index.html":       "",
		"markerdir/.ectdocs-build/x": "",
	})
	if err := os.Mkdir(filepath.Join(root, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "repo", "records"), filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	protect := []outdir.Protected{
		{Dir: filepath.Join(root, "repo", "records"), What: "the records folder", Within: true},
		{Dir: filepath.Join(root, "repo"), What: "the repository"},
		{Dir: filepath.Join(root, "mine", "cwd"), What: "the folder you are working in"},
	}
	for _, tc := range []struct {
		out, marker, err string
	}{
		{"repo/records", outdir.BuildMarker, "that is the records folder"},
		{"repo/records/schools/x", outdir.BuildMarker, "that is inside the records folder"},
		{"repo", outdir.BuildMarker, "that is the repository"},
		{".", outdir.BuildMarker, "that folder holds the records folder"},
		{"link", outdir.BuildMarker, "that is the records folder"},
		{"link/sub", outdir.BuildMarker, "that is inside the records folder"},
		{"mine", outdir.BuildMarker, "that folder holds the folder you are working in"},
		{"file.txt", outdir.BuildMarker, "is a file, not a folder"},
		{"extra", outdir.BuildMarker, "holds extra/CNAME, which ect build did not write"},
		{"pdfs", outdir.BuildMarker, "is not empty and ect build did not write it"},
		{"built", outdir.PDFMarker, "is not empty and ect build did not write it"},
		{"markerdir", outdir.BuildMarker, "is not a regular file"},
		{"new", outdir.BuildMarker, ""},
		{"new/deeper", outdir.BuildMarker, ""},
		{"empty", outdir.BuildMarker, ""},
		{"built", outdir.BuildMarker, ""},
		{"pdfs", outdir.PDFMarker, ""},
		{"quoted", outdir.BuildMarker, ""},
		{"repo/site", outdir.BuildMarker, ""},
	} {
		t.Run(tc.out+"/"+tc.marker, func(t *testing.T) {
			t.Chdir(root)
			_, err := outdir.Open(tc.out, "ect build", tc.marker, protect)
			if tc.err == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.HasPrefix(err.Error(), "--out "+tc.out) {
				t.Fatalf("error %v, want --out %s…%s", err, tc.out, tc.err)
			}
		})
	}
	if got := files(t, filepath.Join(root, "mine")); !slices.Equal(got, []string{"notes.txt"}) {
		t.Errorf("mine holds %v", got)
	}
}

// TestReplace: a build replaces the previous one whole, listing what it
// wrote; a failed build, or one whose folder gained a file of the user's
// meanwhile, leaves the folder as it was and nothing beside it.
func TestReplace(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	build := func(files map[string]string) func(string) error {
		return func(dir string) error { write(t, dir, files); return nil }
	}
	open := func() *outdir.Folder {
		t.Helper()
		f, err := outdir.Open(out, "ect build", outdir.BuildMarker, nil)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	if err := open().Replace(build(map[string]string{"index.html": "one", "old/index.html": "old"})); err != nil {
		t.Fatal(err)
	}
	if got, want := files(t, out), []string{".ectdocs-build", "index.html", "old/index.html"}; !slices.Equal(got, want) {
		t.Fatalf("first build: %v, want %v", got, want)
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("the site's folder: %v, %v; want mode 0755, to be served", st.Mode(), err)
	}
	if err := open().Replace(build(map[string]string{"index.html": "two", "new/index.html": "new"})); err != nil {
		t.Fatal(err)
	}
	if got, want := files(t, out), []string{".ectdocs-build", "index.html", "new/index.html"}; !slices.Equal(got, want) {
		t.Fatalf("second build: %v, want %v", got, want)
	}
	marker, _ := os.ReadFile(filepath.Join(out, outdir.BuildMarker))
	if !strings.Contains(string(marker), "\nindex.html\nnew/index.html\n") || strings.Contains(string(marker), "old/") {
		t.Errorf("marker:\n%s", marker)
	}

	failed := errors.New("hugo failed")
	if err := open().Replace(func(dir string) error { write(t, dir, map[string]string{"index.html": "half"}); return failed }); !errors.Is(err, failed) {
		t.Fatalf("a failed build: %v", err)
	}
	f := open()
	write(t, out, map[string]string{"CNAME": "mine"})
	if err := f.Replace(build(map[string]string{"index.html": "three"})); err == nil || !strings.Contains(err.Error(), "public/CNAME, which ect build did not write") {
		t.Fatalf("a file added during the build: %v", err)
	}
	if got, want := files(t, out), []string{".ectdocs-build", "CNAME", "index.html", "new/index.html"}; !slices.Equal(got, want) {
		t.Fatalf("after refusals: %v, want %v", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "two" {
		t.Errorf("index.html is %q, want the second build's", b)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 1 {
		t.Errorf("left beside it: %v", entries)
	}
}

// TestAdd: ect pdf's folder grows run by run; a name that is there and not
// listed is refused, and WriteFile never follows a symbolic link.
func TestAdd(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "pdf")
	outside := filepath.Join(root, "outside")
	write(t, outside, map[string]string{"a.pdf": "outside"})
	f, err := outdir.Open(out, "ect pdf", outdir.PDFMarker, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Add([]string{"1234567/a.pdf"}); err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFile("1234567/a.pdf", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFile("1234567/b.pdf", []byte("x")); err == nil {
		t.Error("wrote a file that was not listed")
	}
	for _, bad := range []string{"../x.pdf", "/abs.pdf", ".ectdocs-pdf", ""} {
		if err := f.Add([]string{bad}); err == nil {
			t.Errorf("Add(%q) succeeded", bad)
		}
	}

	// A second run adds; a listed file that became a link is replaced, not
	// followed; a folder that became a link is refused.
	f, err = outdir.Open(out, "ect pdf", outdir.PDFMarker, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Add([]string{"1234567/a.pdf", "7654321/b.pdf"}); err != nil {
		t.Fatal(err)
	}
	a := filepath.Join(out, "1234567", "a.pdf")
	os.Remove(a)
	if err := os.Symlink(filepath.Join(outside, "a.pdf"), a); err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFile("1234567/a.pdf", []byte("two")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(out, "7654321")); err != nil {
		t.Fatal(err)
	}
	if err := f.WriteFile("7654321/b.pdf", []byte("two")); err == nil || !strings.Contains(err.Error(), "is not a folder") {
		t.Errorf("wrote through a linked folder: %v", err)
	}
	if got := files(t, outside); !slices.Equal(got, []string{"a.pdf"}) {
		t.Errorf("outside holds %v", got)
	}
	if b, _ := os.ReadFile(filepath.Join(outside, "a.pdf")); string(b) != "outside" {
		t.Errorf("the file outside is now %q", b)
	}

	// The next run refuses the folder: 7654321 is a link, not ect's.
	if _, err := outdir.Open(out, "ect pdf", outdir.PDFMarker, nil); err == nil || !strings.Contains(err.Error(), "no longer the file ect pdf wrote") && !strings.Contains(err.Error(), "did not write") {
		t.Errorf("a folder holding a link: %v", err)
	}
	write(t, out, map[string]string{"mine.txt": "mine"})
	if _, err := outdir.Open(out, "ect pdf", outdir.PDFMarker, nil); err == nil {
		t.Error("a folder holding a file of the user's was taken")
	}
}

// TestReplaceOwnFile: a file is written when new, replaced when it starts
// with the same header line (the command wrote it), and otherwise left
// alone: another file, a folder, a link.
func TestReplaceOwnFile(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "claims.csv")
	theirs := filepath.Join(dir, "notes.csv")
	if err := os.WriteFile(theirs, []byte("their,own\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(theirs, filepath.Join(dir, "link.csv")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file, data, err string
	}{
		{name: "new", file: mine, data: "trn,name\n1,A\n"},
		{name: "own", file: mine, data: "trn,name\n2,B\n"},
		{name: "other header", file: mine, data: "trn,school\n", err: "exists and is not a file ect export x wrote"},
		{name: "theirs", file: theirs, data: "trn,name\n", err: "exists and is not a file ect export x wrote"},
		{name: "link", file: filepath.Join(dir, "link.csv"), data: "their,own\n", err: "is a symbolic link"},
		{name: "folder", file: dir, data: "trn,name\n", err: "is a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := os.ReadFile(tc.file)
			err := outdir.ReplaceOwnFile(tc.file, []byte(tc.data), "ect export x")
			after, _ := os.ReadFile(tc.file)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v, want %q", err, tc.err)
				}
				if !bytes.Equal(before, after) {
					t.Errorf("the file changed: %q", after)
				}
				return
			}
			if err != nil || string(after) != tc.data {
				t.Errorf("got %q, %v", after, err)
			}
		})
	}
}
