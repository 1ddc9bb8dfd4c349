package ectdocs_test

import (
	"bytes"
	"debug/elf"
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

// TestReleaseBuild builds this machine's ect with the release script
// (.github/release/build.sh) from two copies of the source in different
// folders and checks the two are the same bytes (a reproducible build:
// no paths, no build ID), then installs it as the action does, from a
// release served locally and checked against its SHA256SUMS, runs
// ect version through the action's run script, and uses it as an
// appropriate body adopting ectdocs would (installedAlone). It links ect
// twice: not under -short.
func TestReleaseBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ect twice")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the release script runs in bash on Linux")
	}
	files, err := exec.Command("git", "ls-files", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Skipf("the source's files are listed with git: %v", err)
	}
	target := runtime.GOOS + "/" + runtime.GOARCH
	var sums [2][]byte
	var dists [2]string
	for i, where := range []string{"a/src", "somewhere/else/entirely/ectdocs"} {
		src := filepath.Join(t.TempDir(), where)
		copySource(t, src, strings.Split(strings.TrimSpace(string(files)), "\n"))
		dists[i] = filepath.Join(t.TempDir(), "v9.9.9")
		cmd := exec.Command("bash", filepath.Join(src, ".github", "release", "build.sh"), target)
		cmd.Env = append(os.Environ(), "DIST="+dists[i])
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build.sh in %s: %v\n%s", src, err, out)
		}
		if sums[i], err = os.ReadFile(filepath.Join(dists[i], "SHA256SUMS")); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(sums[0], sums[1]) {
		t.Fatalf("the same source built in two folders differs:\n%s\n%s", sums[0], sums[1])
	}
	if !strings.HasSuffix(strings.TrimSpace(string(sums[0])), "  "+asset()) {
		t.Fatalf("SHA256SUMS is %q: want one line for %s, as install.sh reads it", sums[0], asset())
	}

	srv, _ := release(t, filepath.Dir(dists[0]))
	r := newRunner(t, "ECTDOCS_DOWNLOAD_BASE="+srv.URL)
	bin := t.TempDir()
	if _, stderr, code := r.run("install.sh", "ECT_VERSION=v9.9.9", "ECT_DIR="+bin); code != 0 || r.outputs()["installed"] != "true" {
		t.Fatalf("install.sh: exit %d: %s", code, stderr)
	}
	out, stderr, code := r.run("run.sh", "PATH="+r.pathAdded()+string(os.PathListSeparator)+os.Getenv("PATH"), "ECT_COMMAND=version")
	if code != 0 || !strings.HasPrefix(out, "ect ") || !strings.Contains(out, "\nhugo: ") {
		t.Fatalf("ect version through run.sh: exit %d\n%s%s", code, out, stderr)
	}
	exe := "ect"
	if runtime.GOOS == "windows" {
		exe += ".exe"
	}
	installedAlone(t, filepath.Join(bin, exe))
}

// installedAlone is what an appropriate body adopting ectdocs does with
// the one file, ect, alone in a folder, on a machine with no Go (PATH
// holds nothing at all) and no home folder: it starts a records
// repository, validates it, builds a school's portal and asks which ect
// it has. A released ect is static (CGO_ENABLED=0): on Linux it needs no
// C library.
func installedAlone(t *testing.T, installed string) {
	t.Helper()
	if runtime.GOOS == "linux" {
		staticELF(t, installed)
	}
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

// copySource copies the files named (paths relative to the module's root)
// into dir.
func copySource(t *testing.T, dir string, files []string) {
	t.Helper()
	for _, f := range files {
		st, err := os.Lstat(f)
		if err != nil || !st.Mode().IsRegular() {
			continue // deleted, or a link
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, data, st.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}
