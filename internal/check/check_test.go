package check_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/check"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// TestRun checks the demo replayed into Git (everything proven) and the
// same records outside Git (nothing proven, and every signed report says
// so through ProofFunc).
func TestRun(t *testing.T) {
	day := rules.Options{Today: fixture.Today}
	demo, err := workspace.OpenOne(nil, true)
	if err != nil {
		t.Fatal(err)
	}
	defer demo.Close()
	book, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	res, err := check.Run(demo, book, day, "")
	if err != nil {
		t.Fatal(err)
	}
	if errs, _ := diag.Count(res.Diagnostics); errs != 0 || res.Result == nil {
		t.Fatalf("the replayed demo: %d errors, audited %v", errs, res.Result != nil)
	}
	if p, all := res.Result.Count.Proven(); p != all || all == 0 {
		t.Errorf("%d of %d signatures proven", p, all)
	}
	proof := res.ProofFunc()
	for _, e := range book.ECTs {
		for _, r := range e.Reports {
			if bad := proof(r); len(bad) > 0 {
				t.Errorf("%s: not proven: %v", r.Rel, bad)
			}
		}
	}

	dir := t.TempDir()
	sub, _ := fs.Sub(ectdocs.Demo(), "records")
	if err := os.CopyFS(filepath.Join(dir, "records"), sub); err != nil {
		t.Fatal(err)
	}
	plain, err := workspace.At(filepath.Join(dir, "records"))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if book, err = plain.Load(); err != nil {
		t.Fatal(err)
	}
	if res, err = check.Run(plain, book, day, ""); err != nil {
		t.Fatal(err)
	}
	if res.Result != nil || !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "not in a Git repository") }) {
		t.Errorf("outside Git: audited %v, notes %q", res.Result != nil, res.Notes)
	}
	proof = res.ProofFunc()
	signed := 0
	for _, e := range book.ECTs {
		for _, r := range e.Reports {
			if len(r.Signatures) > 0 {
				signed++
				if len(proof(r)) == 0 {
					t.Errorf("%s: signed outside Git, and taken as proven", r.Rel)
				}
			}
		}
	}
	if signed == 0 {
		t.Fatal("no signed report in the demo")
	}
}
