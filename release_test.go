package ectdocs_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestReleaseBuild builds this machine's ect with the release script
// (.github/release/build.sh) from two copies of the source in different
// folders and checks the two are the same bytes (a reproducible build:
// no paths, no build ID), then installs it as the action does, from a
// release served locally and checked against its SHA256SUMS, and runs
// ect version through the action's run script. It links ect twice: not
// under -short.
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
