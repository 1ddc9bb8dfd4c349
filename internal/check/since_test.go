package check

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/history"
	"github.com/ectdocs/ectdocs/internal/rules"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

// mutation changes the records in dir (the replayed demo's repository)
// the way a pull request might, right or wrong; it returns what it did,
// or "" when it found nothing to change.
type mutation func(t *testing.T, dir string, rng *rand.Rand) string

// pick returns a random record file of dir's records matching glob.
func pick(t *testing.T, dir, glob string, rng *rand.Rand) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "records", filepath.FromSlash(glob)))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		return ""
	}
	slices.Sort(files)
	return files[rng.IntN(len(files))]
}

// edit replaces the first old in file with new; false when old is not
// there.
func edit(t *testing.T, file, old, new string) bool {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		return false
	}
	if err := os.WriteFile(file, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	return true
}

var mutations = map[string]mutation{
	// Signed text changed: the signatures no longer stand for it.
	"report text": func(t *testing.T, dir string, rng *rand.Rand) string {
		f := pick(t, dir, "schools/*/ects/*/reports/*.md", rng)
		if f != "" && edit(t, f, "\n## ", "\nA sentence added after signing.\n\n## ") {
			return f
		}
		return ""
	},
	// A signature added by whoever commits it.
	"signature": func(t *testing.T, dir string, rng *rand.Rand) string {
		f := pick(t, dir, "schools/*/ects/*/reports/*.md", rng)
		if f != "" && edit(t, f, "\nsignatures:\n", "\nsignatures:\n  - {role: tutor, by: nobody-here, on: 2026-12-01}\n") {
			return f
		}
		return ""
	},
	// An ECT's login made another's: a login is unique in the book.
	"login": func(t *testing.T, dir string, rng *rand.Rand) string {
		f := pick(t, dir, "schools/*/ects/*/ect.md", rng)
		if f != "" && edit(t, f, "\nname: ", "\ngithub: ab-reviewer-login\nname: ") {
			return f
		}
		return ""
	},
	// The same ECT filed at a second school: a TRN is unique.
	"second school": func(t *testing.T, dir string, rng *rand.Rand) string {
		f := pick(t, dir, "schools/*/ects/*/ect.md", rng)
		other := pick(t, dir, "schools/*/school.md", rng)
		if f == "" || other == "" {
			return ""
		}
		to := filepath.Join(filepath.Dir(other), "ects", filepath.Base(filepath.Dir(f)), "ect.md")
		if _, err := os.Stat(to); err == nil {
			return ""
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return to
	},
	// A school's staff member's address changed: who may sign changes.
	"staff email": func(t *testing.T, dir string, rng *rand.Rand) string {
		f := pick(t, dir, "schools/*/school.md", rng)
		if f != "" && edit(t, f, "emails: [", "emails: [someone.else@example.org, ") {
			return f
		}
		return ""
	},
	// A report taken out.
	"remove report": func(t *testing.T, dir string, rng *rand.Rand) string {
		f := pick(t, dir, "schools/*/ects/*/reports/*.md", rng)
		if f == "" {
			return ""
		}
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
		return f
	},
	// Not a record, among the records.
	"stray file": func(t *testing.T, dir string, rng *rand.Rand) string {
		f := pick(t, dir, "schools/*/ects/*/ect.md", rng)
		if f == "" {
			return ""
		}
		to := filepath.Join(filepath.Dir(f), "notes.txt")
		if err := os.WriteFile(to, []byte("notes"), 0o644); err != nil {
			t.Fatal(err)
		}
		return to
	},
	// An ECT's profile edited, validly: their school's checks run again.
	"profile": func(t *testing.T, dir string, rng *rand.Rand) string {
		f := pick(t, dir, "schools/*/ects/*/ect.md", rng)
		if f != "" && edit(t, f, "\nname: ", "\n# a comment\nname: ") {
			return f
		}
		return ""
	},
	// The body's configuration: everything is checked.
	"body": func(t *testing.T, dir string, rng *rand.Rand) string {
		f := filepath.Join(dir, "records", "body.md")
		if edit(t, f, "grace_period_days: 5", "grace_period_days: 6") || edit(t, f, "grace_period_days: 6", "grace_period_days: 5") {
			return f
		}
		return ""
	},
}

// checkAt runs ect validate --since since on the records in dir: only
// what changed (scoped), or everything.
func checkAt(t *testing.T, dir, since string, scoped bool) (map[string]bool, []string) {
	t.Helper()
	f, err := workspace.OpenOne([]string{filepath.Join(dir, "records")}, false)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !scoped {
		f.Scope = func(string, bool) bool { return true }
	}
	ds, _, notes, err := Folder(f, rules.Options{Today: fixture.Today}, since)
	if err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	for _, d := range ds {
		set[d.String()] = true
	}
	return set, notes
}

// TestSinceIsTheFullCheck checks ect validate --since against the whole
// check over a random history: the replayed demo changed again and
// again, at random, as pull requests do, some changes committed, some
// only in the working folder. Each time, what the check of the change
// alone finds must be exactly what the whole check finds in the records
// it read, and every problem the change brings must be among it.
func TestSinceIsTheFullCheck(t *testing.T) {
	dir := t.TempDir()
	if _, err := workspace.ReplayDemo(dir); err != nil {
		t.Fatal(err)
	}
	repo := fixture.OpenRepo(t, dir)
	names := make([]string, 0, len(mutations))
	for name := range mutations {
		names = append(names, name)
	}
	slices.Sort(names)
	rng := rand.New(rand.NewPCG(20, 12))
	brought, narrowed := 0, 0
	for round := range 24 {
		base := history.Short(repo.Head())
		before, _ := checkAt(t, dir, base, false)
		var did []string
		for range 1 + rng.IntN(3) {
			name := names[rng.IntN(len(names))]
			if what := mutations[name](t, dir, rng); what != "" {
				did = append(did, name+": "+strings.TrimPrefix(what, dir+"/"))
			}
		}
		if rng.IntN(2) == 0 {
			repo.StageAll()
			repo.Commit(fixture.Commit{By: fixture.Person{Name: "Pat Tester", Email: "pat@example.org"},
				When: fixture.Today.Add(time.Duration(round) * time.Hour), Message: fmt.Sprint("round ", round)})
			did = append(did, "committed")
		}
		whole, _ := checkAt(t, dir, base, false)
		part, notes := checkAt(t, dir, base, true)
		t.Logf("round %d (%s): %d found in all, %d in the change's check", round, strings.Join(did, "; "), len(whole), len(part))
		if slices.ContainsFunc(notes, func(n string) bool { return strings.HasPrefix(n, "checked: what changed since") }) {
			narrowed++
		}
		for d := range part {
			if !whole[d] {
				t.Errorf("round %d (%s): only the check of the change finds\n\t%s", round, strings.Join(did, "; "), d)
			}
		}
		for d := range whole {
			if !before[d] {
				brought++
				if !part[d] {
					t.Errorf("round %d (%s): the check of the change misses what it brought:\n\t%s", round, strings.Join(did, "; "), d)
				}
			}
		}
		// What was left in the working folder is committed for the next
		// round, by someone else.
		repo.StageAll()
		repo.Commit(fixture.Commit{By: fixture.Person{Name: "Sam Settler", Email: "sam@example.org"},
			When: fixture.Today.Add(time.Duration(round)*time.Hour + time.Minute), Message: fmt.Sprint("after round ", round)})
	}
	// The test can fail: changes brought problems, and were checked alone.
	if brought < 5 || narrowed < 5 {
		t.Fatalf("%d problems brought, %d rounds checked alone: the rounds tested too little", brought, narrowed)
	}
}
