package setup

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs"
	"github.com/ectdocs/ectdocs/internal/codeowners"
	"github.com/ectdocs/ectdocs/internal/fixture"
	"github.com/ectdocs/ectdocs/internal/version"
	"github.com/ectdocs/ectdocs/internal/workspace"
)

func schoolDetails() Details {
	return Details{
		Shape: SchoolRepository, BodyName: "Fenmoor Teaching School Hub", BodyType: "teaching_school_hub", BodyEmail: "ab@fenmoor-tsh.example",
		LeadName: "Catherine Harcourt", LeadEmail: "c.harcourt@fenmoor-tsh.example",
		ContactName: "Morwenna Trevelyan", ContactEmail: "m.trevelyan@fenmoor-tsh.example",
		URN: "990101", SchoolName: "Oakfield Primary School",
		HeadName: "Angela Brightwell", HeadEmail: "head@oakfield-primary.example",
		TutorName: "Joseph Okonkwo", TutorEmail: "j.okonkwo@oakfield-primary.example",
	}
}

func docs() Docs {
	return Docs{RepositorySettings: ectdocs.RepositorySettings(), PullRequestTemplate: ectdocs.PullRequestTemplate()}
}

// written writes a new repository for d into a new folder.
func written(t *testing.T, d Details) string {
	t.Helper()
	schemas, err := workspace.Schemas()
	if err != nil {
		t.Fatal(err)
	}
	fs, err := Files(d, fixture.Today, "v1.2.3", schemas, docs())
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "records-repo")
	if _, err := Write(dir, fs); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestWorkflowsActionlint: the workflows ect init writes, and the action
// they use (read by actionlint through uses: ./.github/actions/ect), are
// clean for both shapes of repository.
func TestWorkflowsActionlint(t *testing.T) {
	if testing.Short() {
		t.Skip("runs actionlint through go run")
	}
	body := schoolDetails()
	body.Shape, body.URN = BodyRepository, ""
	for name, d := range map[string]Details{"school": schoolDetails(), "body": body} {
		t.Run(name, func(t *testing.T) {
			dir := written(t, d)
			files, err := filepath.Glob(filepath.Join(dir, ".github", "workflows", "*.yml"))
			if err != nil || len(files) != 3 {
				t.Fatalf("workflows written: %v (%v), want 3", files, err)
			}
			cmd := exec.Command("go", append([]string{"run", "github.com/rhysd/actionlint/cmd/actionlint@v1.7.7"}, files...)...)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("actionlint: %v\n%s", err, out)
			}
			// The check can fail: an unknown input to the action is an error.
			bad := filepath.Join(dir, ".github", "workflows", "validate.yml")
			src, err := os.ReadFile(bad)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(bad, []byte(strings.Replace(string(src), "command: validate", "commands: validate", 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd = exec.Command("go", "run", "github.com/rhysd/actionlint/cmd/actionlint@v1.7.7", bad)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), `input "commands" is not defined`) {
				t.Errorf("actionlint took an unknown input: %v\n%s", err, out)
			}
		})
	}
}

// TestCodeowners: the CODEOWNERS written is what ect codeowners makes of
// the records written, read back from the disk.
func TestCodeowners(t *testing.T) {
	dir := written(t, schoolDetails())
	f, err := workspace.At(filepath.Join(dir, RecordsDir))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	book, err := f.Load()
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile(filepath.Join(dir, ".github", "CODEOWNERS"))
	if err != nil {
		t.Fatal(err)
	}
	want := codeowners.Generate(book, RecordsDir)
	if string(have) != want {
		t.Errorf("CODEOWNERS:\n%s\nect codeowners makes:\n%s", have, want)
	}
	if !strings.Contains(want, "/records/schools/990101-oakfield-primary-school/ head@oakfield-primary.example j.okonkwo@oakfield-primary.example\n") {
		t.Errorf("the school's folder is not owned by its induction lead and tutor:\n%s", want)
	}
}

