package subject

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/ectdocs/ectdocs/internal/frontmatter"

	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/report"
)

// sourceOf returns the records folder a record was read from.
func (x *Export) sourceOf(f *record.File) *source {
	for i := range x.sources {
		if path.Join(x.sources[i].display, f.Rel) == f.Doc.Path {
			return &x.sources[i]
		}
	}
	return nil
}

// ectFiles plans the copy of every file in the ECT's folder: their
// records and their evidence (documents/), regular files only. Anything
// else (a symbolic link, a pipe) is listed as not copied, never opened.
func (x *Export) ectFiles(e *record.ECT) error {
	src := x.sourceOf(e.File)
	if src == nil {
		return fmt.Errorf("%s: cannot tell which records folder it was read from", e.Doc.Path)
	}
	what := x.recordWords(e)
	err := fs.WalkDir(src.fs, e.Place.ECTDir, func(p string, d fs.DirEntry, err error) error {
		shown := path.Join(src.display, p)
		if err != nil {
			return fmt.Errorf("read %s: %w", shown, err)
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			x.NotCopied = append(x.NotCopied, Skipped{File: shown, Why: notRegular(d.Type())})
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return fmt.Errorf("read %s: %w", shown, err)
		}
		inner := strings.TrimPrefix(p, e.Place.ECTDir+"/")
		name := "records/" + inner
		if !fs.ValidPath(name) {
			x.NotCopied = append(x.NotCopied, Skipped{File: shown, Why: "its name cannot be written"})
			return nil
		}
		w, ok := what[p]
		switch {
		case ok:
		case strings.HasPrefix(inner, "documents/"):
			w = "Evidence in the ECT's documents folder, copied as it is held."
		default:
			w = "A file in the ECT's folder that ect does not read as a record, copied as it is held."
		}
		x.Files = append(x.Files, File{Name: name, What: w, Source: shown, Bytes: info.Size()})
		x.copies = append(x.copies, copyJob{src: src, rel: p, name: name})
		return nil
	})
	return err
}

// recordWords says what each of the ECT's records is, by its path in
// its records folder.
func (x *Export) recordWords(e *record.ECT) map[string]string {
	const held = " (Markdown with YAML front matter), as held."
	out := map[string]string{
		e.Rel: "The ECT profile of " + e.Name + ": contact details, QTS, induction periods, working pattern, absences and the appropriate body's decisions" + held,
	}
	for _, r := range e.Reports {
		out[r.Rel] = reportName(r, e) + ": the report as written, with its signatures and the appropriate body's review" + held
	}
	for _, o := range e.Observations {
		out[o.Rel] = "Lesson observation of " + string(o.Date) + held
	}
	for _, sp := range e.SupportPlans {
		out[sp.Rel] = "Support plan of " + string(sp.Created) + held
	}
	if m := e.Mentoring; m != nil {
		out[m.Rel] = "The mentoring log: meetings with the mentor and lessons of experienced teachers observed" + held
	}
	return out
}

// notRegular says why a file is not copied.
func notRegular(m fs.FileMode) string {
	what := frontmatter.NotRegular(m)
	if m&fs.ModeSymlink != 0 {
		return what + ": ect never follows one, so nothing was copied from where it leads"
	}
	return what + ", not a file"
}

