package record

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/frontmatter"
	"github.com/ectdocs/ectdocs/internal/schema"
	"github.com/ectdocs/ectdocs/internal/spell"
)

// Rules for problems the loader finds.
const (
	RuleKind        = "kind"         // missing or unknown kind:
	RuleLayout      = "layout"       // a file that is not a record, or a record that is missing
	RulePathKind    = "path-kind"    // a record filed where another kind belongs
	RuleRegularFile = "regular-file" // a symbolic link, named pipe, device or socket among the records
)

// Book is everything loaded from one records folder.
type Book struct {
	Body    *Body
	Schools []*School // by folder name
	ECTs    []*ECT    // by school, then TRN
	// Files counts the files checked: records, and files where a record
	// belongs that turned out not to be one (not evidence).
	Files int
	// Diagnostics are the problems found while loading: unreadable files,
	// YAML and schema errors, files out of place.
	Diagnostics []diag.Diagnostic

	// Evidence holds the display paths of the files in the ECTs'
	// documents/ folders.
	Evidence map[string]bool

	all []Record
}

// Records returns every record that was read, whatever its place: *Body,
// *School, *ECT, *Report, *Observation, *SupportPlan or *MentoringLog, in
// path order.
func (b *Book) Records() []Record { return b.all }

// ECT returns the ECT with the given TRN (the first, in folder order, if
// two claim it), or nil.
func (b *Book) ECT(trn string) *ECT {
	for _, e := range b.ECTs {
		if e.TRN == trn {
			return e
		}
	}
	return nil
}

// School returns the school with the given URN, or nil.
func (b *Book) School(urn int) *School {
	for _, s := range b.Schools {
		if s.URN == urn {
			return s
		}
	}
	return nil
}

// Find returns the record at rel (slash-separated, relative to the
// records folder), nil when there is none there; with the ECT whose
// profile or report it is, and the report when it is one.
func (b *Book) Find(rel string) (file *File, e *ECT, r *Report) {
	for _, x := range b.all {
		if x.RecordFile().Rel == rel {
			file = x.RecordFile()
		}
	}
	for _, x := range b.ECTs {
		if x.Rel == rel {
			e = x
		}
		for _, y := range x.Reports {
			if y.Rel == rel {
				r, e = y, x
			}
		}
	}
	return file, e, r
}

// Options configure Load.
type Options struct {
	// Display is the path shown for the records folder in diagnostics,
	// e.g. "records".
	Display string
	// Workers is the number of files read and parsed at once; 0 means
	// four per CPU.
	Workers int
	// Scope, when set, says which paths (relative to the records folder)
	// to read: a folder it refuses is not walked, a file not read or
	// counted. One school's portal reads that school's folder only.
	Scope Scope
	// ProfileOnly says of an ECT's folder (relative to the records
	// folder) that Scope reads only its ect.md: the ECT is marked so.
	ProfileOnly func(ectDir string) bool
}

// Scope says whether the records at rel (a folder when dir) are wanted.
type Scope func(rel string, dir bool) bool

// SchoolsOnly is the Scope of each school's school.md and nothing else:
// enough to list the schools (ect matrix), and the part of an ECT's
// portal that is not the ECT's own folder.
func SchoolsOnly(rel string, dir bool) bool {
	parts := strings.Split(rel, "/")
	switch {
	case parts[0] != "schools":
		return false
	case len(parts) == 1:
		return true
	case len(parts) == 2:
		return dir // a school's folder
	}
	return len(parts) == 3 && parts[2] == "school.md"
}