// TestAnswer: answers are refused in ect validate's words, the field's
// name replaced by the flag's.
func TestAnswer(t *testing.T) {
	schemas, err := workspace.Schemas()
	if err != nil {
		t.Fatal(err)
	}
	c := NewChecker(schemas)
	var d Details
	d.URN = "1"
	qs := map[string]Question{}
	for _, q := range d.Questions() {
		qs[q.Flag] = q
	}
	for _, tc := range []struct{ flag, answer, want string }{
		{"--school", "990101", ""},
		{"--school", "12", "--school: 12 is less than the minimum, 100000"},
		{"--school", "1234567", "--school: 1234567 is more than the maximum, 999999"},
		{"--school", "abc", `--school must be a whole number, not "abc"`},
		{"--body-type", "local_authority", ""},
		{"--body-type", "hub", `--body-type: "hub" is not allowed; use one of teaching_school_hub, local_authority, istip, esp`},
		{"--lead-email", "c.harcourt@fenmoor-tsh.example", ""},
		{"--lead-email", "not an address", `--lead-email: "not an address" is not a valid email`},
		{"--head-email", "a@b@c", `--head-email: "a@b@c" is not a valid email`},
		{"--body-name", "  ", "--body-name must not be blank: write the answer, or remove the field if it is optional"},
		{"--tutor-name", `Zoë "Jo" Ødegaard: \n`, ""},
		{"--school-name", "St Mary's C of E: Primary", ""},
	} {
		err := c.Answer(qs[tc.flag], tc.answer)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%s %q: got %q, want %q", tc.flag, tc.answer, got, tc.want)
		}
	}
}

// TestStaffID: ids are made as the demo's are, and are always ids.
func TestStaffID(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Catherine Harcourt", "c-harcourt"},
		{"Zoë Ødegaard-Łukasz", "z-degaard-ukasz"},
		{"Émile de la Tour", "e-de-la-tour"},
		{"Prince", "prince"},
		{"李小龍", "fallback"},
		{strings.Repeat("Abcdefghij ", 10), "a-abcdefghij-abcdefghij-abcdefghij-abcde"},
	} {
		if got := staffID(tc.name, "fallback"); got != tc.want {
			t.Errorf("staffID(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestRef: the workflows pin a release, else a commit, else main (with a
// warning), unless --ect-version says.
func TestRef(t *testing.T) {
	sha := "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		name    string
		in      version.Info
		given   string
		want    string
		warns   bool
		refused bool
	}{
		{"release", version.Info{Version: "v1.4.0", Commit: sha}, "", "v1.4.0", false, false},
		{"release candidate", version.Info{Version: "v1.4.0-rc.1"}, "", "v1.4.0-rc.1", false, false},
		{"pseudo-version", version.Info{Version: "v0.0.0-20261204101500-0123456789ab"}, "", "main", true, false},
		{"pseudo-version with commit", version.Info{Version: "v1.4.1-0.20261204101500-0123456789ab", Commit: sha}, "", sha, false, false},
		{"dirty", version.Info{Version: "v1.4.0+dirty", Commit: sha, Modified: true}, "", sha, true, false},
		{"devel", version.Info{Version: "(devel)"}, "", "main", true, false},
		{"given", version.Info{Version: "(devel)"}, "v2.0.0", "v2.0.0", false, false},
		{"given branch", version.Info{Version: "v1.4.0"}, "release/1.x", "release/1.x", false, false},
		{"given climbs", version.Info{}, "../x", "", false, true},
		{"given shell", version.Info{}, "v1;ls", "", false, true},
		{"given newline", version.Info{}, "v1\nmain", "", false, true},
	} {
		ref, warning, err := Ref(tc.in, tc.given)
		if (err != nil) != tc.refused || ref != tc.want || (warning != "") != tc.warns {
			t.Errorf("%s: Ref = %q, %q, %v; want %q (warning %v, refused %v)", tc.name, ref, warning, err, tc.want, tc.warns, tc.refused)
		}
	}
}