// Write writes the export into dir, a new folder of its own (outdir
// gives one): the copies, the PDFs, subject.json and index.html, every
// file readable by its owner only. It returns how many files the export
// holds (Files, the marker included).
func (x *Export) Write(dir string) (int, error) {
	if err := os.Chmod(dir, 0o700); err != nil {
		return 0, err
	}
	sizes := map[string]int64{}
	for _, c := range x.copies {
		n, err := c.src.copyTo(c.rel, dir, c.name)
		if err != nil {
			return 0, err
		}
		sizes[c.name] = n
	}
	if e := x.subject.ECT; e != nil {
		pdfs, err := x.pdfs(e)
		if err != nil {
			return 0, err
		}
		for name, data := range pdfs {
			if err := writeNew(dir, name, data); err != nil {
				return 0, err
			}
			sizes[name] = int64(len(data))
		}
	}
	for i, f := range x.Files {
		if n, ok := sizes[f.Name]; ok {
			x.Files[i].Bytes = n
		}
	}
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false) // read as text, never as HTML
	enc.SetIndent("", "  ")
	if err := enc.Encode(x); err != nil {
		return 0, fmt.Errorf("subject.json: %w", err)
	}
	if err := writeNew(dir, "subject.json", js.Bytes()); err != nil {
		return 0, err
	}
	page, err := x.page()
	if err != nil {
		return 0, fmt.Errorf("index.html: %w", err)
	}
	if err := writeNew(dir, "index.html", page); err != nil {
		return 0, err
	}
	return len(x.Files), nil
}

// pdfs renders the ECT's reports and induction record as ect pdf does
// (report.Set), by their names in the export.
func (x *Export) pdfs(e *record.ECT) (map[string][]byte, error) {
	mem := &memFolder{files: map[string][]byte{}}
	set := report.Set{Book: x.book, Proofs: x.proofs, Commit: x.commit, Date: x.date, Records: true}
	if _, err := set.Write(func(o *record.ECT) bool { return o == e }, mem); err != nil {
		return nil, fmt.Errorf("render the PDFs of %s: %w", e.TRN, err)
	}
	planned := map[string]bool{}
	for _, f := range x.Files {
		planned[f.Name] = strings.HasPrefix(f.Name, "pdf/")
	}
	out := map[string][]byte{}
	for name, data := range mem.files {
		n := "pdf/" + strings.TrimPrefix(name, e.TRN+"/")
		if !planned[n] {
			return nil, fmt.Errorf("render the PDFs of %s: %s was not expected", e.TRN, name)
		}
		out[n] = data
	}
	for n, pdf := range planned {
		if _, ok := out[n]; pdf && !ok {
			return nil, fmt.Errorf("render the PDFs of %s: %s was not rendered", e.TRN, n)
		}
	}
	return out, nil
}

// memFolder is a report.Folder that keeps the PDFs in memory.
type memFolder struct {
	mu    sync.Mutex
	files map[string][]byte
}

// Add does nothing: the names are checked against the plan afterwards.
func (m *memFolder) Add([]string) error { return nil }

// WriteFile keeps a copy of one PDF (the renderer reuses data once
// WriteFile returns).
func (m *memFolder) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = bytes.Clone(data)
	return nil
}

// copyTo copies the regular file rel of the records folder into dir as
// name, and returns its size. The file is opened only when it is a
// regular file, never through a symbolic link: what was opened must be
// the very file that was looked at (os.SameFile).
func (s *source) copyTo(rel, dir, name string) (int64, error) {
	shown := path.Join(s.display, rel)
	before, err := fs.Lstat(s.fs, rel)
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", shown, err)
	}
	if !before.Mode().IsRegular() {
		return 0, fmt.Errorf("copy %s: it is no longer a regular file (%s): run the export again", shown, notRegular(before.Mode()))
	}
	in, err := s.fs.Open(rel)
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", shown, err)
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", shown, err)
	}
	if !st.Mode().IsRegular() || !os.SameFile(before, st) {
		return 0, fmt.Errorf("copy %s: it changed while it was being copied: run the export again", shown)
	}
	out, err := create(dir, name)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("copy %s to %s: %w", shown, name, err)
	}
	return n, nil
}

// writeNew writes a new file name (slash-separated) in dir.
func writeNew(dir, name string, data []byte) error {
	f, err := create(dir, name)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// create makes a new file name in dir, and the folders on its way: it
// never opens a file that is there already.
func create(dir, name string) (*os.File, error) {
	if !fs.ValidPath(name) || name == "." {
		return nil, fmt.Errorf("cannot write a file named %q", name)
	}
	target := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return nil, fmt.Errorf("write %s: %w", name, err)
	}
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("write %s: there is a file there already", name)
	}
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", name, err)
	}
	return f, nil
}
