package hugo_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ectdocs/ectdocs/internal/hugo"
)

// TestVersionIsPinned: the Hugo linked in is the one go.mod requires, the
// one place its version is written.
func TestVersionIsPinned(t *testing.T) {
	mod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	want := ""
	for line := range strings.Lines(string(mod)) {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "github.com/gohugoio/hugo" {
			want = f[1]
		}
	}
	if want == "" {
		t.Fatal("go.mod does not require github.com/gohugoio/hugo")
	}
	if got := (hugo.Linked{}).Version(); got != want {
		t.Errorf("linked Hugo is %s, go.mod requires %s", got, want)
	}
}

// TestBuild builds a small project in this process, twice (Hugo keeps
// process-wide state: a second build must work as the first), and
// refuses a project with a broken template, saying where.
func TestBuild(t *testing.T) {
	for _, tc := range []struct {
		name    string
		layout  string
		want    string // in index.html
		wantErr string
	}{
		{name: "a page", layout: "<p>{{ .Title }}</p>", want: "<p>Induction</p>"},
		{name: "the same again", layout: "<p>{{ .Title }} again</p>", want: "<p>Induction again</p>"},
		{name: "a broken template", layout: "<p>{{ .Title </p>", wantErr: "home.html"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, out := t.TempDir(), t.TempDir()
			write(t, dir, "hugo.toml", "title = 'Induction'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT', '404']\n")
			write(t, dir, "layouts/home.html", tc.layout)
			err := hugo.Linked{}.Build(dir, out)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Build = %v, want an error naming %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(out, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(got), tc.want) {
				t.Errorf("index.html = %q, want %q in it", got, tc.want)
			}
		})
	}
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
