package ectdocs_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// The action's scripts (.github/action/) run in bash on the runner; the
// tests run them here, as the action's steps do, against a release served
// from a folder: ECTDOCS_DOWNLOAD_BASE points them at it.

// runner is a fake GitHub runner for the action's scripts: its
// GITHUB_OUTPUT and GITHUB_PATH files and the environment of a step.
type runner struct {
	t            *testing.T
	output, path string
	env          []string
}

func newRunner(t *testing.T, env ...string) *runner {
	t.Helper()
	for _, tool := range []string{"bash", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the action's scripts need %s", tool)
		}
	}
	if runtime.GOOS == "windows" {
		t.Skip("the scripts are tested on Linux and macOS")
	}
	dir := t.TempDir()
	r := &runner{t: t, output: filepath.Join(dir, "output"), path: filepath.Join(dir, "path")}
	for _, f := range []string{r.output, r.path} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r.env = append([]string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TMPDIR=" + dir,
		"GITHUB_OUTPUT=" + r.output, "GITHUB_PATH=" + r.path,
		"RUNNER_OS=" + runnerOS(), "RUNNER_ARCH=" + runnerArch(),
	}, env...)
	return r
}

// run runs one of the action's scripts with the extra environment.
func (r *runner) run(script string, env ...string) (stdout, stderr string, code int) {
	r.t.Helper()
	cmd := exec.Command("bash", filepath.Join(".github", "action", script))
	cmd.Env = append(append([]string{}, r.env...), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		r.t.Fatalf("%s: %v", script, err)
	}
	return out.String(), errb.String(), code
}

// outputs returns what the scripts wrote to GITHUB_OUTPUT.
func (r *runner) outputs() map[string]string {
	r.t.Helper()
	b, err := os.ReadFile(r.output)
	if err != nil {
		r.t.Fatal(err)
	}
	out := map[string]string{}
	for line := range strings.Lines(string(b)) {
		k, v, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "=")
		out[k] = v
	}
	return out
}

