package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/portal"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/workflow"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// split is the built-in demo split the way a body whose schools keep
// their own records repositories holds it: a records folder per school
// (each with its copy of body.md, without the list), and the body's own, whose body.md
// lists them (repositories:). Folders are under top: body/records,
// <school>/records; whole/records holds the demo as one folder.
type split struct {
	top     string
	schools []string // school folder names
}

// demoFiles returns the built-in demo's records by path.
func demoFiles(t *testing.T) map[string][]byte {
	t.Helper()
	sub, err := fs.Sub(ectdocs.Demo(), "records")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files[p], err = fs.ReadFile(sub, p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// withRepositories returns body.md with repositories: listing the
// schools' records folders as split lays them out.
func withRepositories(t *testing.T, body []byte, schools []string) []byte {
	t.Helper()
	end := bytes.Index(body[4:], []byte("\n---\n"))
	if !bytes.HasPrefix(body, []byte("---\n")) || end < 0 {
		t.Fatal("body.md has no front matter")
	}
	var list strings.Builder
	list.WriteString("\nrepositories:")
	for _, s := range schools {
		list.WriteString("\n  - ../../" + s + "/records")
	}
	at := 4 + end
	return append(append(append([]byte{}, body[:at]...), list.String()...), body[at:]...)
}

// newSplit writes the demo as split says, each folder its own Git
// repository replayed commit by commit by the records' authors (inGit),
// or plain folders.
func newSplit(t *testing.T, inGit bool) *split {
	t.Helper()
	files := demoFiles(t)
	sp := &split{top: t.TempDir()}
	for p := range files {
		if parts := strings.Split(p, "/"); len(parts) > 2 && parts[0] == "schools" && !slices.Contains(sp.schools, parts[1]) {
			sp.schools = append(sp.schools, parts[1])
		}
	}
	if len(sp.schools) < 2 {
		t.Fatalf("the demo has %d schools", len(sp.schools))
	}
	body := withRepositories(t, files["body.md"], sp.schools)
	folders := map[string]fstest.MapFS{"whole": {}, "body": {"body.md": {Data: body}}}
	for p, b := range files {
		folders["whole"][p] = &fstest.MapFile{Data: b}
		if parts := strings.Split(p, "/"); len(parts) > 2 && parts[0] == "schools" {
			if folders[parts[1]] == nil {
				folders[parts[1]] = fstest.MapFS{"body.md": {Data: files["body.md"]}}
			}
			folders[parts[1]][p] = &fstest.MapFile{Data: b}
		}
	}
	schemas, err := workspace.Schemas()
	if err != nil {
		t.Fatal(err)
	}
	for name, fsys := range folders {
		dir := filepath.Join(sp.top, name)
		if inGit {
			if _, err := workflow.Replay(fsys, schemas, dir); err != nil {
				t.Fatalf("replay %s: %v", name, err)
			}
			continue
		}
		for p, f := range fsys {
			file := filepath.Join(dir, "records", filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return sp
}

func (sp *split) records(name string) string { return filepath.Join(sp.top, name, "records") }

// build writes the portal of aud from the records folder dir, as ect
// build does, and returns every file written.
func build(t *testing.T, dir string, aud portal.Audience, scope bool) map[string][]byte {
	t.Helper()
	day := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	f, err := workspace.OpenOne([]string{dir}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if scope {
		f.Scope = aud.Scope()
	}
	b, opt, err := loadProven(f, day, day, func(e *record.ECT) bool { return portal.Includes(aud, e) })
	if err != nil {
		t.Fatal(err)
	}
	opt.Guides = ectdocs.Guides()
	out := t.TempDir()
	if _, err := portal.Write(b, aud, ectdocs.Site(), opt, out); err != nil {
		t.Fatal(err)
	}
	return read(t, out)
}

// same fails unless a and b hold the same files, byte for byte.
func same(t *testing.T, what string, a, b map[string][]byte) {
	t.Helper()
	if len(a) == 0 {
		t.Fatalf("%s: nothing written", what)
	}
	for name, x := range a {
		if y, ok := b[name]; !ok {
			t.Errorf("%s: %s written by one build only", what, name)
		} else if !bytes.Equal(x, y) {
			t.Errorf("%s: %s differs:\n%s", what, name, firstDifference(x, y))
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			t.Errorf("%s: %s written by one build only", what, name)
		}
	}
}

// run runs ect with args and returns its standard output and error.
func run(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := Run(args, &stdout, &stderr, fixture.Clock(), nil)
	return stdout.String(), stderr.String(), err
}

// TestUnionOfSchoolRepositories reads the demo split into one records
// repository per school, each replayed into Git by the records' authors,
// with the body's own (body.md listing them): each school's portal built
// from its own repository is the one built from the body's union, byte
// for byte, and the body's status proves every signature the one-folder
// demo proves.
func TestUnionOfSchoolRepositories(t *testing.T) {
	sp := newSplit(t, true)
	body := sp.records("body")
	for _, school := range sp.schools {
		urn := strings.SplitN(school, "-", 2)[0]
		aud, err := portal.ParseAudience("school:" + urn)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(school, func(t *testing.T) {
			same(t, aud.String(), build(t, sp.records(school), aud, true), build(t, body, aud, true))
		})
	}
	if out, _, err := run(t, "validate", body); err != nil {
		t.Errorf("validate of the union: %v\n%s", err, out)
	}
	qa, _, _ := run(t, "qa", body)
	if strings.Contains(qa, "not-proven") {
		t.Errorf("qa of the union finds signatures not proven:\n%s", qa)
	}
	whole, _, err := run(t, "status", "--all", sp.records("whole"))
	if err != nil {
		t.Fatal(err)
	}
	union, stderr, err := run(t, "status", "--all", body)
	if err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	if union != whole {
		t.Errorf("status of the union:\n%s\nstatus of one folder:\n%s", union, whole)
	}
	if !strings.Contains(union, "reviewed by AB") {
		t.Errorf("status of the union shows no reviewed report:\n%s", union)
	}

	// A school's copy of body.md that is not the body's proves nothing:
	// its reports show their signatures as not proven.
	copyOf := filepath.Join(sp.records(sp.schools[0]), "body.md")
	src, err := os.ReadFile(copyOf)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copyOf, bytes.Replace(src, []byte("signing_policy: author"), []byte("signing_policy: verified"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	changed, _, _ := run(t, "qa", body)
	if !strings.Contains(changed, "not-proven") {
		t.Errorf("qa does not show the signatures in a school repository with another body.md as not proven:\n%s", changed)
	}
	if out, _, err := run(t, "validate", body); err == nil || !strings.Contains(out, "body.md is not the appropriate body's") {
		t.Errorf("validate of the body does not say a school's body.md is not the body's (%v):\n%s", err, out)
	}
}

// TestUnionIsOneFolder builds the body's portal from the demo split into
// one folder per school (not in Git) and from one folder holding it all:
// every file the same, byte for byte.
func TestUnionIsOneFolder(t *testing.T) {
	sp := newSplit(t, false)
	aud := portal.Audience{Kind: "ab"}
	same(t, "the AB's portal", build(t, sp.records("whole"), aud, false), build(t, sp.records("body"), aud, false))
	for _, cmd := range [][]string{{"status", "--all"}, {"qa"}, {"export", "riab-claims", "--from", "2023-09-01"}, {"export", "riab-outcomes", "--from", "2023-09-01"}} {
		whole, _, errWhole := run(t, append(cmd, sp.records("whole"))...)
		union, _, errUnion := run(t, append(cmd, sp.records("body"))...)
		if whole != union || (errWhole == nil) != (errUnion == nil) {
			t.Errorf("ect %s: the union gives\n%s(%v)\none folder gives\n%s(%v)", strings.Join(cmd, " "), union, errUnion, whole, errWhole)
		}
	}
}

// TestUnionRefuses checks what a body's repositories: may not be.
func TestUnionRefuses(t *testing.T) {
	sp := newSplit(t, false)
	body := filepath.Join(sp.records("body"), "body.md")
	src, err := os.ReadFile(body)
	if err != nil {
		t.Fatal(err)
	}
	first := "../../" + sp.schools[0] + "/records"
	if err := os.Symlink(sp.records(sp.schools[1]), filepath.Join(sp.top, "link")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ from, to, want string }{
		{first, "../../nowhere/records", "no such folder"},
		{first, "../../link", "symbolic link"},
		{first, "../../" + sp.schools[0], "not a records folder"},
		{first, ".", "listed twice, or this records folder itself"},
		{"../../" + sp.schools[1] + "/records", first, "listed twice"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			if err := os.WriteFile(body, bytes.Replace(src, []byte(tc.from), []byte(tc.to), 1), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, err := run(t, "status", sp.records("body"))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path.Join(workspace.Shown(sp.records("body")), "body.md")+": repositories:") {
				t.Errorf("got %v; want an error saying %q", err, tc.want)
			}
		})
	}
	// A school held by two repositories is read once, and said.
	if err := os.WriteFile(body, src, 0o644); err != nil {
		t.Fatal(err)
	}
	dup := filepath.Join(sp.records(sp.schools[1]), "schools", sp.schools[0])
	if err := os.CopyFS(dup, os.DirFS(filepath.Join(sp.records(sp.schools[0]), "schools", sp.schools[0]))); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, "validate", sp.records("body"))
	if err == nil || !strings.Contains(out, "is in two records repositories") {
		t.Errorf("validate does not say a school is in two repositories (%v):\n%s", err, out)
	}
}

// firstDifference shows where a and b first differ.
func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-120)
	return fmt.Sprintf("%q\nversus\n%q", a[from:min(len(a), i+120)], b[from:min(len(b), i+120)])
}