// Load reads every record under dir in fsys, in parallel, checks each file
// against its schema, and links the records into a Book. Problems with the
// records are diagnostics in the Book; the error is only for a folder that
// cannot be read at all.
func Load(fsys fs.FS, dir string, schemas *schema.Set, opt Options) (*Book, error) {
	b := &Book{Evidence: map[string]bool{}}
	display := func(rel string) string { return path.Join(opt.Display, rel) }
	workers := opt.Workers
	if workers <= 0 {
		// Reading a file waits on the file system as much as parsing uses
		// the CPU, so more workers than cores keep the cores busy.
		workers = 4 * runtime.GOMAXPROCS(0)
	}

	// The walk streams record paths to the workers as it finds them; each
	// result keeps its walk order so the output does not depend on timing.
	type job struct {
		i   int
		rel string
	}
	jobs := make(chan job, 256)
	var results []parsed
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				r := parseFile(fsys, path.Join(dir, j.rel), j.rel, display(j.rel), schemas)
				mu.Lock()
				if j.i >= len(results) {
					results = append(results, make([]parsed, j.i+1-len(results))...)
				}
				results[j.i] = r
				mu.Unlock()
			}
		})
	}
	n := 0
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			b.Diagnostics = append(b.Diagnostics, diag.Errorf(diag.Position{File: display(rel(dir, p))}, frontmatter.RuleFile, "cannot read: %v", err))
			return nil
		}
		name := d.Name()
		if p != dir && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil // .gitkeep and editor files
		}
		if opt.Scope != nil && p != dir && !opt.Scope(rel(dir, p), d.IsDir()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		r := rel(dir, p)
		if !d.Type().IsRegular() {
			// Never opened: a link may lead out of the records folder (and
			// its target be published), and opening a FIFO blocks. Its
			// result takes its place in the walk order, so that it is not
			// reported missing as well.
			b.Files++
			res := parsed{rel: r, diags: []diag.Diagnostic{notRegular(fsys, p, d.Type(), display(r))}}
			mu.Lock()
			if n >= len(results) {
				results = append(results, make([]parsed, n+1-len(results))...)
			}
			results[n] = res
			mu.Unlock()
			n++
			return nil
		}
		if PlaceOf(r).Evidence {
			b.Evidence[display(r)] = true
			return nil
		}
		b.Files++
		if !strings.HasSuffix(name, ".md") {
			b.Diagnostics = append(b.Diagnostics, diag.Errorf(diag.Position{File: display(r)}, RuleLayout,
				"not a record: records are Markdown (.md) files; put evidence such as PDFs in the ECT's documents/ folder"))
			return nil
		}
		jobs <- job{n, r}
		n++
		return nil
	})
	close(jobs)
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("read records folder: %w", err)
	}
	for _, r := range results {
		b.Diagnostics = append(b.Diagnostics, r.diags...)
	}
	b.link(results, display)
	if opt.ProfileOnly != nil {
		for _, e := range b.ECTs {
			e.ProfileOnly = opt.ProfileOnly(e.Place.ECTDir)
		}
	}
	return b, nil
}

func rel(dir, p string) string {
	if dir == "." {
		return p
	}
	return strings.TrimPrefix(p, dir+"/")
}

// parsed is one file's result from a worker.
type parsed struct {
	rel   string
	file  *File
	rec   Record // *Body, *School, *ECT, *Report, *Observation, *SupportPlan or *MentoringLog
	diags []diag.Diagnostic
}

func parseFile(fsys fs.FS, p, relPath, shown string, schemas *schema.Set) parsed {
	out := parsed{rel: relPath}
	src, err := readFile(fsys, p)
	if err != nil {
		out.diags = append(out.diags, diag.Errorf(diag.Position{File: shown}, frontmatter.RuleFile, "%v", err))
		return out
	}
	doc, d := frontmatter.Parse(shown, src)
	if d != nil {
		out.diags = append(out.diags, *d)
		return out
	}
	place := PlaceOf(relPath)
	k, d := kindOf(doc, place, schemas)
	if d != nil {
		out.diags = append(out.diags, *d)
		return out
	}
	if d := checkPlace(doc, k, place); d != nil {
		// Checking it as the wrong kind would only bury this one mistake.
		out.diags = append(out.diags, *d)
		return out
	}
	f := &File{Doc: doc, Rel: relPath, Kind: k, Place: place}
	ds, failed := schemas.Validate(doc, string(k))
	out.diags = append(out.diags, ds...)
	f.Valid = len(ds) == 0
	f.failed = failed
	f.Sections = parseSections(doc.Body(), doc.BodyLine)
	var rec Record
	switch k {
	case KindBody:
		rec = &Body{File: f}
	case KindSchool:
		rec = &School{File: f}
	case KindECT:
		rec = &ECT{File: f}
	case KindProgressReview, KindFormalAssessment:
		rec = &Report{File: f}
	case KindObservation:
		rec = &Observation{File: f}
	case KindSupportPlan:
		rec = &SupportPlan{File: f}
	case KindMentoringLog:
		rec = &MentoringLog{File: f}
	}
	if err := decode(rec, doc.Values()); err != nil && f.Valid {
		// The schema passed, so this is a gap between schema and model.
		out.diags = append(out.diags, diag.Errorf(doc.Pos(1, 1), schema.Rule, "cannot read the fields: %v", err))
		f.Valid = false
	}
	// What the rules and the pages need is decoded; the parsed front
	// matter goes (kept, it was nine tenths of the heap) and comes back
	// from the source when a diagnostic needs a position.
	f.answers, _ = doc.Values()["answers"].(map[string]any)
	doc.Compact()
	out.file, out.rec = f, rec
	return out
}

