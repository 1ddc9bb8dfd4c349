// Package ectdocs holds the files that ship inside the ect binary: the JSON
// Schemas for every record kind, the fictional demo appropriate body and
// the portal's Hugo layouts.
package ectdocs

import (
	"embed"
	"io/fs"
)

//go:embed schemas/*.schema.json
var schemas embed.FS

//go:embed all:records
var demo embed.FS

//go:embed site/hugo.toml all:site/layouts site/static
var site embed.FS

//go:embed templates/*.md
var templates embed.FS

// Schemas returns the embedded schemas/ folder, one *.schema.json per record
// kind plus defs.schema.json.
func Schemas() fs.FS {
	return folder(schemas, "schemas")
}

// Demo returns the embedded demo records: a file system whose root holds
// records/ exactly as it is in the repository.
func Demo() fs.FS { return demo }

// Site returns the portal's Hugo project: hugo.toml, layouts/ and static/,
// without content (ect build writes that for one audience).
func Site() fs.FS {
	return folder(site, "site")
}

// Templates returns the record templates ect new starts from (templates/).
func Templates() fs.FS {
	return folder(templates, "templates")
}

//go:embed docs/repository-settings.md
var repositorySettings string

// RepositorySettings returns docs/repository-settings.md: the repository
// settings the signatures depend on, which ect init copies into a new
// records repository.
func RepositorySettings() string { return repositorySettings }

//go:embed .github/pull_request_template.md
var pullRequestTemplate string

// PullRequestTemplate returns .github/pull_request_template.md: what the
// tutor and the AB's reviewer check in a pull request, which ect init
// copies into a new records repository.
func PullRequestTemplate() string { return pullRequestTemplate }

//go:embed docs/guide-*.md docs/img/editor-*.png
var guides embed.FS

// Guides returns the teachers' guides (docs/guide-*.md) and the editor's
// screenshots they show (docs/img/editor-*.png), which every portal
// publishes under /help/.
func Guides() fs.FS {
	return folder(guides, "docs")
}

// folder is the embedded folder dir of files.
func folder(files embed.FS, dir string) fs.FS {
	sub, err := fs.Sub(files, dir)
	if err != nil {
		panic(err) // unreachable: the folder is embedded at build time
	}
	return sub
}
