package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/portal"
	"github.com/ectdocs/ectdocs/internal/record"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// TestScopeChangesNothing builds each school's and each ECT's portal of
// the demo, replayed into Git so that signatures are proven, twice: from
// every record, and from what the audience's Scope reads. Every file
// written must be the same, byte for byte: reading less (one school's
// folder, not the whole body's) is only faster.
func TestScopeChangesNothing(t *testing.T) {
	repo := t.TempDir()
	if _, err := workspace.ReplayDemo(repo); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	whole, err := workspace.OpenOne([]string{filepath.Join(repo, "records")}, false)
	if err != nil {
		t.Fatal(err)
	}
	book, _, err := loadProven(whole, day, day, nil)
	if err != nil {
		t.Fatal(err)
	}
	var auds []portal.Audience
	for _, sc := range book.Schools {
		auds = append(auds, portal.Audience{Kind: "school", URN: sc.URN})
		for _, e := range sc.ECTs {
			auds = append(auds, portal.Audience{Kind: "ect", TRN: e.TRN})
		}
	}
	if len(auds) < 10 {
		t.Fatalf("the demo has only %d audiences", len(auds))
	}
	for _, aud := range auds {
		t.Run(aud.String(), func(t *testing.T) {
			write := func(scope bool) string {
				f, err := workspace.OpenOne([]string{filepath.Join(repo, "records")}, false)
				if err != nil {
					t.Fatal(err)
				}
				if scope {
					f.Scope = aud.Scope()
				}
				incl := func(e *record.ECT) bool { return portal.Includes(aud, e) }
				b, opt, err := loadProven(f, day, day, incl)
				if err != nil {
					t.Fatal(err)
				}
				opt.Guides = ectdocs.Guides()
				dir := t.TempDir()
				if _, err := portal.Write(b, aud, ectdocs.Site(), opt, dir); err != nil {
					t.Fatal(err)
				}
				return dir
			}
			all, scoped := read(t, write(false)), read(t, write(true))
			if len(all) == 0 {
				t.Fatal("nothing written")
			}
			for name, b := range all {
				if s, ok := scoped[name]; !ok {
					t.Errorf("%s: not written from the audience's scope", name)
				} else if !bytes.Equal(b, s) {
					t.Errorf("%s differs when built from the audience's scope", name)
				}
			}
			for name := range scoped {
				if _, ok := all[name]; !ok {
					t.Errorf("%s: written only from the audience's scope", name)
				}
			}
		})
	}
}

// read returns every file under dir by its path.
func read(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p[len(dir):]] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