// notRegular is the error for a file among the records that is not a
// regular file: a symbolic link (to a file or a folder, inside the records
// or out), a named pipe, a device or a socket.
func notRegular(fsys fs.FS, p string, mode fs.FileMode, shown string) diag.Diagnostic {
	what := frontmatter.NotRegular(mode)
	fix := "delete it, or put the file itself here"
	if mode&fs.ModeSymlink != 0 {
		if target, err := fs.ReadLink(fsys, p); err == nil {
			what += fmt.Sprintf(" (to %q)", target)
		}
		fix = "ect does not follow links, so that nothing outside the records folder is read or published: put the file itself here instead of a link"
	}
	return diag.Errorf(diag.Position{File: shown, Line: 1, Column: 1}, RuleRegularFile,
		"%s is %s; records and evidence must be regular files: %s", path.Base(shown), what, fix)
}

// readFile reads a file, refusing one over frontmatter.MaxSize before
// reading it, and anything but a regular file.
func readFile(fsys fs.FS, p string) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is %s; records must be regular files", path.Base(p), frontmatter.NotRegular(info.Mode()))
	}
	if info.Size() > frontmatter.MaxSize {
		return nil, errors.New(frontmatter.TooBig(info.Size()))
	}
	buf := make([]byte, info.Size()+1) // +1 to see the end of the file
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if n > frontmatter.MaxSize {
		return nil, errors.New(frontmatter.TooBig(int64(n)))
	}
	return buf[:n], nil
}

// kindOf reads the kind: field.
func kindOf(doc *frontmatter.Document, place Place, schemas *schema.Set) (Kind, *diag.Diagnostic) {
	fail := func(pos diag.Position, format string, args ...any) (Kind, *diag.Diagnostic) {
		d := diag.Errorf(pos, RuleKind, format, args...)
		return "", &d
	}
	v, ok := doc.Values()["kind"]
	if !ok {
		hint := "the record's kind, e.g. kind: progress-review"
		if place.Kind != "" {
			hint = "kind: " + string(place.Kind)
		}
		return fail(doc.Pos(2, 1), "missing field \"kind\": add %s", hint)
	}
	s, ok := v.(string)
	pos := doc.Locate([]string{"kind"}, false)
	kinds := schemas.Kinds()
	if !ok {
		return fail(pos, "kind must be one of %s", strings.Join(kinds, ", "))
	}
	if !schemas.Has(s) {
		if near, ok := spell.Nearest(s, kinds); ok {
			return fail(pos, "unknown kind %q: did you mean %q?", s, near)
		}
		return fail(pos, "unknown kind %q: use one of %s", s, strings.Join(kinds, ", "))
	}
	return Kind(s), nil
}

// checkPlace reports a record filed where its kind does not belong.
func checkPlace(doc *frontmatter.Document, k Kind, pl Place) *diag.Diagnostic {
	var d diag.Diagnostic
	at := doc.Locate([]string{"kind"}, false)
	switch {
	case pl.Kind == "":
		d = diag.Errorf(at, RulePathKind, "%s does not belong here: %s; move it to %s", withArticle(string(k)), pl.Problem, Layout[k])
	case pl.Kind != k:
		d = diag.Errorf(at, RulePathKind, "this file is %s but its location is for %s: move it to %s, or fix kind:", withArticle(string(k)), withArticle(string(pl.Kind)), Layout[k])
	default:
		return nil
	}
	return &d
}

