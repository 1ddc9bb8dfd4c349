package portal

import (
	"bytes"
	"fmt"
	"io/fs"
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

// help writes the guides in guides (nil: none) as pages, the page that
// lists them, and their images into static.
func (w *writer) help(guides fs.FS, static string) error {
	if guides == nil {
		return nil
	}
	names, err := fs.Glob(guides, "guide-*.md")
	if err != nil {
		return err
	}
	var list bytes.Buffer
	list.WriteString("How to do your part of induction in this portal, for each person who takes part:\n\n")
	for _, name := range names {
		src, err := fs.ReadFile(guides, name)
		if err != nil {
			return err
		}
		title, body, ok := strings.Cut(string(src), "\n")
		title, found := strings.CutPrefix(title, "# ")
		if !ok || !found {
			return fmt.Errorf("docs/%s:1:1: a guide starts with its title, '# …'", name)
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
		return err
	}
	for _, name := range images {
		b, err := fs.ReadFile(guides, name)
		if err != nil {
			return err
		}
		w.out.add(filepath.Join(static, "help", "img", path.Base(name)), b)
	}
	return nil
}