// pathAdded returns what the scripts added to GITHUB_PATH.
func (r *runner) pathAdded() string {
	r.t.Helper()
	b, err := os.ReadFile(r.path)
	if err != nil {
		r.t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func runnerOS() string {
	return map[string]string{"linux": "Linux", "darwin": "macOS", "windows": "Windows"}[runtime.GOOS]
}

func runnerArch() string {
	return map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH]
}

// asset is the name the release gives this machine's ect.
func asset() string { return "ect-" + runtime.GOOS + "-" + runtime.GOARCH }

// release serves folder as GitHub serves releases/download/, counting
// the requests.
func release(t *testing.T, folder string) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		hits.Add(1)
		http.FileServer(http.Dir(folder)).ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// fakeRelease writes a release v9.9.9 into a new folder: an "ect" that
// prints each argument it is given on a line of its own, in brackets,
// and SHA256SUMS, whose line for it sum gives (its true checksum when
// sum is empty).
func fakeRelease(t *testing.T, sum string) string {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "v9.9.9")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := []byte("#!/bin/sh\necho \"fake ect\"\nfor a in \"$@\"; do echo \"[$a]\"; done\n")
	if err := os.WriteFile(filepath.Join(dir, asset()), bin, 0o644); err != nil {
		t.Fatal(err)
	}
	if sum == "" {
		h := sha256.Sum256(bin)
		sum = hex.EncodeToString(h[:])
	}
	sums := fmt.Sprintf("%s  ect-other-os\n%s  %s\n", strings.Repeat("0", 64), sum, asset())
	if err := os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(sums), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// TestInstallScript: install.sh puts a release's ect on the PATH only when
// it matches the release's SHA256SUMS; a ref without a release is left to
// the build from source; a cached ect is used without a download.
func TestInstallScript(t *testing.T) {
	for _, tc := range []struct {
		name      string
		sum       string // SHA256SUMS' line for the asset; "" the true one
		version   string
		code      int
		installed string // installed= in GITHUB_OUTPUT
		stderr    string
	}{
		{name: "release", version: "v9.9.9", installed: "true", stderr: "installed from the release, sha256 "},
		{name: "checksum does not match", sum: strings.Repeat("ab", 32), version: "v9.9.9", code: 1,
			stderr: "::error::ectdocs: " + asset() + " does not match the release's SHA256SUMS"},
		{name: "checksum not hex", sum: "nothex", version: "v9.9.9", code: 1, stderr: "lists no checksum for " + asset() + ": refused"},
		{name: "no release", version: "0123456789abcdef0123456789abcdef01234567", installed: "false", stderr: "has no release (no SHA256SUMS): ect is built from source"},
		{name: "no version", version: "", installed: "false", stderr: "used from a checkout"},
		{name: "version climbs out", version: "../../etc", code: 1, stderr: `version "../../etc" is not a tag`},
		{name: "version with a space", version: "v1 ; ls", code: 1, stderr: `is not a tag, branch or commit`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _ := release(t, fakeRelease(t, tc.sum))
			r := newRunner(t, "ECTDOCS_DOWNLOAD_BASE="+srv.URL)
			bin := filepath.Join(t.TempDir(), "bin")
			_, stderr, code := r.run("install.sh", "ECT_VERSION="+tc.version, "ECT_DIR="+bin)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Fatalf("exit %d, stderr:\n%s\nwant exit %d and %q", code, stderr, tc.code, tc.stderr)
			}
			if got := r.outputs()["installed"]; got != tc.installed {
				t.Errorf("installed=%q, want %q", got, tc.installed)
			}
			_, err := os.Stat(filepath.Join(bin, "ect"))
			if tc.installed == "true" {
				if err != nil || r.pathAdded() != bin {
					t.Errorf("ect not installed in %s (%v), or GITHUB_PATH has %q", bin, err, r.pathAdded())
				}
				return
			}
			if err == nil || r.pathAdded() != "" {
				t.Errorf("something was installed: ect in %s, GITHUB_PATH %q", bin, r.pathAdded())
			}
			if entries, _ := os.ReadDir(bin); len(entries) > 0 {
				t.Errorf("%s holds %d files, want none", bin, len(entries))
			}
		})
	}

	t.Run("cached", func(t *testing.T) {
		srv, hits := release(t, fakeRelease(t, ""))
		r := newRunner(t, "ECTDOCS_DOWNLOAD_BASE="+srv.URL)
		bin := t.TempDir()
		if err := os.WriteFile(filepath.Join(bin, "ect"), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		if _, stderr, code := r.run("install.sh", "ECT_VERSION=v9.9.9", "ECT_DIR="+bin); code != 0 || !strings.Contains(stderr, "cached in") {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if hits.Load() != 0 || r.outputs()["installed"] != "true" || r.pathAdded() != bin {
			t.Errorf("%d downloads, outputs %v, path %q: want the cached ect, no download", hits.Load(), r.outputs(), r.pathAdded())
		}
	})
}

// TestRunScript: run.sh passes each input as one argument of its own,
// whatever it holds, and refuses inputs that are not what they say.
func TestRunScript(t *testing.T) {
	srv, _ := release(t, fakeRelease(t, ""))
	r := newRunner(t, "ECTDOCS_DOWNLOAD_BASE="+srv.URL)
	bin := t.TempDir()
	if _, stderr, code := r.run("install.sh", "ECT_VERSION=v9.9.9", "ECT_DIR="+bin); code != 0 {
		t.Fatalf("install: %s", stderr)
	}
	path := "PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")
	for _, tc := range []struct {
		name string
		env  []string
		code int
		want string // stdout, or stderr when code is not 0
	}{
		{"validate", []string{"ECT_COMMAND=validate", "ECT_SINCE=origin/main", "ECT_RECORDS=records"}, 0,
			"fake ect\n[validate]\n[--format]\n[github]\n[--since]\n[origin/main]\n[records]\n"},
		{"args one a line", []string{"ECT_COMMAND=remind", "ECT_ON=2026-12-04", "ECT_RECORDS=my records",
			"ECT_ARGS=--send\n  --from=Fenmoor AB <ab@fenmoor.example>  \r\n\n$(touch pwned) *\n"}, 0,
			"fake ect\n[remind]\n[--on]\n[2026-12-04]\n[--send]\n[--from=Fenmoor AB <ab@fenmoor.example>]\n[$(touch pwned) *]\n[my records]\n"},
		{"build", []string{"ECT_COMMAND=build", "ECT_AUDIENCE=school:990101", "ECT_ARGS=--demo"}, 0,
			"fake ect\n[build]\n[--audience]\n[school:990101]\n[--demo]\n"},
		{"version takes no records", []string{"ECT_COMMAND=version", "ECT_RECORDS=records"}, 0, "fake ect\n[version]\n"},
		{"unknown command", []string{"ECT_COMMAND=sign"}, 2, `command "sign" is not one the action runs`},
		{"audience", []string{"ECT_COMMAND=build", "ECT_AUDIENCE=school:990101; rm -rf ~"}, 2, `audience "school:990101; rm -rf ~" is not ab, school:URN or ect:TRN`},
		{"on", []string{"ECT_COMMAND=status", "ECT_ON=tomorrow"}, 2, `on "tomorrow" is not a date`},
		{"since is not a flag", []string{"ECT_COMMAND=validate", "ECT_SINCE=--help"}, 2, `since "--help" is not a commit`},
		{"records is not a flag", []string{"ECT_COMMAND=validate", "ECT_RECORDS=--demo"}, 2, `records "--demo" is not a folder name`},
		{"format", []string{"ECT_COMMAND=validate", "ECT_FORMAT=json x"}, 2, `format "json x" is not a format name`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command("bash", filepath.Join(mustAbs(t, ".github"), "action", "run.sh"))
			cmd.Dir = dir
			cmd.Env = append([]string{path, "HOME=" + dir}, tc.env...)
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, errb.String())
			}
			if code == 0 && out.String() != tc.want {
				t.Errorf("ect was given:\n%s\nwant:\n%s", out.String(), tc.want)
			}
			if code != 0 && (!strings.Contains(errb.String(), tc.want) || out.Len() > 0) {
				t.Errorf("stderr %q, stdout %q: want %q and ect not run", errb.String(), out.String(), tc.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
				t.Error("an input was run as shell")
			}
		})
	}
}