// withArticle puts "a" or "an" before a kind: "an ect", "a school".
func withArticle(kind string) string {
	if kind != "" && strings.ContainsRune("aeio", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}

// link assembles the parsed files into the book's tree.
func (b *Book) link(results []parsed, display func(string) string) {
	schools := map[string]*School{}
	ects := map[string]*ECT{}
	for _, r := range results {
		switch rec := r.rec.(type) {
		case *Body:
			if r.file.Place.Kind == KindBody && b.Body == nil {
				b.Body = rec
			}
		case *School:
			if dir := r.file.Place.SchoolDir; dir != "" && r.file.Place.Kind == KindSchool {
				rec.Dir = display(dir)
				schools[dir] = rec
				b.Schools = append(b.Schools, rec)
			}
		case *ECT:
			if dir := r.file.Place.ECTDir; dir != "" && r.file.Place.Kind == KindECT {
				rec.Dir = display(dir)
				ects[dir] = rec
			}
		}
	}
	present := map[string]bool{}
	for _, r := range results {
		present[r.rel] = true
	}
	if b.Body == nil && !present["body.md"] {
		b.Diagnostics = append(b.Diagnostics, diag.Errorf(diag.Position{File: display("body.md")}, RuleLayout,
			"missing: the records folder needs body.md, the appropriate body's configuration (kind: appropriate-body)"))
	}
	for dir, e := range ects {
		s := schools[e.Place.SchoolDir]
		if s == nil {
			if present[e.Place.SchoolDir+"/school.md"] {
				continue // school.md is there but broken: it has its own error
			}
			b.Diagnostics = append(b.Diagnostics, diag.Errorf(diag.Position{File: display(dir + "/../../school.md")}, RuleLayout,
				"missing: the folder %s holds ECTs but no school.md", display(e.Place.SchoolDir)))
			continue
		}
		e.School = s
		s.ECTs = append(s.ECTs, e)
		b.ECTs = append(b.ECTs, e)
	}
	missingECT := map[string]bool{}
	for _, r := range results {
		if r.file == nil || r.file.Place.ECTDir == "" || r.file.Place.Kind == KindECT {
			continue
		}
		e := ects[r.file.Place.ECTDir]
		if e == nil {
			if dir := r.file.Place.ECTDir; !missingECT[dir] && !present[dir+"/ect.md"] {
				missingECT[dir] = true
				b.Diagnostics = append(b.Diagnostics, diag.Errorf(diag.Position{File: display(dir + "/ect.md")}, RuleLayout,
					"missing: the folder %s holds records but no ect.md", display(dir)))
			}
			continue
		}
		switch rec := r.rec.(type) {
		case *Report:
			e.Reports = append(e.Reports, rec)
		case *Observation:
			e.Observations = append(e.Observations, rec)
		case *SupportPlan:
			e.SupportPlans = append(e.SupportPlans, rec)
		case *MentoringLog:
			e.Mentoring = rec
		}
	}
	sort.Slice(b.Schools, func(i, j int) bool { return b.Schools[i].Dir < b.Schools[j].Dir })
	sort.Slice(b.ECTs, func(i, j int) bool { return b.ECTs[i].Dir < b.ECTs[j].Dir })
	for _, s := range b.Schools {
		sort.Slice(s.ECTs, func(i, j int) bool { return s.ECTs[i].Dir < s.ECTs[j].Dir })
	}
	for _, e := range b.ECTs {
		sort.Slice(e.Reports, func(i, j int) bool { return e.Reports[i].Path() < e.Reports[j].Path() })
		sort.Slice(e.Observations, func(i, j int) bool { return e.Observations[i].Path() < e.Observations[j].Path() })
		sort.Slice(e.SupportPlans, func(i, j int) bool { return e.SupportPlans[i].Path() < e.SupportPlans[j].Path() })
	}
	// Every file's record, for rules that look at all of them.
	for _, r := range results {
		if r.file != nil {
			b.all = append(b.all, r.rec)
		}
	}
}
