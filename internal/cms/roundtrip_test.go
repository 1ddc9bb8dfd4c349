package cms_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/rules"
)

// node finds Node and the npm packages (npm ci); without them the test is
// skipped, except in CI.
func node(t *testing.T) string {
	p, err := exec.LookPath("node")
	if err == nil {
		if _, err = os.Stat(filepath.Join(root, "node_modules", "gray-matter")); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("no Node or no node_modules (%v): CI runs npm ci (see .ci/run)", err)
	}
	t.Skipf("no Node or no node_modules here (npm ci): %v", err)
	return ""
}

// validate is what ect validate finds in a records folder, without Git:
// each finding as file, severity, rule and message (a re-serialised file
// moves lines, so positions are left out).
func validate(t *testing.T, dir string) []string {
	t.Helper()
	book, err := record.Load(os.DirFS(dir), ".", fixture.Schemas(t), record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	ds := append(book.Diagnostics, rules.Check(book, rules.Options{Today: day, DueBy: day})...)
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%s: %s: %s [%s]", d.File, d.Severity, d.Message, d.Rule))
	}
	slices.Sort(out)
	return out
}

// TestRoundTrip saves every demo record as Decap CMS would (its own
// front-matter code, with the gray-matter and yaml packages it bundles,
// after ectdocs.js's preSave step): the YAML is rewritten (block style,
// Decap's quoting, keys in the form's order), the Markdown body is kept
// byte for byte, and ect validate finds exactly what it found before.
// Then again with every section typed anew in the sections widget: the
// result validates the same.
func TestRoundTrip(t *testing.T) {
	nodejs := node(t)
	book := fixture.DemoBook(t)
	c := demoConfig(t, book)
	type order struct {
		Keys     []string `json:"keys"`
		Sections []string `json:"sections"`
	}
	orders := map[record.Kind]order{}
	for _, col := range c.Collections {
		fields := col.Fields
		if len(col.Files) > 0 {
			fields = col.Files[0].Fields
		}
		var o order
		for _, f := range fields {
			o.Keys = append(o.Keys, f.Name)
			for _, s := range f.Sections {
				o.Sections = append(o.Sections, s.Heading)
			}
		}
		orders[col.Kind] = o
	}
	tmp := t.TempDir()
	orderFile := filepath.Join(tmp, "order.json")
	data, err := json.Marshal(orders)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(orderFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(tmp, "in")
	demo, err := fs.Sub(ectdocs.Demo(), "records")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(in, demo); err != nil {
		t.Fatal(err)
	}
	before := validate(t, in)
	orig, err := record.Load(os.DirFS(in), ".", fixture.Schemas(t), record.Options{Display: "records"})
	if err != nil {
		t.Fatal(err)
	}

	for _, mode := range []string{"", "--retype"} {
		t.Run("saved"+mode, func(t *testing.T) {
			out := filepath.Join(tmp, "out"+mode)
			args := []string{filepath.Join("testdata", "decap-roundtrip.cjs"), orderFile, in, out}
			if mode != "" {
				args = append(args, mode)
			}
			if b, err := exec.Command(nodejs, args...).CombinedOutput(); err != nil {
				t.Fatalf("node: %v\n%s", err, b)
			}
			changed := 0
			saved, err := record.Load(os.DirFS(out), ".", fixture.Schemas(t), record.Options{Display: "records"})
			if err != nil {
				t.Fatal(err)
			}
			bodies := map[string][]byte{}
			for _, f := range files(saved) {
				bodies[f.Rel] = f.Doc.Body()
			}
			for _, f := range files(orig) {
				a, _ := os.ReadFile(filepath.Join(in, f.Rel))
				b, err := os.ReadFile(filepath.Join(out, f.Rel))
				if err != nil {
					t.Fatal(err)
				}
				if string(a) != string(b) {
					changed++
				}
				if mode == "" && string(bodies[f.Rel]) != string(f.Doc.Body()) {
					t.Errorf("%s: Decap changed the Markdown body:\n%q\nbecame\n%q", f.Rel, f.Doc.Body(), bodies[f.Rel])
				}
			}
			if changed < len(files(orig))/2 {
				t.Errorf("only %d of %d files were rewritten: the round trip proves little", changed, len(files(orig)))
			}
			after := validate(t, out)
			if !slices.Equal(before, after) {
				t.Errorf("ect validate finds something else after Decap saved the records:\nbefore:\n%q\nafter:\n%q", before, after)
			}
		})
	}
}

// files lists every record file of a book.
func files(b *record.Book) []*record.File {
	out := []*record.File{b.Body.File}
	for _, s := range b.Schools {
		out = append(out, s.File)
	}
	for _, e := range b.ECTs {
		out = append(out, e.File)
		if e.Mentoring != nil {
			out = append(out, e.Mentoring.File)
		}
		for _, r := range e.Reports {
			out = append(out, r.File)
		}
		for _, o := range e.Observations {
			out = append(out, o.File)
		}
		for _, p := range e.SupportPlans {
			out = append(out, p.File)
		}
	}
	return out
}

// TestSectionsWidget runs the tests of admin/ectdocs.js's functions
// (testdata/ectdocs-test.cjs): a body split into sections and joined
// again is the same bytes, typing rewrites one section, a missing section
// is placed in the form's order, and the preSave step drops empty values.
func TestSectionsWidget(t *testing.T) {
	nodejs := node(t)
	out, err := exec.Command(nodejs, filepath.Join("testdata", "ectdocs-test.cjs")).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}
