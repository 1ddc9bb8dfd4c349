package audit_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"

	"github.com/ectdocs/ectdocs/internal/audit"
	"github.com/ectdocs/ectdocs/internal/diag"
	"github.com/ectdocs/ectdocs/internal/erase"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/history"
)

// TestEraseVerified: under signing_policy verified, erasing another ECT
// rewrites every commit after the first that held them, and the copies
// carry no signature; the erasure record says which registered key
// signed each original, so every signature of the ECT kept is still
// proven by their key, and nothing else is reported.
func TestEraseVerified(t *testing.T) {
	t.Parallel()
	r := newRepo(t)
	r.verified()
	// A second ECT at the school, to erase.
	other := strings.ReplaceAll(r.files[ectMD], "1234567", "7654321")
	other = strings.ReplaceAll(other, "Erin Example", "Zoe Second")
	other = strings.ReplaceAll(other, "erin@testwood.example", "zoe@testwood.example")
	other = regexp.MustCompile(`(?m)^keys: .*\n`).ReplaceAllString(other, "")
	r.files["schools/990201-testwood-primary/ects/7654321/ect.md"] = other
	r.setup()
	r.honestReview()
	before := r.check(history.Options{})
	states := func(c checked) []audit.State {
		var out []audit.State
		for _, p := range c.result.Proofs[review] {
			out = append(out, p.State)
		}
		return out
	}
	want := []audit.State{audit.Verified, audit.Verified, audit.Verified}
	if got := states(before); !equalStates(got, want) {
		t.Fatalf("before: %v, want %v%s", got, want, dump(before.diags))
	}

	book := r.load()
	lead, _ := book.Body.Person("ab-lead")
	res, err := erase.Erase(r.open(), book, erase.Options{ECT: book.ECT("7654321"), By: lead, On: fixture.At("2026-01-20 09:00"), Reason: erase.ReasonRequest, Branch: "erasure"})
	if err != nil {
		t.Fatal(err)
	}
	// The lead signs the record's commit (git commit --amend -S): here,
	// the same file committed again, signed, on the rewritten history.
	rc, err := r.Git.CommitObject(res.Head)
	if err != nil {
		t.Fatal(err)
	}
	f, err := rc.File("records/" + res.Record)
	if err != nil {
		t.Fatal(err)
	}
	record, err := f.Contents()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(record, "signed:\n") || strings.Contains(record, "Zoe") || strings.Contains(record, "7654321") {
		t.Fatalf("the erasure record:\n%s", record)
	}
	wt, err := r.Git.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.Reset(&git.ResetOptions{Commit: rc.ParentHashes[0], Mode: git.HardReset}); err != nil {
		t.Fatal(err)
	}
	r.commit("erasure", abLead, "2026-01-20 09:00", "Erase an ECT's records from the history", res.Record, record)

	after := r.check(history.Options{})
	if got := states(after); !equalStates(got, want) {
		t.Errorf("after: %v, want %v%s", got, want, dump(after.diags))
	}
	for _, p := range after.result.Proofs[review] {
		if !strings.Contains(p.Key, "which signed the commit this one copies (erasure record)") {
			t.Errorf("%s: key %q", p.Entry, p.Key)
		}
	}
	for _, d := range after.diags {
		if d.Severity == diag.Error {
			t.Errorf("after: %s", d)
		}
	}
}

func equalStates(a, b []audit.State) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
