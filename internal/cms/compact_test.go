package cms_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v4"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/cms"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/record"
)

// demoStarts are the reports the demo's ECTs may start on demoDay.
func demoStarts(t testing.TB, book *record.Book) []cms.Start {
	t.Helper()
	var ects []*record.ECT
	for _, sc := range book.Schools {
		ects = append(ects, sc.ECTs...)
	}
	starts, err := cms.Starts(ectdocs.Templates(), book, ects, demoDay)
	if err != nil {
		t.Fatal(err)
	}
	if len(starts) == 0 {
		t.Fatal("the demo's ECTs have no report to start")
	}
	return starts
}

// moreStarts are the starts and n more, each a copy of one of them for a
// made-up ECT of the same school (another TRN, so another collection
// and another default for the ECT's field), as a body with many ECTs has.
func moreStarts(starts []cms.Start, n int) []cms.Start {
	out := slices.Clone(starts)
	for i := range n {
		st := starts[i%len(starts)]
		old := path.Base(path.Dir(path.Dir(st.Rel)))
		trn := strconv.Itoa(9800000 + i)
		st.Rel = strings.Replace(st.Rel, "/ects/"+old+"/", "/ects/"+trn+"/", 1)
		st.Content = bytes.Replace(st.Content, []byte(`ect: "`+old+`"`), []byte(`ect: "`+trn+`"`), 1)
		st.Label = fmt.Sprintf("Made-up ECT %d%s", i, st.Label[strings.Index(st.Label, ":"):])
		out = append(out, st)
	}
	return out
}

// generate is the demo's configuration for scope, and its config.yml.
func generate(t *testing.T, book *record.Book, scope cms.Scope) (*cms.Config, []byte) {
	t.Helper()
	c, err := cms.Generate(ectdocs.Schemas(), ectdocs.Templates(), book.Body, scope, mustBackend(t, book), "records")
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.YAML()
	if err != nil {
		t.Fatal(err)
	}
	return c, data
}

// TestCompactIsFull: config.yml, written with anchors, aliases and merge
// keys, reads (merge keys resolved, as Decap reads it) as exactly the
// configuration written out in full, yaml.Marshal's: every collection,
// every field of it and every default, for the appropriate body (with
// many starts), a school and an ECT.
func TestCompactIsFull(t *testing.T) {
	book := fixture.DemoBook(t)
	starts := demoStarts(t, book)
	sc := book.Schools[0]
	for name, scope := range map[string]cms.Scope{
		"ab":     {Body: true, Schools: book.Schools, Starts: moreStarts(starts, 40)},
		"school": {Schools: []*record.School{sc}, Starts: starts},
		"ect":    {ECT: sc.ECTs[0], Starts: starts},
	} {
		t.Run(name, func(t *testing.T) {
			c, compact := generate(t, book, scope)
			full, err := yaml.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(compact, []byte("<<: *")) || !bytes.Contains(compact, []byte(" *")) {
				t.Errorf("config.yml shares nothing:\n%s", compact)
			}
			var got, want map[string]any
			if err := yaml.Unmarshal(compact, &got); err != nil {
				t.Fatalf("config.yml: %v", err)
			}
			if err := yaml.Unmarshal(full, &want); err != nil {
				t.Fatal(err)
			}
			gc, _ := got["collections"].([]any)
			wc, _ := want["collections"].([]any)
			if len(gc) != len(wc) || len(wc) != len(c.Collections) {
				t.Fatalf("config.yml has %d collections, written in full %d, generated %d", len(gc), len(wc), len(c.Collections))
			}
			for i := range wc {
				if !reflect.DeepEqual(gc[i], wc[i]) {
					t.Errorf("collection %s reads as\n%v\nwritten in full it is\n%v", c.Collections[i].Name, gc[i], wc[i])
				}
			}
			delete(got, "collections")
			delete(want, "collections")
			if !reflect.DeepEqual(got, want) {
				t.Errorf("config.yml's settings read as\n%v\nwant\n%v", got, want)
			}
		})
	}
}

// TestCompactInDecap: Decap's own YAML reader (decap-cms-core's
// parseConfig: the yaml package with merge keys and no limit to aliases)
// reads config.yml as exactly the configuration written out in full.
func TestCompactInDecap(t *testing.T) {
	nodejs := node(t)
	book := fixture.DemoBook(t)
	c, compact := generate(t, book, cms.Scope{Body: true, Schools: book.Schools, Starts: moreStarts(demoStarts(t, book), 40)})
	full, err := yaml.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range map[string][]byte{"compact.yml": compact, "full.yml": full} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(nodejs, filepath.Join("testdata", "decap-config.cjs"), filepath.Join(dir, "compact.yml"), filepath.Join(dir, "full.yml")).CombinedOutput()
	if err != nil {
		t.Fatalf("Decap reads config.yml otherwise: %v\n%s", err, out)
	}
	if want := fmt.Sprintf("the same %d collections\n", len(c.Collections)); string(out) != want {
		t.Errorf("decap-config.cjs says %q, want %q", out, want)
	}
}

// TestConfigScale pins what makes a body's editor usable: config.yml
// grows by a few hundred bytes for each report to start (its name,
// label, path and a list of aliases), not by its fields written out
// again, and by a few kilobytes for each school. At 5,000 ECTs it was
// 106 MB; it is 4.8 MB (docs/editor.md).
func TestConfigScale(t *testing.T) {
	book := fixture.DemoBook(t)
	starts := demoStarts(t, book)
	const few, many = 20, 220
	_, a := generate(t, book, cms.Scope{Body: true, Schools: book.Schools, Starts: moreStarts(starts, few)})
	_, b := generate(t, book, cms.Scope{Body: true, Schools: book.Schools, Starts: moreStarts(starts, many)})
	perStart := (len(b) - len(a)) / (many - few)
	t.Logf("%d bytes a start", perStart)
	if perStart > 800 {
		t.Errorf("config.yml grows by %d bytes for each report to start, want 800 at most", perStart)
	}

	_, two := generate(t, book, cms.Scope{Body: true, Schools: book.Schools[:2]})
	_, three := generate(t, book, cms.Scope{Body: true, Schools: book.Schools[:3]})
	perSchool := len(three) - len(two)
	t.Logf("%d bytes a school", perSchool)
	if perSchool > 2500 {
		t.Errorf("config.yml grows by %d bytes for a school, want 2,500 at most", perSchool)
	}
}