// TestResolveScript: the version installed is the input, else the ref
// the action is used at, found even where github.action_ref is empty;
// only a release tag or a whole commit is cached.
func TestResolveScript(t *testing.T) {
	sha := "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		name               string
		env                []string
		version, cacheable string
		code               int
	}{
		{"input", []string{"ECT_VERSION=v1.2.3", "ECT_ACTION_REF=v1.0.0"}, "v1.2.3", "true", 0},
		{"action ref", []string{"ECT_ACTION_REF=" + sha}, sha, "true", 0},
		{"runner folder", []string{"GITHUB_ACTION_PATH=/home/runner/work/_actions/ectdocs/ectdocs/v2.0.0"}, "v2.0.0", "true", 0},
		{"branch", []string{"ECT_VERSION=main"}, "main", "false", 0},
		{"checkout", []string{"GITHUB_ACTION_PATH=/home/runner/work/records/records"}, "", "false", 0},
		{"hostile", []string{"ECT_VERSION=v1$(id)"}, "", "", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRunner(t)
			_, stderr, code := r.run("resolve.sh", tc.env...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d: %s", code, tc.code, stderr)
			}
			out := r.outputs()
			if code == 0 && (out["version"] != tc.version || out["cacheable"] != tc.cacheable || out["dir"] == "") {
				t.Errorf("outputs %v, want version=%s cacheable=%s", out, tc.version, tc.cacheable)
			}
		})
	}
}

// TestActionlint: the action's workflows, the release workflow and the
// action itself (read by actionlint through uses: ./) are clean.
func TestActionlint(t *testing.T) {
	if testing.Short() {
		t.Skip("runs actionlint through go run")
	}
	files, err := filepath.Glob(filepath.Join(".github", "workflows", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no workflows: %v", err)
	}
	out, err := exec.Command("go", append([]string{"run", "github.com/rhysd/actionlint/cmd/actionlint@v1.7.7"}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("actionlint: %v\n%s", err, out)
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
