package main

import (
	"debug/elf"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ectdocs/ectdocs/internal/clock"
	"github.com/ectdocs/ectdocs/internal/fixture"
)

// TestInstalled is what an appropriate body adopting ectdocs does: it
// takes the one file, ect, into an empty folder, on a machine with no Go
// (PATH holds nothing at all) and no home folder, and starts a records
// repository, validates it, builds a school's portal and asks which ect
// it has. Building ect links Hugo, so this is skipped with -short.
func TestInstalled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ect (seconds of linking): not with -short")
	}
	exe := "ect"
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	built := filepath.Join(t.TempDir(), exe)
	// Built as this test was (the packages are in Go's cache already):
	// releases and .ci/run set CGO_ENABLED=0, and then ect must be static.
	if out, err := exec.Command("go", "build", "-o", built, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cgo, err := exec.Command("go", "env", "CGO_ENABLED").Output()
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "linux" && strings.TrimSpace(string(cgo)) == "0" {
		staticELF(t, built)
	}

	installed := filepath.Join(t.TempDir(), exe) // an empty folder
	copyFile(t, built, installed)
	empty := t.TempDir()
	work := t.TempDir()
	env := []string{
		"PATH=" + empty, // no go, no git, nothing
		"HOME=",
		"TMPDIR=" + t.TempDir(),
		clock.EnvToday + "=" + fixture.Today.Format(time.DateOnly),
	}
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(installed, args...)
		cmd.Dir, cmd.Env = work, env
		cmd.Stdin = strings.NewReader("")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("ect %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}

	const urn, school = "990101", "Oakfield Primary School"
	run("init", "--school", urn, "--no-input", "--ect-version", "v1.2.3",
		"--body-name", "Fenmoor Teaching School Hub", "--body-type", "teaching_school_hub",
		"--body-email", "ab@fenmoor-tsh.example",
		"--lead-name", "Catherine Harcourt", "--lead-email", "c.harcourt@fenmoor-tsh.example",
		"--school-name", school,
		"--head-name", "Angela Brightwell", "--head-email", "a.brightwell@oakfield.example",
		"--tutor-name", "Joseph Okonkwo", "--tutor-email", "j.okonkwo@oakfield.example")
	if out := run("validate"); !strings.Contains(out, "0 errors, 0 warnings") {
		t.Errorf("ect validate on a new repository:\n%s", out)
	}
	run("build", "--audience", "school:"+urn, "--out", "site")
	page, err := os.ReadFile(filepath.Join(work, "site", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), school) {
		t.Errorf("the school's portal does not name %s:\n%s", school, page)
	}
	if out := run("version"); !strings.Contains(out, "\nhugo: v0.") {
		t.Errorf("ect version does not say which Hugo is linked:\n%s", out)
	}
}

// staticELF fails unless the Linux binary at path needs no dynamic loader
// (CGO_ENABLED=0: it runs on any Linux, with no C library).
func staticELF(t *testing.T, path string) {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s is dynamically linked (it has an ELF interpreter): build with CGO_ENABLED=0", path)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
