package portal

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// The teachers' guides (docs/guide-*.md, with the editor's screenshots in
// docs/img/) are published in every portal under /help/: /help/ lists
// them, /help/<name>/ is docs/guide-<name>.md, and the screenshots are
// /help/img/. In the guides, a link to another guide (guide-ect.md) and
// an image (img/editor-….png) are written as they work on the Git host,
// and become the portal's addresses here. Only these pages, marked
// "guide" in their front matter, may link inside the portal or show an
// image (site/layouts/_markup): a record's page never does.

var (
	guideLink  = regexp.MustCompile(`\]\(guide-([a-z0-9-]+)\.md\)`)
	guideImage = regexp.MustCompile(`\]\(img/([a-z0-9-]+\.png)\)`)
)

// helpURL is the address of the help pages.
const helpURL = "/help/"

// help writes the guides in guides (nil: none) as pages and their images
// into static, and the page that lists them.
func (w *writer) help(guides fs.FS, static string) {
	if guides == nil || w.err != nil {
		return
	}
	names, err := fs.Glob(guides, "guide-*.md")
	if err != nil {
		w.err = err
		return
	}
	var list bytes.Buffer
	list.WriteString("How to do your part of induction in this portal, for each person who takes part:\n\n")
	for _, name := range names {
		src, err := fs.ReadFile(guides, name)
		if err != nil {
			w.err = err
			return
		}
		title, body, ok := strings.Cut(string(src), "\n")
		title, found := strings.CutPrefix(title, "# ")
		if !ok || !found {
			w.err = fmt.Errorf("%s: a guide starts with its title, '# …'", name)
			return
		}
		slug := strings.TrimSuffix(strings.TrimPrefix(name, "guide-"), ".md")
		body = guideLink.ReplaceAllString(body, "]("+helpURL+"$1/)")
		body = guideImage.ReplaceAllString(body, "]("+helpURL+"img/$1)")
		w.page(path.Join("help", slug+".md"), map[string]any{"title": title, "guide": true}, []byte(body))
		fmt.Fprintf(&list, "- [%s](%s%s/)\n", title, helpURL, slug)
	}
	w.page("help/_index.md", map[string]any{"title": "Help: the guides", "guide": true}, list.Bytes())

	images, err := fs.Glob(guides, "img/*.png")
	if err != nil {
		w.err = err
		return
	}
	dir := filepath.Join(static, "help", "img")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		w.err = err
		return
	}
	for _, name := range images {
		b, err := fs.ReadFile(guides, name)
		if err != nil {
			w.err = err
			return
		}
		if err := os.WriteFile(filepath.Join(dir, path.Base(name)), b, 0o644); err != nil {
			w.err = err
			return
		}
	}
}
