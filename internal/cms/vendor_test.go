package cms_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs"
)

// root is the repository's folder, where package.json is.
const root = "../.."

// TestVendoredDecap checks the Decap CMS that ect ships (site/static/
// admin/, embedded by go build) against the npm lock: package.json pins
// each package exactly, package-lock.json locks the same versions, the
// bundle says it is that version, NOTICE gives its SHA-256, and, where
// npm ci has run (always in CI), every shipped file is byte for byte
// node_modules' (site/admin-update.sh copies them).
func TestVendoredDecap(t *testing.T) {
	var pkg struct {
		DevDependencies map[string]string `json:"devDependencies"`
	}
	var lock struct {
		Packages map[string]struct {
			Version string `json:"version"`
		} `json:"packages"`
	}
	readJSON(t, filepath.Join(root, "package.json"), &pkg)
	readJSON(t, filepath.Join(root, "package-lock.json"), &lock)
	for name, want := range map[string]string{"decap-cms": "3.16.3", "decap-server": "3.11.3", "axe-core": "4.14.1"} {
		if got := pkg.DevDependencies[name]; got != want {
			t.Errorf("package.json pins %s at %q, want exactly %s", name, got, want)
		}
		if got := lock.Packages["node_modules/"+name].Version; got != want {
			t.Errorf("package-lock.json locks %s at %q, want %s", name, got, want)
		}
	}
	version := lock.Packages["node_modules/decap-cms"].Version

	admin, err := fs.Sub(ectdocs.Site(), "static/admin")
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := fs.ReadFile(admin, "decap-cms.js")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(bundle, []byte(`console.log("decap-cms `+version+`")`)) {
		t.Errorf("the shipped decap-cms.js is not Decap CMS %s: run site/admin-update.sh", version)
	}
	notice, err := fs.ReadFile(admin, "NOTICE")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(bundle)
	for _, want := range []string{"Decap CMS " + version + " ", "sha256 " + hex.EncodeToString(sum[:]) + "  decap-cms.js"} {
		if !strings.Contains(string(notice), want) {
			t.Errorf("NOTICE does not say %q: run site/admin-update.sh", want)
		}
	}

	nm := filepath.Join(root, "node_modules")
	if _, err := os.Stat(filepath.Join(nm, "decap-cms", "package.json")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no node_modules: CI runs npm ci first (see .ci/run)")
		}
		t.Skip("no node_modules here (npm ci): the shipped files are not compared with npm's")
	}
	for shipped, from := range map[string]string{
		"decap-cms.js":             "decap-cms/dist/decap-cms.js",
		"decap-cms.js.LICENSE.txt": "decap-cms/dist/decap-cms.js.LICENSE.txt",
		"LICENSE":                  "decap-cms-lib-auth/LICENSE",
	} {
		got, err := fs.ReadFile(admin, shipped)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(nm, from))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("site/static/admin/%s is not node_modules/%s: run site/admin-update.sh", shipped, from)
		}
	}
}

func readJSON(t *testing.T, p string, v any) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
}
